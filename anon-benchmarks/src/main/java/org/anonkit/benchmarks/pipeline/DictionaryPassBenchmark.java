package org.anonkit.benchmarks.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.ScrubDictionary;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.Chunk;
import org.anonkit.pipeline.io.ChunkParser;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dictionary pass of a run without a user list, per job ad: JSON-lines chunks parsed by the
 * filtered parser the pass uses ({@link RecordInput#newParser(java.util.function.Predicate)} with the
 * bundled HTCondor policy's dictionary fields) and the names collected from those fields, with the
 * pass's per-chunk memo of values already seen. The score is microseconds per ad.
 *
 * <ul>
 *   <li>{@code dictionaryPass}: as above, what each ad costs before it is anonymized;
 *   <li>{@code fullParseBaseline}: the same chunks through the unfiltered parser, every field decoded
 *       and handed over (the first half of the anonymizing pass), nothing collected.
 * </ul>
 *
 * <p>Input: 2,000 ads from {@link JobGenerator} seed 1 (the pipeline benchmarks' data, about 2.8 KB
 * each), framed into chunks once in setup; one long-lived parser per benchmark, as a worker has.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DictionaryPassBenchmark {
  static final int ADS = 2_000;

  private Path dir;
  private RecordInput input;
  private final List<Chunk> chunks = new ArrayList<>();
  private ScrubDictionary dictionary;
  private ChunkParser filtered;
  private ChunkParser full;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("anonkit-bench-dictpass");
    Path file = dir.resolve("jobs.jsonl");
    JobGenerator.builder().seed(1).build().write(file, ADS);
    Policy policy = PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8));
    dictionary = ScrubDictionary.of(policy);
    input = RecordInput.builder(file).open();
    for (Chunk c; (c = input.next()) != null; ) {
      chunks.add(c);
    }
    filtered = input.newParser(dictionary::feeds);
    full = input.newParser();
    if (dictionaryPass() == 0) {
      throw new IllegalStateException("no names found in the generated ads");
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    input.close();
    Files.deleteIfExists(dir.resolve("jobs.jsonl"));
    Files.deleteIfExists(dir);
  }

  /** The pass's work on every chunk (a collector per chunk, as the pipeline's workers do); the names found. */
  @Benchmark
  @OperationsPerInvocation(ADS)
  public int dictionaryPass() {
    Set<String> names = new HashSet<>();
    for (Chunk c : chunks) {
      Consumer<FieldRecord> collect = dictionary.collector(names);
      filtered.parse(c, new Sink(collect));
    }
    return names.size();
  }

  /** Every field of every ad decoded and counted. */
  @Benchmark
  @OperationsPerInvocation(ADS)
  public long fullParseBaseline() {
    long[] chars = new long[1];
    Sink sink = new Sink(r -> {
      for (int i = 0; i < r.size(); i++) {
        chars[0] += r.text(i).length();
      }
    });
    for (Chunk c : chunks) {
      full.parse(c, sink);
    }
    return chars[0];
  }

  /** Hands each record to {@code onRecord}; generated ads are never malformed. */
  private static final class Sink implements RecordHandler {
    private final Consumer<FieldRecord> onRecord;

    Sink(Consumer<FieldRecord> onRecord) {
      this.onRecord = onRecord;
    }

    @Override
    public void record(FieldRecord r) {
      onRecord.accept(r);
    }

    @Override
    public void malformed(MalformedRecord m) {
      throw new IllegalStateException("malformed generated record");
    }
  }
}
