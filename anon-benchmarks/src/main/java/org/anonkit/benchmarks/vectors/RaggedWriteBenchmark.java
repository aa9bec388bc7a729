package org.anonkit.benchmarks.vectors;

import org.anonkit.benchmarks.Zipf;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * The ragged writer of {@code anon-vectors} and its line writer, rows per second on one thread: each
 * invocation writes one batch of {@link #ROWS} rows into a fresh directory
 * ({@code @OperationsPerInvocation(ROWS)}); the directory is deleted after each invocation, outside the
 * measured time.
 *
 * <ul>
 *   <li>{@code writeRagged}: {@link VectorBatch#writeRagged} (a {@code VectorWriter}: the list
 *       buffers staged through a direct buffer into {@code .npy} files, the dense columns into a hidden
 *       folder, {@code records.jsonl} read back from those files through its {@code LineWriter}, which
 *       formats numbers straight into a byte block; staging folder, metadata, moves into place);
 *   <li>{@code writeRaggedNaive}: a naive writer producing the same bytes in every file: the
 *       {@code .npy} buffers element by element through a {@code DataOutputStream} (bytes reversed to
 *       little-endian), and each {@code records.jsonl} line built as a {@code String} (a
 *       {@code StringBuilder} per row, {@code String.join} of the codes) and written through a
 *       {@code BufferedWriter}, from the batch's public getters. The small metadata files
 *       ({@code form.json}, {@code ragged.json}, {@code columns.json}, the dictionaries: under 4 KB in
 *       all) are written from bytes captured in setup, so the naive side does not pay for building
 *       them, nor for the staging folder and the moves.
 * </ul>
 *
 * <p>The batch: 65,536 job records (int64 memory request, categorical owner from 1,000 Zipf(1.1)
 * names, a multi-hot list of 1-6 of 30 features), vectorized once in setup, no pairs.
 * {@link #setup()} writes the batch both ways and throws unless the two directories hold the same
 * files with the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RaggedWriteBenchmark extends FreshDirectories {
  static final int ROWS = 1 << 16;

  static final VectorSchema SCHEMA = VectorSchema.builder()
      .field("RequestMemory", "numeric", Parameters.builder().put("type", "int64").build())
      .field("Owner", "categorical")
      .field("Features", "multi-hot")
      .pairs(false)
      .build();

  /**
   * One job record of {@link #SCHEMA}'s kind, as names and values: an owner drawn from {@code zipf}
   * ({@code user0042}), a list of 1-6 of 30 features, a memory request of 128-65,663. The data of the
   * vector-writing benchmarks.
   */
  static String[] jobFields(Random rnd, Zipf zipf) {
    int k = zipf.next(rnd);
    StringBuilder features = new StringBuilder();
    int n = 1 + rnd.nextInt(6);
    for (int j = 0; j < n; j++) {
      features.append(j == 0 ? "" : ",").append("feature").append(rnd.nextInt(30));
    }
    return new String[] {"RequestMemory", Integer.toString(128 + rnd.nextInt(65536)),
        "Owner", String.format("user%04d", k), "Features", features.toString()};
  }

  VectorBatch batch;
  Map<String, byte[]> metadata;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Random rnd = new Random(26);
    int distinct = 1000;
    Zipf zipf = new Zipf(distinct, 1.1);
    Vectorizer v = Vectorizer.create(SCHEMA, EncoderRegistry.defaultRegistry(), ROWS);
    for (int i = 0; i < ROWS; i++) {
      v.accept(RecordView.of(jobFields(rnd, zipf)));
    }
    batch = v.finish();
    root = Files.createTempDirectory("anonkit-ragged-bench");
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
  public Path writeRagged() {
    batch.writeRagged(target, VectorBatch.Side.ANONYMIZED);
    return target;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Path writeRaggedNaive() {
    try {
      writeNaive(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  void writeNaive(Path dir) throws IOException {
    Files.createDirectories(dir);
    RaggedArray features = batch.list("Features");
    int memory = batch.columnIndex("RequestMemory");
    int owner = batch.columnIndex("Owner");
    int rows = batch.rows();
    LongBuffer offsets = features.offsets();
    IntBuffer codes = (IntBuffer) features.values();
    writeNpyLongs(dir.resolve("list.Features-offsets.npy"), offsets, rows + 1);
    writeNpyInts(dir.resolve("list.Features-data.npy"), codes, codes.remaining());
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
        Files.newOutputStream(dir.resolve("records.jsonl")), StandardCharsets.UTF_8))) {
      for (int r = 0; r < rows; r++) {
        StringBuilder line = new StringBuilder();
        line.append("{\"RequestMemory\": ").append(batch.getLong(memory, r))
            .append(", \"Owner\": ").append(batch.getLong(owner, r))
            .append(", \"Features\": [");
        String[] items = new String[features.rowLength(r)];
        long start = features.start(r);
        for (int j = 0; j < items.length; j++) {
          items[j] = Integer.toString(codes.get((int) (start + j)));
        }
        line.append(String.join(", ", items)).append("]}");
        w.write(line.toString());
        w.write('\n');
      }
    }
    writeFiles(dir, metadata);
  }

  /** The naive way to an .npy of int64: the header, then one {@code writeLong} per element, byte-swapped. */
  static void writeNpyLongs(Path file, LongBuffer v, int n) throws IOException {
    try (DataOutputStream o = naiveOut(file)) {
      o.write(npyHeader("<i8", n));
      for (int k = 0; k < n; k++) {
        o.writeLong(Long.reverseBytes(v.get(k)));
      }
    }
  }

  /** As {@link #writeNpyLongs} for int32. */
  static void writeNpyInts(Path file, IntBuffer v, int n) throws IOException {
    try (DataOutputStream o = naiveOut(file)) {
      o.write(npyHeader("<i4", n));
      for (int k = 0; k < n; k++) {
        o.writeInt(Integer.reverseBytes(v.get(k)));
      }
    }
  }

  /** As {@link #writeNpyLongs} for float64. */
  static void writeNpyDoubles(Path file, java.nio.DoubleBuffer v, int n) throws IOException {
    try (DataOutputStream o = naiveOut(file)) {
      o.write(npyHeader("<f8", n));
      for (int k = 0; k < n; k++) {
        o.writeLong(Long.reverseBytes(Double.doubleToRawLongBits(v.get(k))));
      }
    }
  }

  /** Writes each (relative path, bytes) of {@code files} under {@code dir}: the batch's metadata files. */
  static void writeFiles(Path dir, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
  }

  private static DataOutputStream naiveOut(Path file) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
  }

  /** An .npy 1.0 header for a 1-D array, padded so the data starts at a multiple of 64 bytes. */
  static byte[] npyHeader(String descr, long n) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + n + ",), }";
    int total = 10 + dict.length() + 1;
    int padded = (total + 63) / 64 * 64;
    StringBuilder sb = new StringBuilder(dict);
    while (sb.length() < padded - 10 - 1) {
      sb.append(' ');
    }
    sb.append('\n');
    byte[] h = sb.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[10 + h.length];
    out[0] = (byte) 0x93;
    System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
    out[6] = 1;
    out[7] = 0;
    out[8] = (byte) (h.length & 0xFF);
    out[9] = (byte) (h.length >>> 8);
    System.arraycopy(h, 0, out, 10, h.length);
    return out;
  }
}
