package org.anonkit.cryptopan;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.InvalidInputException;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;

/**
 * Crypto-PAn, prefix-preserving IP address anonymization (J. Xu, J. Fan, M. Ammar, S. Moon, "Prefix-
 * Preserving IP Address Anonymization", ICNP 2002), output-compatible with the authors' reference
 * implementation and with the widely used ports for IPv6.
 *
 * <h2>Construction</h2>
 * The 32-byte key is split into a 16-byte AES-128 key {@code K} and 16 bytes that are encrypted once,
 * {@code pad = AES_K(key[16..31])}. For bit position {@code i} of an address (0 = most significant) the
 * AES input is the first {@code i} bits of the original address followed by bits {@code i..127} of the
 * pad; the first bit of {@code AES_K(input)} is XORed into bit {@code i}. An IPv4 address occupies the
 * top 32 bits of the 128-bit block (as in the reference code); IPv6 uses the same construction over 128
 * bits, as do yacryptopan (Python), Yawning Angel's cryptopan (Go), node-cryptopan and
 * Sappan.CryptoPAn (C#) -- the conformance tests check vectors from those ports. The construction is
 * <em>not</em> the one of the Lucent/Stott variant, nfdump's IPv6 mode or cryptopANT, whose outputs
 * differ.
 *
 * <h2>Security guarantees</h2>
 * Two addresses sharing exactly a {@code k}-bit prefix map to addresses sharing exactly a {@code k}-bit
 * prefix; the map is a bijection (so joins on addresses survive) and {@link #reverseIpv4}/
 * {@link #reverseIpv6} invert it for the key holder.
 *
 * <p><b>Warning.</b> Crypto-PAn is pseudonymization: the subnet structure is kept on purpose, and an
 * attacker who knows some original addresses (e.g. public servers seen in the data) learns the
 * mapping of their prefixes, hence partial information on every address sharing them. Treat the key
 * like the clear data.
 *
 * <p><b>Unchanged leading bits are common.</b> The AES input for bit {@code i+1} is the input for bit
 * {@code i} with bit {@code i} changed from the pad's to the address's, so wherever the address agrees
 * with the pad the two inputs are one block and the flip bit repeats. The flip bits are therefore not
 * independent: a random address keeps its first {@code k} bits with probability
 * {@code 0.5 * 0.75^(k-1)} over keys, not {@code 2^-k}: its first octet 6.7% of the time (not 1/256),
 * its /16 0.67% (not 1/65,536), and the whole address, unchanged, about 1 time in 15,000 (not
 * 1 in 2<sup>32</sup>); measured 7.2%, 0.72% and 1 in 13,500 over 300 keys x 20,000 addresses. This is
 * the published construction, kept for output compatibility; which addresses are affected depends on
 * the key and is invisible in the output.
 *
 * <h2>Options</h2>
 * {@link #create} gives the plain reference mapping. {@link #builder} adds, each documented with what it
 * reveals: {@linkplain Builder#keepPrefixBits kept prefixes}, {@linkplain Builder#specialRanges special
 * ranges} passed through or kept within their range, and {@linkplain Builder#ipv4MappedAsIpv4
 * IPv4-mapped IPv6 handling}. Every combination is still a bijection, and prefix-preserving (see
 * {@link Builder#specialRanges} for how), with one exception: with IPv4-mapped handling on, prefixes are
 * preserved among IPv4-mapped addresses and among the other IPv6 addresses, but not between the two
 * groups (see {@link Builder#ipv4MappedAsIpv4}).
 *
 * <h2>Speed</h2>
 * The AES inputs of one address depend only on that address, so all 32 (or 128) are encrypted in one
 * JCE call (AES-NI where the JVM has it), on a per-thread cipher; per-thread, fixed-size prefix caches
 * (exact address, /24 and /16 for IPv4; exact and /64 for IPv6) skip the positions whose flip bits are
 * already known. Caches hold reference flip bits only and never change a result.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never prints key material.
 */
public final class CryptoPan {
  /** The key length in bytes: 16 for AES-128 and 16 for the pad. */
  public static final int KEY_LENGTH = 32;

  private final String keyId;
  private final byte[] aesKey;
  private final long padHigh;
  private final long padLow;
  private final int keepIpv4;
  private final int keepIpv6;
  private final RangeHandling handling;
  private final Set<SpecialRange> ranges;
  private final boolean mappedAsIpv4;
  // Special ranges as parallel arrays: IPv4 prefix/length, IPv6 prefix high/low/length.
  private final int[] v4Prefix;
  private final int[] v4Length;
  private final long[] v6High;
  private final long[] v6Low;
  private final int[] v6Length;
  private final ThreadLocal<FlipEngine> engines;

  private CryptoPan(Builder b) {
    byte[] key = b.key.secret().toByteArray(SecretAccess.get());
    try {
      this.aesKey = Arrays.copyOfRange(key, 0, 16);
      byte[] pad;
      try {
        Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
        pad = c.doFinal(key, 16, 16);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES/ECB/NoPadding is not available in this JVM", e);
      }
      this.padHigh = readLong(pad, 0);
      this.padLow = readLong(pad, 8);
      Arrays.fill(pad, (byte) 0);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    this.keyId = b.key.keyId();
    this.keepIpv4 = b.keepIpv4;
    this.keepIpv6 = b.keepIpv6;
    this.handling = b.handling;
    this.ranges = Collections.unmodifiableSet(EnumSet.copyOf(b.ranges));
    this.mappedAsIpv4 = b.mappedAsIpv4;
    int n4 = 0;
    int n6 = 0;
    if (handling != RangeHandling.ANONYMIZE) {
      for (SpecialRange r : ranges) {
        n4 += r.v4.length;
        n6 += r.v6.length;
      }
    }
    v4Prefix = new int[n4];
    v4Length = new int[n4];
    v6High = new long[n6];
    v6Low = new long[n6];
    v6Length = new int[n6];
    if (handling != RangeHandling.ANONYMIZE) {
      int i4 = 0;
      int i6 = 0;
      long[] tmp = new long[2];
      for (SpecialRange r : ranges) {
        for (String cidr : r.v4) {
          int slash = cidr.indexOf('/');
          v4Prefix[i4] = (int) IpText.parseIpv4(cidr, 0, slash);
          v4Length[i4++] = Integer.parseInt(cidr.substring(slash + 1));
        }
        for (String cidr : r.v6) {
          int slash = cidr.indexOf('/');
          IpText.parseIpv6(cidr, 0, slash, ':', tmp);
          v6High[i6] = tmp[0];
          v6Low[i6] = tmp[1];
          v6Length[i6++] = Integer.parseInt(cidr.substring(slash + 1));
        }
      }
    }
    this.engines = ThreadLocal.withInitial(() -> new FlipEngine(aesKey, padHigh, padLow));
  }

  private static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  /**
   * The plain reference mapping for a 32-byte key (from {@code TransformerContext.key(32)}, or
   * {@link DerivedKey#direct} for published vectors).
   *
   * @throws IllegalArgumentException if the key is not {@value #KEY_LENGTH} bytes long
   */
  public static CryptoPan create(DerivedKey key) {
    return builder(key).build();
  }

  /** A builder for a mapping with options; with no option set it builds the reference mapping. */
  public static Builder builder(DerivedKey key) {
    return new Builder(key);
  }

  // ---------------------------------------------------------------------------------------- IPv4

  /** Anonymizes an IPv4 address given as a 32-bit value (most significant byte first). */
  public int anonymizeIpv4(int address) {
    int flips = engines.get().flipsIpv4(address);
    int m = forcedIpv4(address);
    if (m != 0) {
      flips = m >= 32 ? 0 : flips & (-1 >>> m);
    }
    return address ^ flips;
  }

  /** Inverts {@link #anonymizeIpv4(int)}. */
  public int reverseIpv4(int anonymized) {
    FlipEngine engine = engines.get();
    int x = 0;
    for (int i = 0; i < 32; i++) {
      int bit = (anonymized >>> (31 - i)) & 1;
      if (!forcedIpv4At(x, i)) {
        bit ^= engine.flipBit((long) x << 32, 0, i);
      }
      x |= bit << (31 - i);
    }
    return x;
  }

  /** Number of leading flip bits forced to zero for {@code x} by the options (0 without options). */
  private int forcedIpv4(int x) {
    int m = keepIpv4;
    for (int r = 0; r < v4Prefix.length; r++) {
      int p = v4Length[r];
      int c = Integer.numberOfLeadingZeros(x ^ v4Prefix[r]);
      if (c >= p) {
        if (handling == RangeHandling.PASSTHROUGH) {
          return 32;
        }
        m = Math.max(m, p);
      } else {
        m = Math.max(m, c + 1);
      }
    }
    return m;
  }

  /** Whether the flip bit at {@code position} is forced to zero, knowing only bits before it. */
  private boolean forcedIpv4At(int prefix, int position) {
    if (position < keepIpv4) {
      return true;
    }
    for (int r = 0; r < v4Prefix.length; r++) {
      int p = v4Length[r];
      int c = Math.min(Integer.numberOfLeadingZeros(prefix ^ v4Prefix[r]), position);
      if (position < p ? c >= position : c >= p && handling == RangeHandling.PASSTHROUGH) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------- IPv6

  /**
   * Anonymizes an IPv6 address given as its high and low 64 bits; writes the result's high bits to
   * {@code out[0]} and low bits to {@code out[1]}.
   *
   * @throws InvalidInputException only with {@linkplain Builder#ipv4MappedAsIpv4 IPv4-mapped handling}
   *     on, for the one /96 of non-mapped addresses whose image is IPv4-mapped (see there)
   */
  public void anonymizeIpv6(long high, long low, long[] out) {
    if (mappedAsIpv4 && IpText.isIpv4Mapped(high, low)) {
      out[0] = 0;
      out[1] = 0xffff_0000_0000L | (anonymizeIpv4((int) low) & 0xffff_ffffL);
      return;
    }
    FlipEngine engine = engines.get();
    engine.flipsIpv6(high, low);
    long fh = engine.flipHigh;
    long fl = engine.flipLow;
    int m = forcedIpv6(high, low);
    if (m != 0) {
      if (m >= 128) {
        fh = 0;
        fl = 0;
      } else if (m >= 64) {
        fh = 0;
        fl &= m == 64 ? -1L : -1L >>> (m - 64);
      } else {
        fh &= -1L >>> m;
      }
    }
    long rh = high ^ fh;
    long rl = low ^ fl;
    if (mappedAsIpv4 && IpText.isIpv4Mapped(rh, rl)) {
      throw new InvalidInputException("this IPv6 address would map into the IPv4-mapped range "
          + "::ffff:0:0/96 reserved for IPv4 addresses; it cannot be anonymized with ipv4Mapped on");
    }
    out[0] = rh;
    out[1] = rl;
  }

  /** Inverts {@link #anonymizeIpv6}; same output convention. */
  public void reverseIpv6(long high, long low, long[] out) {
    if (mappedAsIpv4 && IpText.isIpv4Mapped(high, low)) {
      out[0] = 0;
      out[1] = 0xffff_0000_0000L | (reverseIpv4((int) low) & 0xffff_ffffL);
      return;
    }
    FlipEngine engine = engines.get();
    long xh = 0;
    long xl = 0;
    for (int i = 0; i < 128; i++) {
      int bit = (int) (i < 64 ? high >>> (63 - i) : low >>> (127 - i)) & 1;
      if (!forcedIpv6At(xh, xl, i)) {
        bit ^= engine.flipBit(xh, xl, i);
      }
      if (i < 64) {
        xh |= (long) bit << (63 - i);
      } else {
        xl |= (long) bit << (127 - i);
      }
    }
    if (mappedAsIpv4 && IpText.isIpv4Mapped(xh, xl)) {
      throw new InvalidInputException("this IPv6 address is not an output of the mapping");
    }
    out[0] = xh;
    out[1] = xl;
  }

  private static int commonPrefix(long ah, long al, long bh, long bl) {
    long dh = ah ^ bh;
    return dh != 0 ? Long.numberOfLeadingZeros(dh) : 64 + Long.numberOfLeadingZeros(al ^ bl);
  }

  private int forcedIpv6(long high, long low) {
    int m = keepIpv6;
    for (int r = 0; r < v6Length.length; r++) {
      int p = v6Length[r];
      int c = commonPrefix(high, low, v6High[r], v6Low[r]);
      if (c >= p) {
        if (handling == RangeHandling.PASSTHROUGH) {
          return 128;
        }
        m = Math.max(m, p);
      } else {
        m = Math.max(m, c + 1);
      }
    }
    return m;
  }

  private boolean forcedIpv6At(long prefixHigh, long prefixLow, int position) {
    if (position < keepIpv6) {
      return true;
    }
    for (int r = 0; r < v6Length.length; r++) {
      int p = v6Length[r];
      int c = Math.min(commonPrefix(prefixHigh, prefixLow, v6High[r], v6Low[r]), position);
      if (position < p ? c >= position : c >= p && handling == RangeHandling.PASSTHROUGH) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------- text

  /**
   * Anonymizes an IPv4 address in dotted-quad text or an IPv6 address in RFC 4291 text; returns the
   * same family, IPv6 formatted per RFC 5952.
   *
   * @throws InvalidInputException if the text is not an address (the message never contains it)
   */
  public String anonymize(CharSequence address) {
    StringBuilder sb = new StringBuilder(40);
    transform(address, 0, address.length(), ':', false, sb, new long[2]);
    return sb.toString();
  }

  /** Inverts {@link #anonymize(CharSequence)}. */
  public String reverse(CharSequence anonymized) {
    StringBuilder sb = new StringBuilder(40);
    transform(anonymized, 0, anonymized.length(), ':', true, sb, new long[2]);
    return sb.toString();
  }

  /**
   * Transforms the address text in {@code s[from, to)} (IPv6 groups separated by {@code sep}) and
   * appends the result, formatted with the same separator.
   */
  void transform(CharSequence s, int from, int to, char sep, boolean reverse, StringBuilder sb, long[] tmp) {
    long v4 = IpText.parseIpv4(s, from, to);
    if (v4 != IpText.INVALID) {
      int r = reverse ? reverseIpv4((int) v4) : anonymizeIpv4((int) v4);
      IpText.formatIpv4(r, sb);
      return;
    }
    if (!IpText.parseIpv6(s, from, to, sep, tmp)) {
      throw new InvalidInputException(describe(s, from, to));
    }
    if (reverse) {
      reverseIpv6(tmp[0], tmp[1], tmp);
    } else {
      anonymizeIpv6(tmp[0], tmp[1], tmp);
    }
    IpText.formatIpv6(tmp[0], tmp[1], sep, sb);
  }

  /** A value-free description of why {@code s[from, to)} is not an address. */
  static String describe(CharSequence s, int from, int to) {
    int len = to - from;
    if (len == 0) {
      return "expected an IPv4 or IPv6 address, got an empty value";
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
          || c == '.' || c == ':';
      if (!ok) {
        return "expected an IPv4 or IPv6 address; character at position " + (i - from)
            + " is not allowed (value length " + len + ")";
      }
    }
    return "expected an IPv4 dotted quad or an IPv6 address; malformed (value length " + len + ")";
  }

  /** The key id this mapping was built with, for manifests. */
  public String keyId() {
    return keyId;
  }

  /** Prints the key id and the options, never key material. */
  @Override
  public String toString() {
    return "CryptoPan{keyId=" + keyId + ", keepPrefixBits=" + keepIpv4 + "/" + keepIpv6
        + ", specialRanges=" + handling + ranges + ", ipv4MappedAsIpv4=" + mappedAsIpv4 + "}";
  }

  // ------------------------------------------------------------------------------------ options

  /** What happens to addresses in the selected {@link SpecialRange}s. Immutable. */
  public enum RangeHandling {
    /** Special ranges are anonymized like every other address (the reference behaviour). */
    ANONYMIZE,
    /** Addresses in a selected range are returned unchanged. */
    PASSTHROUGH,
    /** Addresses in a selected range keep the range's prefix; the rest is anonymized. */
    WITHIN_RANGE
  }

  /** Address ranges with a special meaning that analysts often want to recognize. Immutable. */
  public enum SpecialRange {
    /** {@code 0.0.0.0/8} ("this network", includes the unspecified address) and {@code ::/128}. */
    UNSPECIFIED(new String[] {"0.0.0.0/8"}, new String[] {"::/128"}),
    /** {@code 127.0.0.0/8}, {@code ::1/128}. */
    LOOPBACK(new String[] {"127.0.0.0/8"}, new String[] {"::1/128"}),
    /** RFC 1918 {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}; RFC 4193 {@code fc00::/7}. */
    PRIVATE(new String[] {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}, new String[] {"fc00::/7"}),
    /** {@code 169.254.0.0/16}, {@code fe80::/10}. */
    LINK_LOCAL(new String[] {"169.254.0.0/16"}, new String[] {"fe80::/10"}),
    /** {@code 224.0.0.0/4}, {@code ff00::/8}. */
    MULTICAST(new String[] {"224.0.0.0/4"}, new String[] {"ff00::/8"}),
    /** RFC 6598 carrier-grade NAT {@code 100.64.0.0/10}. */
    SHARED(new String[] {"100.64.0.0/10"}, new String[0]),
    /** {@code 255.255.255.255/32}. */
    BROADCAST(new String[] {"255.255.255.255/32"}, new String[0]),
    /** RFC 5737 {@code 192.0.2/24}, {@code 198.51.100/24}, {@code 203.0.113/24}; RFC 3849 {@code 2001:db8::/32}. */
    DOCUMENTATION(new String[] {"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"},
        new String[] {"2001:db8::/32"});

    private final String[] v4;
    private final String[] v6;

    SpecialRange(String[] v4, String[] v6) {
      this.v4 = v4;
      this.v6 = v6;
    }
  }

  /**
   * Builds a {@link CryptoPan}. Each setter validates at once. Not thread-safe.
   */
  public static final class Builder {
    private final DerivedKey key;
    private int keepIpv4;
    private int keepIpv6;
    private RangeHandling handling = RangeHandling.ANONYMIZE;
    private Set<SpecialRange> ranges = EnumSet.noneOf(SpecialRange.class);
    private boolean mappedAsIpv4;

    private Builder(DerivedKey key) {
      this.key = Objects.requireNonNull(key, "key");
      if (key.size() != KEY_LENGTH) {
        throw new IllegalArgumentException(
            "Crypto-PAn needs a " + KEY_LENGTH + "-byte key, got " + key.size() + " bytes");
      }
    }

    /**
     * Keeps the first {@code ipv4Bits} bits of IPv4 and {@code ipv6Bits} of IPv6 addresses in clear
     * and anonymizes the rest (e.g. 16 keeps a site's /16 recognizable).
     *
     * <p><b>Reveals</b> those leading bits exactly: the site or provider network. The remaining bits
     * are still prefix-preserving and depend on the whole original prefix.
     */
    public Builder keepPrefixBits(int ipv4Bits, int ipv6Bits) {
      if (ipv4Bits < 0 || ipv4Bits > 32) {
        throw new IllegalArgumentException("ipv4Bits must be in [0, 32], got " + ipv4Bits);
      }
      if (ipv6Bits < 0 || ipv6Bits > 128) {
        throw new IllegalArgumentException("ipv6Bits must be in [0, 128], got " + ipv6Bits);
      }
      this.keepIpv4 = ipv4Bits;
      this.keepIpv6 = ipv6Bits;
      return this;
    }

    /**
     * Treats addresses in {@code selected} according to {@code handling}.
     *
     * <p>So that the result stays a bijection (no public address may land on a passed-through or
     * range-kept one), the flip bit is also forced to zero at every prefix that leads to a selected
     * range: the whole tree of ranges is mapped onto itself. <b>Reveals</b>: with
     * {@link RangeHandling#PASSTHROUGH}, the selected addresses themselves; with
     * {@link RangeHandling#WITHIN_RANGE}, that an address is in that range (and which one); and for
     * every address, the leading bits it shares with the nearest selected range plus one (for example,
     * with the private ranges selected, {@code 11.x.y.z} keeps its first octet, since 11 differs from 10
     * only in the 8th bit). With every range selected, a random public IPv4 address keeps its first 3
     * bits in 41% of cases, at most 5 bits in 74% and at most 8 bits in 97%; addresses close to a range
     * keep more (up to that range's prefix length).
     */
    public Builder specialRanges(RangeHandling handling, Set<SpecialRange> selected) {
      this.handling = Objects.requireNonNull(handling, "handling");
      this.ranges = selected.isEmpty() ? EnumSet.noneOf(SpecialRange.class) : EnumSet.copyOf(selected);
      return this;
    }

    /**
     * When {@code true}, an IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d} is anonymized as the IPv4
     * address {@code a.b.c.d} and keeps its {@code ::ffff:} prefix, so it stays consistent with the same
     * host written as plain IPv4 (HTCondor and dual-stack sockets write both). Default {@code false}:
     * the reference treats it as any other 128-bit value.
     *
     * <p>A pseudo-random /96 of other IPv6 addresses would then collide with the mapped range; those
     * (never seen in practice: one /96 in 2^96) are rejected with {@link InvalidInputException} rather
     * than mapped ambiguously. <b>Reveals</b> that the address is IPv4-mapped.
     *
     * <p><b>Prefixes across the groups are not preserved.</b> Mapped addresses keep {@code ::ffff:} and
     * the IPv4 mapping's prefix preservation among themselves; the other IPv6 addresses keep the
     * reference mapping's among themselves; but a mapped and a non-mapped address do not keep the
     * prefix they share ({@code ::ffff:128.11.68.132} and {@code ::1} share 80 bits, their images
     * about none), since the non-mapped one is mapped by the reference construction, which knows
     * nothing of the mapped range.
     */
    public Builder ipv4MappedAsIpv4(boolean on) {
      this.mappedAsIpv4 = on;
      return this;
    }

    public CryptoPan build() {
      if (handling != RangeHandling.ANONYMIZE && ranges.isEmpty()) {
        throw new IllegalArgumentException("special-range handling " + handling + " needs at least one range");
      }
      return new CryptoPan(this);
    }
  }
}
