package org.anonkit.key;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A key for one purpose: derived from a {@link MasterKey}, or given directly (test vectors and the
 * command line's {@code --key-hex} mode).
 *
 * <p>{@link #toString()} prints the key id and purpose, never the secret. Sub-keys for a second use
 * inside one transformer (e.g. a fallback tweak) come from {@link #subKey(String, int)}, again HKDF.
 *
 * <p>Immutable and thread-safe.
 */
public final class DerivedKey {
  /** Length of keys derived without an explicit length. */
  public static final int DEFAULT_LENGTH = 32;

  /** Key id recorded for keys given directly rather than derived. */
  public static final String DIRECT_KEY_ID = "direct";

  private final String keyId;
  private final String purpose;
  private final SecretBytes secret;

  DerivedKey(String keyId, String purpose, SecretBytes secret) {
    this.keyId = keyId;
    this.purpose = purpose;
    this.secret = secret;
  }

  /**
   * A key used exactly as given, with no derivation: for published test vectors and for the command
   * line's vector modes. Its {@link #keyId()} is {@value #DIRECT_KEY_ID}.
   */
  public static DerivedKey direct(SecretBytes secret) {
    return new DerivedKey(DIRECT_KEY_ID, "direct", Objects.requireNonNull(secret, "secret"));
  }

  /** The id of the master key this was derived from, or {@value #DIRECT_KEY_ID}. */
  public String keyId() {
    return keyId;
  }

  /** The purpose string (not secret). */
  public String purpose() {
    return purpose;
  }

  /** The key material; reading it needs {@link SecretAccess}. */
  public SecretBytes secret() {
    return secret;
  }

  /** Number of key bytes. */
  public int size() {
    return secret.size();
  }

  /**
   * A key for a sub-purpose: HKDF-SHA256 with this key as IKM, no salt, info = UTF-8 of
   * {@code purpose() + "/" + label}.
   */
  public DerivedKey subKey(String label, int length) {
    Objects.requireNonNull(label, "label");
    String sub = purpose + "/" + label;
    byte[] ikm = secret.toByteArray(SecretAccess.get());
    byte[] prk = Hkdf.extract(null, ikm);
    byte[] okm = Hkdf.expand(prk, sub.getBytes(StandardCharsets.UTF_8), length);
    try {
      return new DerivedKey(keyId, sub, SecretBytes.copyOf(okm, SecretAccess.get()));
    } finally {
      java.util.Arrays.fill(ikm, (byte) 0);
      java.util.Arrays.fill(prk, (byte) 0);
      java.util.Arrays.fill(okm, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "DerivedKey{keyId=" + keyId + ", purpose=" + purpose + ", secret=<redacted>}";
  }
}
