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
  void indexOf_anyByte_matchesNaiveScan() {
    // the search JsonRecordParser.hasSurrogateEscape shares with indexOfNewline: any target, high bytes too
    Random rnd = new Random(5678);
    for (int t = 0; t < 20_000; t++) {
      byte c = (byte) (t % 3 == 0 ? '\\' : rnd.nextInt(256));
      byte[] b = new byte[rnd.nextInt(120)];
      for (int i = 0; i < b.length; i++) {
        int k = rnd.nextInt(12);
        b[i] = k == 0 ? c : k == 1 ? (byte) (c ^ 0x80) : k == 2 ? (byte) (c + 1) : (byte) rnd.nextInt(256);
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int to = from + (b.length == from ? 0 : rnd.nextInt(b.length - from + 1));
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == c) {
          expected = i;
          break;
        }
      }
      assertThat(Framing.indexOf(b, from, to, c)).isEqualTo(expected);
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

  @Test
  void indexOfNewline_longMostlyAsciiRuns_matchNaiveScan() {
    // lengths past the 32-byte steps, a newline (or a byte that looks like one) anywhere or nowhere
    Random rnd = new Random(4321);
    for (int t = 0; t < 20_000; t++) {
      byte[] b = new byte[rnd.nextInt(300)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (' ' + rnd.nextInt(95));
      }
      for (int k = rnd.nextInt(3); k > 0 && b.length > 0; k--) {
        int v = rnd.nextInt(4);
        b[rnd.nextInt(b.length)] = (byte) (v == 0 ? '\n' : v == 1 ? 0x8a : v == 2 ? 0x0b : 0x09);
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(Math.min(b.length, 40));
      int to = from + rnd.nextInt(b.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(Framing.indexOfNewline(b, from, to)).as("case %d", t).isEqualTo(expected);
    }
  }

  @Test
  void utf8Validation_longMostlyAsciiRuns_findTheJdkDecodersFirstMalformedByte() {
    // ASCII runs past the 32-byte steps with a few multi-byte sequences, valid or not, anywhere
    Random rnd = new Random(777);
    java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder();
    for (int t = 0; t < 50_000; t++) {
      byte[] b = new byte[rnd.nextInt(300)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) rnd.nextInt(128);
      }
      for (int k = rnd.nextInt(3); k > 0 && b.length > 0; k--) {
        byte[] seq = rnd.nextBoolean() ? "é日\uD83D\uDE00".getBytes(StandardCharsets.UTF_8)
            : new byte[] {(byte) (0x80 + rnd.nextInt(128)), (byte) (0x80 + rnd.nextInt(128))};
        int at = rnd.nextInt(b.length);
        System.arraycopy(seq, 0, b, at, Math.min(seq.length, b.length - at));
      }
      java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
      java.nio.charset.CoderResult r = dec.reset().decode(in, java.nio.CharBuffer.allocate(b.length), true);
      if (!r.isError()) {
        r = dec.flush(java.nio.CharBuffer.allocate(4));
      }
      int expected = r.isError() ? in.position() : -1;
      assertThat(Utf8.firstInvalid(b, 0, b.length)).as("case %d", t).isEqualTo(expected);
    }
  }
}
