package org.anonkit.privacy.dp;

import org.anonkit.InvalidInputException;

/**
 * Rounding of doubles to a power-of-two grid, the first half of the secure mechanisms for doubles
 * (Google, "Secure Noise Generation"; Mironov 2012). With g a power of two, x/g is exact, and
 * k = round(x/g) is monotone with round(v + j) = round(v) + j, so two inputs at distance ≤ Δ give grid
 * points at distance ≤ ceil(Δ/g). The released value (k + noise)·g is a function of the integer
 * k + noise alone: post-processing, so no low-order bit depends on x.
 */
final class Grid {
  private Grid() {}

  /** Relative precision of the grid: g = 2^(floor(log2 Δ) - GRID_BITS). */
  static final int GRID_BITS = 16;

  /** The granularity for a sensitivity: a power of two with Δ/g in [2^16, 2^17). */
  static double granularity(double sensitivity) {
    return Math.scalb(1.0, Math.getExponent(sensitivity) - GRID_BITS);
  }

  /** ceil(Δ/g), the sensitivity in grid units. */
  static long unitsOf(double sensitivity, double granularity) {
    return (long) Math.ceil(sensitivity / granularity);
  }

  /** The grid index of x; rejects non-finite values and values too large for the grid. */
  static long index(double x, double granularity) {
    if (!Double.isFinite(x)) {
      throw new InvalidInputException("value is not a finite number");
    }
    double u = x / granularity;
    if (!(Math.abs(u) < 0x1p60)) {
      throw new InvalidInputException(
          "value magnitude exceeds 2^60 times the noise granularity " + granularity
              + "; clamp values to the query's bounds first");
    }
    return Math.round(u);
  }

  /** (k + noise)·g, saturating rather than overflowing (saturation is post-processing). */
  static double release(long k, long noise, double granularity) {
    long sum = k + noise;
    if (((k ^ sum) & (noise ^ sum)) < 0) {
      sum = k < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum * granularity;
  }

  static long saturatingAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
