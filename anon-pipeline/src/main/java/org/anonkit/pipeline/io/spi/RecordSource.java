package org.anonkit.pipeline.io.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An open input of a {@link RecordFormatProvider}'s format.
 *
 * <p><b>Not thread-safe</b>: {@link #next()} and {@link #close()} are called by one thread (the
 * pipeline's splitter thread); the batches it returns are decoded on worker threads.
 */
public interface RecordSource extends Closeable {

  /** The input's columns in order (the union over its part files). Immutable. */
  List<Column> columns();

  /**
   * The next batch of whole records, or {@code null} at the end of the input. The batch must stay
   * valid after later calls and after {@link #close()}, and be safe to decode on another thread.
   *
   * @throws org.anonkit.InvalidInputException if the input is corrupt (naming the file, never a value)
   */
  RecordBatch next() throws IOException;

  /** Bytes of the input consumed so far (on disk, compressed), for progress reports. */
  long bytesRead();

  /**
   * Stored (compressed) bytes per column over the whole input, from the format's metadata, in column
   * order; empty when the format does not store columns apart. Immutable.
   */
  Map<String, Long> columnBytes();
}
