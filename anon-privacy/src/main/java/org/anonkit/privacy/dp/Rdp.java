package org.anonkit.privacy.dp;

/**
 * Rényi differential privacy (Mironov 2017) of the Gaussian and the sampled Gaussian mechanism, and its
 * conversion to (ε, δ).
 *
 * <p>The sampled Gaussian (Poisson sampling with rate q, noise multiplier z = σ/Δ) follows Mironov,
 * Talwar and Zhang, "Rényi Differential Privacy of the Sampled Gaussian Mechanism" (2019), as
 * TF-Privacy's and Opacus's RDP accountants compute it: for an integer order α the binomial expansion
 * A_α = Σ_i C(α,i) (1−q)^(α−i) q^i exp((i² − i)/(2z²)), for a fractional order their two-sided series
 * with erfc terms (summed until terms fall below e^-30), both in log space; the per-step RDP is
 * log(A_α)/(α−1), and T steps compose to T times that.
 *
 * <p>Conversions to (ε, δ): {@link Conversion#CLASSIC} ε = RDP(α) + log(1/δ)/(α−1) (Mironov 2017,
 * Proposition 3) and {@link Conversion#IMPROVED} ε = RDP(α) + log((α−1)/α) − (log δ + log α)/(α−1)
 * (Balle et al. 2020, Theorem 21; Canonne, Kamath, Steinke 2020), which Opacus uses; both minimised
 * over the orders.
 *
 * <p>Stateless; all methods are thread-safe.
 */
public final class Rdp {
  private Rdp() {}

  /** How an RDP curve becomes an (ε, δ) guarantee. */
  public enum Conversion {
    /** ε = RDP(α) + log(1/δ)/(α − 1). */
    CLASSIC,
    /** ε = RDP(α) + log((α − 1)/α) − (log δ + log α)/(α − 1); never larger than CLASSIC. */
    IMPROVED
  }

  /** An ε and the order at which the conversion attained it. Immutable and thread-safe. */
  public record EpsilonAtOrder(double epsilon, double order) {}

  private static final double[] DEFAULT_ORDERS = defaultOrdersArray();

  private static double[] defaultOrdersArray() {
    // 1.1, 1.2, ..., 10.9, then 12, 13, ..., 63: the list used by TF-Privacy's tutorials and Opacus
    double[] orders = new double[99 + 52];
    for (int x = 1; x < 100; x++) {
      orders[x - 1] = 1 + x / 10.0;
    }
    for (int a = 12; a < 64; a++) {
      orders[99 + a - 12] = a;
    }
    return orders;
  }

  /** The default orders: 1.1, 1.2, ..., 10.9 and 12, ..., 63 (a fresh copy). */
  public static double[] defaultOrders() {
    return DEFAULT_ORDERS.clone();
  }

  /** RDP of one Gaussian release with noise multiplier z = σ/Δ at order α: α/(2z²). */
  public static double gaussian(double noiseMultiplier, double order) {
    Checks.positive("noiseMultiplier", noiseMultiplier);
    checkOrder(order);
    return order / (2 * noiseMultiplier * noiseMultiplier);
  }

  /** RDP over {@code steps} steps of the sampled Gaussian mechanism, at each order. */
  public static double[] sampledGaussian(
      double samplingRate, double noiseMultiplier, long steps, double[] orders) {
    if (steps < 0) {
      throw new PrivacyParameterException("steps must be >= 0, got " + steps);
    }
    double[] rdp = new double[orders.length];
    for (int i = 0; i < orders.length; i++) {
      rdp[i] = sampledGaussian(samplingRate, noiseMultiplier, orders[i]) * steps;
    }
    return rdp;
  }

  /** RDP of one step of the sampled Gaussian mechanism at order α > 1. */
  public static double sampledGaussian(double samplingRate, double noiseMultiplier, double order) {
    Checks.probability("samplingRate", samplingRate);
    Checks.nonNegative("noiseMultiplier", noiseMultiplier);
    checkOrder(order);
    if (samplingRate == 0) {
      return 0;
    }
    if (noiseMultiplier == 0 || Double.isInfinite(order)) {
      return Double.POSITIVE_INFINITY;
    }
    if (samplingRate == 1.0) {
      return order / (2 * noiseMultiplier * noiseMultiplier);
    }
    double logA = order == Math.rint(order) && order < 1e6
        ? logAInteger(samplingRate, noiseMultiplier, (long) order)
        : logAFractional(samplingRate, noiseMultiplier, order);
    return logA / (order - 1);
  }

  private static void checkOrder(double order) {
    if (!(order > 1)) {
      throw new PrivacyParameterException("Renyi order must be > 1, got " + order);
    }
  }

  /** log A_α for integer α: the binomial expansion, in log space. */
  static double logAInteger(double q, double sigma, long alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigma2 = 2 * sigma * sigma;
    double logA = Double.NEGATIVE_INFINITY;
    double logBinom = 0; // log C(alpha, 0)
    for (long i = 0; i <= alpha; i++) {
      if (i > 0) {
        logBinom += Math.log((double) (alpha - i + 1)) - Math.log((double) i);
      }
      double term = logBinom + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoSigma2;
      logA = logAdd(logA, term);
    }
    return logA;
  }

  /** log A_α for fractional α: the series of Mironov, Talwar and Zhang (2019), Section 3.3. */
  static double logAFractional(double q, double sigma, double alpha) {
    double logA0 = Double.NEGATIVE_INFINITY;
    double logA1 = Double.NEGATIVE_INFINITY;
    double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigma2 = 2 * sigma * sigma;
    double sqrt2Sigma = Math.sqrt(2) * sigma;
    double logHalf = Math.log(0.5);
    double logAbsCoef = 0; // log |C(alpha, 0)|
    boolean positive = true;
    for (int i = 0; i < 100_000; i++) {
      if (i > 0) {
        double factor = (alpha - i + 1) / i;
        if (factor == 0) {
          break; // the expansion terminates (alpha was an integer after all)
        }
        logAbsCoef += Math.log(Math.abs(factor));
        if (factor < 0) {
          positive = !positive;
        }
      }
      double j = alpha - i;
      double logT0 = logAbsCoef + i * logQ + j * log1mQ;
      double logT1 = logAbsCoef + j * logQ + i * log1mQ;
      double logE0 = logHalf + StandardNormal.logErfc((i - z0) / sqrt2Sigma);
      double logE1 = logHalf + StandardNormal.logErfc((z0 - j) / sqrt2Sigma);
      double logS0 = logT0 + ((double) i * i - i) / twoSigma2 + logE0;
      double logS1 = logT1 + (j * j - j) / twoSigma2 + logE1;
      if (positive) {
        logA0 = logAdd(logA0, logS0);
        logA1 = logAdd(logA1, logS1);
      } else {
        logA0 = logSub(logA0, logS0);
        logA1 = logSub(logA1, logS1);
      }
      if (Math.max(logS0, logS1) < -30) {
        break;
      }
    }
    return logAdd(logA0, logA1);
  }

  static double logAdd(double a, double b) {
    double hi = Math.max(a, b);
    double lo = Math.min(a, b);
    if (hi == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    return hi + Math.log1p(Math.exp(lo - hi));
  }

  static double logSub(double a, double b) {
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    if (!(a > b)) {
      // only reachable through rounding in a degenerate series; treat the difference as nil
      return Double.NEGATIVE_INFINITY;
    }
    return a + Math.log(-Math.expm1(b - a));
  }

  /** The smallest ε over the orders for the given RDP curve and δ. */
  public static EpsilonAtOrder epsilon(
      double[] orders, double[] rdp, double delta, Conversion conversion) {
    if (orders.length != rdp.length || orders.length == 0) {
      throw new PrivacyParameterException(
          "orders and rdp must have the same non-zero length, got " + orders.length + " and "
              + rdp.length);
    }
    Checks.delta(delta);
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = Double.NaN;
    double logDelta = Math.log(delta);
    for (int i = 0; i < orders.length; i++) {
      double a = orders[i];
      checkOrder(a);
      double eps = conversion == Conversion.CLASSIC
          ? rdp[i] - logDelta / (a - 1)
          : rdp[i] + Math.log((a - 1) / a) - (logDelta + Math.log(a)) / (a - 1);
      if (eps < best) {
        best = eps;
        bestOrder = a;
      }
    }
    return new EpsilonAtOrder(Math.max(0, best), bestOrder);
  }

  /**
   * ε of a DP-SGD-style run: {@code steps} steps of the sampled Gaussian with rate q and noise
   * multiplier z, at δ, over the default orders.
   */
  public static EpsilonAtOrder dpSgdEpsilon(
      double samplingRate, double noiseMultiplier, long steps, double delta, Conversion conversion) {
    double[] orders = defaultOrders();
    return epsilon(
        orders, sampledGaussian(samplingRate, noiseMultiplier, steps, orders), delta, conversion);
  }
}
