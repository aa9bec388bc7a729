package org.anonkit.pipeline.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses gzip (RFC 1952) strictly: every member of a multi-member file in turn, each checked
 * against its CRC-32 and length, and nothing else. Bytes after a member that do not start another
 * member are an error (NUL padding up to the end excepted: it holds no data). The JDK's
 * {@code GZIPInputStream} instead ends silently where the bytes after a member are not a gzip header
 * (and, on a stream whose {@code available()} is 0, even before a valid next member), so a damaged
 * concatenation of members lost every member after the damage without an error.
 *
 * <p>Error messages carry byte offsets of the compressed input, never data. Not thread-safe.
 */
final class GzipMembers extends InputStream {
  private static final int HEADER = 0;
  private static final int DATA = 1;
  private static final int DONE = 2;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final InputStream in;
  private final Inflater inf = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buf;
  private final byte[] one = new byte[1];
  private int pos;
  private int lim;
  private long consumed; // compressed bytes before buf[0]
  private int members;
  private int state = HEADER;
  private boolean closed;

  GzipMembers(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  @Override
  public int read() throws IOException {
    int n;
    while ((n = read(one, 0, 1)) == 0) {
      // a zero-length inflate step; try again
    }
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (state == DONE) {
        return -1;
      }
      if (state == HEADER) {
        header();
        inf.reset();
        crc.reset();
        inf.setInput(buf, pos, lim - pos);
        state = DATA;
      }
      int n;
      try {
        n = inf.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ZipException(e.getMessage() != null ? e.getMessage() : "invalid deflate data");
      }
      if (n > 0) {
        crc.update(b, off, n);
        return n;
      }
      if (inf.finished()) {
        pos = lim - inf.getRemaining();
        trailer();
        state = afterMember();
      } else if (inf.needsDictionary()) {
        throw new ZipException("gzip member " + (members + 1) + " asks for a preset dictionary");
      } else if (inf.needsInput()) {
        pos = lim;
        if (!fill()) {
          throw new EOFException("Unexpected end of ZLIB input stream");
        }
        inf.setInput(buf, pos, lim - pos);
      }
    }
  }

  /** Reads one member header (RFC 1952 section 2.3), leaving {@link #pos} at its deflate data. */
  private void header() throws IOException {
    long at = offset();
    if (u8(at) != 0x1f || u8(at) != 0x8b) {
      throw new ZipException(members == 0 ? "Not in GZIP format"
          : "bytes at offset " + at + " after gzip member " + members + " are not a gzip member");
    }
    if (u8(at) != 8) {
      throw new ZipException("Unsupported compression method in gzip member at offset " + at);
    }
    int flags = u8(at);
    if ((flags & 0xe0) != 0) {
      throw new ZipException("reserved flags set in gzip member at offset " + at);
    }
    for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
      u8(at);
    }
    if ((flags & FEXTRA) != 0) {
      int xlen = u8(at) | u8(at) << 8;
      for (int i = 0; i < xlen; i++) {
        u8(at);
      }
    }
    if ((flags & FNAME) != 0) {
      while (u8(at) != 0) {
        // file name, zero-terminated
      }
    }
    if ((flags & FCOMMENT) != 0) {
      while (u8(at) != 0) {
        // comment, zero-terminated
      }
    }
    if ((flags & FHCRC) != 0) {
      u8(at);
      u8(at);
    }
  }

  private void trailer() throws IOException {
    long at = offset();
    long c = u32(at);
    long size = u32(at);
    if (c != crc.getValue() || size != (inf.getBytesWritten() & 0xffffffffL)) {
      throw new ZipException("Corrupt GZIP trailer");
    }
    members++;
  }

  /** After a member: another member, the end, or NUL padding to the end; anything else fails. */
  private int afterMember() throws IOException {
    if (pos == lim && !fill()) {
      return DONE;
    }
    if ((buf[pos] & 0xff) == 0x1f) {
      return HEADER;
    }
    long at = offset();
    do {
      for (; pos < lim; pos++) {
        if (buf[pos] != 0) {
          throw new ZipException("bytes at offset " + at + " after gzip member " + members
              + " are not a gzip member (damaged or trailing data)");
        }
      }
    } while (fill());
    return DONE;
  }

  private long offset() {
    return consumed + pos;
  }

  private long u32(long at) throws IOException {
    return (u8(at) | u8(at) << 8 | u8(at) << 16 | (long) u8(at) << 24) & 0xffffffffL;
  }

  private int u8(long at) throws IOException {
    if (pos == lim && !fill()) {
      throw new EOFException(members == 0 && at == 0 && consumed + lim == 0
          ? "empty gzip input (no gzip header)"
          : "gzip input cut off in the header or trailer of the member at offset " + at);
    }
    return buf[pos++] & 0xff;
  }

  /** Refills an exhausted buffer; false at the end of the input. */
  private boolean fill() throws IOException {
    consumed += lim;
    pos = 0;
    lim = 0;
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    lim = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      inf.end();
      in.close();
    }
  }
}
