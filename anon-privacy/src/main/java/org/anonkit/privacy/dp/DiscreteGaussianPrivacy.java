package org.anonkit.privacy.dp;

/**
 * The exact (ε, δ) curve of the discrete Gaussian for an integer sensitivity (Canonne, Kamath, Steinke
 * 2020, Theorem 7): δ = P[Y > εσ²/Δ − Δ/2] − e^ε·P[Y > εσ²/Δ + Δ/2] for Y ~ N_Z(0, σ²), evaluated by
 * summing the probability mass (calibration only, never on a sampling path).
 */
final class DiscreteGaussianPrivacy {
  private DiscreteGaussianPrivacy() {}

  /** Above this σ the sums get long and the continuous curve is used with a margin instead. */
  static final double EXACT_LIMIT = 4096;

  static double delta(double sigma, double epsilon, long sensitivity) {
    double s2 = 2 * sigma * sigma;
    long span = (long) Math.ceil(40 * sigma) + 2 * sensitivity + 2;
    double z = 0;
    for (long y = -span; y <= span; y++) {
      z += Math.exp(-(double) y * y / s2);
    }
    double c1 = epsilon * sigma * sigma / sensitivity - sensitivity / 2.0;
    double c2 = c1 + sensitivity;
    return (tail(c1, span, s2) - Math.exp(epsilon) * tail(c2, span, s2)) / z;
  }

  /** Unnormalised P[Y > c], summed from the far end so that small terms are not lost. */
  private static double tail(double c, long span, double s2) {
    long from = (long) Math.floor(c) + 1;
    double sum = 0;
    for (long y = span; y >= from; y--) {
      sum += Math.exp(-(double) y * y / s2);
    }
    return sum;
  }

  /** The smallest σ (to 1e-7 relative, rounded up) with exact discrete δ ≤ target. */
  static double calibrate(double epsilon, double delta, long sensitivity) {
    double continuous = GaussianMechanism.analyticSigma(epsilon, delta, sensitivity);
    if (continuous > EXACT_LIMIT) {
      return GaussianMechanism.analyticSigma(epsilon, delta * (1 - 0x1p-8), sensitivity);
    }
    double lo = continuous * 0.5;
    double hi = continuous;
    while (delta(hi, epsilon, sensitivity) > delta) {
      lo = hi;
      hi *= 1.05;
    }
    for (int i = 0; i < 40 && hi - lo > 1e-7 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (delta(mid, epsilon, sensitivity) <= delta) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }
}
