package org.anonkit.privacy.generalize;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.anonkit.InvalidInputException;

/**
 * IP addresses to CIDR prefixes: IPv4 {@code 131.225.0.0/16}, IPv6 in full form
 * {@code 2001:db8:0:0:0:0:0:0/32}. Each level has an IPv4 and an IPv6 prefix length; a final
 * {@code *} level.
 */
final class IpFunction implements LevelFunction {
  private final int[] prefixes4;
  private final int[] prefixes6;

  IpFunction(int[] prefixes4, int[] prefixes6) {
    if (prefixes4.length == 0 || prefixes4.length != prefixes6.length) {
      throw new IllegalArgumentException("give one IPv4 and one IPv6 prefix length per level");
    }
    for (int i = 0; i < prefixes4.length; i++) {
      if (prefixes4[i] < 0 || prefixes4[i] > 32 || prefixes6[i] < 0 || prefixes6[i] > 128) {
        throw new IllegalArgumentException("prefix lengths must be in [0, 32] (IPv4) and [0, 128] (IPv6)");
      }
      if (i > 0 && (prefixes4[i] > prefixes4[i - 1] || prefixes6[i] > prefixes6[i - 1])) {
        throw new IllegalArgumentException("prefix lengths must not grow from level to level (nesting)");
      }
    }
    this.prefixes4 = prefixes4.clone();
    this.prefixes6 = prefixes6.clone();
  }

  @Override
  public int levels() {
    return prefixes4.length + 2;
  }

  @Override
  public String apply(String value, int level) {
    byte[] address = parse(value);
    if (level == levels() - 1) {
      return "*";
    }
    return prefix(address, address.length == 4 ? prefixes4[level - 1] : prefixes6[level - 1]);
  }

  /** Parses an IPv4 dotted quad or an IPv6 literal; never resolves names. */
  static byte[] parse(String value) {
    String s = value.trim();
    if (s.isEmpty() || s.length() > 45) {
      throw new InvalidInputException("expected an IP address, got " + s.length() + " characters");
    }
    if (s.indexOf(':') < 0) {
      return parse4(s);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
      if (!ok) {
        throw new InvalidInputException("expected an IPv6 address; character at position " + i + " is not allowed");
      }
    }
    try {
      byte[] b = InetAddress.getByName(s).getAddress(); // a literal: no name lookup
      if (b.length == 4) { // IPv4-mapped form: keep IPv6 semantics
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(b, 0, m, 12, 4);
        return m;
      }
      return b;
    } catch (UnknownHostException e) {
      throw new InvalidInputException("expected an IPv6 address");
    }
  }

  private static byte[] parse4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int acc = -1;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (acc < 0 || part > 3) {
          throw new InvalidInputException("expected an IPv4 dotted quad; malformed at position " + i);
        }
        out[part++] = (byte) acc;
        acc = -1;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        acc = (acc < 0 ? 0 : acc * 10) + (c - '0');
        if (++digits > 3 || acc > 255) {
          throw new InvalidInputException("expected an IPv4 dotted quad; octet out of range at position " + i);
        }
      } else {
        throw new InvalidInputException("expected an IPv4 dotted quad; character at position " + i + " is not allowed");
      }
    }
    if (part != 4) {
      throw new InvalidInputException("expected an IPv4 dotted quad with four octets");
    }
    return out;
  }

  static String prefix(byte[] address, int bits) {
    if (address.length == 4) {
      int a = ((address[0] & 0xff) << 24) | ((address[1] & 0xff) << 16) | ((address[2] & 0xff) << 8)
          | (address[3] & 0xff);
      a &= bits == 0 ? 0 : -1 << (32 - bits);
      // one concatenation sized up front, no StringBuilder growth or copy
      return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff) + "/" + bits;
    }
    // eight masked groups in lower-case hex without leading zeros (as Integer.toHexString), written
    // into one array sized for the longest text: no copy of the address, no String per group
    char[] out = new char[8 * 5 + 3];
    int n = 0;
    for (int g = 0; g < 8; g++) {
      int keep = Math.max(0, Math.min(16, bits - 16 * g));
      int v = (((address[2 * g] & 0xff) << 8) | (address[2 * g + 1] & 0xff)) & (0xffff0000 >>> keep);
      if (g > 0) {
        out[n++] = ':';
      }
      for (int shift = v == 0 ? 0 : (31 - Integer.numberOfLeadingZeros(v)) & ~3; shift >= 0; shift -= 4) {
        out[n++] = HEX[(v >>> shift) & 0xf];
      }
    }
    out[n++] = '/';
    if (bits >= 100) {
      out[n++] = '1';
    }
    if (bits >= 10) {
      out[n++] = (char) ('0' + bits / 10 % 10);
    }
    out[n++] = (char) ('0' + bits % 10);
    return new String(out, 0, n);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
