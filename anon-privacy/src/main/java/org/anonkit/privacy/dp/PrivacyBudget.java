package org.anonkit.privacy.dp;

/**
 * An (ε, δ) pair: a budget, or what a sequence of releases has spent. ε ≥ 0 may be infinite only as a
 * result ("no finite bound"); δ ∈ [0, 1).
 *
 * <p>Immutable and thread-safe.
 */
public record PrivacyBudget(double epsilon, double delta) {
  public PrivacyBudget {
    if (!(epsilon >= 0)) {
      throw new PrivacyParameterException("epsilon must be >= 0, got " + epsilon);
    }
    Checks.deltaOrZero(delta);
  }

  /** A pure ε budget (δ = 0). */
  public static PrivacyBudget pure(double epsilon) {
    return new PrivacyBudget(epsilon, 0);
  }

  /** True when both ε and δ are at most this budget's (with a 1e-12 relative tolerance on ε). */
  public boolean covers(PrivacyBudget other) {
    return other.epsilon <= epsilon * (1 + 1e-12) && other.delta <= delta * (1 + 1e-12);
  }

  @Override
  public String toString() {
    return "(epsilon=" + epsilon + ", delta=" + delta + ")";
  }
}
