package org.anonkit.cryptopan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * One thread's Crypto-PAn machinery: an AES-128/ECB cipher, the AES input/output buffers and the
 * prefix caches. Computes the reference flip bits: for bit position {@code i} the AES input is the
 * first {@code i} bits of the address followed by bits {@code i..127} of the pad, and the flip bit is
 * the first bit of the AES output.
 *
 * <p>The inputs of all positions of one address depend only on that address, so they are built first
 * and encrypted in a single ECB {@code doFinal} call. Caches hold pure reference flip bits, keyed by the
 * exact input prefix they depend on (flip bit {@code i} depends only on input bits {@code 0..i-1}), so
 * they can never change a result. All caches are direct-mapped with fixed size (bounded memory).
 *
 * <p>Not thread-safe: {@link CryptoPan} keeps one per thread.
 */
final class FlipEngine {
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  // Cache sizes (entries). Memory per thread: ~256 KiB + 32 KiB + 128 KiB for IPv4, ~48 KiB for IPv6.
  private static final int V4_EXACT_SET_BITS = 13; // 2-way: 2^14 entries
  private static final int V4_P24_BITS = 12;
  private static final int V6_EXACT_BITS = 10;
  private static final int V6_P64_BITS = 10;

  private final Cipher cipher;
  private final int padTop32;
  private final long padHigh;
  private final long padLow;

  private final byte[] in4 = new byte[32 * 16];
  private final byte[] out4 = new byte[32 * 16];
  private final byte[] in6 = new byte[128 * 16];
  private final byte[] out6 = new byte[128 * 16];
  private final byte[] one = new byte[16];

  /**
   * Exact IPv4 cache, 2-way set associative, most recently used first: entry = address << 32 | flips.
   * Only addresses whose /24 was already cached are admitted, so one-off addresses (scans, random
   * clients) do not evict the hot subnets' hosts.
   */
  private final long[] v4Exact = new long[2 << V4_EXACT_SET_BITS];
  /** /24 cache: entry = (address >>> 8) << 32 | flips of bits 0..23; bit 0 marks a filled slot. */
  private final long[] v4P24 = new long[1 << V4_P24_BITS];
  /** /16 table indexed by address >>> 16: flips of bits 0..15 in the top half; bit 0 marks filled. */
  private final int[] v4P16 = new int[1 << 16];

  private final long[] v6ExactHigh = new long[1 << V6_EXACT_BITS];
  private final long[] v6ExactLow = new long[1 << V6_EXACT_BITS];
  private final long[] v6ExactFlipHigh = new long[1 << V6_EXACT_BITS];
  private final long[] v6ExactFlipLow = new long[1 << V6_EXACT_BITS];
  private final long[] v6P64Key = new long[1 << V6_P64_BITS];
  private final long[] v6P64Flips = new long[1 << V6_P64_BITS];

  /** Results of {@link #flipsIpv6}. */
  long flipHigh;
  long flipLow;

  FlipEngine(byte[] aesKey, long padHigh, long padLow) {
    try {
      cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB/NoPadding is not available in this JVM", e);
    }
    this.padHigh = padHigh;
    this.padLow = padLow;
    this.padTop32 = (int) (padHigh >>> 32);
    for (int b = 0; b < 32; b++) {
      LONG_BE.set(in4, 16 * b, padHigh);
      LONG_BE.set(in4, 16 * b + 8, padLow);
    }
    for (int b = 0; b < 128; b++) {
      LONG_BE.set(in6, 16 * b, padHigh);
      LONG_BE.set(in6, 16 * b + 8, padLow);
    }
    // Empty slots hold a key that does not hash to that slot, so they never match.
    for (int s = 0; s < v4Exact.length; s++) {
      int k = 0;
      while (v4ExactSet(k) == s >>> 1) {
        k++;
      }
      v4Exact[s] = (long) k << 32;
    }
    for (int s = 0; s < v6ExactHigh.length; s++) {
      long k = 0;
      while (v6ExactSlot(k, 0) == s) {
        k++;
      }
      v6ExactHigh[s] = k;
    }
    for (int s = 0; s < v6P64Key.length; s++) {
      long k = 0;
      while (v6P64Slot(k) == s) {
        k++;
      }
      v6P64Key[s] = k;
    }
  }

  private static int v4ExactSet(int address) {
    return (address * 0x9E3779B9) >>> (32 - V4_EXACT_SET_BITS);
  }

  private static int v4P24Slot(int prefix24) {
    return (prefix24 * 0x9E3779B9) >>> (32 - V4_P24_BITS);
  }

  private static int v6ExactSlot(long high, long low) {
    long h = (high * 0x9E3779B97F4A7C15L) ^ (low * 0xC2B2AE3D27D4EB4FL);
    return (int) ((h ^ (h >>> 29)) * 0x9E3779B97F4A7C15L >>> (64 - V6_EXACT_BITS));
  }

  private static int v6P64Slot(long high) {
    return (int) ((high * 0x9E3779B97F4A7C15L) >>> (64 - V6_P64_BITS));
  }

  /** The reference flip bits of an IPv4 address (bit 31 = position 0), using the caches. */
  int flipsIpv4(int address) {
    int es = v4ExactSet(address) << 1;
    long e0 = v4Exact[es];
    if ((int) (e0 >>> 32) == address) {
      return (int) e0;
    }
    long e1 = v4Exact[es + 1];
    if ((int) (e1 >>> 32) == address) {
      v4Exact[es] = e1;
      v4Exact[es + 1] = e0;
      return (int) e1;
    }
    int p24 = address >>> 8;
    int ps = v4P24Slot(p24);
    long p = v4P24[ps];
    int flips;
    if ((p & 1) != 0 && (int) (p >>> 32) == p24) {
      flips = ((int) p & 0xffffff00) | computeIpv4(address, 24);
      v4Exact[es + 1] = e0;
      v4Exact[es] = ((long) address << 32) | (flips & 0xffffffffL);
    } else {
      int q = v4P16[address >>> 16];
      if (q != 0) {
        flips = (q & 0xffff0000) | computeIpv4(address, 16);
      } else {
        flips = computeIpv4(address, 0);
        v4P16[address >>> 16] = (flips & 0xffff0000) | 1;
      }
      v4P24[ps] = ((long) p24 << 32) | ((flips & 0xffffff00L) | 1L);
    }
    return flips;
  }

  /** Flip bits for positions {@code from..31} of {@code address}, in one ECB call. */
  private int computeIpv4(int address, int from) {
    for (int i = from; i < 32; i++) {
      int mask = i == 0 ? 0 : -1 << (32 - i);
      INT_BE.set(in4, 16 * i, (address & mask) | (padTop32 & ~mask));
    }
    encrypt(in4, 16 * from, 16 * (32 - from), out4);
    int flips = 0;
    for (int i = from; i < 32; i++) {
      flips |= ((out4[16 * i] >>> 7) & 1) << (31 - i);
    }
    return flips;
  }

  /** The reference flip bits of an IPv6 address into {@link #flipHigh}/{@link #flipLow}. */
  void flipsIpv6(long high, long low) {
    int es = v6ExactSlot(high, low);
    if (v6ExactHigh[es] == high && v6ExactLow[es] == low) {
      flipHigh = v6ExactFlipHigh[es];
      flipLow = v6ExactFlipLow[es];
      return;
    }
    int ps = v6P64Slot(high);
    if (v6P64Key[ps] == high) {
      flipHigh = v6P64Flips[ps];
      flipLow = computeIpv6Low(high, low, 64);
    } else {
      computeIpv6(high, low);
      v6P64Key[ps] = high;
      v6P64Flips[ps] = flipHigh;
    }
    v6ExactHigh[es] = high;
    v6ExactLow[es] = low;
    v6ExactFlipHigh[es] = flipHigh;
    v6ExactFlipLow[es] = flipLow;
  }

  private void computeIpv6(long high, long low) {
    for (int i = 0; i < 64; i++) {
      long mask = i == 0 ? 0 : -1L << (64 - i);
      LONG_BE.set(in6, 16 * i, (high & mask) | (padHigh & ~mask));
      LONG_BE.set(in6, 16 * i + 8, padLow);
    }
    fillIpv6Low(high, low, 64);
    encrypt(in6, 0, 128 * 16, out6);
    long fh = 0;
    for (int i = 0; i < 64; i++) {
      fh |= (long) ((out6[16 * i] >>> 7) & 1) << (63 - i);
    }
    flipHigh = fh;
    flipLow = collectLow(64);
  }

  private long computeIpv6Low(long high, long low, int from) {
    fillIpv6Low(high, low, from);
    encrypt(in6, 16 * from, 16 * (128 - from), out6);
    return collectLow(from);
  }

  private void fillIpv6Low(long high, long low, int from) {
    for (int i = from; i < 128; i++) {
      int j = i - 64;
      long mask = j == 0 ? 0 : -1L << (64 - j);
      LONG_BE.set(in6, 16 * i, high);
      LONG_BE.set(in6, 16 * i + 8, (low & mask) | (padLow & ~mask));
    }
  }

  private long collectLow(int from) {
    long fl = 0;
    for (int i = from; i < 128; i++) {
      fl |= (long) ((out6[16 * i] >>> 7) & 1) << (127 - i);
    }
    return fl;
  }

  /**
   * One flip bit, for bit-by-bit decoding: the AES input is {@code prefix} (already masked to its first
   * {@code position} bits, as a 128-bit value) followed by the pad.
   */
  int flipBit(long prefixHigh, long prefixLow, int position) {
    long maskHigh;
    long maskLow;
    if (position >= 64) {
      maskHigh = -1L;
      maskLow = position == 64 ? 0 : -1L << (128 - position);
    } else {
      maskHigh = position == 0 ? 0 : -1L << (64 - position);
      maskLow = 0;
    }
    LONG_BE.set(one, 0, (prefixHigh & maskHigh) | (padHigh & ~maskHigh));
    LONG_BE.set(one, 8, (prefixLow & maskLow) | (padLow & ~maskLow));
    encrypt(one, 0, 16, out6);
    return (out6[0] >>> 7) & 1;
  }

  private void encrypt(byte[] in, int offset, int length, byte[] out) {
    try {
      cipher.doFinal(in, offset, length, out, offset);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES encryption failed", e);
    }
  }
}
