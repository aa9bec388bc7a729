package org.anonkit.benchmarks.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.ScrubDictionary;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;

/**
 * Benchmark input: generated job ads (seed 1, the pipeline benchmarks' data) as parsed records, the
 * bundled HTCondor policy and the dictionary names those ads hold. Immutable after creation; the
 * records are the benchmarks' own copies.
 */
final class GeneratedAds {
  final Policy policy;
  final List<String> names;
  final List<FieldRecord> records;

  private GeneratedAds(Policy policy, List<String> names, List<FieldRecord> records) {
    this.policy = policy;
    this.names = names;
    this.records = records;
  }

  /** {@code ads} generated ads, written to a temporary JSON-lines file, read back and the file deleted. */
  static GeneratedAds of(int ads) throws IOException {
    Path dir = Files.createTempDirectory("anonkit-bench-ads");
    try {
      Path input = dir.resolve("jobs.jsonl");
      JobGenerator.builder().seed(1).build().write(input, ads);
      Policy policy = PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8));
      List<String> names = ScrubDictionary.of(policy).namesIn(List.of(input), null);
      List<FieldRecord> records = new ArrayList<>();
      try (RecordInput in = RecordInput.builder(input).open()) {
        in.readAll(new RecordHandler() {
          @Override
          public void record(FieldRecord r) {
            records.add(r.copy());
          }

          @Override
          public void malformed(MalformedRecord m) {
            throw new IllegalStateException("malformed generated record");
          }
        });
      }
      return new GeneratedAds(policy, names, records);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
  }
}
