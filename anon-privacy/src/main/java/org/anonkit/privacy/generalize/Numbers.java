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
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        throw new InvalidInputException("expected a decimal number; character at position " + i + " is not a digit");
      }
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
