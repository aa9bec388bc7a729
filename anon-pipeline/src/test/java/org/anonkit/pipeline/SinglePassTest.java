package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.anonkit.FieldRule;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.pipeline.testing.TaggingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single-pass runs with a supplied dictionary: verification, fallback, staging, resume, determinism. */
class SinglePassTest {
  private static final MasterKey KEY = MasterKey.generate("single-pass-test", new SecureRandom());
  private static final TransformerRegistry REGISTRY = TransformerRegistry.builder()
      .add(new TaggingProvider("tag")).add(new ScrubTextProvider()).add(new PipelineTest.Crashing()).build();
  /** A user who is in no supplied list: Owner of input "late", and named in the free text of input "early". */
  private static final String STRANGER = "zqxwvlmnop";

  @TempDir static Path tmp;
  static Path early;
  static Path late;
  static JobGenerator generator;
  /** The names the first pass collects from early + late (lower-case). */
  static List<String> dataNames;

  @BeforeAll
  static void generate() throws IOException {
    generator = JobGenerator.builder().seed(23).users(40).build();
    Path generated = tmp.resolve("gen.jsonl");
    generator.write(generated, 1200);
    List<String> lines = new ArrayList<>(Files.readAllLines(generated, StandardCharsets.UTF_8));
    // early: the stranger is only mentioned in free text (a field scrub-text handles)
    lines.add(600, "{\"Owner\":\"" + generator.userNames().get(0) + "\",\"ClusterId\":7,\"ProcId\":1,\"ExitCode\":0,"
        + "\"Note\":\"rerun for " + STRANGER + " tomorrow\"}");
    early = Files.write(tmp.resolve("early.jsonl"), lines, StandardCharsets.UTF_8);
    late = Files.write(tmp.resolve("late.jsonl"), List.of(
        "{\"Owner\":\"" + STRANGER + "\",\"ClusterId\":8,\"ProcId\":0,\"ExitCode\":1,\"Note\":\"held\"}",
        "{\"Owner\":\"" + generator.userNames().get(1) + "\",\"ClusterId\":8,\"ProcId\":1,\"ExitCode\":0}"),
        StandardCharsets.UTF_8);
    dataNames = namesIn(List.of(early, late), PipelineTest.policy());
    assertThat(dataNames).contains(STRANGER).hasSizeGreaterThan(20);
  }

  /**
   * The dictionary names the records hold, by {@link ScrubDictionary#namesIn} (checked against the
   * pipeline's own first pass by {@code dictionaryFile_*}).
   */
  static List<String> namesIn(List<Path> inputs, Policy policy) throws IOException {
    return ScrubDictionary.of(policy).namesIn(inputs, null);
  }

  static Pipeline.Builder builder(Policy policy, List<String> supplied, boolean singlePass) {
    return Pipeline.builder(policy).key(KEY).registry(REGISTRY).threads(2).chunkBytes(32 << 10)
        .dictionary(supplied).singlePass(singlePass);
  }

  static List<String> without(List<String> names, String name) {
    return names.stream().filter(n -> !n.equals(name)).collect(Collectors.toList());
  }

  /** SHA-256 of every file under dir; the manifest without its "threads" and "dictionary" lines. */
  static Map<String, String> checksums(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        byte[] b = Files.readAllBytes(p);
        if (p.getFileName().toString().equals("manifest.json")) {
          b = new String(b, StandardCharsets.UTF_8).replaceAll("\"threads\": \\d+", "")
              .replaceAll("(?m)^  \"dictionary\": .*$", "").getBytes(StandardCharsets.UTF_8);
        }
        m.put(dir.relativize(p).toString(), Pipeline.sha256(b));
      }
    }
    return m;
  }

  /**
   * Review 45: a policy with scrub-text but no dictionary section runs no dictionary pass, yet a supplied
   * list is its scrub-text rules' dictionary. The manifest did not record it, share/README.md did not say
   * the names were replaced, no private/dictionary.txt was written, and --resume with another list reused
   * the outputs scrubbed with the first (its journal entries carried no dictionary fingerprint).
   */
  @Test
  void suppliedListWithoutADictionarySection_recordedAndPartOfTheResumeCheck() throws IOException {
    Policy p = PipelineTest.policy(); // with its dictionary section
    Policy.Builder b = Policy.builder().name("no-dictionary-section").redactionMarker(p.redactionMarker());
    p.rules().forEach(b::rule);
    b.defaultRule(p.defaultRule());
    for (String name : p.extensionNames()) {
      if (!name.equals("dictionary")) {
        b.extension(name, p.extension(name));
      }
    }
    Policy noSection = b.build();
    Path out = tmp.resolve("supplied-only");
    RunReport r = builder(noSection, dataNames, false).resume(true).build().run(List.of(early), out);
    assertThat(r.dictionarySource()).isEqualTo("supplied");
    String manifest = Files.readString(out.resolve("share/manifest.json"));
    assertThat(manifest).contains("\"dictionary\": {\"source\": \"supplied\", \"singlePass\": false");
    assertThat(out.resolve("private").resolve(Pipeline.DICTIONARY_FILE)).isRegularFile();
    assertThat(Files.readString(out.resolve("share").resolve(Pipeline.README)))
        .contains("every user and full name the batch's identity fields hold");
    assertThat(Files.readString(out.resolve("share/data/early.anon.jsonl"))).doesNotContain(STRANGER);

    // resumed with another list: the input's journal entry, made with the first list, is not trusted and the
    // input is redone with the new one (it was reused: the output said what the first list made of it)
    builder(noSection, without(dataNames, STRANGER), false).resume(true).build().run(List.of(early), out);
    assertThat(Files.readString(out.resolve("share/data/early.anon.jsonl"))).contains(STRANGER);
  }

  /**
   * A review found that a single-pass resume could reuse an earlier run's output under a name a fresh
   * input of the same run had taken while staged, then overwrite it when the staged file moved in.
   */
  @Test
  void singlePassResume_aFreshInputTakesTheNameOfAReusableOutput_bothKeptApart() throws IOException {
    Path d1 = Files.createDirectories(tmp.resolve("clash-d1"));
    Path d2 = Files.createDirectories(tmp.resolve("clash-d2"));
    Path x1 = Files.copy(early, d1.resolve("x.jsonl"));
    Path x2 = Files.writeString(d2.resolve("x.jsonl"), Files.readString(late) + "{\"Owner\":\"" + generator.userNames().get(2)
        + "\",\"ClusterId\":9,\"ProcId\":0,\"ExitCode\":0}\n"); // not y's bytes: not resumed from y's entry
    Path y = Files.copy(late, tmp.resolve("clash-y.jsonl"));
    Path out = tmp.resolve("clash-out");
    builder(PipelineTest.policy(), dataNames, true).resume(true).build().run(List.of(y, x1), out);
    RunReport r = builder(PipelineTest.policy(), dataNames, true).resume(true).build().run(List.of(x2, x1), out);
    assertThat(r.rowsIn()).isEqualTo(3 + 1201);
    // x1's output of the first run has the name x2 now took: x1 is redone under a kept-apart name
    assertThat(r.resumedInputs()).isEmpty();
    assertThat(r.dataFiles()).hasSize(2).doesNotHaveDuplicates();
    long lines = 0;
    for (Path f : r.dataFiles()) {
      lines += Files.readAllLines(f, StandardCharsets.UTF_8).size();
    }
    assertThat(lines).isEqualTo(r.rowsOut());
    String manifest = Files.readString(out.resolve("share/manifest.json"));
    for (Path f : r.dataFiles()) {
      assertThat(manifest).contains(Pipeline.sha256(Files.readAllBytes(f)));
    }
  }

  @Test
  void singlePass_exactList_sameBytesAsTwoPassAndNoFirstPass() throws IOException {
    Path one = tmp.resolve("exact-single");
    Path two = tmp.resolve("exact-two");
    RunReport r1 = builder(PipelineTest.policy(), dataNames, true).build().run(List.of(early, late), one);
    RunReport r2 = builder(PipelineTest.policy(), dataNames, false).build().run(List.of(early, late), two);

    assertThat(r1.singlePass()).isTrue();
    assertThat(r1.singlePassFellBack()).isFalse();
    assertThat(r1.dictionarySource()).isEqualTo("supplied");
    assertThat(r1.dictionaryNames()).isEqualTo(dataNames.size());
    assertThat(r2.singlePass()).isFalse();
    assertThat(r2.dictionarySource()).isEqualTo("supplied+first-pass");
    assertThat(checksums(one.resolve("share"))).isEqualTo(checksums(two.resolve("share")))
        .containsKeys("data/early.anon.jsonl", "data/late.anon.jsonl", "manifest.json");
    assertThat(checksums(one.resolve("private"))).isEqualTo(checksums(two.resolve("private")))
        .containsKeys("mapping-owner.csv", "journal/0000.tsv", "journal/0001.tsv");
    assertThat(one.resolve("private").resolve(Pipeline.STAGING)).doesNotExist();
    String manifest = Files.readString(one.resolve("share/manifest.json"));
    assertThat(manifest).contains("\"dictionary\": {\"source\": \"supplied\", \"singlePass\": true, \"fallback\": false, "
        + "\"names\": " + dataNames.size() + ", \"recordsMissingFromSupplied\": 0}");
    assertThat(r1.dataFiles()).containsExactly(one.resolve("share/data/early.anon.jsonl"),
        one.resolve("share/data/late.anon.jsonl"));
    assertThat(LeakScanner.scan(one.resolve("share"), List.of(STRANGER))).isEmpty();
  }

  @Test
  void dictionaryFile_privateOwnerOnly_feedsTheNextBatchSinglePass() throws IOException {
    Path first = tmp.resolve("dictfile-first");
    RunReport r1 = builder(PipelineTest.policy(), List.of(), false).build().run(List.of(early, late), first);
    Path file = first.resolve("private").resolve(Pipeline.DICTIONARY_FILE);
    assertThat(r1.files()).containsEntry("dictionary", file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).startsWith("# ").doesNotContain(STRANGER);
    assertThat(lines.subList(1, lines.size())).isEqualTo(dataNames); // sorted, lower-case, the data's names
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    try (Stream<Path> s = Files.walk(first.resolve("share"))) {
      assertThat(s.map(p -> p.getFileName().toString())).doesNotContain(Pipeline.DICTIONARY_FILE);
    }

    Path next = tmp.resolve("dictfile-next");
    RunReport r2 = builder(PipelineTest.policy(), lines.subList(1, lines.size()), true).build()
        .run(List.of(early, late), next);
    assertThat(r2.singlePass()).isTrue();
    assertThat(checksums(next.resolve("share"))).isEqualTo(checksums(first.resolve("share")));
    assertThat(Files.readAllLines(next.resolve("private").resolve(Pipeline.DICTIONARY_FILE), StandardCharsets.UTF_8))
        .isEqualTo(lines);
  }

  @Test
  void singlePass_mixedCaseList_verifiesCaseInsensitively() throws IOException {
    List<String> upper = dataNames.stream().map(n -> n.toUpperCase(java.util.Locale.ROOT)).collect(Collectors.toList());
    RunReport r = builder(PipelineTest.policy(), upper, true).build().run(List.of(early, late), tmp.resolve("upper"));
    assertThat(r.singlePass()).isTrue();
    assertThat(LeakScanner.scan(tmp.resolve("upper/share"), List.of(STRANGER))).isEmpty();
  }

  @Test
  void singlePass_supersetList_deterministicForAnyThreadCount_andNoClearIdentityInShare() throws IOException {
    List<String> superset = new ArrayList<>(dataNames);
    superset.addAll(List.of("extrauser1", "someone.else", "Nobody Here"));
    Map<String, String> first = null;
    for (int threads : new int[] {1, 2, 4}) {
      Path out = tmp.resolve("superset-" + threads);
      RunReport r = builder(PipelineTest.policy(), superset, true).threads(threads)
          .chunkBytes(threads == 1 ? 1 << 20 : 16 << 10).build().run(List.of(early, late), out);
      assertThat(r.singlePass()).as("threads=%d", threads).isTrue();
      Map<String, String> sums = checksums(out.resolve("share"));
      sums.putAll(checksums(out.resolve("private")).entrySet().stream()
          .collect(Collectors.toMap(e -> "private/" + e.getKey(), Map.Entry::getValue)));
      if (first == null) {
        first = sums;
      } else {
        assertThat(sums).as("threads=%d", threads).isEqualTo(first);
      }
      List<String> sensitive = new ArrayList<>(generator.sensitiveValues());
      sensitive.add(STRANGER);
      assertThat(LeakScanner.scan(out.resolve("share"), sensitive)).isEmpty();
    }
  }

  @Test
  void singlePass_missingName_fallsBackToTwoPasses_sameBytesAsAPlainTwoPassRun() throws IOException {
    List<String> partial = without(dataNames, STRANGER);
    Path fallback = tmp.resolve("miss-single");
    Path plain = tmp.resolve("miss-two");
    RunReport r1 = builder(PipelineTest.policy(), partial, true).build().run(List.of(early, late), fallback);
    RunReport r2 = builder(PipelineTest.policy(), partial, false).build().run(List.of(early, late), plain);

    assertThat(r1.singlePass()).isFalse();
    assertThat(r1.singlePassFellBack()).isTrue();
    assertThat(r1.dictionarySource()).isEqualTo("supplied+first-pass");
    assertThat(r1.recordsMissingFromDictionary()).isEqualTo(1); // the stranger owns one record
    assertThat(r2.recordsMissingFromDictionary()).isZero();
    assertThat(checksums(fallback.resolve("share"))).isEqualTo(checksums(plain.resolve("share")));
    assertThat(checksums(fallback.resolve("private"))).isEqualTo(checksums(plain.resolve("private")));
    assertThat(fallback.resolve("private").resolve(Pipeline.STAGING)).doesNotExist();
    String manifest = Files.readString(fallback.resolve("share/manifest.json"));
    assertThat(manifest).contains("\"source\": \"supplied+first-pass\", \"singlePass\": false, \"fallback\": true, "
        + "\"names\": " + dataNames.size() + ", \"recordsMissingFromSupplied\": 1}");
    // the name the list lacked: never in share/ (the early input's free text was scrubbed with it)
    assertThat(LeakScanner.scan(fallback.resolve("share"), List.of(STRANGER))).isEmpty();
    assertThat(manifest).doesNotContain(STRANGER);
    assertThat(r1.toString()).doesNotContain(STRANGER);
  }

  @Test
  void singlePass_missInALaterInput_leavesNothingBehindBeforeTheFallback() throws IOException {
    Path out = tmp.resolve("miss-hook");
    List<String> seen = new ArrayList<>();
    Pipeline p = builder(PipelineTest.policy(), without(dataNames, STRANGER), true)
        .beforeFallback(() -> {
          try (Stream<Path> s = Files.walk(out)) {
            s.filter(Files::isRegularFile).forEach(f -> seen.add(out.relativize(f).toString()));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).build();
    RunReport r = p.run(List.of(early, late), out);
    assertThat(r.singlePassFellBack()).isTrue();
    // when the miss is found, the early input was already anonymized (staged) with the incomplete list:
    // none of it, and nothing a resumed run could trust, may remain
    // nothing but the marker that says the run is not finished
    assertThat(seen).filteredOn(f -> f.startsWith("share/")).containsExactly("share/" + Pipeline.INCOMPLETE);
    assertThat(seen).noneMatch(f -> f.startsWith("private/journal/"));
    assertThat(seen).noneMatch(f -> f.startsWith("private/" + Pipeline.STAGING));
    assertThat(seen).noneMatch(f -> f.startsWith("private/mapping"));
    assertThat(seen).noneMatch(f -> f.startsWith("private/anonkit-mapping-"));
  }

  @Test
  void singlePass_csvOutput_stillCollectsTheFieldList_sameBytesAsTwoPass() throws IOException {
    Path one = tmp.resolve("csv-single");
    Path two = tmp.resolve("csv-two");
    RunReport r = builder(PipelineTest.policy(), dataNames, true)
        .outputFormat(org.anonkit.pipeline.io.RecordFormat.CSV).build().run(List.of(early, late), one);
    builder(PipelineTest.policy(), dataNames, false)
        .outputFormat(org.anonkit.pipeline.io.RecordFormat.CSV).build().run(List.of(early, late), two);
    assertThat(r.singlePass()).isTrue();
    assertThat(checksums(one.resolve("share"))).isEqualTo(checksums(two.resolve("share")))
        .containsKey("data/early.anon.csv");
    assertThat(Files.readAllLines(one.resolve("share/data/early.anon.csv")).get(0)).contains("Owner").contains("Note");
  }

  @Test
  void singlePass_withoutSuppliedNames_runsTwoPasses() throws IOException {
    RunReport r = builder(PipelineTest.policy(), List.of(), true).build().run(List.of(late), tmp.resolve("no-list"));
    assertThat(r.singlePass()).isFalse();
    assertThat(r.singlePassFellBack()).isFalse();
    assertThat(r.dictionarySource()).isEqualTo("first-pass");
  }

  @Test
  void resume_trustsOnlyOutputsMadeWithTheSameDictionary() throws IOException {
    Path out = tmp.resolve("resume-dict");
    // a two-pass run with the default (collected) dictionary commits both inputs
    builder(PipelineTest.policy(), List.of(), false).resume(true).build().run(List.of(early, late), out);
    // a single-pass run with a superset list must not reuse them: another dictionary, other free text
    List<String> superset = new ArrayList<>(dataNames);
    superset.add("extrauser1");
    Pipeline single = builder(PipelineTest.policy(), superset, true).resume(true).build();
    RunReport r = single.run(List.of(early, late), out);
    assertThat(r.resumedInputs()).isEmpty();
    assertThat(r.singlePass()).isTrue();
    Path fresh = tmp.resolve("resume-dict-fresh");
    single.run(List.of(early, late), fresh);
    assertThat(checksums(out.resolve("share"))).isEqualTo(checksums(fresh.resolve("share")));
    // the same single-pass run again: its own committed outputs are trusted
    RunReport again = single.run(List.of(early, late), out);
    assertThat(again.resumedInputs()).containsExactly("early.jsonl", "late.jsonl");
    assertThat(checksums(out.resolve("share"))).isEqualTo(checksums(fresh.resolve("share")));
  }

  @Test
  void resume_afterACrashedSinglePassAttempt_nothingCommitted_thenSameBytesAsACleanRun() throws IOException {
    Policy p = PipelineTest.policy(FieldRule.transform("GlobalJobId", "crashing").build());
    List<String> lines = Files.readAllLines(early, StandardCharsets.UTF_8);
    String crashOn = lines.get(1000).replaceAll(".*\"GlobalJobId\":\"([^\"]+)\".*", "$1");
    Pipeline single = builder(p, dataNames, true).resume(true).build();
    Path clean = tmp.resolve("crash-clean");
    PipelineTest.Crashing.crashOn = null;
    single.run(List.of(late, early), clean);

    Path out = tmp.resolve("crash-out");
    PipelineTest.Crashing.crashOn = crashOn;
    try {
      assertThatThrownBy(() -> single.run(List.of(late, early), out)).isInstanceOf(IllegalStateException.class);
    } finally {
      PipelineTest.Crashing.crashOn = null;
    }
    // the first input (late) was done before the crash, staged under private/: none of it stays
    try (Stream<Path> s = Files.walk(out.resolve("share"))) { // nothing but the marker: the run did not finish
      assertThat(s.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
          .containsExactly(Pipeline.INCOMPLETE);
    }
    try (Stream<Path> s = Files.list(out.resolve("private/journal"))) {
      assertThat(s.count()).isZero();
    }
    assertThat(out.resolve("private").resolve(Pipeline.STAGING)).doesNotExist();
    // a resumed two-pass run finds nothing committed
    RunReport resumed = builder(p, List.of(), false).resume(true).build().run(List.of(late, early), out);
    assertThat(resumed.resumedInputs()).isEmpty();
    assertThat(out.resolve("private").resolve(Pipeline.STAGING)).doesNotExist();
    assertThat(resumed.singlePass()).isFalse();
    // the two-pass run collected exactly the supplied names: its outputs are what the single-pass run
    // makes, and a resumed single-pass run may trust them
    RunReport again = single.run(List.of(late, early), out);
    assertThat(again.resumedInputs()).containsExactly("late.jsonl", "early.jsonl");
    assertThat(again.singlePass()).isTrue();
    assertThat(checksums(out.resolve("share"))).isEqualTo(checksums(clean.resolve("share")));
  }

  @Test
  void dictionaryCheck_namesTooShortForScrubText_needNotBeSupplied() {
    Policy prepared = PolicyModes.prepare(PipelineTest.policy(), null, List.of("alice"));
    DictionaryCheck c = DictionaryCheck.of(PipelineTest.policy(), null, prepared, List.of("Alice"));
    assertThat(c.covers("alice")).isTrue();
    assertThat(c.covers("bob")).isFalse();
    assertThat(c.covers("al")).isTrue(); // below minNameLength 3: never a dictionary word
  }

  @Test
  void singlePass_listWithoutAnImageNamespace_fallsBackToTwoPasses() throws IOException {
    // a handle known only from an image field is a dictionary name: a list without it is verified as
    // incomplete, so free text naming it is scrubbed as a two-pass run scrubs it
    Policy policy = org.anonkit.config.PolicyJson.read(HtcondorPolicyTest.policyFile());
    Path in = tmp.resolve("image-ns.jsonl");
    Files.writeString(in, "{\"Owner\":\"ownerq\",\"DockerImage\":\"hdlqz/fit:1\",\"HoldReason\":\"pull of hdlqz/fit:1 failed\"}\n");
    assertThat(namesIn(List.of(in), policy)).containsExactly("hdlqz", "ownerq");
    java.util.function.Function<List<String>, Pipeline.Builder> b = list ->
        Pipeline.builder(policy).key(KEY).threads(1).dictionary(list).singlePass(true);
    RunReport missed = b.apply(List.of("ownerq")).build().run(List.of(in), tmp.resolve("image-ns-missed"));
    assertThat(missed.singlePass()).isFalse();
    assertThat(b.apply(List.of("ownerq", "hdlqz")).build().run(List.of(in), tmp.resolve("image-ns-ok")).singlePass())
        .isTrue();
    assertThat(LeakScanner.scan(tmp.resolve("image-ns-missed/share"), List.of("hdlqz"))).isEmpty();
  }

  @Test
  void singlePass_sameStringInAnImageFieldThenAnIdentityField_eachCheckedAsItsFieldReadsIt() throws IOException {
    // an image field reads "kdoez" as a reference (no namespace, nothing to cover); the Owner field reads
    // the same string as a name that the list lacks: the check's memo must not carry the first verdict over
    Policy policy = org.anonkit.config.PolicyJson.read(HtcondorPolicyTest.policyFile());
    Path in = tmp.resolve("image-then-owner.jsonl");
    Files.writeString(in, "{\"DockerImage\":\"kdoez\",\"Owner\":\"kdoez\",\"HoldReason\":\"kdoez over quota\"}\n");
    RunReport r = Pipeline.builder(policy).key(KEY).threads(1).dictionary(List.of("otherz")).singlePass(true).build()
        .run(List.of(in), tmp.resolve("image-then-owner"));
    assertThat(r.singlePass()).isFalse();
    assertThat(LeakScanner.scan(tmp.resolve("image-then-owner/share"), List.of("kdoez"))).isEmpty();
  }

  @Test
  void dictionary_imageFieldAlsoAnIdentityField_collectsItsNamespaces() throws IOException {
    // DockerImage listed among the dictionary's identity fields too: its value was read only as an
    // identity ("hdlqw/fit:1" holds a '/', so no name), the namespace its image rule replaces was lost and
    // the handle stayed in clear in the hold reason
    Policy policy = org.anonkit.config.PolicyJson.parse("{\"name\": \"t\", \"default\": \"drop\", \"fields\": {"
        + "\"Owner\": {\"transformer\": \"scrub-text\"}, \"HoldReason\": {\"transformer\": \"scrub-text\"},"
        + "\"DockerImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true}}},"
        + "\"scrub\": {\"user\": {\"transformer\": \"hmac\", \"domain\": \"user\"}},"
        + "\"dictionary\": {\"fields\": [\"Owner\", \"dockerimage\"]}}");
    Path in = tmp.resolve("image-identity.jsonl");
    Files.writeString(in, "{\"Owner\":\"ownerw\",\"DockerImage\":\"hdlqw/fit:1\",\"HoldReason\":\"hdlqw is over quota\"}\n");
    ScrubDictionary d = ScrubDictionary.of(policy);
    List<String> names = new ArrayList<>();
    d.namesFrom("DockerImage", "hdlqw/fit:1", names);
    d.namesFrom("DockerImage", "ownerv", names); // still an identity field: a plain name is a name
    assertThat(names).containsExactly("hdlqw", "ownerv");
    assertThat(namesIn(List.of(in), policy)).containsExactly("hdlqw", "ownerw");
    Pipeline.builder(policy).key(KEY).threads(1).build().run(List.of(in), tmp.resolve("image-identity"));
    assertThat(LeakScanner.scan(tmp.resolve("image-identity/share"), List.of("hdlqw"))).isEmpty();
  }

  @Test
  void dictionary_sameValueInImageFieldsOfOtherPublicNamespaces_readByEachRule() throws IOException {
    // the collector remembered image values across fields: a value read first under a rule that keeps its
    // namespace public was not read again under the rule that replaces it (the single-pass check and
    // Spark read each field's values)
    Policy policy = org.anonkit.config.PolicyJson.parse("{\"name\": \"t\", \"default\": \"drop\", \"fields\": {"
        + "\"Owner\": {\"transformer\": \"scrub-text\"},"
        + "\"SingularityImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true,"
        + " \"publicNamespaces\": [\"library\", \"hdlqs\"]}},"
        + "\"DockerImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true}}},"
        + "\"scrub\": {\"user\": {\"transformer\": \"hmac\", \"domain\": \"user\"}},"
        + "\"dictionary\": {\"fields\": [\"Owner\"]}}");
    Path in = tmp.resolve("image-two-rules.jsonl");
    Files.writeString(in, "{\"Owner\":\"owners\",\"SingularityImage\":\"hdlqs/fit:1\",\"DockerImage\":\"hdlqs/fit:1\"}\n");
    ScrubDictionary d = ScrubDictionary.of(policy);
    List<String> each = new ArrayList<>();
    d.namesFrom("SingularityImage", "hdlqs/fit:1", each);
    d.namesFrom("DockerImage", "hdlqs/fit:1", each);
    assertThat(each).containsExactly("hdlqs");
    assertThat(d.namesIn(List.of(in), null)).containsExactly("hdlqs", "owners");
  }

  @Test
  void dictionary_imagePath_onlyTheDirectoryHoldingTheImageIsAName() throws IOException {
    // every directory of a local image path that is not a common path word was a dictionary name:
    // "staging", "ospool", "ap40" were then replaced as user names in every hold reason of the run
    Policy policy = org.anonkit.config.PolicyJson.read(HtcondorPolicyTest.policyFile());
    ScrubDictionary d = ScrubDictionary.of(policy);
    List<String> names = new ArrayList<>();
    d.namesFrom("SingularityImage", "/staging/hdlqa/tool.sif", names);
    d.namesFrom("SingularityImage", "osdf:///ospool/ap40/data/hdlqb/containers/tool.sif", names);
    d.namesFrom("SingularityImage", "/cvmfs/singularity.opensciencegrid.org/hdlqc/tool:1", names);
    d.namesFrom("DockerImage", "docker://hdlqd/team/tool:1", names); // a reference: every namespace
    d.namesFrom("ContainerImage", "/cvmfs/unpacked.cern.ch/registry.hub.docker.com/hdlqe/hdlqe-tool:1", names);
    assertThat(names).containsExactly("hdlqa", "hdlqb", "hdlqc", "hdlqd", "team", "hdlqe");
    Path in = tmp.resolve("image-path.jsonl");
    Files.writeString(in, "{\"Owner\":\"ownerp\",\"SingularityImage\":\"/staging/hdlqa/tool.sif\","
        + "\"HoldReason\":\"Staging of hdlqa's input failed\"}\n");
    assertThat(namesIn(List.of(in), policy)).containsExactly("hdlqa", "ownerp");
    Pipeline.builder(policy).key(KEY).threads(1).build().run(List.of(in), tmp.resolve("image-path"));
    assertThat(LeakScanner.scan(tmp.resolve("image-path/share"), List.of("hdlqa"))).isEmpty();
    assertThat(LeakScanner.scan(tmp.resolve("image-path/share"), List.of("Staging"))).isNotEmpty();
  }

  @Test
  void dictionary_imageRuleOfTheRunsMode_collectsItsNamespaces() throws IOException {
    // a mode that reads a field as image references (or lists other public namespaces) is the rule the
    // run applies: the dictionary pass read the rules as written and missed the handle (or took a public
    // namespace for a user's and replaced it in every field)
    Policy policy = org.anonkit.config.PolicyJson.parse("{\"name\": \"t\", \"default\": \"drop\", \"fields\": {"
        + "\"Owner\": {\"transformer\": \"scrub-text\"}, \"HoldReason\": {\"transformer\": \"scrub-text\"},"
        + "\"DockerImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true}},"
        + "\"SingularityImage\": \"drop\"},"
        + "\"scrub\": {\"user\": {\"transformer\": \"hmac\", \"domain\": \"user\"}},"
        + "\"dictionary\": {\"fields\": [\"Owner\"]},"
        + "\"modes\": {\"strict\": {\"fields\": {"
        + "\"SingularityImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true}},"
        + "\"DockerImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true,"
        + " \"publicNamespaces\": [\"library\", \"sitelabq\"]}}}}}}");
    Path in = tmp.resolve("image-mode.jsonl");
    Files.writeString(in, "{\"Owner\":\"ownerm\",\"SingularityImage\":\"/cvmfs/unpacked.cern.ch/hdlqm/fit:1\","
        + "\"DockerImage\":\"sitelabq/base:1\",\"HoldReason\":\"hdlqm: pull of sitelabq/base:1 failed\"}\n");
    assertThat(ScrubDictionary.of(policy).namesIn(List.of(in), null)).containsExactly("ownerm", "sitelabq");
    assertThat(ScrubDictionary.of(policy, "strict").namesIn(List.of(in), null)).containsExactly("hdlqm", "ownerm");
    Pipeline.builder(policy).key(KEY).threads(1).mode("strict").build().run(List.of(in), tmp.resolve("image-mode"));
    assertThat(LeakScanner.scan(tmp.resolve("image-mode/share"), List.of("hdlqm"))).isEmpty();
    // the public namespace of the mode stays, in the image field and in free text
    assertThat(LeakScanner.scan(tmp.resolve("image-mode/share"), List.of("sitelabq"))).isNotEmpty();
    // single pass, in that mode: a list without the handle is incomplete
    RunReport r = Pipeline.builder(policy).key(KEY).threads(1).mode("strict").dictionary(List.of("ownerm"))
        .singlePass(true).build().run(List.of(in), tmp.resolve("image-mode-single"));
    assertThat(r.singlePass()).isFalse();
  }

  @Test
  void dictionaryCheck_fullNamesWithOtherWhiteSpace_comparedAsScrubTextReadsThem() {
    // scrub-text's dictionary reads a name's white space as one space; the check compared folded
    // spellings, so a CN written with two spaces was a miss against a list holding the name (and a
    // list written so missed the CN written plainly), and each forced a needless second pass
    Policy prepared = PolicyModes.prepare(PipelineTest.policy(), null, List.of("alice"));
    DictionaryCheck c = DictionaryCheck.of(PipelineTest.policy(), null, prepared, List.of("Ana Lima", "Rui  Costa"));
    for (String cn : List.of("Ana  Lima", "Ana\u00A0Lima", "Rui Costa", "RUI\tCOSTA")) {
      List<String> names = new ArrayList<>();
      PolicyModes.namesFrom("/DC=org/CN=" + cn, names, 3);
      assertThat(names).as(cn).hasSize(1);
      assertThat(c.covers(names.get(0))).as(cn).isTrue();
    }
  }

  @Test
  void singlePass_htcondorPolicyWithVectors_sameBytesAsTwoPass_andAFallbackStagesNothingInShare() throws IOException {
    Policy policy = org.anonkit.config.PolicyJson.read(HtcondorPolicyTest.policyFile());
    assertThat(policy.extension("vectors").isEmpty()).as("the shipped policy writes vectors").isFalse();
    JobGenerator g = JobGenerator.builder().seed(2025).users(50).build();
    Path in = tmp.resolve("condor.jsonl");
    g.write(in, 800);
    List<String> names = namesIn(List.of(in), policy);
    java.util.function.BiFunction<List<String>, Boolean, Pipeline.Builder> b = (list, single) ->
        Pipeline.builder(policy).key(KEY).threads(2).chunkBytes(64 << 10).dictionary(list).singlePass(single);

    Path one = tmp.resolve("condor-single");
    Path two = tmp.resolve("condor-two");
    assertThat(b.apply(names, true).build().run(List.of(in), one).singlePass()).isTrue();
    b.apply(names, false).build().run(List.of(in), two);
    assertThat(checksums(one.resolve("share"))).isEqualTo(checksums(two.resolve("share")))
        .containsKeys("vectors/anon/X.npy", "data/condor.anon.jsonl");
    assertThat(checksums(one.resolve("private"))).isEqualTo(checksums(two.resolve("private")));
    assertThat(one.resolve("private").resolve(Pipeline.STAGING)).doesNotExist();

    // the owner of a record half-way through is missing from the list: the attempt's vectors never reach share/
    String owner = Files.readAllLines(in).get(400).replaceAll(".*\"Owner\":\"([^\"]+)\".*", "$1")
        .toLowerCase(java.util.Locale.ROOT);
    assertThat(names).contains(owner);
    List<String> partial = without(names, owner);
    Path miss = tmp.resolve("condor-miss");
    List<String> seen = new ArrayList<>();
    RunReport r = b.apply(partial, true).beforeFallback(() -> {
      try (Stream<Path> s = Files.walk(miss.resolve("share"))) {
        s.filter(Files::isRegularFile).forEach(f -> seen.add(miss.relativize(f).toString()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).build().run(List.of(in), miss);
    assertThat(r.singlePassFellBack()).isTrue();
    assertThat(r.recordsMissingFromDictionary()).isPositive();
    assertThat(seen).containsExactly("share/" + Pipeline.INCOMPLETE); // the run is not finished yet
    Path plain = tmp.resolve("condor-miss-two");
    b.apply(partial, false).build().run(List.of(in), plain);
    assertThat(checksums(miss.resolve("share"))).isEqualTo(checksums(plain.resolve("share")));
    List<String> sensitive = new ArrayList<>(g.userNames());
    assertThat(LeakScanner.scan(miss.resolve("share"), sensitive)).isEmpty();
  }
}
