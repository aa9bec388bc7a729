package org.anonkit.cryptopan;

import java.math.BigInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;

/**
 * An independent, deliberately plain Crypto-PAn (the published algorithm, one AES call per bit, 128-bit
 * BigInteger arithmetic, no caches) to cross-check the optimized engine in tests.
 */
final class NaiveCryptoPan {
  private final Cipher cipher;
  private final BigInteger pad;

  NaiveCryptoPan(DerivedKey key) throws Exception {
    byte[] k = key.secret().toByteArray(SecretAccess.get());
    cipher = Cipher.getInstance("AES/ECB/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, 0, 16, "AES"));
    pad = new BigInteger(1, cipher.doFinal(k, 16, 16));
  }

  /** Anonymizes a {@code bits}-bit address (32 or 128) that occupies the top of the 128-bit block. */
  BigInteger anonymize(BigInteger address, int bits) throws Exception {
    BigInteger ext = address.shiftLeft(128 - bits);
    BigInteger all = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    BigInteger result = BigInteger.ZERO;
    for (int i = 0; i < bits; i++) {
      BigInteger prefixMask = all.shiftRight(128 - i).shiftLeft(128 - i);
      BigInteger block = ext.and(prefixMask).or(pad.and(all.xor(prefixMask)));
      byte[] in = new byte[16];
      byte[] b = block.toByteArray();
      int copy = Math.min(16, b.length);
      System.arraycopy(b, b.length - copy, in, 16 - copy, copy);
      int bit = (cipher.doFinal(in)[0] >>> 7) & 1;
      result = result.shiftLeft(1).or(BigInteger.valueOf(bit));
    }
    return address.xor(result);
  }

  int anonymizeIpv4(int address) throws Exception {
    return anonymize(BigInteger.valueOf(address & 0xffffffffL), 32).intValue();
  }

  long[] anonymizeIpv6(long high, long low) throws Exception {
    BigInteger a = new BigInteger(1, toBytes(high, low));
    BigInteger r = anonymize(a, 128);
    return new long[] {r.shiftRight(64).longValue(), r.longValue()};
  }

  private static byte[] toBytes(long high, long low) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (high >>> (56 - 8 * i));
      b[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return b;
  }
}
