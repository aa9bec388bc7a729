package org.anonkit.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.ChunkSerializer;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.pipeline.io.RecordOutput;
import org.anonkit.pipeline.io.spi.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFormatTest {
  private static final String SECRET = "zq-secret-owner-4711";

  @TempDir Path tmp;

  static List<FieldRecord> readAll(Path p) throws IOException {
    List<FieldRecord> out = new ArrayList<>();
    try (RecordInput in = RecordInput.builder(p).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          out.add(r.copy());
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError("malformed row " + m.row());
        }
      });
    }
    return out;
  }

  static void write(Path p, List<Column> cols, List<FieldRecord> records, int perChunk) throws IOException {
    try (RecordOutput out = RecordOutput.builder(p).schema(cols).create()) {
      ChunkSerializer ser = out.newSerializer();
      long idx = 0;
      for (int i = 0; i < records.size(); i++) {
        ser.write(records.get(i));
        if ((i + 1) % perChunk == 0) {
          out.append(ser.finish(idx++));
        }
      }
      out.append(ser.finish(idx));
      out.commit();
    }
  }

  static FieldRecord rec(Object... nameKindText) {
    FieldRecord r = new FieldRecord();
    for (int i = 0; i < nameKindText.length; i += 3) {
      r.add((String) nameKindText[i], (FieldKind) nameKindText[i + 1], (String) nameKindText[i + 2]);
    }
    return r;
  }

  @Test
  void hadoop_isNotOnTheTestClassPath() {
    // the module's claim: read and write without Hadoop at run time
    assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void detection_byExtensionAndDirectory() throws IOException {
    assertThat(RecordFormat.fromFileName("jobs.parquet")).contains(RecordFormat.PARQUET);
    Path p = tmp.resolve("a.parquet");
    write(p, List.of(new Column("A", FieldKind.INTEGER, null)), List.of(rec("A", FieldKind.INTEGER, "1")), 10);
    try (RecordInput in = RecordInput.builder(p).open()) {
      assertThat(in.format()).isEqualTo(RecordFormat.PARQUET);
      assertThat(in.columns()).containsExactly("A");
    }
  }

  @Test
  void roundTrip_typesNullsAndCaseInsensitiveNames_preserved() throws IOException {
    List<Column> cols = List.of(
        new Column("Owner", FieldKind.STRING, null),
        new Column("NumJobStarts", FieldKind.INTEGER, "optional int32 x (INTEGER(32,true))"),
        new Column("Ip_u32", FieldKind.INTEGER, "optional int32 x (INTEGER(32,false))"),
        new Column("QDate", FieldKind.INTEGER, "optional int64 x (TIMESTAMP(MILLIS,true))"),
        new Column("Big", FieldKind.INTEGER, "optional int64 x (INTEGER(64,false))"),
        new Column("Mem", FieldKind.REAL, null),
        new Column("F", FieldKind.REAL, "optional float x"),
        new Column("Ok", FieldKind.BOOLEAN, null));
    List<FieldRecord> recs = List.of(
        rec("owner", FieldKind.STRING, "jdoe ünï", "numjobstarts", FieldKind.INTEGER, "-3",
            "IP_U32", FieldKind.INTEGER, "4294967295", "QDate", FieldKind.INTEGER, "1700000000123",
            "Big", FieldKind.INTEGER, "18446744073709551615", "Mem", FieldKind.REAL, "2.5E9",
            "F", FieldKind.REAL, "0.5", "Ok", FieldKind.BOOLEAN, "true"),
        rec("Owner", FieldKind.UNDEFINED, "", "Mem", FieldKind.STRING, "NaN", "Unknown", FieldKind.STRING, "x"));
    Path p = tmp.resolve("types.parquet");
    write(p, cols, recs, 1);
    try (RecordInput in = RecordInput.builder(p).open()) {
      assertThat(in.schema()).extracting(Column::nativeType).containsExactly(
          "optional binary x (STRING)", "optional int32 x (INTEGER(32,true))",
          "optional int32 x (INTEGER(32,false))", "optional int64 x (TIMESTAMP(MILLIS,true))",
          "optional int64 x (INTEGER(64,false))", "optional double x", "optional float x", "optional boolean x");
      assertThat(in.columnBytes()).containsOnlyKeys("Owner", "NumJobStarts", "Ip_u32", "QDate", "Big", "Mem", "F", "Ok");
    }
    List<FieldRecord> back = readAll(p);
    assertThat(back).hasSize(2);
    FieldRecord a = back.get(0);
    assertThat(a.size()).isEqualTo(8);
    assertThat(a.name(0)).isEqualTo("Owner");
    assertThat(a.text(0)).isEqualTo("jdoe ünï");
    assertThat(a.kind(1)).isEqualTo(FieldKind.INTEGER);
    assertThat(a.text(1)).isEqualTo("-3");
    assertThat(a.text(2)).isEqualTo("4294967295");
    assertThat(a.text(3)).isEqualTo("1700000000123");
    assertThat(a.text(4)).isEqualTo("18446744073709551615");
    assertThat(a.kind(5)).isEqualTo(FieldKind.REAL);
    assertThat(a.text(5)).isEqualTo("2.5E9");
    assertThat(a.text(6)).isEqualTo("0.5");
    assertThat(a.text(7)).isEqualTo("true");
    assertThat(a.row()).isEqualTo(1);
    FieldRecord b = back.get(1);
    // null Owner and the unknown field are absent; NaN travels as a string
    assertThat(b.size()).isEqualTo(1);
    assertThat(b.name(0)).isEqualTo("Mem");
    assertThat(b.text(0)).isEqualTo("NaN");
    assertThat(b.row()).isEqualTo(2);
  }

  @Test
  void write_valueThatDoesNotFitColumnType_failsClosedWithoutEchoingIt() throws IOException {
    Path p = tmp.resolve("unfit.parquet");
    try (RecordOutput out = RecordOutput.builder(p).schema(List.of(
        new Column("A", FieldKind.STRING, null), new Column("N", FieldKind.INTEGER, null))).create()) {
      ChunkSerializer ser = out.newSerializer();
      ser.write(rec("A", FieldKind.STRING, "ok", "N", FieldKind.INTEGER, "1"));
      FieldRecord bad = rec("A", FieldKind.STRING, "kept?", "N", FieldKind.STRING, SECRET);
      assertThatThrownBy(() -> ser.write(bad))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("N").hasMessageContaining("int64")
          .hasMessageNotContaining(SECRET);
      ser.write(rec("A", FieldKind.STRING, "after", "N", FieldKind.INTEGER, "2"));
      out.append(ser.finish(0));
      out.commit();
    }
    // the rejected record left nothing behind
    List<FieldRecord> back = readAll(p);
    assertThat(back).extracting(r -> r.text(0)).containsExactly("ok", "after");
  }

  @Test
  void write_transformedNumberWithLeadingZero_failsClosedInsteadOfDroppingTheZeros() throws IOException {
    // ff1 over digits can give "0022158": written as 22158 it would lose its zeros, its inverse, and
    // could collide with a shorter token
    Path p = tmp.resolve("zeros.parquet");
    try (RecordOutput out = RecordOutput.builder(p).schema(List.of(
        new Column("N", FieldKind.INTEGER, null), new Column("R", FieldKind.REAL, null))).create()) {
      ChunkSerializer ser = out.newSerializer();
      ser.write(rec("N", FieldKind.STRING, "22158", "R", FieldKind.STRING, "12.5"));
      ser.write(rec("N", FieldKind.INTEGER, "7", "R", FieldKind.REAL, "0.5"));
      assertThatThrownBy(() -> ser.write(rec("N", FieldKind.STRING, "0022158", "R", FieldKind.STRING, "1.5")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("N").hasMessageNotContaining("0022158");
      assertThatThrownBy(() -> ser.write(rec("N", FieldKind.STRING, "-0", "R", FieldKind.STRING, "1.5")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> ser.write(rec("N", FieldKind.STRING, "5", "R", FieldKind.STRING, "012.5")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("R").hasMessageNotContaining("012.5");
      out.append(ser.finish(0));
      out.commit();
    }
    assertThat(readAll(p)).extracting(r -> r.text(0)).containsExactly("22158", "7");
  }

  @Test
  void write_numberOutsideNarrowIntegerColumn_failsClosedInsteadOfWrapping() throws IOException {
    // pyarrow writes uint8/int8/int16/uint16 as int32 with an INTEGER(8|16, signed) annotation; numeric-id
    // over a uint8 value 100 gives "784", which was stored as 784 and read back by pyarrow and DuckDB as 16
    Path p = tmp.resolve("narrow.parquet");
    try (RecordOutput out = RecordOutput.builder(p).schema(List.of(
        new Column("U8", FieldKind.INTEGER, "optional int32 x (INTEGER(8,false))"),
        new Column("I8", FieldKind.INTEGER, "optional int32 x (INTEGER(8,true))"),
        new Column("U16", FieldKind.INTEGER, "optional int32 x (INTEGER(16,false))"),
        new Column("I16", FieldKind.INTEGER, "optional int32 x (INTEGER(16,true))"))).create()) {
      ChunkSerializer ser = out.newSerializer();
      ser.write(rec("U8", FieldKind.STRING, "255", "I8", FieldKind.INTEGER, "-128",
          "U16", FieldKind.STRING, "65535", "I16", FieldKind.INTEGER, "-32768"));
      ser.write(rec("U8", FieldKind.INTEGER, "0", "I8", FieldKind.STRING, "127",
          "U16", FieldKind.INTEGER, "0", "I16", FieldKind.STRING, "32767"));
      String[][] unfit = {{"U8", "784"}, {"U8", "-1"}, {"I8", "128"}, {"I8", "-129"}, {"U16", "65536"},
          {"U16", "-1"}, {"I16", "32768"}, {"I16", "-32769"}};
      for (String[] u : unfit) {
        assertThatThrownBy(() -> ser.write(rec(u[0], FieldKind.STRING, u[1])))
            .as(u[0] + " " + u[1]).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining(u[0]).hasMessageNotContaining(u[1]);
      }
      out.append(ser.finish(0));
      out.commit();
    }
    List<FieldRecord> back = readAll(p);
    assertThat(back).extracting(r -> r.text(0) + " " + r.text(1) + " " + r.text(2) + " " + r.text(3))
        .containsExactly("255 -128 65535 -32768", "0 127 0 32767");
  }

  @Test
  void open_columnsThatDifferOnlyInCase_rejectedNamingFileAndColumns() throws IOException {
    // pyarrow and Spark (case-sensitive) write 'Owner' and 'OWNER' as two columns; field names are
    // case-insensitive here, so a row would name Owner twice: a JSON or ClassAd record doing so is
    // quarantined, but from Parquet it went through (both values written, the second under the first's
    // rule, and a JSON-lines output that anonkit itself would quarantine), and a Parquet output failed as
    // a usage error (exit 2) naming no input
    Path p = tmp.resolve("twice.parquet");
    ParquetFormatProvider.Settings s = ParquetFormatProvider.Settings.fromSystemProperties();
    try (java.io.OutputStream os = Files.newOutputStream(p)) {
      ParquetSink sink = new ParquetSink(os, List.of(new Column("Owner", FieldKind.STRING, null),
          new Column("OWNER", FieldKind.STRING, null)), s, s.readOptions());
      org.anonkit.pipeline.io.spi.BatchEncoder enc = sink.newEncoder();
      enc.write(rec("Owner", FieldKind.STRING, "jdoe", "OWNER", FieldKind.STRING, SECRET));
      byte[] b = enc.finish();
      sink.append(b, b.length, 1);
      sink.finish();
    }
    assertThatThrownBy(() -> RecordInput.builder(p).open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("twice.parquet").hasMessageContaining("'Owner'").hasMessageContaining("'OWNER'")
        .hasMessageNotContaining(SECRET).hasMessageNotContaining("jdoe");
  }

  @Test
  void open_columnWithEmptyName_typedErrorNamingFile_notAnIllegalArgument() throws IOException {
    // pyarrow writes a column named "" (pa.table({'': ...})); it reached the CLI as a usage error (exit 2,
    // the usage text, no input named) from the pipeline's Column constructor
    Path p = tmp.resolve("unnamed.parquet");
    org.apache.parquet.schema.MessageType schema = new org.apache.parquet.schema.MessageType("m",
        org.apache.parquet.schema.Types.optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY)
            .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType()).named("Owner"),
        org.apache.parquet.schema.Types.optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY)
            .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType()).named(""));
    writeSchemaOnly(p, schema);
    assertThatThrownBy(() -> RecordInput.builder(p).open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unnamed.parquet").hasMessageContaining("column 2").hasMessageContaining("empty name");
  }

  @Test
  void open_columnNameThatIsNoFieldName_refusedByPosition_neverTheName() throws IOException {
    // review 46, F2: a column named by an e-mail or an address was copied into share/ (the output's schema, the
    // manifest's counts, share/README.md); the CSV header's rule (FieldNames) now holds for a Parquet schema
    for (String bad : List.of("zqcol@fnal.gov", "10.1.2.3", "/home/zqjdoe", "@zqjdoe", "12345", "zq:x")) {
      Path p = tmp.resolve("named.parquet");
      Files.deleteIfExists(p);
      write(p, List.of(new Column("Owner", FieldKind.STRING, null), new Column("NumJobStarts", FieldKind.INTEGER, null),
          new Column(bad, FieldKind.STRING, null)),
          List.of(rec("Owner", FieldKind.STRING, "a", "NumJobStarts", FieldKind.INTEGER, "1", bad, FieldKind.STRING, "x")),
          10);
      assertThatThrownBy(() -> RecordInput.builder(p).open()).as(bad)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("named.parquet").hasMessageContaining("column 3's name is not a field name")
          .hasMessageNotContaining(bad).hasMessageNotContaining("zq");
    }
    Path ok = tmp.resolve("es.parquet");
    write(ok, List.of(new Column("@timestamp", FieldKind.INTEGER, null), new Column("MATCH_EXP_JOB_Site", FieldKind.STRING,
        null), new Column("host.name", FieldKind.STRING, null)),
        List.of(rec("@timestamp", FieldKind.INTEGER, "1", "MATCH_EXP_JOB_Site", FieldKind.STRING, "s", "host.name",
            FieldKind.STRING, "h")), 10);
    assertThat(readAll(ok)).hasSize(1);
  }

  @Test
  void open_nestedColumnWhoseNameIsNoFieldName_theNameRuleAnswersFirst() throws IOException {
    // the nested-column message names the column: the name is judged before it
    Path p = tmp.resolve("nested.parquet");
    org.apache.parquet.schema.MessageType schema = new org.apache.parquet.schema.MessageType("m",
        org.apache.parquet.schema.Types.optionalGroup()
            .addField(org.apache.parquet.schema.Types.optional(
                org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32).named("x"))
            .named("zq@fnal.gov"));
    writeSchemaOnly(p, schema);
    assertThatThrownBy(() -> RecordInput.builder(p).open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("column 1's name is not a field name").hasMessageNotContaining("zq");
  }

  @Test
  void invalidSettings_reportedWhenUsed_notLostInServiceLoading() {
    System.setProperty("anonkit.parquet.codec", "snappy");
    try {
      ParquetFormatProvider p = new ParquetFormatProvider(); // what ServiceLoader calls: must not throw
      assertThatThrownBy(() -> p.create(new java.io.ByteArrayOutputStream(),
          List.of(new Column("A", FieldKind.STRING, null))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anonkit.parquet.codec");
    } finally {
      System.clearProperty("anonkit.parquet.codec");
    }
  }

  @Test
  void corruptFile_typedErrorNamingFile_neverValues() throws IOException {
    Path good = tmp.resolve("good.parquet");
    write(good, List.of(new Column("Owner", FieldKind.STRING, null)),
        List.of(rec("Owner", FieldKind.STRING, SECRET)), 10);
    byte[] bytes = Files.readAllBytes(good);
    // 1. not Parquet at all (a JSON line holding the secret)
    Path notParquet = tmp.resolve("fake.parquet");
    Files.writeString(notParquet, "{\"Owner\":\"" + SECRET + "\"}\n");
    assertThatThrownBy(() -> RecordInput.builder(notParquet).open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("fake.parquet").hasMessageNotContaining(SECRET);
    // 2. truncated footer
    Path truncated = tmp.resolve("truncated.parquet");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 9));
    assertThatThrownBy(() -> RecordInput.builder(truncated).open())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("truncated.parquet").hasMessageNotContaining(SECRET);
    // 3. damaged data pages behind an intact footer: fails on reading or decoding, naming the file
    Path damaged = tmp.resolve("damaged.parquet");
    byte[] d = bytes.clone();
    for (int i = 4; i < Math.min(d.length - 200, 60); i++) {
      d[i] = (byte) 0xA5;
    }
    Files.write(damaged, d);
    assertThatThrownBy(() -> readAll(damaged))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("damaged.parquet").hasMessageNotContaining(SECRET);
  }

  @Test
  void directoryOfPartFiles_readInNameOrder_skippingMarkers() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("dataset"));
    List<Column> cols = List.of(new Column("I", FieldKind.INTEGER, null));
    write(dir.resolve("part-00001.parquet"), cols, List.of(rec("I", FieldKind.INTEGER, "2")), 10);
    write(dir.resolve("part-00000.parquet"), cols, List.of(rec("I", FieldKind.INTEGER, "1")), 10);
    Files.writeString(dir.resolve("_SUCCESS"), "");
    List<FieldRecord> back = readAll(dir);
    assertThat(back).extracting(r -> r.text(0)).containsExactly("1", "2");
    assertThat(back).extracting(FieldRecord::row).containsExactly(1L, 2L);
  }

  @Test
  void convert_generatedJobs_sameFieldsAndValuesAsJsonl() throws IOException {
    Path jsonl = tmp.resolve("jobs.jsonl");
    JobGenerator.builder().seed(11).users(30).build().write(jsonl, 500);
    Path pq = tmp.resolve("jobs.parquet");
    assertThat(ParquetFiles.convert(jsonl, pq, 128)).isEqualTo(500);
    List<FieldRecord> clear = readAll(jsonl);
    List<FieldRecord> back = readAll(pq);
    assertThat(back).hasSize(clear.size());
    for (int i = 0; i < clear.size(); i++) {
      FieldRecord c = clear.get(i);
      FieldRecord b = back.get(i);
      for (int f = 0; f < c.size(); f++) {
        if (c.kind(f) == FieldKind.UNDEFINED) {
          continue;
        }
        int j = b.indexOfExact(c.name(f));
        assertThat(j).as("row %d field %s", i + 1, c.name(f)).isGreaterThanOrEqualTo(0);
        if (c.kind(f) == FieldKind.REAL) {
          assertThat(Double.parseDouble(b.text(j))).isEqualTo(Double.parseDouble(c.text(f)));
        } else if (b.kind(j) != FieldKind.REAL) {
          assertThat(b.text(j)).as("row %d field %s", i + 1, c.name(f)).isEqualTo(c.text(f));
        }
      }
    }
    try (RecordInput in = RecordInput.builder(pq).open()) {
      int groups = 0;
      while (in.next() != null) {
        groups++;
      }
      assertThat(groups).isEqualTo(4); // 500 rows, 128 per group
    }
  }

  @Test
  void newParserWithPredicate_decodesOnlyWantedColumns() throws IOException {
    Path p = tmp.resolve("projection.parquet");
    List<Column> cols = List.of(new Column("Owner", FieldKind.STRING, null),
        new Column("N", FieldKind.INTEGER, null), new Column("Cmd", FieldKind.STRING, null));
    List<FieldRecord> recs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      recs.add(rec("Owner", FieldKind.STRING, "u" + i, "N", FieldKind.INTEGER, Integer.toString(i),
          "Cmd", FieldKind.STRING, "/bin/x" + i));
    }
    write(p, cols, recs, 20);
    for (java.util.function.Predicate<String> wanted : List.<java.util.function.Predicate<String>>of(
        n -> n.equals("Cmd"), n -> false)) {
      List<FieldRecord> got = new ArrayList<>();
      try (RecordInput in = RecordInput.builder(p).open()) {
        org.anonkit.pipeline.io.ChunkParser parser = in.newParser(wanted);
        for (org.anonkit.pipeline.io.Chunk c; (c = in.next()) != null; ) {
          parser.parse(c, new RecordHandler() {
            @Override
            public void record(FieldRecord r) {
              got.add(r.copy());
            }

            @Override
            public void malformed(MalformedRecord m) {
              throw new AssertionError();
            }
          });
        }
      }
      assertThat(got).hasSize(50).extracting(FieldRecord::row).startsWith(1L, 2L).endsWith(50L);
      if (wanted.test("Cmd")) {
        assertThat(got).allMatch(r -> r.size() == 1 && r.name(0).equals("Cmd"));
        assertThat(got.get(49).text(0)).isEqualTo("/bin/x49");
      } else {
        assertThat(got).allMatch(r -> r.size() == 0);
      }
    }
  }

  /** A Parquet file with {@code schema} and no row group, written with the module's settings. */
  private static void writeSchemaOnly(Path p, org.apache.parquet.schema.MessageType schema) throws IOException {
    ParquetFormatProvider.Settings s = ParquetFormatProvider.Settings.fromSystemProperties();
    try (java.io.OutputStream os = Files.newOutputStream(p)) {
      org.apache.parquet.hadoop.ParquetFileWriter w = new org.apache.parquet.hadoop.ParquetFileWriter(
          MemoryFiles.over(os), schema, org.apache.parquet.hadoop.ParquetFileWriter.Mode.CREATE, 1 << 20, 0, null,
          s.properties());
      w.start();
      w.end(java.util.Map.of());
    }
  }
}
