package org.anonkit.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anonkit.InvalidInputException;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.spi.BatchEncoder;
import org.anonkit.pipeline.io.spi.Column;
import org.anonkit.pipeline.io.spi.RecordSink;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a Parquet file from self-contained one-row-group batches: each worker's {@link Encoder}
 * encodes and compresses its chunk's records as a whole in-memory Parquet file; the sink copies its
 * row group (raw column chunks) into the output with {@link ParquetFileWriter#appendRowGroups}, so
 * encoding and ZSTD run on the workers and the output depends only on the chunks' contents and order.
 * Not thread-safe (except {@link #newEncoder()}).
 */
final class ParquetSink implements RecordSink {
  private final MessageType schema;
  private final List<Column> columns;
  private final ParquetFormatProvider.Settings settings;
  private final ParquetFileWriter writer;
  private final ParquetReadOptions readOptions;
  private final Map<String, Long> columnBytes = new LinkedHashMap<>();
  private boolean finished;

  ParquetSink(OutputStream out, List<Column> columns, ParquetFormatProvider.Settings settings,
      ParquetReadOptions readOptions) throws IOException {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a Parquet output needs at least one column");
    }
    this.columns = List.copyOf(columns);
    this.schema = ColumnTypes.schema(this.columns);
    this.settings = settings;
    this.readOptions = readOptions;
    for (Column c : this.columns) {
      columnBytes.put(c.name(), 0L);
    }
    this.writer = new ParquetFileWriter(MemoryFiles.over(out), schema, ParquetFileWriter.Mode.CREATE,
        settings.rowGroupBytes, 0, null, settings.properties());
    writer.start();
  }

  @Override
  public BatchEncoder newEncoder() {
    return new Encoder(schema, settings);
  }

  @Override
  public void append(byte[] batch, int length, int records) throws IOException {
    MemoryFiles.In in = new MemoryFiles.In(batch, length);
    List<BlockMetaData> blocks;
    try (ParquetFileReader r = ParquetFileReader.open(in, readOptions)) {
      if (!r.getFooter().getFileMetaData().getSchema().equals(schema)) {
        throw new InvalidInputException("batch has other columns than this Parquet output");
      }
      blocks = r.getRowGroups();
    } catch (IOException | RuntimeException e) {
      throw ParquetSource.corrupt("batch", "batch", e);
    }
    long rows = 0;
    for (BlockMetaData b : blocks) {
      rows += b.getRowCount();
    }
    if (rows != records) {
      throw new InvalidInputException("batch holds " + rows + " records, not " + records);
    }
    try (SeekableInputStream s = in.newStream()) {
      writer.appendRowGroups(s, blocks, false);
    }
    for (BlockMetaData b : blocks) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        columnBytes.merge(c.getPath().toDotString(), c.getTotalSize(), Long::sum);
      }
    }
  }

  @Override
  public void finish() throws IOException {
    if (!finished) {
      finished = true;
      writer.end(Map.of());
    }
  }

  @Override
  public Map<String, Long> columnBytes() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(columnBytes));
  }

  @Override
  public void close() {
    finished = true;
  }

  @Override
  public String toString() {
    return "ParquetSink[columns=" + columns.size() + "]";
  }

  /** Encodes one chunk as an in-memory one-row-group Parquet file. Not thread-safe. */
  static final class Encoder implements BatchEncoder {
    private final MessageType schema;
    private final ParquetFormatProvider.Settings settings;
    private final ColumnTypes.Codec[] codecs;
    private final String[] names;
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, Integer> folded = new HashMap<>();
    private final CompressionCodecFactory codecsFactory;
    private final MessageColumnIO io;
    // one record, converted before anything is written (a record is written whole or not at all)
    private final boolean[] present;
    // the range of an int32 column's annotation: INTEGER(8|16|32, signed|unsigned), else int32's
    private final long[] min;
    private final long[] max;
    private final String[] typeNames;
    private final long[] longs;
    private final double[] doubles;
    private final Binary[] binaries;

    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private RecordConsumer consumer;
    private long rows;

    Encoder(MessageType schema, ParquetFormatProvider.Settings settings) {
      this.schema = schema;
      this.settings = settings;
      int n = schema.getFieldCount();
      codecs = new ColumnTypes.Codec[n];
      names = new String[n];
      for (int i = 0; i < n; i++) {
        codecs[i] = ColumnTypes.codec(schema.getType(i).asPrimitiveType());
        names[i] = schema.getType(i).getName();
        exact.putIfAbsent(names[i], i);
        folded.putIfAbsent(names[i].toLowerCase(Locale.ROOT), i);
      }
      present = new boolean[n];
      min = new long[n];
      max = new long[n];
      typeNames = new String[n];
      for (int i = 0; i < n; i++) {
        LogicalTypeAnnotation ann = schema.getType(i).getLogicalTypeAnnotation();
        typeNames[i] = codecs[i].name().toLowerCase(Locale.ROOT) + (ann == null ? "" : " (" + ann + ")");
        min[i] = Integer.MIN_VALUE;
        max[i] = codecs[i] == ColumnTypes.Codec.UINT32 ? 0xffffffffL : Integer.MAX_VALUE;
        if (codecs[i] == ColumnTypes.Codec.UINT32) {
          min[i] = 0;
        }
        LogicalTypeAnnotation a = schema.getType(i).getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
            && (codecs[i] == ColumnTypes.Codec.INT32 || codecs[i] == ColumnTypes.Codec.UINT32)) {
          LogicalTypeAnnotation.IntLogicalTypeAnnotation t = (LogicalTypeAnnotation.IntLogicalTypeAnnotation) a;
          int bits = t.getBitWidth();
          if (bits < 32) {
            min[i] = t.isSigned() ? -(1L << (bits - 1)) : 0;
            max[i] = t.isSigned() ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
          }
        }
      }
      longs = new long[n];
      doubles = new double[n];
      binaries = new Binary[n];
      codecsFactory = settings.codecs;
      io = new ColumnIOFactory(false).getColumnIO(schema);
    }

    @Override
    public int write(FieldRecord r) {
      java.util.Arrays.fill(present, false);
      int omitted = 0;
      for (int i = 0; i < r.size(); i++) {
        String name = r.name(i);
        Integer c = exact.get(name);
        if (c == null) {
          c = folded.get(name.toLowerCase(Locale.ROOT));
        }
        if (c == null || present[c]) {
          omitted++;
          continue;
        }
        FieldKind kind = r.kind(i);
        if (kind == FieldKind.UNDEFINED) {
          continue;
        }
        convert(c, kind, r.text(i), r.row());
        present[c] = true;
      }
      if (consumer == null) {
        start();
      }
      RecordConsumer rc = consumer;
      rc.startMessage();
      for (int c = 0; c < codecs.length; c++) {
        if (!present[c]) {
          continue;
        }
        rc.startField(names[c], c);
        switch (codecs[c]) {
          case BOOLEAN:
            rc.addBoolean(longs[c] != 0);
            break;
          case INT32:
          case UINT32:
            rc.addInteger((int) longs[c]);
            break;
          case INT64:
          case UINT64:
            rc.addLong(longs[c]);
            break;
          case FLOAT:
            rc.addFloat((float) doubles[c]);
            break;
          case DOUBLE:
            rc.addDouble(doubles[c]);
            break;
          default:
            rc.addBinary(binaries[c]);
            break;
        }
        rc.endField(names[c], c);
      }
      rc.endMessage();
      rows++;
      return omitted;
    }

    private void convert(int c, FieldKind kind, String t, long row) {
      try {
        switch (codecs[c]) {
          case BOOLEAN:
            if (t.equals("true")) {
              longs[c] = 1;
            } else if (t.equals("false")) {
              longs[c] = 0;
            } else {
              throw unfit(c, row);
            }
            break;
          case INT32:
          case UINT32: {
            // the annotation's range, not just int32's: a uint8 column stores 784 and reads it back as 16
            long v = Long.parseLong(t);
            if (v < min[c] || v > max[c]) {
              throw unfit(c, row);
            }
            longs[c] = v;
            break;
          }
          case INT64:
            longs[c] = Long.parseLong(t);
            break;
          case UINT64:
            longs[c] = Long.parseUnsignedLong(t);
            break;
          case FLOAT:
          case DOUBLE:
            if (kind != FieldKind.REAL && kind != FieldKind.INTEGER && kind != FieldKind.STRING) {
              throw unfit(c, row);
            }
            doubles[c] = Double.parseDouble(t);
            if (codecs[c] == ColumnTypes.Codec.FLOAT && Float.isInfinite((float) doubles[c])
                && !Double.isInfinite(doubles[c])) {
              throw unfit(c, row);
            }
            break;
          default:
            binaries[c] = Binary.fromString(t);
            break;
        }
      } catch (NumberFormatException e) {
        throw unfit(c, row);
      }
      if (kind == FieldKind.STRING && codecs[c] != ColumnTypes.Codec.STRING && !canonical(c, t)) {
        // a transformed value (the anonymizer makes changed values strings) that would not survive as a
        // number: ff1 over digits gives "0022158", which as 22158 loses its zeros, its inverse, and may
        // collide with a shorter token
        throw unfit(c, row);
      }
    }

    /** Whether {@code t} is the text the column's number would be written back as (no zeros lost). */
    private boolean canonical(int c, String t) {
      switch (codecs[c]) {
        case INT32:
        case UINT32:
        case INT64:
          return Long.toString(longs[c]).equals(t);
        case UINT64:
          return Long.toUnsignedString(longs[c]).equals(t);
        case FLOAT:
        case DOUBLE: {
          int i = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
          return !(t.length() > i + 1 && t.charAt(i) == '0' && Character.isDigit(t.charAt(i + 1)));
        }
        default:
          return true;
      }
    }

    private InvalidInputException unfit(int c, long row) {
      return new InvalidInputException("value does not fit the column's Parquet type "
          + typeNames[c] + " (a transformer that changes a numeric column must "
          + "keep it numeric, e.g. format-preserving ff1 over digits; or drop or keep the column)", names[c], row);
    }

    private void start() {
      pages = new ColumnChunkPageWriteStore(codecsFactory.getCompressor(settings.codec), schema,
          settings.props.getAllocator(), settings.props.getColumnIndexTruncateLength(),
          settings.props.getPageWriteChecksumEnabled());
      store = settings.props.newColumnWriteStore(schema, pages, pages);
      consumer = io.getRecordWriter(store);
    }

    @Override
    public byte[] finish() {
      if (rows == 0) {
        return new byte[0];
      }
      try {
        MemoryFiles.Out file = new MemoryFiles.Out();
        ParquetFileWriter w = new ParquetFileWriter(file, schema, ParquetFileWriter.Mode.CREATE,
            settings.rowGroupBytes, 0, null, settings.props);
        w.start();
        store.flush();
        w.startBlock(rows);
        pages.flushToFileWriter(w);
        w.endBlock();
        w.end(Map.of());
        store.close();
        pages.close();
        return file.bytes.toByteArray();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        consumer = null;
        store = null;
        pages = null;
        rows = 0;
      }
    }
  }

  static CompressionCodecName codecOf(String name) {
    return CompressionCodecName.valueOf(name.toUpperCase(Locale.ROOT));
  }
}
