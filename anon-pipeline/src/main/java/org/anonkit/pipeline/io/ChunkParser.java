package org.anonkit.pipeline.io;

/**
 * Decodes the records of a {@link Chunk} into {@link FieldRecord}s: UTF-8 validation, escapes, JSON,
 * ClassAd literals, CSV quoting. Obtained from {@link RecordInput#newParser()}; runs on any thread.
 *
 * <p>Every record of the chunk ends up in exactly one callback, in order: {@link
 * RecordHandler#record} or {@link RecordHandler#malformed}. A malformed record never affects the
 * records around it. Exceptions thrown by the handler propagate.
 *
 * <p><b>Not thread-safe</b>: one instance per worker thread (it reuses its record and buffers).
 */
public interface ChunkParser {

  /** Parses every record of {@code chunk} into {@code handler}. */
  void parse(Chunk chunk, RecordHandler handler);
}
