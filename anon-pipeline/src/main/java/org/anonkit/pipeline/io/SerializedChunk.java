package org.anonkit.pipeline.io;

/**
 * The encoded bytes of one chunk of records, produced by {@link ChunkSerializer#finish(long)} and
 * consumed by {@link RecordOutput#append(SerializedChunk)}.
 *
 * <p>Immutable once built (it owns its byte array); may be passed between threads through a
 * queue or future.
 */
public final class SerializedChunk {
  private final long index;
  private final int records;
  private final byte[] bytes;
  private final int length;

  SerializedChunk(long index, int records, byte[] bytes, int length) {
    this.index = index;
    this.records = records;
    this.bytes = bytes;
    this.length = length;
  }

  /** The chunk's index in the input (the {@link Chunk#index()} it came from). */
  public long index() {
    return index;
  }

  /** The number of records encoded. */
  public int recordCount() {
    return records;
  }

  /** The number of encoded bytes (before compression and framing). */
  public int byteLength() {
    return length;
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "SerializedChunk[index=" + index + ", records=" + records + ", bytes=" + length + "]";
  }
}
