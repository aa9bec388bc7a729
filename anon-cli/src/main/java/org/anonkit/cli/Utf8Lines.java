package org.anonkit.cli;

import java.io.BufferedInputStream;
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
 * give different inputs one output. The terminator (LF, or CRLF) is removed. Not thread-safe.
 */
final class Utf8Lines {
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] buf = new byte[256];
  private long line;

  Utf8Lines(InputStream in) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
  }

  /** The next line, or null at the end of the stream. */
  String next() throws IOException {
    int len = 0;
    int b;
    boolean any = false;
    while ((b = in.read()) >= 0) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[len++] = (byte) b;
    }
    if (!any) {
      return null;
    }
    line++;
    if (len > 0 && buf[len - 1] == '\r') {
      len--;
    }
    try {
      return decoder.decode(ByteBuffer.wrap(buf, 0, len)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedLine(line);
    }
  }

  /** The number of the line {@link #next()} returned last (1 for the first). */
  long lineNumber() {
    return line;
  }

  /** A line that is not valid UTF-8; the message gives its number only. */
  static final class MalformedLine extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedLine(long line) {
      super("line " + line + " is not valid UTF-8");
    }
  }
}
