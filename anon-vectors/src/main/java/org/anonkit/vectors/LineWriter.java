package org.anonkit.vectors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text lines built as UTF-8 bytes and written in blocks: the numbers of {@code records.jsonl} are
 * formatted straight into the buffer (no String per value), names arrive pre-encoded. Not thread-safe.
 */
final class LineWriter {
  private static final int FLUSH_AT = 1 << 16;
  private final OutputStream out;
  private byte[] buf = new byte[FLUSH_AT + 256];
  private int size;

  LineWriter(OutputStream out) {
    this.out = out;
  }

  /** {@code s} as UTF-8 bytes, for {@link #append(byte[])}. */
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  LineWriter append(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  LineWriter append(char ascii) {
    ensure(1);
    buf[size++] = (byte) ascii;
    return this;
  }

  /** {@code v} in decimal, as {@link Long#toString(long)} writes it. */
  LineWriter append(long v) {
    if (v == Long.MIN_VALUE) {
      return append(bytes(Long.toString(v)));
    }
    ensure(20);
    if (v < 0) {
      buf[size++] = '-';
      v = -v;
    }
    int end = size + digits(v);
    int i = end;
    while (v > Integer.MAX_VALUE) { // the rare long: 64-bit division, one digit at a time
      long q = v / 10;
      buf[--i] = (byte) ('0' + (int) (v - q * 10));
      v = q;
    }
    int w = (int) v;
    while (w >= 10) {
      int q = w / 10;
      buf[--i] = (byte) ('0' + (w - q * 10));
      w = q;
    }
    buf[--i] = (byte) ('0' + w);
    size = end;
    return this;
  }

  private static int digits(long v) {
    int d = 1;
    for (long p = 10; d < 19 && v >= p; p *= 10) {
      d++;
    }
    return d;
  }

  /** {@link Json#number(double)}'s text. */
  LineWriter appendNumber(double d) {
    if (!Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return append((long) d);
    }
    return append(bytes(Json.number(d))); // "null" or Double.toString: ASCII
  }

  /** Ends a line: the buffer goes out once it holds a block. */
  void endLine() throws IOException {
    append('\n');
    if (size >= FLUSH_AT) {
      flush();
    }
  }

  void flush() throws IOException {
    out.write(buf, 0, size);
    size = 0;
  }
}
