package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level line builder writes exactly what the String formatting it replaced wrote. */
class LineWriterTest {
  @Test
  void numbers_seededRandomAndEdgeValues_sameTextAsLongToStringAndJsonNumber() throws IOException {
    Random r = new Random(7);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LineWriter lines = new LineWriter(bytes);
    StringBuilder expected = new StringBuilder();
    long[] longs = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 1_000_000_000_000_000_000L};
    double[] doubles = {0.0, -0.0, 0.5, -2.25, 1e15, 1e15 - 1, -1e15 + 1, 1e16, 3.0e-7, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 4294967295.0};
    for (long v : longs) {
      lines.append(v).endLine();
      expected.append(v).append('\n');
    }
    for (double d : doubles) {
      lines.appendNumber(d).endLine();
      expected.append(Json.number(d)).append('\n');
    }
    for (int i = 0; i < 20_000; i++) { // enough to cross several block flushes
      long v = r.nextInt(4) == 0 ? r.nextInt(1000) - 500 : r.nextLong() >> r.nextInt(64);
      double d = r.nextBoolean() ? Math.rint(r.nextGaussian() * 1e6) : r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
      lines.append('{').append(LineWriter.bytes("\"f\": ")).append(v).append(LineWriter.bytes(", "))
          .appendNumber(d).append('}').endLine();
      expected.append("{\"f\": ").append(v).append(", ").append(Json.number(d)).append("}\n");
    }
    lines.flush();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
  }

  @Test
  void nonAsciiNames_writtenAsUtf8() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LineWriter lines = new LineWriter(bytes);
    lines.append(LineWriter.bytes(Json.quote("Größe") + ": ")).append(42L).endLine();
    lines.flush();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\"Größe\": 42\n");
  }
}
