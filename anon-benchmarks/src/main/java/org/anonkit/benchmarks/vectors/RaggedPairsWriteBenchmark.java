package org.anonkit.benchmarks.vectors;

import org.anonkit.benchmarks.Zipf;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.Parameters;
import org.anonkit.vectors.EncoderRegistry;
import org.anonkit.vectors.RaggedArray;
import org.anonkit.vectors.RecordView;
import org.anonkit.vectors.VectorBatch;
import org.anonkit.vectors.VectorSchema;
import org.anonkit.vectors.Vectorizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ragged writer of {@code anon-vectors} with the (field id, value) pairs, rows per second on one
 * thread: as {@link RaggedWriteBenchmark} (one batch of {@link #ROWS} rows per invocation into a fresh
 * directory, deleted after each invocation outside the measured time), but the schema has
 * {@code "pairs": true}, so the writer also writes {@code pairs-offsets.npy}, {@code pairs.field-data.npy}
 * and {@code pairs.value-data.npy} (dictionary codes renumbered into the run's dictionary), and
 * {@code records.jsonl} is read back from the pair buffers instead of the dense columns (which a
 * ragged-only writer then does not stage at all).
 *
 * <ul>
 *   <li>{@code writeRaggedPairs}: {@link VectorBatch#writeRagged} (a {@code VectorWriter});
 *   <li>{@code writeRaggedPairsNaive}: a naive writer producing the same bytes in every file: each
 *       {@code .npy} buffer element by element through a {@code DataOutputStream} (bytes reversed to
 *       little-endian), each {@code records.jsonl} line built as a {@code String} from the batch's public
 *       pair and list getters ({@code "name": value} per pair, integers with {@code Long.toString}, other
 *       doubles as the writer's JSON numbers: integral values below 10^15 as integers, the rest with
 *       {@code Double.toString}) and written through a {@code BufferedWriter}. As in
 *       {@link RaggedWriteBenchmark}, the small metadata files ({@code form.json}, {@code ragged.json},
 *       {@code columns.json}, the dictionary: under 4 KB) are written from bytes captured in setup, and
 *       the naive side pays for no staging folder and no moves; it relies on the batch's dictionary
 *       codes being the run's (true for one batch) and on field names that need no JSON escaping.
 * </ul>
 *
 * <p>The batch: 65,536 job records with four fields: int64 memory request, float64 CPU hours (missing
 * in one record in five, so rows have 2 or 3 pairs; one in four values integral), categorical owner from
 * 1,000 Zipf(1.1) names, and a multi-hot list of 1-6 of 30 features (a list, not a pair).
 * {@link #setup()} writes the batch both ways and throws unless the two directories hold the same files
 * with the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RaggedPairsWriteBenchmark extends FreshDirectories {
  static final int ROWS = 1 << 16;

  static final VectorSchema SCHEMA = VectorSchema.builder()
      .field("RequestMemory", "numeric", Parameters.builder().put("type", "int64").build())
      .field("CpuHours", "numeric")
      .field("Owner", "categorical")
      .field("Features", "multi-hot")
      .pairs(true)
      .build();

  VectorBatch batch;
  Map<String, byte[]> metadata;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Random rnd = new Random(28);
    Zipf zipf = new Zipf(1000, 1.1);
    Vectorizer v = Vectorizer.create(SCHEMA, EncoderRegistry.defaultRegistry(), ROWS);
    for (int i = 0; i < ROWS; i++) {
      List<String> kv = new ArrayList<>(List.of(RaggedWriteBenchmark.jobFields(rnd, zipf)));
      if (rnd.nextInt(5) != 0) {
        kv.add("CpuHours");
        kv.add(rnd.nextInt(4) == 0 ? Integer.toString(rnd.nextInt(48))
            : Double.toString(rnd.nextInt(480_000) / 10_000.0));
      }
      v.accept(RecordView.of(kv.toArray(new String[0])));
    }
    batch = v.finish();
    root = Files.createTempDirectory("anonkit-ragged-pairs-bench");
    Path ours = root.resolve("check-ours");
    batch.writeRagged(ours, VectorBatch.Side.ANONYMIZED);
    Map<String, byte[]> oursFiles = files(ours);
    metadata = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : oursFiles.entrySet()) {
      if (!e.getKey().endsWith(".npy") && !e.getKey().equals("records.jsonl")) {
        metadata.put(e.getKey(), e.getValue());
      }
    }
    Path naive = root.resolve("check-naive");
    writeNaive(naive);
    requireSameFiles(oursFiles, files(naive), "the naive writer", "writeRagged");
    delete(ours);
    delete(naive);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Path writeRaggedPairs() {
    batch.writeRagged(target, VectorBatch.Side.ANONYMIZED);
    return target;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Path writeRaggedPairsNaive() {
    try {
      writeNaive(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  void writeNaive(Path dir) throws IOException {
    Files.createDirectories(dir);
    int rows = batch.rows();
    RaggedArray pairFields = batch.pairFields();
    RaggedArray pairValues = batch.pairValues();
    RaggedArray features = batch.list("Features");
    LongBuffer pairOffsets = pairFields.offsets();
    IntBuffer fieldIds = (IntBuffer) pairFields.values();
    DoubleBuffer values = (DoubleBuffer) pairValues.values();
    LongBuffer featureOffsets = features.offsets();
    IntBuffer codes = (IntBuffer) features.values();
    RaggedWriteBenchmark.writeNpyLongs(dir.resolve("pairs-offsets.npy"), pairOffsets, rows + 1);
    RaggedWriteBenchmark.writeNpyInts(dir.resolve("pairs.field-data.npy"), fieldIds, fieldIds.remaining());
    RaggedWriteBenchmark.writeNpyDoubles(dir.resolve("pairs.value-data.npy"), values, values.remaining());
    RaggedWriteBenchmark.writeNpyLongs(dir.resolve("list.Features-offsets.npy"), featureOffsets, rows + 1);
    RaggedWriteBenchmark.writeNpyInts(dir.resolve("list.Features-data.npy"), codes, codes.remaining());
    List<VectorSchema.Field> fields = SCHEMA.fields();
    boolean[] integral = new boolean[fields.size()];
    for (int c = 0; c < batch.columnCount(); c++) {
      ColumnType t = batch.columnType(c);
      int f = fields.indexOf(batch.columnField(c));
      integral[f] = t != ColumnType.FLOAT32 && t != ColumnType.FLOAT64;
    }
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
        Files.newOutputStream(dir.resolve("records.jsonl")), StandardCharsets.UTF_8))) {
      for (int r = 0; r < rows; r++) {
        List<String> items = new ArrayList<>();
        for (long p = pairFields.start(r); p < pairFields.end(r); p++) {
          int f = fieldIds.get((int) p);
          double v = values.get((int) p);
          items.add("\"" + fields.get(f).name() + "\": " + (integral[f] ? Long.toString((long) v) : number(v)));
        }
        String[] list = new String[features.rowLength(r)];
        long start = features.start(r);
        for (int j = 0; j < list.length; j++) {
          list[j] = Integer.toString(codes.get((int) (start + j)));
        }
        items.add("\"Features\": [" + String.join(", ", list) + "]");
        w.write("{" + String.join(", ", items) + "}");
        w.write('\n');
      }
    }
    RaggedWriteBenchmark.writeFiles(dir, metadata);
  }

  /** The writer's JSON number: integral values below 10^15 as integers, NaN and infinities as null. */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "null";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }
}
