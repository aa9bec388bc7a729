package org.anonkit.benchmarks.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.ScrubDictionary;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.Chunk;
import org.anonkit.pipeline.io.ChunkParser;
import org.anonkit.pipeline.io.FieldKind;
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
  private long fields;

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

  /** The pass's work on every chunk; returns the number of names found. */
  @Benchmark
  @OperationsPerInvocation(ADS)
  public int dictionaryPass() {
    Set<String> names = new HashSet<>();
    for (Chunk c : chunks) {
      Map<String, Boolean> isDict = new HashMap<>();
      Set<String> seen = new HashSet<>();
      filtered.parse(c, new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          for (int i = 0; i < r.size(); i++) {
            if (r.kind(i) != FieldKind.STRING) {
              continue;
            }
            Boolean d = isDict.computeIfAbsent(r.name(i), dictionary::feeds);
            if (d && seen.add(r.text(i))) {
              dictionary.namesFrom(r.text(i), names);
            }
          }
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new IllegalStateException("malformed generated record");
        }
      });
    }
    return names.size();
  }

  /** Every field of every ad decoded and counted. */
  @Benchmark
  @OperationsPerInvocation(ADS)
  public long fullParseBaseline() {
    fields = 0;
    for (Chunk c : chunks) {
      full.parse(c, new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          for (int i = 0; i < r.size(); i++) {
            fields += r.text(i).length();
          }
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new IllegalStateException("malformed generated record");
        }
      });
    }
    return fields;
  }
}
