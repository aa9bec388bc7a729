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
  private boolean inOversized; // inside an oversized record: its next parts are quarantined as they come
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
        if (inOversized) {
          inOversized = false;
          if (end > segStart) {
            addRest(segStart, end); // the oversized record's last parts
          } else if (count == 0) {
            chunkStart = end;
          }
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
        if (segStart < limit && inOversized) {
          addRest(segStart, limit); // an oversized record cut off by the end of the input: its last part
        } else if (segStart < limit) {
          framing.finish(buf, segStart, limit);
          if (framing.contentOff >= 0) {
            addBounded(segStart + framing.contentOff, limit, lineAtSeg + framing.linesBefore,
                framing.flags);
          }
        }
        inOversized = false;
        segStart = scanPos = limit;
        framing.begin();
        return count > 0 ? emit() : null;
      }
      int pending = limit - segStart;
      if (inOversized) {
        if (pending >= maxRecord) {
          // the oversized record goes on: its next part, maxRecord bytes from where the last one ended (so that
          // the parts, and the rows after them, do not depend on how the input arrives), quarantined as it is
          if (count > 0) {
            return emit(); // the records before it first: the buffer keeps a chunk's bytes until it is emitted
          }
          addRest(segStart, segStart + maxRecord);
          framing.discard(maxRecord);
          segStart += maxRecord;
          return emit();
        }
      } else if (pending > maxRecord) {
        if (count > 0) {
          return emit();
        }
        framing.unfinished(buf, segStart, limit);
        if (framing.contentOff >= 0) {
          int cs = segStart + framing.contentOff;
          int first = Math.min(limit, cs + maxRecord);
          restLine = lineAtSeg + framing.linesBefore;
          add(cs, first, restLine, Chunk.OVERSIZED);
          restLine += newlines(cs, first);
          chunkStart = cs;
          Chunk c = emit();
          // none of its bytes is dropped: the rest follows in parts, from here
          inOversized = true;
          framing.discard(first - segStart);
          segStart = first;
          chunkStart = first;
          return c;
        }
        framing.discard(pending); // a huge run of separators: nothing to keep
        segStart = scanPos = limit;
        chunkStart = limit;
      }
      fill(count > 0 ? chunkStart : segStart);
    }
  }

  /** The line the next part of an oversized record starts on. */
  private long restLine;

  /**
   * Adds {@code buf[start, end)} as the next parts of an oversized record ({@link Chunk#OVERSIZED_REST}), of
   * {@code maxRecord} bytes each but the last.
   */
  private void addRest(int start, int end) {
    for (int p = start; p < end; p += maxRecord) {
      int q = Math.min(end, p + maxRecord);
      add(p, q, restLine, Chunk.OVERSIZED_REST);
      restLine += newlines(p, q);
    }
  }

  private int newlines(int from, int to) {
    int n = 0;
    for (int i = Framing.indexOfNewline(buf, from, to); i >= 0; i = Framing.indexOfNewline(buf, i + 1, to)) {
      n++;
    }
    return n;
  }

  /**
   * Adds a complete record; one longer than the maximum is marked oversized: its first bytes one record, the
   * rest in parts ({@link #addRest}).
   */
  private void addBounded(int start, int end, long line, byte flag) {
    if (end - start > maxRecord) {
      add(start, start + maxRecord, line, Chunk.OVERSIZED);
      restLine = line + newlines(start, start + maxRecord);
      addRest(start + maxRecord, end); // the rest, which the buffer holds: quarantined, not dropped
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
