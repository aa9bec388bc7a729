package org.anonkit;

import java.util.Locale;

/**
 * What a run does with a value its transformer rejects. Every choice is counted in the run's manifest;
 * none writes the clear value.
 *
 * <p>Immutable and thread-safe: its constants hold no state.
 */
public enum OnFailure {
  /** Stop the run with an {@link InvalidInputException} naming the field and row. */
  FAIL,
  /** Write the policy's redaction marker in place of the value. */
  REDACT,
  /** Omit the field from the output record. */
  DROP;

  /** The lowercase name used in policy files. */
  public String policyName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code fail}, {@code redact} or {@code drop}; {@code null} for anything else. */
  public static OnFailure fromPolicyName(String name) {
    for (OnFailure f : values()) {
      if (f.policyName().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
