package org.anonkit.benchmarks.vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.anonkit.Parameters;
import org.anonkit.benchmarks.Zipf;
import org.anonkit.vectors.EncoderRegistry;
import org.anonkit.vectors.RecordView;
import org.anonkit.vectors.VectorBatch;
import org.anonkit.vectors.VectorSchema;
import org.anonkit.vectors.VectorWriter;
import org.anonkit.vectors.Vectorizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link VectorWriter} over several batches, as the pipeline writes vectors (one batch per chunk, in
 * input order), rows per second on one thread: each invocation writes {@link #ROWS} rows as dense
 * {@code .npy} files and a ragged dump into a fresh directory ({@code @OperationsPerInvocation(ROWS)});
 * the directory is deleted after each invocation, outside the measured time.
 *
 * <ul>
 *   <li>{@code appendBatches}: {@link VectorWriter#append} of {@link #BATCHES} batches of 8,192 rows,
 *       each vectorized on its own (its own dictionaries, so every batch's codes are renumbered into the
 *       run's first-appearance order), then {@link VectorWriter#commit}: bounded memory, whatever the
 *       number of rows;
 *   <li>{@code oneBatch}: the same rows vectorized as one batch, written with
 *       {@link VectorBatch#writeVectors} and {@link VectorBatch#writeRagged}: what a writer holding every
 *       row in memory would do, with nothing to renumber.
 * </ul>
 *
 * <p>Rows: {@link RaggedWriteBenchmark}'s schema and kind of data (int64 memory request, categorical
 * owner from 1,000 Zipf(1.1) names, a multi-hot list of 1-6 of 30 features). With {@code order=sorted}
 * the owner and feature dictionaries are {@code "order": "sorted"}: {@code appendBatches} then also
 * renumbers the codes it has written, in place, at {@code commit}, and {@code oneBatch} writes codes
 * sorted when the batch is finished. {@link #setup()} writes both ways and throws unless the two
 * directories hold the same files with the same bytes (and, sorted, unless the owner dictionary is in
 * sorted order and differs from the first-seen one).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MultiBatchWriteBenchmark extends FreshDirectories {
  static final int BATCHES = 8;
  static final int ROWS = BATCHES * 8192;

  /** The owner and feature dictionaries' order: {@code first-seen} (the default) or {@code sorted}. */
  @Param({"first-seen", "sorted"})
  public String order;

  VectorBatch[] batches;
  VectorBatch whole;
  VectorSchema schema;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Random rnd = new Random(29);
    Zipf zipf = new Zipf(1000, 1.1);
    RecordView[] rows = new RecordView[ROWS];
    for (int i = 0; i < ROWS; i++) {
      rows[i] = RecordView.of(RaggedWriteBenchmark.jobFields(rnd, zipf));
    }
    schema = schema(order);
    int per = ROWS / BATCHES;
    batches = new VectorBatch[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      Vectorizer v = Vectorizer.create(schema, EncoderRegistry.defaultRegistry(), per);
      for (int i = b * per; i < (b + 1) * per; i++) {
        v.accept(rows[i]);
      }
      batches[b] = v.finish();
    }
    Vectorizer all = Vectorizer.create(schema, EncoderRegistry.defaultRegistry(), ROWS);
    for (RecordView r : rows) {
      all.accept(r);
    }
    whole = all.finish();
    root = Files.createTempDirectory("anonkit-multibatch-bench");
    Path a = root.resolve("check-batches");
    Path b = root.resolve("check-one");
    appendBatches(a);
    oneBatch(b);
    requireSameFiles(files(b), files(a), "the batches",
        "the single batch");
    List<String> owners = dictionary(a.resolve("vectors"), "Owner");
    List<String> sorted = new ArrayList<>(owners);
    java.util.Collections.sort(sorted);
    if (owners.size() < 100 || order.equals("sorted") != owners.equals(sorted)) {
      throw new IllegalStateException("the owner dictionary of " + owners.size() + " names is "
          + (owners.equals(sorted) ? "" : "not ") + "sorted with order=" + order);
    }
    delete(a);
    delete(b);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Path appendBatches() {
    return appendBatches(target);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Path oneBatch() {
    return oneBatch(target);
  }

  /** {@link RaggedWriteBenchmark#SCHEMA} with the dictionaries in {@code order}. */
  static VectorSchema schema(String order) {
    Parameters dict = Parameters.builder().put("order", order).build();
    return VectorSchema.builder()
        .field("RequestMemory", "numeric", Parameters.builder().put("type", "int64").build())
        .field("Owner", "categorical", dict)
        .field("Features", "multi-hot", dict)
        .pairs(false)
        .build();
  }

  /** The dictionary file of a field, as a list of its entries in code order. */
  private static List<String> dictionary(Path vectors, String field) throws IOException {
    String json = Files.readString(vectors.resolve(field + ".dictionary.json"));
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(user\\d+)\"").matcher(json);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private Path appendBatches(Path dir) {
    try (VectorWriter w = VectorWriter.create(schema, dir.resolve("vectors"), dir.resolve("ragged"),
        VectorBatch.Side.ANONYMIZED)) {
      for (VectorBatch b : batches) {
        w.append(b);
      }
      w.commit();
    }
    return dir;
  }

  private Path oneBatch(Path dir) {
    whole.writeVectors(dir.resolve("vectors"), VectorBatch.Side.ANONYMIZED);
    whole.writeRagged(dir.resolve("ragged"), VectorBatch.Side.ANONYMIZED);
    return dir;
  }
}
