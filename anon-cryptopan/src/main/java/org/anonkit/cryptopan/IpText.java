package org.anonkit.cryptopan;

/**
 * Strict parsing and canonical formatting of IPv4 dotted-quad and IPv6 text (RFC 4291 section 2.2 in,
 * RFC 5952 out), over a range of a {@link CharSequence} so callers can parse in place without copying.
 * The IPv6 group separator is a parameter because HTCondor's sinful strings spell {@code :} as {@code -}
 * inside {@code addrs=}.
 *
 * <p>Stateless; thread-safe.
 */
final class IpText {
  /** Returned by {@link #parseIpv4} for text that is not a dotted quad. */
  static final long INVALID = -1L;

  private IpText() {}

  /**
   * Parses {@code a.b.c.d} (decimal 0-255, no leading zeros, no sign or spaces).
   *
   * @return the address as an unsigned value in the low 32 bits, or {@link #INVALID}
   */
  static long parseIpv4(CharSequence s, int from, int to) {
    long value = 0;
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int octet = 0;
      while (i < to && i - start < 4) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        octet = octet * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return INVALID;
      }
      value = (value << 8) | octet;
      parts++;
      if (parts == 4) {
        return i == to ? value : INVALID;
      }
      if (i >= to || s.charAt(i) != '.') {
        return INVALID;
      }
      i++;
    }
  }

  /**
   * Parses IPv6 text: up to eight groups of one to four hex digits separated by {@code sep}, at most one
   * {@code sep sep} standing for a run of zero groups, optionally ending in a dotted quad for the last
   * 32 bits. No zone index, no brackets, no prefix length.
   *
   * @param out receives the high 64 bits in {@code out[0]} and the low 64 bits in {@code out[1]}
   * @return whether the text was a valid address ({@code out} is unspecified otherwise)
   */
  static boolean parseIpv6(CharSequence s, int from, int to, char sep, long[] out) {
    if (to - from < 2) {
      return false;
    }
    int[] groups = new int[8];
    int n = 0;
    int gap = -1;
    int i = from;
    if (s.charAt(i) == sep) {
      if (s.charAt(i + 1) != sep) {
        return false;
      }
      gap = 0;
      i += 2;
    }
    while (i < to) {
      int start = i;
      int value = 0;
      while (i < to && i - start <= 4) {
        int d = Character.digit(s.charAt(i), 16);
        if (d < 0 || s.charAt(i) > 'f') {
          break;
        }
        value = (value << 4) | d;
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        // Dotted quad in the last 32 bits.
        long v4 = parseIpv4(s, start, to);
        if (v4 == INVALID || n > 6) {
          return false;
        }
        groups[n++] = (int) (v4 >>> 16);
        groups[n++] = (int) (v4 & 0xffff);
        i = to;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || n == 8) {
        return false;
      }
      groups[n++] = value;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != sep) {
        return false;
      }
      i++;
      if (i < to && s.charAt(i) == sep) {
        if (gap >= 0) {
          return false;
        }
        gap = n;
        i++;
      } else if (i == to) {
        return false; // a single trailing separator
      }
    }
    if (gap < 0) {
      if (n != 8) {
        return false;
      }
    } else {
      if (n > 7) {
        return false;
      }
      int tail = n - gap;
      System.arraycopy(groups, gap, groups, 8 - tail, tail);
      for (int k = gap; k < 8 - tail; k++) {
        groups[k] = 0;
      }
    }
    out[0] = ((long) groups[0] << 48) | ((long) groups[1] << 32) | ((long) groups[2] << 16) | groups[3];
    out[1] = ((long) groups[4] << 48) | ((long) groups[5] << 32) | ((long) groups[6] << 16) | groups[7];
    return true;
  }

  static void formatIpv4(int address, StringBuilder sb) {
    sb.append(address >>> 24).append('.').append((address >>> 16) & 0xff).append('.')
        .append((address >>> 8) & 0xff).append('.').append(address & 0xff);
  }

  static String formatIpv4(int address) {
    StringBuilder sb = new StringBuilder(15);
    formatIpv4(address, sb);
    return sb.toString();
  }

  /** Whether the 128-bit value is IPv4-mapped, {@code ::ffff:0:0/96}. */
  static boolean isIpv4Mapped(long high, long low) {
    return high == 0 && (low >>> 32) == 0xffffL;
  }

  /**
   * Formats per RFC 5952: lower-case hex, no leading zeros, the longest run (first on a tie) of two or
   * more zero groups shortened to {@code sep sep}, and IPv4-mapped addresses as {@code ::ffff:a.b.c.d}
   * (section 5).
   */
  static void formatIpv6(long high, long low, char sep, StringBuilder sb) {
    if (isIpv4Mapped(high, low)) {
      sb.append(sep).append(sep).append("ffff").append(sep);
      formatIpv4((int) low, sb);
      return;
    }
    int[] g = new int[8];
    for (int k = 0; k < 4; k++) {
      g[k] = (int) (high >>> (48 - 16 * k)) & 0xffff;
      g[k + 4] = (int) (low >>> (48 - 16 * k)) & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int k = 0; k < 8; ) {
      if (g[k] != 0) {
        k++;
        continue;
      }
      int start = k;
      while (k < 8 && g[k] == 0) {
        k++;
      }
      if (k - start > bestLen) {
        bestStart = start;
        bestLen = k - start;
      }
    }
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        sb.append(sep).append(sep);
        k += bestLen - 1;
        continue;
      }
      if (k > 0 && k != bestStart + bestLen) {
        sb.append(sep);
      }
      sb.append(Integer.toHexString(g[k]));
    }
  }

  static String formatIpv6(long high, long low) {
    StringBuilder sb = new StringBuilder(39);
    formatIpv6(high, low, ':', sb);
    return sb.toString();
  }
}
