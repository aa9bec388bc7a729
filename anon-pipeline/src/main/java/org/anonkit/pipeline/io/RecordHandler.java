package org.anonkit.pipeline.io;

/**
 * Receives the records a {@link ChunkParser} reads from a chunk, in input order.
 *
 * <p>The {@link FieldRecord} passed to {@link #record(FieldRecord)} is reused for the next record:
 * {@link FieldRecord#copy()} it to keep it. Implementations are called from the thread that runs
 * the parser and need not be thread-safe when each worker has its own.
 */
public interface RecordHandler {

  /** A record that was read successfully. */
  void record(FieldRecord record);

  /** A record that could not be read; the parser goes on with the next one. */
  void malformed(MalformedRecord record);
}
