package org.anonkit.privacy.generalize;

import java.util.Arrays;

/**
 * Numbers to intervals: fixed widths ({@code [lo,hi)} with {@code lo = origin + width * floor((x -
 * origin) / width)}) or cut points ({@code <c0}, {@code [ci,ci+1)}, {@code >=ck}), one per level,
 * nested; a final {@code *} level.
 */
final class IntervalFunction implements LevelFunction {
  private final double origin;
  private final double[] widths; // null for cut points
  private final double[][] cuts; // null for widths

  private IntervalFunction(double origin, double[] widths, double[][] cuts) {
    this.origin = origin;
    this.widths = widths;
    this.cuts = cuts;
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
        double ratio = widths[i] / widths[i - 1];
        if (widths[i] <= widths[i - 1] || Math.abs(ratio - Math.rint(ratio)) > 1e-9) {
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
      double w = widths[i];
      double lo = origin + w * Math.floor((x - origin) / w);
      return "[" + Numbers.format(lo) + "," + Numbers.format(lo + w) + ")";
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
