package org.anonkit.vectors;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.anonkit.Encoder.ColumnType;

/**
 * The columns a {@link Vectorizer} built: dense primitive columns (one value per row, with a validity
 * bitmap where values are missing), ragged list columns, the ragged (field id, value) pairs, and the
 * dictionaries of dictionary-coded fields. Typed getters read single values; {@link #columnData}
 * returns read-only views of whole columns without copying; {@link #writeVectors} and
 * {@link #writeRagged} write the files numpy and Awkward Array open directly (see the module README).
 *
 * <p>Immutable once returned by {@link Vectorizer#finish()} and then safe to read from several
 * threads. {@code toString} never prints values.
 */
public final class VectorBatch {

  /**
   * Which data a batch holds: the owner's clear data or anonymized data that may be shared. An enum:
   * immutable and thread-safe.
   */
  public enum Side {
    /** Clear values: for the data owner only; written with owner-only permissions. */
    CLEAR("clear"),
    /** Anonymized values: may leave the building. */
    ANONYMIZED("anonymized");

    private final String label;

    Side(String label) {
      this.label = label;
    }

    /** {@code "clear"} or {@code "anonymized"}, as written in {@code columns.json}. */
    public String label() {
      return label;
    }
  }

  private final VectorSchema schema;
  private final int rows;
  final List<Vectorizer.Slot> denseSlots = new ArrayList<>();
  final List<ColumnBuffer> dense = new ArrayList<>();
  final List<Vectorizer.Slot> listSlots = new ArrayList<>();
  final List<RaggedArray> lists = new ArrayList<>();
  final List<List<String>> dictionaries;
  final RaggedArray pairFields;
  final RaggedArray pairValues;
  final List<String> denseFileNames;
  final List<String> listFileNames;

  VectorBatch(VectorSchema schema, int rows, List<Vectorizer.Slot> slots, ColumnBuffer[] denseBySlot,
      RaggedArray.IntBuilder[] listsBySlot, List<List<String>> dictionaries, RaggedArray pairFields,
      RaggedArray pairValues) {
    this.schema = schema;
    this.rows = rows;
    for (int s = 0; s < slots.size(); s++) {
      if (denseBySlot[s] != null) {
        denseSlots.add(slots.get(s));
        dense.add(denseBySlot[s]);
      } else {
        listSlots.add(slots.get(s));
        lists.add(listsBySlot[s].build());
      }
    }
    this.dictionaries = Collections.unmodifiableList(dictionaries);
    this.pairFields = pairFields;
    this.pairValues = pairValues;
    Set<String> used = new HashSet<>();
    used.add("x");
    used.add("columns");
    this.denseFileNames = fileNames(denseSlots, used);
    Set<String> usedLists = new HashSet<>();
    usedLists.add("pairs");
    this.listFileNames = fileNames(listSlots, usedLists);
  }

  private static List<String> fileNames(List<Vectorizer.Slot> slots, Set<String> used) {
    List<String> out = new ArrayList<>();
    for (Vectorizer.Slot s : slots) {
      String base = fileSafe(s.name);
      if (base.startsWith(".")) {
        base = "_" + base;
      }
      String candidate = base;
      for (int k = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); k++) {
        candidate = base + "~" + k;
      }
      out.add(candidate);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * {@code name} with every code point other than {@code A-Z a-z 0-9 . _ -} replaced by one {@code _}, as
   * {@code name.replaceAll("[^A-Za-z0-9._-]", "_")} does (a batch per chunk names its files: no regular
   * expression compiled for each).
   */
  static String fileSafe(String name) {
    int i = 0;
    while (i < name.length() && safe(name.charAt(i))) {
      i++;
    }
    if (i == name.length()) {
      return name;
    }
    StringBuilder b = new StringBuilder(name.length()).append(name, 0, i);
    while (i < name.length()) {
      int cp = name.codePointAt(i);
      b.append(cp < 128 && safe((char) cp) ? (char) cp : '_');
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  private static boolean safe(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-';
  }

  public VectorSchema schema() {
    return schema;
  }

  /** The number of rows. */
  public int rows() {
    return rows;
  }

  /** The number of dense columns (the width of {@link #toMatrix()}). */
  public int columnCount() {
    return dense.size();
  }

  /** The dense column names in order: the field name, plus {@code .suffix} for extra columns. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>();
    for (Vectorizer.Slot s : denseSlots) {
      names.add(s.name);
    }
    return Collections.unmodifiableList(names);
  }

  /** The index of the dense column named {@code name} (exact), or -1. */
  public int columnIndex(String name) {
    for (int i = 0; i < denseSlots.size(); i++) {
      if (denseSlots.get(i).name.equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public ColumnType columnType(int column) {
    return dense.get(column).type;
  }

  /** The schema field a dense column belongs to. */
  public VectorSchema.Field columnField(int column) {
    return schema.fields().get(denseSlots.get(column).field);
  }

  /** Whether a dense column holds codes into its field's {@link #dictionary}. */
  public boolean isDictionaryCoded(int column) {
    return denseSlots.get(column).column.isDictionaryCoded();
  }

  /** The value at ({@code column}, {@code row}) of an integer, unsigned or boolean column. */
  public long getLong(int column, int row) {
    Objects.checkIndex(row, rows);
    return dense.get(column).getLong(row);
  }

  /** The value at ({@code column}, {@code row}) as a double (any type; NaN in missing float slots). */
  public double getDouble(int column, int row) {
    Objects.checkIndex(row, rows);
    return dense.get(column).getDouble(row);
  }

  /** Whether the value at ({@code column}, {@code row}) is present. */
  public boolean isValid(int column, int row) {
    Objects.checkIndex(row, rows);
    return dense.get(column).isValid(row);
  }

  /** The number of missing values in a dense column. */
  public int missingCount(int column) {
    return dense.get(column).missing;
  }

  /**
   * A read-only view of a dense column's values, without copying: a {@link LongBuffer} (int64),
   * {@link DoubleBuffer} (float64), {@link IntBuffer} (int32, uint32), {@link java.nio.FloatBuffer}
   * (float32) or {@link ByteBuffer} (bool).
   */
  public Buffer columnData(int column) {
    Buffer b = dense.get(column).data();
    if (b instanceof LongBuffer) {
      return ((LongBuffer) b).asReadOnlyBuffer();
    } else if (b instanceof DoubleBuffer) {
      return ((DoubleBuffer) b).asReadOnlyBuffer();
    } else if (b instanceof IntBuffer) {
      return ((IntBuffer) b).asReadOnlyBuffer();
    } else if (b instanceof java.nio.FloatBuffer) {
      return ((java.nio.FloatBuffer) b).asReadOnlyBuffer();
    }
    return ((ByteBuffer) b).asReadOnlyBuffer();
  }

  /** The validity bitmap of a dense column (Arrow layout, LSB first), or null if nothing is missing. */
  public byte[] validityBitmap(int column) {
    return dense.get(column).validityBitmap();
  }

  /** The dictionary of schema field {@code field} (code i → value), empty if it has none. */
  public List<String> dictionary(int field) {
    return dictionaries.get(field);
  }

  /** The names of the list (ragged) columns. */
  public List<String> listNames() {
    List<String> names = new ArrayList<>();
    for (Vectorizer.Slot s : listSlots) {
      names.add(s.name);
    }
    return Collections.unmodifiableList(names);
  }

  /** The list column named {@code name}. */
  public RaggedArray list(String name) {
    for (int i = 0; i < listSlots.size(); i++) {
      if (listSlots.get(i).name.equals(name)) {
        return lists.get(i);
      }
    }
    throw new IllegalArgumentException("no list column named '" + name + "'; lists: " + listNames());
  }

  /** The field ids of the ragged (field id, value) pairs (index into the schema's fields), or null. */
  public RaggedArray pairFields() {
    return pairFields;
  }

  /** The values of the ragged pairs, sharing {@link #pairFields()}'s offsets, or null. */
  public RaggedArray pairValues() {
    return pairValues;
  }

  /**
   * The dense columns as one row-major {@code rows x columnCount()} float64 matrix (a copy), NaN
   * where a value is missing. Integers above 2^53 lose precision; use the columns for exact values.
   */
  public double[] toMatrix() {
    int d = dense.size();
    double[] m = new double[Math.multiplyExact(rows, d)];
    for (int c = 0; c < d; c++) {
      ColumnBuffer col = dense.get(c);
      for (int r = 0; r < rows; r++) {
        m[r * d + c] = col.isValid(r) ? col.getDouble(r) : Double.NaN;
      }
    }
    return m;
  }

  /**
   * Concatenates batches that the same schema produced from consecutive chunks of one input (for
   * example by parallel workers), in input order. Dictionary codes are renumbered into one
   * dictionary per field: first-seen order over the chunks in order, or sorted order for fields with
   * {@code "order": "sorted"}; the result equals what one vectorizer fed every record in order would
   * have produced, whatever the chunking. The result copies the data.
   *
   * @throws IllegalArgumentException if the batches have different schemas or the list is empty
   */
  public static VectorBatch concat(List<VectorBatch> chunks) {
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    VectorBatch first = chunks.get(0);
    long total = 0;
    for (VectorBatch b : chunks) {
      if (!b.schema.equals(first.schema)) {
        throw new IllegalArgumentException("batches from different schemas cannot be concatenated");
      }
      total += b.rows;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a batch holds at most 2^31 - 9 rows");
    }
    int rows = (int) total;
    int fields = first.schema.fields().size();
    // merged dictionaries and per-chunk remaps
    List<List<String>> dictionaries = new ArrayList<>();
    int[][][] remaps = new int[fields][chunks.size()][];
    for (int f = 0; f < fields; f++) {
      Map<String, Integer> merged = new LinkedHashMap<>();
      for (VectorBatch b : chunks) {
        for (String v : b.dictionaries.get(f)) {
          merged.putIfAbsent(v, merged.size());
        }
      }
      List<String> values = new ArrayList<>(merged.keySet());
      if ("sorted".equals(first.schema.fields().get(f).parameters().get("order"))) {
        Collections.sort(values);
        for (int i = 0; i < values.size(); i++) {
          merged.put(values.get(i), i);
        }
      }
      dictionaries.add(List.copyOf(values));
      for (int c = 0; c < chunks.size(); c++) {
        List<String> local = chunks.get(c).dictionaries.get(f);
        int[] remap = new int[local.size()];
        for (int i = 0; i < remap.length; i++) {
          remap[i] = merged.get(local.get(i));
        }
        remaps[f][c] = remap;
      }
    }
    List<Vectorizer.Slot> slots = new ArrayList<>();
    List<Boolean> isDense = new ArrayList<>();
    int di = 0;
    int li = 0;
    // rebuild the slot order (dense and list slots interleaved as in the schema)
    for (int f = 0; f < fields; f++) {
      while (di < first.denseSlots.size() && first.denseSlots.get(di).field == f
          || li < first.listSlots.size() && first.listSlots.get(li).field == f) {
        if (di < first.denseSlots.size() && first.denseSlots.get(di).field == f) {
          slots.add(first.denseSlots.get(di++));
          isDense.add(true);
        } else {
          slots.add(first.listSlots.get(li++));
          isDense.add(false);
        }
      }
    }
    ColumnBuffer[] dense = new ColumnBuffer[slots.size()];
    RaggedArray.IntBuilder[] lists = new RaggedArray.IntBuilder[slots.size()];
    di = 0;
    li = 0;
    for (int s = 0; s < slots.size(); s++) {
      Vectorizer.Slot slot = slots.get(s);
      boolean coded = slot.column.isDictionaryCoded();
      if (isDense.get(s)) {
        ColumnBuffer out = new ColumnBuffer(slot.column.type(), rows);
        for (int c = 0; c < chunks.size(); c++) {
          ColumnBuffer in = chunks.get(c).dense.get(di);
          int[] remap = remaps[slot.field][c];
          for (int r = 0; r < in.size; r++) {
            if (!in.isValid(r)) {
              out.putMissing();
            } else if (coded) {
              out.putLong(remap[(int) in.getLong(r)]);
            } else if (in.type == ColumnType.FLOAT64 || in.type == ColumnType.FLOAT32) {
              out.putDouble(in.getDouble(r));
            } else {
              out.putLong(in.getLong(r));
            }
          }
        }
        dense[s] = out;
        di++;
      } else {
        RaggedArray.IntBuilder out = RaggedArray.intBuilder();
        for (int c = 0; c < chunks.size(); c++) {
          RaggedArray in = chunks.get(c).lists.get(li);
          int[] remap = remaps[slot.field][c];
          for (int r = 0; r < in.length(); r++) {
            for (long k = in.start(r); k < in.end(r); k++) {
              int v = (int) in.getLong((int) k);
              out.add(coded ? remap[v] : v);
            }
            out.endRow();
          }
        }
        lists[s] = out;
        li++;
      }
    }
    RaggedArray pairFields = null;
    RaggedArray pairValues = null;
    if (first.pairFields != null) {
      RaggedArray.IntBuilder pf = RaggedArray.intBuilder();
      RaggedArray.DoubleBuilder pv = RaggedArray.doubleBuilder();
      boolean[] codedField = new boolean[fields];
      for (Vectorizer.Slot s : first.denseSlots) {
        if (s.column.suffix().isEmpty() && s.column.isDictionaryCoded()) {
          codedField[s.field] = true;
        }
      }
      for (int c = 0; c < chunks.size(); c++) {
        VectorBatch b = chunks.get(c);
        for (int r = 0; r < b.rows; r++) {
          for (long k = b.pairFields.start(r); k < b.pairFields.end(r); k++) {
            int f = (int) b.pairFields.getLong((int) k);
            double v = b.pairValues.getDouble((int) k);
            pf.add(f);
            pv.add(codedField[f] ? remaps[f][c][(int) v] : v);
          }
          pf.endRow();
          pv.endRow();
        }
      }
      pairFields = pf.build();
      pairValues = pv.build();
    }
    return new VectorBatch(first.schema, rows, slots, dense, lists, dictionaries, pairFields, pairValues);
  }

  // ------------------------------------------------------------------------------------- writing

  /**
   * Writes the dense columns into {@code dir}: one {@code <column>.npy} per column (its own dtype),
   * {@code <column>.validity.npy} (uint8, Arrow bit order) for columns with missing values,
   * {@code X.npy} (float64 matrix, NaN for missing), {@code <field>.dictionary.json} for
   * dictionary-coded fields, and {@code columns.json}. For {@link Side#CLEAR} the directory and files
   * are owner-only. Each file is staged and then moved into place (see {@link VectorWriter}).
   */
  public void writeVectors(Path dir, Side side) {
    try (VectorWriter w = VectorWriter.create(schema, dir, null, side)) {
      w.append(this);
      w.commit();
    }
  }

  /**
   * Writes the ragged data into {@code dir} as Awkward Array buffers: {@code pairs-offsets.npy}
   * (int64, rows + 1), {@code pairs.field-data.npy} (int32 field ids), {@code pairs.value-data.npy}
   * (float64 values), and per list column {@code list.<name>-offsets.npy} and
   * {@code list.<name>-data.npy}; {@code form.json} (the Awkward form), {@code ragged.json} (form,
   * length, buffer files, field id table), {@code columns.json}, dictionaries, and
   * {@code records.jsonl} (one JSON object per record: field name → encoded value or list). Every
   * offsets file name contains {@code offsets}. For {@link Side#CLEAR} everything is owner-only.
   */
  public void writeRagged(Path dir, Side side) {
    try (VectorWriter w = VectorWriter.create(schema, null, dir, side)) {
      w.append(this);
      w.commit();
    }
  }

  @Override
  public String toString() {
    return "VectorBatch{rows=" + rows + ", columns=" + dense.size() + ", lists=" + lists.size() + "}";
  }
}
