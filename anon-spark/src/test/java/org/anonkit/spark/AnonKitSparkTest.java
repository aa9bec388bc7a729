package org.anonkit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.anonkit.Anonymizer;
import org.anonkit.KeyException;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.config.KeyFiles;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.KeySource;
import org.anonkit.key.KeySources;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.pipeline.Pipeline;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed columns, fail-closed paths, UDFs and where keys travel. */
class AnonKitSparkTest {
  private static final String DISTINCTIVE = "Zq9xDistinctiveClearValue";

  @TempDir static Path tmp;
  static SparkSession spark;
  static Path keyPath;
  static KeySource keys;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSupport.session("anonkit-spark-test");
    keyPath = SparkTestSupport.keyFile(tmp, "spark-test").toAbsolutePath();
    keys = KeySources.open("file:" + keyPath);
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("Owner", DataTypes.StringType, true),
      DataTypes.createStructField("Count", DataTypes.LongType, true),
      DataTypes.createStructField("Slots", DataTypes.IntegerType, true),
      DataTypes.createStructField("Ratio", DataTypes.DoubleType, true),
      DataTypes.createStructField("Done", DataTypes.BooleanType, true),
      DataTypes.createStructField("Tags", DataTypes.createArrayType(DataTypes.StringType), true),
      DataTypes.createStructField("Secret", DataTypes.StringType, true),
      DataTypes.createStructField("ClientIp", DataTypes.StringType, true)));

  private static Dataset<Row> frame() {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("jdoe", 12L, 4, 0.5, true, List.of("a", "b"), "hunter2", "131.225.1.2"));
    rows.add(RowFactory.create("asmith", 7L, 1, 2.25, false, List.of(), "x", "not an address"));
    rows.add(RowFactory.create(null, null, null, null, null, null, null, null));
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Policy policy(String fields) {
    return PolicyJson.parse("{\"name\": \"spark-test\", \"redaction\": \"[gone]\","
        + "\"keep\": [\"Slots\", \"Ratio\", \"Done\", \"Tags\"], \"drop\": [\"Secret\"],"
        + "\"fields\": {" + fields + "},"
        + "\"default\": \"drop\","
        + "\"ipIntegers\": {\"fields\": [\"clientip\"]}}");
  }

  private static final String BASE = "\"Owner\": {\"transformer\": \"hmac\", \"domain\": \"user\"},"
      + "\"ClientIp\": {\"transformer\": \"ip\", \"onFailure\": \"redact\"}";

  @Test
  void anonymize_typedColumns_keepTypesDropAndTwin() {
    Policy p = policy(BASE + ", \"Count\": {\"transformer\": \"hmac\", \"onFailure\": \"redact\"}");
    Dataset<Row> out = AnonKitSpark.anonymize(frame(), p, keys);
    assertThat(out.schema().fieldNames())
        .containsExactly("Owner", "Count", "Slots", "Ratio", "Done", "Tags", "ClientIp", "ClientIp_u32");
    assertThat(out.schema().apply("Count").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(out.schema().apply("ClientIp_u32").dataType()).isEqualTo(DataTypes.LongType);
    List<Row> rows = out.collectAsList();
    Row r0 = rows.get(0);
    assertThat(r0.getString(0)).isNotEqualTo("jdoe").doesNotContain("jdoe");
    assertThat(r0.isNullAt(1)).as("a token does not fit a bigint: redacted to null").isTrue();
    assertThat(r0.getInt(2)).isEqualTo(4);
    assertThat(r0.getDouble(3)).isEqualTo(0.5);
    assertThat(r0.getBoolean(4)).isTrue();
    assertThat(r0.getList(5)).containsExactly("a", "b");
    String ip = r0.getString(6);
    assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+").isNotEqualTo("131.225.1.2");
    String[] o = ip.split("\\.");
    long u32 = (Long.parseLong(o[0]) << 24) | (Long.parseLong(o[1]) << 16) | (Long.parseLong(o[2]) << 8) | Long.parseLong(o[3]);
    assertThat(r0.getLong(7)).isEqualTo(u32);
    Row r1 = rows.get(1);
    assertThat(r1.getString(6)).as("rejected by Crypto-PAn: the policy's marker").isEqualTo("[gone]");
    assertThat(r1.isNullAt(7)).isTrue();
    Row r2 = rows.get(2);
    for (int j = 0; j < r2.size(); j++) {
      assertThat(r2.isNullAt(j)).isTrue();
    }
    // the same value gets the same token as the Anonymizer compiled by hand
    Policy prepared = Pipeline.resolvePolicy(p, null, List.of());
    Anonymizer a = Anonymizer.compile(prepared, keys.load(null), TransformerRegistry.defaultRegistry());
    assertThat(r0.getString(0)).isEqualTo(a.plan("Owner").transformer().apply("jdoe"));
  }

  @Test
  void anonymize_writtenWithSparksParquetWriter_readsBackTheSameRows() {
    // Spark's own Parquet writer and reader (ZSTD) on the class path the build gives Spark: guards
    // against AnonKit's dependency management forcing a parquet-java that does not match Spark's
    Policy p = policy(BASE);
    Dataset<Row> out = AnonKitSpark.anonymize(frame(), p, keys);
    String dir = tmp.resolve("anon.parquet").toString();
    out.write().option("compression", "zstd").parquet(dir);
    List<Row> back = spark.read().parquet(dir).orderBy(col("Slots")).collectAsList();
    List<Row> expected = out.orderBy(col("Slots")).collectAsList();
    assertThat(back).hasSize(3);
    assertThat(back.toString()).isEqualTo(expected.toString());
  }

  @Test
  void anonymize_ff1TokenWithLeadingZeroInLongColumn_followsOnFailureInsteadOfDroppingZeros() {
    Policy p = policy(BASE + ", \"Count\": {\"transformer\": \"ff1\", \"params\": {\"alphabet\": \"digits\"},"
        + " \"onFailure\": \"redact\"}");
    List<Row> rows = new ArrayList<>();
    for (long v = 1_000_000; v < 1_000_200; v++) {
      rows.add(RowFactory.create("u", v, 1, 0.0, true, List.of(), "s", "131.225.1.2"));
    }
    List<Row> out = AnonKitSpark.anonymize(spark.createDataFrame(rows, SCHEMA), p, keys).collectAsList();
    Policy prepared = Pipeline.resolvePolicy(p, null, List.of());
    org.anonkit.Transformer ff1 = Anonymizer.compile(prepared, keys.load(null), TransformerRegistry.defaultRegistry())
        .plan("Count").transformer();
    int zeros = 0;
    for (int i = 0; i < rows.size(); i++) {
      String token = ff1.apply(Long.toString(rows.get(i).getLong(1)));
      if (token.startsWith("0")) {
        zeros++;
        assertThat(out.get(i).isNullAt(1)).as("token %s cannot be a bigint without losing zeros", token).isTrue();
      } else {
        assertThat(out.get(i).getLong(1)).isEqualTo(Long.parseLong(token));
      }
    }
    assertThat(zeros).as("the input has tokens with leading zeros (about 1 in 10)").isPositive();
  }

  @Test
  void anonymize_severalPartitionsOneJvm_compilesTheJobOnce() {
    Policy p = policy(BASE);
    Dataset<Row> df = frame().repartition(3);
    long before = Compiled.compilations();
    Dataset<Row> out = AnonKitSpark.anonymize(df, p, keys); // the driver compiles here
    assertThat(Compiled.compilations() - before).isEqualTo(1);
    assertThat(out.collectAsList()).hasSize(3);
    assertThat(out.collectAsList()).hasSize(3);
    assertThat(Compiled.compilations() - before).as("tasks reuse the driver's compiled job").isEqualTo(1);
  }

  @Test
  void anonymize_failRuleOnUnfitValue_failsWithoutTheValue() {
    Policy p = policy("\"Owner\": {\"transformer\": \"ip\", \"onFailure\": \"fail\"}");
    List<Row> rows = List.of(RowFactory.create(DISTINCTIVE, 1L, 1, 1.0, true, List.of(), "x", "1.2.3.4"));
    Dataset<Row> out = AnonKitSpark.anonymize(spark.createDataFrame(rows, SCHEMA), p, keys);
    assertThatThrownBy(out::collectAsList).satisfies(e -> {
      StringBuilder all = new StringBuilder();
      boolean invalid = false;
      for (Throwable t = e; t != null; t = t.getCause()) {
        all.append(t).append('\n');
        invalid |= t instanceof org.anonkit.InvalidInputException;
      }
      assertThat(all.toString()).doesNotContain(DISTINCTIVE).contains("Owner");
      assertThat(invalid).isTrue();
    });
  }

  @Test
  void anonymize_tokenInIntegerColumnUnderFail_failsTheJob() {
    Policy p = policy(BASE + ", \"Count\": {\"transformer\": \"hmac\", \"onFailure\": \"fail\"}");
    List<Row> rows = List.of(RowFactory.create("jdoe", 918273645546372L, 1, 1.0, true, List.of(), "x", "1.2.3.4"));
    Dataset<Row> out = AnonKitSpark.anonymize(spark.createDataFrame(rows, SCHEMA), p, keys);
    assertThatThrownBy(out::collectAsList).hasStackTraceContaining("does not fit the column's type bigint")
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(t.toString()).doesNotContain("918273645546372");
          }
        });
  }

  @Test
  void anonymize_transformedArrayColumn_rejectedOnTheDriver() {
    Policy p = PolicyJson.parse("{\"name\": \"t\", \"fields\": {\"Tags\": {\"transformer\": \"hmac\"}}, \"default\": \"drop\"}");
    assertThatThrownBy(() -> AnonKitSpark.anonymize(frame(), p, keys))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Tags").hasMessageContaining("array");
  }

  @Test
  void anonymize_twinNameTaken_rejected() {
    StructType s = SCHEMA.add("ClientIp_u32", DataTypes.LongType);
    Dataset<Row> df = spark.createDataFrame(List.of(), s);
    assertThatThrownBy(() -> AnonKitSpark.anonymize(df, policy(BASE + ", \"ClientIp_u32\": \"keep\""), keys))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ClientIp_u32");
  }

  @Test
  void udf_perColumn_equalsTheTransform() {
    Policy p = policy(BASE);
    Dataset<Row> df = frame();
    List<Row> viaUdf = df.select(
        AnonKitSpark.udf(p, keys, "Owner").apply(col("Owner")),
        AnonKitSpark.udf(p, keys, "ClientIp").apply(col("ClientIp")),
        AnonKitSpark.udf(p, keys, "Secret").apply(col("Secret")),
        AnonKitSpark.udf(p, keys, "Slots").apply(col("Slots").cast("string"))).collectAsList();
    List<Row> viaTransform = AnonKitSpark.anonymize(df, p, keys).select("Owner", "ClientIp").collectAsList();
    for (int i = 0; i < viaUdf.size(); i++) {
      assertThat(viaUdf.get(i).get(0)).isEqualTo(viaTransform.get(i).get(0));
      assertThat(viaUdf.get(i).get(1)).isEqualTo(viaTransform.get(i).get(1));
      assertThat(viaUdf.get(i).isNullAt(2)).as("dropped field").isTrue();
    }
    assertThat(viaUdf.get(0).getString(3)).as("kept field").isEqualTo("4");
    assertThat(viaUdf.get(1).getString(1)).isEqualTo("[gone]");
  }

  /**
   * A review: after user names in the scrub-text user domain were spelled canonically only when the run's
   * dictionary held them, the per-column UDF (no dictionary) gave an Owner with upper-case letters
   * another token than anonymize() and than the same name in free text.
   */
  @Test
  void udf_ownerWithUpperCaseLetters_sameTokenAsAnonymizeAndFreeText() {
    Policy p = PolicyJson.parse("{\"name\": \"spark-case\", \"default\": \"drop\","
        + "\"fields\": {\"Owner\": {\"transformer\": \"hmac\", \"domain\": \"user\"},"
        + "\"Secret\": {\"transformer\": \"scrub-text\", \"onFailure\": \"redact\"}},"
        + "\"scrub\": {\"user\": {\"transformer\": \"hmac\", \"domain\": \"user\"}},"
        + "\"dictionary\": {\"fields\": [\"Owner\"]}}");
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("MRasmuss", null, null, null, null, null, "/home/MRasmuss/x", null));
    rows.add(RowFactory.create("mrasmuss", null, null, null, null, null, "held: MRASMUSS", null));
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    List<Row> viaUdf = df.select(AnonKitSpark.udf(p, keys, "Owner").apply(col("Owner"))).collectAsList();
    List<Row> viaTransform = AnonKitSpark.anonymize(df, p, keys).select("Owner", "Secret").collectAsList();
    String token = viaTransform.get(1).getString(0);
    assertThat(token).isNotEqualTo("mrasmuss");
    assertThat(viaTransform.get(0).getString(0)).isEqualTo(token);
    assertThat(viaUdf.get(0).getString(0)).isEqualTo(token);
    assertThat(viaUdf.get(1).getString(0)).isEqualTo(token);
    assertThat(viaTransform.get(0).getString(1)).isEqualTo("/home/" + token + "/x");
    assertThat(viaTransform.get(1).getString(1)).isEqualTo("held: " + token);
  }

  /**
   * Review 32: with keepCheck "scalars" a kept array column was copied from input to output as it was,
   * passing what the pipeline scrubs (a user's own site list); it is refused with what to do. A kept
   * column's value that keepCheck sends to the default rule follows the default rule's onFailure.
   */
  @Test
  void plan_keepCheckScalars_keptNestedColumnRefused_onFailureOfTheDefaultRule() {
    Policy checked = PolicyJson.parse("{\"name\": \"spark-test\", \"keep\": [\"Slots\", \"Ratio\", \"Done\", \"Tags\"],"
        + "\"fields\": {" + BASE + "}, \"default\": {\"transformer\": \"scrub-text\", \"onFailure\": \"redact\"},"
        + "\"scrub\": {\"user\": {\"transformer\": \"hmac\", \"domain\": \"user\"}},"
        + "\"keepCheck\": {\"values\": \"scalars\"}}");
    assertThatThrownBy(() -> RowCodec.plan(SCHEMA, checked)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Tags'").hasMessageContaining("keepCheck").hasMessageContaining("to_json");
    StructType noTags = DataTypes.createStructType(java.util.Arrays.stream(SCHEMA.fields())
        .filter(f -> !f.name().equals("Tags")).toArray(org.apache.spark.sql.types.StructField[]::new));
    RowCodec codec = RowCodec.plan(noTags, checked);
    int ratio = java.util.Arrays.asList(codec.names).indexOf("Ratio");
    assertThat(codec.onFailure[ratio]).isEqualTo(org.anonkit.OnFailure.REDACT);
    // without the section the array column is kept as before
    assertThat(RowCodec.plan(SCHEMA, policy(BASE)).names).contains("Tags");
  }

  @Test
  void closures_serialized_holdNoKeyMaterial() throws IOException {
    MasterKey key = KeyFiles.read(keyPath);
    byte[] raw = key.secret().toByteArray(SecretAccess.get());
    Policy p = policy(BASE);
    JobSpec spec = new JobSpec(PolicySnapshot.of(p), null, keys.describe(), key.id());
    List<String> names = List.of("jdoe");
    List<Object> closures = List.of(
        new AnonKitSpark.FieldUdf(spec, names, "Owner"),
        new Partitions.Anonymize(spec, spark.sparkContext().broadcast(names,
            scala.reflect.ClassTag$.MODULE$.apply(List.class)), Partitions.Anonymize.namesKey(names),
            RowCodec.plan(SCHEMA, p)),
        new Partitions.CollectNames(PolicySnapshot.of(p), null, new String[] {"Owner"}));
    for (Object c : closures) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(c);
      }
      byte[] b = bytes.toByteArray();
      String latin = new String(b, StandardCharsets.ISO_8859_1);
      assertThat(indexOf(b, raw)).as("raw key in %s", c).isEqualTo(-1);
      assertThat(latin).doesNotContain(Base64.getEncoder().encodeToString(raw))
          .doesNotContain(HexFormat.of().formatHex(raw));
      assertThat(c.toString()).doesNotContain(HexFormat.of().formatHex(raw)).contains("spark-test");
    }
    assertThat(spec.toString()).contains(key.id(), "file:").doesNotContain(Base64.getEncoder().encodeToString(raw));
  }

  @Test
  void anonymize_keySourceWhoseDescriptionOpensAnotherKey_rejected() {
    Path other = SparkTestSupport.keyFile(tmp, "other").toAbsolutePath();
    KeySource liar = new KeySource() {
      @Override
      public MasterKey load(String keyId) {
        return keys.load(null);
      }

      @Override
      public String describe() {
        return "file:" + other;
      }
    };
    assertThatThrownBy(() -> AnonKitSpark.anonymize(frame(), policy(BASE), liar))
        .isInstanceOf(KeyException.class).hasMessageContaining("other").hasMessageContaining("spark-test");
  }

  @Test
  void policySnapshot_roundTrip_sameTokensForTheBundledPolicy() {
    Policy p = SparkTestSupport.htcondor();
    PolicySnapshot s = PolicySnapshot.of(p);
    Policy back = s.toPolicy();
    assertThat(PolicySnapshot.of(back)).isEqualTo(s);
    assertThat(back.extensionNames()).isEqualTo(p.extensionNames());
    MasterKey k = keys.load(null);
    for (String mode : new String[] {"hmac", "fpe"}) {
      Anonymizer a = Anonymizer.compile(Pipeline.resolvePolicy(p, mode, List.of("jdoe")), k,
          TransformerRegistry.defaultRegistry());
      Anonymizer b = Anonymizer.compile(Pipeline.resolvePolicy(back, mode, List.of("jdoe")), k,
          TransformerRegistry.defaultRegistry());
      for (String f : new String[] {"Owner", "HoldReason", "JobsubClientIpAddress"}) {
        String v = f.equals("JobsubClientIpAddress") ? "131.225.7.9"
            : f.equals("Owner") ? "jdoe" : "jdoe held at /home/jdoe/x 10.1.2.3";
        assertThat(b.plan(f).transformer().apply(v)).isEqualTo(a.plan(f).transformer().apply(v));
      }
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
