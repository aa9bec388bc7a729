package org.anonkit.pipeline.io.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.anonkit.pipeline.io.RecordFormat;

/**
 * A record format implemented outside {@code anon-pipeline}, found with {@link
 * java.util.ServiceLoader}. Implementations must be immutable and thread-safe, with a public no-argument
 * constructor.
 */
public interface RecordFormatProvider {

  /** The format this provider implements (for example {@link RecordFormat#PARQUET}). */
  RecordFormat format();

  /**
   * Opens {@code path} (a file, or a directory of part files when the format has them) for reading.
   * Batches follow the format's own units (Parquet: row groups).
   *
   * @throws org.anonkit.InvalidInputException if the input is not valid in this format or uses a
   *     feature the provider does not support; the message names the file or column, never a value
   * @throws IOException if the file cannot be read
   */
  RecordSource open(Path path) throws IOException;

  /**
   * Creates a sink that writes {@code columns} to {@code out} (which the caller commits or discards
   * atomically; the sink must not close it before {@link RecordSink#finish()}).
   *
   * @param columns the output columns in order, at least one, names distinct ignoring case
   * @throws IllegalArgumentException if a column cannot be represented in this format
   */
  RecordSink create(OutputStream out, List<Column> columns) throws IOException;
}
