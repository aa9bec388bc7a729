package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.anonkit.Encoder.ColumnType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
  @TempDir Path dir;

  @Test
  void header_format10_alignedTo64AndNumpyDict() {
    for (long[] shape : new long[][] {{0}, {3}, {12345678901L}, {2, 3}, {1, 2, 3, 4}}) {
      byte[] h = NpyWriter.header("<f8", shape);
      assertThat(h.length % 64).isZero();
      assertThat(h[0]).isEqualTo((byte) 0x93);
      assertThat(new String(h, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
      assertThat(h[6]).isEqualTo((byte) 1);
      assertThat(h[7]).isEqualTo((byte) 0);
      int len = (h[8] & 0xFF) | (h[9] & 0xFF) << 8;
      assertThat(10 + len).isEqualTo(h.length);
      String text = new String(h, 10, len, StandardCharsets.US_ASCII);
      assertThat(text).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (").endsWith("\n");
    }
    assertThat(new String(NpyWriter.header("<i8", 3), StandardCharsets.US_ASCII)).contains("'shape': (3,), }");
    assertThat(new String(NpyWriter.header("<i8", 2, 3), StandardCharsets.US_ASCII)).contains("'shape': (2, 3), }");
  }

  @Test
  void write_largeLongArray_dataLittleEndianAfterHeader() throws Exception {
    long[] data = new long[300_000]; // spans several 1 MiB staging chunks
    for (int i = 0; i < data.length; i++) {
      data[i] = i * 0x0102030405L - 7;
    }
    Path f = dir.resolve("a.npy");
    NpyWriter.write(f, data, 0, data.length);
    byte[] bytes = Files.readAllBytes(f);
    assertThat(bytes.length).isEqualTo(128 + 8L * data.length);
    ByteBuffer body = ByteBuffer.wrap(bytes, 128, bytes.length - 128).slice().order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.length; i++) {
      assertThat(body.getLong(8 * i)).isEqualTo(data[i]);
    }
  }

  @Test
  void write_shapeMismatch_rejected() {
    assertThatThrownBy(() -> NpyWriter.write(dir.resolve("b.npy"), IntBuffer.wrap(new int[4]), ColumnType.INT32, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NpyWriter.write(dir.resolve("b.npy"), IntBuffer.wrap(new int[4]), ColumnType.FLOAT64, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
