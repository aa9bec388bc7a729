package org.anonkit.hmac;

import java.nio.charset.StandardCharsets;

/**
 * How the leading bits of an HMAC become token characters.
 *
 * <p>Immutable and thread-safe.
 */
public enum TokenEncoding {
  /**
   * RFC 4648 §6 Base32, lowercase, unpadded: 5 bits per character, alphabet {@code a-z2-7}. A token of
   * n characters is the first n characters of the Base32 text of the full 32-byte MAC; 52 characters
   * are the whole MAC (the last one carries 1 bit and 4 zero bits, as in RFC 4648).
   */
  BASE32("base32", 5, 52, 16),
  /** Lowercase hexadecimal (RFC 4648 §8 Base16 in lower case): 4 bits per character, at most 64. */
  HEX("hex", 4, 64, 20);

  private final String policyName;
  private final int bitsPerChar;
  private final int maxLength;
  private final int defaultLength;

  TokenEncoding(String policyName, int bitsPerChar, int maxLength, int defaultLength) {
    this.policyName = policyName;
    this.bitsPerChar = bitsPerChar;
    this.maxLength = maxLength;
    this.defaultLength = defaultLength;
  }

  /** The name used in policies: {@code base32} or {@code hex}. */
  public String policyName() {
    return policyName;
  }

  /** Bits carried per character. */
  public int bitsPerChar() {
    return bitsPerChar;
  }

  /** The longest token (the whole 256-bit MAC): 52 Base32 or 64 hex characters. */
  public int maxLength() {
    return maxLength;
  }

  /** The default token length: 80 bits (16 Base32 or 20 hex characters). */
  public int defaultLength() {
    return defaultLength;
  }

  /** The MAC bits carried by {@code length} characters (at most 256). */
  public int bits(int length) {
    return Math.min(length * bitsPerChar, 256);
  }

  /** The fewest characters carrying at least {@code bits} bits. */
  public int lengthFor(int bits) {
    return (bits + bitsPerChar - 1) / bitsPerChar;
  }

  /** The encoding with this policy name, or {@code null}. */
  public static TokenEncoding fromPolicyName(String name) {
    for (TokenEncoding e : values()) {
      if (e.policyName.equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static final byte[] BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX_ALPHABET = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /**
   * Writes the first {@code length} characters of the encoding of {@code data[0, dataLength)} as ASCII
   * bytes into {@code out} at {@code offset}; bits past the data read as zero (RFC 4648 unpadded form).
   */
  void encode(byte[] data, int dataLength, int length, byte[] out, int offset) {
    if (this == HEX) {
      for (int i = 0; i < length; i++) {
        int b = data[i >> 1];
        out[offset + i] = HEX_ALPHABET[(i & 1) == 0 ? (b >>> 4) & 0xf : b & 0xf];
      }
      return;
    }
    // Groups of 5 bytes = 40 bits = 8 characters.
    int i = 0;
    for (int g = 0; i < length; g += 5) {
      long group = 0;
      for (int k = 0; k < 5; k++) {
        group = (group << 8) | (g + k < dataLength ? data[g + k] & 0xff : 0);
      }
      for (int shift = 35; shift >= 0 && i < length; shift -= 5) {
        out[offset + i++] = BASE32_ALPHABET[(int) (group >>> shift) & 31];
      }
    }
  }
}
