package org.anonkit.vectors;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.anonkit.Encoder.ColumnType;

/**
 * Test oracle: the in-memory writer {@link VectorBatch#writeVectors} and {@link VectorBatch#writeRagged}
 * used before {@link VectorWriter} (verbatim, made static over a batch), so the streaming writer can
 * be checked byte for byte against what the pipeline wrote from {@code VectorBatch.concat(chunks)}.
 */
final class LegacyBatchWriter {
  private LegacyBatchWriter() {}


  /**
   * Writes the dense columns into {@code dir}: one {@code <column>.npy} per column (its own dtype),
   * {@code <column>.validity.npy} (uint8, Arrow bit order) for columns with missing values,
   * {@code X.npy} (float64 matrix, NaN for missing), {@code <field>.dictionary.json} for
   * dictionary-coded fields, and {@code columns.json}. For {@link Side#CLEAR} the directory and files
   * are owner-only.
   */
  static void writeVectors(VectorBatch b, Path dir, VectorBatch.Side side) {
    boolean ownerOnly = side == VectorBatch.Side.CLEAR;
    OutputDir.create(dir, ownerOnly);
    Map<Integer, String> dictFiles = writeDictionaries(b, dir, ownerOnly, true);
    StringBuilder cols = new StringBuilder();
    for (int c = 0; c < b.dense.size(); c++) {
      ColumnBuffer col = b.dense.get(c);
      Vectorizer.Slot slot = b.denseSlots.get(c);
      String file = b.denseFileNames.get(c) + ".npy";
      NpyWriter.write(dir.resolve(file), col.data(), col.type, b.rows());
      OutputDir.seal(dir.resolve(file), ownerOnly);
      String validity = null;
      byte[] bits = col.validityBitmap();
      if (bits != null) {
        validity = b.denseFileNames.get(c) + ".validity.npy";
        NpyWriter.writeRaw(dir.resolve(validity), ByteBuffer.wrap(bits), "|u1", bits.length);
        OutputDir.seal(dir.resolve(validity), ownerOnly);
      }
      VectorSchema.Field field = b.schema().fields().get(slot.field);
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
    writeMatrix(b, dir.resolve("X.npy"));
    OutputDir.seal(dir.resolve("X.npy"), ownerOnly);
    StringBuilder sb = new StringBuilder("{\n  \"format\": \"anonkit-vectors/1\",\n  \"side\": ")
        .append(Json.quote(side.label())).append(",\n  \"rows\": ").append(b.rows())
        .append(",\n  \"matrix\": {\"file\": \"X.npy\", \"dtype\": \"<f8\", \"shape\": [").append(b.rows())
        .append(", ").append(b.dense.size()).append("], \"order\": \"C\", \"missing\": \"NaN\"},")
        .append("\n  \"validity\": \"uint8 bitmap, bit i%8 of byte i//8 set when row i is present: "
            + "np.unpackbits(v, count=rows, bitorder='little').astype(bool)\",")
        .append("\n  \"columns\": [").append(cols).append("\n  ]\n}\n");
    OutputDir.writeText(dir.resolve("columns.json"), sb.toString(), ownerOnly);
  }

  private static void writeMatrix(VectorBatch b, Path file) {
    int d = b.dense.size();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      NpyWriter.writeFully(ch, ByteBuffer.wrap(NpyWriter.header("<f8", b.rows(), d)));
      if (d == 0) {
        return;
      }
      int rowsPerChunk = Math.max(1, (1 << 20) / (8 * d));
      ByteBuffer staging = ByteBuffer.allocateDirect(rowsPerChunk * 8 * d).order(ByteOrder.LITTLE_ENDIAN);
      for (int r0 = 0; r0 < b.rows(); r0 += rowsPerChunk) {
        int r1 = Math.min(b.rows(), r0 + rowsPerChunk);
        staging.clear();
        DoubleBuffer view = staging.asDoubleBuffer();
        for (int r = r0; r < r1; r++) {
          for (int c = 0; c < d; c++) {
            ColumnBuffer col = b.dense.get(c);
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

  /** Writes the dictionary files needed by b.dense (or ragged) columns; returns field → file name. */
  private static Map<Integer, String> writeDictionaries(VectorBatch b, Path dir, boolean ownerOnly, boolean forDense) {
    Map<Integer, String> files = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (int f = 0; f < b.dictionaries.size(); f++) {
      if (b.dictionaries.get(f).isEmpty() && !hasCodedColumn(b, f, forDense)) {
        continue;
      }
      if (!hasCodedColumn(b, f, forDense)) {
        continue;
      }
      String base = b.schema().fields().get(f).name().replaceAll("[^A-Za-z0-9._-]", "_");
      String name = base;
      for (int k = 2; !used.add(name.toLowerCase(Locale.ROOT)); k++) {
        name = base + "~" + k;
      }
      String file = name + ".dictionary.json";
      StringBuilder sb = new StringBuilder("[");
      List<String> dict = b.dictionaries.get(f);
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

  private static boolean hasCodedColumn(VectorBatch b, int field, boolean forDense) {
    if (forDense) {
      for (Vectorizer.Slot s : b.denseSlots) {
        if (s.field == field && s.column.isDictionaryCoded()) {
          return true;
        }
      }
      return false;
    }
    for (Vectorizer.Slot s : b.listSlots) {
      if (s.field == field && s.column.isDictionaryCoded()) {
        return true;
      }
    }
    if (b.pairFields != null) {
      for (Vectorizer.Slot s : b.denseSlots) {
        if (s.field == field && s.column.isDictionaryCoded() && s.column.suffix().isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Writes the ragged data into {@code dir} as Awkward Array buffers: {@code pairs-offsets.npy}
   * (int64, b.rows() + 1), {@code pairs.field-data.npy} (int32 field ids), {@code pairs.value-data.npy}
   * (float64 values), and per list column {@code list.<name>-offsets.npy} and
   * {@code list.<name>-data.npy}; {@code form.json} (the Awkward form), {@code ragged.json} (form,
   * length, buffer files, field id table), {@code columns.json}, b.dictionaries, and
   * {@code records.jsonl} (one JSON object per record: field name → encoded value or list). Every
   * offsets file name contains {@code offsets}. For {@link Side#CLEAR} everything is owner-only.
   */
  static void writeRagged(VectorBatch b, Path dir, VectorBatch.Side side) {
    boolean ownerOnly = side == VectorBatch.Side.CLEAR;
    OutputDir.create(dir, ownerOnly);
    Map<Integer, String> dictFiles = writeDictionaries(b, dir, ownerOnly, false);
    Map<String, String> buffers = new LinkedHashMap<>();
    StringBuilder form = new StringBuilder("{\"class\": \"RecordArray\", \"fields\": [");
    List<String> recordFields = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    StringBuilder cols = new StringBuilder();
    if (b.pairFields != null) {
      writeBuffer(dir, "pairs-offsets", b.pairFields.offsets(), ColumnType.INT64, b.rows() + 1L, buffers, ownerOnly);
      writeBuffer(dir, "pairs.field-data", b.pairFields.values(), ColumnType.INT32, b.pairFields.valueCount(), buffers, ownerOnly);
      writeBuffer(dir, "pairs.value-data", b.pairValues.values(), ColumnType.FLOAT64, b.pairValues.valueCount(), buffers, ownerOnly);
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
    for (int i = 0; i < b.lists.size(); i++) {
      RaggedArray list = b.lists.get(i);
      Vectorizer.Slot slot = b.listSlots.get(i);
      String key = "list." + b.listFileNames.get(i);
      writeBuffer(dir, key + "-offsets", list.offsets(), ColumnType.INT64, b.rows() + 1L, buffers, ownerOnly);
      writeBuffer(dir, key + "-data", list.values(), ColumnType.INT32, list.valueCount(), buffers, ownerOnly);
      recordFields.add(slot.name);
      contents.add("{\"class\": \"ListOffsetArray\", \"offsets\": \"i64\", \"content\": "
          + numpyForm("int32", key) + ", \"parameters\": {}, \"form_key\": " + Json.quote(key) + "}");
      VectorSchema.Field field = b.schema().fields().get(slot.field);
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
        .append(Json.quote(side.label())).append(",\n  \"length\": ").append(b.rows())
        .append(",\n  \"form\": ").append(form).append(",\n  \"buffers\": {");
    int k = 0;
    for (Map.Entry<String, String> e : buffers.entrySet()) {
      meta.append(k++ == 0 ? "\n    " : ",\n    ").append(Json.quote(e.getKey())).append(": ")
          .append(Json.quote(e.getValue()));
    }
    meta.append("\n  },\n  \"fields\": [");
    for (int f = 0; f < b.schema().fields().size(); f++) {
      VectorSchema.Field field = b.schema().fields().get(f);
      meta.append(f == 0 ? "\n    " : ",\n    ").append("{\"id\": ").append(f)
          .append(", \"name\": ").append(Json.quote(field.name()))
          .append(", \"encoder\": ").append(Json.quote(field.encoder()))
          .append(", \"dictionary\": ").append(dictFiles.containsKey(f) ? Json.quote(dictFiles.get(f)) : "null")
          .append('}');
    }
    meta.append("\n  ]\n}\n");
    OutputDir.writeText(dir.resolve("ragged.json"), meta.toString(), ownerOnly);
    OutputDir.writeText(dir.resolve("columns.json"), "{\n  \"format\": \"anonkit-ragged-columns/1\",\n  \"side\": "
        + Json.quote(side.label()) + ",\n  \"rows\": " + b.rows() + ",\n  \"columns\": [" + cols + "\n  ]\n}\n", ownerOnly);
    writeJsonl(b, dir.resolve("records.jsonl"), ownerOnly);
  }

  private static String numpyForm(String primitive, String key) {
    return "{\"class\": \"NumpyArray\", \"primitive\": \"" + primitive
        + "\", \"inner_shape\": [], \"parameters\": {}, \"form_key\": " + Json.quote(key) + "}";
  }

  private static void writeBuffer(Path dir, String key, Buffer data, ColumnType type, long count,
      Map<String, String> buffers, boolean ownerOnly) {
    String file = key + ".npy";
    NpyWriter.write(dir.resolve(file), data, type, count);
    OutputDir.seal(dir.resolve(file), ownerOnly);
    buffers.put(key, file);
  }

  private static void writeJsonl(VectorBatch b, Path file, boolean ownerOnly) {
    List<String> names = new ArrayList<>();
    boolean[] integral = new boolean[b.schema().fields().size()];
    for (VectorSchema.Field f : b.schema().fields()) {
      names.add(Json.quote(f.name()));
    }
    Map<Integer, Integer> mainColumn = new java.util.TreeMap<>();
    for (int c = 0; c < b.denseSlots.size(); c++) {
      Vectorizer.Slot s = b.denseSlots.get(c);
      if (s.column.suffix().isEmpty()) {
        mainColumn.put(s.field, c);
        ColumnType t = b.dense.get(c).type;
        integral[s.field] = t != ColumnType.FLOAT32 && t != ColumnType.FLOAT64;
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < b.rows(); r++) {
        line.setLength(0);
        line.append('{');
        boolean first = true;
        if (b.pairFields != null) {
          for (long p = b.pairFields.start(r); p < b.pairFields.end(r); p++) {
            int f = (int) b.pairFields.getLong((int) p);
            double v = b.pairValues.getDouble((int) p);
            line.append(first ? "" : ", ").append(names.get(f)).append(": ")
                .append(integral[f] ? Long.toString((long) v) : Json.number(v));
            first = false;
          }
        } else {
          for (Map.Entry<Integer, Integer> e : mainColumn.entrySet()) {
            ColumnBuffer col = b.dense.get(e.getValue());
            if (!col.isValid(r)) {
              continue;
            }
            line.append(first ? "" : ", ").append(names.get(e.getKey())).append(": ")
                .append(integral[e.getKey()] ? Long.toString(col.getLong(r)) : Json.number(col.getDouble(r)));
            first = false;
          }
        }
        for (int i = 0; i < b.lists.size(); i++) {
          RaggedArray list = b.lists.get(i);
          line.append(first ? "" : ", ").append(Json.quote(b.listSlots.get(i).name)).append(": [");
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

}
