package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.pipeline.testing.TaggingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs whose field names are data (a key per job): per-field counts stay bounded, and the output is
 * still the same for any thread count, chunk size and resumed run.
 */
class PipelineFieldNamesTest {
  private static final MasterKey KEY = MasterKey.generate("field-names-test", new SecureRandom());
  private static final TransformerRegistry REGISTRY = TransformerRegistry.builder()
      .add(new TaggingProvider("tag")).add(new ScrubTextProvider()).build();
  private static final int PER_RECORD = 10;

  @TempDir static Path tmp;
  static Path many; // 1,800 records naming 18,000 distinct fields: past the bound on its own
  static Path few; // 300 records naming 3,000 more

  @BeforeAll
  static void write() throws IOException {
    many = records(tmp.resolve("many.jsonl"), 0, 1800);
    few = records(tmp.resolve("few.jsonl"), 1800, 300);
  }

  private static Path records(Path f, int from, int n) throws IOException {
    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      for (int i = from; i < from + n; i++) {
        StringBuilder sb = new StringBuilder("{\"Owner\": \"user").append(i % 17).append("\", \"ExitCode\": ")
            .append(i % 3);
        for (int k = 0; k < PER_RECORD; k++) {
          sb.append(", \"Attr_").append(i).append('_').append(k).append("\": \"v").append(k).append('"');
        }
        w.write(sb.append(", \"Site\": \"site").append(i % 5).append("\"}\n").toString());
      }
    }
    return f;
  }

  private static Pipeline.Builder builder() {
    Policy p = Policy.builder().name("names")
        .rule(FieldRule.transform("Owner", "tag").linkageDomain("user").build())
        .keep("ExitCode")
        .keep("RemoteWallClockTime")
        .defaultRule(FieldRule.transform("*", "tag").onFailure(OnFailure.REDACT).build())
        .build();
    return Pipeline.builder(p).key(KEY).registry(REGISTRY);
  }

  @Test
  void run_moreDistinctNamesThanTheBound_policyFieldsExact_restSummed_sameForAnyThreadsChunksOrResume()
      throws IOException {
    RunReport one = builder().threads(1).build().run(List.of(many, few), tmp.resolve("t1"));
    long[] other = one.otherFieldCounts();
    // Owner and ExitCode exact; every other field (Site too: it is one of the default rule's names) summed
    assertThat(one.fieldCounts()).containsOnlyKeys("Owner", "ExitCode");
    assertThat(one.fieldCounts().get("Owner")).containsExactly(2100, 0, 0, 0, 0);
    assertThat(other).containsExactly(2100L * (PER_RECORD + 1), 0, 0, 0, 0);
    String manifest = Files.readString(tmp.resolve("t1/share/manifest.json"));
    assertThat(manifest).contains("\"otherFields\": {\"names\": \"more than 16384 distinct names besides the policy's fields as it spells them\", "
        + "\"transformed\": " + other[0] + ", \"kept\": 0");
    assertThat(manifest).doesNotContain("Attr_");

    builder().threads(3).chunkBytes(8 << 10).build().run(List.of(many, few), tmp.resolve("t3"));
    Pipeline resumable = builder().threads(2).chunkBytes(16 << 10).resume(true).build();
    resumable.run(List.of(many, few), tmp.resolve("r"));
    RunReport resumed = resumable.run(List.of(many, few), tmp.resolve("r")); // both inputs from the journal
    assertThat(resumed.resumedInputs()).hasSize(2);
    assertThat(resumed.otherFieldCounts()).containsExactly(other);
    for (String run : new String[] {"t3", "r"}) {
      assertThat(PipelineTest.checksums(tmp.resolve(run).resolve("share"))).as(run)
          .isEqualTo(PipelineTest.checksums(tmp.resolve("t1/share")));
    }
  }

  @Test
  void run_fewerDistinctNamesThanTheBound_everyFieldByName() throws IOException {
    RunReport r = builder().threads(2).build().run(List.of(few), tmp.resolve("few-out"));
    assertThat(r.fieldCounts()).hasSize(2 + 300 * PER_RECORD + 1);
    assertThat(r.otherFieldCounts()).containsOnly(0L);
    assertThat(Files.readString(tmp.resolve("few-out/share/manifest.json"))).doesNotContain("otherFields");
  }

  /**
   * A policy field's name in ever other letter cases (19 letters: 524,288 spellings) was counted by name
   * in each: 200,000 such records (12 MB) ran -Xmx128m out of heap writing the manifest. Past the bound,
   * the other spellings are counted under the policy's, the same for any threads and chunk size.
   */
  @Test
  void run_policyFieldInMoreSpellingsThanTheBound_countedUnderThePolicysSpelling_sameForAnyThreadsOrChunks()
      throws IOException {
    String name = "RemoteWallClockTime";
    int n = FieldCounts.MAX_OTHERS + 600;
    Path spellings = tmp.resolve("spellings.jsonl");
    try (Writer w = Files.newBufferedWriter(spellings, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        StringBuilder f = new StringBuilder();
        for (int b = 0; b < name.length(); b++) {
          char c = name.charAt(b);
          f.append((i + 1 >> b & 1) == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        w.write("{\"Owner\": \"user" + i % 7 + "\", \"" + f + "\": " + i + "}\n");
      }
    }
    RunReport one = builder().threads(1).build().run(List.of(spellings), tmp.resolve("s1"));
    assertThat(one.fieldCounts()).containsOnlyKeys("Owner", name);
    assertThat(one.fieldCounts().get(name)).containsExactly(0, n, 0, 0, 0);
    assertThat(one.otherFieldCounts()).containsOnly(0L);
    String manifest = Files.readString(tmp.resolve("s1/share/manifest.json"));
    assertThat(manifest).hasSizeLessThan(20_000).contains("\"otherFields\": {\"names\": \"more than 16384 distinct names "
        + "besides the policy's fields as it spells them\", \"transformed\": 0, \"kept\": 0");
    builder().threads(3).chunkBytes(8 << 10).build().run(List.of(spellings), tmp.resolve("s3"));
    Pipeline resumable = builder().threads(2).chunkBytes(16 << 10).resume(true).build();
    resumable.run(List.of(spellings), tmp.resolve("sr"));
    assertThat(resumable.run(List.of(spellings), tmp.resolve("sr")).resumedInputs()).hasSize(1); // from the journal
    for (String run : new String[] {"s3", "sr"}) {
      assertThat(PipelineTest.checksums(tmp.resolve(run).resolve("share"))).as(run)
          .isEqualTo(PipelineTest.checksums(tmp.resolve("s1/share")));
    }
  }
}
