package org.anonkit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 stream, each decoded strictly on its own, so that a malformed line is reported by
 * its number (never its content) instead of being decoded with replacement characters, which would
 * give different inputs one output. The terminator (LF, or CRLF) is removed. Reads blocks and scans them
 * for line ends. Not thread-safe.
 */
final class Utf8Lines {
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] block = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[256];
  private long number;
  private final boolean crOnlyBeforeLf;

  Utf8Lines(InputStream in) {
    this(in, false);
  }

  /**
   * With {@code crOnlyBeforeLf}, a CR is removed only as part of a CRLF terminator, so a last line
   * without LF keeps a CR at its end ({@code anonkit hmac}: only the terminator is removed).
   */
  Utf8Lines(InputStream in, boolean crOnlyBeforeLf) {
    this.in = in;
    this.crOnlyBeforeLf = crOnlyBeforeLf;
  }

  /** Whether a line can be read without blocking (buffered bytes, or bytes the stream has available). */
  boolean ready() throws IOException {
    return pos < limit || (!eof && in.available() > 0);
  }

  /** The next line, or null at the end of the stream. */
  String next() throws IOException {
    int len = 0;
    boolean any = false;
    boolean terminated = false;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int nl = pos;
      while (nl < limit && block[nl] != '\n') {
        nl++;
      }
      int n = nl - pos;
      if (len + n > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
      }
      System.arraycopy(block, pos, line, len, n);
      len += n;
      if (nl < limit) {
        pos = nl + 1;
        terminated = true;
        break;
      }
      pos = limit;
    }
    number++;
    if (len > 0 && line[len - 1] == '\r' && (terminated || !crOnlyBeforeLf)) {
      len--;
    }
    try {
      return decoder.decode(ByteBuffer.wrap(line, 0, len)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedLine(number);
    }
  }

  /** Reads the next block; false at the end of the stream. Returns what is available (interactive use). */
  private boolean fill() throws IOException {
    int n = in.read(block, 0, block.length);
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /** The number of the line {@link #next()} returned last (1 for the first). */
  long lineNumber() {
    return number;
  }

  /** A line that is not valid UTF-8; the message gives its number only. */
  static final class MalformedLine extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedLine(long line) {
      super("line " + line + " is not valid UTF-8");
    }
  }
}
