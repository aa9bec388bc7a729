package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.anonkit.FieldRule;
import org.anonkit.InvalidInputException;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.pipeline.testing.TaggingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner with test-scope stand-ins for the keyed transformers (the real ones: PipelineRealTransformersTest). */
class PipelineTest {
  private static final MasterKey KEY = MasterKey.generate("pipeline-test", new SecureRandom());
  private static final TransformerRegistry REGISTRY = TransformerRegistry.builder()
      .add(new TaggingProvider("tag")).add(new ScrubTextProvider()).build();

  @TempDir static Path tmp;
  static Path input;
  static JobGenerator generator;

  @BeforeAll
  static void generate() throws IOException {
    generator = JobGenerator.builder().seed(11).users(60).build();
    input = tmp.resolve("jobs.jsonl");
    generator.write(input, 1500);
  }

  static Policy policy() {
    return policy(null);
  }

  static Policy policy(FieldRule extra) {
    Parameters user = Parameters.builder().put("transformer", "tag").put("domain", "user").build();
    Parameters ip = Parameters.builder().put("transformer", "tag").put("domain", "ip").build();
    Policy.Builder b = Policy.builder().name("test");
    if (extra != null) {
      b.rule(extra);
    }
    return b
        .rule(FieldRule.transform("Owner", "tag").linkageDomain("user").build())
        .rule(FieldRule.transform("JobsubClientIpAddress", "tag").linkageDomain("ip").onFailure(OnFailure.REDACT).build())
        // some generated users run images published under their own Docker Hub handle
        .rule(FieldRule.transform("SingularityImage", "scrub-text").onFailure(OnFailure.REDACT)
            .parameters(Parameters.builder().put("imageReferences", true).put("publicNamespaces", List.of("fermilab"))
                .build()).build())
        .keep("JobStatus", "ExitCode", "ExitBySignal", "NumJobStarts", "NumJobCompletions", "QDate", "ClusterId", "ProcId")
        .drop("Requirements")
        .defaultRule(FieldRule.transform("*", "scrub-text").onFailure(OnFailure.REDACT).build())
        .extension("scrub", Parameters.builder("$.scrub").put("user", user).put("ip", ip)
            .put("host", Parameters.builder().put("transformer", "tag").put("domain", "host").build())
            .put("phone", "redact").put("hostNames", true).build())
        .extension("dictionary", Parameters.builder("$.dictionary")
            .put("fields", List.of("Owner", "User", "x509userproxysubject")).build())
        .build();
  }

  static RunReport run(Path in, Path out, int threads, int chunk) throws IOException {
    return Pipeline.builder(policy()).key(KEY).registry(REGISTRY).threads(threads).chunkBytes(chunk).build()
        .run(List.of(in), out);
  }

  @Test
  void run_anyThreadCount_byteIdenticalShareOutputs() throws IOException {
    Map<String, String> first = null;
    for (int threads : new int[] {1, 2, 4}) {
      Path out = tmp.resolve("det-" + threads);
      run(input, out, threads, threads == 1 ? 1 << 20 : 64 << 10);
      Map<String, String> sums = checksums(out.resolve("share"));
      if (first == null) {
        first = sums;
      } else {
        assertThat(sums).as("threads=%d", threads).isEqualTo(first);
      }
    }
    assertThat(first).containsKeys("data/jobs.anon.jsonl", "failures.csv", "failures.json", "README.md");
  }

  /** SHA-256 of every share file; the manifest's "threads" line is the one thing allowed to differ. */
  static Map<String, String> checksums(Path share) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(share)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        byte[] b = Files.readAllBytes(p);
        if (p.getFileName().toString().equals("manifest.json")) {
          b = new String(b, StandardCharsets.UTF_8).replaceAll("\"threads\": \\d+", "").getBytes(StandardCharsets.UTF_8);
        }
        m.put(share.relativize(p).toString(), Pipeline.sha256(b));
      }
    }
    return m;
  }

  @Test
  void run_rowAccounting_inEqualsOutPlusQuarantined_andQuarantineIsPrivate() throws IOException {
    Path broken = tmp.resolve("broken.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(input, StandardCharsets.UTF_8).subList(0, 500));
    lines.add(100, "{\"Owner\": \"brokenuser\", \"JobStatus\": 4");
    lines.add(300, "this is not json at all, user brokenuser");
    Files.write(broken, lines, StandardCharsets.UTF_8);
    Path out = tmp.resolve("broken-out");
    RunReport r = run(broken, out, 2, 16 << 10);
    assertThat(r.rowsIn()).isEqualTo(502);
    assertThat(r.quarantined()).isEqualTo(2);
    assertThat(r.rowsOut()).isEqualTo(500);
    assertThat(r.rowsIn()).isEqualTo(r.rowsOut() + r.quarantined());
    assertThat(Files.readAllLines(r.dataFiles().get(0))).hasSize(500);
    Path q = out.resolve("private/quarantine/broken.quarantine");
    assertThat(Files.readString(q)).contains("brokenuser");
    assertThat(Files.readString(out.resolve("private/quarantine/broken.quarantine.reasons.tsv"))).contains("101\t101\t")
        .doesNotContain("brokenuser");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("private")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(q))).isEqualTo("rw-------");
    for (Path p : walk(out.resolve("share"))) {
      assertThat(Files.readString(p)).as(p.toString()).doesNotContain("brokenuser");
    }
    assertThat(Files.readString(out.resolve("share/manifest.json"))).contains("\"quarantined\": 2");
  }

  @Test
  void run_failOnMalformed_stopsWithRowAndNoOutput() throws IOException {
    Path broken = tmp.resolve("broken2.jsonl");
    Files.writeString(broken, "{\"Owner\": \"a\"}\n{not json secretvalue\n");
    Path out = tmp.resolve("broken2-out");
    Pipeline p = Pipeline.builder(policy()).key(KEY).registry(REGISTRY).threads(1).failOnMalformed(true).build();
    assertThatThrownBy(() -> p.run(List.of(broken), out))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("row 2").hasMessageNotContaining("secretvalue");
    assertThat(Files.exists(out.resolve("share/data/broken2.anon.jsonl"))).isFalse();
  }

  @Test
  void run_failRuleRejectsValue_stopsNamingFieldAndRowNotValue() throws IOException {
    Path in = tmp.resolve("reject.jsonl");
    Files.writeString(in, "{\"Owner\": \"alice\"}\n{\"Owner\": \"badowner123\"}\n");
    assertThatThrownBy(() -> run(in, tmp.resolve("reject-out"), 1, 1 << 20))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Owner").hasMessageContaining("row 2").hasMessageNotContaining("badowner123");
  }

  @Test
  void run_redactedMappingValues_areNotPairsAndDoNotCollide() throws IOException {
    // two owners the transformer rejects both become the redaction marker: not a clear -> token pair
    Path in = tmp.resolve("redacted-owners.jsonl");
    Files.writeString(in, "{\"Owner\": \"badannie\"}\n{\"Owner\": \"badbobby\"}\n{\"Owner\": \"carol\"}\n");
    Policy p = Policy.builder().name("redacted-mapping")
        .rule(FieldRule.transform("Owner", "tag").linkageDomain("user").onFailure(OnFailure.REDACT).build()).build();
    RunReport r = Pipeline.builder(p).key(KEY).registry(REGISTRY).threads(1).build().run(List.of(in), tmp.resolve("redacted-out"));
    assertThat(r.rowsOut()).isEqualTo(3);
    String mapping = Files.readString(r.files().get("mapping.Owner"));
    assertThat(mapping).contains("carol").doesNotContain("badannie").doesNotContain("badbobby");
  }

  /** Review 42, item 7: an empty or blank user is no user, as a missing one is. */
  @Test
  void run_emptyOrBlankUser_countsAsNoUser_andHasNoMappingRow() throws IOException {
    Path in = tmp.resolve("empty-owners.jsonl");
    Files.writeString(in, "{\"Owner\": \"\", \"ExitCode\": 1}\n{\"ExitCode\": 1}\n{\"Owner\": \" \", \"ExitCode\": 1}\n"
        + "{\"Owner\": null, \"ExitCode\": 0}\n{\"Owner\": \"\\t \", \"ExitCode\": 0}\n{\"Owner\": \"carol\", \"ExitCode\": 1}\n");
    RunReport r = Pipeline.builder(policy()).key(KEY).registry(REGISTRY).threads(1).build()
        .run(List.of(in), tmp.resolve("empty-owners-out"));
    assertThat(r.failures().entries()).extracting(FailureStatistics.Entry::user)
        .containsExactlyInAnyOrder(FailureStatistics.NO_USER, tagOf("carol"));
    FailureStatistics.Entry none = r.failures().entries().stream()
        .filter(e -> e.user().equals(FailureStatistics.NO_USER)).findFirst().orElseThrow();
    assertThat(none.total()).isEqualTo(5);
    assertThat(none.fails()).isEqualTo(3);
    List<String> shared = Files.readAllLines(r.files().get("failures.csv"));
    assertThat(shared).hasSize(3); // the header, (none), carol's token
    assertThat(Files.readAllLines(r.files().get("failures.clear.csv"))).hasSize(3)
        .anyMatch(l -> l.startsWith("(none),3,5,")).anyMatch(l -> l.startsWith("carol,1,1,"));
    List<String> mapping = Files.readAllLines(r.files().get("mapping.Owner"));
    assertThat(mapping).hasSize(2); // the header and carol's row: no row for "", " " or "\t "
    assertThat(mapping.get(1)).endsWith(",carol");
  }

  /** The stand-in "tag" transformer's token for {@code value} under this class's key, from a run's mapping. */
  private static String tagOf(String value) throws IOException {
    Path in = tmp.resolve("tag-of-" + value + ".jsonl");
    Files.writeString(in, "{\"Owner\": \"" + value + "\"}\n");
    RunReport r = Pipeline.builder(policy()).key(KEY).registry(REGISTRY).threads(1).build()
        .run(List.of(in), tmp.resolve("tag-of-" + value + "-out"));
    return Files.readAllLines(r.files().get("mapping.Owner")).get(1).split(",")[1];
  }

  @Test
  void run_failureStatistics_matchIndependentComputation() throws IOException {
    Path out = tmp.resolve("fail-out");
    RunReport r = run(input, out, 2, 64 << 10);
    // independent: read the clear input with the reader, apply the exit definition by hand
    Map<String, long[]> expected = new TreeMap<>();
    long[] rows = {0};
    try (RecordInput in = RecordInput.builder(input).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord rec) {
          rows[0]++;
          String owner = rec.text(rec.indexOf("Owner"));
          int ec = rec.indexOf("ExitCode");
          int sig = rec.indexOf("ExitBySignal");
          boolean failed = (ec >= 0 && !rec.text(ec).equals("0")) || (sig >= 0 && rec.text(sig).equals("true"));
          long[] c = expected.computeIfAbsent(owner, k -> new long[2]);
          c[1]++;
          if (failed) {
            c[0]++;
          }
        }

        @Override
        public void malformed(MalformedRecord record) {
          throw new AssertionError("unexpected malformed record");
        }
      });
    }
    List<String> clear = Files.readAllLines(out.resolve("private/failures.clear.csv"));
    assertThat(clear.get(0)).isEqualTo("user,fails,total,frac_of_user_rows,frac_of_all_rows");
    Map<String, long[]> actual = new TreeMap<>();
    for (String line : clear.subList(1, clear.size())) {
      String[] f = line.split(",");
      actual.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      assertThat(Double.parseDouble(f[4])).isCloseTo((double) Long.parseLong(f[1]) / rows[0], org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((u, c) -> assertThat(actual.get(u)).as(u).containsExactly(c));
    assertThat(r.failures().rows()).isEqualTo(rows[0]);
    // the shared file is by token: same numbers, no clear names
    List<String> shared = Files.readAllLines(out.resolve("share/failures.csv"));
    assertThat(shared).hasSameSizeAs(clear);
    for (String u : expected.keySet()) {
      assertThat(String.join("\n", shared)).doesNotContain(u + ",");
    }
  }

  @Test
  void run_leakScan_noClearIdentityInShare() throws IOException {
    Path out = tmp.resolve("leak-out");
    run(input, out, 2, 64 << 10);
    List<String> hits = LeakScanner.scan(out.resolve("share"), generator.sensitiveValues());
    assertThat(hits).isEmpty();
  }

  @Test
  void run_resume_skipsCommittedInputAndKeepsTotals() throws IOException {
    Path out = tmp.resolve("resume-out");
    Pipeline p = Pipeline.builder(policy()).key(KEY).registry(REGISTRY).threads(2).resume(true).build();
    RunReport first = p.run(List.of(input), out);
    assertThat(first.resumedInputs()).isEmpty();
    String manifest = Files.readString(out.resolve("share/manifest.json"));
    RunReport second = p.run(List.of(input), out);
    assertThat(second.resumedInputs()).containsExactly("jobs.jsonl");
    assertThat(second.rowsOut()).isEqualTo(first.rowsOut());
    assertThat(second.failures().entries()).hasSameSizeAs(first.failures().entries());
    assertThat(Files.readString(out.resolve("share/manifest.json"))).isEqualTo(manifest);
  }

  @Test
  void run_manifest_recordsCountsKeyIdNeverKey() throws IOException {
    Path out = tmp.resolve("manifest-out");
    RunReport r = run(input, out, 2, 1 << 20);
    String m = Files.readString(out.resolve("share/manifest.json"));
    // the output's checksum is computed while writing; it must be the file's
    java.util.regex.Matcher o = java.util.regex.Pattern.compile(
        "\\{\"path\": \"(share/data/[^\"]+)\", \"bytes\": (\\d+), \"sha256\": \"([0-9a-f]{64})\"\\}").matcher(m);
    assertThat(o.find()).isTrue();
    assertThat(o.group(3)).isEqualTo(Pipeline.sha256(Files.readAllBytes(out.resolve(o.group(1)))));
    assertThat(Long.parseLong(o.group(2))).isEqualTo(Files.size(out.resolve(o.group(1))));
    // and the input's, computed while the anonymizing pass read it
    java.util.regex.Matcher i = java.util.regex.Pattern.compile(
        "\"inputs\": \\[\\s*\\{\"name\": \"[^\"]+\", \"bytes\": (\\d+), \"sha256\": \"([0-9a-f]{64})\"\\}").matcher(m);
    assertThat(i.find()).as("inputs entry in %s", m).isTrue();
    assertThat(i.group(2)).isEqualTo(Pipeline.sha256(Files.readAllBytes(input)));
    assertThat(Long.parseLong(i.group(1))).isEqualTo(Files.size(input));
    assertThat(m).contains("\"id\": \"pipeline-test\"").contains("\"sha256\"").contains("\"Owner\": {\"transformed\": 1500")
        .contains("\"Requirements\": {\"transformed\": 0, \"kept\": 0, \"redacted\": 0, \"dropped\": 1500");
    String hexKey = java.util.HexFormat.of().formatHex(KEY.secret().toByteArray(org.anonkit.key.SecretAccess.get()));
    assertThat(m).doesNotContain(hexKey);
    assertThat(r.fieldCounts().get("Owner")[0]).isEqualTo(1500);
  }

  /** A keyless stand-in that stops the run (an unexpected error, like a crash) on one value while armed. */
  static final class Crashing implements org.anonkit.spi.TransformerProvider {
    static volatile String crashOn;
    static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public String name() {
      return "crashing";
    }

    @Override
    public boolean requiresKey() {
      return false;
    }

    @Override
    public org.anonkit.Transformer create(org.anonkit.spi.TransformerContext context) {
      return v -> {
        CALLS.incrementAndGet();
        if (v.toString().equals(crashOn)) {
          throw new IllegalStateException("simulated crash");
        }
        return "j" + Integer.toHexString(v.toString().hashCode());
      };
    }
  }

  @Test
  void run_resumeAfterCrash_skipsCommittedChunks_sameBytesAsACleanRun() throws IOException {
    TransformerRegistry reg = TransformerRegistry.builder().add(new TaggingProvider("tag")).add(new ScrubTextProvider())
        .add(new Crashing()).build();
    Policy p = policy(FieldRule.transform("GlobalJobId", "crashing").build());
    List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
    String late = lines.get(1300).replaceAll(".*\"GlobalJobId\":\"([^\"]+)\".*", "$1");
    Pipeline.Builder b = Pipeline.builder(p).key(KEY).registry(reg).threads(2).chunkBytes(16 << 10).resume(true);

    Path clean = tmp.resolve("resume-clean");
    Crashing.crashOn = null;
    RunReport expected = b.build().run(List.of(input), clean);

    Path out = tmp.resolve("resume-crash");
    Crashing.crashOn = late;
    assertThatThrownBy(() -> b.build().run(List.of(input), out)).isInstanceOf(IllegalStateException.class);
    assertThat(Files.exists(out.resolve("share/data/jobs.anon.jsonl"))).isFalse();
    try (Stream<Path> segs = Files.list(out.resolve("private/journal/0000-segments"))) {
      assertThat(segs.filter(x -> x.toString().endsWith(".tsv")).count()).isGreaterThan(3);
    }
    Crashing.crashOn = null;
    Crashing.CALLS.set(0);
    RunReport resumed = b.build().run(List.of(input), out);
    assertThat(Crashing.CALLS.get()).as("records anonymized again").isLessThan(1500 - 300).isPositive();
    assertThat(resumed.rowsIn()).isEqualTo(1500).isEqualTo(expected.rowsIn());
    assertThat(Files.readAllBytes(out.resolve("share/data/jobs.anon.jsonl")))
        .isEqualTo(Files.readAllBytes(clean.resolve("share/data/jobs.anon.jsonl")));
    assertThat(Files.readAllBytes(out.resolve("share/failures.csv"))).isEqualTo(Files.readAllBytes(clean.resolve("share/failures.csv")));
    assertThat(Files.readString(out.resolve("share/manifest.json"))).isEqualTo(Files.readString(clean.resolve("share/manifest.json")));
    assertThat(Files.readAllBytes(out.resolve("private/mapping-owner.csv")))
        .isEqualTo(Files.readAllBytes(clean.resolve("private/mapping-owner.csv")));
    assertThat(Files.exists(out.resolve("private/journal/0000-segments"))).isFalse();
  }

  static List<Path> walk(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).collect(Collectors.toList());
    }
  }
}
