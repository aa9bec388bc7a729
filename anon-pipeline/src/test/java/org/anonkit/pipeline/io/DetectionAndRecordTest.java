package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetectionAndRecordTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\":1}\\n{\"a\":2}\\n| JSONL",
      "\\n  {\"a\": {\"b\": [1]}}  \\n| JSONL",
      "[\\n{\"a\":1}\\n]| CONDOR_JSON",
      "{\\n  \"a\": 1\\n}\\n| CONDOR_JSON",
      "Owner = \"x\"\\nJobStatus = 2\\n| CONDOR",
      "\\n*** ArrivedFrom\\nMyType = \"Job\"\\n| CONDOR",
      "-- Schedd: s.example.org : <10.0.0.1:9618>\\nOwner=\"x\"\\n| CONDOR",
      "\uFEFFOwner = 1\\n| CONDOR",
      // a CSV header and a row (acceptance test 38: a CSV named simple.txt was refused)
      "Owner,ExitCode,JobStatus\\nalice,0,4\\n| CSV",
      "Owner,Job Id\\r\\n\"a,b\",1\\r\\n| CSV",
      // condor_q -nobatch -json: its header line, '//' notes, then the object on lines of its own (real sample 04)
      "// Source: x\\n      3472942.89       2615      jnewton\\n{\\n  \"Args\": \"2615 89\"\\n}\\n| CONDOR_JSON",
      "note\\n[\\n  {\\n  \"a\": 1\\n}\\n]\\n| CONDOR_JSON",
      "Owner,ExitCode\\n\\n  \\njdoe,0\\n| CSV"})
  void sniff_recognizesFormats(String content, RecordFormat expected) {
    byte[] b = IoTesting.utf8(content.replace("\\r", "\r").replace("\\n", "\n"));
    assertThat(RecordFormat.sniff(b, b.length)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"hello world", "a,b,c", "12345", "a,b,c\\nhello", "1,2\\n3,4", "x\\n{a}\\n",
      "History of jobs\\nOwner = \"jdoe\"\\nArgs = \"x\"\\n[\\n"})
  void sniff_unknownContent_empty(String content) {
    byte[] b = IoTesting.utf8(content.replace("\\n", "\n") + "\n");
    assertThat(RecordFormat.sniff(b, b.length)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"jobs.jsonl, JSONL", "jobs.ndjson.gz, JSONL", "x.CSV.zst, CSV"})
  void fromFileName_knownExtensions(String name, RecordFormat f) {
    assertThat(RecordFormat.fromFileName(name)).contains(f);
  }

  @ParameterizedTest
  @CsvSource({"jobs.json", "jobs.history", "a.ad.gz", "b.txt"})
  void fromFileName_textExtensions_leaveItToContent(String name) {
    assertThat(RecordFormat.fromFileName(name)).isEqualTo(Optional.empty());
  }

  @Test
  void fromName_cliNames() {
    assertThat(RecordFormat.fromName("condor-json")).isEqualTo(RecordFormat.CONDOR_JSON);
    assertThat(RecordFormat.fromName("JSONL")).isEqualTo(RecordFormat.JSONL);
    assertThat(RecordFormat.fromName("parquet")).isEqualTo(RecordFormat.PARQUET);
    assertThatThrownBy(() -> RecordFormat.fromName("orc"))
        .hasMessageContaining("jsonl, csv, condor, condor-json, parquet");
  }

  @Test
  void fieldRecord_editsAndCaseInsensitiveLookup() {
    FieldRecord r = new FieldRecord();
    r.reset(7, 12);
    r.add("Owner", FieldKind.STRING, "jdoe");
    r.add("x509UserProxySubject", FieldKind.STRING, "/CN=J Doe");
    r.add("JobStatus", FieldKind.INTEGER, "5");
    assertThat(r.indexOf("x509userproxysubject")).isEqualTo(1);
    assertThat(r.indexOfExact("x509userproxysubject")).isEqualTo(-1);
    r.add("ExitCode", FieldKind.UNDEFINED, "");
    assertThat(r.textOf("X509USERPROXYSUBJECT")).isEqualTo("/CN=J Doe");
    assertThat(r.textOf("exitcode")).as("undefined: absent").isNull();
    assertThat(r.textOf("Cmd")).isNull();
    r.remove(3);
    r.set(0, FieldKind.STRING, "tok_abc");
    r.remove(1);
    assertThat(r.size()).isEqualTo(2);
    assertThat(r.name(1)).isEqualTo("JobStatus");
    assertThat(r.text(0)).isEqualTo("tok_abc");
    assertThat(r.row()).isEqualTo(7);
    assertThat(r.line()).isEqualTo(12);
    assertThat(r.toString()).doesNotContain("tok_abc").doesNotContain("jdoe");
    FieldRecord c = r.copy();
    r.reset(8, 0);
    assertThat(c.size()).isEqualTo(2);
    assertThat(r.size()).isZero();
  }

  @Test
  void fieldRecord_kindValidation_neverEchoesText() {
    FieldRecord r = new FieldRecord();
    r.add("a", FieldKind.STRING, "x");
    for (FieldKind k : List.of(FieldKind.INTEGER, FieldKind.REAL, FieldKind.BOOLEAN,
        FieldKind.UNDEFINED)) {
      assertThatThrownBy(() -> r.set(0, k, "jdoe-secret"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("jdoe-secret");
    }
    r.set(0, FieldKind.REAL, "-1.5e3");
    r.set(0, FieldKind.INTEGER, "-0");
    assertThatThrownBy(() -> r.set(0, FieldKind.INTEGER, "01")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void condorOutput_rejectsUnrepresentableRecordWholly() {
    FieldRecord bad = new FieldRecord();
    bad.add("Owner", FieldKind.STRING, "a");
    bad.add("evil\nInjected", FieldKind.STRING, "b");
    FieldRecord good = new FieldRecord();
    good.add("Owner", FieldKind.STRING, "c");
    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
    try (RecordOutput out = RecordOutput.builder(bos).format(RecordFormat.CONDOR).create()) {
      ChunkSerializer s = out.newSerializer();
      s.write(good);
      assertThatThrownBy(() -> s.write(bad)).isInstanceOf(org.anonkit.InvalidInputException.class);
      assertThatThrownBy(() -> s.write(new FieldRecord()))
          .isInstanceOf(org.anonkit.InvalidInputException.class);
      s.write(good);
      out.append(s.finish(0));
      out.commit();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(bos.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("Owner = \"c\"\n\nOwner = \"c\"\n\n");
  }

  @Test
  void condorJsonOutput_isOneValidJsonArray() {
    List<FieldRecord> records = IoTesting.randomRecords(9, 50, true);
    byte[] bytes = IoTesting.write(records, RecordFormat.CONDOR_JSON, List.of(), 3);
    tools.jackson.core.json.JsonFactory f = new tools.jackson.core.json.JsonFactory();
    int objects = 0;
    try (tools.jackson.core.JsonParser p = f.createParser(tools.jackson.core.ObjectReadContext.empty(), bytes)) {
      assertThat(p.nextToken()).isEqualTo(tools.jackson.core.JsonToken.START_ARRAY);
      while (p.nextToken() == tools.jackson.core.JsonToken.START_OBJECT) {
        p.skipChildren();
        objects++;
      }
      assertThat(p.currentToken()).isEqualTo(tools.jackson.core.JsonToken.END_ARRAY);
      assertThat(p.nextToken()).isNull();
    }
    assertThat(objects).isEqualTo(50);
  }

  @Test
  void classAdStrings_escapesRoundTrip() {
    String in = "A = \"q\\\"b\\\\s\\n\\tz\"\n";
    FieldRecord r = IoTesting.read(IoTesting.utf8(in), RecordFormat.CONDOR, 100).records.get(0);
    assertThat(r.text(0)).isEqualTo("q\"b\\s\n\\tz");
    byte[] out = IoTesting.write(List.of(r), RecordFormat.CONDOR, List.of(), 1);
    assertThat(IoTesting.read(out, RecordFormat.CONDOR, 100).records.get(0).text(0))
        .isEqualTo(r.text(0));
  }

  @Test
  void open_parquetWithoutTheModule_namesTheModuleToAdd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    // anon-pipeline alone has no Parquet provider: the error says which module to add, not a stack of
    // ServiceLoader internals (anon-parquet's own tests cover the case where it is present)
    java.nio.file.Path p = java.nio.file.Files.write(dir.resolve("jobs.parquet"), new byte[] {'P', 'A', 'R', '1'});
    assertThatThrownBy(() -> RecordInput.builder(p).open())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("org.anonkit:anon-parquet").hasMessageContaining("class path");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jobs.history|   | CONDOR",
      "jobs.history|\\n  \\r\\n| CONDOR",
      "jobs.history.gz|| CONDOR",
      "x.ad|*** banner\\n\\n-- Schedd: s.example.org : <10.0.0.1:9618>\\n| CONDOR",
      "x.dat|*** banner\\n| CONDOR",
      "jobs.json|\\n| CONDOR_JSON",
      "jobs.dat|\\n\\n| JSONL",
      "jobs.csv|| CSV",
      "jobs.csv|\\r\\n\\n| CSV"})
  void open_inputWithoutRecords_readsAsZeroRecords_inTheFormatItsNameSuggests(String name, String content,
      RecordFormat expected, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    byte[] bytes = (content == null ? "" : content.replace("\\n", "\n").replace("\\r", "\r"))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (name.endsWith(".gz")) {
      java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
      try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
        gz.write(bytes);
      }
      bytes = bos.toByteArray();
    }
    java.nio.file.Path p = java.nio.file.Files.write(dir.resolve(name), bytes);
    try (RecordInput in = RecordInput.builder(p).open()) {
      assertThat(in.format()).isEqualTo(expected);
      assertThat(in.next()).isNull();
    }
    if (expected == RecordFormat.CSV) {
      return; // CSV is detected from content only as a header and a row with a comma
    }
    // content that is not empty still has to be recognised
    java.nio.file.Path q = java.nio.file.Files.writeString(dir.resolve("text-" + name.replace(".gz", "")), "hello there\n");
    assertThatThrownBy(() -> RecordInput.builder(q).open()).hasMessageContaining("cannot detect");
  }
}
