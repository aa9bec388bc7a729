package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded property tests of the byte-level primitives against naive reference implementations. */
class ScanPrimitivesTest {

  @Test
  void indexOfNewline_matchesNaiveScan() {
    Random rnd = new Random(1234);
    for (int t = 0; t < 20_000; t++) {
      byte[] b = new byte[rnd.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        int k = rnd.nextInt(10);
        b[i] = (byte) (k == 0 ? '\n' : k == 1 ? 0x0b : k == 2 ? 0x09 : k == 3 ? 0x8a : rnd.nextInt());
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int to = from + (b.length == from ? 0 : rnd.nextInt(b.length - from + 1));
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(Framing.indexOfNewline(b, from, to)).isEqualTo(expected);
    }
  }

  @Test
  void utf8Validation_matchesJdkDecoderStrictness() {
    Random rnd = new Random(99);
    java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder();
    for (int t = 0; t < 50_000; t++) {
      byte[] b = new byte[rnd.nextInt(24)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(128) : 0x80 + rnd.nextInt(128));
      }
      boolean jdkValid;
      try {
        dec.reset().decode(java.nio.ByteBuffer.wrap(b));
        jdkValid = true;
      } catch (java.nio.charset.CharacterCodingException e) {
        jdkValid = false;
      }
      assertThat(Utf8.firstInvalid(b, 0, b.length) < 0).as("case %d", t).isEqualTo(jdkValid);
    }
    byte[] ok = "plain ascii text, then é, 日本, \uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.firstInvalid(ok, 0, ok.length)).isEqualTo(-1);
  }
}
