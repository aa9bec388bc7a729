package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.anonkit.pipeline.generate.JobGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonRecordParser}'s byte-level fast path against its jackson-core path: for every record,
 * valid or not, the same outcome (null or the same reason) and the same fields, kinds and texts, with
 * and without a field filter. Records: generated job ads, the real condor-json sample (read in place
 * from {@code ../shared/data/htcondor-samples/}), hand-written edge cases and seeded random mutations.
 */
class JsonFastPathTest {
  private static final int MAX = 1 << 20;
  private static final Predicate<String> DICTIONARY_FIELDS = n -> Set.of("owner", "user", "x509userproxysubject",
      "notifyuser", "a", "n").contains(n.toLowerCase(java.util.Locale.ROOT));

  // one parser per path and filter for a whole test, as in a run: the fast path remembers the previous
  // record's field names by position
  private JsonRecordParser[] parsers;

  @org.junit.jupiter.api.BeforeEach
  void newParsers() {
    NameTable names = new NameTable();
    parsers = new JsonRecordParser[] {
        new JsonRecordParser(JsonSupport.factory(MAX), names, MAX, DICTIONARY_FIELDS, true),
        new JsonRecordParser(JsonSupport.factory(MAX), names, MAX, DICTIONARY_FIELDS, false),
        new JsonRecordParser(JsonSupport.factory(MAX), names, MAX, null, true),
        new JsonRecordParser(JsonSupport.factory(MAX), names, MAX, null, false)};
  }

  /** Decodes with both paths; returns whether the fast path decided it (without falling back). */
  private boolean compare(byte[] rec, Predicate<String> wanted, String what) {
    JsonRecordParser fast = parsers[wanted == null ? 2 : 0];
    JsonRecordParser slow = parsers[wanted == null ? 3 : 1];
    if (Utf8.firstInvalid(rec, 0, rec.length) >= 0) {
      return false; // BaseParser rejects it before decoding
    }
    fast.record.reset(1, 1);
    slow.record.reset(1, 1);
    boolean decided = fast.fastDecode(rec, 0, rec.length);
    fast.record.reset(1, 1);
    String a = fast.decode(rec, 0, rec.length, 1);
    String b = slow.decode(rec, 0, rec.length, 1);
    assertThat(a).as("outcome of %s", what).isEqualTo(b);
    if (a == null) {
      assertThat(describe(fast.record)).as("fields of %s", what).isEqualTo(describe(slow.record));
    }
    if (decided) {
      assertThat(b).as("jackson-core accepts what the fast path decoded: %s", what).isNull();
    }
    return decided;
  }

  private static List<String> describe(FieldRecord r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      out.add(r.name(i) + "|" + r.kind(i) + "|" + r.text(i));
    }
    return out;
  }

  private static List<byte[]> generated(int records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JobGenerator.builder().seed(5).build().write(out, JobGenerator.Format.JSONL, records);
    List<byte[]> lines = new ArrayList<>();
    for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(l.getBytes(StandardCharsets.UTF_8));
    }
    return lines;
  }

  @Test
  void decode_generatedRecords_fastPathDecidesAndMatchesJackson() throws IOException {
    int decided = 0;
    List<byte[]> lines = generated(300);
    for (int i = 0; i < lines.size(); i++) {
      for (Predicate<String> w : java.util.Arrays.asList(DICTIONARY_FIELDS, null)) {
        if (compare(lines.get(i), w, "generated record " + i)) {
          decided++;
        }
      }
    }
    assertThat(decided).as("records the fast path decoded").isEqualTo(2 * lines.size());
  }

  @Test
  void decode_edgeCases_sameOutcomeAsJackson() {
    String[] cases = {
        "{}", " { } ", "{\"a\":1}", "{\"a\":-0,\"b\":1.5e-3,\"c\":2E+10,\"d\":0.0}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":truex}", "{\"a\":true,\"b\":false,\"c\":null}",
        "{\"a\":nul}", "{\"a\":\"x\\\"y\\\\z\\/\\b\\f\\n\\r\\t\"}", "{\"a\":\"\\u00e9\\u0041\\u0000\"}",
        "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"tab\there\"}", "{\"a\":\"é日本\"}", "{\"é\":\"x\"}", "{\"\":1}", "{\"a\":1,}", "{\"a\":1 \"b\":2}",
        "{\"a\" : \"x\" , \"b\" :\t2\r\n}", "{\"a\":{\"b\":1}}", "{\"a\":[1,2]}", "{\"a\":[]}", "[1]", "\"x\"", "1",
        "{\"a\":1}x", "{\"a\":1} ", "{\"a\":1}\n", "{\"a\":1}{}", "{\"a\":\"/Expr(x)/\"}", "{\"a\":\"/Expr()/\"}",
        "{\"a\":\"/Expr(\"}", "{\"a\":\"/Expr(\\u0029/\"}", "{\"a\":NaN}", "{\"a\":Infinity}", "{a:1}", "{'a':1}",
        "{\"a\":'x'}", "{\"a\":\"x}", "{\"a", "{", "", "   ", "{\"a\":1,\"a\":2}", "{\"A\":1,\"N\":\"x\",\"n\":3}",
        "{\"a\\\"b\":1}", "{\"a\\u0062\":1}", "{\"a\":" + "9".repeat(600) + "}", "{\"a\":" + "9".repeat(1200) + "}",
        "{\"" + "k".repeat(1200) + "\":1}", "\uFEFF{\"a\":1}", "{\"a\":1}\u0000", "{\"a\":\u0001}", "{\"a\":-1.0E-0}"};
    for (String c : cases) {
      for (Predicate<String> w : java.util.Arrays.asList(DICTIONARY_FIELDS, null)) {
        compare(c.getBytes(StandardCharsets.UTF_8), w, "case '" + c.replace("\n", "\\n") + "'");
      }
    }
  }

  @Test
  void decode_seededRandomMutations_sameOutcomeAsJackson() throws IOException {
    List<byte[]> lines = generated(60);
    byte[] alphabet = "\"\\{}[],:0123456789-.eE+tfnrlsu \t\n\r/ax\u0001".getBytes(StandardCharsets.ISO_8859_1);
    String[] inserts = {"\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\x", "\\\"", "é", "{}", "[1]", "null", "true",
        "-0.5e+2", "01", "\"\":", ",", "\\u0000"};
    Random rnd = new Random(20261125L);
    int decided = 0;
    int total = 0;
    for (int k = 0; k < 12_000; k++) {
      byte[] base = lines.get(rnd.nextInt(lines.size()));
      // a slice keeps records short, so mutations hit structure often
      int from = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(base.length / 2);
      StringBuilder sb = new StringBuilder();
      if (from > 0) {
        sb.append('{');
        int q = indexOf(base, (byte) ',', from);
        from = q < 0 ? base.length - 1 : q + 1;
      }
      sb.append(new String(base, from, base.length - from, StandardCharsets.UTF_8));
      int muts = 1 + rnd.nextInt(3);
      for (int m = 0; m < muts && sb.length() > 0; m++) {
        int at = rnd.nextInt(sb.length());
        switch (rnd.nextInt(4)) {
          case 0:
            sb.deleteCharAt(at);
            break;
          case 1:
            sb.insert(at, (char) alphabet[rnd.nextInt(alphabet.length)]);
            break;
          case 2:
            sb.setCharAt(at, (char) alphabet[rnd.nextInt(alphabet.length)]);
            break;
          default:
            sb.insert(at, inserts[rnd.nextInt(inserts.length)]);
            break;
        }
      }
      byte[] rec = sb.toString().getBytes(StandardCharsets.UTF_8);
      Predicate<String> w = rnd.nextBoolean() ? DICTIONARY_FIELDS : null;
      if (compare(rec, w, "mutation " + k)) {
        decided++;
      }
      total++;
    }
    assertThat(decided).as("mutated records the fast path still decided").isBetween(total / 10, total - total / 10);
  }

  @Test
  void decode_realCondorJsonSample_sameFieldsAsJackson() throws IOException {
    Path dir = IoTesting.samplesDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(dir != null,
        "shared/data/htcondor-samples not found beside the repository; skipped");
    Path p = dir.resolve("04-osg-jlab-held-job-2021.json.txt");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(p), "sample 04 absent; skipped");
    String text = Files.readString(p, StandardCharsets.UTF_8);
    String object = text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1);
    for (Predicate<String> w : java.util.Arrays.asList(DICTIONARY_FIELDS, null)) {
      compare(object.getBytes(StandardCharsets.UTF_8), w, "sample 04");
    }
  }

  @Test
  void plainEnd_seededRandomBytes_firstQuoteBackslashOrControlByte() {
    Random rnd = new Random(3);
    byte[] pool = {'"', '\\', 0, 1, 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0x5c, 0x22, (byte) 0x80, (byte) 0xa2, (byte) 0xdc,
        (byte) 0xff, 'a', 'z', '0', ' ', 0x7f};
    for (int k = 0; k < 100_000; k++) {
      byte[] b = new byte[rnd.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = rnd.nextInt(4) == 0 ? pool[rnd.nextInt(pool.length)] : (byte) ('a' + rnd.nextInt(26));
      }
      int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int expected = from;
      while (expected < b.length && b[expected] != '"' && b[expected] != '\\' && (b[expected] & 0xff) >= 0x20) {
        expected++;
      }
      assertThat(JsonRecordParser.plainEnd(b, from, b.length)).as("case %d", k).isEqualTo(expected);
    }
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
