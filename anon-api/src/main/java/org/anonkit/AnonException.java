package org.anonkit;

/**
 * The root of every exception AnonKit throws on purpose.
 *
 * <p><b>Security guarantee.</b> Messages name fields, rows, lengths, expected formats, key ids and
 * parameters, and say how to fix the problem; they never contain a clear value, a token or key
 * material, so they are safe to log. Subclasses keep that rule.
 *
 * <p>Instances are immutable once thrown and may be shared between threads.
 */
public class AnonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AnonException(String message) {
    super(message);
  }

  public AnonException(String message, Throwable cause) {
    super(message, cause);
  }
}
