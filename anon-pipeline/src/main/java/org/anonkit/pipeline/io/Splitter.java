package org.anonkit.pipeline.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a (decompressed) byte stream into {@link Chunk}s of whole records. Sequential, cheap: one
 * byte scan per input byte and one copy per chunk. Memory is bounded by about
 * {@code chunkBytes + maxRecordBytes}. Not thread-safe.
 */
final class Splitter {
  private final InputStream in;
  private final Framing framing;
  private final int chunkBytes;
  private final int maxRecord;

  private byte[] buf;
  private int segStart;
  private int scanPos;
  private int limit;
  private boolean eof;
  private boolean skipping;
  private long lineAtSeg = 1;
  private long nextRow = 1;
  private long chunkIndex;
  private long bytesRead;

  private int chunkStart;
  private int count;
  private int[] starts = new int[256];
  private int[] ends = new int[256];
  private long[] lines = new long[256];
  private byte[] flags = new byte[256];

  Splitter(InputStream in, Framing framing, int chunkBytes, int maxRecord, byte[] head, int headLen) {
    this.in = in;
    this.framing = framing;
    this.chunkBytes = chunkBytes;
    this.maxRecord = maxRecord;
    this.buf = new byte[Math.max(1 << 16, Math.min(chunkBytes, 1 << 20) * 2)];
    if (headLen > buf.length) {
      buf = Arrays.copyOf(buf, headLen);
    }
    System.arraycopy(head, 0, buf, 0, headLen);
    limit = headLen;
    bytesRead = headLen;
    framing.begin();
  }

  long bytesRead() {
    return bytesRead;
  }

  long rowsSplit() {
    return nextRow - 1;
  }

  /**
   * Reads the first record as a header (CSV): returns its bytes (without the line end) or null at end
   * of input. It does not count as a row.
   */
  byte[] header() throws IOException {
    while (true) {
      int end = framing.scan(buf, segStart, scanPos, limit);
      if (end < 0 && eof) {
        framing.finish(buf, segStart, limit);
        end = limit;
      }
      if (end >= 0) {
        int off = framing.contentOff;
        byte[] h = null;
        if (off >= 0) {
          int to = end;
          while (to > segStart + off && (buf[to - 1] == '\n' || buf[to - 1] == '\r')) {
            to--;
          }
          h = Arrays.copyOfRange(buf, segStart + off, to);
        }
        lineAtSeg += framing.lines;
        segStart = scanPos = end;
        framing.begin();
        if (h != null || eof && end == limit) {
          return h;
        }
        continue;
      }
      scanPos = limit;
      if (limit - segStart > maxRecord) {
        throw new IOException("header longer than " + maxRecord + " bytes");
      }
      fill(segStart);
    }
  }

  /** The next chunk, or null at the end of the input. */
  Chunk next() throws IOException {
    count = 0;
    chunkStart = segStart;
    while (true) {
      if (count > 0 && segStart - chunkStart >= chunkBytes) {
        return emit();
      }
      int end = framing.scan(buf, segStart, scanPos, limit);
      if (end >= 0) {
        if (skipping) {
          skipping = false;
          chunkStart = end;
        } else if (framing.contentOff >= 0) {
          addBounded(segStart + framing.contentOff, end, lineAtSeg + framing.linesBefore,
              framing.flags);
        } else if (count == 0) {
          chunkStart = end;
        }
        lineAtSeg += framing.lines;
        segStart = scanPos = end;
        framing.begin();
        continue;
      }
      scanPos = limit;
      if (eof) {
        if (segStart < limit && !skipping) {
          framing.finish(buf, segStart, limit);
          if (framing.flags == Chunk.UNTERMINATED && cutAtResync()) {
            continue; // the rest of the input is read again from the line after the cut
          }
          if (framing.contentOff >= 0) {
            addBounded(segStart + framing.contentOff, limit, lineAtSeg + framing.linesBefore,
                framing.flags);
          }
        }
        skipping = false;
        segStart = scanPos = limit;
        framing.begin();
        return count > 0 ? emit() : null;
      }
      int pending = limit - segStart;
      if (skipping) {
        framing.discard(pending);
        segStart = scanPos = limit;
        chunkStart = limit;
      } else if (pending > maxRecord) {
        if (count > 0) {
          return emit();
        }
        framing.unfinished(buf, segStart, limit);
        if (cutAtResync()) {
          continue;
        }
        if (framing.contentOff >= 0) {
          int cs = segStart + framing.contentOff;
          add(cs, Math.min(limit, cs + maxRecord), lineAtSeg + framing.linesBefore, Chunk.OVERSIZED);
          chunkStart = cs;
          Chunk c = emit();
          skipping = true;
          framing.discard(pending);
          segStart = scanPos = limit;
          chunkStart = limit;
          return c;
        }
        framing.discard(pending); // a huge run of separators: nothing to keep
        segStart = scanPos = limit;
        chunkStart = limit;
      }
      fill(count > 0 ? chunkStart : segStart);
    }
  }

  /**
   * Where the framing cuts a record that did not end ({@link Framing#resync}): adds the record up to the
   * cut as malformed, and starts the next segment on the line after it. False when the framing does not cut.
   */
  private boolean cutAtResync() {
    int cut = framing.resync();
    if (cut < 0 || framing.contentOff < 0 || cut < framing.contentOff) {
      return false;
    }
    int start = segStart + framing.contentOff;
    int end = segStart + cut;
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    if (end - start > maxRecord) {
      add(start, start + maxRecord, lineAtSeg + framing.linesBefore, Chunk.OVERSIZED);
    } else {
      add(start, end, lineAtSeg + framing.linesBefore, Chunk.UNCLOSED_QUOTE);
    }
    lineAtSeg += framing.linesBefore + 1;
    segStart = scanPos = segStart + cut + 1;
    framing.begin();
    return true;
  }

  /** Adds a complete record, marking it oversized (and keeping its first bytes) if too long. */
  private void addBounded(int start, int end, long line, byte flag) {
    if (end - start > maxRecord) {
      add(start, start + maxRecord, line, Chunk.OVERSIZED);
    } else {
      add(start, end, line, flag);
    }
  }

  private void add(int start, int end, long line, byte flag) {
    if (count == starts.length) {
      int n = count * 2;
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      lines = Arrays.copyOf(lines, n);
      flags = Arrays.copyOf(flags, n);
    }
    if (count == 0) {
      chunkStart = start;
    }
    starts[count] = start;
    ends[count] = end;
    lines[count] = line;
    flags[count] = flag;
    count++;
  }

  private Chunk emit() {
    int base = chunkStart;
    int stop = ends[count - 1];
    byte[] data = Arrays.copyOfRange(buf, base, stop);
    int[] s = new int[count];
    int[] e = new int[count];
    for (int i = 0; i < count; i++) {
      s[i] = starts[i] - base;
      e[i] = ends[i] - base;
    }
    Chunk c = new Chunk(chunkIndex++, nextRow, data, data.length, count, s, e,
        Arrays.copyOf(lines, count), Arrays.copyOf(flags, count));
    nextRow += count;
    count = 0;
    chunkStart = segStart;
    return c;
  }

  /** Moves {@code buf[keep, limit)} to the front, grows if full, and reads more input. */
  private void fill(int keep) throws IOException {
    if (keep > 0) {
      int n = limit - keep;
      System.arraycopy(buf, keep, buf, 0, n);
      segStart -= keep;
      scanPos -= keep;
      chunkStart -= keep;
      for (int i = 0; i < count; i++) {
        starts[i] -= keep;
        ends[i] -= keep;
      }
      limit = n;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int r = in.read(buf, limit, buf.length - limit);
    if (r < 0) {
      eof = true;
    } else {
      limit += r;
      bytesRead += r;
    }
  }
}
