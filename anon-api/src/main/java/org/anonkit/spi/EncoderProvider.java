package org.anonkit.spi;

import org.anonkit.Encoder;

/**
 * Service provider of one kind of {@link Encoder}, found by {@link java.util.ServiceLoader} (declare it
 * in both {@code module-info.java} with {@code provides} and in
 * {@code META-INF/services/org.anonkit.spi.EncoderProvider}) or registered explicitly.
 *
 * <p>Names are stable and lowercase ({@code [a-z0-9][a-z0-9-]*}): {@code numeric}, {@code timestamp},
 * {@code boolean}, {@code ipv4}, {@code categorical}, {@code hash}, {@code multi-hot},
 * {@code one-hot}.
 *
 * <p>Implementations are immutable and thread-safe, with a public no-argument constructor; the
 * encoders they create are not thread-safe (one per column batch).
 */
public interface EncoderProvider {

  /** The stable lowercase name schemas use, e.g. {@code "categorical"}. */
  String name();

  /** One line for listings and error messages. */
  default String description() {
    return name();
  }

  /**
   * Creates a fresh encoder for one field. Validates the parameters at once (call
   * {@link org.anonkit.Parameters#requireOnly} first), throwing {@link org.anonkit.PolicyException}
   * with the parameter's path.
   */
  Encoder create(EncoderContext context);
}
