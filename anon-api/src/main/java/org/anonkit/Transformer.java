package org.anonkit;

/**
 * Anonymizes the value of one field: a clear value in, a token out.
 *
 * <p><b>Contract.</b> Implementations are immutable and thread-safe: one instance is shared by every
 * worker thread of a run. They are deterministic: for the same key, parameters and input they return
 * the same output on any machine, JVM and thread count, which is what keeps joins and byte-identical
 * reruns possible.
 *
 * <p><b>Failure.</b> A value that cannot be transformed (wrong format, too short for the technique's
 * domain, characters outside its alphabet) raises {@link InvalidInputException}; the caller's policy
 * then decides whether to fail, redact or drop. Implementations must never return the input unchanged
 * as a fallback, and their exceptions never contain the input, the output or key material.
 */
@FunctionalInterface
public interface Transformer {

  /**
   * Returns the anonymized form of {@code value}.
   *
   * @param value the clear value, never {@code null}
   * @return the token, never {@code null}
   * @throws InvalidInputException if the value is outside what this transformer accepts
   */
  String apply(CharSequence value);
}
