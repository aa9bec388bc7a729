package org.anonkit.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.anonkit.Encoder;
import org.anonkit.Encoder.Column;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.InvalidInputException;
import org.anonkit.ProviderException;
import org.anonkit.spi.EncoderContext;

/**
 * Turns a stream of records into column batches: for each schema field, its encoder writes each
 * row's value into primitive column arrays (column-major, one array per column, growing
 * geometrically), list columns into ragged offsets/values, and, if the schema asks, each record's
 * present fields into ragged (field id, value) pairs. Nothing is boxed and nothing is allocated per
 * value on the hot path (dictionary hits, numbers, hashes, addresses, booleans); a new dictionary
 * entry makes one String.
 *
 * <p>The same schema applied to clear and anonymized records gives batches of identical shape and
 * column order. A record whose field cannot be encoded raises {@link InvalidInputException} naming
 * the field and the 1-based row (never the value); that row is rolled back, so the batch stays
 * rectangular (a dictionary keeps any entry the failed row added).
 *
 * <p><b>Parallel use.</b> A vectorizer is not thread-safe: use one per worker and chunk. Dictionary
 * codes are assigned in first-seen order and, for {@code order: "sorted"}, renumbered once in
 * {@link #finish()}. Chunks vectorized in parallel are joined with {@link VectorBatch#concat} in input
 * order, which merges the dictionaries (first-seen over the chunks in order, or sorted) and remaps
 * every chunk's codes, so the result is identical to one sequential pass for any chunking and thread
 * count. Fixed vocabularies and the {@code hash} encoder give codes that depend on no other row.
 *
 * <p>Not thread-safe.
 */
public final class Vectorizer {
  private final VectorSchema schema;
  private final Encoder[] encoders;
  private final int[] firstSlot; // per field: its first slot
  private final int[] mainDense; // per field: dense column index of its first column, or -1
  private final List<Slot> slots = new ArrayList<>();
  private final ColumnBuffer[] dense; // per slot, or null for list slots
  private final RaggedArray.IntBuilder[] lists; // per slot, or null for dense slots
  private final ColumnBuffer[] denseColumns;
  private final FieldTable table;
  private final Out out = new Out();
  // position i of the last records: the name object seen there and its field id (-2 = none yet).
  // Readers that intern field names hit this identity check and skip hashing the name.
  private final CharSequence[] nameAt = new CharSequence[64];
  private final int[] fieldAt = new int[64];
  // any position: name objects seen before (identity), open addressing by their cached String hash
  // code; at most 3/4 full, then emptied (a reader that does not intern its names only misses)
  private static final int NAME_CACHE = 512;
  private static final int NAME_CACHE_MAX = NAME_CACHE * 3 / 4;
  private final CharSequence[] cachedName = new CharSequence[NAME_CACHE];
  private final int[] cachedField = new int[NAME_CACHE];
  private int cachedNames;
  private final int[] seenStamp;
  private final CharSequence[] present;
  private final boolean[] forcedMissing; // per field: encoded as missing (accept with a list of missing fields)
  private final RaggedArray.IntBuilder pairFields;
  private final RaggedArray.DoubleBuilder pairValues;
  private int rows;
  private int stamp;
  private boolean finished;

  /** A slot: one output column of one field. */
  static final class Slot {
    final int field;
    final Column column;
    final String name;

    Slot(int field, Column column, String name) {
      this.field = field;
      this.column = column;
      this.name = name;
    }
  }

  private Vectorizer(VectorSchema schema, EncoderRegistry registry, int expectedRows) {
    this.schema = Objects.requireNonNull(schema, "schema");
    List<VectorSchema.Field> fields = schema.fields();
    int n = fields.size();
    encoders = new Encoder[n];
    firstSlot = new int[n + 1];
    mainDense = new int[n];
    table = new FieldTable(n);
    List<ColumnBuffer> denseList = new ArrayList<>();
    for (int f = 0; f < n; f++) {
      VectorSchema.Field field = fields.get(f);
      if (!registry.names().contains(field.encoder())) { // as policy errors do: name the JSON path
        String path = field.parameters().path();
        path = path.endsWith(".params") ? path.substring(0, path.length() - ".params".length()) : path;
        throw new org.anonkit.PolicyException(path, "unknown encoder '" + field.encoder() + "'; available: "
            + registry.names());
      }
      Encoder e = registry.create(field.encoder(), EncoderContext.of(field.name(), field.parameters()));
      List<Column> cols = e.columns();
      if (cols == null || cols.isEmpty()) {
        throw new ProviderException("encoder '" + field.encoder() + "' declares no columns");
      }
      encoders[f] = e;
      firstSlot[f] = slots.size();
      mainDense[f] = cols.get(0).isList() ? -1 : denseList.size();
      for (Column c : cols) {
        if (c.isList() && c.type() != ColumnType.INT32) {
          throw new ProviderException("encoder '" + field.encoder() + "': list columns must be int32");
        }
        String name = c.suffix().isEmpty() ? field.name() : field.name() + "." + c.suffix();
        slots.add(new Slot(f, c, name));
        if (!c.isList()) {
          denseList.add(new ColumnBuffer(c.type(), expectedRows));
        }
      }
      table.put(field.name(), f);
    }
    firstSlot[n] = slots.size();
    dense = new ColumnBuffer[slots.size()];
    lists = new RaggedArray.IntBuilder[slots.size()];
    int d = 0;
    for (int s = 0; s < slots.size(); s++) {
      if (slots.get(s).column.isList()) {
        lists[s] = RaggedArray.intBuilder();
      } else {
        dense[s] = denseList.get(d++);
      }
    }
    denseColumns = denseList.toArray(new ColumnBuffer[0]);
    seenStamp = new int[n];
    present = new CharSequence[n];
    forcedMissing = new boolean[n];
    pairFields = schema.pairs() ? RaggedArray.intBuilder() : null;
    pairValues = schema.pairs() ? RaggedArray.doubleBuilder() : null;
  }

  /** A vectorizer for {@code schema} with the encoders {@link java.util.ServiceLoader} finds. */
  public static Vectorizer create(VectorSchema schema) {
    return new Vectorizer(schema, EncoderRegistry.defaultRegistry(), 1024);
  }

  /** A vectorizer for {@code schema} with the encoders of {@code registry}. */
  public static Vectorizer create(VectorSchema schema, EncoderRegistry registry) {
    return new Vectorizer(schema, Objects.requireNonNull(registry, "registry"), 1024);
  }

  /**
   * A vectorizer whose column arrays start with room for {@code expectedRows} rows (e.g. the chunk
   * size), so they need not grow; they still grow if more rows come.
   */
  public static Vectorizer create(VectorSchema schema, EncoderRegistry registry, int expectedRows) {
    if (expectedRows < 0 || expectedRows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("expectedRows must be in [0, 2^31 - 9]");
    }
    return new Vectorizer(schema, Objects.requireNonNull(registry, "registry"), expectedRows);
  }

  public VectorSchema schema() {
    return schema;
  }

  /** The number of rows accepted so far. */
  public int rows() {
    return rows;
  }

  /**
   * Encodes one record as the next row. Fields the schema does not name are ignored; schema fields
   * the record lacks (or has with a null value) are missing.
   *
   * @throws InvalidInputException if a value cannot be encoded or a field appears twice; the row is
   *     rolled back
   */
  public void accept(RecordView record) {
    if (finished) {
      throw new IllegalStateException("finish() was called; create a new Vectorizer");
    }
    if (rows == Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a batch holds at most 2^31 - 9 rows; split the input into chunks");
    }
    int row = rows;
    if (++stamp == 0) {
      java.util.Arrays.fill(seenStamp, 0);
      stamp = 1;
    }
    int f = -1;
    try {
      int size = record.size();
      for (int i = 0; i < size; i++) {
        CharSequence name = record.name(i);
        if (i < nameAt.length && nameAt[i] == name && name instanceof String) {
          f = fieldAt[i];
        } else {
          f = lookup(name);
          if (i < nameAt.length) {
            nameAt[i] = name;
            fieldAt[i] = f;
          }
        }
        if (f < 0) {
          continue;
        }
        if (seenStamp[f] == stamp) {
          throw new InvalidInputException("field appears twice in one record");
        }
        seenStamp[f] = stamp;
        present[f] = forcedMissing[f] ? null : record.value(i);
      }
      for (f = 0; f < encoders.length; f++) {
        CharSequence v = seenStamp[f] == stamp ? present[f] : null;
        out.base = firstSlot[f];
        encoders[f].encode(v, out);
      }
      f = -1;
      for (int c = 0; c < denseColumns.length; c++) {
        if (denseColumns[c].size != row + 1) {
          throw new IllegalStateException("an encoder wrote " + (denseColumns[c].size - row)
              + " values into one dense column for one row; it must write exactly one");
        }
      }
    } catch (InvalidInputException e) {
      rollback(row);
      throw f >= 0 ? e.at(schema.fields().get(f).name(), row + 1L) : e;
    } catch (RuntimeException e) {
      rollback(row);
      throw e;
    }
    for (RaggedArray.IntBuilder l : lists) {
      if (l != null) {
        l.endRow();
      }
    }
    if (pairFields != null) {
      for (int g = 0; g < encoders.length; g++) {
        int c = mainDense[g];
        if (c >= 0 && seenStamp[g] == stamp && present[g] != null && denseColumns[c].isValid(row)) {
          pairFields.add(g);
          pairValues.add(denseColumns[c].getDouble(row));
        }
      }
      pairFields.endRow();
      pairValues.endRow();
    }
    for (int g = 0; g < present.length; g++) {
      present[g] = null;
    }
    rows++;
  }

  /**
   * Encodes one record as the next row, as {@link #accept(RecordView)}, with each field named in
   * {@code missing} encoded as missing, and each value the schema cannot encode left missing too (its
   * validity bit clear, the row encoded again) where {@code mayLeaveMissing} allows it for that field:
   * so that a record keeps its row (row i of the clear and the anonymized batches stays record i) when
   * one value is unencodable, such as a ClassAd expression in a numeric field. The fields so left missing
   * are added to {@code missing} (names as the schema spells them), which the caller may pass on to
   * the other side's vectorizer and clears for the next record.
   *
   * @param missing fields to encode as missing, case-insensitively; the fields this call leaves
   *     missing are appended
   * @param mayLeaveMissing whether a value of this field (the schema's name) that cannot be encoded
   *     may be left missing instead of failing the record
   * @return the number of fields this call left missing
   * @throws InvalidInputException if the record is rejected as a whole (no field named), a value cannot
   *     be encoded and may not be left missing, or a field appears twice; the row is rolled back
   */
  public int accept(RecordView record, List<String> missing, java.util.function.Predicate<String> mayLeaveMissing) {
    Objects.requireNonNull(mayLeaveMissing, "mayLeaveMissing");
    int added = 0;
    while (true) {
      boolean forced = false; // usually not: nothing to set, nothing to clear
      for (int k = 0; k < missing.size(); k++) {
        int f = table.find(missing.get(k));
        if (f >= 0) {
          forcedMissing[f] = true;
          forced = true;
        }
      }
      try {
        accept(record);
        return added;
      } catch (InvalidInputException e) {
        String field = e.field();
        if (field == null || containsIgnoreCase(missing, field) || !mayLeaveMissing.test(field)) {
          throw e;
        }
        missing.add(field); // the row was rolled back: encode it again with that value missing
        added++;
      } finally {
        if (forced) {
          java.util.Arrays.fill(forcedMissing, false);
        }
      }
    }
  }

  private static boolean containsIgnoreCase(List<String> names, String name) {
    for (int k = 0; k < names.size(); k++) {
      if (names.get(k).equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The field id of {@code name}: readers hand over canonical name instances, so a String seen
   * before is found by identity in a small hash table keyed by its cached hash code, whatever its
   * position in the record; only a new name object is hashed case-insensitively in the field table.
   * (A direct-mapped cache lost about six of an HTCondor ad's sixty names to collisions, every record.)
   */
  private int lookup(CharSequence name) {
    if (!(name instanceof String)) {
      return table.find(name);
    }
    int h = name.hashCode();
    int i = (h ^ (h >>> 16)) & (NAME_CACHE - 1);
    for (CharSequence c; (c = cachedName[i]) != null; i = (i + 1) & (NAME_CACHE - 1)) {
      if (c == name) {
        return cachedField[i];
      }
    }
    int f = table.find(name);
    if (cachedNames == NAME_CACHE_MAX) {
      java.util.Arrays.fill(cachedName, null);
      cachedNames = 0;
      i = (h ^ (h >>> 16)) & (NAME_CACHE - 1); // the table is empty: the home slot is free
    }
    cachedName[i] = name;
    cachedField[i] = f;
    cachedNames++;
    return f;
  }

  private void rollback(int row) {
    for (int g = 0; g < present.length; g++) {
      present[g] = null;
    }
    for (ColumnBuffer c : denseColumns) {
      if (c.size > row) {
        for (int q = row; q < c.size; q++) {
          if (!c.isValid(q)) {
            c.missing--; // the rolled-back row's missing values are not counted
          }
        }
        c.size = row;
        if (c.missingBits != null && (row >>> 3) < c.missingBits.length) {
          c.missingBits[row >>> 3] &= (byte) ((1 << (row & 7)) - 1);
          for (int k = (row >>> 3) + 1; k < c.missingBits.length; k++) {
            c.missingBits[k] = 0;
          }
        }
      }
    }
    for (RaggedArray.IntBuilder l : lists) {
      if (l != null) {
        l.count = (int) l.offsets[l.rows];
      }
    }
  }

  /**
   * Ends the batch: lets encoders finalize (sorted dictionaries renumber their codes, applied here to
   * their columns and pairs) and returns the batch, which views this vectorizer's arrays (no copy).
   * The vectorizer cannot accept more records afterwards.
   */
  public VectorBatch finish() {
    if (finished) {
      throw new IllegalStateException("finish() was already called");
    }
    finished = true;
    List<List<String>> dictionaries = new ArrayList<>();
    for (int f = 0; f < encoders.length; f++) {
      int[] remap = encoders[f].finish();
      if (remap != null) {
        for (int s = firstSlot[f]; s < firstSlot[f + 1]; s++) {
          if (!slots.get(s).column.isDictionaryCoded()) {
            continue;
          }
          if (dense[s] != null) {
            dense[s].remap(remap);
          } else {
            lists[s].remap(remap);
          }
        }
        if (pairFields != null && mainDense[f] >= 0 && slots.get(firstSlot[f]).column.isDictionaryCoded()) {
          for (int k = 0; k < pairFields.count; k++) {
            if (pairFields.get(k) == f) {
              pairValues.set(k, remap[(int) pairValues.get(k)]);
            }
          }
        }
      }
      dictionaries.add(List.copyOf(encoders[f].dictionary()));
    }
    return new VectorBatch(schema, rows, slots, dense, lists, dictionaries,
        pairFields == null ? null : pairFields.build(), pairValues == null ? null : pairValues.build());
  }

  @Override
  public String toString() {
    return "Vectorizer{fields=" + encoders.length + ", columns=" + slots.size() + ", rows=" + rows + "}";
  }

  /** The encoders' view of the current row; column indexes are relative to {@link #base}. */
  private final class Out implements Encoder.Output {
    int base;

    @Override
    public void putLong(int column, long value) {
      dense[base + column].putLong(value);
    }

    @Override
    public void putDouble(int column, double value) {
      dense[base + column].putDouble(value);
    }

    @Override
    public void putMissing(int column) {
      dense[base + column].putMissing();
    }

    @Override
    public void addElement(int column, long value) {
      lists[base + column].add((int) value);
    }
  }

  /**
   * Case-insensitive field lookup by content, allocation-free: open addressing on the ASCII-lowercased
   * name hash.
   */
  static final class FieldTable {
    private final String[] keys;
    private final int[] ids;
    private final int mask;

    FieldTable(int n) {
      int cap = Integer.highestOneBit(Math.max(4, n * 4) - 1) << 1;
      keys = new String[cap];
      ids = new int[cap];
      mask = cap - 1;
    }

    void put(String name, int id) {
      String k = name.toLowerCase(Locale.ROOT);
      int i = hash(k) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      ids[i] = id;
    }

    int find(CharSequence name) {
      for (int i = hash(name) & mask; ; i = (i + 1) & mask) {
        String k = keys[i];
        if (k == null) {
          return -1;
        }
        if (equalsIgnoreCase(k, name)) {
          return ids[i];
        }
      }
    }

    private static char lower(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c < 128 ? c : Character.toLowerCase(c);
    }

    private static int hash(CharSequence s) {
      int h = 0;
      for (int i = 0, n = s.length(); i < n; i++) {
        h = 31 * h + lower(s.charAt(i));
      }
      return h ^ (h >>> 15);
    }

    private static boolean equalsIgnoreCase(String lowerKey, CharSequence s) {
      int n = lowerKey.length();
      if (s.length() != n) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (lowerKey.charAt(i) != lower(s.charAt(i))) {
          return false;
        }
      }
      return true;
    }
  }
}
