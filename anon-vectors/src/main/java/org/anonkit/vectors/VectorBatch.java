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

  /** Which data a batch holds: the owner's clear data or anonymized data that may be shared. */
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
  private final List<Vectorizer.Slot> denseSlots = new ArrayList<>();
  private final List<ColumnBuffer> dense = new ArrayList<>();
  private final List<Vectorizer.Slot> listSlots = new ArrayList<>();
  private final List<RaggedArray> lists = new ArrayList<>();
  private final List<List<String>> dictionaries;
  private final RaggedArray pairFields;
  private final RaggedArray pairValues;
  private final List<String> denseFileNames;
  private final List<String> listFileNames;

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
      String base = s.name.replaceAll("[^A-Za-z0-9._-]", "_");
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
   * are owner-only.
   */
  public void writeVectors(Path dir, Side side) {
    boolean ownerOnly = side == Side.CLEAR;
    OutputDir.create(dir, ownerOnly);
    Map<Integer, String> dictFiles = writeDictionaries(dir, ownerOnly, true);
    StringBuilder cols = new StringBuilder();
    for (int c = 0; c < dense.size(); c++) {
      ColumnBuffer col = dense.get(c);
      Vectorizer.Slot slot = denseSlots.get(c);
      String file = denseFileNames.get(c) + ".npy";
      NpyWriter.write(dir.resolve(file), col.data(), col.type, rows);
      OutputDir.seal(dir.resolve(file), ownerOnly);
      String validity = null;
      byte[] bits = col.validityBitmap();
      if (bits != null) {
        validity = denseFileNames.get(c) + ".validity.npy";
        NpyWriter.writeRaw(dir.resolve(validity), ByteBuffer.wrap(bits), "|u1", bits.length);
        OutputDir.seal(dir.resolve(validity), ownerOnly);
      }
      VectorSchema.Field field = schema.fields().get(slot.field);
      cols.append(c == 0 ? "\n    " : ",\n    ").append("{\"index\": ").append(c)
          .append(", \"name\": ").append(Json.quote(slot.name))
          .append(", \"field\": ").append(Json.quote(field.name()))
          .append(", \"encoder\": ").append(Json.quote(field.encoder()))
          .append(", \"dtype\": ").append(Json.quote(col.type.numpyDescr()))
          .append(", \"type\": ").append(Json.quote(col.type.primitiveName()))
          .append(", \"side\": ").append(Json.quote(side.label()))
          .append(", \"file\": ").append(Json.quote(file))
          .append(", \"validity\": ").append(validity == null ? "null" : Json.quote(validity))
          .append(", \"missing\": ").append(col.missing)
          .append(", \"dictionary\": ")
          .append(slot.column.isDictionaryCoded() && dictFiles.containsKey(slot.field)
              ? Json.quote(dictFiles.get(slot.field)) : "null")
          .append('}');
    }
    writeMatrix(dir.resolve("X.npy"));
    OutputDir.seal(dir.resolve("X.npy"), ownerOnly);
    StringBuilder sb = new StringBuilder("{\n  \"format\": \"anonkit-vectors/1\",\n  \"side\": ")
        .append(Json.quote(side.label())).append(",\n  \"rows\": ").append(rows)
        .append(",\n  \"matrix\": {\"file\": \"X.npy\", \"dtype\": \"<f8\", \"shape\": [").append(rows)
        .append(", ").append(dense.size()).append("], \"order\": \"C\", \"missing\": \"NaN\"},")
        .append("\n  \"validity\": \"uint8 bitmap, bit i%8 of byte i//8 set when row i is present: "
            + "np.unpackbits(v, count=rows, bitorder='little').astype(bool)\",")
        .append("\n  \"columns\": [").append(cols).append("\n  ]\n}\n");
    OutputDir.writeText(dir.resolve("columns.json"), sb.toString(), ownerOnly);
  }

  private void writeMatrix(Path file) {
    int d = dense.size();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      NpyWriter.writeFully(ch, ByteBuffer.wrap(NpyWriter.header("<f8", rows, d)));
      if (d == 0) {
        return;
      }
      int rowsPerChunk = Math.max(1, (1 << 20) / (8 * d));
      ByteBuffer staging = ByteBuffer.allocateDirect(rowsPerChunk * 8 * d).order(ByteOrder.LITTLE_ENDIAN);
      for (int r0 = 0; r0 < rows; r0 += rowsPerChunk) {
        int r1 = Math.min(rows, r0 + rowsPerChunk);
        staging.clear();
        DoubleBuffer view = staging.asDoubleBuffer();
        for (int r = r0; r < r1; r++) {
          for (int c = 0; c < d; c++) {
            ColumnBuffer col = dense.get(c);
            view.put(col.isValid(r) ? col.getDouble(r) : Double.NaN);
          }
        }
        staging.limit((r1 - r0) * 8 * d);
        NpyWriter.writeFully(ch, staging);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.getFileName(), e);
    }
  }

  /** Writes the dictionary files needed by dense (or ragged) columns; returns field → file name. */
  private Map<Integer, String> writeDictionaries(Path dir, boolean ownerOnly, boolean forDense) {
    Map<Integer, String> files = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (int f = 0; f < dictionaries.size(); f++) {
      if (dictionaries.get(f).isEmpty() && !hasCodedColumn(f, forDense)) {
        continue;
      }
      if (!hasCodedColumn(f, forDense)) {
        continue;
      }
      String base = schema.fields().get(f).name().replaceAll("[^A-Za-z0-9._-]", "_");
      String name = base;
      for (int k = 2; !used.add(name.toLowerCase(Locale.ROOT)); k++) {
        name = base + "~" + k;
      }
      String file = name + ".dictionary.json";
      StringBuilder sb = new StringBuilder("[");
      List<String> dict = dictionaries.get(f);
      for (int i = 0; i < dict.size(); i++) {
        sb.append(i == 0 ? "\n  " : ",\n  ");
        Json.quote(sb, dict.get(i));
      }
      sb.append(dict.isEmpty() ? "]\n" : "\n]\n");
      OutputDir.writeText(dir.resolve(file), sb.toString(), ownerOnly);
      files.put(f, file);
    }
    return files;
  }

  private boolean hasCodedColumn(int field, boolean forDense) {
    if (forDense) {
      for (Vectorizer.Slot s : denseSlots) {
        if (s.field == field && s.column.isDictionaryCoded()) {
          return true;
        }
      }
      return false;
    }
    for (Vectorizer.Slot s : listSlots) {
      if (s.field == field && s.column.isDictionaryCoded()) {
        return true;
      }
    }
    if (pairFields != null) {
      for (Vectorizer.Slot s : denseSlots) {
        if (s.field == field && s.column.isDictionaryCoded() && s.column.suffix().isEmpty()) {
          return true;
        }
      }
    }
    return false;
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
    boolean ownerOnly = side == Side.CLEAR;
    OutputDir.create(dir, ownerOnly);
    Map<Integer, String> dictFiles = writeDictionaries(dir, ownerOnly, false);
    Map<String, String> buffers = new LinkedHashMap<>();
    StringBuilder form = new StringBuilder("{\"class\": \"RecordArray\", \"fields\": [");
    List<String> recordFields = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    StringBuilder cols = new StringBuilder();
    if (pairFields != null) {
      writeBuffer(dir, "pairs-offsets", pairFields.offsets(), ColumnType.INT64, rows + 1L, buffers, ownerOnly);
      writeBuffer(dir, "pairs.field-data", pairFields.values(), ColumnType.INT32, pairFields.valueCount(), buffers, ownerOnly);
      writeBuffer(dir, "pairs.value-data", pairValues.values(), ColumnType.FLOAT64, pairValues.valueCount(), buffers, ownerOnly);
      recordFields.add("pairs");
      contents.add("{\"class\": \"ListOffsetArray\", \"offsets\": \"i64\", \"content\": "
          + "{\"class\": \"RecordArray\", \"fields\": [\"field\", \"value\"], \"contents\": ["
          + numpyForm("int32", "pairs.field") + ", " + numpyForm("float64", "pairs.value")
          + "], \"parameters\": {}, \"form_key\": \"pairs.record\"}, \"parameters\": {}, \"form_key\": \"pairs\"}");
      cols.append("\n    {\"name\": \"pairs\", \"offsets\": \"pairs-offsets.npy\", \"offsets_dtype\": \"<i8\", "
          + "\"values\": [{\"name\": \"field\", \"file\": \"pairs.field-data.npy\", \"dtype\": \"<i4\"}, "
          + "{\"name\": \"value\", \"file\": \"pairs.value-data.npy\", \"dtype\": \"<f8\"}], "
          + "\"encoder\": \"pairs\", \"side\": " + Json.quote(side.label()) + "}");
    }
    for (int i = 0; i < lists.size(); i++) {
      RaggedArray list = lists.get(i);
      Vectorizer.Slot slot = listSlots.get(i);
      String key = "list." + listFileNames.get(i);
      writeBuffer(dir, key + "-offsets", list.offsets(), ColumnType.INT64, rows + 1L, buffers, ownerOnly);
      writeBuffer(dir, key + "-data", list.values(), ColumnType.INT32, list.valueCount(), buffers, ownerOnly);
      recordFields.add(slot.name);
      contents.add("{\"class\": \"ListOffsetArray\", \"offsets\": \"i64\", \"content\": "
          + numpyForm("int32", key) + ", \"parameters\": {}, \"form_key\": " + Json.quote(key) + "}");
      VectorSchema.Field field = schema.fields().get(slot.field);
      cols.append(cols.length() == 0 ? "\n    " : ",\n    ").append("{\"name\": ").append(Json.quote(slot.name))
          .append(", \"field\": ").append(Json.quote(field.name()))
          .append(", \"encoder\": ").append(Json.quote(field.encoder()))
          .append(", \"offsets\": ").append(Json.quote(key + "-offsets.npy"))
          .append(", \"offsets_dtype\": \"<i8\", \"file\": ").append(Json.quote(key + "-data.npy"))
          .append(", \"dtype\": \"<i4\", \"type\": \"int32\", \"side\": ").append(Json.quote(side.label()))
          .append(", \"dictionary\": ").append(dictFiles.containsKey(slot.field) ? Json.quote(dictFiles.get(slot.field)) : "null")
          .append('}');
    }
    for (int i = 0; i < recordFields.size(); i++) {
      form.append(i == 0 ? "" : ", ").append(Json.quote(recordFields.get(i)));
    }
    form.append("], \"contents\": [").append(String.join(", ", contents))
        .append("], \"parameters\": {}, \"form_key\": \"records\"}");
    OutputDir.writeText(dir.resolve("form.json"), form + "\n", ownerOnly);

    StringBuilder meta = new StringBuilder("{\n  \"format\": \"anonkit-ragged/1\",\n  \"side\": ")
        .append(Json.quote(side.label())).append(",\n  \"length\": ").append(rows)
        .append(",\n  \"form\": ").append(form).append(",\n  \"buffers\": {");
    int k = 0;
    for (Map.Entry<String, String> e : buffers.entrySet()) {
      meta.append(k++ == 0 ? "\n    " : ",\n    ").append(Json.quote(e.getKey())).append(": ")
          .append(Json.quote(e.getValue()));
    }
    meta.append("\n  },\n  \"fields\": [");
    for (int f = 0; f < schema.fields().size(); f++) {
      VectorSchema.Field field = schema.fields().get(f);
      meta.append(f == 0 ? "\n    " : ",\n    ").append("{\"id\": ").append(f)
          .append(", \"name\": ").append(Json.quote(field.name()))
          .append(", \"encoder\": ").append(Json.quote(field.encoder()))
          .append(", \"dictionary\": ").append(dictFiles.containsKey(f) ? Json.quote(dictFiles.get(f)) : "null")
          .append('}');
    }
    meta.append("\n  ]\n}\n");
    OutputDir.writeText(dir.resolve("ragged.json"), meta.toString(), ownerOnly);
    OutputDir.writeText(dir.resolve("columns.json"), "{\n  \"format\": \"anonkit-ragged-columns/1\",\n  \"side\": "
        + Json.quote(side.label()) + ",\n  \"rows\": " + rows + ",\n  \"columns\": [" + cols + "\n  ]\n}\n", ownerOnly);
    writeJsonl(dir.resolve("records.jsonl"), ownerOnly);
  }

  private static String numpyForm(String primitive, String key) {
    return "{\"class\": \"NumpyArray\", \"primitive\": \"" + primitive
        + "\", \"inner_shape\": [], \"parameters\": {}, \"form_key\": " + Json.quote(key) + "}";
  }

  private void writeBuffer(Path dir, String key, Buffer data, ColumnType type, long count,
      Map<String, String> buffers, boolean ownerOnly) {
    String file = key + ".npy";
    NpyWriter.write(dir.resolve(file), data, type, count);
    OutputDir.seal(dir.resolve(file), ownerOnly);
    buffers.put(key, file);
  }

  private void writeJsonl(Path file, boolean ownerOnly) {
    List<String> names = new ArrayList<>();
    boolean[] integral = new boolean[schema.fields().size()];
    for (VectorSchema.Field f : schema.fields()) {
      names.add(Json.quote(f.name()));
    }
    Map<Integer, Integer> mainColumn = new java.util.TreeMap<>();
    for (int c = 0; c < denseSlots.size(); c++) {
      Vectorizer.Slot s = denseSlots.get(c);
      if (s.column.suffix().isEmpty()) {
        mainColumn.put(s.field, c);
        ColumnType t = dense.get(c).type;
        integral[s.field] = t != ColumnType.FLOAT32 && t != ColumnType.FLOAT64;
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < rows; r++) {
        line.setLength(0);
        line.append('{');
        boolean first = true;
        if (pairFields != null) {
          for (long p = pairFields.start(r); p < pairFields.end(r); p++) {
            int f = (int) pairFields.getLong((int) p);
            double v = pairValues.getDouble((int) p);
            line.append(first ? "" : ", ").append(names.get(f)).append(": ")
                .append(integral[f] ? Long.toString((long) v) : Json.number(v));
            first = false;
          }
        } else {
          for (Map.Entry<Integer, Integer> e : mainColumn.entrySet()) {
            ColumnBuffer col = dense.get(e.getValue());
            if (!col.isValid(r)) {
              continue;
            }
            line.append(first ? "" : ", ").append(names.get(e.getKey())).append(": ")
                .append(integral[e.getKey()] ? Long.toString(col.getLong(r)) : Json.number(col.getDouble(r)));
            first = false;
          }
        }
        for (int i = 0; i < lists.size(); i++) {
          RaggedArray list = lists.get(i);
          line.append(first ? "" : ", ").append(Json.quote(listSlots.get(i).name)).append(": [");
          for (long p = list.start(r); p < list.end(r); p++) {
            line.append(p == list.start(r) ? "" : ", ").append(list.getLong((int) p));
          }
          line.append(']');
          first = false;
        }
        line.append("}\n");
        w.append(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.getFileName(), e);
    }
    OutputDir.seal(file, ownerOnly);
  }

  @Override
  public String toString() {
    return "VectorBatch{rows=" + rows + ", columns=" + dense.size() + ", lists=" + lists.size() + "}";
  }
}
