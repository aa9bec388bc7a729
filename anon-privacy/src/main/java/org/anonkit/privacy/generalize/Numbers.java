package org.anonkit.privacy.generalize;

import org.anonkit.InvalidInputException;

/** Parsing and printing of numbers for interval generalization. */
final class Numbers {
  private Numbers() {}

  static double parse(CharSequence value) {
    String s = value.toString().trim();
    if (s.isEmpty() || s.length() > 64) {
      throw new InvalidInputException("expected a decimal number, got " + s.length() + " characters");
    }
    int digitsFrom = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    boolean integer = s.length() > digitsFrom && s.length() - digitsFrom <= 15; // sign, 1 to 15 digits
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        throw new InvalidInputException("expected a decimal number; character at position " + i + " is not a digit");
      }
      integer &= (c >= '0' && c <= '9') || i < digitsFrom;
    }
    if (integer) {
      return parseInteger(s, digitsFrom);
    }
    double d;
    try {
      d = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("expected a decimal number");
    }
    if (!Double.isFinite(d)) {
      throw new InvalidInputException("expected a finite decimal number");
    }
    return d;
  }

  /**
   * An optional sign and 1 to 15 digits, as {@link Double#parseDouble} reads it: below 10^15 the
   * integer is exact in a double ({@code -0} stays {@code -0.0}), without the general decimal parser.
   */
  private static double parseInteger(String s, int digitsFrom) {
    long n = 0;
    for (int i = digitsFrom; i < s.length(); i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return s.charAt(0) == '-' ? -(double) n : (double) n;
  }

  /** Integral values print without a fraction ({@code 20}, not {@code 20.0}). */
  static String format(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }
}
