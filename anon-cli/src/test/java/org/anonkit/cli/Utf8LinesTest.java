package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8LinesTest {

  private static List<String> read(InputStream in) throws IOException {
    Utf8Lines lines = new Utf8Lines(in);
    List<String> out = new ArrayList<>();
    for (String l; (l = lines.next()) != null; ) {
      out.add(l);
    }
    return out;
  }

  /** Hands out at most {@code step} bytes per read: lines and characters cut across blocks. */
  private static InputStream trickle(byte[] b, int step) {
    return new ByteArrayInputStream(b) {
      @Override
      public synchronized int read(byte[] buf, int off, int len) {
        return super.read(buf, off, Math.min(len, step));
      }
    };
  }

  @Test
  void next_terminatorsEmptyLinesNoFinalNewline_likeReadLineForLfAndCrlf() throws IOException {
    byte[] in = "a\nb\r\n\n\r\nwé\u4e16\ud83d\ude00\nlast".getBytes(StandardCharsets.UTF_8);
    List<String> expected = List.of("a", "b", "", "", "wé\u4e16\ud83d\ude00", "last");
    assertThat(read(new ByteArrayInputStream(in))).isEqualTo(expected);
    for (int step : new int[] {1, 2, 3, 5}) {
      assertThat(read(trickle(in, step))).as("step %d", step).isEqualTo(expected);
    }
    assertThat(read(new ByteArrayInputStream(new byte[0]))).isEmpty();
    assertThat(read(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)))).containsExactly("");
  }

  @Test
  void next_randomTextInRandomBlocks_sameLinesAsSplittingTheText() throws IOException {
    Random r = new Random(5);
    String alphabet = "ab\n\r é\u4e16\ud83d\ude00";
    for (int round = 0; round < 200; round++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(300_000 / (round + 1) + 1);
      for (int i = 0; i < n; i++) {
        int k = r.nextInt(alphabet.length() - 1);
        if (Character.isHighSurrogate(alphabet.charAt(k))) {
          sb.append(alphabet, k, k + 2);
        } else if (!Character.isLowSurrogate(alphabet.charAt(k))) {
          sb.append(alphabet.charAt(k));
        }
      }
      String text = sb.toString().replace("\r", "\r\n");
      List<String> expected = new ArrayList<>(List.of(text.split("\n", -1)));
      if (expected.get(expected.size() - 1).isEmpty()) {
        expected.remove(expected.size() - 1);
      }
      expected.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      assertThat(read(trickle(b, 1 + r.nextInt(70_000)))).isEqualTo(expected);
    }
  }

  @Test
  void next_malformedLine_namedByNumber_notByContent() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write("ok\nfine\n".getBytes(StandardCharsets.UTF_8));
    b.write(new byte[] {'z', 'z', 's', 'e', 'c', 'r', 'e', 't', (byte) 0xc3, '\n'});
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(b.toByteArray()));
    assertThat(lines.next()).isEqualTo("ok");
    assertThat(lines.next()).isEqualTo("fine");
    assertThatThrownBy(lines::next).isInstanceOf(Utf8Lines.MalformedLine.class)
        .hasMessage("line 3 is not valid UTF-8");
  }
}
