package org.anonkit.vectors;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.InvalidInputException;

/**
 * Streams the vectors of consecutive batches to disk as they arrive, so that memory holds one batch
 * (plus the dictionaries), not the whole run: the files are exactly those that
 * {@code VectorBatch.concat(batches)} followed by {@link VectorBatch#writeVectors} and
 * {@link VectorBatch#writeRagged} would write, byte for byte.
 *
 * <p>{@link #append} takes batches that one schema produced from consecutive chunks, in input order
 * (typically the chunks of parallel workers, collected in order). Each batch's rows are appended at
 * once to the column files, {@code X.npy} and the ragged buffers, with its dictionary codes renumbered
 * into one dictionary per field (the union of the chunk dictionaries in chunk order, as
 * {@code concat} does). {@link #commit} then writes what only the end knows: the {@code .npy} headers
 * (the row count), the dictionaries, {@code columns.json}, {@code ragged.json}, {@code form.json} and
 * {@code records.jsonl} (read back from the finished buffers); for fields with
 * {@code "order": "sorted"} it renumbers the codes already written in place (one pass over the
 * affected files).
 *
 * <p><b>Memory.</b> The writer keeps the dictionaries of dictionary-coded fields (one entry per
 * distinct value; a field's {@code max-size}, default 16,777,216, is enforced over the whole run with
 * an {@link InvalidInputException} naming the field) and a 1 MiB staging buffer; nothing grows with
 * the number of rows. Row counts are 64-bit.
 *
 * <p><b>Atomicity.</b> Files are written into a hidden staging directory inside each target
 * directory and moved into place one by one at {@link #commit} (data files first, metadata last);
 * {@link #close} without a commit deletes the staging directory, so a failed run leaves no partial
 * matrix behind. For {@link VectorBatch.Side#CLEAR} the directories and files are owner-only.
 *
 * <p>Not thread-safe: call from one thread (the one collecting chunks in order).
 */
public final class VectorWriter implements Closeable {
  private static final int BLOCK = 1 << 20;

  private final VectorSchema schema;
  private final VectorBatch.Side side;
  private final boolean ownerOnly;
  private final Path vectorsDir;
  private final Path raggedDir;
  private Path vectorsStage;
  private Path raggedStage;
  private Path denseStage; // where column files go: vectorsStage, or a hidden folder for records.jsonl only
  private boolean writeDense;
  private final ByteBuffer staging = ByteBuffer.allocateDirect(BLOCK).order(ByteOrder.LITTLE_ENDIAN);

  // layout, from the first batch
  private boolean started;
  private List<Vectorizer.Slot> denseSlots;
  private List<Vectorizer.Slot> listSlots;
  private List<String> denseFileNames;
  private List<String> listFileNames;
  private ColumnType[] denseTypes;
  private boolean hasPairs;
  private boolean[] codedPairField;

  // run state
  private Dict[] dicts;
  private long rows;
  private long[] missing;
  private NpyFile[] columns;
  private Bits[] validity;
  private NpyFile matrix;
  private NpyFile pairOffsets;
  private NpyFile pairFieldData;
  private NpyFile pairValueData;
  private long pairCount;
  private NpyFile[] listOffsets;
  private NpyFile[] listData;
  private long[] listCount;
  private boolean done;

  private VectorWriter(VectorSchema schema, Path vectorsDir, Path raggedDir, VectorBatch.Side side) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.side = Objects.requireNonNull(side, "side");
    this.ownerOnly = side == VectorBatch.Side.CLEAR;
    this.vectorsDir = vectorsDir;
    this.raggedDir = raggedDir;
    if (vectorsDir == null && raggedDir == null) {
      throw new IllegalArgumentException("give a vectors directory, a ragged directory or both");
    }
    try {
      if (vectorsDir != null) {
        vectorsStage = stage(vectorsDir);
      }
      if (raggedDir != null) {
        raggedStage = stage(raggedDir);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * A writer of the dense files into {@code vectorsDir} (as {@link VectorBatch#writeVectors}) and the
   * ragged files into {@code raggedDir} (as {@link VectorBatch#writeRagged}); either may be null to
   * skip that part. The directories are created now (owner-only for {@link VectorBatch.Side#CLEAR});
   * files already in them are replaced only at {@link #commit} and only where this writer writes a file
   * of the same name.
   */
  public static VectorWriter create(VectorSchema schema, Path vectorsDir, Path raggedDir, VectorBatch.Side side) {
    return new VectorWriter(schema, vectorsDir, raggedDir, side);
  }

  private Path stage(Path dir) {
    OutputDir.create(dir, ownerOnly);
    for (int attempt = 0; ; attempt++) {
      Path s = dir.resolve(".vectors-staging-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      try {
        Files.createDirectory(s);
        OutputDir.create(s, ownerOnly);
        return s;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt > 8) {
          throw new UncheckedIOException("cannot create a staging directory in " + dir, e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a staging directory in " + dir, e);
      }
    }
  }

  /** Rows appended so far. */
  public long rows() {
    return rows;
  }

  /**
   * Appends {@code batch}'s rows after those already written. Batches must come from this writer's
   * schema, in input order. The batch is not retained.
   *
   * @throws IllegalArgumentException if the batch has another schema
   * @throws InvalidInputException if a field's dictionary grows past its {@code max-size}
   * @throws IllegalStateException after {@link #commit} or {@link #close}
   * @throws UncheckedIOException if a file cannot be written
   */
  public void append(VectorBatch batch) {
    Objects.requireNonNull(batch, "batch");
    if (done) {
      throw new IllegalStateException("vector writer is already committed or closed");
    }
    if (!batch.schema().equals(schema)) {
      throw new IllegalArgumentException("batches from different schemas cannot be concatenated");
    }
    try {
      if (!started) {
        start(batch);
      }
      int[][] remaps = remaps(batch);
      if (writeDense) {
        appendDense(batch, remaps);
      }
      if (raggedDir != null) {
        appendRagged(batch, remaps);
      }
      rows += batch.rows();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write vectors", e);
    }
  }

  private void start(VectorBatch first) throws IOException {
    started = true;
    denseSlots = first.denseSlots;
    listSlots = first.listSlots;
    denseFileNames = first.denseFileNames;
    listFileNames = first.listFileNames;
    int d = denseSlots.size();
    denseTypes = new ColumnType[d];
    for (int c = 0; c < d; c++) {
      denseTypes[c] = first.dense.get(c).type;
    }
    int fields = schema.fields().size();
    dicts = new Dict[fields];
    for (int f = 0; f < fields; f++) {
      VectorSchema.Field field = schema.fields().get(f);
      Object max = field.parameters().get("max-size");
      dicts[f] = new Dict(field.name(), "sorted".equals(field.parameters().get("order")),
          max instanceof Number ? ((Number) max).longValue() : 1L << 24);
    }
    hasPairs = first.pairFields != null;
    codedPairField = new boolean[fields];
    for (Vectorizer.Slot s : denseSlots) {
      if (s.column.suffix().isEmpty() && s.column.isDictionaryCoded()) {
        codedPairField[s.field] = true;
      }
    }
    // without pairs, records.jsonl is read back from the dense columns, so they are staged even for
    // a ragged-only writer (in a hidden folder that is never moved into place)
    writeDense = vectorsDir != null || !hasPairs;
    if (writeDense) {
      if (vectorsDir != null) {
        denseStage = vectorsStage;
      } else {
        denseStage = raggedStage.resolve(".dense");
        OutputDir.create(denseStage, ownerOnly);
      }
      missing = new long[d];
      columns = new NpyFile[d];
      validity = new Bits[d];
      for (int c = 0; c < d; c++) {
        columns[c] = new NpyFile(denseStage.resolve(denseFileNames.get(c) + ".npy"), denseTypes[c].numpyDescr(), false);
      }
    }
    if (vectorsDir != null) {
      matrix = new NpyFile(vectorsStage.resolve("X.npy"), "<f8", true);
    }
    if (raggedDir != null) {
      if (hasPairs) {
        pairOffsets = new NpyFile(raggedStage.resolve("pairs-offsets.npy"), "<i8", false);
        pairFieldData = new NpyFile(raggedStage.resolve("pairs.field-data.npy"), "<i4", false);
        pairValueData = new NpyFile(raggedStage.resolve("pairs.value-data.npy"), "<f8", false);
        writeLong(pairOffsets, 0);
      }
      int l = listSlots.size();
      listOffsets = new NpyFile[l];
      listData = new NpyFile[l];
      listCount = new long[l];
      for (int i = 0; i < l; i++) {
        String key = "list." + listFileNames.get(i);
        listOffsets[i] = new NpyFile(raggedStage.resolve(key + "-offsets.npy"), "<i8", false);
        listData[i] = new NpyFile(raggedStage.resolve(key + "-data.npy"), "<i4", false);
        writeLong(listOffsets[i], 0);
      }
    }
  }

  /** Per field: the batch's codes → run codes (first-seen over the batches in order). */
  private int[][] remaps(VectorBatch b) {
    int[][] remaps = new int[dicts.length][];
    for (int f = 0; f < dicts.length; f++) {
      List<String> local = b.dictionaries.get(f);
      int[] remap = new int[local.size()];
      for (int i = 0; i < remap.length; i++) {
        remap[i] = dicts[f].code(local.get(i));
      }
      remaps[f] = remap;
    }
    return remaps;
  }

  // ------------------------------------------------------------------------------------ appending

  private void appendDense(VectorBatch b, int[][] remaps) throws IOException {
    int n = b.rows();
    int d = denseSlots.size();
    for (int c = 0; c < d; c++) {
      ColumnBuffer col = b.dense.get(c);
      Vectorizer.Slot slot = denseSlots.get(c);
      if (slot.column.isDictionaryCoded()) {
        int[] remap = remaps[slot.field];
        staging.clear();
        for (int r = 0; r < n; r++) {
          if (staging.remaining() < 8) {
            flush(columns[c]);
          }
          long v = col.isValid(r) ? remap[(int) col.getLong(r)] : 0;
          putTyped(col.type, v);
        }
        flush(columns[c]);
      } else {
        columns[c].append(col.data(), staging);
      }
      byte[] bits = col.validityBitmap();
      if (bits != null && validity[c] == null) {
        validity[c] = new Bits(new NpyFile(denseStage.resolve(denseFileNames.get(c) + ".validity.npy"), "|u1", false));
        validity[c].appendOnes(rows);
      }
      if (validity[c] != null) {
        validity[c].append(bits, n);
      }
      missing[c] += col.missing;
    }
    if (d == 0 || matrix == null) {
      return;
    }
    // X.npy rows: NaN where missing, run codes for dictionary-coded columns
    ColumnBuffer[] cols = new ColumnBuffer[d];
    int[][] colRemap = new int[d][];
    for (int c = 0; c < d; c++) {
      cols[c] = b.dense.get(c);
      colRemap[c] = denseSlots.get(c).column.isDictionaryCoded() ? remaps[denseSlots.get(c).field] : null;
    }
    int rowsPerBlock = Math.max(1, BLOCK / (8 * d));
    for (int r0 = 0; r0 < n; r0 += rowsPerBlock) {
      int r1 = Math.min(n, r0 + rowsPerBlock);
      staging.clear();
      DoubleBuffer view = staging.asDoubleBuffer();
      for (int r = r0; r < r1; r++) {
        for (int c = 0; c < d; c++) {
          ColumnBuffer col = cols[c];
          double v;
          if (!col.isValid(r)) {
            v = Double.NaN;
          } else if (colRemap[c] != null) {
            v = colRemap[c][(int) col.getLong(r)];
          } else {
            v = col.getDouble(r);
          }
          view.put(v);
        }
      }
      staging.limit((r1 - r0) * 8 * d);
      matrix.write(staging);
    }
  }

  private void putTyped(ColumnType type, long v) {
    switch (type) {
      case INT64:
        staging.putLong(v);
        break;
      case INT32:
      case UINT32:
        staging.putInt((int) v);
        break;
      case BOOL:
        staging.put((byte) v);
        break;
      case FLOAT32:
        staging.putFloat(v);
        break;
      default:
        staging.putDouble(v);
    }
  }

  private void flush(NpyFile f) throws IOException {
    staging.flip();
    f.write(staging);
    staging.clear();
  }

  private void appendRagged(VectorBatch b, int[][] remaps) throws IOException {
    int n = b.rows();
    if (hasPairs) {
      appendOffsets(pairOffsets, b.pairFields.offsets(), n, pairCount);
      pairFieldData.append(b.pairFields.values(), staging);
      IntBuffer fieldIds = (IntBuffer) b.pairFields.values();
      DoubleBuffer values = (DoubleBuffer) b.pairValues.values();
      int count = values.remaining();
      staging.clear();
      for (int k = 0; k < count; k++) {
        if (staging.remaining() < 8) {
          flush(pairValueData);
        }
        int f = fieldIds.get(k);
        double v = values.get(k);
        staging.putDouble(codedPairField[f] ? remaps[f][(int) v] : v);
      }
      flush(pairValueData);
      pairCount += count;
    }
    for (int i = 0; i < listSlots.size(); i++) {
      RaggedArray list = b.lists.get(i);
      appendOffsets(listOffsets[i], list.offsets(), n, listCount[i]);
      Vectorizer.Slot slot = listSlots.get(i);
      IntBuffer values = (IntBuffer) list.values();
      int count = values.remaining();
      if (slot.column.isDictionaryCoded()) {
        int[] remap = remaps[slot.field];
        staging.clear();
        for (int k = 0; k < count; k++) {
          if (staging.remaining() < 4) {
            flush(listData[i]);
          }
          staging.putInt(remap[values.get(k)]);
        }
        flush(listData[i]);
      } else {
        listData[i].append(values, staging);
      }
      listCount[i] += count;
    }
  }

  /** Appends offsets[1..rows] + base (offsets[0] = 0 is already in the file). */
  private void appendOffsets(NpyFile file, LongBuffer offsets, int n, long base) throws IOException {
    staging.clear();
    for (int r = 1; r <= n; r++) {
      if (staging.remaining() < 8) {
        flush(file);
      }
      staging.putLong(offsets.get(r) + base);
    }
    flush(file);
  }

  private void writeLong(NpyFile file, long v) throws IOException {
    staging.clear();
    staging.putLong(v);
    flush(file);
  }

  // ------------------------------------------------------------------------------------ commit

  /**
   * Finishes every file and moves it into place.
   *
   * @throws IllegalStateException if nothing was appended, or after {@link #commit}/{@link #close}
   * @throws UncheckedIOException if a file cannot be written or moved
   */
  public void commit() {
    if (done) {
      throw new IllegalStateException("vector writer is already committed or closed");
    }
    if (!started) {
      throw new IllegalStateException("nothing to write: no batch was appended");
    }
    try {
      List<List<String>> dictionaries = new ArrayList<>();
      int[][] perms = new int[dicts.length][];
      for (int f = 0; f < dicts.length; f++) {
        perms[f] = dicts[f].sortIfNeeded();
        dictionaries.add(dicts[f].values);
      }
      List<Path> data = new ArrayList<>();
      List<Path> meta = new ArrayList<>();
      if (writeDense) {
        renumberDense(perms);
      }
      if (vectorsDir != null) {
        finishDense(dictionaries, data, meta);
      }
      if (raggedDir != null) {
        finishRagged(perms, dictionaries, data, meta);
      }
      done = true;
      if (vectorsDir != null) {
        moveAll(data, meta, vectorsStage, vectorsDir);
      }
      if (raggedDir != null) {
        moveAll(data, meta, raggedStage, raggedDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write vectors", e);
    } finally {
      close();
    }
  }

  private void moveAll(List<Path> data, List<Path> meta, Path stage, Path target) throws IOException {
    for (List<Path> group : List.of(data, meta)) {
      for (Path p : group) {
        if (p.getParent().equals(stage)) {
          Path dest = target.resolve(p.getFileName().toString());
          try {
            Files.move(p, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(p, dest, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  /** Finishes the validity bitmaps and renumbers sorted dictionaries' codes in the column files and X.npy. */
  private void renumberDense(int[][] perms) throws IOException {
    int d = denseSlots.size();
    for (int c = 0; c < d; c++) {
      if (validity[c] != null) {
        validity[c].finish();
      }
    }
    int[][] colPerm = new int[d][];
    boolean any = false;
    for (int c = 0; c < d; c++) {
      Vectorizer.Slot slot = denseSlots.get(c);
      if (slot.column.isDictionaryCoded() && perms[slot.field] != null) {
        colPerm[c] = perms[slot.field];
        any = true;
        remapColumn(columns[c], denseTypes[c], colPerm[c], validity[c]);
      }
    }
    if (any && matrix != null) {
      remapMatrix(colPerm);
    }
  }

  private void finishDense(List<List<String>> dictionaries, List<Path> data, List<Path> meta) throws IOException {
    int d = denseSlots.size();
    Map<Integer, String> dictFiles = writeDictionaries(vectorsStage, dictionaries, true, meta);
    StringBuilder cols = new StringBuilder();
    for (int c = 0; c < d; c++) {
      Vectorizer.Slot slot = denseSlots.get(c);
      String file = denseFileNames.get(c) + ".npy";
      columns[c].finish(rows);
      data.add(columns[c].path);
      String validityFile = null;
      if (validity[c] != null) {
        validityFile = denseFileNames.get(c) + ".validity.npy";
        data.add(validity[c].file.path);
      }
      VectorSchema.Field field = schema.fields().get(slot.field);
      cols.append(c == 0 ? "\n    " : ",\n    ").append("{\"index\": ").append(c)
          .append(", \"name\": ").append(Json.quote(slot.name))
          .append(", \"field\": ").append(Json.quote(field.name()))
          .append(", \"encoder\": ").append(Json.quote(field.encoder()))
          .append(", \"dtype\": ").append(Json.quote(denseTypes[c].numpyDescr()))
          .append(", \"type\": ").append(Json.quote(denseTypes[c].primitiveName()))
          .append(", \"side\": ").append(Json.quote(side.label()))
          .append(", \"file\": ").append(Json.quote(file))
          .append(", \"validity\": ").append(validityFile == null ? "null" : Json.quote(validityFile))
          .append(", \"missing\": ").append(missing[c])
          .append(", \"dictionary\": ")
          .append(slot.column.isDictionaryCoded() && dictFiles.containsKey(slot.field)
              ? Json.quote(dictFiles.get(slot.field)) : "null")
          .append('}');
    }
    matrix.finish(rows, d);
    data.add(matrix.path);
    StringBuilder sb = new StringBuilder("{\n  \"format\": \"anonkit-vectors/1\",\n  \"side\": ")
        .append(Json.quote(side.label())).append(",\n  \"rows\": ").append(rows)
        .append(",\n  \"matrix\": {\"file\": \"X.npy\", \"dtype\": \"<f8\", \"shape\": [").append(rows)
        .append(", ").append(d).append("], \"order\": \"C\", \"missing\": \"NaN\"},")
        .append("\n  \"validity\": \"uint8 bitmap, bit i%8 of byte i//8 set when row i is present: "
            + "np.unpackbits(v, count=rows, bitorder='little').astype(bool)\",")
        .append("\n  \"columns\": [").append(cols).append("\n  ]\n}\n");
    meta.add(text(vectorsStage.resolve("columns.json"), sb.toString()));
  }

  private Path text(Path file, String s) {
    OutputDir.writeText(file, s, ownerOnly);
    return file;
  }

  /** Writes the dictionary files needed by dense (or ragged) columns; returns field → file name. */
  private Map<Integer, String> writeDictionaries(Path dir, List<List<String>> dictionaries, boolean forDense,
      List<Path> meta) {
    Map<Integer, String> files = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (int f = 0; f < dictionaries.size(); f++) {
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
      meta.add(text(dir.resolve(file), sb.toString()));
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
    return hasPairs && codedPairField[field];
  }

  private void finishRagged(int[][] perms, List<List<String>> dictionaries, List<Path> data, List<Path> meta)
      throws IOException {
    if (hasPairs) {
      boolean any = false;
      int[][] fieldPerm = new int[dicts.length][];
      for (int f = 0; f < dicts.length; f++) {
        if (codedPairField[f] && perms[f] != null) {
          fieldPerm[f] = perms[f];
          any = true;
        }
      }
      if (any) {
        remapPairs(fieldPerm);
      }
    }
    for (int i = 0; i < listSlots.size(); i++) {
      Vectorizer.Slot slot = listSlots.get(i);
      if (slot.column.isDictionaryCoded() && perms[slot.field] != null) {
        remapColumn(listData[i], ColumnType.INT32, perms[slot.field], null);
      }
    }
    Map<Integer, String> dictFiles = writeDictionaries(raggedStage, dictionaries, false, meta);
    Map<String, String> buffers = new LinkedHashMap<>();
    StringBuilder form = new StringBuilder("{\"class\": \"RecordArray\", \"fields\": [");
    List<String> recordFields = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    StringBuilder cols = new StringBuilder();
    if (hasPairs) {
      finishBuffer(pairOffsets, "pairs-offsets", rows + 1, buffers, data);
      finishBuffer(pairFieldData, "pairs.field-data", pairCount, buffers, data);
      finishBuffer(pairValueData, "pairs.value-data", pairCount, buffers, data);
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
    for (int i = 0; i < listSlots.size(); i++) {
      Vectorizer.Slot slot = listSlots.get(i);
      String key = "list." + listFileNames.get(i);
      finishBuffer(listOffsets[i], key + "-offsets", rows + 1, buffers, data);
      finishBuffer(listData[i], key + "-data", listCount[i], buffers, data);
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
    meta.add(text(raggedStage.resolve("form.json"), form + "\n"));

    StringBuilder m = new StringBuilder("{\n  \"format\": \"anonkit-ragged/1\",\n  \"side\": ")
        .append(Json.quote(side.label())).append(",\n  \"length\": ").append(rows)
        .append(",\n  \"form\": ").append(form).append(",\n  \"buffers\": {");
    int k = 0;
    for (Map.Entry<String, String> e : buffers.entrySet()) {
      m.append(k++ == 0 ? "\n    " : ",\n    ").append(Json.quote(e.getKey())).append(": ")
          .append(Json.quote(e.getValue()));
    }
    m.append("\n  },\n  \"fields\": [");
    for (int f = 0; f < schema.fields().size(); f++) {
      VectorSchema.Field field = schema.fields().get(f);
      m.append(f == 0 ? "\n    " : ",\n    ").append("{\"id\": ").append(f)
          .append(", \"name\": ").append(Json.quote(field.name()))
          .append(", \"encoder\": ").append(Json.quote(field.encoder()))
          .append(", \"dictionary\": ").append(dictFiles.containsKey(f) ? Json.quote(dictFiles.get(f)) : "null")
          .append('}');
    }
    m.append("\n  ]\n}\n");
    meta.add(text(raggedStage.resolve("ragged.json"), m.toString()));
    meta.add(text(raggedStage.resolve("columns.json"), "{\n  \"format\": \"anonkit-ragged-columns/1\",\n  \"side\": "
        + Json.quote(side.label()) + ",\n  \"rows\": " + rows + ",\n  \"columns\": [" + cols + "\n  ]\n}\n"));
    meta.add(writeJsonl(raggedStage.resolve("records.jsonl")));
  }

  private void finishBuffer(NpyFile f, String key, long count, Map<String, String> buffers, List<Path> data)
      throws IOException {
    f.finish(count);
    data.add(f.path);
    buffers.put(key, key + ".npy");
  }

  private static String numpyForm(String primitive, String key) {
    return "{\"class\": \"NumpyArray\", \"primitive\": \"" + primitive
        + "\", \"inner_shape\": [], \"parameters\": {}, \"form_key\": " + Json.quote(key) + "}";
  }

  /** {@code records.jsonl}, read back from the finished ragged buffers (and, without pairs, the dense columns). */
  private Path writeJsonl(Path file) throws IOException {
    List<byte[]> names = new ArrayList<>(); // "name": , as UTF-8
    boolean[] integral = new boolean[schema.fields().size()];
    for (VectorSchema.Field f : schema.fields()) {
      names.add(LineWriter.bytes(Json.quote(f.name()) + ": "));
    }
    byte[] comma = LineWriter.bytes(", ");
    Map<Integer, Integer> mainColumn = new TreeMap<>();
    for (int c = 0; c < denseSlots.size(); c++) {
      Vectorizer.Slot s = denseSlots.get(c);
      if (s.column.suffix().isEmpty()) {
        mainColumn.put(s.field, c);
        ColumnType t = denseTypes[c];
        integral[s.field] = t != ColumnType.FLOAT32 && t != ColumnType.FLOAT64;
      }
    }
    List<Reader> open = new ArrayList<>();
    try (java.io.OutputStream os = OutputDir.newFile(file, ownerOnly)) {
      LineWriter line = new LineWriter(os);
      Reader pOff = null;
      Reader pField = null;
      Reader pValue = null;
      List<Integer> mainFields = new ArrayList<>(mainColumn.keySet());
      Reader[] dense = new Reader[mainFields.size()];
      Reader[] denseValid = new Reader[mainFields.size()];
      ColumnType[] denseType = new ColumnType[mainFields.size()];
      if (hasPairs) {
        pOff = open(open, pairOffsets);
        pField = open(open, pairFieldData);
        pValue = open(open, pairValueData);
        pOff.readLong();
      } else {
        for (int i = 0; i < mainFields.size(); i++) {
          int c = mainColumn.get(mainFields.get(i));
          dense[i] = open(open, columns[c]);
          denseValid[i] = validity[c] == null ? null : open(open, validity[c].file);
          denseType[i] = denseTypes[c];
        }
      }
      Reader[] lOff = new Reader[listSlots.size()];
      Reader[] lData = new Reader[listSlots.size()];
      byte[][] lNames = new byte[listSlots.size()][];
      for (int i = 0; i < listSlots.size(); i++) {
        lOff[i] = open(open, listOffsets[i]);
        lData[i] = open(open, listData[i]);
        lOff[i].readLong();
        lNames[i] = LineWriter.bytes(Json.quote(listSlots.get(i).name) + ": [");
      }
      long pEnd = 0;
      long[] lEnd = new long[listSlots.size()];
      int[] validBits = new int[mainFields.size()];
      for (long r = 0; r < rows; r++) {
        line.append('{');
        boolean first = true;
        if (hasPairs) {
          long start = pEnd;
          pEnd = pOff.readLong();
          for (long p = start; p < pEnd; p++) {
            int f = pField.readInt();
            double v = pValue.readDouble();
            if (!first) {
              line.append(comma);
            }
            line.append(names.get(f));
            if (integral[f]) {
              line.append((long) v);
            } else {
              line.appendNumber(v);
            }
            first = false;
          }
        } else {
          for (int i = 0; i < mainFields.size(); i++) {
            boolean valid = true;
            if (denseValid[i] != null) {
              if ((r & 7) == 0) {
                validBits[i] = denseValid[i].readByte();
              }
              valid = (validBits[i] & (1 << (r & 7))) != 0;
            }
            long lv = 0;
            double dv = 0;
            switch (denseType[i]) {
              case INT64:
                lv = dense[i].readLong();
                break;
              case INT32:
                lv = dense[i].readInt();
                break;
              case UINT32:
                lv = dense[i].readInt() & 0xFFFFFFFFL;
                break;
              case BOOL:
                lv = dense[i].readByte();
                break;
              case FLOAT32:
                dv = dense[i].readFloat();
                break;
              default:
                dv = dense[i].readDouble();
            }
            if (!valid) {
              continue;
            }
            int f = mainFields.get(i);
            if (!first) {
              line.append(comma);
            }
            line.append(names.get(f));
            if (integral[f]) {
              line.append(lv);
            } else {
              line.appendNumber(dv);
            }
            first = false;
          }
        }
        for (int i = 0; i < lOff.length; i++) {
          long start = lEnd[i];
          lEnd[i] = lOff[i].readLong();
          if (!first) {
            line.append(comma);
          }
          line.append(lNames[i]);
          for (long p = start; p < lEnd[i]; p++) {
            if (p != start) {
              line.append(comma);
            }
            line.append((long) lData[i].readInt());
          }
          line.append(']');
          first = false;
        }
        line.append('}');
        line.endLine();
      }
      line.flush();
    } finally {
      for (Reader rd : open) {
        rd.close();
      }
    }
    OutputDir.seal(file, ownerOnly);
    return file;
  }

  private static Reader open(List<Reader> open, NpyFile f) throws IOException {
    Reader r = new Reader(f.path, f.headerLength);
    open.add(r);
    return r;
  }

  // ------------------------------------------------------------------------------------ renumbering

  /** Renumbers the codes of a column file in place (skipping missing rows, whose slot holds 0). */
  private void remapColumn(NpyFile f, ColumnType type, int[] perm, Bits valid) throws IOException {
    int size = type.byteSize();
    Reader bits = valid == null ? null : new Reader(valid.file.path, valid.file.headerLength);
    try {
      FileChannel ch = f.channel;
      long end = ch.size();
      long row = 0;
      int bitByte = 0;
      for (long pos = f.headerLength; pos < end; ) {
        staging.clear();
        staging.limit((int) Math.min(BLOCK / size * size, end - pos));
        readFully(ch, staging, pos);
        staging.flip();
        int n = staging.limit() / size;
        for (int i = 0; i < n; i++, row++) {
          if (bits != null) {
            if ((row & 7) == 0) {
              bitByte = bits.readByte();
            }
            if ((bitByte & (1 << (row & 7))) == 0) {
              continue;
            }
          }
          int at = i * size;
          switch (type) {
            case INT64:
              staging.putLong(at, perm[(int) staging.getLong(at)]);
              break;
            default:
              staging.putInt(at, perm[staging.getInt(at)]);
          }
        }
        writeFully(ch, staging, pos);
        pos += (long) n * size;
      }
    } finally {
      if (bits != null) {
        bits.close();
      }
    }
  }

  private void remapMatrix(int[][] colPerm) throws IOException {
    int d = colPerm.length;
    FileChannel ch = matrix.channel;
    long end = ch.size();
    int rowBytes = 8 * d;
    int block = Math.max(1, BLOCK / rowBytes) * rowBytes;
    if (block > BLOCK) {
      ByteBuffer big = ByteBuffer.allocate(block).order(ByteOrder.LITTLE_ENDIAN);
      remapMatrix(colPerm, ch, end, big, rowBytes);
      return;
    }
    staging.clear();
    staging.limit(block);
    remapMatrix(colPerm, ch, end, staging.slice().order(ByteOrder.LITTLE_ENDIAN), rowBytes);
  }

  private void remapMatrix(int[][] colPerm, FileChannel ch, long end, ByteBuffer buf, int rowBytes)
      throws IOException {
    int d = colPerm.length;
    for (long pos = matrix.headerLength; pos < end; ) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), end - pos));
      readFully(ch, buf, pos);
      buf.flip();
      int n = buf.limit() / rowBytes;
      for (int r = 0; r < n; r++) {
        for (int c = 0; c < d; c++) {
          if (colPerm[c] != null) {
            int at = r * rowBytes + c * 8;
            double v = buf.getDouble(at);
            if (!Double.isNaN(v)) {
              buf.putDouble(at, colPerm[c][(int) v]);
            }
          }
        }
      }
      writeFully(ch, buf, pos);
      pos += (long) n * rowBytes;
    }
  }

  private void remapPairs(int[][] fieldPerm) throws IOException {
    FileChannel ch = pairValueData.channel;
    long end = ch.size();
    try (Reader fields = new Reader(pairFieldData.path, pairFieldData.headerLength)) {
      for (long pos = pairValueData.headerLength; pos < end; ) {
        staging.clear();
        staging.limit((int) Math.min(BLOCK, end - pos));
        readFully(ch, staging, pos);
        staging.flip();
        int n = staging.limit() / 8;
        for (int i = 0; i < n; i++) {
          int[] perm = fieldPerm[fields.readInt()];
          if (perm != null) {
            staging.putDouble(i * 8, perm[(int) staging.getDouble(i * 8)]);
          }
        }
        writeFully(ch, staging, pos);
        pos += (long) n * 8;
      }
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      int n = ch.read(b, p);
      if (n < 0) {
        throw new IOException("unexpected end of a staged vector file");
      }
      p += n;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    long p = pos;
    b.rewind();
    while (b.hasRemaining()) {
      p += ch.write(b, p);
    }
  }

  /** Deletes the staging directories (and with them everything not committed). Idempotent. */
  @Override
  public void close() {
    done = true;
    List<NpyFile> all = new ArrayList<>();
    if (columns != null) {
      Collections.addAll(all, columns);
    }
    if (validity != null) {
      for (Bits b : validity) {
        if (b != null) {
          all.add(b.file);
        }
      }
    }
    all.add(matrix);
    all.add(pairOffsets);
    all.add(pairFieldData);
    all.add(pairValueData);
    if (listOffsets != null) {
      Collections.addAll(all, listOffsets);
      Collections.addAll(all, listData);
    }
    for (NpyFile f : all) {
      if (f != null) {
        f.closeQuietly();
      }
    }
    for (Path s : new Path[] {vectorsStage, raggedStage}) {
      if (s != null) {
        deleteTree(s);
      }
    }
    vectorsStage = null;
    raggedStage = null;
  }

  private static void deleteTree(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the vector staging directory " + dir.getFileName(), e);
    }
  }

  @Override
  public String toString() {
    return "VectorWriter{side=" + side.label() + ", rows=" + rows + "}";
  }

  // ------------------------------------------------------------------------------------ parts

  /** A run-wide dictionary: first-seen codes over the batches in order. Holds values: never printed. */
  private static final class Dict {
    final String field;
    final boolean sorted;
    final long maxSize;
    final HashMap<String, Integer> index = new HashMap<>();
    List<String> values = new ArrayList<>();

    Dict(String field, boolean sorted, long maxSize) {
      this.field = field;
      this.sorted = sorted;
      this.maxSize = maxSize;
    }

    int code(String v) {
      Integer c = index.get(v);
      if (c != null) {
        return c;
      }
      if (values.size() >= maxSize) {
        throw new InvalidInputException("categorical dictionary of field '" + field + "' is full (" + maxSize
            + " distinct values over the run); raise 'max-size' or use the 'hash' encoder for high-cardinality fields");
      }
      int n = values.size();
      index.put(v, n);
      values.add(v);
      return n;
    }

    /** Sorts a sorted-order dictionary; returns first-seen code → sorted code, or null if unchanged. */
    int[] sortIfNeeded() {
      if (!sorted) {
        return null;
      }
      List<String> s = new ArrayList<>(values);
      Collections.sort(s);
      if (s.equals(values)) {
        return null;
      }
      int[] perm = new int[s.size()];
      for (int i = 0; i < s.size(); i++) {
        perm[index.get(s.get(i))] = i;
      }
      values = s;
      return perm;
    }
  }

  /** A staged {@code .npy} file: data appended after room for the header, the header written last. */
  private final class NpyFile {
    final Path path;
    final String descr;
    final FileChannel channel;
    int headerLength;

    NpyFile(Path path, String descr, boolean matrix) throws IOException {
      this.path = path;
      this.descr = descr;
      this.channel = FileChannel.open(path, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE), OutputDir.attributes(ownerOnly));
      this.headerLength = matrix ? NpyWriter.header(descr, 0, 0).length : NpyWriter.header(descr, 0).length;
      channel.position(headerLength);
    }

    void write(ByteBuffer b) throws IOException {
      NpyWriter.writeFully(channel, b);
    }

    void append(java.nio.Buffer data, ByteBuffer staging) throws IOException {
      NpyWriter.writeData(channel, data, staging);
    }

    /** Writes the header for {@code shape} (moving the data if the header's length changed) and closes. */
    void finish(long... shape) throws IOException {
      byte[] header = NpyWriter.header(descr, shape);
      if (header.length != headerLength) {
        // a shape too long for the room left: rewrite with the data moved (never with sane sizes)
        Path moved = path.resolveSibling(path.getFileName() + ".move");
        try (FileChannel out = FileChannel.open(moved, java.util.Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE), OutputDir.attributes(ownerOnly))) {
          NpyWriter.writeFully(out, ByteBuffer.wrap(header));
          long size = channel.size();
          for (long p = headerLength; p < size; ) {
            p += channel.transferTo(p, size - p, out);
          }
        }
        channel.close();
        Files.move(moved, path, StandardCopyOption.REPLACE_EXISTING);
        headerLength = header.length;
      } else {
        writeFully(channel, ByteBuffer.wrap(header), 0);
        channel.close();
      }
      OutputDir.seal(path, ownerOnly);
    }

    void closeQuietly() {
      try {
        channel.close();
      } catch (IOException e) {
        // best effort: the staging directory is deleted next
      }
    }
  }

  /** A validity bitmap appended bit by bit (Arrow order), packed into bytes as they fill. */
  private static final class Bits {
    final NpyFile file;
    private final ByteBuffer out = ByteBuffer.allocate(1 << 16);
    private int carry;
    private int carryBits;
    private long bits;

    Bits(NpyFile file) {
      this.file = file;
    }

    void appendOnes(long n) throws IOException {
      for (long left = n; left > 0; ) {
        int k = (int) Math.min(8, left);
        add((1 << k) - 1, k);
        left -= k;
      }
    }

    /** Appends {@code n} bits of {@code bitmap} (null: all present). */
    void append(byte[] bitmap, int n) throws IOException {
      if (bitmap == null) {
        appendOnes(n);
        return;
      }
      for (int i = 0; i * 8 < n; i++) {
        int k = Math.min(8, n - i * 8);
        add(bitmap[i] & ((1 << k) - 1), k);
      }
    }

    private void add(int value, int k) throws IOException {
      carry |= value << carryBits;
      carryBits += k;
      bits += k;
      if (carryBits >= 8) {
        put((byte) carry);
        carry >>>= 8;
        carryBits -= 8;
      }
    }

    private void put(byte b) throws IOException {
      if (!out.hasRemaining()) {
        out.flip();
        file.write(out);
        out.clear();
      }
      out.put(b);
    }

    void finish() throws IOException {
      if (carryBits > 0) {
        put((byte) carry);
        carry = 0;
        carryBits = 0;
      }
      out.flip();
      file.write(out);
      out.clear();
      file.finish((bits + 7) >>> 3);
    }
  }

  /** Reads a finished or staged {@code .npy} file's elements in order, little-endian. */
  private static final class Reader implements Closeable {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    Reader(Path file, int headerLength) throws IOException {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      ch.position(headerLength);
      buf.limit(0);
    }

    private void need(int n) throws IOException {
      if (buf.remaining() >= n) {
        return;
      }
      buf.compact();
      while (buf.position() < n) {
        if (ch.read(buf) < 0) {
          throw new IOException("unexpected end of a vector file");
        }
      }
      buf.flip();
    }

    long readLong() throws IOException {
      need(8);
      return buf.getLong();
    }

    int readInt() throws IOException {
      need(4);
      return buf.getInt();
    }

    double readDouble() throws IOException {
      need(8);
      return buf.getDouble();
    }

    float readFloat() throws IOException {
      need(4);
      return buf.getFloat();
    }

    int readByte() throws IOException {
      need(1);
      return buf.get() & 0xFF;
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

}
