package org.anonkit.pipeline.io;

/**
 * A run of whole records cut from an input by {@link RecordInput#next()}: the raw (decompressed)
 * bytes, where each record starts and ends, and the row and line of its first record. Parsed by a
 * {@link ChunkParser} on any worker thread.
 *
 * <p>Effectively immutable once returned by {@link RecordInput#next()}: safe to hand to another
 * thread through a queue or executor (which gives the needed happens-before edge). Its bytes hold
 * clear input data; {@link #toString()} does not show them.
 */
public final class Chunk {
  /** Record flag: the record is longer than the maximum; only its first bytes are kept. */
  static final byte OVERSIZED = 1;
  /** Record flag: the input ended inside the record (open quote, unbalanced braces). */
  static final byte UNTERMINATED = 2;
  /** Record flag: bytes between records that are not a record (condor-json). */
  static final byte JUNK = 3;
  /**
   * Record flag: the rest of an oversized record, after its first bytes (the {@link #OVERSIZED} record
   * before it): quarantined in parts of at most a buffer, so that none of its bytes is dropped.
   */
  static final byte OVERSIZED_REST = 4;

  private final long index;
  private final long firstRow;
  final byte[] data;
  final int length;
  final int count;
  final int[] starts;
  final int[] ends;
  final long[] lines;
  final byte[] flags;
  /** The still-encoded records of an external format ({@link RecordFormat#external()}), else null. */
  final org.anonkit.pipeline.io.spi.RecordBatch batch;
  private final long batchBytes;

  Chunk(long index, long firstRow, org.anonkit.pipeline.io.spi.RecordBatch batch) {
    this.index = index;
    this.firstRow = firstRow;
    this.batch = batch;
    this.batchBytes = batch.byteLength();
    this.data = null;
    this.length = 0;
    this.count = batch.recordCount();
    this.starts = null;
    this.ends = null;
    this.lines = null;
    this.flags = null;
  }

  Chunk(long index, long firstRow, byte[] data, int length, int count, int[] starts, int[] ends,
      long[] lines, byte[] flags) {
    this.index = index;
    this.firstRow = firstRow;
    this.data = data;
    this.length = length;
    this.count = count;
    this.starts = starts;
    this.ends = ends;
    this.lines = lines;
    this.flags = flags;
    this.batch = null;
    this.batchBytes = length;
  }

  /** The chunk's 0-based position in its input; chunks must be written in this order. */
  public long index() {
    return index;
  }

  /** The 1-based row of the chunk's first record. */
  public long firstRow() {
    return firstRow;
  }

  /** The number of records, malformed ones included. */
  public int recordCount() {
    return count;
  }

  /** The 1-based input line of the chunk's first record (0 if it has none). */
  public long firstLine() {
    return count == 0 || lines == null ? 0 : lines[0];
  }

  /**
   * The number of raw input bytes the chunk holds (for an external format, its encoded size, capped
   * at {@link Integer#MAX_VALUE}).
   */
  public int byteLength() {
    return (int) Math.min(batchBytes, Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return "Chunk[index=" + index + ", firstRow=" + firstRow + ", records=" + count + ", bytes="
        + batchBytes + "]";
  }
}
