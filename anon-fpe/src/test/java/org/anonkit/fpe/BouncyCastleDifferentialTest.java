package org.anonkit.fpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.fpe.FPEFF3_1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test against BouncyCastle's FPEFF1Engine / FPEFF3_1Engine (an independent
 * implementation) on seeded random keys, tweaks and values: radix 10, 26, 36 and 62, lengths from the
 * minimum to 256 (FF1) or FF3-1's maxlen, both directions. 4 radixes x 2 algorithms x 6,250 iterations
 * x 2 directions = 100,000 values. Radix 65536 is not compared: BouncyCastle 1.87 encodes it wrongly.
 */
@SuppressWarnings("deprecation") // exercises FF3-1 on purpose
class BouncyCastleDifferentialTest {
  private static final int ITERATIONS = 6_250;

  @ParameterizedTest(name = "radix {0}")
  @ValueSource(ints = {10, 26, 36, 62})
  void ff1_randomInputs_matchBouncyCastleBothDirections(int radix) {
    SplittableRandom rnd = new SplittableRandom(0xF1F1L * radix);
    Alphabet alphabet = Alphabet.codeUnits(radix);
    int min = Ff1Cipher.minLength(radix);
    int compared = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] key = new byte[new int[] {16, 24, 32}[rnd.nextInt(3)]];
      rnd.nextBytes(key);
      byte[] tweak = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 40)];
      rnd.nextBytes(tweak);
      // three quarters of the lengths in the common (long-arithmetic) range, a quarter anywhere up to 256
      int n = rnd.nextInt(4) != 0 ? rnd.nextInt(min, 25) : rnd.nextInt(min, 257);
      Ff1Cipher ours = Ff1Cipher.create(direct(key), alphabet);
      if (rnd.nextBoolean()) {
        ours = ours.withTweak(tweak);
      }
      boolean bound = ours.tweak().length == tweak.length;
      FPEEngine bcEnc = new FPEFF1Engine(AESEngine.newInstance());
      bcEnc.init(true, new FPEParameters(new KeyParameter(key), radix, tweak));
      FPEEngine bcDec = new FPEFF1Engine(AESEngine.newInstance());
      bcDec.init(false, new FPEParameters(new KeyParameter(key), radix, tweak));

      String x = random(rnd, n, radix);
      String y = random(rnd, n, radix);
      String ourEnc = bound ? ours.encrypt(x) : ours.encrypt(x, tweak);
      String ourDec = bound ? ours.decrypt(y) : ours.decrypt(y, tweak);
      assertThat(ourEnc).as("FF1 encrypt radix %d n %d iteration %d", radix, n, it).isEqualTo(bc(bcEnc, x));
      assertThat(ourDec).as("FF1 decrypt radix %d n %d iteration %d", radix, n, it).isEqualTo(bc(bcDec, y));
      compared += 2;
    }
    assertThat(compared).isEqualTo(2 * ITERATIONS);
  }

  @ParameterizedTest(name = "radix {0}")
  @ValueSource(ints = {10, 26, 36, 62})
  void ff31_randomInputs_matchBouncyCastleBothDirections(int radix) {
    SplittableRandom rnd = new SplittableRandom(0xF3F3L * radix);
    Alphabet alphabet = Alphabet.codeUnits(radix);
    int min = Ff1Cipher.minLength(radix);
    int compared = 0;
    for (int it = 0; it < ITERATIONS; it++) {
      byte[] key = new byte[new int[] {16, 24, 32}[rnd.nextInt(3)]];
      rnd.nextBytes(key);
      byte[] tweak = new byte[7];
      rnd.nextBytes(tweak);
      Ff3_1Cipher ours = Ff3_1Cipher.create(direct(key), alphabet, tweak);
      int n = rnd.nextInt(min, ours.maxLength() + 1);
      FPEEngine bcEnc = new FPEFF3_1Engine(AESEngine.newInstance());
      bcEnc.init(true, new FPEParameters(new KeyParameter(key), radix, tweak));
      FPEEngine bcDec = new FPEFF3_1Engine(AESEngine.newInstance());
      bcDec.init(false, new FPEParameters(new KeyParameter(key), radix, tweak));
      String x = random(rnd, n, radix);
      String y = random(rnd, n, radix);
      assertThat(ours.encrypt(x)).as("FF3-1 encrypt radix %d n %d iteration %d", radix, n, it).isEqualTo(bc(bcEnc, x));
      assertThat(ours.decrypt(y)).as("FF3-1 decrypt radix %d n %d iteration %d", radix, n, it).isEqualTo(bc(bcDec, y));
      compared += 2;
    }
    assertThat(compared).isEqualTo(2 * ITERATIONS);
  }

  private static DerivedKey direct(byte[] key) {
    return DerivedKey.direct(SecretBytes.copyOf(key, SecretAccess.get()));
  }

  private static String random(SplittableRandom rnd, int n, int radix) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = (char) rnd.nextInt(radix);
    }
    return new String(c);
  }

  /** BouncyCastle takes one numeral per byte for radix &le; 256. */
  private static String bc(FPEEngine engine, String x) {
    byte[] in = new byte[x.length()];
    for (int i = 0; i < in.length; i++) {
      in[i] = (byte) x.charAt(i);
    }
    byte[] out = new byte[in.length];
    engine.processBlock(in, 0, in.length, out, 0);
    char[] c = new char[out.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = (char) (out[i] & 0xff);
    }
    return new String(c);
  }
}
