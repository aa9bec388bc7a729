package org.anonkit;

/**
 * A provider is unknown, duplicated or broken. For an unknown name the message lists the names that
 * are available.
 *
 * <p>Immutable; safe to share between threads.
 */
public class ProviderException extends AnonException {
  private static final long serialVersionUID = 1L;

  public ProviderException(String message) {
    super(message);
  }

  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
