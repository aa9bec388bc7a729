package org.anonkit.pipeline.io.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * The sequential end of an output in a {@link RecordFormatProvider}'s format: appends encoded batches
 * in input order to the stream given at creation.
 *
 * <p><b>Not thread-safe</b>: {@link #append}, {@link #finish()} and {@link #close()} are called by
 * one thread at a time; {@link #newEncoder()} may be called from any thread.
 */
public interface RecordSink extends Closeable {

  /** A new encoder for this sink's columns; one per worker thread. */
  BatchEncoder newEncoder();

  /**
   * Appends the bytes of one batch produced by an encoder of this sink (or an identical sink of an
   * earlier run), holding {@code records} records.
   *
   * @throws org.anonkit.InvalidInputException if the bytes are not such a batch
   */
  void append(byte[] batch, int length, int records) throws IOException;

  /** Writes what ends the output (footers) and flushes; the stream stays open. */
  void finish() throws IOException;

  /**
   * Stored (compressed) bytes per column of what was appended so far, in column order; empty when
   * the format does not store columns apart. Immutable.
   */
  Map<String, Long> columnBytes();

  /** Releases resources; does not close the stream given at creation. */
  @Override
  void close() throws IOException;
}
