package org.anonkit.pipeline.io;

import static org.anonkit.pipeline.io.IoTesting.read;
import static org.anonkit.pipeline.io.IoTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedInputTest {
  private static final String SECRET = "jdoe-secret-7731";

  private static void assertNoLeak(IoTesting.Result r) {
    for (MalformedRecord m : r.malformed) {
      assertThat(m.reason()).doesNotContain(SECRET).doesNotContain("jdoe");
      assertThat(m.toString()).doesNotContain(SECRET).doesNotContain("jdoe");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 1 << 20})
  void jsonl_brokenLine_reportedWithRowAndLine_othersRead(int chunk) {
    String in = "{\"Owner\":\"a\"}\n\n{\"Owner\":\"" + SECRET + "\n{\"Owner\":\"c\"}\n[1,2]\n"
        + "{\"Owner\":\"d\"} x\n{\"Owner\":\"e\"}";
    IoTesting.Result r = read(utf8(in), RecordFormat.JSONL, chunk);
    assertThat(r.records).extracting(FieldRecord::row).containsExactly(1L, 3L, 6L);
    assertThat(r.records).extracting(x -> x.text(0)).containsExactly("a", "c", "e");
    assertThat(r.malformed).extracting(MalformedRecord::row).containsExactly(2L, 4L, 5L);
    assertThat(r.malformed).extracting(MalformedRecord::line).containsExactly(3L, 5L, 6L);
    assertThat(new String(r.malformed.get(0).rawBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"Owner\":\"" + SECRET + "\n");
    assertNoLeak(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "CONDOR_JSON"})
  void newParserWithFilter_readsWantedFieldsOnly_sameMalformedRecords(String name) throws Exception {
    RecordFormat f = RecordFormat.valueOf(name);
    // every kind of scalar, nested values, and broken values in fields the filter rejects:
    // a bad escape, a raw control character, a bad number, a truncated object
    String[] lines = {
        "{\"Owner\":\"a\",\"Cmd\":\"/bin/x \\\"q\\\" \\u00e9\",\"N\":12,\"R\":1.5e3,\"B\":true,\"U\":null,"
            + "\"L\":[1,{\"x\":\"y\"}],\"O\":{\"k\":[]},\"E\":\"/Expr(a+b)/\",\"uSER\":\"b\"}",
        "{\"Cmd\":\"bad \\q escape\",\"Owner\":\"" + SECRET + "\"}",
        "{\"Cmd\":\"raw \u0001 control\",\"Owner\":\"c\"}",
        "{\"N\":01,\"Owner\":\"d\"}",
        "{\"Owner\":\"e\",\"N\":-}",
        "{\"Owner\":\"f\",\"L\":[1,2}",
        "{\"Owner\":\"g\"}"};
    String body = f == RecordFormat.JSONL ? String.join("\n", lines) + "\n" : "[\n" + String.join(",\n", lines) + "\n]\n";
    IoTesting.Result all = read(utf8(body), f, 1 << 20);
    IoTesting.Result some = new IoTesting.Result();
    try (RecordInput in = RecordInput.builder(new java.io.ByteArrayInputStream(utf8(body))).format(f).open()) {
      ChunkParser p = in.newParser(n -> n.equalsIgnoreCase("owner") || n.equalsIgnoreCase("user") || n.equals("L"));
      for (Chunk c; (c = in.next()) != null; ) {
        p.parse(c, some);
      }
    }
    assertThat(some.malformed).extracting(MalformedRecord::row)
        .isEqualTo(all.malformed.stream().map(MalformedRecord::row).collect(java.util.stream.Collectors.toList()));
    assertThat(some.malformed).extracting(MalformedRecord::reason)
        .isEqualTo(all.malformed.stream().map(MalformedRecord::reason).collect(java.util.stream.Collectors.toList()));
    assertThat(all.malformed).isNotEmpty();
    assertThat(some.records).extracting(FieldRecord::row)
        .isEqualTo(all.records.stream().map(FieldRecord::row).collect(java.util.stream.Collectors.toList()));
    for (int k = 0; k < all.records.size(); k++) {
      FieldRecord full = all.records.get(k);
      FieldRecord kept = some.records.get(k);
      FieldRecord expected = new FieldRecord();
      for (int i = 0; i < full.size(); i++) {
        if (full.name(i).equalsIgnoreCase("owner") || full.name(i).equalsIgnoreCase("user") || full.name(i).equals("L")
            || full.kind(i) == FieldKind.JSON) {
          expected.add(full.name(i), full.kind(i), full.text(i));
        }
      }
      assertThat(kept.sameFields(expected)).as("row %d", full.row()).isTrue();
    }
    assertThat(some.records.get(0).size()).isEqualTo(4); // Owner, L, O (nested: always read), uSER
  }

  @Test
  void jsonl_invalidUtf8_isMalformedWithRow() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(utf8("{\"a\":\"ok\"}\n{\"a\":\""));
    b.write(0xc3); // truncated two-byte sequence
    b.write(0x28);
    b.writeBytes(utf8("\"}\n{\"a\":\"\u00e9\"}\n{\"a\":\""));
    b.write(0xed); // encoded surrogate U+D800
    b.write(0xa0);
    b.write(0x80);
    b.writeBytes(utf8("\"}\n"));
    IoTesting.Result r = read(b.toByteArray(), RecordFormat.JSONL, 1 << 20);
    assertThat(r.records).extracting(FieldRecord::row).containsExactly(1L, 3L);
    assertThat(r.malformed).extracting(MalformedRecord::row).containsExactly(2L, 4L);
    assertThat(r.malformed.get(0).reason()).contains("UTF-8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "CSV", "CONDOR", "CONDOR_JSON"})
  void hugeRecord_isMalformedAndTruncated_neighboursRead(String name) {
    RecordFormat f = RecordFormat.valueOf(name);
    String big = "x".repeat(50_000);
    String in;
    switch (f) {
      case JSONL:
        in = "{\"a\":\"1\"}\n{\"a\":\"" + big + "\"}\n{\"a\":\"3\"}\n";
        break;
      case CSV:
        in = "a\n1\n\"" + big + "\"\n3\n";
        break;
      case CONDOR:
        in = "a = \"1\"\n\na = \"" + big + "\"\nb = 2\n\na = \"3\"\n";
        break;
      default:
        in = "[\n{\"a\":\"1\"},\n{\"a\":\"" + big + "\"},\n{\"a\":\"3\"}\n]\n";
    }
    String record = in.substring(in.indexOf(f == RecordFormat.CSV ? "\"xx" : (f == RecordFormat.CONDOR ? "a = \"x" : "{\"a\":\"x")));
    for (int chunk : new int[] {1, 100, 1 << 20}) {
      IoTesting.Result r = read(utf8(in), f, chunk, 4096);
      assertThat(r.records).extracting(x -> x.text(0)).containsExactly("1", "3");
      assertThat(r.records.get(0).row()).isEqualTo(1);
      MalformedRecord m = r.malformed.get(0);
      assertThat(m.row()).isEqualTo(2);
      assertThat(m.truncated()).isTrue();
      assertThat(m.rawLength()).isEqualTo(4096);
      assertThat(m.reason()).contains("4096");
      assertWholeRecordQuarantined(r, record);
    }
  }

  /**
   * The oversized record's first bytes, then the rest of it in parts, each a quarantined row right after the
   * other, so that together they hold every byte of the record (and the separators it ends with); rows in =
   * rows out + quarantined. Until 2026-11-27 the rest was skipped, in neither output (acceptance test 38).
   */
  private static void assertWholeRecordQuarantined(IoTesting.Result r, String recordAndAfter) {
    StringBuilder all = new StringBuilder();
    long row = r.malformed.get(0).row();
    for (MalformedRecord m : r.malformed) {
      assertThat(m.row()).isEqualTo(row++);
      if (m != r.malformed.get(0)) {
        assertThat(m.reason()).startsWith("the rest of the oversized record before it");
        assertThat(m.truncated()).isFalse();
      }
      all.append(new String(m.rawBytes(), StandardCharsets.UTF_8));
    }
    assertThat(recordAndAfter).startsWith(all.toString());
    assertThat(all.length()).isGreaterThan(recordAndAfter.indexOf("xxxx\"") + 4); // past the record's last x
    assertThat(r.records.get(r.records.size() - 1).row()).isEqualTo(row); // the next record's row follows
  }

  /**
   * A record longer than the splitter's buffer (64 KiB with small chunks) as well as the limit: JSON
   * lines, CSV rows and -long lines learn that a segment holds a record only at its line end, so the
   * splitter took the record's first buffers for separators and dropped them; the tail was reported
   * as the record (not truncated, a misleading reason, wrong line), or, when the tail was blank, the
   * record vanished from the count.
   */
  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "JSONL_BLANK_TAIL", "CSV", "CONDOR", "CONDOR_JSON"})
  void hugeRecord_longerThanTheBuffer_isOneTruncatedMalformedRecord_withItsStart(String name) {
    String big = "x".repeat(300_000);
    String in;
    long line = 2;
    switch (name) {
      case "JSONL":
        in = "{\"a\":\"1\"}\n{\"a\":\"" + big + "\"}\n{\"a\":\"3\"}\n";
        break;
      case "JSONL_BLANK_TAIL":
        in = "{\"a\":\"1\"}\n{\"a\":\"" + big + "\"}" + " ".repeat(300_000) + "\n{\"a\":\"3\"}\n";
        break;
      case "CSV":
        in = "a\n1\n\"" + big.replace("xxxxx", "xx\nxx") + "\"\n3\n";
        line = 3;
        break;
      case "CONDOR":
        in = "a = \"1\"\n\na = \"" + big + "\"\nb = 2\n\na = \"3\"\n";
        line = 3;
        break;
      default:
        in = "[\n{\"a\":\"1\"},\n{\"a\":\"" + big + "\"},\n{\"a\":\"3\"}\n]\n";
        line = 3;
    }
    RecordFormat f = RecordFormat.valueOf(name.replace("_BLANK_TAIL", ""));
    String start = in.substring(in.indexOf(f == RecordFormat.CSV ? "\"xx" : (f == RecordFormat.CONDOR ? "a = \"x" : "{\"a\":\"x")));
    for (int chunk : new int[] {1, 100, 4096}) {
      IoTesting.Result r = read(utf8(in), f, chunk, 4096);
      assertThat(r.records).extracting(x -> x.text(0)).containsExactly("1", "3");
      assertThat(r.records.get(0).row()).isEqualTo(1);
      assertWholeRecordQuarantined(r, start);
      MalformedRecord m = r.malformed.get(0);
      assertThat(m.row()).isEqualTo(2);
      assertThat(m.line()).isEqualTo(line);
      assertThat(m.truncated()).isTrue();
      assertThat(m.reason()).isEqualTo("record longer than the maximum of 4096 bytes");
      assertThat(m.rawLength()).isEqualTo(4096);
      assertThat(new String(m.rawBytes(), StandardCharsets.UTF_8)).isEqualTo(start.substring(0, 4096));
    }
  }

  @Test
  void hugeRecord_manyMegabytes_memoryStaysBounded() {
    // 64 MiB line with a 1 MiB limit: the splitter must skip it, not buffer it.
    int size = 64 << 20;
    byte[] data = new byte[size + 40];
    byte[] head = utf8("{\"a\":\"");
    System.arraycopy(head, 0, data, 0, head.length);
    java.util.Arrays.fill(data, head.length, size, (byte) 'y');
    byte[] tail = utf8("\"}\n{\"a\":\"z\"}\n");
    System.arraycopy(tail, 0, data, size, tail.length);
    IoTesting.Result r = read(java.util.Arrays.copyOf(data, size + tail.length), RecordFormat.JSONL,
        1 << 16, 1 << 20);
    assertThat(r.records).hasSize(1);
    assertThat(r.malformed.get(0).truncated()).isTrue();
    // the whole line is quarantined, in parts of at most a buffer each (the splitter never holds the line)
    assertThat(r.malformed.stream().mapToLong(MalformedRecord::rawLength).sum()).isEqualTo(size + 3); // and "\"}\n"
    assertThat(r.malformed.stream().mapToLong(MalformedRecord::rawLength).max().getAsLong()).isLessThanOrEqualTo(4 << 20);
    assertThat(r.records.get(0).row()).isEqualTo(r.malformed.size() + 1);
  }

  @Test
  void csv_wrongCellCountAndBadQuotes_malformedWithRowAndLine() {
    String in = "Owner,ExitCode\r\njdoe,0\r\n" + SECRET + "\r\n\"a\"b,1\r\nx\"y,2\r\n"
        + "\"multi\nline\",3\r\nok,4\r\n";
    IoTesting.Result r = read(utf8(in), RecordFormat.CSV, 1 << 20);
    assertThat(r.records).extracting(FieldRecord::row).containsExactly(1L, 5L, 6L);
    assertThat(r.records.get(1).text(0)).isEqualTo("multi\nline");
    assertThat(r.records.get(2).line()).isEqualTo(8);
    assertThat(r.malformed).extracting(MalformedRecord::row).containsExactly(2L, 3L, 4L);
    assertThat(r.malformed).extracting(MalformedRecord::line).containsExactly(3L, 4L, 5L);
    assertThat(r.malformed.get(1).reason()).isEqualTo("cell 1 (Owner): text after a closing quote");
    assertThat(r.malformed.get(2).reason()).isEqualTo("cell 1 (Owner): quote inside an unquoted cell");
    assertNoLeak(r);
  }

  /**
   * A stray quote opens a quoted field that nothing closes: every later row belongs to that field, as RFC
   * 4180 reads it, and none of them may be read as a row (a line of a real multi-line field read as a row
   * puts a dropped column's text into a kept one: review 38). Within the maximum record size the rest of the
   * input is one malformed record, cut off by its end; past it, the record's first bytes and then the rest in
   * parts: every byte quarantined, none read, none dropped (until 2026-11-27 the rest past the maximum was
   * skipped: a 400,000-row file read as 10 rows, its tail in neither output, acceptance test 38).
   */
  @Test
  void csv_strayQuote_restOfTheInputQuarantinedWhole_nothingReadNothingDropped() {
    StringBuilder b = new StringBuilder("Owner,ExitCode,Note\n");
    for (int i = 1; i <= 2_000; i++) {
      b.append(i == 10 ? "user9,1,\"note unterminated\r\n" : "user" + i + "," + (i % 2) + ",note " + i + "\n");
    }
    String in = b.toString();
    String tail = in.substring(in.indexOf("user9,1,\""));
    for (int max : new int[] {1 << 20, 4096}) {
      for (int chunk : new int[] {1, 100, 1 << 20}) {
        IoTesting.Result r = read(utf8(in), RecordFormat.CSV, chunk, max);
        assertThat(r.records).as("max %d, chunk %d", max, chunk).hasSize(9);
        MalformedRecord m = r.malformed.get(0);
        assertThat(m.row()).isEqualTo(10);
        assertThat(m.line()).isEqualTo(11);
        StringBuilder all = new StringBuilder();
        r.malformed.forEach(x -> all.append(new String(x.rawBytes(), StandardCharsets.UTF_8)));
        assertThat(all.toString()).isEqualTo(tail);
        if (max == 4096) {
          assertThat(m.truncated()).isTrue();
          assertThat(r.malformed.get(1).line()).isEqualTo(11 + tail.substring(0, 4096).chars().filter(c -> c == '\n').count());
        } else {
          assertThat(r.malformed).hasSize(1);
          assertThat(m.reason()).contains("end of the input");
        }
      }
    }
  }

  @Test
  void csv_unterminatedQuoteAtEnd_isMalformed() {
    IoTesting.Result r = read(utf8("a,b\n1,2\n\"open,3\n"), RecordFormat.CSV, 1 << 20);
    assertThat(r.records).hasSize(1);
    assertThat(r.malformed).hasSize(1);
    assertThat(r.malformed.get(0).reason()).contains("end of the input");
  }

  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "CONDOR_JSON", "CONDOR"})
  void repeatedFieldName_anyCase_makesTheRecordMalformed_namingTheField(String name) throws Exception {
    RecordFormat f = RecordFormat.valueOf(name);
    String[][] ads = {
        {"Owner", "\"a\"", "JobStatus", "2"},
        {"Owner", "\"b\"", "Cmd", "\"x\"", "OWNER", "\"" + SECRET + "\""},
        {"ClaimId", "\"c\"", "claimid", "\"" + SECRET + "\""},
        {"Owner", "\"d\"", "Owner", "\"" + SECRET + "\""},
        {"Owner", "\"e\"", "owner2", "\"f\""}};
    StringBuilder in = new StringBuilder(f == RecordFormat.CONDOR_JSON ? "[\n" : "");
    for (int k = 0; k < ads.length; k++) {
      String[] ad = ads[k];
      if (f == RecordFormat.CONDOR) {
        for (int i = 0; i < ad.length; i += 2) {
          in.append(ad[i]).append(" = ").append(ad[i + 1]).append('\n');
        }
        in.append('\n');
      } else {
        in.append('{');
        for (int i = 0; i < ad.length; i += 2) {
          in.append(i == 0 ? "" : ",").append('"').append(ad[i]).append("\":").append(ad[i + 1]);
        }
        in.append('}').append(f == RecordFormat.CONDOR_JSON && k < ads.length - 1 ? "," : "").append('\n');
      }
    }
    if (f == RecordFormat.CONDOR_JSON) {
      in.append("]\n");
    }
    IoTesting.Result r = read(utf8(in.toString()), f, 1 << 20);
    assertThat(r.records).extracting(FieldRecord::row).containsExactly(1L, 5L);
    assertThat(r.malformed).extracting(MalformedRecord::row).containsExactly(2L, 3L, 4L);
    assertThat(r.malformed).extracting(MalformedRecord::reason).allSatisfy(reason ->
        assertThat(reason).contains("appears twice"));
    assertThat(r.malformed.get(0).reason()).contains("'OWNER'");
    assertThat(r.malformed.get(1).reason()).contains("'claimid'");
    assertNoLeak(r);
    // the dictionary pass's filtered parser rejects the same records, even when the repeated field is
    // one it skips
    if (f != RecordFormat.CONDOR) {
      IoTesting.Result some = new IoTesting.Result();
      try (RecordInput input = RecordInput.builder(new java.io.ByteArrayInputStream(utf8(in.toString()))).format(f).open()) {
        ChunkParser p = input.newParser(n -> n.equals("JobStatus"));
        for (Chunk c; (c = input.next()) != null; ) {
          p.parse(c, some);
        }
      }
      assertThat(some.malformed).extracting(MalformedRecord::row).containsExactly(2L, 3L, 4L);
    }
  }

  @Test
  void repeatedFieldNames_manyDistinctNamesAcrossRecords_stillFound() {
    // more distinct names than the duplicate finder keeps: it starts over between records, never within one
    StringBuilder in = new StringBuilder();
    int records = 3 * DuplicateNames.MAX_NAMES / 50;
    for (int k = 0; k < records; k++) {
      in.append('{');
      for (int i = 0; i < 50; i++) {
        in.append(i == 0 ? "" : ",").append("\"f").append(k).append('_').append(i).append("\":1");
      }
      in.append(k % 7 == 3 ? ",\"F" + k + "_0\":2" : "").append("}\n");
    }
    IoTesting.Result r = read(utf8(in.toString()), RecordFormat.JSONL, 1 << 16);
    assertThat(r.malformed).extracting(MalformedRecord::row)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, records).filter(k -> k % 7 == 3)
            .map(k -> k + 1).boxed().collect(java.util.stream.Collectors.toList()));
    assertThat(r.records).hasSize(records - r.malformed.size());
  }

  @Test
  void csv_headerThatIsNotFieldNames_isRejected_noValueInTheMessage() {
    // a CSV written without a header row: its first record must not become column names in clear
    for (String first : new String[] {SECRET + "@fnal.gov,0", "jdoe,131.225.1.2,0", "/home/jdoe/x,1", "Owner,owner",
        "@,1", "@jdoe,1", "@Timestamp,1", "jdoe,@fnal.gov"}) {
      byte[] data = utf8(first + "\nbob,131.225.1.3,1\n");
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> read(data, RecordFormat.CSV, 1 << 20)))
          .as(first).hasMessageContaining("CSV header").hasMessageNotContaining(SECRET)
          .hasMessageNotContaining("jdoe").hasMessageNotContaining("131.225");
    }
    assertThat(read(utf8("Owner,Job Id,exit-code,x.y,_u32,Größe\na,1,0,2,3,4\n"), RecordFormat.CSV, 1 << 20).records)
        .hasSize(1);
    // Elasticsearch / Logstash metadata, as a CSV written from such JSON lines names it
    assertThat(read(utf8("@timestamp,@version,@metadata,Owner\n2026-11-26T09:00:00Z,1,,a\n"), RecordFormat.CSV, 1 << 20).records)
        .singleElement().satisfies(r -> assertThat(r.name(0)).isEqualTo("@timestamp"));
  }

  @Test
  void condor_badLine_makesOnlyItsAdMalformed() {
    String in = "Owner = \"a\"\nJobStatus = 2\n\nOwner = \"" + SECRET + "\"\nthis is not an ad\n\n"
        + "Owner = \"b\"\nArgs = \"unterminated\n\n*** banner\nOwner = \"c\"\n";
    IoTesting.Result r = read(utf8(in), RecordFormat.CONDOR, 1 << 20);
    assertThat(r.records).extracting(x -> x.text(0)).containsExactly("a", "c");
    assertThat(r.records).extracting(FieldRecord::row).containsExactly(1L, 4L);
    assertThat(r.records).extracting(FieldRecord::line).containsExactly(1L, 11L);
    assertThat(r.malformed).extracting(MalformedRecord::row).containsExactly(2L, 3L);
    assertThat(r.malformed.get(0).reason()).startsWith("line 5:");
    assertThat(r.malformed.get(1).reason()).startsWith("line 8:");
    assertNoLeak(r);
  }

  /**
   * A line whose first non-blank character is '#' is a comment, as HTCondor's reader of -long files takes
   * it: skipped before, inside and between ads, never starting or ending one, written nowhere; a '#'
   * later in a line is the line's. The real samples' provenance headers quarantined their first ad.
   */
  @Test
  void condor_commentLines_skippedAnywhere_neverStartOrEndAnAd() {
    String in = "# header naming " + SECRET + "\n  # indented\n#\nOwner = \"a\"\n# inside the ad\nArgs = \"# not a comment\"\n"
        + "\t#\tanother " + SECRET + "\nJobStatus = 2\n\n# between ads\n\n#\nOwner = \"b\"\n-- Schedd: s : <1.2.3.4:9618>\n"
        + "# before the last\nOwner = \"c\"\n# at the end, no line end";
    for (int chunk : new int[] {1, 2, 3, 7, 16, 64, 1 << 20}) {
      IoTesting.Result r = read(utf8(in), RecordFormat.CONDOR, chunk);
      assertThat(r.malformed).as("chunk %d", chunk).isEmpty();
      assertThat(r.records).as("chunk %d", chunk).hasSize(3);
      FieldRecord a = r.records.get(0);
      assertThat(a.size()).isEqualTo(3);
      assertThat(a.text(a.indexOf("Args"))).isEqualTo("# not a comment");
      assertThat(a.text(a.indexOf("JobStatus"))).isEqualTo("2");
      assertThat(r.records).extracting(x -> x.text(0)).containsExactly("a", "b", "c");
      assertThat(r.records).extracting(FieldRecord::line).containsExactly(4L, 13L, 16L);
      assertNoLeak(r);
    }
    assertThat(RecordFormat.sniff(utf8(in), in.length())).contains(RecordFormat.CONDOR);
    // a comment does not hide a broken line after it: the ad is malformed, and reported at that line
    IoTesting.Result bad = read(utf8("# c\nOwner = \"a\"\n# c\nnot an attribute\n"), RecordFormat.CONDOR, 1 << 20);
    assertThat(bad.records).isEmpty();
    assertThat(bad.malformed).singleElement().satisfies(m -> assertThat(m.reason()).startsWith("line 4:"));
    // comments only: zero records, as blank lines or banners only
    assertThat(read(utf8("# only\n# comments\n"), RecordFormat.CONDOR, 1 << 20).records).isEmpty();
  }

  /** Text between condor -json objects is quarantined a line at a time (it was cut at every comma and bracket). */
  @Test
  void condorJson_junkLines_oneMalformedRowEach() {
    String in = "// a comment, with [brackets], commas\n 123.0  9  " + SECRET + "\n[\n{\"a\":1}, junk, more ] {\"a\":2}\n]\n";
    for (int chunk : new int[] {1, 5, 1 << 20}) {
      IoTesting.Result r = read(utf8(in), RecordFormat.CONDOR_JSON, chunk);
      assertThat(r.records).extracting(x -> x.text(0)).containsExactly("1", "2");
      assertThat(r.malformed).as("chunk %d", chunk).extracting(MalformedRecord::line).containsExactly(1L, 2L, 4L);
      assertNoLeak(r);
    }
  }

  @Test
  void condorJson_junkAndCutOffObject_reported() {
    String in = "[\n{\"a\":1},\n 42 ,\n{\"a\":2},\n{\"a\":\"" + SECRET + "\"";
    IoTesting.Result r = read(utf8(in), RecordFormat.CONDOR_JSON, 1 << 20);
    assertThat(r.records).extracting(x -> x.text(0)).containsExactly("1", "2");
    assertThat(r.malformed).extracting(MalformedRecord::row).containsExactly(2L, 4L);
    assertThat(r.malformed).extracting(MalformedRecord::line).containsExactly(3L, 5L);
    assertNoLeak(r);
  }

  @Test
  void condorJson_bracesInsideStrings_doNotCutRecords() {
    String in = "[{\"a\":\"}{]\\\"[\",\"b\":{\"c\":[1,{\"d\":\"}\"}]}},{\"a\":\"x\"}]";
    for (int chunk : new int[] {1, 5, 1 << 20}) {
      IoTesting.Result r = read(utf8(in), RecordFormat.CONDOR_JSON, chunk);
      assertThat(r.malformed).isEmpty();
      assertThat(r.records).hasSize(2);
      assertThat(r.records.get(0).text(0)).isEqualTo("}{]\"[");
      assertThat(r.records.get(0).kind(1)).isEqualTo(FieldKind.JSON);
      assertThat(r.records.get(0).text(1)).isEqualTo("{\"c\":[1,{\"d\":\"}\"}]}");
    }
  }

  /**
   * A damaged ad (a quote or its closing brace lost) ran on to the end of the input: one malformed
   * record swallowed every ad after it (found by {@code CorruptedInputTest}: 100 of 120 ads in one
   * quarantined row). It now ends before the line where the next ad starts, in HTCondor's layout (an
   * attribute a line, ads between "{" and "}" lines, "," between ads) and one ad a line alike.
   */
  @Test
  void condorJson_damagedAd_endsWhereTheNextAdStarts() {
    String lostQuote = "[\n{\n  \"Owner\": \"" + SECRET + ",\n  \"ClusterId\": 1\n}\n,\n{\n  \"Owner\": \"b\"\n}\n,\n{\n  \"Owner\": \"c\"\n}\n]\n";
    String lostBrace = "[\n{\n  \"Owner\": \"" + SECRET + "\",\n  \"ClusterId\": 1\n\n,\n{\n  \"Owner\": \"b\"\n}\n,\n{\n  \"Owner\": \"c\"\n}\n]\n";
    String oneLine = "[\n{\"Owner\":\"" + SECRET + "\",\"Cmd\":\"x},\n{\"Owner\":\"b\"},\n{\"Owner\":\"c\",\"N\":{\"x\":1}\n{\"Owner\":\"d\"}\n]\n";
    for (int chunk : new int[] {1, 7, 1 << 20}) {
      for (String in : List.of(lostQuote, lostBrace)) {
        IoTesting.Result r = read(utf8(in), RecordFormat.CONDOR_JSON, chunk);
        assertThat(r.records).as("chunk %d", chunk).extracting(x -> x.text(0)).containsExactly("b", "c");
        assertThat(r.malformed).extracting(MalformedRecord::row).containsExactly(1L);
        assertThat(r.malformed).extracting(MalformedRecord::line).containsExactly(2L);
        assertNoLeak(r);
      }
      IoTesting.Result r = read(utf8(oneLine), RecordFormat.CONDOR_JSON, chunk);
      assertThat(r.records).as("chunk %d", chunk).extracting(x -> x.text(0)).containsExactly("b", "d");
      assertThat(r.malformed).extracting(MalformedRecord::line).containsExactly(2L, 4L);
      assertNoLeak(r);
      // review 32: objects in a list, written without indentation (json.dump(indent=0)), are no ads' starts
      String indent0 = "[\n{\n\"Owner\": \"a\",\n\"L\": [\n{\n\"x\": 1\n},\n{\n\"x\": 2\n}\n]\n},\n{\n\"Owner\": \"b\"\n}\n]\n";
      IoTesting.Result valid = read(utf8(indent0), RecordFormat.CONDOR_JSON, chunk);
      assertThat(valid.malformed).as("chunk %d", chunk).isEmpty();
      assertThat(valid.records).extracting(x -> x.text(0)).containsExactly("a", "b");
      // review 33: ads that are themselves indented (jq .), damaged either way, end where the next starts
      String jqQuote = "[\n  {\n    \"Owner\": \"" + SECRET + ",\n    \"L\": [\n      {\"x\": 1}\n    ]\n  },\n  {\n    \"Owner\": \"b\"\n  }\n]\n";
      String jqBrace = "[\n  {\n    \"Owner\": \"" + SECRET + "\",\n    \"X\": 1\n  ,\n  {\n    \"Owner\": \"b\"\n  }\n]\n";
      for (String in : List.of(jqQuote, jqBrace)) {
        IoTesting.Result jq = read(utf8(in), RecordFormat.CONDOR_JSON, chunk);
        assertThat(jq.records).as("chunk %d", chunk).extracting(x -> x.text(0)).containsExactly("b");
        assertThat(jq.malformed).extracting(MalformedRecord::line).containsExactly(2L);
        assertNoLeak(jq);
      }
      // a damaged ad whose '{' damage joined to the line before: as far in as the ads before it
      String joined = "[\n  {\n    \"Owner\": \"a\"\n  },  {\n    \"Owner\": \"" + SECRET + ",\n    \"X\": 1\n  },\n  {\n"
          + "    \"Owner\": \"c\"\n  }\n]\n";
      IoTesting.Result j = read(utf8(joined), RecordFormat.CONDOR_JSON, chunk);
      assertThat(j.records).as("chunk %d", chunk).extracting(x -> x.text(0)).containsExactly("a", "c");
      assertThat(j.malformed).extracting(MalformedRecord::line).containsExactly(4L);
      assertNoLeak(j);
    }
  }

  /**
   * Review 34: a nested object written on a line of its own after its ':' (valid JSON, in column 0 or
   * indented) is read as written, not cut as the start of the next ad; an ad indented on the input's first
   * line, tab indentation and CRLF line ends re-synchronize like the rest.
   */
  @Test
  void condorJson_nestedObjectOnItsOwnLine_isRead_andOtherLayoutsResynchronize() {
    String allman = "[\n  {\n    \"Owner\": \"a\",\n    \"Notes\":\n    {\n      \"JobStatus\": \"x\"\n    }\n  },\n"
        + "  {\n    \"Owner\": \"b\",\n    \"N\":\n   {\n\"x\": 1\n}\n  }\n]\n";
    String firstLine = "  {\n    \"Owner\": \"" + SECRET + ",\n    \"X\": 1\n  }\n  {\n    \"Owner\": \"b\"\n  }\n";
    String tabs = "[\n\t{\n\t\t\"Owner\": \"" + SECRET + ",\n\t\t\"X\": 1\n\t},\n\t{\n\t\t\"Owner\": \"b\"\n\t}\n]\n";
    String crlfQuote = "[\r\n  {\r\n    \"Owner\": \"" + SECRET + ",\r\n    \"X\": 1\r\n  },\r\n  {\r\n"
        + "    \"Owner\": \"b\"\r\n  }\r\n]\r\n";
    String crlfBrace = "[\r\n  {\r\n    \"Owner\": \"" + SECRET + "\",\r\n    \"X\": 1\r\n  ,\r\n  {\r\n"
        + "    \"Owner\": \"b\"\r\n  }\r\n]\r\n";
    // review 35: an ad cut off right after a key, the next ad's '{' no further in than its own: cut there; a
    // broken ad indented on the first line re-synchronizes at ads less far in; an ad that ends after a ':'
    // leaves no trace in the next one's reading
    String cutAfterKey = "[\n{\n  \"Owner\": \"" + SECRET + "\",\n  \"Cmd\":\n{\n  \"Owner\": \"b\"\n}\n,\n{\n  \"Owner\": \"c\"\n}\n]\n";
    String lessIndented = "  {\"Owner\": \"" + SECRET + "\n{\"Owner\": \"b\"}\n{\"Owner\": \"c\"}\n";
    String colonEnd = "{\"Owner\": \"" + SECRET + "\", \"a\":}\n{\n  {\"Owner\": \"b\"}\n{\"Owner\": \"c\"}\n";
    for (int chunk : new int[] {1, 7, 1 << 20}) {
      IoTesting.Result cut = read(utf8(cutAfterKey), RecordFormat.CONDOR_JSON, chunk);
      assertThat(cut.records).as("chunk %d", chunk).extracting(x -> x.text(0)).containsExactly("b", "c");
      assertThat(cut.malformed).extracting(MalformedRecord::line).containsExactly(2L);
      IoTesting.Result less = read(utf8(lessIndented), RecordFormat.CONDOR_JSON, chunk);
      assertThat(less.records).as("chunk %d", chunk).extracting(x -> x.text(0)).containsExactly("b", "c");
      assertThat(less.malformed).extracting(MalformedRecord::line).containsExactly(1L);
      IoTesting.Result colon = read(utf8(colonEnd), RecordFormat.CONDOR_JSON, chunk);
      assertThat(colon.records).as("chunk %d", chunk).extracting(x -> x.text(0)).containsExactly("b", "c");
      assertThat(colon.malformed).extracting(MalformedRecord::line).containsExactly(1L, 2L);
      for (IoTesting.Result r : List.of(cut, less, colon)) {
        assertNoLeak(r);
      }
      IoTesting.Result valid = read(utf8(allman), RecordFormat.CONDOR_JSON, chunk);
      assertThat(valid.malformed).as("chunk %d", chunk).isEmpty();
      assertThat(valid.records).extracting(x -> x.text(0)).containsExactly("a", "b");
      // review 36: keys as far in as the ad's '{', and an ad whose '{' is not first on its line
      for (String in : List.of("[\n  {\n  \"Owner\": \"a\",\n  \"Notes\":\n  {\n    \"x\": 1\n  }\n  },\n  {\n  \"Owner\": \"b\"\n  }\n]\n",
          "        {\"Owner\": \"a\"}\n[{\"Owner\": \"b\", \"Notes\":\n  {\"x\": 1}}]\n")) {
        IoTesting.Result v = read(utf8(in), RecordFormat.CONDOR_JSON, chunk);
        assertThat(v.malformed).as("chunk %d: %s", chunk, in).isEmpty();
        assertThat(v.records).extracting(x -> x.text(0)).containsExactly("a", "b");
      }
      assertThat(valid.records.get(0).size()).isEqualTo(2);
      long firstLineOfDamage = 1;
      for (String in : List.of(firstLine, tabs, crlfQuote, crlfBrace)) {
        IoTesting.Result r = read(utf8(in), RecordFormat.CONDOR_JSON, chunk);
        assertThat(r.records).as("chunk %d: %s", chunk, in).extracting(x -> x.text(0)).containsExactly("b");
        assertThat(r.malformed).extracting(MalformedRecord::line).containsExactly(firstLineOfDamage);
        assertNoLeak(r);
        firstLineOfDamage = 2;
      }
    }
  }

  @Test
  void jacksonErrors_doNotEchoValues() {
    IoTesting.Result r = read(utf8("{\"Owner\": " + SECRET + "}\n"), RecordFormat.JSONL, 1 << 20);
    assertThat(r.malformed).hasSize(1);
    assertNoLeak(r);
  }
}
