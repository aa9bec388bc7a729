package org.anonkit.key;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Holds secret key material. The bytes can only be read with a {@link SecretAccess} token; the holder
 * prints as {@code SecretBytes[32 bytes]} and does not override {@code equals}/{@code hashCode} (use
 * {@link #equalsConstantTime}), so a secret never ends up in a log line or a hash-keyed collection.
 *
 * <p>Immutable and thread-safe.
 */
public final class SecretBytes {
  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}; the caller should wipe its own array afterwards. */
  public static SecretBytes copyOf(byte[] bytes, SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return new SecretBytes(bytes.clone());
  }

  /** Fresh random bytes. */
  public static SecretBytes random(int length, SecureRandom random) {
    if (length <= 0) {
      throw new IllegalArgumentException("length must be positive");
    }
    byte[] b = new byte[length];
    random.nextBytes(b);
    return new SecretBytes(b);
  }

  /**
   * Parses hexadecimal text (upper or lower case, even length). The error says where the text is
   * malformed by position and never echoes it.
   */
  public static SecretBytes fromHex(CharSequence hex, SecretAccess access) {
    Objects.requireNonNull(access, "access");
    int n = hex.length();
    if (n == 0 || (n & 1) != 0) {
      throw new IllegalArgumentException("hex key must have an even, non-zero number of digits, got " + n);
    }
    byte[] out = new byte[n / 2];
    for (int i = 0; i < n; i += 2) {
      int hi = hexDigit(hex.charAt(i));
      int lo = hexDigit(hex.charAt(i + 1));
      if (hi < 0 || lo < 0) {
        java.util.Arrays.fill(out, (byte) 0); // the digits read so far are key material
        throw new IllegalArgumentException("hex key has a non-hex character near position " + i);
      }
      out[i / 2] = (byte) ((hi << 4) | lo);
    }
    return new SecretBytes(out);
  }

  /** An ASCII hex digit's value, or -1 ({@link Character#digit} also takes other scripts' and full-width digits). */
  private static int hexDigit(char c) {
    return java.util.HexFormat.isHexDigit(c) ? java.util.HexFormat.fromHexDigit(c) : -1;
  }

  /** Number of secret bytes. */
  public int size() {
    return bytes.length;
  }

  /** A copy of the secret. */
  public byte[] toByteArray(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return bytes.clone();
  }

  /** Compares in time independent of where the secrets differ. */
  public boolean equalsConstantTime(SecretBytes other) {
    return other != null && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes]";
  }
}
