package org.anonkit.pipeline.io;

import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer (an unsynchronized ByteArrayOutputStream that can hand over its array). */
final class ByteSink extends OutputStream {
  /** The largest array the JVM allocates everywhere. */
  static final int MAX = Integer.MAX_VALUE - 16;

  byte[] buf;
  int len;
  private final int max;

  ByteSink(int capacity) {
    this(capacity, MAX);
  }

  ByteSink(int capacity, int max) {
    buf = new byte[capacity];
    this.max = max;
  }

  /**
   * Room for {@code extra} more bytes: doubles, up to the maximum; beyond it the output of one chunk
   * cannot be held, a data error (CSV and Parquet output write every column of the run in every row,
   * so input whose records invent field names grows each row), not a bug.
   */
  void ensure(int extra) {
    long need = (long) len + extra;
    if (need > buf.length) {
      if (need > max) {
        String m = String.format(java.util.Locale.ROOT, "the output of one chunk exceeds %,d bytes (CSV and "
            + "Parquet output write every field of the run as a column of every row); use smaller chunks "
            + "(--chunk-size) or keep the input's format", max);
        throw new java.io.UncheckedIOException(m, new java.io.IOException(m));
      }
      buf = Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, need), max));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  void writeAscii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  /**
   * Appends {@code s} as UTF-8. {@code escape} selects an escaping scheme applied to ASCII
   * characters: 0 none, 1 ClassAd string body, 2 CSV quoted body (" doubled), 3 ClassAd raw (CR/LF to
   * space).
   */
  void writeUtf8(String s, int escape) {
    int n = s.length();
    ensure(n * 3); // every char takes at most 3 bytes, escapes included
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (escape != 0) {
          if (escape == 1) {
            if (c == '"' || c == '\\') {
              b[p++] = '\\';
            } else if (c == '\n' || c == '\r') {
              b[p++] = '\\';
              b[p++] = (byte) (c == '\n' ? 'n' : 'r');
              continue;
            }
          } else if (escape == 2) {
            if (c == '"') {
              b[p++] = '"';
            }
          } else if (c == '\n' || c == '\r') {
            c = ' ';
          }
        }
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xc0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xf0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        b[p++] = (byte) 0xef; // lone surrogate: U+FFFD, as String.getBytes does
        b[p++] = (byte) 0xbf;
        b[p++] = (byte) 0xbd;
      } else {
        b[p++] = (byte) (0xe0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    len = p;
  }

  /**
   * Appends {@code s} if it is ASCII without {@code , " CR LF} (a CSV cell needing no quotes) and
   * returns true; otherwise appends nothing and returns false.
   */
  boolean tryWritePlainCsv(String s) {
    int n = s.length();
    ensure(n);
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == ',' || c == '"' || c == '\n' || c == '\r') {
        return false;
      }
      b[p++] = (byte) c;
    }
    len = p;
    return true;
  }

  byte[] take() {
    byte[] out = Arrays.copyOf(buf, len);
    len = 0;
    return out;
  }
}
