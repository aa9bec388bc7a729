package org.anonkit.hmac;

import org.anonkit.AnonException;

/**
 * Two different clear values received the same token in one mapping scope (a field, or the fields
 * of one linkage domain): the tokens are too short for the number of distinct values, and the
 * anonymized data would silently merge two people. Rerun with longer tokens.
 *
 * <p>The message names the scope, its fields and the token length; never the values or the token.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class MappingCollisionException extends AnonException {
  private static final long serialVersionUID = 1L;

  private final String scope;

  MappingCollisionException(String scope, String fields, String tokenDescription) {
    super("mapping collision in scope '" + scope + "' (fields " + fields + "): two different clear values have "
        + "the same " + tokenDescription + " token; increase the token length (parameter 'length') and rerun");
    this.scope = scope;
  }

  /** The scope (linkage domain, or lower-cased field name) in which the collision happened. */
  public String scope() {
    return scope;
  }
}
