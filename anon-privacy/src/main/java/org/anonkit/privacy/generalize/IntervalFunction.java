package org.anonkit.privacy.generalize;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Numbers to intervals: fixed widths ({@code [lo,hi)} with {@code lo = origin + width * floor((x -
 * origin) / width)}) or cut points ({@code <c0}, {@code [ci,ci+1)}, {@code >=ck}), one per level,
 * nested; a final {@code *} level.
 *
 * <p>Widths are computed in decimal (each number as its shortest decimal form, as it was written):
 * in binary floating point 0.6 / 0.1 is 5.999..., and 0.6 went into {@code [0.5,0.6)}, an interval
 * that does not hold it. Integer origins, widths and values take a long-integer path.
 */
final class IntervalFunction implements LevelFunction {
  private final double origin;
  private final double[] widths; // null for cut points
  private final double[][] cuts; // null for widths
  private final BigDecimal originDecimal;
  private final BigDecimal[] widthsDecimal; // null for cut points
  private final boolean integral; // origin and widths whole numbers below 2^52
  /**
   * Per level, log2 of the width when integral and a power of two, else -1: floor division by 2^k
   * is an arithmetic shift, where a 64-bit {@code idiv} costs tens of cycles.
   */
  private final int[] shifts;
  /** Below this magnitude {@link Numbers#format} prints a whole number as {@link Long#toString}. */
  private static final long PLAIN = 1_000_000_000_000_000L;

  private IntervalFunction(double origin, double[] widths, double[][] cuts) {
    this.origin = origin;
    this.widths = widths;
    this.cuts = cuts;
    this.originDecimal = BigDecimal.valueOf(origin);
    boolean whole = isWhole(origin);
    if (widths != null) {
      widthsDecimal = new BigDecimal[widths.length];
      for (int i = 0; i < widths.length; i++) {
        widthsDecimal[i] = BigDecimal.valueOf(widths[i]);
        whole &= isWhole(widths[i]);
      }
    } else {
      widthsDecimal = null;
    }
    this.integral = whole;
    this.shifts = new int[widths != null ? widths.length : 0];
    for (int i = 0; i < shifts.length; i++) {
      long w = (long) widths[i];
      shifts[i] = whole && Long.bitCount(w) == 1 ? Long.numberOfTrailingZeros(w) : -1;
    }
  }

  private static boolean isWhole(double d) {
    return d == Math.rint(d) && Math.abs(d) < 0x1p52;
  }

  static IntervalFunction widths(double origin, double... widths) {
    if (!Double.isFinite(origin)) {
      throw new IllegalArgumentException("origin must be finite");
    }
    if (widths.length == 0) {
      throw new IllegalArgumentException("give at least one interval width");
    }
    for (int i = 0; i < widths.length; i++) {
      if (!(widths[i] > 0) || !Double.isFinite(widths[i])) {
        throw new IllegalArgumentException("interval widths must be positive and finite");
      }
      if (i > 0) {
        // a whole multiple in decimal, the arithmetic of label(): then the intervals nest exactly
        if (widths[i] <= widths[i - 1]
            || BigDecimal.valueOf(widths[i]).remainder(BigDecimal.valueOf(widths[i - 1])).signum() != 0) {
          throw new IllegalArgumentException(
              "interval widths must grow level by level, each a whole multiple of the previous (nesting)");
        }
      }
    }
    return new IntervalFunction(origin, widths.clone(), null);
  }

  static IntervalFunction cuts(double[][] levels) {
    if (levels.length == 0) {
      throw new IllegalArgumentException("give at least one level of cut points");
    }
    double[][] copy = new double[levels.length][];
    for (int l = 0; l < levels.length; l++) {
      double[] c = levels[l].clone();
      for (int i = 0; i < c.length; i++) {
        if (!Double.isFinite(c[i]) || (i > 0 && c[i] <= c[i - 1])) {
          throw new IllegalArgumentException("cut points of level " + (l + 1) + " must be finite and strictly increasing");
        }
      }
      if (l > 0) {
        for (double x : c) {
          if (Arrays.binarySearch(copy[l - 1], x) < 0) {
            throw new IllegalArgumentException("cut points of level " + (l + 1)
                + " must be a subset of those of level " + l + " (nesting)");
          }
        }
      }
      copy[l] = c;
    }
    return new IntervalFunction(0, null, copy);
  }

  @Override
  public int levels() {
    return (widths != null ? widths.length : cuts.length) + 2;
  }

  @Override
  public String apply(String value, int level) {
    double x = Numbers.parse(value);
    if (level == levels() - 1) {
      return "*";
    }
    return label(x, level - 1);
  }

  String label(double x, int i) {
    if (widths != null) {
      if (integral && isWhole(x)) {
        long w = (long) widths[i];
        long d = (long) x - (long) origin;
        long lo = (long) origin + (shifts[i] >= 0 ? d >> shifts[i] << shifts[i] : w * Math.floorDiv(d, w));
        if (Math.abs(lo) < PLAIN && Math.abs(lo + w) < PLAIN) {
          return "[" + lo + "," + (lo + w) + ")"; // what Numbers.format prints for these, in one concatenation
        }
        return "[" + Numbers.format(lo) + "," + Numbers.format(lo + w) + ")";
      }
      BigDecimal w = widthsDecimal[i];
      BigDecimal k = BigDecimal.valueOf(x).subtract(originDecimal).divide(w, 0, RoundingMode.FLOOR);
      BigDecimal lo = originDecimal.add(k.multiply(w));
      return "[" + Numbers.format(lo.doubleValue()) + "," + Numbers.format(lo.add(w).doubleValue()) + ")";
    }
    double[] c = cuts[i];
    if (c.length == 0) {
      return "*";
    }
    int pos = Arrays.binarySearch(c, x);
    int idx = pos >= 0 ? pos : -pos - 2; // index of the largest cut <= x, or -1
    if (idx < 0) {
      return "<" + Numbers.format(c[0]);
    }
    if (idx == c.length - 1) {
      return ">=" + Numbers.format(c[idx]);
    }
    return "[" + Numbers.format(c[idx]) + "," + Numbers.format(c[idx + 1]) + ")";
  }
}
