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
    // an optional sign and 1 to 15 digits is read here, in the same pass as the check: below 10^15
    // the integer is exact in a double, as Double.parseDouble would give it (-0 stays -0.0)
    int digitsFrom = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    boolean integer = s.length() > digitsFrom && s.length() - digitsFrom <= 15;
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        n = n * 10 + (c - '0'); // used only when integer: at most 15 digits, no overflow
      } else if (c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
        integer &= i < digitsFrom;
      } else {
        throw new InvalidInputException("expected a decimal number; character at position " + i + " is not a digit");
      }
    }
    if (integer) {
      return s.charAt(0) == '-' ? -(double) n : (double) n;
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

  /** Integral values print without a fraction ({@code 20}, not {@code 20.0}). */
  static String format(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }
}
