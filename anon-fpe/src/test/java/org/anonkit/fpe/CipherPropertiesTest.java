package org.anonkit.fpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.anonkit.InvalidInputException;
import org.anonkit.KeyException;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded round-trip properties and the SP 800-38G Rev 1 domain rules. */
@SuppressWarnings("deprecation") // exercises FF3-1 on purpose
class CipherPropertiesTest {

  static DerivedKey key(int bytes, long seed) {
    byte[] k = new byte[bytes];
    new SplittableRandom(seed).nextBytes(k);
    return DerivedKey.direct(SecretBytes.copyOf(k, SecretAccess.get()));
  }

  static String random(SplittableRandom rnd, Alphabet a, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = a.charAt(rnd.nextInt(a.radix()));
    }
    return new String(c);
  }

  @ParameterizedTest(name = "radix {0}")
  @ValueSource(ints = {2, 3, 10, 16, 26, 36, 62, 255, 256, 1000, 65535, 65536})
  void encryptDecrypt_randomValues_roundTripAndKeepAlphabetAndLength(int radix) {
    SplittableRandom rnd = new SplittableRandom(radix);
    Alphabet a = radix == 62 ? Alphabet.alphanumericMixedCase() : Alphabet.codeUnits(radix);
    Ff1Cipher ff1 = Ff1Cipher.create(key(32, radix), a).withTweak(new byte[] {1, 2, 3});
    Ff3_1Cipher ff3 = Ff3_1Cipher.create(key(16, radix), a, new byte[7]);
    for (int i = 0; i < 300; i++) {
      int n = rnd.nextInt(ff1.minLength(), ff1.minLength() + 40);
      String x = random(rnd, a, n);
      String y = ff1.encrypt(x);
      assertThat(y).hasSize(n);
      for (int j = 0; j < n; j++) {
        assertThat(a.contains(y.charAt(j))).isTrue();
      }
      assertThat(ff1.decrypt(y)).isEqualTo(x);
      int m = rnd.nextInt(ff3.minLength(), ff3.maxLength() + 1);
      String z = random(rnd, a, m);
      assertThat(ff3.decrypt(ff3.encrypt(z))).isEqualTo(z);
    }
  }

  @Test
  void encryptAll_mixedLengths_matchesOneByOne() {
    SplittableRandom rnd = new SplittableRandom(7);
    Ff1Cipher c = Ff1Cipher.create(key(16, 7), Alphabet.digits()).withTweak("field".getBytes());
    String[] in = new String[1000];
    for (int i = 0; i < in.length; i++) {
      in[i] = random(rnd, Alphabet.digits(), rnd.nextInt(6, 60));
    }
    String[] out = new String[in.length];
    c.encryptAll(in, out);
    String[] back = new String[in.length];
    c.decryptAll(out, back);
    for (int i = 0; i < in.length; i++) {
      assertThat(out[i]).isEqualTo(c.encrypt(in[i]));
      assertThat(back[i]).isEqualTo(in[i]);
    }
  }

  @Test
  void encrypt_permutesSmallDomain() {
    // radix 10, length 6: 10^6 values; a sample of 20,000 distinct inputs gives distinct outputs
    Ff1Cipher c = Ff1Cipher.create(key(16, 1), Alphabet.digits());
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      assertThat(seen.add(c.encrypt(String.format("%06d", i)))).isTrue();
    }
  }

  @Test
  void encrypt_differentTweaksOrKeys_differ() {
    Ff1Cipher c = Ff1Cipher.create(key(16, 1), Alphabet.digits());
    String x = "4111111111111111";
    assertThat(c.withTweak(new byte[] {1}).encrypt(x)).isNotEqualTo(c.withTweak(new byte[] {2}).encrypt(x));
    assertThat(Ff1Cipher.create(key(16, 2), Alphabet.digits()).encrypt(x)).isNotEqualTo(c.encrypt(x));
  }

  @Test
  void encrypt_shortInput_rejectsWithDomainError() {
    Ff1Cipher c = Ff1Cipher.create(key(16, 1), Alphabet.digits());
    assertThat(c.minLength()).isEqualTo(6);
    assertThatThrownBy(() -> c.encrypt("98765")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least 6").hasMessageNotContaining("98765");
    assertThat(Ff1Cipher.create(key(16, 1), Alphabet.lowercase()).minLength()).isEqualTo(5); // 26^5 >= 10^6
    assertThat(Ff1Cipher.create(key(16, 1), Alphabet.codeUnits(65536)).minLength()).isEqualTo(2);
    assertThat(Ff1Cipher.create(key(16, 1), Alphabet.codeUnits(2)).minLength()).isEqualTo(20);
  }

  @Test
  void encrypt_characterOutsideAlphabet_rejectsWithPositionNotValue() {
    Ff1Cipher c = Ff1Cipher.create(key(16, 1), Alphabet.digits());
    assertThatThrownBy(() -> c.encrypt("12345X7890")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("position 5").hasMessageNotContaining("12345");
    Ff3_1Cipher f = Ff3_1Cipher.create(key(16, 1), Alphabet.digits(), new byte[7]);
    assertThatThrownBy(() -> f.encrypt("123-45-6789")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("position 3");
  }

  @Test
  void ff31_lengthLimits_followMaxlenRule() {
    Ff3_1Cipher f = Ff3_1Cipher.create(key(16, 1), Alphabet.digits(), new byte[7]);
    assertThat(f.maxLength()).isEqualTo(56); // 2 * floor(log10(2^96)) = 2 * 28
    assertThat(Ff3_1Cipher.create(key(16, 1), Alphabet.lowercase(), new byte[7]).maxLength()).isEqualTo(40);
    assertThat(Ff3_1Cipher.create(key(16, 1), Alphabet.codeUnits(65536), new byte[7]).maxLength()).isEqualTo(12);
    assertThatThrownBy(() -> f.encrypt("1".repeat(57))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("6 to 56");
    assertThatThrownBy(() -> f.encrypt("12345")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void ff31_tweakNot56Bits_isRejected() {
    assertThatThrownBy(() -> Ff3_1Cipher.create(key(16, 1), Alphabet.digits(), new byte[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("56 bits");
    assertThatThrownBy(() -> Ff3_1Cipher.create(key(16, 1), Alphabet.digits(), new byte[6]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ff1_tweakTooLong_isRejected() {
    Ff1Cipher c = Ff1Cipher.create(key(16, 1), Alphabet.digits());
    assertThatThrownBy(() -> c.withTweak(new byte[Ff1Cipher.MAX_TWEAK_LENGTH + 1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(c.withTweak(new byte[Ff1Cipher.MAX_TWEAK_LENGTH]).encrypt("123456")).hasSize(6);
  }

  @Test
  void create_badKeyLength_isRejected() {
    assertThatThrownBy(() -> Ff1Cipher.create(key(20, 1), Alphabet.digits())).isInstanceOf(KeyException.class)
        .hasMessageContaining("16, 24 or 32");
    assertThatThrownBy(() -> Ff3_1Cipher.create(key(15, 1), Alphabet.digits(), new byte[7])).isInstanceOf(KeyException.class);
  }

  @Test
  void numerals_outOfRange_rejected() {
    Ff1Cipher c = Ff1Cipher.create(key(16, 1), Alphabet.digits());
    int[] x = {1, 2, 3, 4, 5, 10};
    assertThatThrownBy(() -> c.encrypt(x, 0, 6)).isInstanceOf(InvalidInputException.class).hasMessageContaining("position 5");
    int[] ok = {9, 1, 2, 3, 4, 5, 6, 9};
    c.encrypt(ok, 1, 6);
    assertThat(ok[0]).isEqualTo(9);
    assertThat(ok[7]).isEqualTo(9);
    c.decrypt(ok, 1, 6);
    assertThat(ok).containsExactly(9, 1, 2, 3, 4, 5, 6, 9);
  }

  @Test
  void toString_neverShowsKey() {
    Ff1Cipher c = Ff1Cipher.create(key(16, 1), Alphabet.digits());
    assertThat(c.toString()).contains("radix=10").contains("direct").doesNotContain("SecretBytes");
    assertThat(Alphabet.digits().toString()).isEqualTo("Alphabet{radix=10}");
  }

  /**
   * The long-arithmetic fast path against the spec-literal BigInteger path, including radix 65,536 where
   * BouncyCastle cannot serve as the oracle.
   */
  @ParameterizedTest(name = "radix {0}")
  @ValueSource(ints = {2, 7, 10, 26, 36, 62, 256, 1000, 40000, 65536})
  void fastPath_matchesBigIntegerPath(int radix) {
    SplittableRandom rnd = new SplittableRandom(31L * radix);
    Alphabet a = Alphabet.codeUnits(radix);
    for (int i = 0; i < 400; i++) {
      byte[] tweak = new byte[rnd.nextInt(0, 24)];
      rnd.nextBytes(tweak);
      Ff1Cipher ff1 = Ff1Cipher.create(key(new int[] {16, 24, 32}[i % 3], i), a).withTweak(tweak);
      Ff3_1Cipher ff3 = Ff3_1Cipher.create(key(16, i), a, java.util.Arrays.copyOf(tweak, 7));
      for (FormatPreservingCipher c : new FormatPreservingCipher[] {ff1, ff3}) {
        int n = rnd.nextInt(c.minLength(), Math.min(c.maxLength(), c.minLength() + 12) + 1);
        int[] x = new int[n];
        for (int j = 0; j < n; j++) {
          x[j] = rnd.nextInt(radix);
        }
        boolean enc = rnd.nextBoolean();
        int[] fast = x.clone();
        int[] ref = x.clone();
        if (enc) {
          c.encrypt(fast, 0, n);
        } else {
          c.decrypt(fast, 0, n);
        }
        if (c instanceof Ff1Cipher) {
          ((Ff1Cipher) c).cryptReference(ref, 0, n, enc);
        } else {
          ((Ff3_1Cipher) c).cryptReference(ref, 0, n, enc);
        }
        assertThat(fast).as("radix %d n %d", radix, n).containsExactly(ref);
      }
    }
  }

  @Test
  void radix65536_lastCodeUnit_isANumeral() {
    Alphabet a = Alphabet.codeUnits(65536);
    assertThat(a.indexOf('\uffff')).isEqualTo(65535);
    Ff1Cipher c = Ff1Cipher.create(key(16, 3), a);
    String x = "\uffff\uffff\u0000\uffff";
    assertThat(c.decrypt(c.encrypt(x))).isEqualTo(x);
  }

  @Test
  void alphabet_repeatedCharacter_isRejected() {
    assertThatThrownBy(() -> Alphabet.of("abca")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Alphabet.of("a")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Alphabet.of("xyz").indexOf('z')).isEqualTo(2);
    assertThat(Alphabet.of("xyz").indexOf('\u4e00')).isEqualTo(-1);
  }
}
