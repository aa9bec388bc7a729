package org.anonkit.benchmarks;

/**
 * IPv6 text for the benchmarks' inputs and naive baselines, written independently of the library's own
 * formatter ({@code IpText}) so that a baseline does not share the code it is compared with. Stateless.
 */
public final class Ipv6Text {
  private Ipv6Text() {}

  /** {@link #rfc5952(long, long)} of 16 address bytes in network order. */
  public static String rfc5952(byte[] a) {
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 8; k++) {
      hi = (hi << 8) | (a[k] & 255);
      lo = (lo << 8) | (a[k + 8] & 255);
    }
    return rfc5952(hi, lo);
  }

  /**
   * RFC 5952 text of the address {@code hi:lo}, written the obvious way: eight groups in lower-case hex,
   * then the longest run of two or more zero groups cut to {@code ::}; an IPv4-mapped address as
   * {@code ::ffff:a.b.c.d}.
   */
  public static String rfc5952(long hi, long lo) {
    int[] g = new int[8];
    for (int k = 0; k < 4; k++) {
      g[k] = (int) (hi >>> (48 - 16 * k)) & 0xffff;
      g[k + 4] = (int) (lo >>> (48 - 16 * k)) & 0xffff;
    }
    if (hi == 0 && (lo >>> 32) == 0xffffL) {
      return "::ffff:" + (g[6] >>> 8) + "." + (g[6] & 255) + "." + (g[7] >>> 8) + "." + (g[7] & 255);
    }
    int best = -1;
    int bestLen = 1;
    for (int k = 0; k < 8; k++) {
      int len = 0;
      while (k + len < 8 && g[k + len] == 0) {
        len++;
      }
      if (len > bestLen) {
        best = k;
        bestLen = len;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < 8; k++) {
      if (k == best) {
        sb.append("::");
        k += bestLen - 1;
        continue;
      }
      if (k > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[k]));
    }
    return sb.toString();
  }
}
