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

  /**
   * A chunk rebuilt from bytes a {@link ChunkSerializer} produced earlier (for example a chunk
   * committed to disk by a run that is being resumed). The bytes are copied.
   */
  public static SerializedChunk of(long index, int recordCount, byte[] bytes) {
    if (recordCount < 0) {
      throw new IllegalArgumentException("recordCount must not be negative");
    }
    if (recordCount == 0 && bytes.length > 0) {
      throw new IllegalArgumentException("a chunk without records has no bytes");
    }
    return new SerializedChunk(index, recordCount, bytes.clone(), bytes.length);
  }

  /** Writes the chunk's bytes (without cross-chunk framing) to {@code out}. */
  public void writeTo(java.io.OutputStream out) throws java.io.IOException {
    out.write(bytes, 0, length);
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
