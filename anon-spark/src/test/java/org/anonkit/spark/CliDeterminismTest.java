package org.anonkit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.anonkit.Policy;
import org.anonkit.key.KeySource;
import org.anonkit.key.KeySources;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.ScrubDictionary;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.vectors.VectorSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark transform against the single-machine pipeline on the same generated job ads, policy, mode
 * and key: per row, per field, the same values (strings byte for byte), the same fields dropped, the
 * same {@code _u32} twins; the same scrub dictionary; the same anonymized vectors.
 */
class CliDeterminismTest {
  private static final int RECORDS = 500;

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path input;
  static KeySource keys;
  static Policy policy;

  @BeforeAll
  static void setUp() throws IOException {
    spark = SparkTestSupport.session("anonkit-determinism");
    input = tmp.resolve("jobs.jsonl");
    JobGenerator.builder().seed(42).users(40).build().write(input, RECORDS);
    keys = KeySources.open("file:" + SparkTestSupport.keyFile(tmp, "determinism").toAbsolutePath());
    policy = SparkTestSupport.htcondor();
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static Path runPipeline(String mode) throws IOException {
    Path out = tmp.resolve("cli-" + mode);
    Pipeline.builder(policy).mode(mode).key(keys.load(null)).threads(2).build().run(List.of(input), out);
    return out;
  }

  private static Dataset<Row> read() {
    return spark.read().json(input.toString());
  }

  @ParameterizedTest(name = "mode {0}")
  @ValueSource(strings = {"hmac", "fpe"})
  void anonymize_sameDataPolicyAndKey_matchesPipelinePerRowAndField(String mode) throws IOException {
    Path cli = runPipeline(mode);
    List<FieldRecord> expected = SparkTestSupport.read(cli.resolve("share/data/jobs.anon.jsonl"));
    Dataset<Row> in = read();
    assertThat(in.rdd().getNumPartitions()).as("several partitions").isGreaterThan(2);
    Dataset<Row> anon = AnonKitSpark.anonymize(in, policy, keys, mode);
    List<Row> rows = anon.collectAsList();
    assertThat(rows).hasSize(expected.size()).hasSize(RECORDS);
    StructField[] cols = anon.schema().fields();
    int twins = 0;
    int compared = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      FieldRecord want = expected.get(i);
      Map<String, Object> got = new TreeMap<>();
      for (int j = 0; j < cols.length; j++) {
        if (!row.isNullAt(j)) {
          got.put(cols[j].name(), row.get(j));
        }
      }
      assertThat(got.keySet()).as("row %d: fields present", i + 1).isEqualTo(fieldNames(want));
      for (int f = 0; f < want.size(); f++) {
        String name = want.name(f);
        Object v = got.get(name);
        String text = want.text(f);
        switch (want.kind(f)) {
          case STRING:
            assertThat(v).as("row %d %s", i + 1, name).isInstanceOf(String.class).isEqualTo(text);
            break;
          case INTEGER:
            assertThat(((Number) v).longValue()).as("row %d %s", i + 1, name).isEqualTo(Long.parseLong(text));
            break;
          case REAL:
            assertThat(((Number) v).doubleValue()).as("row %d %s", i + 1, name).isEqualTo(Double.parseDouble(text));
            break;
          case BOOLEAN:
            assertThat(v).as("row %d %s", i + 1, name).isEqualTo(Boolean.parseBoolean(text));
            break;
          default:
            throw new AssertionError("unexpected kind " + want.kind(f) + " in generated JSONL at " + name);
        }
        compared++;
        if (name.endsWith("_u32")) {
          twins++;
        }
      }
    }
    assertThat(twins).as("IP integer twins compared").isGreaterThan(RECORDS / 2);
    assertThat(compared).isGreaterThan(RECORDS * 40);
    // what the policy drops is gone from the schema
    assertThat(anon.schema().fieldNames()).doesNotContain("ClaimId").contains("JobsubClientIpAddress_u32");
  }

  private static TreeSet<String> fieldNames(FieldRecord r) {
    TreeSet<String> s = new TreeSet<>();
    for (int i = 0; i < r.size(); i++) {
      if (r.kind(i) != FieldKind.UNDEFINED) {
        s.add(r.name(i));
      }
    }
    return s;
  }

  @Test
  void dictionary_distributedPass_equalsThePipelinesFirstPass() throws IOException {
    ScrubDictionary d = ScrubDictionary.of(policy);
    TreeSet<String> want = new TreeSet<>();
    for (FieldRecord r : SparkTestSupport.read(input)) {
      for (int i = 0; i < r.size(); i++) {
        if (r.kind(i) == FieldKind.STRING && d.feeds(r.name(i))) {
          d.namesFrom(r.name(i), r.text(i), want);
        }
      }
    }
    List<String> got = AnonKitSpark.dictionary(read(), policy);
    assertThat(want).hasSizeGreaterThan(10); // not vacuous: the production accounts and the busiest users, names and full names
    assertThat(got).containsExactlyElementsOf(want).containsExactlyElementsOf(d.namesIn(List.of(input), null));
  }

  @Test
  void dictionary_imageNamespaces_collectedAsThePipelineCollectsThem() throws IOException {
    // a person known only as an image's publisher: the distributed pass reads the image columns as
    // image references (not as identities), as the pipeline's first pass does
    Path images = Files.writeString(tmp.resolve("images.jsonl"),
        "{\"Owner\":\"ownerk\",\"DockerImage\":\"hdlkz/fit:1\",\"HoldReason\":\"pull of hdlkz/fit:1 failed\"}\n"
        + "{\"Owner\":\"ownerk\",\"SingularityImage\":\"/cvmfs/singularity.opensciencegrid.org/fermilab/wn:latest\"}\n");
    List<String> got = AnonKitSpark.dictionary(spark.read().json(images.toString()), policy);
    assertThat(got).containsExactly("hdlkz", "ownerk")
        .containsExactlyElementsOf(ScrubDictionary.of(policy).namesIn(List.of(images), null));
  }

  @Test
  void dictionary_modeGivingAFieldAnImageRule_collectedAsThePipelineCollectsThem() throws IOException {
    // the distributed pass reads the image columns with the rules of the run's mode, as the pipeline does:
    // in mode strict SingularityImage is an image field and sitelabq a public namespace
    Policy p = org.anonkit.config.PolicyJson.parse("{\"name\": \"t\", \"default\": \"drop\", \"fields\": {"
        + "\"Owner\": {\"transformer\": \"scrub-text\"}, \"HoldReason\": {\"transformer\": \"scrub-text\"},"
        + "\"DockerImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true}},"
        + "\"SingularityImage\": \"drop\"},"
        + "\"scrub\": {\"user\": {\"transformer\": \"hmac\", \"domain\": \"user\"}},"
        + "\"dictionary\": {\"fields\": [\"Owner\"]},"
        + "\"modes\": {\"strict\": {\"fields\": {"
        + "\"SingularityImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true}},"
        + "\"DockerImage\": {\"transformer\": \"scrub-text\", \"params\": {\"imageReferences\": true,"
        + " \"publicNamespaces\": [\"library\", \"sitelabq\"]}}}}}}");
    Path in = Files.writeString(tmp.resolve("image-mode.jsonl"),
        "{\"Owner\":\"ownerm\",\"SingularityImage\":\"/cvmfs/unpacked.cern.ch/hdlqm/fit:1\","
        + "\"DockerImage\":\"sitelabq/base:1\",\"HoldReason\":\"hdlqm: pull of sitelabq/base:1 failed\"}\n");
    Dataset<Row> df = spark.read().json(in.toString());
    assertThat(AnonKitSpark.dictionary(df, p, "strict")).containsExactly("hdlqm", "ownerm")
        .containsExactlyElementsOf(ScrubDictionary.of(p, "strict").namesIn(List.of(in), null));
    assertThat(AnonKitSpark.dictionary(df, p)).containsExactly("ownerm", "sitelabq");
    String out = AnonKitSpark.anonymize(df, p, keys, "strict").collectAsList().toString();
    assertThat(out).doesNotContain("hdlqm").contains("sitelabq");
  }

  @Test
  void anonymize_givenDictionary_sameAsCollected() {
    Dataset<Row> in = read();
    List<String> names = AnonKitSpark.dictionary(in, policy);
    List<Row> collected = AnonKitSpark.anonymize(in, policy, keys, "hmac").collectAsList();
    List<Row> given = AnonKitSpark.anonymize(in, policy, keys, "hmac", names).collectAsList();
    assertThat(given).isEqualTo(collected);
    List<Row> without = AnonKitSpark.anonymize(in, policy, keys, "hmac", List.of()).collectAsList();
    assertThat(without).as("without the dictionary, names in free text stay in clear").isNotEqualTo(collected);
  }

  @Test
  void vectorize_onePartition_sameFilesAsThePipelinesAnonymizedVectors() throws IOException {
    Path cli = runPipeline("hmac");
    Dataset<Row> anon = AnonKitSpark.anonymize(read(), policy, keys).coalesce(1);
    Path dir = tmp.resolve("vectors-one");
    long[] rows = AnonKitSpark.vectorize(anon, policy, dir.toString());
    assertThat(rows).containsExactly(RECORDS);
    Path part = dir.resolve("part-00000");
    assertSameFiles(VectorSet.anonymizedVectorsDir(cli), part.resolve("vectors"));
    assertSameFiles(VectorSet.anonymizedRaggedDir(cli), part.resolve("ragged"));
    assertThat(Files.readString(part.resolve("part.json"))).contains("\"rows\":" + RECORDS, "\"skipped\":0");
  }

  @Test
  void vectorize_smallBatchesAndARetriedAttempt_sameFilesNoStagingLeft() throws IOException {
    Path cli = runPipeline("hmac");
    Dataset<Row> anon = AnonKitSpark.anonymize(read(), policy, keys);
    org.apache.spark.sql.types.StructField[] fs = anon.schema().fields();
    String[] names = new String[fs.length];
    byte[] kinds = new byte[fs.length];
    for (int j = 0; j < fs.length; j++) {
      names[j] = fs[j].name();
      kinds[j] = RowCodec.kindOf(fs[j].dataType());
    }
    List<Row> rowsIn = anon.collectAsList();
    Path dir = tmp.resolve("vectors-batched");
    Partitions.Vectorize v = new Partitions.Vectorize(PolicySnapshot.of(policy), dir.toString(),
        org.anonkit.vectors.VectorBatch.Side.ANONYMIZED, names, kinds, 64);
    for (int attempt = 0; attempt < 2; attempt++) { // the second attempt finds part-00000 committed
      List<Row> result = new ArrayList<>();
      v.call(rowsIn.iterator()).forEachRemaining(result::add);
      assertThat(result.get(0).getLong(1)).isEqualTo(RECORDS);
      Path part = dir.resolve("part-00000");
      assertSameFiles(VectorSet.anonymizedVectorsDir(cli), part.resolve("vectors"));
      assertSameFiles(VectorSet.anonymizedRaggedDir(cli), part.resolve("ragged"));
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.map(p -> p.getFileName().toString())).containsExactly("part-00000");
      }
    }
  }

  @Test
  void vectorize_severalPartitions_onePartPerPartitionCoveringEveryRow() throws IOException {
    Dataset<Row> anon = AnonKitSpark.anonymize(read(), policy, keys);
    int partitions = anon.rdd().getNumPartitions();
    Path dir = tmp.resolve("vectors-many");
    long[] rows = AnonKitSpark.vectorize(anon, policy, dir.toString());
    assertThat(rows).hasSize(partitions);
    assertThat(java.util.Arrays.stream(rows).sum()).isEqualTo(RECORDS);
    for (int p = 0; p < partitions; p++) {
      Path part = dir.resolve(String.format("part-%05d", p));
      assertThat(part.resolve("vectors/X.npy")).isRegularFile();
      assertThat(part.resolve("ragged/form.json")).isRegularFile();
    }
  }

  private static void assertSameFiles(Path want, Path got) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(want)) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    }
    List<String> gotNames = new ArrayList<>();
    try (Stream<Path> s = Files.list(got)) {
      s.forEach(p -> gotNames.add(p.getFileName().toString()));
    }
    assertThat(gotNames).containsExactlyInAnyOrderElementsOf(names);
    for (String n : names) {
      assertThat(Files.readAllBytes(got.resolve(n))).as(n).isEqualTo(Files.readAllBytes(want.resolve(n)));
    }
  }
}
