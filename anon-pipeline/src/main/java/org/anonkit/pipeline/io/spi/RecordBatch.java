package org.anonkit.pipeline.io.spi;

import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.RecordHandler;

/**
 * Whole records cut from a {@link RecordSource}, still encoded; decoded on a worker thread.
 *
 * <p>Effectively immutable once returned by {@link RecordSource#next()}; {@link #decode} may be
 * called from any one thread at a time. Its {@code toString()} must not show values.
 */
public interface RecordBatch {

  /** The number of records in the batch. */
  int recordCount();

  /** The encoded size of the batch in bytes (for progress and chunk statistics). */
  long byteLength();

  /**
   * Decodes every record, in order, into {@code record} (reset for each, with rows from
   * {@code firstRow}) and hands it to {@code handler}. A field whose value is null is left out of its
   * record.
   *
   * @throws org.anonkit.InvalidInputException if the data is corrupt or a value cannot be decoded
   *     (naming column and row, never a value)
   */
  void decode(long firstRow, FieldRecord record, RecordHandler handler);

  /**
   * Like {@link #decode(long, FieldRecord, RecordHandler)}, for a pass that needs only some fields:
   * records may leave out the columns whose name {@code wanted} rejects (a columnar format then skips
   * decoding them). The default decodes every column.
   */
  default void decode(long firstRow, FieldRecord record, RecordHandler handler,
      java.util.function.Predicate<String> wanted) {
    decode(firstRow, record, handler);
  }
}
