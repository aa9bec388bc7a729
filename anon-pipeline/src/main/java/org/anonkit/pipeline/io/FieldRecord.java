package org.anonkit.pipeline.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record (a job ad, a JSON object, a CSV row) as an ordered list of fields, each a name, a
 * {@link FieldKind} and a text; plus the record's 1-based row and line in its input.
 *
 * <p>Built to be reused: a {@link ChunkParser} refills the same instance for every record it
 * parses, so a handler that needs a record after its callback returns must {@link #copy()} it. Field
 * names produced by readers are canonical instances shared by every record of an input (ClassAds repeat
 * the same few hundred names), so caches keyed by name are cheap.
 *
 * <p>Names are compared exactly by {@link #indexOfExact(String)} and ASCII-case-insensitively by
 * {@link #indexOf(String)}, as ClassAd attribute names are ({@code x509userproxysubject} =
 * {@code X509UserProxySubject}).
 *
 * <p>{@link #toString()} shows the row and the field count, never a value.
 *
 * <p><b>Not thread-safe</b>: one instance per worker thread.
 */
public final class FieldRecord {
  private static final FieldKind[] KINDS = FieldKind.values();

  private String[] names;
  private String[] values;
  private byte[] kinds;
  private int size;
  private long row;
  private long line;

  /** An empty record with row and line 0. */
  public FieldRecord() {
    names = new String[32];
    values = new String[32];
    kinds = new byte[32];
  }

  /** Removes every field and sets the row and line numbers (1-based; 0 when not from an input). */
  public void reset(long row, long line) {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    this.row = row;
    this.line = line;
  }

  /** The record's 1-based position among the records of its input (malformed ones included). */
  public long row() {
    return row;
  }

  /** The 1-based line of the input on which the record starts, or 0 if not known. */
  public long line() {
    return line;
  }

  /** The number of fields. */
  public int size() {
    return size;
  }

  /** The name of field {@code i}. */
  public String name(int i) {
    Objects.checkIndex(i, size);
    return names[i];
  }

  /** The kind of field {@code i}. */
  public FieldKind kind(int i) {
    Objects.checkIndex(i, size);
    return KINDS[kinds[i]];
  }

  /** The text of field {@code i} (see {@link FieldKind} for what the text holds per kind). */
  public String text(int i) {
    Objects.checkIndex(i, size);
    return values[i];
  }

  /**
   * The text of the first field named {@code name}, ignoring ASCII case as ClassAds do; {@code null}
   * if there is none or its value is undefined (JSON {@code null}, ClassAd {@code undefined}, an empty
   * unquoted CSV cell), so that one dataset reads the same in every format.
   */
  public String textOf(String name) {
    int i = indexOf(name);
    return i < 0 || KINDS[kinds[i]] == FieldKind.UNDEFINED ? null : values[i];
  }

  /**
   * The index of the first field named {@code name}, ignoring ASCII case as ClassAds do, or -1.
   * Linear in the number of fields.
   */
  public int indexOf(String name) {
    for (int i = 0; i < size; i++) {
      String n = names[i];
      if (n == name || n.equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first field named exactly {@code name}, or -1. */
  public int indexOfExact(String name) {
    for (int i = 0; i < size; i++) {
      String n = names[i];
      if (n == name || n.equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Replaces the kind and text of field {@code i}, keeping its name and position.
   *
   * @throws IllegalArgumentException if the text does not fit the kind: {@link FieldKind#INTEGER}
   *     and {@link FieldKind#REAL} need a JSON number literal, {@link FieldKind#BOOLEAN} needs
   *     {@code true} or {@code false}, {@link FieldKind#UNDEFINED} needs the empty string (the
   *     message never contains the text)
   */
  public void set(int i, FieldKind kind, String text) {
    Objects.checkIndex(i, size);
    checkText(kind, text);
    kinds[i] = (byte) kind.ordinal();
    values[i] = text;
  }

  /** Replaces field {@code i} with a {@link FieldKind#STRING} holding {@code text}. */
  public void setString(int i, String text) {
    Objects.checkIndex(i, size);
    values[i] = Objects.requireNonNull(text, "text");
    kinds[i] = (byte) FieldKind.STRING.ordinal();
  }

  /** Removes field {@code i}; the fields after it move down by one. */
  public void remove(int i) {
    Objects.checkIndex(i, size);
    int tail = size - i - 1;
    System.arraycopy(names, i + 1, names, i, tail);
    System.arraycopy(values, i + 1, values, i, tail);
    System.arraycopy(kinds, i + 1, kinds, i, tail);
    size--;
    names[size] = null;
    values[size] = null;
  }

  /**
   * Appends a field.
   *
   * @throws IllegalArgumentException if the name is empty or the text does not fit the kind (see
   *     {@link #set(int, FieldKind, String)})
   */
  public void add(String name, FieldKind kind, String text) {
    if (Objects.requireNonNull(name, "name").isEmpty()) {
      throw new IllegalArgumentException("field name must not be empty");
    }
    checkText(kind, text);
    addUnchecked(name, kind, text);
  }

  /** Appends without validation: for readers, whose values are valid by construction. */
  void addUnchecked(String name, FieldKind kind, String text) {
    if (size == names.length) {
      int n = size * 2;
      names = Arrays.copyOf(names, n);
      values = Arrays.copyOf(values, n);
      kinds = Arrays.copyOf(kinds, n);
    }
    names[size] = name;
    values[size] = text;
    kinds[size] = (byte) kind.ordinal();
    size++;
  }

  byte kindOrdinal(int i) {
    return kinds[i];
  }

  /** A deep copy that the caller may keep. */
  public FieldRecord copy() {
    FieldRecord c = new FieldRecord();
    c.names = Arrays.copyOf(names, Math.max(size, 1));
    c.values = Arrays.copyOf(values, Math.max(size, 1));
    c.kinds = Arrays.copyOf(kinds, Math.max(size, 1));
    c.size = size;
    c.row = row;
    c.line = line;
    return c;
  }

  /**
   * Whether {@code other} has the same fields (names, kinds, texts, in order); row and line are not
   * compared.
   */
  public boolean sameFields(FieldRecord other) {
    if (other.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (kinds[i] != other.kinds[i] || !names[i].equals(other.names[i])
          || !values[i].equals(other.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "FieldRecord[row=" + row + ", line=" + line + ", fields=" + size + "]";
  }

  private static void checkText(FieldKind kind, String text) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    switch (kind) {
      case INTEGER:
        if (!Literals.isJsonInteger(text)) {
          throw new IllegalArgumentException("INTEGER text must be a JSON integer literal (length "
              + text.length() + ")");
        }
        break;
      case REAL:
        if (!Literals.isJsonNumber(text)) {
          throw new IllegalArgumentException("REAL text must be a JSON number literal (length "
              + text.length() + ")");
        }
        break;
      case BOOLEAN:
        if (!text.equals("true") && !text.equals("false")) {
          throw new IllegalArgumentException("BOOLEAN text must be 'true' or 'false'");
        }
        break;
      case UNDEFINED:
        if (!text.isEmpty()) {
          throw new IllegalArgumentException("UNDEFINED text must be empty");
        }
        break;
      default:
        break;
    }
  }
}
