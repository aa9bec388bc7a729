package org.anonkit;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns the values of one field into numbers, written straight into primitive column buffers (one
 * entry per row in each dense column) or ragged list buffers (zero or more elements per row).
 *
 * <p><b>Contract.</b> An encoder declares its output {@link #columns()} once; for every row the caller
 * invokes {@link #encode} exactly once (with {@code null} for a missing value), and the encoder then
 * writes exactly one entry into each dense column and any number of elements into each list column,
 * through the caller's {@link Output}. Encoders never box, never allocate per value on their fast
 * paths, and are deterministic: the same values in the same order give the same numbers on any JVM.
 *
 * <p><b>State.</b> Some encoders hold state that grows with the data (a categorical dictionary);
 * {@link #dictionary()} exposes it so it can be written next to the columns. Encoders are therefore
 * <b>not thread-safe</b>: providers create a fresh instance per column batch (per worker).
 *
 * <p><b>Failure.</b> A value the encoder cannot represent raises {@link InvalidInputException} whose
 * reason describes the value's shape (length, position) and never contains the value.
 */
public interface Encoder {

  /** The columns this encoder fills, in order; never empty; the same list on every call. */
  List<Column> columns();

  /**
   * Encodes one row's value.
   *
   * @param value the value, or {@code null} when the field is missing from the record
   * @param out where to write; column indexes are {@code 0 .. columns().size()-1}
   * @throws InvalidInputException if the value cannot be encoded
   */
  void encode(CharSequence value, Output out);

  /**
   * Encodes a value that the reader already parsed as an integer (e.g. a JSON number), so no text
   * needs to be parsed. The default formats it and calls {@link #encode}; numeric encoders override.
   */
  default void encodeLong(long value, Output out) {
    encode(Long.toString(value), out);
  }

  /**
   * The values behind the codes written so far, code {@code i} at index {@code i}, or an empty list
   * for encoders without a dictionary. After {@link #finish()} the codes in the buffers follow this
   * order.
   */
  default List<String> dictionary() {
    return List.of();
  }

  /**
   * Called once after the last row. Returns a remapping of the codes written so far
   * ({@code newCode = remap[oldCode]}) that the caller applies to the dictionary-coded columns, or
   * {@code null} if codes are final (the default). Used by sorted dictionaries.
   */
  default int[] finish() {
    return null;
  }

  /** The primitive type of a column's elements. Little-endian on disk. An enum: immutable and thread-safe. */
  enum ColumnType {
    /** 0 or 1, one byte each (numpy {@code |b1}). */
    BOOL(1, "|b1"),
    INT32(4, "<i4"),
    INT64(8, "<i8"),
    /** An unsigned 32-bit value (IPv4 addresses), stored in an {@code int} (numpy {@code <u4}). */
    UINT32(4, "<u4"),
    FLOAT32(4, "<f4"),
    FLOAT64(8, "<f8");

    private final int byteSize;
    private final String numpyDescr;

    ColumnType(int byteSize, String numpyDescr) {
      this.byteSize = byteSize;
      this.numpyDescr = numpyDescr;
    }

    /** Bytes per element. */
    public int byteSize() {
      return byteSize;
    }

    /** The numpy dtype string ({@code descr}), little-endian, e.g. {@code "<i8"}. */
    public String numpyDescr() {
      return numpyDescr;
    }

    /** The lowercase name used in {@code columns.json} and Awkward forms, e.g. {@code "int64"}. */
    public String primitiveName() {
      return this == BOOL ? "bool" : name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One output column of an encoder: a name suffix (appended to the field name with a dot; empty for
   * the field's main column), an element type, whether it holds a list per row (ragged), and whether
   * its values are codes into the encoder's {@link Encoder#dictionary()}.
   *
   * <p>Immutable and thread-safe.
   */
  final class Column {
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9][a-z0-9_-]*|");

    private final String suffix;
    private final ColumnType type;
    private final boolean list;
    private final boolean dictionaryCoded;

    private Column(String suffix, ColumnType type, boolean list, boolean dictionaryCoded) {
      if (!SUFFIX.matcher(Objects.requireNonNull(suffix, "suffix")).matches()) {
        throw new IllegalArgumentException("column suffix must match [a-z0-9][a-z0-9_-]* or be empty");
      }
      this.suffix = suffix;
      this.type = Objects.requireNonNull(type, "type");
      this.list = list;
      this.dictionaryCoded = dictionaryCoded;
    }

    /** A dense column: one value per row. */
    public static Column dense(String suffix, ColumnType type) {
      return new Column(suffix, type, false, false);
    }

    /** A dense column of dictionary codes ({@link ColumnType#INT32}). */
    public static Column codes(String suffix) {
      return new Column(suffix, ColumnType.INT32, false, true);
    }

    /** A list column: zero or more elements per row, stored as offsets + values. */
    public static Column list(String suffix, ColumnType type, boolean dictionaryCoded) {
      return new Column(suffix, type, true, dictionaryCoded);
    }

    public String suffix() {
      return suffix;
    }

    public ColumnType type() {
      return type;
    }

    /** Whether the column holds a list per row (ragged). */
    public boolean isList() {
      return list;
    }

    /** Whether the values are codes into the encoder's dictionary. */
    public boolean isDictionaryCoded() {
      return dictionaryCoded;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Column && ((Column) o).suffix.equals(suffix) && ((Column) o).type == type
          && ((Column) o).list == list && ((Column) o).dictionaryCoded == dictionaryCoded;
    }

    @Override
    public int hashCode() {
      return Objects.hash(suffix, type, list, dictionaryCoded);
    }

    @Override
    public String toString() {
      return "Column{" + (suffix.isEmpty() ? "main" : suffix) + ", " + type.primitiveName()
          + (list ? ", list" : "") + (dictionaryCoded ? ", codes" : "") + "}";
    }
  }

  /**
   * Where an encoder writes one row. Implemented by the vectorizer over primitive arrays; calls never
   * box. Column indexes are relative to the encoder's own {@link Encoder#columns()}.
   *
   * <p>Implementations are not thread-safe.
   */
  interface Output {
    /** Writes the row's value of dense column {@code column} (integer, boolean or unsigned types). */
    void putLong(int column, long value);

    /** Writes the row's value of dense column {@code column} (floating-point types). */
    void putDouble(int column, double value);

    /** Marks the row's value of dense column {@code column} as missing (validity bit cleared). */
    void putMissing(int column);

    /** Appends one element to the row's list in list column {@code column}. */
    void addElement(int column, long value);
  }
}
