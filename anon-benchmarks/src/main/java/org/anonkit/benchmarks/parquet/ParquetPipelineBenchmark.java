package org.anonkit.benchmarks.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.anonkit.Policy;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.parquet.ParquetFiles;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RunReport;
import org.anonkit.pipeline.generate.JobGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Parquet read → anonymize → Parquet write (the shipped HTCondor policy, hmac mode) against Parquet
 * read → write with no transforms (every column kept, same runner), on the same generated job records
 * written as Parquet+ZSTD with 10,000 rows per row group (5 row groups = 5 chunks for the workers).
 * One operation is one whole pipeline run over the file (manifest and failure statistics included,
 * vectors off; deleting its output is outside the measured time); the score is milliseconds per run,
 * and records per second = {@link #RECORDS} × 1000 / score.
 *
 * <p>Not thread-safe; JMH state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ParquetPipelineBenchmark {
  /** Records in the generated input. */
  public static final int RECORDS = 50_000;

  @Param({"passthrough", "htcondor"})
  public String policy;

  @Param({"1", "2"})
  public int threads;

  /** Rows per row group of the input (= per chunk, the unit of parallel work). */
  public static final int ROWS_PER_GROUP = 10_000;

  private Path dir;
  private Path input;
  private Pipeline pipeline;
  private int run;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("anonkit-parquet-bench");
    Path jsonl = dir.resolve("jobs.jsonl");
    JobGenerator.builder().seed(2024).build().write(jsonl, RECORDS);
    input = dir.resolve("jobs.parquet");
    ParquetFiles.convert(jsonl, input, ROWS_PER_GROUP);
    Files.delete(jsonl);
    Policy p = policy.equals("passthrough") ? passthrough(input)
        : PolicyJson.read(new java.io.ByteArrayInputStream(Pipeline.bundledPolicy("htcondor")));
    pipeline = Pipeline.builder(p).key(MasterKey.generate("bench", new SecureRandom())).threads(threads)
        .vectors(false).build();
  }

  /** Every column of the input kept, nothing transformed (the default rule, never reached, drops). */
  static Policy passthrough(Path input) throws IOException {
    try (RecordInput in = RecordInput.builder(input).open()) {
      return Policy.builder().name("passthrough").keep(in.columns().toArray(new String[0])).build();
    }
  }

  @Benchmark
  public RunReport run() throws IOException {
    return pipeline.run(List.of(input), dir.resolve("out" + run));
  }

  /** Deletes the run's output outside the measured time (an operation takes seconds, so per-invocation teardown is cheap). */
  @TearDown(Level.Invocation)
  public void deleteOutput() throws IOException {
    deleteTree(dir.resolve("out" + run));
    run++;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    deleteTree(dir);
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }
}
