package org.anonkit.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anonkit.InvalidInputException;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.spi.Column;
import org.anonkit.pipeline.io.spi.RecordBatch;
import org.anonkit.pipeline.io.spi.RecordSource;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a Parquet file, or a directory of part files (sorted by name, hidden and {@code _} files
 * skipped, all with the same columns), one row group per batch. The calling thread reads a row
 * group's column chunks (still compressed); workers decompress and decode them. Not thread-safe.
 */
final class ParquetSource implements RecordSource {
  private final List<Path> files;
  private final ParquetReadOptions options;
  private final MessageType schema;
  private final List<Column> columns;
  private final List<String> names;
  private final Map<String, Long> columnBytes;
  private int fileIndex = -1;
  private ParquetFileReader reader;
  private String fileName;
  private int rowGroup;
  private long bytesRead;

  private ParquetSource(List<Path> files, ParquetReadOptions options, MessageType schema, List<Column> columns,
      Map<String, Long> columnBytes) {
    this.files = files;
    this.options = options;
    this.schema = schema;
    this.columns = columns;
    List<String> n = new ArrayList<>();
    for (Column c : columns) {
      n.add(c.name().intern()); // canonical names: records share instances, as the other readers do
    }
    this.names = List.copyOf(n);
    this.columnBytes = columnBytes;
  }

  static ParquetSource open(Path path, ParquetReadOptions options) throws IOException {
    List<Path> files = partFiles(path);
    MessageType schema = null;
    List<Column> columns = null;
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (Path f : files) {
      try (ParquetFileReader r = openFile(f, options)) {
        MessageType s = r.getFooter().getFileMetaData().getSchema();
        List<Column> cols = ColumnTypes.columns(s, f.getFileName().toString());
        if (schema == null) {
          schema = s;
          columns = cols;
          for (Column c : cols) {
            bytes.put(c.name(), 0L);
          }
        } else if (!cols.equals(columns)) {
          throw new InvalidInputException(path.getFileName() + ": part file " + f.getFileName()
              + " has other columns than " + files.get(0).getFileName() + "; all part files must share one schema");
        }
        for (BlockMetaData b : r.getRowGroups()) {
          for (ColumnChunkMetaData c : b.getColumns()) {
            bytes.merge(c.getPath().toDotString(), c.getTotalSize(), Long::sum);
          }
        }
      }
    }
    return new ParquetSource(files, options, schema, columns, Collections.unmodifiableMap(bytes));
  }

  static List<Path> partFiles(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    return org.anonkit.pipeline.io.spi.PartFiles.of(path);
  }

  private static ParquetFileReader openFile(Path f, ParquetReadOptions options) throws IOException {
    try {
      return ParquetFileReader.open(new LocalInputFile(f), options);
    } catch (java.nio.file.NoSuchFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw corrupt(f.getFileName().toString(), "footer", e);
    }
  }

  /** A typed error naming the file and the part that failed, never the bytes or a value. */
  static InvalidInputException corrupt(String file, String where, Throwable e) {
    if (e instanceof InvalidInputException) {
      return (InvalidInputException) e;
    }
    if (e instanceof ParquetCodecs.UnsupportedCodecException) {
      return new InvalidInputException(file + ": " + e.getMessage());
    }
    return new InvalidInputException(file + ": not a readable Parquet file (" + where + " corrupt or truncated: "
        + e.getClass().getSimpleName() + ")");
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public Map<String, Long> columnBytes() {
    return columnBytes;
  }

  @Override
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public RecordBatch next() throws IOException {
    while (true) {
      if (reader == null) {
        if (fileIndex + 1 >= files.size()) {
          return null;
        }
        fileIndex++;
        Path f = files.get(fileIndex);
        fileName = f.getFileName().toString();
        reader = openFile(f, options);
        rowGroup = 0;
      }
      PageReadStore pages;
      long size;
      try {
        if (rowGroup < reader.getRowGroups().size()) {
          size = reader.getRowGroups().get(rowGroup).getCompressedSize();
        } else {
          size = 0;
        }
        pages = reader.readNextRowGroup();
      } catch (IOException | RuntimeException e) {
        throw corrupt(fileName, "row group " + rowGroup, e);
      }
      if (pages == null) {
        reader.close();
        reader = null;
        continue;
      }
      bytesRead += size;
      long rows = pages.getRowCount();
      if (rows > Integer.MAX_VALUE) {
        throw new InvalidInputException(fileName + ": row group " + rowGroup + " has more than 2^31 rows");
      }
      Batch b = new Batch(pages, (int) rows, size, fileName, rowGroup);
      rowGroup++;
      if (rows > 0) {
        return b;
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  @Override
  public String toString() {
    return "ParquetSource[files=" + files.size() + ", columns=" + columns.size() + "]";
  }

  /** One row group; decoded on a worker. The decoder state lives in per-thread converters. */
  private final class Batch implements RecordBatch {
    private final PageReadStore pages;
    private final int rows;
    private final long bytes;
    private final String file;
    private final int group;

    Batch(PageReadStore pages, int rows, long bytes, String file, int group) {
      this.pages = pages;
      this.rows = rows;
      this.bytes = bytes;
      this.file = file;
      this.group = group;
    }

    @Override
    public int recordCount() {
      return rows;
    }

    @Override
    public long byteLength() {
      return bytes;
    }

    @Override
    public void decode(long firstRow, FieldRecord record, RecordHandler handler) {
      decode(firstRow, record, handler, schema, names);
    }

    @Override
    public void decode(long firstRow, FieldRecord record, RecordHandler handler,
        java.util.function.Predicate<String> wanted) {
      List<org.apache.parquet.schema.Type> fields = new ArrayList<>();
      List<String> projected = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        if (wanted.test(names.get(i))) {
          fields.add(schema.getType(i));
          projected.add(names.get(i));
        }
      }
      if (fields.isEmpty()) {
        for (int i = 0; i < rows; i++) {
          record.reset(firstRow + i, 0);
          handler.record(record);
        }
        return;
      }
      decode(firstRow, record, handler, new MessageType(schema.getName(), fields), projected);
    }

    /** Decodes the columns of {@code requested} (the file schema or a projection of it). */
    private void decode(long firstRow, FieldRecord record, RecordHandler handler, MessageType requested,
        List<String> requestedNames) {
      RecordConverter conv = new RecordConverter(requested, requestedNames);
      conv.target = record;
      MessageColumnIO io = new ColumnIOFactory(false).getColumnIO(requested, schema);
      RecordReader<FieldRecord> rr;
      try {
        rr = io.getRecordReader(pages, conv);
      } catch (RuntimeException e) {
        throw corrupt(file, "row group " + group, e);
      }
      for (int i = 0; i < rows; i++) {
        record.reset(firstRow + i, 0);
        try {
          rr.read();
        } catch (InvalidInputException e) {
          throw e;
        } catch (RuntimeException e) {
          throw corrupt(file, "row group " + group, e);
        }
        handler.record(record);
      }
    }

    @Override
    public String toString() {
      return "ParquetBatch[" + file + ", rowGroup=" + group + ", rows=" + rows + "]";
    }
  }
}
