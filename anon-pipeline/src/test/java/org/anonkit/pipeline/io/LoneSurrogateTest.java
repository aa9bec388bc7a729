package org.anonkit.pipeline.io;

import static org.anonkit.pipeline.io.IoTesting.read;
import static org.anonkit.pipeline.io.IoTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Review 46, F6: a JSON escape of an unpaired UTF-16 surrogate (backslash, u, D800) made a string that no
 * UTF-8 text can hold. In a field hashed with rule {@code fail} it stopped the whole run; in free text it went
 * through to the output as a lone-surrogate escape or U+FFFD. Such a record is now malformed, as invalid UTF-8
 * is: quarantined, its reason giving the field's position, never the value.
 */
class LoneSurrogateTest {
  private static final String BS = "\\";

  /** The escape as it stands in JSON text: a backslash, 'u', then four hexadecimal digits. */
  private static String esc(String hex) {
    return BS + "u" + hex;
  }

  /** A plain reference for hasSurrogateEscape: escapes read one at a time, a char at a time. */
  private static boolean referenceEscape(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) == '\\') {
        if (i + 3 < t.length() && t.charAt(i + 1) == 'u' && "dD".indexOf(t.charAt(i + 2)) >= 0
            && "89abcdefABCDEF".indexOf(t.charAt(i + 3)) >= 0) {
          return true;
        }
        i++; // the escaped character
      }
    }
    return false;
  }

  @Test
  void hasSurrogateEscape_agreesWithReference_atEveryOffsetAndLength() {
    SplittableRandom rnd = new SplittableRandom(6);
    String alphabet = "\\\\\\uuudD8fF0a\"x\u00e9";
    int found = 0;
    int longRuns = 0;
    for (int k = 0; k < 100_000; k++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(0, 100); // past 32 bytes too: the four-word loop
      boolean sparse = rnd.nextBoolean(); // long runs without a backslash, as JSON mostly is
      for (int i = 0; i < len; i++) {
        char c = alphabet.charAt(rnd.nextInt(alphabet.length()));
        sb.append(sparse && c == '\\' && rnd.nextInt(16) != 0 ? 'x' : c);
      }
      byte[] raw = sb.toString().getBytes(StandardCharsets.UTF_8);
      int pre = rnd.nextInt(0, 9);
      int post = rnd.nextInt(0, 9);
      byte[] b = new byte[pre + raw.length + post];
      java.util.Arrays.fill(b, 0, pre, (byte) '\\'); // around the range: must not be read
      // after it, what would complete an escape cut at the range's end
      byte[] tail = List.of("ud8ud8ud8", "d8d8d8d8d", "888888888").get(rnd.nextInt(3)).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(tail, 0, b, pre + raw.length, post);
      System.arraycopy(raw, 0, b, pre, raw.length);
      boolean expected = referenceEscape(sb.toString());
      if (sb.indexOf("\\") < 0 ? sb.length() >= 32 : sb.indexOf("\\") >= 32) {
        longRuns++;
      }
      assertThat(JsonRecordParser.hasSurrogateEscape(b, pre, pre + raw.length)).as(sb.toString()).isEqualTo(expected);
      found += expected ? 1 : 0;
    }
    assertThat(found).isBetween(1_000, 99_000);
    assertThat(longRuns).isGreaterThan(1_000);
  }

  @Test
  void unpairedSurrogate_agreesWithUtf8RoundTrip() {
    SplittableRandom rnd = new SplittableRandom(7);
    char[] alphabet = {'a', '\u00e9', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '\uffff'};
    int unpaired = 0;
    for (int k = 0; k < 100_000; k++) {
      char[] c = new char[rnd.nextInt(0, 8)];
      for (int i = 0; i < c.length; i++) {
        c[i] = alphabet[rnd.nextInt(alphabet.length)];
      }
      String t = new String(c);
      // independent: String.getBytes replaces an unpaired surrogate, so the round trip changes the text
      boolean expected = !t.equals(new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
      assertThat(JsonRecordParser.unpairedSurrogate(t)).isEqualTo(expected);
      unpaired += expected ? 1 : 0;
    }
    assertThat(unpaired).isBetween(1_000, 99_000);
  }

  private static String body(RecordFormat f, List<String> objects) {
    return f == RecordFormat.JSONL ? String.join("\n", objects) + "\n" : "[\n" + String.join(",\n", objects) + "\n]\n";
  }

  static final List<String> OBJECTS = List.of(
      "{\"Owner\":\"zq" + esc("d800") + "doe\",\"JobStatus\":4}", // 1: a lone high surrogate
      "{\"JobStatus\":4,\"AccountingGroup\":\"group_dune.zq" + esc("DC00") + "\"}", // 2: a lone low one
      "{\"Owner\":\"a\",\"Cmd\":{\"args\":[\"zq" + esc("dbff") + "\"]}}", // 3: inside a nested value
      "{\"Owner\":\"a\",\"Cmd\":\"zq" + esc("de00") + esc("d83d") + "\"}", // 4: a pair the wrong way round
      "{\"Owner\":\"zq" + esc("d83d") + esc("de00") + "\"}", // 5: a pair (an emoji): text
      "{\"Owner\":\"zq" + BS + BS + "ud800\"}", // 6: an escaped backslash, then text
      "{\"Owner\":\"" + esc("00e9") + esc("D7FF") + esc("e000") + "\"}", // 7: around the surrogates: text
      "{\"Owner\":\"a\",\"Cmd\":\"/bin/x " + BS + "\"q" + BS + "\"\"}"); // 8: other escapes

  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "CONDOR_JSON"})
  void loneSurrogateEscape_malformedRecord_reasonGivesPositionNotValue(String format) {
    RecordFormat f = RecordFormat.valueOf(format);
    for (int chunk : new int[] {16, 1 << 20}) {
      IoTesting.Result r = read(utf8(body(f, OBJECTS)), f, chunk);
      assertThat(r.malformed).extracting(MalformedRecord::row).containsExactly(1L, 2L, 3L, 4L);
      assertThat(r.malformed).extracting(MalformedRecord::reason).containsExactly(JsonRecordParser.loneSurrogate(1),
          JsonRecordParser.loneSurrogate(2), JsonRecordParser.loneSurrogate(2), JsonRecordParser.loneSurrogate(2));
      for (MalformedRecord m : r.malformed) {
        assertThat(m.reason()).doesNotContain("zq").doesNotContain("d800");
        assertThat(new String(m.rawBytes(), StandardCharsets.UTF_8)).contains("zq"); // kept for the quarantine
      }
      assertThat(r.records).extracting(FieldRecord::row).containsExactly(5L, 6L, 7L, 8L);
      assertThat(r.records.get(0).text(0)).isEqualTo("zq\ud83d\ude00");
      assertThat(r.records.get(1).text(0)).isEqualTo("zq\\ud800");
      assertThat(r.records.get(2).text(0)).isEqualTo("\u00e9\ud7ff\ue000");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "CONDOR_JSON"})
  void loneSurrogateInASkippedField_filteringParserRefusesTheSameRecords(String format) throws Exception {
    RecordFormat f = RecordFormat.valueOf(format);
    IoTesting.Result some = new IoTesting.Result();
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(utf8(body(f, OBJECTS)))).format(f).open()) {
      ChunkParser p = in.newParser(n -> n.equals("JobStatus")); // Owner, AccountingGroup and Cmd skipped
      for (Chunk c; (c = in.next()) != null; ) {
        p.parse(c, some);
      }
    }
    IoTesting.Result all = read(utf8(body(f, OBJECTS)), f, 1 << 20);
    assertThat(some.malformed).extracting(MalformedRecord::reason)
        .isEqualTo(all.malformed.stream().map(MalformedRecord::reason).toList());
    assertThat(some.records).extracting(FieldRecord::row).containsExactly(5L, 6L, 7L, 8L);
  }
}
