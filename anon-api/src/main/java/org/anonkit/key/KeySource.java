package org.anonkit.key;

/**
 * Where master keys come from: a key file, an environment variable, or a KMS/HSM plugin (see
 * {@link org.anonkit.spi.KeySourceProvider}).
 *
 * <p>Implementations must be thread-safe.
 */
public interface KeySource {

  /**
   * Loads a master key.
   *
   * @param keyId the id wanted, or {@code null} for the source's primary key
   * @throws org.anonkit.KeyException if the key is missing, malformed or has another id
   */
  MasterKey load(String keyId);

  /** Where keys come from, for messages: a path or variable name, never a secret. */
  String describe();
}
