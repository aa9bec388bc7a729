package org.anonkit.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.api.Test;

/** RFC 5869 Appendix A (SHA-256 cases), from src/test/resources/vectors/rfc5869-hkdf-sha256.csv. */
class HkdfTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] bytes(String hex) {
    return hex.equals("-") ? new byte[0] : HEX.parseHex(hex);
  }

  @ParameterizedTest(name = "RFC 5869 {0}")
  @CsvFileSource(resources = "/vectors/rfc5869-hkdf-sha256.csv", delimiter = ';')
  void extractAndExpand_matchRfc5869(String id, String ikm, String salt, String info, int length, String prk, String okm) {
    byte[] actualPrk = Hkdf.extract(bytes(salt), bytes(ikm));
    assertThat(HEX.formatHex(actualPrk)).as(id + " PRK").isEqualTo(prk);
    assertThat(HEX.formatHex(Hkdf.expand(actualPrk, bytes(info), length))).as(id + " OKM").isEqualTo(okm);
  }

  @Test
  void expand_outputLongerThan255Blocks_isRejected() {
    assertThatThrownBy(() -> Hkdf.expand(new byte[32], new byte[0], 255 * 32 + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8160");
  }

  @Test
  void expand_shorterOutput_isPrefixOfLonger() {
    byte[] prk = Hkdf.extract(null, new byte[] {1, 2, 3});
    byte[] l16 = Hkdf.expand(prk, new byte[] {9}, 16);
    byte[] l64 = Hkdf.expand(prk, new byte[] {9}, 64);
    assertThat(java.util.Arrays.copyOf(l64, 16)).isEqualTo(l16);
  }

  /** Against RFC 5869 §2.3 written out literally (T(i) built by concatenation), lengths up to 255 blocks. */
  @Test
  void expand_matchesTheSpecWrittenOut_atEveryBlockBoundary() throws Exception {
    java.util.Random rnd = new java.util.Random(5869);
    for (int length : new int[] {1, 31, 32, 33, 64, 65, 82, 255, 1000, 255 * 32 - 1, 255 * 32}) {
      byte[] prk = new byte[32 + rnd.nextInt(40)];
      byte[] info = new byte[rnd.nextInt(80)];
      rnd.nextBytes(prk);
      rnd.nextBytes(info);
      assertThat(Hkdf.expand(prk, info, length)).as("L = %d", length).isEqualTo(specExpand(prk, info, length));
    }
  }

  private static byte[] specExpand(byte[] prk, byte[] info, int length) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(prk, "HmacSHA256"));
    java.io.ByteArrayOutputStream okm = new java.io.ByteArrayOutputStream();
    byte[] t = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
      in.write(t);
      in.write(info);
      in.write(i);
      t = mac.doFinal(in.toByteArray());
      okm.write(t);
    }
    return java.util.Arrays.copyOf(okm.toByteArray(), length);
  }
}
