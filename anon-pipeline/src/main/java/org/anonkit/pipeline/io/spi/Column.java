package org.anonkit.pipeline.io.spi;

import java.util.Objects;
import org.anonkit.pipeline.io.FieldKind;

/**
 * One column of a columnar record format: its name, the {@link FieldKind} its values are read as, and
 * optionally the format's own description of its type (for Parquet the primitive type, such as
 * {@code optional int32 NumJobStarts (INTEGER(32,true))}), so that a sink of the same format can
 * write the column with exactly the type it was read with.
 *
 * <p>Holds no values. Immutable; thread-safe.
 *
 * @param name the column name (non-empty)
 * @param kind the kind of the column's values
 * @param nativeType the format's type description, {@link #UINT32}, or {@code null} to derive the type
 *     from {@code kind}
 */
public record Column(String name, FieldKind kind, String nativeType) {
  /**
   * A format-neutral {@link #nativeType}: an unsigned 32-bit integer (the IP integer twins), which a
   * columnar sink writes as its own unsigned 32-bit type (Parquet: {@code int32 (INTEGER(32,false))},
   * read by pyarrow as {@code uint32}).
   */
  public static final String UINT32 = "uint32";

  /** Validates the name and kind. */
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("column name must not be empty");
    }
  }

  /** The same column under another name. */
  public Column withName(String newName) {
    return new Column(newName, kind, nativeType);
  }
}
