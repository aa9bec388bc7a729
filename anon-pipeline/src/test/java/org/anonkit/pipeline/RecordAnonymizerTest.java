package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.anonkit.Anonymizer;
import org.anonkit.FieldRule;
import org.anonkit.InvalidInputException;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.pipeline.testing.TaggingProvider;
import org.junit.jupiter.api.Test;

class RecordAnonymizerTest {
  private static final MasterKey KEY = MasterKey.generate("record-test", new SecureRandom());
  private static final TransformerRegistry REGISTRY = TransformerRegistry.builder()
      .add(new TaggingProvider("tag")).add(new ScrubTextProvider()).build();

  private static Policy policy() {
    return Policy.builder().name("record-test").redactionMarker("<gone>")
        .rule(FieldRule.transform("Owner", "tag").linkageDomain("user").build())
        .rule(FieldRule.transform("Site", "tag").onFailure(OnFailure.REDACT).build())
        .rule(FieldRule.transform("Group", "tag").onFailure(OnFailure.DROP).build())
        .rule(FieldRule.transform("ClientIp", "tag").onFailure(OnFailure.REDACT).build())
        .rule(FieldRule.transform("Count", "scrub-text").onFailure(OnFailure.REDACT).build())
        .keep("JobStatus", "HostIp")
        .drop("Secret")
        .defaultRule(FieldRule.drop("*"))
        .extension("scrub", Parameters.builder("$.scrub")
            .put("user", Parameters.builder().put("transformer", "tag").put("domain", "user").build())
            .put("ip", Parameters.builder().put("transformer", "tag").put("domain", "ip").build())
            .put("host", Parameters.builder().put("transformer", "tag").put("domain", "host").build())
            .put("phone", "redact").build())
        .extension("ipIntegers", Parameters.builder("$.ipIntegers").put("fields", List.of("hostip", "ClientIp")).build())
        .build();
  }

  private static RecordAnonymizer anonymizer() {
    Policy p = Pipeline.resolvePolicy(policy(), null, List.of());
    return RecordAnonymizer.create(Anonymizer.compile(p, KEY, REGISTRY), p);
  }

  private static FieldRecord record(long row) {
    FieldRecord r = new FieldRecord();
    r.reset(row, row);
    r.add("Owner", FieldKind.STRING, "jdoe");
    r.add("JobStatus", FieldKind.INTEGER, "4");
    r.add("Secret", FieldKind.STRING, "hunter2");
    r.add("Site", FieldKind.STRING, "badsite");
    r.add("Group", FieldKind.STRING, "badgroup");
    r.add("HostIp", FieldKind.STRING, "131.225.1.2");
    r.add("ClientIp", FieldKind.STRING, "10.0.0.1");
    r.add("Count", FieldKind.INTEGER, "12");
    r.add("Unknown", FieldKind.STRING, "whatever");
    r.add("Nothing", FieldKind.UNDEFINED, "");
    return r;
  }

  @Test
  void anonymize_mixedRules_appliesPlansOnFailureAndIpTwins() {
    RecordAnonymizer a = anonymizer();
    FieldRecord r = record(1);
    a.anonymize(r);
    assertThat(r.indexOf("Secret")).isEqualTo(-1);
    assertThat(r.indexOf("Group")).isEqualTo(-1); // rejected, onFailure drop
    assertThat(r.indexOf("Unknown")).isEqualTo(-1); // default drop
    assertThat(r.text(r.indexOf("Owner"))).startsWith("tag_").hasSize(12);
    assertThat(r.text(r.indexOf("Site"))).isEqualTo("<gone>");
    assertThat(r.kind(r.indexOf("Site"))).isEqualTo(FieldKind.STRING);
    assertThat(r.text(r.indexOf("JobStatus"))).isEqualTo("4");
    // a number the scrubber leaves alone keeps its kind
    assertThat(r.kind(r.indexOf("Count"))).isEqualTo(FieldKind.INTEGER);
    assertThat(r.text(r.indexOf("Count"))).isEqualTo("12");
    // kept IP gets its twin; the transformed one is no longer an IPv4 address: no twin
    int twin = r.indexOf("HostIp_u32");
    assertThat(twin).isEqualTo(r.size() - 1);
    assertThat(r.kind(twin)).isEqualTo(FieldKind.INTEGER);
    assertThat(r.text(twin)).isEqualTo(Long.toString((131L << 24) | (225 << 16) | (1 << 8) | 2));
    assertThat(r.indexOf("ClientIp_u32")).isEqualTo(-1);
    // both counted under the twin's name: a listed field without its twin is said, not silent
    int transformed = RecordAnonymizer.OUTCOMES.indexOf("transformed");
    int dropped = RecordAnonymizer.OUTCOMES.indexOf("dropped");
    assertThat(a.counts().get("HostIp_u32")[transformed]).isEqualTo(1);
    assertThat(a.counts().get("HostIp_u32")[dropped]).isZero();
    assertThat(a.counts().get("ClientIp_u32")[dropped]).isEqualTo(1);
    assertThat(a.counts().get("ClientIp_u32")[transformed]).isZero();
    // undefined is kept under a transform rule of the default... here default drops it
    assertThat(r.indexOf("Nothing")).isEqualTo(-1);
  }

  /**
   * A review: an empty CSV cell (UNDEFINED, as a JSON null or ClassAd undefined) was counted as
   * {@code kept} under a transform rule, so a CSV run's manifest said 19,633 HoldReason values were kept
   * in clear where the same records in JSON lines, without the field, counted none; an undefined address
   * counted its twin as dropped. Undefined values are counted nowhere now.
   */
  @Test
  void anonymize_undefinedValues_countedNowhere_asAbsentFields() {
    RecordAnonymizer a = anonymizer();
    FieldRecord r = new FieldRecord();
    r.reset(1, 1);
    r.add("Owner", FieldKind.UNDEFINED, "");
    r.add("JobStatus", FieldKind.UNDEFINED, "");
    r.add("Secret", FieldKind.UNDEFINED, "");
    r.add("Count", FieldKind.UNDEFINED, "");
    r.add("ClientIp", FieldKind.UNDEFINED, "");
    a.anonymize(r);
    assertThat(r.indexOf("Secret")).isEqualTo(-1); // a drop rule still removes the field
    assertThat(r.kind(r.indexOf("Owner"))).isEqualTo(FieldKind.UNDEFINED);
    assertThat(r.kind(r.indexOf("Count"))).isEqualTo(FieldKind.UNDEFINED);
    assertThat(r.indexOf("ClientIp_u32")).isEqualTo(-1);
    for (Map.Entry<String, long[]> e : a.counts().entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).containsOnly(0L);
    }
    RecordAnonymizer b = anonymizer();
    FieldRecord absent = new FieldRecord();
    absent.reset(1, 1);
    b.anonymize(absent);
    assertThat(b.counts().values()).allSatisfy(c -> assertThat(c).containsOnly(0L));
  }

  @Test
  void anonymize_ipTwinName_oneInstancePerSpelling() {
    RecordAnonymizer a = anonymizer();
    FieldRecord r1 = record(1);
    FieldRecord r2 = record(2);
    a.anonymize(r1);
    a.anonymize(r2);
    // consumers that cache by name identity (vectorizers) see the twin's name as one name, not a new
    // one per record
    assertThat(r2.name(r2.indexOf("HostIp_u32"))).isSameAs(r1.name(r1.indexOf("HostIp_u32")));
    FieldRecord other = new FieldRecord();
    other.reset(3, 3);
    other.add("HOSTIP", FieldKind.STRING, "131.225.1.3");
    a.anonymize(other);
    assertThat(other.name(other.size() - 1)).isEqualTo("HOSTIP_u32"); // the spelling read
  }

  @Test
  void anonymize_inputHoldsATwinName_droppedAndReplaced_neverTwice() {
    RecordAnonymizer a = anonymizer();
    FieldRecord r = record(1);
    r.add("hostip_U32", FieldKind.INTEGER, "1234567"); // the input's own twin, another spelling
    r.add("ClientIp_u32", FieldKind.INTEGER, "167772161"); // its IP is not an address after anonymizing
    r.add("HostIp_u32x", FieldKind.INTEGER, "7"); // not a twin name: the default rule (drop here)
    a.anonymize(r);
    long twins = java.util.stream.IntStream.range(0, r.size())
        .filter(i -> r.name(i).equalsIgnoreCase("HostIp_u32")).count();
    assertThat(twins).isEqualTo(1);
    assertThat(r.text(r.indexOf("HostIp_u32"))).isEqualTo(Long.toString((131L << 24) | (225 << 16) | (1 << 8) | 2));
    assertThat(r.indexOf("ClientIp_u32")).isEqualTo(-1);
    assertThat(a.counts().get("hostip_U32")[RecordAnonymizer.OUTCOMES.indexOf("dropped")]).isEqualTo(1);
    // the input's own ClientIp_u32, and the twin that its anonymized (non-address) ClientIp cannot have
    assertThat(a.counts().get("ClientIp_u32")[RecordAnonymizer.OUTCOMES.indexOf("dropped")]).isEqualTo(2);
    assertThat(RecordAnonymizer.isTwinName("CLIENTIP_U32", List.of("ClientIp"))).isTrue();
    assertThat(RecordAnonymizer.isTwinName("_u32", List.of(""))).isFalse();
    assertThat(RecordAnonymizer.isTwinName("ClientIp_u3", List.of("ClientIp"))).isFalse();
  }

  @Test
  void counts_perFieldOutcomes_countFailuresTwice() {
    RecordAnonymizer a = anonymizer();
    for (int i = 1; i <= 3; i++) {
      a.anonymize(record(i));
    }
    Map<String, long[]> c = a.counts();
    assertThat(RecordAnonymizer.OUTCOMES).containsExactly("transformed", "kept", "redacted", "dropped", "failed");
    assertThat(c.get("Owner")).containsExactly(3, 0, 0, 0, 0);
    assertThat(c.get("JobStatus")).containsExactly(0, 3, 0, 0, 0);
    assertThat(c.get("Site")).containsExactly(0, 0, 3, 0, 3);
    assertThat(c.get("Group")).containsExactly(0, 0, 0, 3, 3);
    assertThat(c.get("Secret")).containsExactly(0, 0, 0, 3, 0);
    FieldCounts drained = new FieldCounts();
    a.drainCounts(drained);
    assertThat(drained.sorted().get("Owner")).containsExactly(3, 0, 0, 0, 0);
    assertThat(a.counts().get("Owner")).containsExactly(0, 0, 0, 0, 0);
  }

  /**
   * Field names that are data (a key per job) used to keep a slot (plan, memo, counts) each for the
   * whole run: 300,000 of them ran a 256 MB heap out of memory. A drain now forgets the fields it did not
   * count once there are too many; results and counts are those of an anonymizer that forgets nothing.
   */
  @Test
  void drainCounts_manyDistinctFieldNames_stateStaysBounded_resultsUnchanged() {
    RecordAnonymizer a = anonymizer();
    RecordAnonymizer fresh = anonymizer();
    FieldCounts drained = new FieldCounts();
    int perDrain = 50 * 10;
    for (int i = 1; i <= 1000; i++) {
      FieldRecord r = record(i);
      for (int k = 0; k < 10; k++) {
        r.add("Attr_" + i + "_" + k, FieldKind.STRING, "v" + (i % 7)); // the default rule drops them
      }
      r.add("Count", FieldKind.INTEGER, Integer.toString(i % 3)); // a memoized field, every record
      FieldRecord copy = r.copy();
      a.anonymize(r);
      fresh.anonymize(copy);
      assertThat(r.sameFields(copy)).as("record %d", i).isTrue();
      if (i % 50 == 0) {
        a.drainCounts(drained);
        assertThat(a.slotCount()).isLessThanOrEqualTo(RecordAnonymizer.MAX_SLOTS + perDrain + 20);
      }
    }
    assertThat(a.slotCount()).isLessThan(fresh.slotCount() / 2);
    for (Map.Entry<String, long[]> e : fresh.counts().entrySet()) {
      assertThat(drained.sorted().get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
    }
    assertThat(drained.sorted()).hasSameSizeAs(fresh.counts());
  }

  /**
   * Long values that repeat, but not in consecutive records (a cluster's jobs in time order), keep the memo
   * on: it held 16,384 of them whatever their length (a dozen such fields ran 480,000 shuffled ads out of
   * a 128 MB heap); its characters are bounded now, and the results are those of a fresh instance.
   */
  @Test
  void memo_longRepeatingValues_holdsBoundedCharacters() {
    RecordAnonymizer a = anonymizer();
    String pad = "a".repeat(200);
    for (int i = 0; i < 20_000; i++) {
      int id = i / 4 * 2 + i % 2; // 0 1 0 1 2 3 2 3 ...: every value twice, never twice in a row
      FieldRecord r = new FieldRecord();
      r.reset(i + 1, i + 1);
      r.add("Count", FieldKind.STRING, "/fife/local/scratch/job_" + id + "/" + pad);
      FieldRecord copy = r.copy();
      a.anonymize(r);
      if (i % 500 == 499) { // a repeat, from the memo where it holds the value
        anonymizer().anonymize(copy);
        assertThat(r.sameFields(copy)).as("record %d", i).isTrue();
      }
    }
    assertThat(a.memoChars()).isPositive().isLessThanOrEqualTo(RecordAnonymizer.MEMO_CHARS);
  }

  @Test
  void anonymize_sameValueTwoInstances_sameOutput() {
    RecordAnonymizer a = anonymizer();
    RecordAnonymizer b = anonymizer();
    for (int i = 0; i < 5000; i++) { // past the memo's probe window
      FieldRecord x = record(i + 1);
      FieldRecord y = x.copy();
      a.anonymize(x);
      b.anonymize(y);
      assertThat(x.sameFields(y)).isTrue();
    }
  }

  @Test
  void anonymize_failRule_namesFieldAndRowNotValue() {
    RecordAnonymizer a = anonymizer();
    FieldRecord r = record(7);
    r.set(r.indexOf("Owner"), FieldKind.STRING, "bad-owner-Zq9distinctive");
    assertThatThrownBy(() -> a.anonymize(r))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> {
          InvalidInputException ie = (InvalidInputException) e;
          assertThat(ie.field()).isEqualTo("Owner");
          assertThat(ie.row()).isEqualTo(7);
          assertThat(ie.getMessage()).doesNotContain("Zq9distinctive");
        });
    assertThat(a.toString()).doesNotContain("jdoe");
  }

  @Test
  void ipv4ToLong_malformed_isMinusOne() {
    assertThat(RecordAnonymizer.ipv4ToLong("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
    assertThat(RecordAnonymizer.ipv4ToLong("1.2.3")).isEqualTo(-1);
    assertThat(RecordAnonymizer.ipv4ToLong("1.2.3.256")).isEqualTo(-1);
    assertThat(RecordAnonymizer.ipv4ToLong("1..3.4")).isEqualTo(-1);
    assertThat(RecordAnonymizer.ipv4ToLong("a.b.c.d")).isEqualTo(-1);
  }

  @Test
  void scrubDictionary_htcondorPolicy_fieldsNamesAndNeed() {
    Policy p = org.anonkit.config.PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"),
        java.nio.charset.StandardCharsets.UTF_8));
    ScrubDictionary d = ScrubDictionary.of(p);
    assertThat(d.needed()).isTrue();
    assertThat(d.minLength()).isEqualTo(3);
    assertThat(d.fields()).contains("owner", "x509userproxysubject");
    assertThat(d.feeds("X509UserProxySubject")).isTrue();
    assertThat(d.feeds("Cmd")).isFalse();
    TreeSet<String> names = new TreeSet<>();
    d.namesFrom("jdoe@fnal.gov", names);
    d.namesFrom("/DC=org/DC=cilogon/C=US/O=Fermilab/OU=People/CN=Jane Doe/CN=UID:janed", names);
    d.namesFrom("ab", names); // shorter than minLength
    d.namesFrom(null, names);
    assertThat(names).containsExactly("jane doe", "janed", "jdoe");
    Policy noDict = Policy.builder().defaultRule(FieldRule.drop("*")).build();
    assertThat(ScrubDictionary.of(noDict).needed()).isFalse();
    // container image fields feed their namespaces, all but the public ones; an identity field does not
    // read a value as an image reference, nor an image field as an identity
    assertThat(d.fields()).contains("dockerimage", "containerimage", "singularityimage");
    names.clear();
    d.namesFrom("DockerImage", "ghcr.io/Jane.Q.Doe/fermilab/fit:1", names);
    d.namesFrom("SingularityImage", "/cvmfs/singularity.opensciencegrid.org/opensciencegrid/osgvo:latest", names);
    d.namesFrom("Owner", "kdoe/fit:1", names);
    d.namesFrom("DockerImage", "kdoe", names);
    d.namesFrom("Cmd", "/home/ldoe/run.sh", names);
    assertThat(names).containsExactly("jane.q.doe");
    // the dictionary section may leave them out
    Policy off = Policy.builder().defaultRule(FieldRule.drop("*"))
        .rule(FieldRule.transform("DockerImage", "scrub-text").parameters(org.anonkit.Parameters.builder()
            .put("imageReferences", true).build()).build())
        .extension("dictionary", org.anonkit.Parameters.builder("$.dictionary").put("fields", List.of("Owner"))
            .put("imageNamespaces", false).build())
        .build();
    assertThat(ScrubDictionary.of(off).feeds("DockerImage")).isFalse();
    Policy on = Policy.builder().defaultRule(FieldRule.drop("*"))
        .rule(FieldRule.transform("DockerImage", "scrub-text").parameters(org.anonkit.Parameters.builder()
            .put("imageReferences", true).build()).build())
        .extension("dictionary", org.anonkit.Parameters.builder("$.dictionary").put("fields", List.of("Owner")).build())
        .build();
    assertThat(ScrubDictionary.of(on).fields()).containsExactly("owner", "dockerimage");
  }

  @Test
  void scrubDictionary_namesIn_explicitFormatAndMalformedRecordsSkipped(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws java.io.IOException {
    ScrubDictionary d = ScrubDictionary.of(org.anonkit.config.PolicyJson.parse(new String(
        Pipeline.bundledPolicy("htcondor"), java.nio.charset.StandardCharsets.UTF_8)));
    java.nio.file.Path ads = java.nio.file.Files.writeString(dir.resolve("ads.txt"), String.join("\n",
        "Owner = \"JDoe\"", "x509userproxysubject = \"/DC=org/DC=cilogon/C=US/O=Lab/CN=Jane Doe/CN=UID:jdoe\"",
        "ClusterId = 1", "", "Owner = \"asmith\"", "NotifyUser = \"bob.k@example.org\"", "ClusterId = 2", ""));
    assertThat(d.namesIn(List.of(ads), org.anonkit.pipeline.io.RecordFormat.CONDOR))
        .containsExactly("asmith", "bob.k", "jane doe", "jdoe");
    java.nio.file.Path lines = java.nio.file.Files.writeString(dir.resolve("jobs.jsonl"),
        "{\"Owner\":\"carol\"}\n{\"Owner\": broken\n{\"Owner\":\"dave\",\"User\":\"dave@fnal.gov\"}\n");
    assertThat(d.namesIn(List.of(lines), null)).containsExactly("carol", "dave");
  }

  @Test
  void scrubDictionary_collector_sameNamesAsEveryValueReadOnce(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws java.io.IOException {
    // the collector skips values it has read and fields that do not feed the dictionary; reading every
    // value of every feeding field, no memo, must give the same names
    ScrubDictionary d = ScrubDictionary.of(org.anonkit.config.PolicyJson.parse(new String(
        Pipeline.bundledPolicy("htcondor"), java.nio.charset.StandardCharsets.UTF_8)));
    java.nio.file.Path in = dir.resolve("jobs.jsonl");
    org.anonkit.pipeline.generate.JobGenerator.builder().seed(3).users(60).build().write(in, 2_000);
    TreeSet<String> collected = new TreeSet<>();
    TreeSet<String> naive = new TreeSet<>();
    TreeSet<String> handles = new TreeSet<>(); // image namespaces of the generated users' own images
    java.util.function.Consumer<FieldRecord> collect = d.collector(collected);
    int[] records = {0};
    try (org.anonkit.pipeline.io.RecordInput input = org.anonkit.pipeline.io.RecordInput.builder(in).open()) {
      input.readAll(new org.anonkit.pipeline.io.RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          records[0]++;
          collect.accept(r);
          for (int i = 0; i < r.size(); i++) {
            if (r.kind(i) == FieldKind.STRING && d.feeds(r.name(i))) {
              d.namesFrom(r.name(i), r.text(i), naive);
            }
            if (r.name(i).equals("SingularityImage")) {
              java.util.regex.Matcher m = java.util.regex.Pattern.compile("/cvmfs/[^/]+/([^/]+)/").matcher(r.text(i));
              if (m.lookingAt() && !m.group(1).equals("fermilab")) {
                handles.add(m.group(1));
              }
            }
          }
        }

        @Override
        public void malformed(org.anonkit.pipeline.io.MalformedRecord m) {
          throw new AssertionError("generated records are well-formed");
        }
      });
    }
    assertThat(records[0]).isEqualTo(2_000);
    assertThat(naive).hasSizeGreaterThan(20); // user names and full names of the users who submitted
    assertThat(collected).isEqualTo(naive);
    assertThat(d.namesIn(List.of(in), null)).containsExactlyElementsOf(naive);
    // a person known only as an image's publisher is a dictionary name; the public namespace is not
    assertThat(handles).isNotEmpty();
    assertThat(collected).containsAll(handles).doesNotContain("fermilab");
  }

  @Test
  void anonymize_repeatedAndAlternatingValues_sameResultsAsUnmemoizedAndFailuresNeverReused() {
    // the previous-value shortcut and the memo must give what the transformer gives, and a rejected
    // value must be rejected again however often it repeats
    RecordAnonymizer a = anonymizer();
    org.anonkit.Transformer site = REGISTRY.create(org.anonkit.spi.TransformerContext.builder("tag").field("Site")
        .masterKey(KEY).registry(REGISTRY).build());
    String[] values = {"alpha", "alpha", "badsite", "badsite", "beta", "alpha", "alpha", "badx", "beta", "beta"};
    for (int i = 0; i < values.length; i++) {
      FieldRecord r = new FieldRecord();
      r.reset(i, i);
      r.add("Site", FieldKind.STRING, new String(values[i])); // a fresh instance, as a parser gives
      a.anonymize(r);
      String expected = values[i].startsWith("bad") ? "<gone>" : site.apply(values[i]);
      assertThat(r.text(r.indexOf("Site"))).as("record %d", i).isEqualTo(expected);
    }
    long[] counts = a.counts().get("Site");
    assertThat(counts[RecordAnonymizer.OUTCOMES.indexOf("transformed")]).isEqualTo(7);
    assertThat(counts[RecordAnonymizer.OUTCOMES.indexOf("failed")]).isEqualTo(3);
    assertThat(counts[RecordAnonymizer.OUTCOMES.indexOf("redacted")]).isEqualTo(3);
  }
  /**
   * A field tokenized in the scrub-text user handler's domain hands its transformer each value in the
   * spelling scrub-text tokenizes user names in (folded), whatever the dictionary, so Owner and free text
   * agree; other fields and other domains keep their spelling.
   */
  @Test
  void anonymize_ownerInTheUserDomain_spelledAsScrubTextSpellsUserNames() {
    Policy p = Pipeline.resolvePolicy(policy(), null, List.of("jdoe", "Jane  Doe"));
    RecordAnonymizer a = RecordAnonymizer.create(Anonymizer.compile(p, KEY, REGISTRY), p);
    assertThat(a.spelling("Owner", "JDoe")).isEqualTo("jdoe");
    assertThat(a.spelling("OWNER", "JDOE")).isEqualTo("jdoe");
    assertThat(a.spelling("Owner", "JANE\tDOE")).isEqualTo("jane doe");
    assertThat(a.spelling("Owner", "MRasmuss")).as("no dictionary name: the same rule").isEqualTo("mrasmuss");
    assertThat(a.spelling("Owner", " \t")).as("white space only").isEqualTo(" \t");
    assertThat(a.spelling("Site", "JDoe")).as("another key domain").isEqualTo("JDoe");
    assertThat(a.spelling("Count", "JDoe")).as("a scrub-text field spells its names itself").isEqualTo("JDoe");
    assertThat(a.spelling("Unknown", "JDoe")).as("the default rule").isEqualTo("JDoe");
    assertThat(a.spelling("Owner", null)).isNull();

    FieldRecord upper = new FieldRecord();
    upper.reset(1, 1);
    upper.add("Owner", FieldKind.STRING, "JDoe");
    upper.add("Count", FieldKind.STRING, "home /home/JDoe/x, JDOE and jdoe");
    upper.add("Site", FieldKind.STRING, "JDoe");
    FieldRecord lower = new FieldRecord();
    lower.reset(2, 2);
    lower.add("Owner", FieldKind.STRING, "jdoe");
    lower.add("Site", FieldKind.STRING, "jdoe");
    a.anonymize(upper);
    a.anonymize(lower);
    String token = lower.text(0);
    assertThat(upper.text(0)).isEqualTo(token);
    assertThat(upper.text(1)).isEqualTo("home /home/" + token + "/x, " + token + " and " + token);
    assertThat(upper.text(2)).isNotEqualTo(lower.text(1));

    // without the dictionary (Spark's per-column UDF, a site list that lacks the name): the same tokens
    Policy none = Pipeline.resolvePolicy(policy(), null, List.of());
    RecordAnonymizer b = RecordAnonymizer.create(Anonymizer.compile(none, KEY, REGISTRY), none);
    FieldRecord r = new FieldRecord();
    r.reset(3, 3);
    r.add("Owner", FieldKind.STRING, "JDoe");
    r.add("Count", FieldKind.STRING, "/home/JDoe/x");
    b.anonymize(r);
    assertThat(r.text(0)).isEqualTo(token);
    assertThat(r.text(1)).isEqualTo("/home/" + token + "/x");
  }

  /** A policy without scrub-text spells nothing anew. */
  @Test
  void spelling_noScrubText_valueAsWritten() {
    Policy p = Policy.builder().name("plain").rule(FieldRule.transform("Owner", "tag").linkageDomain("user").build())
        .defaultRule(FieldRule.drop("*")).build();
    Policy prepared = Pipeline.resolvePolicy(p, null, List.of("jdoe"));
    RecordAnonymizer a = RecordAnonymizer.create(Anonymizer.compile(prepared, KEY, REGISTRY), prepared);
    assertThat(a.spelling("Owner", "JDoe")).isEqualTo("JDoe");
  }

  /** The policy above with {@code "keepCheck": {"values": "scalars"}} and {@code default}. */
  private static RecordAnonymizer keepChecked(FieldRule defaultRule) {
    Policy base = policy();
    Policy.Builder b = Policy.builder().name("keep-check").redactionMarker("<gone>").defaultRule(defaultRule);
    base.rules().forEach(b::rule);
    for (String name : base.extensionNames()) {
      b.extension(name, base.extension(name));
    }
    b.extension("keepCheck", Parameters.builder("$.keepCheck").put("values", "scalars").build());
    Policy p = Pipeline.resolvePolicy(b.build(), null, List.of("jdoe"));
    return RecordAnonymizer.create(Anonymizer.compile(p, KEY, REGISTRY), p);
  }

  /**
   * With {@code "keepCheck": {"values": "scalars"}} a kept field keeps numbers, booleans and empty values
   * (also as strings: CSV cells are strings); any other value takes the default rule and is counted so.
   * Without the section every value of a kept field is kept, as before.
   */
  @Test
  void anonymize_keepCheckScalars_otherValuesOfKeptFieldsTakeTheDefaultRule() {
    RecordAnonymizer a = keepChecked(FieldRule.transform("*", "scrub-text").onFailure(OnFailure.REDACT).build());
    FieldRecord r = new FieldRecord();
    r.reset(1, 1);
    r.add("JobStatus", FieldKind.INTEGER, "4");
    r.add("jobstatus", FieldKind.STRING, "-1.5e3"); // a number written as a string: kept
    r.add("JOBSTATUS", FieldKind.BOOLEAN, "true");
    r.add("JobStatus", FieldKind.STRING, "TRUE");
    r.add("JobStatus", FieldKind.UNDEFINED, "");
    r.add("JobStatus", FieldKind.STRING, "");
    r.add("HostIp", FieldKind.STRING, "mail jdoe@fnal.gov from 131.225.1.2"); // text: scrubbed
    r.add("HostIp", FieldKind.RAW, "ifThenElse(Owner == \"jdoe\", 4000, 2000)"); // an expression: scrubbed
    r.add("HostIp", FieldKind.JSON, "{\"who\":\"jdoe\"}");
    r.add("HostIp", FieldKind.STRING, "FermiGrid"); // text with nothing to replace: unchanged, but not kept
    r.add("HostIp", FieldKind.STRING, "630-840-1234"); // a phone number is no number
    a.anonymize(r);
    assertThat(r.text(0)).isEqualTo("4");
    assertThat(r.text(1)).isEqualTo("-1.5e3");
    assertThat(r.kind(1)).isEqualTo(FieldKind.STRING);
    assertThat(r.text(2)).isEqualTo("true");
    assertThat(r.text(3)).isEqualTo("TRUE");
    assertThat(r.text(6)).doesNotContain("jdoe").doesNotContain("131.225.1.2").startsWith("mail tag_");
    assertThat(r.text(7)).doesNotContain("jdoe").startsWith("ifThenElse(Owner == \"tag_");
    assertThat(r.kind(7)).isEqualTo(FieldKind.RAW);
    assertThat(r.text(8)).doesNotContain("jdoe");
    assertThat(r.text(9)).isEqualTo("FermiGrid");
    assertThat(r.text(10)).isEqualTo("[phone]");
    Map<String, long[]> counts = a.counts();
    int transformed = RecordAnonymizer.OUTCOMES.indexOf("transformed");
    int kept = RecordAnonymizer.OUTCOMES.indexOf("kept");
    int redacted = RecordAnonymizer.OUTCOMES.indexOf("redacted");
    long keptAll = counts.get("JobStatus")[kept] + counts.get("jobstatus")[kept] + counts.get("JOBSTATUS")[kept];
    assertThat(keptAll).isEqualTo(5); // the undefined value is counted nowhere
    assertThat(counts.get("HostIp")[kept]).isZero();
    assertThat(counts.get("HostIp")[transformed]).isEqualTo(5);
    assertThat(counts.get("HostIp")[redacted]).isZero();

    // a default rule that drops: such values are dropped, and counted so
    RecordAnonymizer d = keepChecked(FieldRule.drop("*"));
    FieldRecord q = new FieldRecord();
    q.reset(2, 2);
    q.add("JobStatus", FieldKind.STRING, "jdoe");
    q.add("HostIp", FieldKind.INTEGER, "7");
    d.anonymize(q);
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.name(0)).isEqualTo("HostIp");
    assertThat(d.counts().get("JobStatus")[RecordAnonymizer.OUTCOMES.indexOf("dropped")]).isEqualTo(1);

    // a default rule that rejects the value: its onFailure (redact), not the keep rule's
    RecordAnonymizer t = keepChecked(FieldRule.transform("*", "tag").onFailure(OnFailure.REDACT).build());
    FieldRecord x = new FieldRecord();
    x.reset(4, 4);
    x.add("JobStatus", FieldKind.STRING, "bad value");
    x.add("JobStatus", FieldKind.STRING, "held");
    t.anonymize(x);
    assertThat(x.text(0)).isEqualTo("<gone>");
    assertThat(x.text(1)).startsWith("tag_");
    assertThat(t.counts().get("JobStatus")[redacted]).isEqualTo(1);
    assertThat(t.counts().get("JobStatus")[transformed]).isEqualTo(1);

    // without the section: kept as written
    RecordAnonymizer plain = anonymizer();
    FieldRecord w = new FieldRecord();
    w.reset(3, 3);
    w.add("JobStatus", FieldKind.STRING, "mail jdoe@fnal.gov");
    plain.anonymize(w);
    assertThat(w.text(0)).isEqualTo("mail jdoe@fnal.gov");
  }

  @Test
  void isScalarText_numbersAndBooleansOnly() {
    for (String t : List.of("", "0", "-12", "+3", "1.5", "1e9", "2.5E-3", "-0.0", "true", "False", "NaN", "Infinity",
        "-Infinity", "+Infinity", "6308401234", " 1", "1 ", " 2048\t")) {
      assertThat(RecordAnonymizer.isScalarText(t)).as(t).isTrue();
    }
    for (String t : List.of("jdoe", "630-840-1234", "131.225.1.2", "1-2", "e5", "1e", "1e+", ".", "-", "0x1F", "1,5",
        "nan", "inf", "-NaN", "2021-07-14", "\"0\"", "undefined", "10d", "1 2", ".5", "5.", "007", "++1")) {
      assertThat(RecordAnonymizer.isScalarText(t)).as(t).isFalse();
    }
  }

  @Test
  void keepsScalarsOnly_sectionChecked_pathNamed() {
    Policy any = Policy.builder().name("a").defaultRule(FieldRule.drop("*")).build();
    assertThat(RecordAnonymizer.keepsScalarsOnly(any)).isFalse();
    Policy bad = Policy.builder().name("b").defaultRule(FieldRule.drop("*"))
        .extension("keepCheck", Parameters.builder("$.keepCheck").put("values", "strings").build()).build();
    assertThatThrownBy(() -> RecordAnonymizer.keepsScalarsOnly(bad)).isInstanceOf(org.anonkit.PolicyException.class)
        .hasMessageContaining("$.keepCheck.values");
    Policy typo = Policy.builder().name("c").defaultRule(FieldRule.drop("*"))
        .extension("keepCheck", Parameters.builder("$.keepCheck").put("value", "scalars").build()).build();
    assertThatThrownBy(() -> RecordAnonymizer.keepsScalarsOnly(typo)).isInstanceOf(org.anonkit.PolicyException.class)
        .hasMessageContaining("value");
  }
}
