package org.anonkit.vectors;

/**
 * A read-only view of one record for the {@link Vectorizer}: {@link #size()} fields, each a name and a
 * value, both as {@link CharSequence} so readers can hand over their reusable buffers without making
 * a String per value. Field names match the schema case-insensitively (ClassAd attribute names are
 * case-insensitive); a field the schema does not name is ignored; a {@code null} value is missing.
 *
 * <p>The vectorizer reads the view only during {@link Vectorizer#accept} and keeps no reference to it
 * or its characters, so the caller may reuse one mutable record object for every row. A pipeline
 * record class adapts in a few lines:
 *
 * <pre>{@code
 * RecordView view = new RecordView() {
 *   public int size() { return record.fieldCount(); }
 *   public CharSequence name(int i) { return record.fieldName(i); }
 *   public CharSequence value(int i) { return record.fieldValue(i); }
 * };
 * }</pre>
 *
 * <p>Implementations need not be thread-safe; {@link #of(String...)} returns an immutable one.
 */
public interface RecordView {

  /** The number of fields in this record. */
  int size();

  /** The name of field {@code i}, {@code 0 <= i < size()}. */
  CharSequence name(int i);

  /** The value of field {@code i}, or {@code null} if it is missing (e.g. a JSON null). */
  CharSequence value(int i);

  /**
   * An immutable view of alternating names and values: {@code of("Owner", "alice", "ExitCode", "0")}.
   * For tests and small examples.
   */
  static RecordView of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("expected alternating names and values");
    }
    String[] copy = namesAndValues.clone();
    return new RecordView() {
      @Override
      public int size() {
        return copy.length / 2;
      }

      @Override
      public CharSequence name(int i) {
        return copy[2 * i];
      }

      @Override
      public CharSequence value(int i) {
        return copy[2 * i + 1];
      }

      @Override
      public String toString() {
        return "RecordView{" + copy.length / 2 + " fields}";
      }
    };
  }
}
