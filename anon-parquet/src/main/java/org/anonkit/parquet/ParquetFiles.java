package org.anonkit.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.anonkit.pipeline.io.ChunkSerializer;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.pipeline.io.RecordOutput;
import org.anonkit.pipeline.io.spi.Column;

/**
 * Converting record files to Parquet: {@link #convert} writes any file the pipeline reads (JSON
 * lines, CSV, HTCondor {@code -long} or {@code -json}, optionally compressed) as a Parquet file with
 * ZSTD and dictionary encoding, typing each column from the kinds its values were read with.
 *
 * <p>Stateless; thread-safe.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** Default rows per row group of {@link #convert}: 65,536. */
  public static final int DEFAULT_ROWS_PER_GROUP = 1 << 16;

  /**
   * Writes the records of {@code in} (format detected as the pipeline does) to the Parquet file
   * {@code out}, atomically and owner-only (where the file system has POSIX permissions: the records are
   * as private as the input's). Reads the input twice: once for the columns (first-appearance order)
   * and their kinds (integer, real, boolean or string; integers and reals mixed make a real column,
   * any other mix a string column), once to write.
   *
   * @param rowsPerGroup records per row group, at least 1
   * @return the number of records written
   * @throws org.anonkit.InvalidInputException if the input holds a malformed record (counted by the
   *     pipeline, but a conversion does not quarantine)
   */
  public static long convert(Path in, Path out, int rowsPerGroup) throws IOException {
    if (rowsPerGroup < 1) {
      throw new IllegalArgumentException("rowsPerGroup must be at least 1");
    }
    Map<String, FieldKind> kinds = new LinkedHashMap<>();
    try (RecordInput input = RecordInput.builder(in).open()) {
      input.readAll(new Strict() {
        @Override
        public void record(FieldRecord r) {
          for (int i = 0; i < r.size(); i++) {
            // a JSON integer beyond 64 bits makes an exact string column, as in a pipeline run
            kinds.merge(r.name(i), FieldKind.ofColumnValue(r.kind(i), r.text(i)), FieldKind::union);
          }
        }
      });
    }
    List<Column> columns = new ArrayList<>();
    kinds.forEach((n, k) -> columns.add(new Column(n,
        k == FieldKind.INTEGER || k == FieldKind.REAL || k == FieldKind.BOOLEAN ? k : FieldKind.STRING, null)));
    if (columns.isEmpty()) {
      columns.add(new Column("empty", FieldKind.STRING, null));
    }
    long[] count = new long[1];
    try (RecordInput input = RecordInput.builder(in).open();
        RecordOutput output = RecordOutput.builder(out).format(RecordFormat.PARQUET).schema(columns).ownerOnly().create()) {
      ChunkSerializer ser = output.newSerializer();
      long[] index = new long[1];
      input.readAll(new Strict() {
        @Override
        public void record(FieldRecord r) {
          ser.write(r);
          if (++count[0] % rowsPerGroup == 0) {
            try {
              output.append(ser.finish(index[0]++));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        }
      });
      output.append(ser.finish(index[0]));
      output.commit();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return count[0];
  }

  private abstract static class Strict implements RecordHandler {
    @Override
    public void malformed(MalformedRecord record) {
      throw new org.anonkit.InvalidInputException("malformed record (" + record.reason() + "); fix or "
          + "quarantine it with anonkit run before converting", null, record.row());
    }
  }
}
