package org.anonkit;

import java.util.Objects;

/**
 * A value that a transformer, encoder or reader cannot handle: malformed, too short, outside an
 * alphabet, too long, not valid UTF-8.
 *
 * <p>A transformer knows why a value failed but not where it came from; it throws with a
 * {@linkplain #InvalidInputException(String) reason} only, and the pipeline adds the field and row with
 * {@link #at(String, long)}. The reason must describe the value's shape (length, position of an
 * offending character, expected format) and never contain the value itself.
 *
 * <p>Immutable; safe to share between threads.
 */
public class InvalidInputException extends AnonException {
  private static final long serialVersionUID = 1L;

  /** Row number used when the row is not known. */
  public static final long UNKNOWN_ROW = -1;

  private final String reason;
  private final String field;
  private final long row;

  /** A failure whose location is not known yet. {@code reason} must not contain the value. */
  public InvalidInputException(String reason) {
    this(reason, null, UNKNOWN_ROW, null);
  }

  /** A failure at a known field (may be {@code null}) and row (1-based, or {@link #UNKNOWN_ROW}). */
  public InvalidInputException(String reason, String field, long row) {
    this(reason, field, row, null);
  }

  /** A failure caused by a lower-level exception; {@code cause}'s message must also be value-free. */
  public InvalidInputException(String reason, String field, long row, Throwable cause) {
    super(format(reason, field, row), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.field = field;
    this.row = row;
  }

  private static String format(String reason, String field, long row) {
    StringBuilder sb = new StringBuilder();
    if (field != null) {
      sb.append("field '").append(field).append('\'');
    }
    if (row != UNKNOWN_ROW) {
      sb.append(sb.length() == 0 ? "" : ", ").append("row ").append(row);
    }
    if (sb.length() > 0) {
      sb.append(": ");
    }
    return sb.append(reason).toString();
  }

  /** Returns a copy of this exception that names the field and row it happened at. */
  public InvalidInputException at(String field, long row) {
    InvalidInputException located = new InvalidInputException(reason, field, row, getCause());
    located.setStackTrace(getStackTrace());
    return located;
  }

  /** Why the value was rejected, without location. */
  public String reason() {
    return reason;
  }

  /** The field, or {@code null} if not known. */
  public String field() {
    return field;
  }

  /** The 1-based row, or {@link #UNKNOWN_ROW}. */
  public long row() {
    return row;
  }
}
