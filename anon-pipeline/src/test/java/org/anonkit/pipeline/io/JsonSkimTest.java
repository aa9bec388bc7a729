package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.anonkit.pipeline.generate.JobGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JsonSkim}, the filtered parse's fast path, against the jackson path it stands in for: on random
 * records, valid and broken, it accepts only records that jackson accepts, with the same wanted fields;
 * and a filtered parser with it gives the same verdicts, reasons and wanted fields as one without it.
 */
class JsonSkimTest {
  private static final int MAX = 1 << 20;
  private static final Set<String> WANTED = Set.of("owner", "x509userproxysubject", "user", "acctgroupuser", "image");
  private static final Predicate<String> IS_WANTED = n -> WANTED.contains(n.toLowerCase(Locale.ROOT));
  private static final String[] NAMES = {"Owner", "OWNER", "owner", "User", "x509UserProxySubject", "AcctGroupUser",
      "Image", "ClusterId", "ProcId", "JobStatus", "Args", "Environment", "HoldReason", "RemoteHost", "Cmd", "Iwd",
      "MATCH_EXP_JOB_Site", "NumJobStarts", "a", "Größe", "K\u212a", "kk", "Cpus", "Memory"};

  @Test
  void randomRecords_skimAcceptsOnlyWhatJacksonAccepts_withTheSameWantedFields() {
    Random rnd = new Random(42);
    NameTable table = new NameTable();
    JsonSkim skim = new JsonSkim(new NameTable.Cache(table), IS_WANTED);
    JsonRecordParser reference = new JsonRecordParser(JsonSupport.factory(MAX), table, MAX, IS_WANTED, false);
    int accepted = 0;
    int valid = 0;
    int n = 60_000;
    for (int k = 0; k < n; k++) {
      byte[] b = record(rnd);
      if (Utf8.firstInvalid(b, 0, b.length) >= 0) {
        continue; // BaseParser's: never reaches decode
      }
      FieldRecord fast = new FieldRecord();
      boolean ok = skim.read(b, 0, b.length, fast);
      reference.record.reset(1, 1);
      String reason = reference.decode(b, 0, b.length, 1);
      if (reason == null) {
        valid++;
      }
      if (ok) {
        accepted++;
        assertThat(reason).as("jackson's verdict on a record the skim accepted: %s", show(b)).isNull();
        assertThat(wanted(fast)).as(show(b)).isEqualTo(wanted(reference.record));
      }
    }
    // the generator makes both kinds; the skim takes a good share of the valid ones (it leaves to jackson
    // the records with escaped or non-ASCII names and the wanted strings with escapes, which this generator
    // makes often, and generated job ads never)
    assertThat(valid).isBetween(n / 5, n - n / 5);
    assertThat(accepted).isGreaterThan(valid / 3);
  }

  @Test
  void randomRecords_filteredParserWithAndWithoutTheSkim_sameVerdictsReasonsAndWantedFields() {
    Random rnd = new Random(7);
    NameTable table = new NameTable();
    JsonRecordParser withSkim = new JsonRecordParser(JsonSupport.factory(MAX), table, MAX, IS_WANTED, true);
    JsonRecordParser without = new JsonRecordParser(JsonSupport.factory(MAX), table, MAX, IS_WANTED, false);
    for (int k = 0; k < 40_000; k++) {
      byte[] b = record(rnd);
      if (Utf8.firstInvalid(b, 0, b.length) >= 0) {
        continue;
      }
      withSkim.record.reset(k + 1, 3);
      without.record.reset(k + 1, 3);
      String r1 = withSkim.decode(b, 0, b.length, 3);
      String r2 = without.decode(b, 0, b.length, 3);
      assertThat(r1).as(show(b)).isEqualTo(r2);
      if (r1 == null) {
        assertThat(wanted(withSkim.record)).as(show(b)).isEqualTo(wanted(without.record));
        assertThat(withSkim.record.row()).isEqualTo(k + 1);
        assertThat(withSkim.record.line()).isEqualTo(3);
      }
    }
  }

  @Test
  void manyDistinctNames_tableStartsOverBetweenRecords_andStillAgrees() {
    NameTable table = new NameTable();
    JsonRecordParser withSkim = new JsonRecordParser(JsonSupport.factory(MAX), table, MAX, IS_WANTED, true);
    JsonRecordParser without = new JsonRecordParser(JsonSupport.factory(MAX), table, MAX, IS_WANTED, false);
    for (int r = 0; r < 30; r++) {
      StringBuilder sb = new StringBuilder("{\"Owner\": \"u" + r + "\"");
      for (int f = 0; f < (r == 7 ? 6000 : 700); f++) { // record 7 alone overflows the table: jackson reads it
        sb.append(", \"f").append(r).append('_').append(f).append("\": ").append(f);
      }
      byte[] b = sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
      withSkim.record.reset(r + 1, r + 1);
      without.record.reset(r + 1, r + 1);
      assertThat(withSkim.decode(b, 0, b.length, r + 1)).isNull();
      assertThat(without.decode(b, 0, b.length, r + 1)).isNull();
      assertThat(wanted(withSkim.record)).isEqualTo(wanted(without.record)).containsExactly("Owner STRING u" + r);
    }
  }

  @Test
  void generatedAds_everyRecordSkimmed_sameWantedFieldsAsJackson(@TempDir Path dir) throws IOException {
    Path input = dir.resolve("jobs.jsonl");
    JobGenerator.builder().seed(5).users(40).build().write(input, 3000);
    assertSameAsJackson(input, RecordFormat.JSONL, true);
  }

  @Test
  void condorJsonSample_sameWantedFieldsAsJackson() throws IOException {
    Path dir = IoTesting.samplesDir();
    assumeTrue(dir != null, "shared/data/htcondor-samples not found beside the repository; skipped");
    Path p = dir.resolve("04-osg-jlab-held-job-2021.json.txt");
    assumeTrue(Files.exists(p), p.getFileName() + " absent; skipped");
    assertSameAsJackson(p, RecordFormat.CONDOR_JSON, true);
  }

  /** Every record of {@code input} through the filtered parser and through jackson alone: same wanted fields. */
  private static void assertSameAsJackson(Path input, RecordFormat format, boolean allSkimmed) throws IOException {
    NameTable table = new NameTable();
    JsonSkim skim = new JsonSkim(new NameTable.Cache(table), IS_WANTED);
    JsonRecordParser without = new JsonRecordParser(JsonSupport.factory(MAX), table, MAX, IS_WANTED, false);
    int records = 0;
    int skimmed = 0;
    try (RecordInput in = RecordInput.builder(input).format(format).open()) {
      for (Chunk c; (c = in.next()) != null; ) {
        for (int r = 0; r < c.count; r++) {
          if (c.flags[r] != 0) {
            continue; // framing's (the array's brackets and separators are no records)
          }
          FieldRecord fast = new FieldRecord();
          boolean ok = skim.read(c.data, c.starts[r], c.ends[r], fast);
          without.record.reset(1, 1);
          assertThat(without.decode(c.data, c.starts[r], c.ends[r], 1)).isNull();
          records++;
          if (ok) {
            skimmed++;
            assertThat(wanted(fast)).isEqualTo(wanted(without.record)).isNotEmpty();
          }
        }
      }
    }
    assertThat(records).isPositive();
    if (allSkimmed) {
      assertThat(skimmed).isEqualTo(records);
    }
  }

  /** The wanted fields of a record, in order, as "name KIND text". */
  private static List<String> wanted(FieldRecord r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      if (IS_WANTED.test(r.name(i))) {
        out.add(r.name(i) + " " + r.kind(i) + " " + r.text(i));
      }
    }
    return out;
  }

  private static String show(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A random JSON object, valid about half the time, otherwise broken in one of many ways. */
  private static byte[] record(Random rnd) {
    StringBuilder sb = new StringBuilder();
    ws(rnd, sb);
    object(rnd, sb, 0, true);
    ws(rnd, sb);
    String s = sb.toString();
    if (rnd.nextBoolean()) {
      s = mutate(rnd, s);
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String mutate(Random rnd, String s) {
    int at = s.isEmpty() ? 0 : rnd.nextInt(s.length());
    String[] bits = {"\"", "\\", ",", ":", "{", "}", "[", "]", "0", "-", ".", "e", "\u0001", "\t", "x", " ", "\\u12",
        "\\q", "tru", "nul", "01", "1.", "+1", "\uFEFF"};
    switch (rnd.nextInt(5)) {
      case 0:
        return s.substring(0, at) + s.substring(Math.min(s.length(), at + 1)); // delete one character
      case 1:
        return s.substring(0, at) + bits[rnd.nextInt(bits.length)] + s.substring(at); // insert
      case 2:
        return s.substring(0, at); // cut
      case 3:
        return s + bits[rnd.nextInt(bits.length)]; // trailing content
      default: // a name repeated, in another case
        int q = s.indexOf("\"Owner\"");
        return q < 0 ? "{\"owner\": 1, " + s.substring(Math.min(1, s.length())) : s.replaceFirst("\"Owner\"", "\"Owner\": 1, \"OWNER\"");
    }
  }

  private static void object(Random rnd, StringBuilder sb, int depth, boolean top) {
    sb.append('{');
    int fields = rnd.nextInt(top ? 12 : 4);
    for (int f = 0; f < fields; f++) {
      if (f > 0) {
        sb.append(',');
      }
      ws(rnd, sb);
      String name = top && f < NAMES.length && rnd.nextInt(3) > 0 ? NAMES[rnd.nextInt(NAMES.length)] : "n" + f;
      if (rnd.nextInt(20) == 0) {
        name = name.substring(0, 1) + "\\u0041" + name.substring(1); // an escaped name
      }
      sb.append('"').append(name).append('"');
      ws(rnd, sb);
      sb.append(':');
      ws(rnd, sb);
      value(rnd, sb, depth);
      ws(rnd, sb);
    }
    sb.append('}');
  }

  private static void value(Random rnd, StringBuilder sb, int depth) {
    switch (rnd.nextInt(depth > 3 ? 6 : 8)) {
      case 0:
      case 1:
      case 2:
        string(rnd, sb);
        break;
      case 3:
        number(rnd, sb);
        break;
      case 4:
        sb.append(new String[] {"true", "false", "null"}[rnd.nextInt(3)]);
        break;
      case 5:
        sb.append("\"/Expr(").append(rnd.nextInt(100)).append(" + x)/\"");
        break;
      case 6:
        if (rnd.nextInt(40) == 0) { // deep nesting, past the skim's limit (and sometimes jackson's)
          int d = 20 + rnd.nextInt(60);
          sb.append("[".repeat(d)).append("1").append("]".repeat(d));
        } else {
          object(rnd, sb, depth + 1, false);
        }
        break;
      default:
        sb.append('[');
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          ws(rnd, sb);
          value(rnd, sb, depth + 1);
          ws(rnd, sb);
        }
        sb.append(']');
        break;
    }
  }

  private static void string(Random rnd, StringBuilder sb) {
    sb.append('"');
    int n = rnd.nextInt(30);
    String[] pieces = {"a", "jdoe", "/home/x", " ", "é", "漢", "\uD83D\uDE00", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9",
        "\\t", "CN=Jane Doe", "0123456789abcdef", "'", "\\b\\f\\r"};
    for (int i = 0; i < n; i++) {
      sb.append(pieces[rnd.nextInt(pieces.length)]);
    }
    sb.append('"');
  }

  private static void number(Random rnd, StringBuilder sb) {
    String[] forms = {"0", "-0", "7", "-12", "123456789012", "3.25", "-0.5", "1e9", "1E+9", "2.5e-3", "10",
        "99999999999999999999999", "0.000001"};
    sb.append(forms[rnd.nextInt(forms.length)]);
  }

  private static void ws(Random rnd, StringBuilder sb) {
    int k = rnd.nextInt(10);
    if (k == 0) {
      sb.append(' ');
    } else if (k == 1) {
      sb.append(" \t\r\n".charAt(rnd.nextInt(4)));
    }
  }
}
