package org.anonkit.pipeline.io;

import java.util.Arrays;

/**
 * A record that could not be read: too long, not valid UTF-8, a line that is not
 * {@code Name = value}, broken JSON, a JSON key that is no field name ({@link FieldNames}), a JSON string
 * escaping an unpaired UTF-16 surrogate, a CSV row with the wrong number of cells, an ad cut off by the
 * end of the input. It is reported, never silently dropped: the caller counts it and either fails
 * the run or writes {@link #rawBytes()} to a quarantine file.
 *
 * <p>{@link #reason()} and {@link #toString()} describe the problem by position and shape only; they
 * never contain input values (the raw bytes are only available through {@link #rawBytes()}).
 *
 * <p>Immutable; thread-safe.
 */
public final class MalformedRecord {
  private final long row;
  private final long line;
  private final String reason;
  private final byte[] raw;
  private final boolean truncated;

  MalformedRecord(long row, long line, String reason, byte[] raw, boolean truncated) {
    this.row = row;
    this.line = line;
    this.reason = reason;
    this.raw = raw;
    this.truncated = truncated;
  }

  /** The record's 1-based row among all records of the input. */
  public long row() {
    return row;
  }

  /** The 1-based input line on which the record starts (of the decompressed input). */
  public long line() {
    return line;
  }

  /** Why the record was rejected, without any input value. */
  public String reason() {
    return reason;
  }

  /**
   * A copy of the record's bytes exactly as they were in the (decompressed) input, for a quarantine
   * file. Holds clear data: treat it as sensitive.
   */
  public byte[] rawBytes() {
    return Arrays.copyOf(raw, raw.length);
  }

  /** The number of raw bytes kept. */
  public int rawLength() {
    return raw.length;
  }

  /**
   * Whether {@link #rawBytes()} is only the first part of the record (a record longer than the
   * input's maximum record size keeps only that many bytes).
   */
  public boolean truncated() {
    return truncated;
  }

  @Override
  public String toString() {
    return "MalformedRecord[row=" + row + ", line=" + line + ", " + reason + "]";
  }
}
