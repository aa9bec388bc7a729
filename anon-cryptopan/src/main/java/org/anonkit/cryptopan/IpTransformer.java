package org.anonkit.cryptopan;

import org.anonkit.InvalidInputException;
import org.anonkit.ReversibleTransformer;

/**
 * The {@code cryptopan} / {@code ip} transformer: one plain address per value, IPv4 dotted quad or IPv6
 * text (output per RFC 5952), or an IPv4 address as an unsigned 32-bit decimal integer with
 * {@code format: "uint32"}.
 *
 * <p>Immutable and thread-safe.
 */
final class IpTransformer implements ReversibleTransformer {
  private final CryptoPan pan;
  private final boolean uint32;

  IpTransformer(CryptoPan pan, boolean uint32) {
    this.pan = pan;
    this.uint32 = uint32;
  }

  CryptoPan cryptoPan() {
    return pan;
  }

  @Override
  public String apply(CharSequence value) {
    if (uint32) {
      return Integer.toUnsignedString(pan.anonymizeIpv4(parseUint32(value)));
    }
    return pan.anonymize(value);
  }

  @Override
  public String reverse(CharSequence token) {
    if (uint32) {
      return Integer.toUnsignedString(pan.reverseIpv4(parseUint32(token)));
    }
    return pan.reverse(token);
  }

  static int parseUint32(CharSequence s) {
    int len = s.length();
    if (len == 0 || len > 10) {
      throw new InvalidInputException(
          "expected an IPv4 address as an unsigned 32-bit decimal integer, got " + len + " characters");
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidInputException(
            "expected an IPv4 address as an unsigned 32-bit decimal integer; non-digit at position " + i);
      }
      v = v * 10 + (c - '0');
    }
    if (v > 0xffff_ffffL || (len > 1 && s.charAt(0) == '0')) {
      throw new InvalidInputException(
          "expected an IPv4 address as an unsigned 32-bit decimal integer in [0, 4294967295] without leading zeros");
    }
    return (int) v;
  }

  @Override
  public String toString() {
    return "IpTransformer{" + pan + ", format=" + (uint32 ? "uint32" : "text") + "}";
  }
}
