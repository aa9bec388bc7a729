package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory bound of a run with vectors and a mapping (the HTCondor policy, real transformers):
 * chunk vector batches are appended to the matrix files as they are collected, so at most the chunks
 * in flight ({@code 2 × threads + 2}) are ever held, however many chunks the input has; mapping pairs
 * beyond the stores' bound are spilled. The outputs equal those of a one-chunk, in-memory run.
 */
class PipelineMemoryTest {
  private static final MasterKey KEY = MasterKey.generate("memory-test", new SecureRandom());
  private static final int RECORDS = 3000;

  @TempDir static Path tmp;
  static Path input;
  static Policy policy;
  static byte[] policyBytes;

  @BeforeAll
  static void setUp() throws IOException {
    policyBytes = Files.readAllBytes(HtcondorPolicyTest.policyFile());
    policy = PolicyJson.read(HtcondorPolicyTest.policyFile());
    input = tmp.resolve("jobs.jsonl");
    JobGenerator.builder().seed(99).users(1500).build().write(input, RECORDS);
  }

  private static Pipeline.Builder pipeline(int threads, int chunkBytes) {
    return Pipeline.builder(policy).policySource(policyBytes).key(KEY).threads(threads).chunkBytes(chunkBytes);
  }

  @Test
  void run_manyChunks_holdsOnlyChunksInFlightAndSpillsMapping_outputsUnchanged() throws IOException {
    Path reference = tmp.resolve("reference");
    // a spill folder left by a killed run is removed (it would hold clear values)
    Path stale = Files.createDirectories(reference.resolve("private/anonkit-mapping-123"));
    Files.writeString(stale.resolve("run-1.bin"), "x");
    pipeline(1, 64 << 20).build().run(List.of(input), reference);
    assertThat(stale).doesNotExist();

    int threads = 2;
    MemoryGauge gauge = new MemoryGauge();
    Path bounded = tmp.resolve("bounded");
    RunReport r = pipeline(threads, 24 << 10).mappingPairsInMemory(16).gauge(gauge).build()
        .run(List.of(input), bounded);
    assertThat(r.rowsOut()).isEqualTo(RECORDS);

    // vectors: never more than the chunks in flight, although the run has many more chunks
    assertThat(gauge.vectorChunks()).as(gauge.toString()).isGreaterThan(100);
    assertThat(gauge.peakVectorChunksHeld()).as(gauge.toString()).isBetween(1, 2 * threads + 2);
    assertThat(gauge.vectorChunksHeld()).isZero();
    // mapping: the stores hold at most their bound while the run has many more distinct owners
    Set<String> owners = distinctOwners(input);
    assertThat(owners.size()).isGreaterThan(2 * 16);
    assertThat(gauge.peakMappingPairs()).as(gauge.toString()).isLessThanOrEqualTo(16L);
    assertThat(gauge.mappingRunsSpilled()).as(gauge.toString()).isPositive();
    List<String> mapping = Files.readAllLines(bounded.resolve("private/mapping-owner.csv"), StandardCharsets.UTF_8);
    assertThat(mapping.get(0)).isEqualTo("scope,token,clear");
    assertThat(mapping).hasSize(owners.size() + 1);

    // outputs: byte-identical to the single-chunk, in-memory run (manifest: only "threads" differs)
    assertThat(PipelineTest.checksums(bounded.resolve("share"))).isEqualTo(PipelineTest.checksums(reference.resolve("share")));
    assertThat(PipelineTest.checksums(bounded.resolve("share"))).containsKeys("vectors/anon/X.npy",
        "ragged/pairs-offsets.npy", "ragged/records.jsonl");
    Map<String, String> privA = PipelineTest.checksums(bounded.resolve("private"));
    Map<String, String> privB = PipelineTest.checksums(reference.resolve("private"));
    for (String f : List.of("mapping-owner.csv", "mapping-owner.csv.meta.json", "vectors/clear/X.npy",
        "vectors/clear/columns.json", "ragged/pairs.value-data.npy", "ragged/records.jsonl", "failures.clear.csv")) {
      assertThat(privA.get(f)).as(f).isNotNull().isEqualTo(privB.get(f));
    }
    // nothing staged or spilled is left behind; clear files stay owner-only
    try (Stream<Path> s = Files.walk(bounded)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".vectors-staging") || n.startsWith("anonkit-mapping-"));
    }
    for (String f : List.of("private/mapping-owner.csv", "private/mapping-owner.csv.meta.json",
        "private/vectors/clear/X.npy", "private/ragged/records.jsonl")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bounded.resolve(f)))).as(f)
          .isEqualTo("rw-------");
    }
    for (String d : List.of("private/vectors", "private/vectors/clear", "private/ragged")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bounded.resolve(d)))).as(d)
          .isEqualTo("rwx------");
    }
  }

  @Test
  void run_inFlightBytesCap_holdsOneChunkBeyondTheFirst_outputsUnchanged() throws IOException {
    int threads = 2;
    MemoryGauge free = new MemoryGauge();
    Path a = tmp.resolve("in-flight-free");
    pipeline(threads, 24 << 10).gauge(free).build().run(List.of(input), a);
    // without a byte cap that binds, the count bound is what holds chunks back
    assertThat(free.peakChunksInFlight()).as(free.toString()).isGreaterThan(2).isLessThanOrEqualTo(2 * threads + 2);
    MemoryGauge capped = new MemoryGauge();
    Path b = tmp.resolve("in-flight-capped");
    pipeline(threads, 24 << 10).maxInFlightBytes(1).gauge(capped).build().run(List.of(input), b);
    // a cap below one chunk: the chunk just submitted and at most one before it
    assertThat(capped.peakChunksInFlight()).as(capped.toString()).isBetween(1, 2);
    assertThat(PipelineTest.checksums(b.resolve("share/data"))).isEqualTo(PipelineTest.checksums(a.resolve("share/data")));
  }

  private static Set<String> distinctOwners(Path in) throws IOException {
    Set<String> owners = new HashSet<>();
    try (RecordInput ri = RecordInput.builder(in).open()) {
      var parser = ri.newParser();
      for (var c = ri.next(); c != null; c = ri.next()) {
        parser.parse(c, new RecordHandler() {
          @Override
          public void record(FieldRecord r) {
            String o = r.textOf("Owner");
            if (o != null) {
              owners.add(o);
            }
          }

          @Override
          public void malformed(MalformedRecord m) {}
        });
      }
    }
    return owners;
  }
}
