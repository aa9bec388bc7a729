package org.anonkit.privacy.dp;

/**
 * The complementary error function and the standard normal distribution in double precision (the JDK
 * has none), for calibration, accounting and significance tests.
 *
 * <p>The JDK has no {@code erfc}. This is W. J. Cody's rational Chebyshev approximation ("Rational
 * Chebyshev approximations for the error function", Math. Comp. 23 (1969), 631-637; the coefficients
 * of his CALERF routine, which reach about 1e-16 relative error in IEEE double) on three intervals:
 * |x| ≤ 0.46875, 0.46875 < |x| ≤ 4 and |x| > 4. {@link #logErfc(double)} keeps the factor
 * exp(-x²) symbolic so that it stays accurate where erfc itself underflows (x ≳ 26.5), which the
 * Rényi-DP series of the sampled Gaussian needs.
 *
 * <p>Never used on a path that decides a noise value.
 *
 * <p>Stateless; thread-safe.
 */
public final class StandardNormal {
  private StandardNormal() {}

  private static final double THRESHOLD = 0.46875;
  private static final double INV_SQRT_PI = 0.56418958354775628695;
  private static final double LN_INV_SQRT_PI = -0.57236494292470008707; // log(1/sqrt(pi))
  private static final double SQRT_HALF = 0.70710678118654752440;

  // erf(x) = x * P(x^2) / Q(x^2) for |x| <= 0.46875
  private static final double[] A = {
    3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
    3.20937758913846947e03, 1.85777706184603153e-1
  };
  private static final double[] B = {
    2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
    2.84423683343917062e03
  };
  // erfc(x) = exp(-x^2) * P(x) / Q(x) for 0.46875 < x <= 4
  private static final double[] C = {
    5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
    2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
    2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8
  };
  private static final double[] D = {
    1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
    1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
    3.43936767414372164e03, 1.23033935480374942e03
  };
  // erfc(x) = exp(-x^2)/x * (1/sqrt(pi) + 1/x^2 * P(1/x^2) / Q(1/x^2)) for x > 4
  private static final double[] P = {
    3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
    1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2
  };
  private static final double[] Q = {
    2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
    6.05183413124413191e-2, 2.33520497626869185e-3
  };

  /** erf(x) for |x| <= 0.46875. */
  private static double erfSmall(double x) {
    double z = x * x;
    double num = A[4] * z;
    double den = z;
    for (int i = 0; i < 3; i++) {
      num = (num + A[i]) * z;
      den = (den + B[i]) * z;
    }
    return x * (num + A[3]) / (den + B[3]);
  }

  /** erfc(y) * exp(y^2) for y > 0.46875 (the "scaled" complementary error function). */
  private static double erfcxLarge(double y) {
    if (y <= 4.0) {
      double num = C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
      }
      return (num + C[7]) / (den + D[7]);
    }
    double z = 1.0 / (y * y);
    double num = P[5] * z;
    double den = z;
    for (int i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    double r = z * (num + P[4]) / (den + Q[4]);
    return (INV_SQRT_PI - r) / y;
  }

  /**
   * exp(-y^2) computed as exp(-t^2) * exp(-(y - t)(y + t)) with t = y rounded down to a multiple of
   * 1/16, so that the rounding error of y*y is not amplified (Cody's device).
   */
  private static double expMinusSquare(double y) {
    double t = Math.floor(y * 16.0) / 16.0;
    double del = (y - t) * (y + t);
    return Math.exp(-t * t) * Math.exp(-del);
  }

  /** The complementary error function, relative error about 1e-15 over the whole line. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    double y = Math.abs(x);
    if (y <= THRESHOLD) {
      return 1.0 - erfSmall(x);
    }
    if (y >= 27.3) { // erfc underflows to 0 in double beyond ~27.23
      return x > 0 ? 0.0 : 2.0;
    }
    double r = expMinusSquare(y) * erfcxLarge(y);
    return x > 0 ? r : 2.0 - r;
  }

  /** log(erfc(x)), accurate also where erfc(x) underflows (large positive x). */
  public static double logErfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x <= THRESHOLD) {
      return Math.log(erfc(x));
    }
    if (x > 1e8) {
      // erfcx(x) = 1/(x sqrt(pi)) (1 - 1/(2x^2) + ...) and the correction is below 1 ulp
      return -x * x - Math.log(x) + LN_INV_SQRT_PI;
    }
    return -x * x + Math.log(erfcxLarge(x));
  }

  /** The standard normal CDF Φ(x) = erfc(-x / sqrt 2) / 2. */
  public static double cdf(double x) {
    return 0.5 * erfc(-x * SQRT_HALF);
  }

  /** log Φ(x), accurate for very negative x. */
  public static double logCdf(double x) {
    return Math.log(0.5) + logErfc(-x * SQRT_HALF);
  }

  /** The upper-tail probability 1 − Φ(x), accurate in the far tail. */
  public static double upperTail(double x) {
    return 0.5 * erfc(x * SQRT_HALF);
  }

  /** The quantile Φ⁻¹(p) for p in (0, 1), by bisection on {@link #cdf} to about 1e-15. */
  public static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new PrivacyParameterException("p must be in (0, 1), got " + p);
    }
    double lo = -40;
    double hi = 40;
    for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
      double mid = 0.5 * (lo + hi);
      boolean below = p < 0.5 ? cdf(mid) < p : upperTail(mid) > 1 - p;
      if (below) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }
}
