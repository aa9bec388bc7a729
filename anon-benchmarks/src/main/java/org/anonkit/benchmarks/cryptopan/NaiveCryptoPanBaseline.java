package org.anonkit.benchmarks.cryptopan;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;

/**
 * BASELINE ONLY, never for production: the textbook Crypto-PAn loop with one JCE {@code doFinal} per
 * address bit (32 for IPv4, 128 for IPv6), no batching and no caches. It reuses its buffers and its
 * cipher, so it measures the algorithmic structure, not allocation. Output-identical to
 * {@link org.anonkit.cryptopan.CryptoPan#create} (checked in the benchmark's setup).
 *
 * <p>Not thread-safe (one per benchmark thread).
 */
public final class NaiveCryptoPanBaseline {
  private final Cipher cipher;
  private final byte[] pad;
  private final byte[] block = new byte[16];
  private final byte[] out = new byte[16];

  public NaiveCryptoPanBaseline(DerivedKey key) throws GeneralSecurityException {
    byte[] k = key.secret().toByteArray(SecretAccess.get());
    try {
      cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, 0, 16, "AES"));
      pad = cipher.doFinal(k, 16, 16);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** One AES call: block = first {@code i} bits of {@code addr} (16 bytes), then the pad. */
  private int flipBit(byte[] addr, int i) throws GeneralSecurityException {
    int full = i >>> 3;
    System.arraycopy(addr, 0, block, 0, full);
    System.arraycopy(pad, full, block, full, 16 - full);
    int rem = i & 7;
    if (rem != 0) {
      int mask = 0xff << (8 - rem);
      block[full] = (byte) ((addr[full] & mask) | (pad[full] & ~mask));
    }
    cipher.doFinal(block, 0, 16, out, 0);
    return (out[0] >>> 7) & 1;
  }

  private final byte[] addr4 = new byte[16];

  public int anonymizeIpv4(int address) throws GeneralSecurityException {
    addr4[0] = (byte) (address >>> 24);
    addr4[1] = (byte) (address >>> 16);
    addr4[2] = (byte) (address >>> 8);
    addr4[3] = (byte) address;
    int flips = 0;
    for (int i = 0; i < 32; i++) {
      flips |= flipBit(addr4, i) << (31 - i);
    }
    return address ^ flips;
  }

  private final byte[] addr6 = new byte[16];

  /** Writes the result to {@code result[0]} (high) and {@code result[1]} (low). */
  public void anonymizeIpv6(long high, long low, long[] result) throws GeneralSecurityException {
    for (int i = 0; i < 8; i++) {
      addr6[i] = (byte) (high >>> (56 - 8 * i));
      addr6[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    long fh = 0;
    long fl = 0;
    for (int i = 0; i < 64; i++) {
      fh |= (long) flipBit(addr6, i) << (63 - i);
    }
    for (int i = 64; i < 128; i++) {
      fl |= (long) flipBit(addr6, i) << (127 - i);
    }
    result[0] = high ^ fh;
    result[1] = low ^ fl;
  }
}
