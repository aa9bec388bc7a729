package org.anonkit.key;

/**
 * A capability token required to read secret bytes out of {@link SecretBytes}.
 *
 * <p>Reading a secret is rare and deliberate: the call site writes {@code SecretAccess.get()}, which is
 * easy to find with grep in a code review. It guards against accidents, not against malicious code.
 *
 * <p>Immutable and thread-safe.
 */
public final class SecretAccess {
  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  /** Returns the token. Every call site is a place where secret material leaves its holder. */
  public static SecretAccess get() {
    return INSTANCE;
  }
}
