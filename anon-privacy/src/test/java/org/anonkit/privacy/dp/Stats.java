package org.anonkit.privacy.dp;

/** Small statistics helpers for the seeded distribution tests. */
final class Stats {
  private Stats() {}

  /**
   * Upper critical value of chi-square with df degrees of freedom at upper-tail probability given by
   * the standard normal quantile z (Wilson-Hilferty approximation; z = 3.719 is p = 1e-4).
   */
  static double chiSquareCritical(int df, double z) {
    double a = 2.0 / (9.0 * df);
    double c = 1 - a + z * Math.sqrt(a);
    return df * c * c * c;
  }

  /**
   * Pearson's chi-square of observed counts (indexed by value - offset) against probabilities,
   * pooling cells whose expected count is below 5 into their neighbours toward the centre.
   */
  static double[] chiSquare(long[] observed, double[] probability, long n) {
    double stat = 0;
    int cells = 0;
    double pendingObs = 0;
    double pendingExp = 0;
    for (int i = 0; i < observed.length; i++) {
      pendingObs += observed[i];
      pendingExp += probability[i] * n;
      if (pendingExp >= 5 && i < observed.length - 1) {
        stat += (pendingObs - pendingExp) * (pendingObs - pendingExp) / pendingExp;
        cells++;
        pendingObs = 0;
        pendingExp = 0;
      }
    }
    if (pendingExp > 0) {
      stat += (pendingObs - pendingExp) * (pendingObs - pendingExp) / pendingExp;
      cells++;
    }
    return new double[] {stat, cells - 1};
  }
}
