package org.anonkit.privacy.dp;

/** Parameter checks shared by the mechanisms; messages name the parameter and the rule. */
final class Checks {
  private Checks() {}

  static double epsilon(double epsilon) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new PrivacyParameterException("epsilon must be finite and > 0, got " + epsilon);
    }
    return epsilon;
  }

  static double delta(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new PrivacyParameterException("delta must be in (0, 1), got " + delta);
    }
    return delta;
  }

  static double deltaOrZero(double delta) {
    if (!(delta >= 0 && delta < 1)) {
      throw new PrivacyParameterException("delta must be in [0, 1), got " + delta);
    }
    return delta;
  }

  static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new PrivacyParameterException(name + " must be finite and > 0, got " + value);
    }
    return value;
  }

  static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new PrivacyParameterException(name + " must be finite and >= 0, got " + value);
    }
    return value;
  }

  static int positive(String name, int value) {
    if (value <= 0) {
      throw new PrivacyParameterException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  static double probability(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new PrivacyParameterException(name + " must be in [0, 1], got " + value);
    }
    return value;
  }
}
