package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.anonkit.FieldRule;
import org.anonkit.InvalidInputException;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.Compression;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.pipeline.testing.TaggingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a resumed or repeated run may reuse and what it leaves behind: the journal's settings line
 * (policy, mode, key, formats), leftover temporary files of a killed run, the INCOMPLETE marker, and
 * read errors that name their input.
 */
class PipelineResumeSafetyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final MasterKey KEY = MasterKey.generate("resume-test", RANDOM);
  /** The same id, another secret: only the key check value tells them apart. */
  private static final MasterKey SAME_ID_OTHER_SECRET = MasterKey.generate("resume-test", RANDOM);
  private static final MasterKey OTHER_KEY = MasterKey.generate("other-key", RANDOM);
  private static final TransformerRegistry REGISTRY = TransformerRegistry.builder()
      .add(new TaggingProvider("tag")).add(new ScrubTextProvider()).add(new PipelineTest.Crashing()).build();

  @TempDir static Path tmp;
  static Path input;
  static JobGenerator generator;

  @BeforeAll
  static void generate() throws IOException {
    generator = JobGenerator.builder().seed(23).users(50).build();
    input = tmp.resolve("jobs.jsonl");
    generator.write(input, 1500);
  }

  /** Owner pseudonymized, a few fields kept, everything else dropped (no dictionary pass). */
  static Policy strict() {
    return Policy.builder().name("strict").rule(FieldRule.transform("Owner", "tag").linkageDomain("user").build())
        .keep("JobStatus", "ExitCode", "ClusterId", "ProcId").defaultRule(FieldRule.drop("*")).build();
  }

  /** Like {@link #strict()} but keeps Owner in the clear. */
  static Policy lax() {
    return Policy.builder().name("lax").keep("Owner", "JobStatus", "ExitCode", "ClusterId", "ProcId")
        .defaultRule(FieldRule.drop("*")).build();
  }

  static Pipeline.Builder builder(Policy p, MasterKey key) {
    return Pipeline.builder(p).key(key).registry(REGISTRY).threads(2).mappingFields(List.of()).resume(true);
  }

  static String hexOf(MasterKey k) {
    return HexFormat.of().formatHex(k.secret().toByteArray(SecretAccess.get()));
  }

  @Test
  void resume_otherPolicy_refusedAndTheOutputStaysAsItsManifestSays() throws IOException {
    Path out = tmp.resolve("policy");
    builder(lax(), KEY).build().run(List.of(input), out);
    Map<String, String> before = PipelineTest.checksums(out.resolve("share"));
    assertThat(LeakScanner.scan(out.resolve("share"), generator.userNames())).isNotEmpty(); // lax keeps them

    assertThatThrownBy(() -> builder(strict(), KEY).build().run(List.of(input), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--resume refused").hasMessageContaining("differing: policy)")
        .hasMessageContaining("new output directory");
    // nothing reused, nothing written: the manifest still states the lax policy that made share/data
    assertThat(PipelineTest.checksums(out.resolve("share"))).isEqualTo(before);
    assertThat(out.resolve("share/" + Pipeline.INCOMPLETE)).doesNotExist();

    // into a new directory the strict policy runs, and no clear owner reaches share/
    Path fresh = tmp.resolve("policy-fresh");
    RunReport r = builder(strict(), KEY).build().run(List.of(input), fresh);
    assertThat(r.resumedInputs()).isEmpty();
    assertThat(LeakScanner.scan(fresh.resolve("share"), generator.userNames())).isEmpty();
  }

  /** A policy built in code (no policySource): Owner to HMAC tokens of {@code length}, {@code marker} for redactions. */
  static Policy inCode(long length, String marker, String failurePreset) {
    Policy.Builder b = Policy.builder().name("in-code")
        .rule(FieldRule.transform("Owner", "hmac").linkageDomain("user")
            .parameters(org.anonkit.Parameters.builder().put("length", length).build()).build())
        .keep("JobStatus", "ExitCode", "ClusterId", "ProcId").defaultRule(FieldRule.drop("*")).redactionMarker(marker);
    if (failurePreset != null) {
      b.extension("failures", org.anonkit.Parameters.builder().put("definition", failurePreset).build());
    }
    return b.build();
  }

  @Test
  void resume_policyBuiltInCode_otherParameterMarkerOrSection_refused() throws IOException {
    // Without policySource the journal and manifest hashed the rules' toString, which leaves out their
    // parameters, the redaction marker and the policy's sections: a resume under hmac length 24 reused
    // the output of length 16, and the manifest's policy hash was the same for both.
    TransformerRegistry registry = TransformerRegistry.builder().add(new org.anonkit.hmac.HmacTransformerProvider()).build();
    Path out = tmp.resolve("in-code");
    Pipeline.builder(inCode(16, "[x]", null)).key(KEY).registry(registry).threads(2).mappingFields(List.of()).resume(true)
        .build().run(List.of(input), out);
    String manifest = Files.readString(out.resolve("share/manifest.json"));
    for (Policy other : List.of(inCode(24, "[x]", null), inCode(16, "[y]", null), inCode(16, "[x]", "status"))) {
      assertThatThrownBy(() -> Pipeline.builder(other).key(KEY).registry(registry).threads(2).mappingFields(List.of())
              .resume(true).build().run(List.of(input), out))
          .isInstanceOf(IllegalArgumentException.class).hasMessageMatching("(?s).*differing: [a-z, -]*policy\\).*");
    }
    // the same policy built again resumes
    assertThat(Pipeline.builder(inCode(16, "[x]", null)).key(KEY).registry(registry).threads(2)
        .mappingFields(List.of()).resume(true).build().run(List.of(input), out).resumedInputs()).containsExactly("jobs.jsonl");
    assertThat(Files.readString(out.resolve("share/manifest.json"))).isEqualTo(manifest);
  }

  /**
   * A policy built in code is hashed as its canonical JSON: saved with PolicyJson.write it is the run's policy
   * file, whose hash the key holder's commands check against the manifest (review 45 found them refusing
   * every library run: its hash was of a description no file could reproduce).
   */
  @Test
  void policyBuiltInCode_manifestHashIsThatOfItsCanonicalJson() throws IOException {
    TransformerRegistry registry = TransformerRegistry.builder().add(new org.anonkit.hmac.HmacTransformerProvider()).build();
    Path out = tmp.resolve("in-code-hash");
    Policy p = inCode(16, "[x]", "status");
    Pipeline.builder(p).key(KEY).registry(registry).threads(2).mappingFields(List.of()).build().run(List.of(input), out);
    String saved = org.anonkit.config.PolicyJson.write(p);
    assertThat(Files.readString(out.resolve("share/manifest.json")))
        .contains("\"sha256\": \"" + Pipeline.sha256(saved.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"");
    // read back, the saved file is the same policy: the same hash again
    assertThat(org.anonkit.config.PolicyJson.write(org.anonkit.config.PolicyJson.parse(saved))).isEqualTo(saved);
  }

  @Test
  void resume_sameKeyIdOtherSecret_refusedByTheKeyCheck_messageHoldsNoKeyMaterial() throws IOException {
    Path out = tmp.resolve("key");
    builder(strict(), KEY).build().run(List.of(input), out);
    byte[] data = Files.readAllBytes(out.resolve("share/data/input-0001.anon.jsonl"));

    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> builder(strict(), SAME_ID_OTHER_SECRET).build().run(List.of(input), out));
    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differing: key-check)");
    for (MasterKey k : List.of(KEY, SAME_ID_OTHER_SECRET)) {
      assertThat(t.getMessage()).doesNotContain(hexOf(k)).doesNotContain(RunSettings.keyCheck(k));
    }
    assertThat(Files.readAllBytes(out.resolve("share/data/input-0001.anon.jsonl"))).isEqualTo(data);

    assertThatThrownBy(() -> builder(strict(), OTHER_KEY).build().run(List.of(input), out))
        .hasMessageContaining("differing: key-check, key-id)");
    // the original key still resumes
    assertThat(builder(strict(), KEY).build().run(List.of(input), out).resumedInputs()).containsExactly("jobs.jsonl");
  }

  @Test
  void resume_otherOutputCompression_refused() throws IOException {
    Path out = tmp.resolve("compression");
    builder(strict(), KEY).build().run(List.of(input), out);
    assertThatThrownBy(() -> builder(strict(), KEY).outputCompression(Compression.GZIP).build().run(List.of(input), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differing: compression)");
  }

  @Test
  void resume_afterCrash_withAnotherKey_refusedAndCheckpointsKept_originalKeyFinishesByteIdentical()
      throws IOException {
    Policy p = Policy.builder().name("crash").rule(FieldRule.transform("Owner", "tag").linkageDomain("user").build())
        .rule(FieldRule.transform("GlobalJobId", "crashing").build()).keep("JobStatus", "ExitCode")
        .defaultRule(FieldRule.drop("*")).build();
    List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
    String late = lines.get(1300).replaceAll(".*\"GlobalJobId\":\"([^\"]+)\".*", "$1");
    Path clean = tmp.resolve("crash-clean");
    PipelineTest.Crashing.crashOn = null;
    builder(p, KEY).chunkBytes(16 << 10).build().run(List.of(input), clean);

    Path out = tmp.resolve("crash");
    PipelineTest.Crashing.crashOn = late;
    assertThatThrownBy(() -> builder(p, KEY).chunkBytes(16 << 10).build().run(List.of(input), out))
        .isInstanceOf(IllegalStateException.class);
    PipelineTest.Crashing.crashOn = null;
    Path segments = out.resolve("private/journal/0000-segments");
    List<Path> committed = PipelineTest.walk(segments);
    assertThat(committed).hasSizeGreaterThan(6);

    // a resumed run with another key (or mode: the same check) would append its tokens to the first key's
    assertThatThrownBy(() -> builder(p, SAME_ID_OTHER_SECRET).chunkBytes(16 << 10).build().run(List.of(input), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key-check");
    assertThat(out.resolve("share/data/input-0001.anon.jsonl")).doesNotExist();
    assertThat(PipelineTest.walk(segments)).containsExactlyInAnyOrderElementsOf(committed);

    builder(p, KEY).chunkBytes(16 << 10).build().run(List.of(input), out);
    assertThat(Files.readAllBytes(out.resolve("share/data/input-0001.anon.jsonl")))
        .isEqualTo(Files.readAllBytes(clean.resolve("share/data/input-0001.anon.jsonl")));
  }

  @Test
  void resume_journalWithoutSettingsLine_refusedAsMismatch() throws IOException {
    Path out = tmp.resolve("old-journal");
    builder(strict(), KEY).build().run(List.of(input), out);
    Path entry = out.resolve("private/journal/0000.tsv");
    List<String> lines = Files.readAllLines(entry, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).startsWith("settings\t");
    Files.write(entry, lines.subList(1, lines.size()), StandardCharsets.UTF_8); // as written before this line existed
    assertThatThrownBy(() -> builder(strict(), KEY).build().run(List.of(input), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("older anonkit");
  }

  /**
   * A review: a journal written before a change that gave some values other tokens (user names folded,
   * 2026-11-27) passed the settings check, since the version stays the same between releases, and its
   * committed outputs were mixed with new ones (one person, two tokens, two mapping pairs).
   */
  @Test
  void resume_journalOfAnEarlierTokenScheme_refused() throws IOException {
    Path out = tmp.resolve("old-tokens");
    builder(strict(), KEY).build().run(List.of(input), out);
    Path entry = out.resolve("private/journal/0000.tsv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(entry, StandardCharsets.UTF_8));
    assertThat(lines.get(0)).contains("\ttokens=" + Pipeline.TOKEN_SCHEME + "\t");
    lines.set(0, lines.get(0).replace("\ttokens=" + Pipeline.TOKEN_SCHEME, "")); // as written before the part existed
    Files.write(entry, lines, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> builder(strict(), KEY).build().run(List.of(input), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differing: tokens)")
        .hasMessageContaining("another anonkit build");
    // and ones of the schemes before (2: dashed addresses inside names left as written; 3: a DN's other
    // attributes kept)
    for (String before : List.of("2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17")) {
      List<String> old = new java.util.ArrayList<>(lines);
      old.set(0, old.get(0).replace("\tpolicy=", "\ttokens=" + before + "\tpolicy="));
      assertThat(old.get(0)).contains("\ttokens=" + before + "\t");
      Files.write(entry, old, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> builder(strict(), KEY).build().run(List.of(input), out))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differing: tokens)");
    }
  }

  @Test
  void keyCheck_dependsOnTheSecret_isNoHashOfIt() throws Exception {
    assertThat(RunSettings.keyCheck(KEY)).matches("[0-9a-f]{32}").isEqualTo(RunSettings.keyCheck(KEY))
        .isNotEqualTo(RunSettings.keyCheck(SAME_ID_OTHER_SECRET));
    byte[] secret = KEY.secret().toByteArray(SecretAccess.get());
    String plain = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(secret));
    assertThat(plain).doesNotContain(RunSettings.keyCheck(KEY));
    assertThat(RunSettings.keyCheck(null)).isEqualTo("none");
  }

  /**
   * The key check's key is derived for a purpose no transformer can have: every transformer purpose is
   * {@code KeyPurpose.of(name, domain)}, which starts with {@code anonkit/v1/}; so a plugin transformer
   * named {@code resume-journal} on a field {@code key-check} gets a key of its own.
   */
  @Test
  void keyCheck_keyIsDerivedOutsideTheTransformersNamespace() throws Exception {
    assertThat(RunSettings.KEY_CHECK_PURPOSE).doesNotStartWith(org.anonkit.key.KeyPurpose.PREFIX);
    String plugin = org.anonkit.key.KeyPurpose.of("resume-journal", "key-check");
    byte[] pluginKey = KEY.derive(plugin).secret().toByteArray(SecretAccess.get());
    byte[] checkKey = KEY.derive(RunSettings.KEY_CHECK_PURPOSE).secret().toByteArray(SecretAccess.get());
    assertThat(pluginKey).isNotEqualTo(checkKey);
  }

  @Test
  void run_removesLeftoverTemporaryFilesOfAKilledRun_andNothingElse() throws IOException {
    Path out = tmp.resolve("leftovers");
    builder(strict(), KEY).build().run(List.of(input), out);
    List<Path> leftovers = List.of(
        out.resolve("share/data/.big.anon.jsonl.1x9zq3k2b7.tmp"), // AtomicFile
        out.resolve("share/.manifest.json8812345678901234.tmp"), // OutputLayout.writeAtomically
        out.resolve("private/.mapping-owner.csv.4411223344556677889.tmp"), // MappingStore
        out.resolve("private/quarantine/.jobs.quarantine.1a2b3c4d5e6f.tmp"),
        out.resolve("share/vectors/anon/.vectors-staging-1f2e/X.npy")); // VectorWriter staging folder
    List<Path> kept = List.of(out.resolve("share/data/notes.tmp"), out.resolve("share/data/.hidden"),
        out.resolve("share/data/.x.tmp"), out.resolve("share/data/README.txt"), out.resolve("private/.keep.TMP"),
        out.resolve("share/data/.notes.old.tmp"), out.resolve("share/.report.2024.tmp"), out.resolve("private/.draft2.tmp"),
        out.resolve("share/vectors/anon/.vectors-staging-xyz/keep.npy"));
    for (Path p : concat(leftovers, kept)) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, "partial");
    }
    Path outside = tmp.resolve("outside.txt");
    Files.writeString(outside, "not anonkit's");
    Path link = out.resolve("share/data/.linked.jsonl.1a2b3c4d5e6f.tmp");
    Files.createSymbolicLink(link, outside);

    RunReport resumed = builder(strict(), KEY).build().run(List.of(input), out);
    assertThat(resumed.resumedInputs()).containsExactly("jobs.jsonl");
    for (Path p : leftovers) {
      assertThat(p).as("leftover").doesNotExist();
    }
    assertThat(out.resolve("share/vectors/anon/.vectors-staging-1f2e")).doesNotExist();
    for (Path p : kept) {
      assertThat(p).as("not a temporary file of anonkit").exists();
    }
    assertThat(outside).hasContent("not anonkit's");
    assertThat(Files.isSymbolicLink(link)).isTrue();

    // a plain (not resumed) run cleans up too
    Path plain = out.resolve("share/data/.jobs.anon.jsonl.zz0a1b2c3d4e.tmp");
    Files.writeString(plain, "partial");
    builder(strict(), KEY).resume(false).build().run(List.of(input), out);
    assertThat(plain).doesNotExist();
    assertThat(out.resolve("share/" + Pipeline.INCOMPLETE)).doesNotExist();
    assertThat(out.resolve("share/manifest.json")).exists();
  }

  @Test
  void run_intoAFolderOfAnEarlierRun_itsOtherDataFilesAreRemoved_userFilesKept() throws IOException {
    Path out = tmp.resolve("reused-folder");
    Path other = tmp.resolve("other.jsonl");
    Files.copy(input, other);
    builder(strict(), KEY).resume(false).build().run(List.of(input, other), out);
    assertThat(out.resolve("share/data/input-0002.anon.jsonl")).exists();
    Path notes = Files.writeString(out.resolve("share/data/notes.txt"), "the owner's");
    // a later run of one input, also in another output format: only its own output is left in share/data
    builder(strict(), KEY).resume(false).outputFormat(org.anonkit.pipeline.io.RecordFormat.CSV).build()
        .run(List.of(input), out);
    try (java.util.stream.Stream<Path> files = Files.list(out.resolve("share/data"))) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .containsExactly("input-0001.anon.csv", "notes.txt");
    }
    assertThat(notes).hasContent("the owner's");
    assertThat(Files.readString(out.resolve("share/manifest.json"))).contains("data/input-0001.anon.csv")
        .doesNotContain("anon.jsonl");
  }

  @Test
  void emptyCsvInput_zeroRecords_emptyOutput_aCsvWhoseEveryColumnIsDropped_typedError() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.csv"), "\r\n\n");
    Path out = tmp.resolve("empty-csv");
    RunReport r = builder(strict(), KEY).build().run(List.of(empty), out);
    assertThat(r.rowsIn()).isZero();
    assertThat(r.dataFiles()).hasSize(1);
    assertThat(r.dataFiles().get(0)).isEmptyFile();
    Path dropped = Files.writeString(tmp.resolve("dropped.csv"), "Cmd,Args\n/bin/zzsecret,1\n");
    assertThatThrownBy(() -> builder(strict(), KEY).build().run(List.of(dropped), tmp.resolve("dropped-csv")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("drops every field")
        .hasMessageContaining("dropped.csv").hasMessageNotContaining("zzsecret");
  }

  @Test
  void truncatedGzipInput_errorNamesTheFileAndWhere_notAValue() throws IOException {
    byte[] clear = Files.readAllBytes(input);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (OutputStream o = new java.util.zip.GZIPOutputStream(gz)) {
      o.write(clear);
    }
    Path cut = tmp.resolve("cut.jsonl.gz");
    Files.write(cut, java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
    // the anonymizing pass (no dictionary) and the dictionary pass both name it
    for (Policy p : List.of(strict(), PipelineTest.policy())) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(
          () -> builder(p, KEY).build().run(List.of(input, cut), tmp.resolve("cut-" + p.name())));
      assertThat(t).isInstanceOf(IOException.class).hasMessageContaining("cannot read input cut.jsonl.gz after ")
          .hasMessageContaining("record(s)");
      assertThat(t.getMessage()).doesNotContain(tmp.toString());
      for (String v : generator.sensitiveValues()) {
        assertThat(t.getMessage()).doesNotContain(v);
      }
    }
  }

  @Test
  void resume_otherOnMalformed_refused_journalPastTheInputs_notChecked() throws IOException {
    Path out = tmp.resolve("on-malformed");
    Path other = tmp.resolve("second.jsonl");
    Files.copy(input, other, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    builder(strict(), KEY).build().run(List.of(input, other), out); // journal entries 0000 and 0001
    assertThatThrownBy(() -> builder(strict(), KEY).failOnMalformed(true).build().run(List.of(input), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on-malformed");
    // a plain run with another key over the first input only rewrites entry 0000; entry 0001, which no
    // run over one input reads, must not block resuming that run
    builder(strict(), SAME_ID_OTHER_SECRET).resume(false).build().run(List.of(input), out);
    RunReport again = builder(strict(), SAME_ID_OTHER_SECRET).build().run(List.of(input), out);
    assertThat(again.resumedInputs()).containsExactly("jobs.jsonl");
  }

  @Test
  void failOnMalformed_secondInput_errorNamesIt_andTheFailedRunSaysIncomplete() throws IOException {
    Path out = tmp.resolve("malformed");
    Path a = tmp.resolve("a.jsonl");
    Path b = tmp.resolve("b.jsonl");
    List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
    Files.write(a, lines.subList(0, 200), StandardCharsets.UTF_8);
    List<String> broken = new ArrayList<>(lines.subList(200, 400));
    broken.add(150, "{\"Owner\": \"zzdistinctiveuser\", not json");
    Files.write(b, broken, StandardCharsets.UTF_8);
    // an earlier complete run into the same folder, with the same settings (on-malformed is one of them)
    builder(strict(), KEY).failOnMalformed(true).build().run(List.of(a), out);

    assertThatThrownBy(() -> builder(strict(), KEY).failOnMalformed(true).build().run(List.of(a, b), out))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("input b.jsonl, row 151: malformed record at line 151")
        .hasMessageNotContaining("zzdistinctiveuser");
    // the first input's committed output stays (a --resume run reuses it), but share/ says the run failed
    assertThat(out.resolve("share/data/input-0001.anon.jsonl")).exists();
    assertThat(out.resolve("share/manifest.json")).doesNotExist();
    assertThat(out.resolve("share/" + Pipeline.INCOMPLETE)).content().contains("INCOMPLETE");

    Files.write(b, lines.subList(200, 400), StandardCharsets.UTF_8);
    RunReport r = builder(strict(), KEY).failOnMalformed(true).build().run(List.of(a, b), out);
    assertThat(r.resumedInputs()).containsExactly("a.jsonl");
    assertThat(out.resolve("share/manifest.json")).exists();
    assertThat(out.resolve("share/" + Pipeline.INCOMPLETE)).doesNotExist();
  }

  @Test
  void failingTransform_errorNamesInputFieldAndRow() throws IOException {
    Path in = tmp.resolve("reject.jsonl");
    Files.writeString(in, "{\"Owner\": \"alice\"}\n{\"Owner\": \"badowner123\"}\n");
    assertThatThrownBy(() -> builder(strict(), KEY).build().run(List.of(in), tmp.resolve("reject")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("input reject.jsonl, field 'Owner', row 2: value starts with a rejected prefix (length 11)")
        .satisfies(e -> assertThat(((InvalidInputException) e).row()).isEqualTo(2));
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    List<Path> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.count();
    }
  }
}
