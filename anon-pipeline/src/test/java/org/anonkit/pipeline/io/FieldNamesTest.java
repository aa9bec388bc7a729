package org.anonkit.pipeline.io;

import static org.anonkit.pipeline.io.IoTesting.read;
import static org.anonkit.pipeline.io.IoTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.anonkit.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One field-name rule for every row format (review 46, F2): a name that reads as a value never reaches output. */
class FieldNamesTest {
  /** Names that are values: each must be refused, and never appear in a reason. */
  static final List<String> NOT_NAMES = List.of("zqfieldname@fnal.gov", "131.225.77.77", "2001:db8::7",
      "/home/zqjdoe", "CN=zqjdoe", "/DC=org/CN=Zq Doe", "@zqjdoe", "12345", "-zq", ".zq", " zq", "zq:x",
      "zq/x", "zq\tx", "zq\"x", "zq\\x", "zq,x", "zq=x", "(zq)", "zq\u00a0x", "zq\u2028x");

  /** Names as real job records spell them: each must pass in every format. */
  static final List<String> NAMES = List.of("Owner", "MATCH_EXP_JOB_Site", "x509userproxysubject", "@timestamp",
      "@version", "@metadata", "_id", "_source.Owner", "host.name", "Job Id", "job-id", "\u00e9tat", "Zq_1.2-3 x");

  /** An independent spelling of the rule: java.util.regex's Unicode classes. */
  private static final Pattern ORACLE =
      Pattern.compile("@timestamp|@version|@metadata|[\\p{L}_][\\p{L}\\p{Nd}_. -]*");

  private static boolean oracle(String n) {
    return ORACLE.matcher(n).matches();
  }

  @Test
  void isFieldName_examples() {
    for (String n : NOT_NAMES) {
      assertThat(FieldNames.isFieldName(n)).as(n).isFalse();
    }
    for (String n : NAMES) {
      assertThat(FieldNames.isFieldName(n)).as(n).isTrue();
    }
    assertThat(FieldNames.isFieldName("")).isFalse();
    assertThat(FieldNames.isFieldName("@timestampx")).isFalse();
    assertThat(FieldNames.isFieldName("\ud835\udc00bc")).isTrue(); // a supplementary letter first
    assertThat(FieldNames.isFieldName("a\ud800")).isFalse(); // a lone surrogate is no letter
  }

  @Test
  void isFieldName_agreesWithRegexOracle_onRandomStrings() {
    SplittableRandom rnd = new SplittableRandom(46);
    String alphabet = "aZ_9.- @/:\t\u00e9\u0663\u00a0\u2028=,\"\\";
    int[] supplementary = {0x1d400, 0x1f600, 0x10400};
    int checked = 0;
    for (int k = 0; k < 200_000; k++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(1, 7);
      for (int i = 0; i < len; i++) {
        if (rnd.nextInt(10) == 0) {
          sb.appendCodePoint(supplementary[rnd.nextInt(supplementary.length)]);
        } else {
          sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
      }
      String n = sb.toString();
      assertThat(FieldNames.isFieldName(n)).as("%s", n.codePoints().boxed().toList()).isEqualTo(oracle(n));
      checked++;
    }
    assertThat(checked).isEqualTo(200_000);
  }

  @Test
  void classAdAttributeGrammar_admitsFieldNamesOnly() {
    // ClassAdParser's own grammar is a subset of the rule: every start character is a name alone, and every
    // part character after a letter
    int starts = 0;
    int parts = 0;
    for (int c = 0; c < 256; c++) {
      byte b = (byte) c;
      if (ClassAdParser.isNameStart(b)) {
        starts++;
        assertThat(FieldNames.isFieldName(String.valueOf((char) c))).as("start %d", c).isTrue();
      }
      if (ClassAdParser.isNamePart(b)) {
        parts++;
        assertThat(FieldNames.isFieldName("a" + (char) c)).as("part %d", c).isTrue();
      }
    }
    assertThat(starts).isEqualTo(53);
    assertThat(parts).isEqualTo(64);
  }

  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static String body(RecordFormat f, List<String> objects) {
    return f == RecordFormat.JSONL ? String.join("\n", objects) + "\n" : "[\n" + String.join(",\n", objects) + "\n]\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "CONDOR_JSON"})
  void json_keyThatIsNoFieldName_malformedRecord_reasonGivesPosition_neverTheName(String format) {
    RecordFormat f = RecordFormat.valueOf(format);
    List<String> objects = new ArrayList<>();
    for (String bad : NOT_NAMES) {
      // twice each: the second time the parser's caches answer, and must answer the same
      objects.add("{\"Owner\":\"a\",\"JobStatus\":4," + jsonString(bad) + ":1}");
      objects.add("{\"Owner\":\"a\",\"JobStatus\":4," + jsonString(bad) + ":{\"x\":1}}");
    }
    StringBuilder good = new StringBuilder("{");
    for (String n : NAMES) {
      good.append(jsonString(n)).append(":1,");
    }
    objects.add(good.append("\"zq\":{\"nested@key.example\":1}}").toString()); // nested keys are values
    for (int chunk : new int[] {64, 1 << 20}) {
      IoTesting.Result r = read(utf8(body(f, objects)), f, chunk);
      assertThat(r.malformed).hasSize(2 * NOT_NAMES.size());
      for (MalformedRecord m : r.malformed) {
        assertThat(m.reason()).startsWith("field 3's name is not a field name (");
        for (String bad : NOT_NAMES) {
          assertThat(m.reason()).doesNotContain(bad.strip()).doesNotContain("zq");
        }
      }
      assertThat(r.records).hasSize(1);
      FieldRecord rec = r.records.get(0);
      assertThat(rec.size()).isEqualTo(NAMES.size() + 1);
      for (int i = 0; i < NAMES.size(); i++) {
        assertThat(rec.name(i)).isEqualTo(NAMES.get(i));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "CONDOR_JSON"})
  void json_badKey_sameVerdictWithAFilteringParser(String format) throws Exception {
    // a parser that reads some fields only (a command's projection) must refuse the same records: the name is
    // checked before the filter, so every pass of a run sees the same rows
    RecordFormat f = RecordFormat.valueOf(format);
    String body = body(f, List.of("{\"Owner\":\"a\"}", "{\"Owner\":\"b\",\"zq@example.org\":\"x\"}",
        "{\"131.225.77.77\":true,\"Owner\":\"c\"}", "{\"\":1}"));
    IoTesting.Result some = new IoTesting.Result();
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(utf8(body))).format(f).open()) {
      ChunkParser p = in.newParser(n -> n.equalsIgnoreCase("owner"));
      for (Chunk c; (c = in.next()) != null; ) {
        p.parse(c, some);
      }
    }
    assertThat(some.records).extracting(FieldRecord::row).containsExactly(1L);
    assertThat(some.malformed).extracting(MalformedRecord::reason).containsExactly(
        FieldNames.reason(2), FieldNames.reason(1), "field 1 has an empty name");
  }

  @Test
  void json_manyDistinctBadKeys_pastTheTablesBound_allRefused() {
    // past NameTable's bound verdicts are not kept: they are computed again, never assumed
    List<String> objects = new ArrayList<>();
    int n = NameTable.MAX_NAMES + 500;
    for (int i = 0; i < n; i++) {
      objects.add("{\"k" + i + "\":1,\"" + i + "@zq.example\":2}");
    }
    IoTesting.Result r = read(utf8(body(RecordFormat.JSONL, objects)), RecordFormat.JSONL, 1 << 20);
    assertThat(r.records).isEmpty();
    assertThat(r.malformed).hasSize(n).allSatisfy(m -> assertThat(m.reason()).isEqualTo(FieldNames.reason(2)));
  }

  @Test
  void condor_attributeNameThatIsNoFieldName_alreadyMalformedByTheGrammar() {
    String ad = "Owner = \"a\"\nzq@fnal.gov = 1\n\nOwner = \"b\"\n131.225.77.77 = 1\n\nOwner = \"c\"\n"
        + "MATCH_EXP_JOB_Site = \"x\"\nx509userproxysubject = \"/DC=org/CN=c\"\n";
    IoTesting.Result r = read(utf8(ad), RecordFormat.CONDOR, 1 << 20);
    assertThat(r.records).hasSize(1);
    assertThat(r.malformed).hasSize(2).allSatisfy(m -> assertThat(m.reason()).doesNotContain("zq").doesNotContain("131"));
  }

  @Test
  void csv_headerCellThatIsNoFieldName_refusedByPosition() {
    for (String bad : NOT_NAMES) {
      if (bad.indexOf(',') >= 0 || bad.indexOf('"') >= 0 || bad.indexOf('\t') >= 0 || bad.startsWith(" ")) {
        continue; // not one cell, or not the cell as written
      }
      byte[] in = utf8("Owner," + bad + "\na,b\n");
      assertThatThrownBy(() -> RecordInput.builder(new ByteArrayInputStream(in)).format(RecordFormat.CSV).open())
          .as(bad).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("column 2 is not a field name").hasMessageNotContaining(bad).hasMessageNotContaining("zq");
    }
    IoTesting.Result r = read(utf8(String.join(",", NAMES) + "\n" + "1,".repeat(NAMES.size() - 1) + "1\n"),
        RecordFormat.CSV, 1 << 20);
    assertThat(r.malformed).isEmpty();
    assertThat(r.records).hasSize(1);
  }
}
