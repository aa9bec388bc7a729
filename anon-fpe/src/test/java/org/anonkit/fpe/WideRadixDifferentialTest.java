package org.anonkit.fpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.fpe.FPEFF3_1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The radixes {@link BouncyCastleDifferentialTest} leaves out, against BouncyCastle 1.87: radix 2, 3 and
 * 16, the byte-radix edges 255 and 256, the wide radixes (BouncyCastle takes two big-endian bytes per
 * numeral above 256) 257, 1000, 4096, 40000 and 65535; FF1 tweaks of 0 to 299 bytes, lengths from the
 * minimum to 120 (both arithmetic paths), FF3-1 over its whole length range; the first three cases of
 * each radix at the maximal length and the next three at the minimal one. Radix 65536 is checked against a
 * spec-literal FF1 written here from SP 800-38G Rev 1 Algorithm 7 (BouncyCastle writes radix's
 * third byte in P as 0, which is wrong only for 65536).
 */
@SuppressWarnings("deprecation") // exercises FF3-1 on purpose
class WideRadixDifferentialTest {
  private static final int ITERATIONS = 250;

  private static DerivedKey direct(byte[] key) {
    return DerivedKey.direct(SecretBytes.copyOf(key, SecretAccess.get()));
  }

  private static byte[] toBc(String x, int radix) {
    if (radix <= 256) {
      byte[] b = new byte[x.length()];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) x.charAt(i);
      }
      return b;
    }
    byte[] b = new byte[2 * x.length()];
    for (int i = 0; i < x.length(); i++) {
      b[2 * i] = (byte) (x.charAt(i) >>> 8);
      b[2 * i + 1] = (byte) x.charAt(i);
    }
    return b;
  }

  private static String fromBc(byte[] b, int radix) {
    char[] c = new char[radix <= 256 ? b.length : b.length / 2];
    for (int i = 0; i < c.length; i++) {
      c[i] = radix <= 256 ? (char) (b[i] & 0xff) : (char) (((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff));
    }
    return new String(c);
  }

  private static String bc(FPEEngine e, String x, int radix) {
    byte[] in = toBc(x, radix);
    byte[] out = new byte[in.length];
    e.processBlock(in, 0, in.length, out, 0);
    return fromBc(out, radix);
  }

  private static String random(SplittableRandom rnd, int n, int radix) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = (char) rnd.nextInt(radix);
    }
    return new String(c);
  }

  private static FPEEngine engine(FPEEngine e, boolean encrypt, byte[] key, int radix, byte[] tweak) {
    e.init(encrypt, new FPEParameters(new KeyParameter(key), radix, tweak));
    return e;
  }

  @ParameterizedTest(name = "radix {0}")
  @ValueSource(ints = {2, 3, 16, 255, 256, 257, 1000, 4096, 40000, 65535})
  void ff1AndFf31_randomInputs_matchBouncyCastle(int radix) {
    SplittableRandom rnd = new SplittableRandom(0x5eedL * radix + 1);
    Alphabet alphabet = Alphabet.codeUnits(radix);
    int compared = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] key = new byte[new int[] {16, 24, 32}[rnd.nextInt(3)]];
      rnd.nextBytes(key);
      byte[] tweak = new byte[rnd.nextInt(5) == 0 ? rnd.nextInt(0, 300) : rnd.nextInt(0, 20)];
      rnd.nextBytes(tweak);
      Ff1Cipher ff1 = Ff1Cipher.create(direct(key), alphabet).withTweak(tweak);
      int min = ff1.minLength();
      int n = it < 3 ? 120 : it < 6 ? min : rnd.nextInt(min, 121);
      String x = random(rnd, n, radix);
      String y = random(rnd, n, radix);
      assertThat(ff1.encrypt(x)).as("FF1 encrypt radix %d n %d case %d", radix, n, it)
          .isEqualTo(bc(engine(new FPEFF1Engine(AESEngine.newInstance()), true, key, radix, tweak), x, radix));
      assertThat(ff1.decrypt(y)).as("FF1 decrypt radix %d n %d case %d", radix, n, it)
          .isEqualTo(bc(engine(new FPEFF1Engine(AESEngine.newInstance()), false, key, radix, tweak), y, radix));

      byte[] t7 = new byte[7];
      rnd.nextBytes(t7);
      Ff3_1Cipher ff31 = Ff3_1Cipher.create(direct(key), alphabet, t7);
      int n3 = it < 3 ? ff31.maxLength() : it < 6 ? ff31.minLength() : rnd.nextInt(ff31.minLength(), ff31.maxLength() + 1);
      String x3 = random(rnd, n3, radix);
      String y3 = random(rnd, n3, radix);
      assertThat(ff31.encrypt(x3)).as("FF3-1 encrypt radix %d n %d case %d", radix, n3, it)
          .isEqualTo(bc(engine(new FPEFF3_1Engine(AESEngine.newInstance()), true, key, radix, t7), x3, radix));
      assertThat(ff31.decrypt(y3)).as("FF3-1 decrypt radix %d n %d case %d", radix, n3, it)
          .isEqualTo(bc(engine(new FPEFF3_1Engine(AESEngine.newInstance()), false, key, radix, t7), y3, radix));
      compared += 4;
    }
    assertThat(compared).isEqualTo(4 * ITERATIONS);
  }

  @Test
  void ff1Radix65536_randomInputs_matchSpecLiteralReference() throws Exception {
    SplittableRandom rnd = new SplittableRandom(65536);
    int radix = 65536;
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] key = new byte[new int[] {16, 24, 32}[rnd.nextInt(3)]];
      rnd.nextBytes(key);
      byte[] tweak = new byte[rnd.nextInt(0, 40)];
      rnd.nextBytes(tweak);
      Ff1Cipher ff1 = Ff1Cipher.create(direct(key), Alphabet.codeUnits(radix)).withTweak(tweak);
      int n = it < 3 ? 80 : rnd.nextInt(2, it < 125 ? 12 : 80);
      int[] x = new int[n];
      for (int i = 0; i < n; i++) {
        x[i] = rnd.nextInt(radix);
      }
      int[] ours = x.clone();
      ff1.encrypt(ours, 0, n);
      assertThat(ours).as("radix 65536 n %d case %d", n, it).containsExactly(referenceFf1(key, radix, tweak, x));
      ff1.decrypt(ours, 0, n);
      assertThat(ours).containsExactly(x);
    }
  }

  /** SP 800-38G Rev 1 Algorithm 7, step by step, with BigInteger and a fresh JCE AES. */
  private static int[] referenceFf1(byte[] key, int radix, byte[] t, int[] x) throws Exception {
    Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
    BigInteger r = BigInteger.valueOf(radix);
    int n = x.length;
    int u = n / 2;
    int v = n - u;
    int[] a = Arrays.copyOfRange(x, 0, u);
    int[] b = Arrays.copyOfRange(x, u, n);
    int bytes = (r.pow(v).subtract(BigInteger.ONE).bitLength() + 7) / 8; // ceil(ceil(v*log2(radix))/8)
    int d = 4 * ((bytes + 3) / 4) + 4;
    byte[] p = {1, 2, 1, (byte) (radix >> 16), (byte) (radix >> 8), (byte) radix, 10, (byte) u,
        (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n,
        (byte) (t.length >> 24), (byte) (t.length >> 16), (byte) (t.length >> 8), (byte) t.length};
    for (int i = 0; i < 10; i++) {
      int pad = Math.floorMod(-t.length - bytes - 1, 16);
      byte[] q = new byte[t.length + pad + 1 + bytes];
      System.arraycopy(t, 0, q, 0, t.length);
      q[t.length + pad] = (byte) i;
      System.arraycopy(fixed(num(b, r), bytes), 0, q, t.length + pad + 1, bytes);
      byte[] pq = new byte[16 + q.length];
      System.arraycopy(p, 0, pq, 0, 16);
      System.arraycopy(q, 0, pq, 16, q.length);
      byte[] y = new byte[16];
      for (int j = 0; j < pq.length; j += 16) {
        byte[] blk = new byte[16];
        for (int k = 0; k < 16; k++) {
          blk[k] = (byte) (y[k] ^ pq[j + k]);
        }
        y = aes.doFinal(blk);
      }
      byte[] s = new byte[((d + 15) / 16) * 16];
      System.arraycopy(y, 0, s, 0, 16);
      for (int j = 1; 16 * j < d; j++) {
        byte[] blk = y.clone();
        byte[] jj = fixed(BigInteger.valueOf(j), 16);
        for (int k = 0; k < 16; k++) {
          blk[k] ^= jj[k];
        }
        System.arraycopy(aes.doFinal(blk), 0, s, 16 * j, 16);
      }
      BigInteger yy = new BigInteger(1, Arrays.copyOf(s, d));
      int m = i % 2 == 0 ? u : v;
      BigInteger c = num(a, r).add(yy).mod(r.pow(m));
      a = b;
      b = str(c, r, m);
    }
    int[] out = new int[n];
    System.arraycopy(a, 0, out, 0, u);
    System.arraycopy(b, 0, out, u, v);
    return out;
  }

  private static BigInteger num(int[] x, BigInteger r) {
    BigInteger v = BigInteger.ZERO;
    for (int d : x) {
      v = v.multiply(r).add(BigInteger.valueOf(d));
    }
    return v;
  }

  private static int[] str(BigInteger v, BigInteger r, int m) {
    int[] x = new int[m];
    for (int i = m - 1; i >= 0; i--) {
      BigInteger[] qr = v.divideAndRemainder(r);
      x[i] = qr[1].intValue();
      v = qr[0];
    }
    return x;
  }

  private static byte[] fixed(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    for (int i = 0; i < Math.min(len, raw.length); i++) {
      out[len - 1 - i] = raw[raw.length - 1 - i];
    }
    return out;
  }
}
