package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code share/README.md}: each field described by its rule, no rule parameter, same bytes for the same run. */
class ShareReadmeTest {
  @TempDir Path tmp;

  /** A site policy whose parameters hold values a README must not repeat (a map of clear names, a prefix). */
  private static Policy sitePolicy(boolean scalarsOnly) {
    Policy.Builder b = Policy.builder().name("site")
        .rule(FieldRule.transform("Owner", "hmac").linkageDomain("user")
            .parameters(Parameters.builder().put("prefix", "pfx-zq9").build()).build())
        .rule(FieldRule.transform("AcctGroupUser", "ff1").linkageDomain("user")
            .parameters(Parameters.builder().put("alphabet", "alphanumeric").put("separators", "._-").build()).build())
        .rule(FieldRule.transform("x509UserProxyEmail", "email").linkageDomain("email").build())
        .rule(FieldRule.transform("JobsubClientIpAddress", "ip").linkageDomain("ip").onFailure(OnFailure.REDACT).build())
        .rule(FieldRule.transform("MATCH_EXP_JOB_Site", "generalize-map")
            .parameters(Parameters.builder().put("map", Parameters.builder().put("jdoe-desktop-site", "offsite").build())
                .build()).build())
        .rule(FieldRule.transform("Args", "scrub-text").onFailure(OnFailure.REDACT)
            .parameters(Parameters.builder().put("hostNames", true).build()).build())
        .keep("ExitCode", "QDate")
        .drop("ClaimId")
        .defaultRule(FieldRule.transform("*", "scrub-text").onFailure(OnFailure.REDACT).build())
        .redactionMarker("[gone]")
        .extension("ipIntegers", Parameters.builder("$.ipIntegers").put("fields", List.of("JobsubClientIpAddress")).build());
    if (scalarsOnly) {
      b.extension("keepCheck", Parameters.builder("$.keepCheck").put("values", "scalars").build());
    }
    return b.build();
  }

  private static ShareReadme.Facts facts(Policy p, Map<String, long[]> counts, long quarantined, boolean vectors,
      List<String> releases) {
    return new ShareReadme.Facts("9.9.9", p.name(), "ab".repeat(32), "fpe", "site-2026-aa11bb", 1000, 1000 - quarantined,
        quarantined, List.of("share/data/history.anon.jsonl"), counts, p, RecordAnonymizer.ipIntegerFields(p),
        "fifemon", "NumJobStarts > 0 && NumJobCompletions == 0", "Owner", vectors, vectors, releases, vectors);
  }

  private static Map<String, long[]> counts(String... fields) {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (String f : fields) {
      m.put(f, new long[] {1, 0, 0, 0, 0});
    }
    return m;
  }

  private static final String[] FIELDS = {"Owner", "AcctGroupUser", "x509UserProxyEmail", "JobsubClientIpAddress",
      "JobsubClientIpAddress_u32", "MATCH_EXP_JOB_Site", "ExitCode", "QDate", "ClaimId", "HoldReason", "Foo", "Args"};

  @Test
  void render_describesEachFieldByItsRule() {
    String r = ShareReadme.render(facts(sitePolicy(true), counts(FIELDS), 0, true, List.of()));

    assertThat(r).contains("- `AcctGroupUser`: format-preserving encryption (`ff1`, NIST SP 800-38G)")
        .contains("- `Owner`: a keyed pseudonym (HMAC-SHA-256): equal values get equal tokens in every field of the "
            + "linkage domain `user`")
        .contains("- `x509UserProxyEmail`: format-preserving encryption (`email`")
        .contains("- `JobsubClientIpAddress`: prefix-preserving IP anonymization (Crypto-PAn)")
        .contains("- `JobsubClientIpAddress_u32`: the anonymized address of the field without `_u32`")
        .contains("- `Foo`, `HoldReason`: free text:")
        .contains("every user and full name the batch's identity fields hold and host names inside slot names")
        // a rule's own scrub settings (a mode's too, merged into its rules) decide its sentence
        .contains("- `Args`: free text:").contains("identity fields hold and host names replaced by")
        .contains("; `JobsubClientIpAddress` also as the same anonymized address in an unsigned 32-bit integer")
        .contains("- `MATCH_EXP_JOB_Site`: generalized to coarser values (`generalize-map`)")
        .contains("- `ExitCode`, `QDate`: kept as written where the value is a number, a boolean or empty")
        .contains("- `ClaimId`: removed.")
        .contains("replaced by `[gone]` or left out")
        .contains("1,000 job records anonymized by AnonKit 9.9.9 with the policy `site`")
        .contains("in its `fpe` mode, under the master key whose id is `site-2026-aa11bb`")
        .contains("`data/history.anon.jsonl`: the records")
        .contains("a job failed when `NumJobStarts > 0 && NumJobCompletions == 0` (the `fifemon` definition)")
        .contains("X = np.load(\"vectors/anon/X.npy\"").contains("ak.from_buffers(");
    // identities first, then the twin, free text, generalized, kept, removed
    assertThat(r.indexOf("`Owner`:")).isLessThan(r.indexOf("`JobsubClientIpAddress_u32`:"));
    assertThat(r.indexOf("`JobsubClientIpAddress_u32`:")).isLessThan(r.indexOf("`Foo`, `HoldReason`:"));
    assertThat(r.indexOf("`Foo`, `HoldReason`:")).isLessThan(r.indexOf("`MATCH_EXP_JOB_Site`:"));
    assertThat(r.indexOf("`MATCH_EXP_JOB_Site`:")).isLessThan(r.indexOf("`ExitCode`, `QDate`:"));
    assertThat(r.indexOf("`ExitCode`, `QDate`:")).isLessThan(r.indexOf("`ClaimId`:"));

    String any = ShareReadme.render(facts(sitePolicy(false), counts(FIELDS), 0, true, List.of()));
    assertThat(any).contains("- `ExitCode`, `QDate`: kept as written (the policy lists them as safe to share).");
  }

  @Test
  void render_neverRepeatsARuleParameter() {
    String r = ShareReadme.render(facts(sitePolicy(true), counts(FIELDS), 0, true, List.of()));
    // a generalize-map's table names a person's machine; a prefix, an alphabet and separators are settings
    assertThat(r).doesNotContain("jdoe").doesNotContain("pfx-zq9").doesNotContain("alphanumeric")
        .doesNotContain("._-");
  }

  @Test
  void render_sameFactsInAnyFieldOrder_sameText() {
    List<String> shuffled = new ArrayList<>(List.of(FIELDS));
    String first = ShareReadme.render(facts(sitePolicy(true), counts(FIELDS), 0, true, List.of()));
    Random rnd = new Random(7);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(shuffled, rnd);
      assertThat(ShareReadme.render(facts(sitePolicy(true), counts(shuffled.toArray(new String[0])), 0, true,
          List.of()))).isEqualTo(first);
    }
  }

  @Test
  void render_releasesQuarantineAndNoVectors() {
    String r = ShareReadme.render(facts(sitePolicy(true), counts("Owner"), 3, false,
        List.of("share/failures-dp.csv", "share/failures-dp.json", "share/jobs-kanon.csv", "share/jobs-kanon.json",
            "share/site-extra.csv")));
    assertThat(r).contains("1,000 records were read and 997 are here; the data owner kept back 3 that could not be read")
        .contains("- `failures-dp.csv`, `failures-dp.json`: jobs and failed jobs per experiment with differential privacy")
        .contains("- `jobs-kanon.csv`, `jobs-kanon.json`: the finished jobs as a k-anonymous table")
        .contains("- `site-extra.csv`: written by the run's last step")
        .doesNotContain("vectors/anon/").doesNotContain("```python")
        .doesNotContain("identity fields hold"); // no dictionary pass in this run
    // each release pair is described once
    assertThat(r.split("failures-dp.csv`, `failures-dp.json`", -1)).hasSize(2);
  }

  /** A run writes it into share/, lists it in the manifest and names no user of its input. */
  @Test
  void run_writesTheReadme_listedInTheManifest_noClearUser() throws IOException {
    Path in = tmp.resolve("jobs.jsonl");
    JobGenerator gen = JobGenerator.builder().seed(41).users(30).build();
    gen.write(in, 300);
    Path out = tmp.resolve("out");
    MasterKey key = MasterKey.generate("readme-test", new java.security.SecureRandom());
    RunReport report = PipelineResumeSafetyTest.builder(PipelineResumeSafetyTest.strict(), key).build()
        .run(List.of(in), out);

    Path readme = out.resolve("share").resolve(Pipeline.README);
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertThat(report.files()).containsEntry("README", readme);
    assertThat(Files.readString(out.resolve("share/manifest.json"))).contains("\"README\": \"share/README.md\"");
    String data;
    try (java.util.stream.Stream<Path> s = Files.list(out.resolve("share/data"))) {
      data = s.findFirst().orElseThrow().getFileName().toString(); // named apart from the input, by the policy
    }
    assertThat(text).contains("300 job records anonymized by AnonKit", "with the policy `strict`",
        "- `data/" + data + "`: the records", "- `Owner`: transformed by `tag`",
        "- `ClusterId`, `ExitCode`, `JobStatus`, `ProcId`: kept", "default rule: removed.");
    assertThat(LeakScanner.scan(out.resolve("share"), gen.userNames())).isEmpty();
  }
}
