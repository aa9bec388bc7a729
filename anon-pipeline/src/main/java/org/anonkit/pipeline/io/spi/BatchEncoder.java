package org.anonkit.pipeline.io.spi;

import org.anonkit.pipeline.io.FieldRecord;

/**
 * Encodes one batch of records into self-contained bytes that a {@link RecordSink} of the same
 * format appends. Obtained from {@link RecordSink#newEncoder()}, one per worker.
 *
 * <p><b>Not thread-safe</b>.
 */
public interface BatchEncoder {

  /**
   * Adds one record. Fields are matched to the sink's columns by name (exactly, else ignoring ASCII
   * case); a missing or {@link org.anonkit.pipeline.io.FieldKind#UNDEFINED} field is null.
   *
   * @return the number of fields left out because the sink has no column for them
   * @throws org.anonkit.InvalidInputException if a value does not fit its column's type; nothing of
   *     the record has been added then (the message names the field, never the value)
   */
  int write(FieldRecord record);

  /**
   * The bytes of the records added since the last call (possibly none: then an empty array), and
   * starts a new batch. The result must depend only on the records added, so that output is the same
   * for any thread count.
   */
  byte[] finish();
}
