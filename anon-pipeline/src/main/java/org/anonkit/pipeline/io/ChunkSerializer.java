package org.anonkit.pipeline.io;

/**
 * Encodes records into the bytes of one output chunk, in the output's format. Obtained from
 * {@link RecordOutput#newSerializer()}; runs on any thread.
 *
 * <p>Use: {@link #write(FieldRecord)} each record of a chunk, then {@link #finish(long)} with the
 * chunk's index, and hand the result to {@link RecordOutput#append(SerializedChunk)}. Format framing
 * that spans chunks (the CSV header, condor-json's brackets and the commas between objects) is added
 * by {@link RecordOutput}, so chunk bytes do not depend on how the input was cut.
 *
 * <p><b>Not thread-safe</b>: one instance per worker thread.
 */
public interface ChunkSerializer {

  /**
   * Encodes one record.
   *
   * <p>For CSV output only the output's columns are written (fields not among them are left out and
   * counted by {@link #omittedFields()}); a missing column is an empty cell.
   */
  void write(FieldRecord record);

  /**
   * Returns the bytes written since the last call (possibly none) as a chunk with the given index,
   * and starts a new chunk.
   */
  SerializedChunk finish(long chunkIndex);

  /**
   * Fields left out since this serializer was created because the output (CSV) has no column for
   * them. Always 0 for the other formats.
   */
  long omittedFields();
}
