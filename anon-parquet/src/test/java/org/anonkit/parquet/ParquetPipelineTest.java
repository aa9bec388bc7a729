package org.anonkit.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RunReport;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline over Parquet with the bundled HTCondor policy and the real transformers. */
class ParquetPipelineTest {
  private static final MasterKey KEY = MasterKey.generate("parquet-test", new SecureRandom());
  private static final int ROWS = 600;

  @TempDir static Path tmp;
  static JobGenerator generator;
  static Path jsonl;
  static Path parquet;
  static Policy policy;

  @BeforeAll
  static void setUp() throws IOException {
    generator = JobGenerator.builder().seed(2024).users(60).build();
    jsonl = tmp.resolve("jobs.jsonl");
    generator.write(jsonl, ROWS);
    parquet = tmp.resolve("jobs.parquet");
    ParquetFiles.convert(jsonl, parquet, 128);
    policy = PolicyJson.read(new java.io.ByteArrayInputStream(Pipeline.bundledPolicy("htcondor")));
  }

  static RunReport run(List<Path> in, Path out, int threads, RecordFormat outFormat) throws IOException {
    Pipeline.Builder b = Pipeline.builder(policy).policySource(Pipeline.bundledPolicy("htcondor")).key(KEY)
        .threads(threads).vectors(false);
    if (outFormat != null) {
      b.outputFormat(outFormat);
    }
    return b.build().run(in, out);
  }

  static String sha256(Path p) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void run_parquetIn_parquetOut_byteIdenticalFor1To4Threads_typesKept() throws IOException {
    String first = null;
    for (int threads : new int[] {1, 2, 4}) {
      RunReport r = run(List.of(parquet), tmp.resolve("t" + threads), threads, null);
      assertThat(r.rowsIn()).isEqualTo(ROWS).isEqualTo(r.rowsOut() + r.quarantined());
      Path out = r.dataFiles().get(0);
      assertThat(out.getFileName().toString()).isEqualTo("jobs.anon.parquet");
      String sum = sha256(out);
      if (first == null) {
        first = sum;
      } else {
        assertThat(sum).as("threads %d", threads).isEqualTo(first);
      }
    }
    Path out = tmp.resolve("t1/share/data/jobs.anon.parquet");
    try (RecordInput in = RecordInput.builder(out).open()) {
      // kept numbers stay numbers; identities stay strings; the IP twin is an integer column
      assertThat(kindOf(in, "NumJobStarts")).isEqualTo(FieldKind.INTEGER);
      assertThat(kindOf(in, "RequestMemory")).isEqualTo(FieldKind.INTEGER);
      assertThat(kindOf(in, "Owner")).isEqualTo(FieldKind.STRING);
      assertThat(kindOf(in, "JobsubClientIpAddress_u32")).isEqualTo(FieldKind.INTEGER);
      assertThat(in.schema().stream().filter(c -> c.name().equals("JobsubClientIpAddress_u32")).findFirst()
          .orElseThrow().nativeType()).as("an unsigned 32-bit column").isEqualTo("optional int32 x (INTEGER(32,false))");
      int groups = 0;
      while (in.next() != null) {
        groups++;
      }
      assertThat(groups).as("one output row group per input row group").isEqualTo((ROWS + 127) / 128);
    }
  }

  /**
   * A TIMESTAMP column stores milliseconds (pyarrow's {@code timestamp[s]}) or microseconds (Spark), while
   * the bundled policy's {@code timestamp} encoders read seconds: before, the matrices held QDate 1,000
   * times too large without a word. Now the run stops, naming the column, its unit and the parameter to
   * set; with that parameter set, the matrix holds epoch seconds.
   */
  @Test
  void run_timestampColumnInAnotherUnit_refusedNamingTheParameter_thenReadInThatUnit() throws IOException {
    List<org.anonkit.pipeline.io.spi.Column> cols = List.of(
        new org.anonkit.pipeline.io.spi.Column("Owner", FieldKind.STRING, null),
        new org.anonkit.pipeline.io.spi.Column("QDate", FieldKind.INTEGER, "optional int64 x (TIMESTAMP(MILLIS,true))"));
    Path in = tmp.resolve("times.parquet");
    ParquetFormatTest.write(in, cols, List.of(
        ParquetFormatTest.rec("Owner", FieldKind.STRING, "zq-owner-one", "QDate", FieldKind.INTEGER, "1700000045000"),
        ParquetFormatTest.rec("Owner", FieldKind.STRING, "zq-owner-two", "QDate", FieldKind.INTEGER, "1700000046999")), 10);
    String bundled = new String(Pipeline.bundledPolicy("htcondor"), java.nio.charset.StandardCharsets.UTF_8);
    Path out = tmp.resolve("times-s");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pipeline.builder(PolicyJson.parse(bundled)).key(KEY)
            .build().run(List.of(in), out))
        .isInstanceOf(org.anonkit.PolicyException.class)
        .hasMessageContaining("times.parquet").hasMessageContaining("'QDate'").hasMessageContaining("milliseconds")
        .hasMessageContaining("\"input-unit\": \"ms\"").hasMessageContaining("$.vectors.fields.QDate.params.input-unit")
        .hasMessageNotContaining("zq-owner");
    assertThat(out.resolve("share/data")).isEmptyDirectory(); // refused before any record was read

    String ms = bundled.replace("\"QDate\":                 {\"encoder\": \"timestamp\", \"params\": {\"unit\": \"s\"}}",
        "\"QDate\": {\"encoder\": \"timestamp\", \"params\": {\"unit\": \"s\", \"input-unit\": \"ms\"}}");
    assertThat(ms).isNotEqualTo(bundled);
    Path ok = tmp.resolve("times-ms");
    RunReport r = Pipeline.builder(PolicyJson.parse(ms)).key(KEY).build().run(List.of(in), ok);
    assertThat(r.rowsOut()).isEqualTo(2);
    java.nio.ByteBuffer npy = java.nio.ByteBuffer.wrap(Files.readAllBytes(ok.resolve("private/vectors/clear/QDate.npy")))
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int data = npy.capacity() - 2 * Long.BYTES; // the header, then two int64 values
    assertThat(new long[] {npy.getLong(data), npy.getLong(data + Long.BYTES)}).containsExactly(1700000045L, 1700000046L);
    // the data keeps the column as stored (milliseconds, TIMESTAMP type)
    try (RecordInput back = RecordInput.builder(r.dataFiles().get(0)).open()) {
      assertThat(back.schema().stream().filter(c -> c.name().equals("QDate")).findFirst().orElseThrow().nativeType())
          .contains("TIMESTAMP(MILLIS");
    }
  }

  @Test
  void run_parquetOutputWithoutColumns_typedErrorNamingTheInput_notAnInternalError() throws IOException {
    // the policy drops every column (ClaimId is a secret the bundled policy drops), from Parquet or from
    // a row format; and a row input without any field (an empty rotated history file): before, each was
    // an IllegalStateException from the output builder, "internal error (please report it)" in the CLI
    Path dropped = tmp.resolve("claims.parquet");
    ParquetFormatTest.write(dropped, List.of(new org.anonkit.pipeline.io.spi.Column("ClaimId", FieldKind.STRING, null)),
        List.of(ParquetFormatTest.rec("ClaimId", FieldKind.STRING, "zq-secret-claim")), 10);
    Path droppedJsonl = Files.writeString(tmp.resolve("claims.jsonl"), "{\"ClaimId\":\"zq-secret-claim\"}\n");
    Path empty = Files.writeString(tmp.resolve("rotated.jsonl"), "");
    Object[][] cases = {{dropped, null, "drops every field"}, {droppedJsonl, RecordFormat.PARQUET, "drops every field"},
        {empty, RecordFormat.PARQUET, "no fields"}};
    for (int i = 0; i < cases.length; i++) {
      Object[] c = cases[i];
      Path in = (Path) c[0];
      Path out = tmp.resolve("nocols" + i);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(List.of(in), out, 1, (RecordFormat) c[1]))
          .as(in.getFileName().toString())
          .isInstanceOf(org.anonkit.InvalidInputException.class)
          .hasMessageContaining(in.getFileName().toString()).hasMessageContaining((String) c[2])
          .hasMessageNotContaining("zq-secret-claim");
    }
  }

  @Test
  void run_rowFormatToParquet_rowGroupsOfSixteenMiBOfInput_notOneMiB() throws IOException {
    // a row group per 1 MiB chunk (about 360 ads) made the file 1.9 times as large as 16 MiB row groups
    // and its footer (about 11 KB per row group) too large for Parquet past about 190 GB of input
    Path in = tmp.resolve("many.jsonl");
    generator.write(in, 3000); // about 8.7 MB
    assertThat(Files.size(in)).isGreaterThan(8L << 20);
    RunReport r = run(List.of(in), tmp.resolve("groups"), 2, RecordFormat.PARQUET);
    assertThat(r.rowsOut()).isEqualTo(3000);
    try (org.apache.parquet.hadoop.ParquetFileReader f = org.apache.parquet.hadoop.ParquetFileReader.open(
        new org.apache.parquet.io.LocalInputFile(r.dataFiles().get(0)),
        ParquetFormatProvider.Settings.fromSystemProperties().readOptions())) {
      assertThat(f.getRowGroups()).as("row groups").hasSize(1);
    }
    // a chunk size that is set is kept: its chunks are the row groups
    Pipeline.Builder b = Pipeline.builder(policy).policySource(Pipeline.bundledPolicy("htcondor")).key(KEY)
        .threads(2).vectors(false).outputFormat(RecordFormat.PARQUET).chunkBytes(1 << 20);
    RunReport small = b.build().run(List.of(in), tmp.resolve("groups1m"));
    try (org.apache.parquet.hadoop.ParquetFileReader f = org.apache.parquet.hadoop.ParquetFileReader.open(
        new org.apache.parquet.io.LocalInputFile(small.dataFiles().get(0)),
        ParquetFormatProvider.Settings.fromSystemProperties().readOptions())) {
      assertThat(f.getRowGroups()).as("row groups").hasSizeGreaterThan(8);
    }
    assertThat(ParquetFormatTest.readAll(small.dataFiles().get(0))).extracting(FieldRecord::size)
        .isEqualTo(ParquetFormatTest.readAll(r.dataFiles().get(0)).stream().map(FieldRecord::size)
            .collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void run_directoryWithPartitionSubdirectories_refusedInsteadOfSkippingThem() throws IOException {
    // Spark's partitionBy or an appended dataset: part files below the directory were left out without a
    // word (pyarrow reads 3 rows, the run wrote 2), and a partition's value is only in its directory name
    Path ds = Files.createDirectories(tmp.resolve("partitioned"));
    List<org.anonkit.pipeline.io.spi.Column> cols = List.of(new org.anonkit.pipeline.io.spi.Column("ClusterId",
        FieldKind.INTEGER, null));
    ParquetFormatTest.write(ds.resolve("part-00000.parquet"), cols,
        List.of(ParquetFormatTest.rec("ClusterId", FieldKind.INTEGER, "1")), 10);
    Path sub = Files.createDirectories(ds.resolve("JobStatus=4"));
    ParquetFormatTest.write(sub.resolve("part-00001.parquet"), cols,
        List.of(ParquetFormatTest.rec("ClusterId", FieldKind.INTEGER, "2")), 10);
    Files.createDirectories(ds.resolve("_temporary")); // Spark's, skipped as before
    ParquetFormatTest.write(ds.resolve("_temporary").resolve("part-9.parquet"), cols,
        List.of(ParquetFormatTest.rec("ClusterId", FieldKind.INTEGER, "9")), 10);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(List.of(ds), tmp.resolve("part-out"), 1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitioned").hasMessageContaining("1 subdirectory")
        .hasMessageNotContaining("JobStatus=4");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordInput.builder(ds).open())
        .isInstanceOf(org.anonkit.InvalidInputException.class)
        .hasMessageContaining("partitioned").hasMessageNotContaining("JobStatus=4");
    // without the subdirectory the directory reads as before
    Files.delete(sub.resolve("part-00001.parquet"));
    RunReport r = run(List.of(ds), tmp.resolve("part-out2"), 1, null);
    assertThat(r.rowsIn()).isEqualTo(1);
  }

  @Test
  void run_rowFormatToParquet_integerBeyond64Bits_keptExactlyInAStringColumn() throws IOException {
    // a JSON integer may have any length: with an int64 column the run failed, blaming a transformer
    // ("a transformer that changes a numeric column must keep it numeric") for a value kept in clear
    Path in = Files.writeString(tmp.resolve("wide.jsonl"), "{\"Owner\":\"a\",\"ClusterId\":18446744073709551616}\n"
        + "{\"Owner\":\"b\",\"ClusterId\":7}\n{\"Owner\":\"c\",\"ClusterId\":-9223372036854775808}\n");
    RunReport r = run(List.of(in), tmp.resolve("wide"), 1, RecordFormat.PARQUET);
    assertThat(r.rowsOut()).isEqualTo(3);
    try (RecordInput out = RecordInput.builder(r.dataFiles().get(0)).open()) {
      assertThat(kindOf(out, "ClusterId")).isEqualTo(FieldKind.STRING);
    }
    assertThat(ParquetFormatTest.readAll(r.dataFiles().get(0))).extracting(x -> x.text(x.indexOf("ClusterId")))
        .containsExactly("18446744073709551616", "7", "-9223372036854775808");
    // ParquetFiles.convert (and anonkit generate --out x.parquet) types its columns the same way
    Path converted = tmp.resolve("wide.parquet");
    ParquetFiles.convert(in, converted, 10);
    assertThat(ParquetFormatTest.readAll(converted)).extracting(x -> x.text(x.indexOf("ClusterId")))
        .containsExactly("18446744073709551616", "7", "-9223372036854775808");
  }

  private static FieldKind kindOf(RecordInput in, String column) {
    return in.schema().stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow().kind();
  }

  @Test
  void run_parquet_noClearIdentityInShare_andManifestHasCompression() throws IOException {
    RunReport r = run(List.of(parquet), tmp.resolve("leak"), 2, null);
    List<FieldRecord> anon = ParquetFormatTest.readAll(r.dataFiles().get(0));
    assertThat(anon).hasSize(ROWS);
    // Crypto-PAn maps addresses onto addresses: a clear address that is the image of another clear
    // address under this key is a token, not a leak
    org.anonkit.Transformer ip = org.anonkit.Anonymizer.compile(Pipeline.resolvePolicy(policy, null, List.of()), KEY,
        org.anonkit.TransformerRegistry.defaultRegistry()).plan("JobsubClientIpAddress").transformer();
    java.util.Set<String> images = new java.util.HashSet<>();
    for (String v : generator.sensitiveValues()) {
      if (v.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
        images.add(ip.apply(v));
      }
    }
    List<String> sensitive = new ArrayList<>(generator.sensitiveValues().stream().filter(v -> !images.contains(v))
        .toList());
    assertThat(sensitive).anyMatch(v -> v.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")); // addresses are scanned too
    for (String v : List.copyOf(sensitive)) {
      if (v.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
        sensitive.add(v.replace('.', '-')); // also spelled in a worker's name (CRUSH-OSG-C7-10-5-49-28)
      }
    }
    StringBuilder all = new StringBuilder();
    for (FieldRecord rec : anon) {
      for (int i = 0; i < rec.size(); i++) {
        all.append(rec.text(i)).append('\n');
      }
    }
    String text = all.toString();
    // whole tokens only: an address's digits may reappear inside longer numbers or other addresses
    assertThat(sensitive).isNotEmpty()
        .filteredOn(v -> java.util.regex.Pattern.compile("(?<![\\w.])" + java.util.regex.Pattern.quote(v) + "(?![\\w])")
            .matcher(text).find())
        .as("clear values in the output").isEmpty();
    // and the same values, decoded, are there in the clear input (the scan is not vacuous)
    assertThat(ParquetFormatTest.readAll(parquet).stream()
        .anyMatch(rec -> generator.userNames().contains(rec.text(rec.indexOf("Owner"))))).isTrue();
    String manifest = Files.readString(tmp.resolve("leak/share/manifest.json"));
    assertThat(manifest).contains("\"compression\"").contains("\"clearBytes\"").contains("\"anonymizedBytes\"")
        .contains("\"ratio\"").contains("\"Owner\": {\"clear\"");
    for (String s : sensitive) {
      assertThat(manifest).doesNotContain(s);
    }
  }

  @Test
  void run_sameRecordsAsJsonlRun() throws IOException {
    // the Parquet path anonymizes exactly like the JSON lines path, value for value
    RunReport pq = run(List.of(parquet), tmp.resolve("cmp-pq"), 2, null);
    RunReport js = run(List.of(jsonl), tmp.resolve("cmp-js"), 2, null);
    List<FieldRecord> a = ParquetFormatTest.readAll(pq.dataFiles().get(0));
    List<FieldRecord> b = ParquetFormatTest.readAll(js.dataFiles().get(0));
    assertThat(a).hasSameSizeAs(b);
    for (int r = 0; r < a.size(); r++) {
      FieldRecord x = b.get(r);
      FieldRecord y = a.get(r);
      for (int i = 0; i < x.size(); i++) {
        if (x.kind(i) == FieldKind.UNDEFINED) {
          continue;
        }
        int j = y.indexOfExact(x.name(i));
        assertThat(j).as("row %d field %s", r + 1, x.name(i)).isGreaterThanOrEqualTo(0);
        if (x.kind(i) == FieldKind.REAL || y.kind(j) == FieldKind.REAL) {
          assertThat(Double.parseDouble(y.text(j))).isEqualTo(Double.parseDouble(x.text(i)));
        } else {
          assertThat(y.text(j)).as("row %d field %s", r + 1, x.name(i)).isEqualTo(x.text(i));
        }
      }
    }
  }

  @Test
  void run_jsonlIn_parquetOut_andDirectoryOfParts() throws IOException {
    RunReport r = run(List.of(jsonl), tmp.resolve("conv"), 2, RecordFormat.PARQUET);
    Path out = r.dataFiles().get(0);
    assertThat(out.getFileName().toString()).isEqualTo("jobs.anon.parquet");
    assertThat(ParquetFormatTest.readAll(out)).hasSize(ROWS);

    Path dir = Files.createDirectories(tmp.resolve("dataset"));
    Files.copy(parquet, dir.resolve("part-00000.parquet"));
    Files.copy(parquet, dir.resolve("part-00001.parquet"));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    RunReport d = run(List.of(dir), tmp.resolve("dir"), 2, null);
    assertThat(d.rowsIn()).isEqualTo(2L * ROWS);
    assertThat(d.dataFiles()).extracting(p -> p.getFileName().toString())
        .containsExactly("part-00000.anon.parquet", "part-00001.anon.parquet");
    assertThat(sha256(d.dataFiles().get(0))).isEqualTo(sha256(d.dataFiles().get(1)));
  }

  /** A transformer that crashes on one value, to interrupt a run (as anon-pipeline's resume test does). */
  public static final class Crashing implements org.anonkit.spi.TransformerProvider {
    static volatile String crashOn;
    static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String name() {
      return "crashing";
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
  void run_resumeAfterCrash_replaysCommittedRowGroups_sameBytesAndManifest() throws IOException {
    Path small = tmp.resolve("small-groups.parquet");
    ParquetFiles.convert(jsonl, small, 24); // 25 row groups = 25 chunks: a checkpoint every 16
    List<String> keep = new java.util.ArrayList<>();
    try (RecordInput in = RecordInput.builder(small).open()) {
      for (String c : in.columns()) {
        if (!c.equalsIgnoreCase("GlobalJobId")) {
          keep.add(c);
        }
      }
    }
    Policy p = Policy.builder().name("resume").keep(keep.toArray(new String[0]))
        .rule(org.anonkit.FieldRule.transform("GlobalJobId", "crashing").build()).build();
    org.anonkit.TransformerRegistry reg = org.anonkit.TransformerRegistry.builder().add(new Crashing()).build();
    String late = ParquetFormatTest.readAll(small).get(550).text(
        ParquetFormatTest.readAll(small).get(550).indexOf("GlobalJobId"));
    Pipeline.Builder b = Pipeline.builder(p).key(KEY).registry(reg).threads(2).resume(true);
    Crashing.crashOn = null;
    b.build().run(List.of(small), tmp.resolve("resume-clean"));
    Path out = tmp.resolve("resume-crash");
    Crashing.crashOn = late;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.build().run(List.of(small), out))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.exists(out.resolve("share/data/input-0001.anon.parquet"))).isFalse();
    Crashing.crashOn = null;
    Crashing.CALLS.set(0);
    RunReport resumed = b.build().run(List.of(small), out);
    assertThat(Crashing.CALLS.get()).as("records anonymized again").isLessThan(ROWS - 300).isPositive();
    assertThat(resumed.rowsIn()).isEqualTo(ROWS);
    assertThat(Files.readAllBytes(out.resolve("share/data/input-0001.anon.parquet")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("resume-clean/share/data/input-0001.anon.parquet")));
    assertThat(Files.readString(out.resolve("share/manifest.json")))
        .isEqualTo(Files.readString(tmp.resolve("resume-clean/share/manifest.json")))
        .contains("\"compression\": {");
    // and a third run skips the committed input entirely, with the same manifest
    RunReport again = b.build().run(List.of(small), out);
    assertThat(again.resumedInputs()).containsExactly("small-groups.parquet");
    assertThat(Files.readString(out.resolve("share/manifest.json")))
        .isEqualTo(Files.readString(tmp.resolve("resume-clean/share/manifest.json")));
  }

  @Test
  void run_columnNameThatIsNoFieldName_inputRefusedBeforeTheFolderIsTouched() throws IOException {
    // review 46, F2: such a column was written, named as it was, into the output's schema, the manifest and
    // share/README.md; a schema is the input's, not one row's, so the input is refused, as a CSV header is
    Path bad = tmp.resolve("pii-columns.parquet");
    ParquetFormatTest.write(bad, List.of(new org.anonkit.pipeline.io.spi.Column("Owner", FieldKind.STRING, null),
        new org.anonkit.pipeline.io.spi.Column("zqcol@fnal.gov", FieldKind.STRING, null)),
        List.of(ParquetFormatTest.rec("Owner", FieldKind.STRING, "a", "zqcol@fnal.gov", FieldKind.STRING, "x")), 10);
    Path out = tmp.resolve("pii-columns-out");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(List.of(bad), out, 2, null))
        .isInstanceOf(org.anonkit.InvalidInputException.class)
        .hasMessageContaining("column 2's name is not a field name").hasMessageNotContaining("zq")
        .hasMessageNotContaining("fnal");
    assertThat(Files.exists(out.resolve("share"))).isFalse();
  }
}
