package org.anonkit.privacy.dp;

import org.anonkit.AnonException;

/**
 * A differential-privacy parameter is out of its domain: ε not positive, δ outside (0, 1), a
 * sensitivity, bound, sampling rate or order that the mechanism cannot use. The message names the
 * parameter, the rule and the rejected parameter value (parameters are configuration, never data).
 *
 * <p>Immutable; safe to share between threads.
 */
public final class PrivacyParameterException extends AnonException {
  private static final long serialVersionUID = 1L;

  public PrivacyParameterException(String message) {
    super(message);
  }
}
