package org.anonkit.spi;

import org.anonkit.key.KeySource;

/**
 * Service provider of {@link KeySource}s, found by {@link java.util.ServiceLoader} and addressed by a
 * stable lowercase scheme: {@code env}, {@code file}, or a KMS/HSM plugin's own.
 *
 * <p>Implementations must be thread-safe and have a public no-argument constructor.
 */
public interface KeySourceProvider {

  /** The scheme, lowercase and stable, e.g. {@code "env"}. */
  String name();

  /** Opens the source at {@code location} (the text after {@code scheme:}). */
  KeySource open(String location);
}
