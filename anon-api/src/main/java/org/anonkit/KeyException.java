package org.anonkit;

/**
 * A key could not be loaded, parsed, derived or used. Names the key id and the source (file path,
 * variable name), never the secret.
 *
 * <p>Immutable; safe to share between threads.
 */
public class KeyException extends AnonException {
  private static final long serialVersionUID = 1L;

  public KeyException(String message) {
    super(message);
  }

  public KeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
