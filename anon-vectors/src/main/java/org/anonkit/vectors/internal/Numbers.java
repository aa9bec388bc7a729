package org.anonkit.vectors.internal;

import org.anonkit.InvalidInputException;

/**
 * Allocation-free parsing of decimal numbers from a CharSequence. Integers and the common decimal
 * forms take a fast exact path (Clinger's: a mantissa below 2^53 times or divided by an exact power
 * of ten, one correctly rounded operation); anything else falls back to {@link Double#parseDouble}.
 * Thread-safe. Error messages give the length, never the text.
 */
final class Numbers {
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private Numbers() {}

  static InvalidInputException notANumber(CharSequence s, String expected) {
    return new InvalidInputException("expected " + expected + "; got text of length " + s.length());
  }

  /** Parses a decimal integer ({@code [+-]?[0-9]+}), checking overflow; or falls back to a double with an integral value. */
  static long parseLong(CharSequence s) {
    int n = s.length();
    int i = 0;
    boolean neg = false;
    if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    if (i < n && n - i <= 18) {
      long v = 0;
      int j = i;
      for (; j < n; j++) {
        int d = s.charAt(j) - '0';
        if (d < 0 || d > 9) {
          break;
        }
        v = v * 10 + d;
      }
      if (j == n) {
        return neg ? -v : v;
      }
    }
    return parseLongSlow(s);
  }

  private static long parseLongSlow(CharSequence s) {
    String t = s.toString().trim();
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      double d = parseDoubleOrThrow(s, "an integer");
      if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
        return (long) d;
      }
      throw notANumber(s, "an integer in the int64 range");
    }
  }

  /** Parses a decimal number; NaN and infinities are accepted in Java's spelling. */
  static double parseDouble(CharSequence s) {
    int n = s.length();
    int i = 0;
    boolean neg = false;
    if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = 0;
    boolean any = false;
    for (; i < n; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        break;
      }
      any = true;
      if (digits < 18) {
        mantissa = mantissa * 10 + d;
        if (mantissa != 0) {
          digits++;
        }
      } else {
        return parseDoubleOrThrow(s, "a number");
      }
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      for (; i < n; i++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9) {
          break;
        }
        any = true;
        if (digits < 18) {
          mantissa = mantissa * 10 + d;
          if (mantissa != 0) {
            digits++;
          }
          scale--;
        } else {
          return parseDoubleOrThrow(s, "a number");
        }
      }
    }
    if (!any) {
      return parseDoubleOrThrow(s, "a number");
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      boolean eneg = false;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        eneg = s.charAt(i) == '-';
        i++;
      }
      int e = 0;
      int start = i;
      for (; i < n && i - start < 5; i++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9) {
          break;
        }
        e = e * 10 + d;
      }
      if (i == start) {
        return parseDoubleOrThrow(s, "a number");
      }
      scale += eneg ? -e : e;
    }
    if (i != n || mantissa >= (1L << 53)) {
      return parseDoubleOrThrow(s, "a number");
    }
    double v;
    if (scale == 0) {
      v = mantissa;
    } else if (scale > 0 && scale <= 22) {
      v = mantissa * POW10[scale];
      if (mantissa != 0 && (v >= 0x1p53 || digits + scale > 22)) {
        return parseDoubleOrThrow(s, "a number"); // product may be inexact: let the JDK round it
      }
    } else if (scale < 0 && scale >= -22) {
      v = mantissa / POW10[-scale];
    } else {
      return parseDoubleOrThrow(s, "a number");
    }
    return neg ? -v : v;
  }

  private static double parseDoubleOrThrow(CharSequence s, String expected) {
    String t = s.toString().trim();
    if (t.isEmpty() || t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F")
        || t.startsWith("0x") || t.startsWith("0X") || t.startsWith("-0x")) {
      throw notANumber(s, expected);
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw notANumber(s, expected);
    }
  }
}
