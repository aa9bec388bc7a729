package org.anonkit.pipeline.io;

import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer (an unsynchronized ByteArrayOutputStream that can hand over its array). */
final class ByteSink extends OutputStream {
  byte[] buf;
  int len;

  ByteSink(int capacity) {
    buf = new byte[capacity];
  }

  void ensure(int extra) {
    if (len + extra > buf.length) {
      long n = Math.max((long) buf.length * 2, (long) len + extra);
      if (n > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("chunk output exceeds 2 GiB; use smaller chunks");
      }
      buf = Arrays.copyOf(buf, (int) n);
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
