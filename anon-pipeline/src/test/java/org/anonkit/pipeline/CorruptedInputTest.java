package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.anonkit.InvalidInputException;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.RecordFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated job ads in each row format, damaged at random places (bytes flipped, cut out, repeated,
 * invalid UTF-8, control characters, line breaks, junk lines), then anonymized with the shipped policy
 * as a data owner would run it. Whatever the damage: the run ends normally (a broken record is
 * quarantined, not fatal), rows in = rows out + quarantined, {@code share/} is byte-identical for one
 * and three threads, the quarantine stays under {@code private/}, and no identity that an undamaged
 * record holds appears anywhere under {@code share/} (values held only by damaged records are left out
 * of that scan: a damaged attribute name makes its value free text, which is scrubbed but cannot be
 * known as a user name unless some record names that user in an identity field).
 */
class CorruptedInputTest {
  private static final int ADS = 120;
  /** Damaged inputs per format; {@code -Danonkit.corruptedInputSeeds=200} for a longer hunt. */
  private static final long SEEDS = Long.getLong("anonkit.corruptedInputSeeds", 6);

  @TempDir static Path tmp;
  static Policy policy;
  static byte[] policySource;
  static JobGenerator generator;

  @BeforeAll
  static void setUp() throws IOException {
    Path file = HtcondorPolicyTest.policyFile();
    policySource = Files.readAllBytes(file);
    policy = PolicyJson.read(file);
    generator = JobGenerator.builder().seed(77).users(40).build();
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String format : List.of("jsonl", "csv", "condor", "condor-json")) {
      for (long seed = 1; seed <= SEEDS; seed++) {
        all.add(Arguments.of(format, seed % 2 == 1 ? "hmac" : "fpe", seed));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}, {1}, seed {2}")
  @MethodSource("cases")
  void run_damagedInput_endsNormally_accountsForEveryRow_deterministic_noCleanIdentityLeaks(String format, String mode,
      long seed) throws IOException {
    // condor -json in three layouts: one ad a line; HTCondor's (an attribute a line, "," between ads);
    // and jq's (the same, indented)
    Input clean = generate(format, (int) (seed / 2 % 3));
    Random rnd = new Random(seed * 7919 + format.hashCode());
    MasterKey key = key(seed); // a failing case replays exactly: same input, damage and key
    Damaged damaged = damage(clean, rnd, 10);
    String name = format + "-" + seed;
    Path in = tmp.resolve(name + ".in");
    Files.write(in, damaged.bytes);
    List<String> values = HtcondorPolicyTest.withoutIpImages(policy, key, inUntouched(clean, damaged.touched));
    assertThat(values).as("identities of undamaged records to look for").hasSizeGreaterThan(20);

    RecordFormat fmt = RecordFormat.fromName(format);
    RunReport one;
    RunReport three;
    try {
      one = run(in, fmt, mode, key, tmp.resolve(name + "-t1"), 1);
    } catch (InvalidInputException e) {
      // fpe mode's Owner rule says "onFailure": "fail": a damaged owner name outside FF1's alphabet stops
      // the run with an error naming field and row, never the value, on any thread count
      assertThat(mode).isEqualTo("fpe");
      assertThat(e.field()).isNotNull();
      assertThat(e.row()).isPositive();
      assertThat(e.getMessage()).contains(e.field());
      for (String v : values) {
        assertThat(e.getMessage().toLowerCase(Locale.ROOT)).doesNotContain(v.toLowerCase(Locale.ROOT));
      }
      InvalidInputException again = org.assertj.core.api.Assertions.catchThrowableOfType(
          () -> run(in, fmt, mode, key, tmp.resolve(name + "-t3"), 3), InvalidInputException.class);
      assertThat(again).as("three threads fail too").isNotNull();
      assertThat(again.field()).isEqualTo(e.field());
      return;
    }
    three = run(in, fmt, mode, key, tmp.resolve(name + "-t3"), 3);

    for (RunReport r : List.of(one, three)) {
      assertThat(r.rowsIn()).as("rows in = out + quarantined").isEqualTo(r.rowsOut() + r.quarantined());
      assertThat(r.rowsIn()).as("rows in").isGreaterThanOrEqualTo(ADS - 20);
    }
    assertThat(three.rowsIn()).isEqualTo(one.rowsIn());
    assertThat(three.quarantined()).isEqualTo(one.quarantined());
    assertThat(PipelineTest.checksums(tmp.resolve(name + "-t3/share")))
        .as("share/ for three threads against one").isEqualTo(PipelineTest.checksums(tmp.resolve(name + "-t1/share")));

    // the quarantine is private: nothing of it under share/
    try (Stream<Path> s = Files.walk(tmp.resolve(name + "-t1/share"))) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(f -> f.contains("quarantine"))).isEmpty();
    }
    if (one.quarantined() > 0) {
      assertThat(tmp.resolve(name + "-t1/private/quarantine")).isDirectory();
    }

    assertThat(LeakScanner.scan(tmp.resolve(name + "-t1/share"), values)).as("clear identities in share/").isEmpty();
  }

  /** The undamaged inputs read whole: every generated ad, none quarantined (the layouts above are right). */
  @org.junit.jupiter.api.Test
  void run_undamagedInputs_everyAdRead() throws IOException {
    for (String format : List.of("jsonl", "csv", "condor", "condor-json")) {
      for (int layout : format.equals("condor-json") ? List.of(0, 1, 2) : List.of(0)) {
        Path in = tmp.resolve("clean-" + format + layout);
        Files.write(in, generate(format, layout).bytes);
        RunReport r = run(in, RecordFormat.fromName(format), "hmac", key(1), tmp.resolve("clean-out-" + format
            + layout), 2);
        assertThat(r.rowsIn()).as(format).isEqualTo(ADS);
        assertThat(r.quarantined()).as(format).isZero();
      }
    }
  }

  private static RunReport run(Path in, RecordFormat format, String mode, MasterKey key, Path out, int threads)
      throws IOException {
    return Pipeline.builder(policy).policySource(policySource).mode(mode).key(key).threads(threads)
        .chunkBytes(8 << 10).inputFormat(format).build().run(List.of(in), out);
  }

  /** A key that depends on {@code seed} only (SHA1PRNG seeded before first use is deterministic). */
  private static MasterKey key(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return MasterKey.generate("corrupted-input-test", r);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A generated input and the byte range of each record in it. */
  private static final class Input {
    final byte[] bytes;
    final List<int[]> records; // [start, end) of each record, separators outside

    Input(byte[] bytes, List<int[]> records) {
      this.bytes = bytes;
      this.records = records;
    }
  }

  /** {@code layout}, for condor -json only: 0 one ad a line, 1 HTCondor's, 2 HTCondor's indented as jq does. */
  private static Input generate(String format, int layout) throws IOException {
    boolean condorLayout = layout > 0;
    String pad = layout == 2 ? "  " : "";
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    if (format.equals("condor-json")) {
      // condor_q -json: an array of objects, one per ad, separated by ",\n" (one ad a line) or, as
      // HTCondor writes it, each ad's attributes a line each between "{" and "}" lines, "," lines between
      ByteArrayOutputStream lines = new ByteArrayOutputStream();
      generator.write(lines, JobGenerator.Format.JSONL, ADS);
      String[] ads = lines.toString(StandardCharsets.US_ASCII).split("\n");
      if (condorLayout) {
        for (int k = 0; k < ads.length; k++) {
          ads[k] = condorLayout(ads[k], pad);
        }
      }
      bos.write(("[\n" + String.join(layout == 1 ? "\n,\n" : ",\n", ads) + "\n]\n")
          .getBytes(StandardCharsets.US_ASCII));
    } else {
      generator.write(bos, format.equals("jsonl") ? JobGenerator.Format.JSONL
          : format.equals("csv") ? JobGenerator.Format.CSV : JobGenerator.Format.CONDOR, ADS);
    }
    byte[] b = bos.toByteArray();
    List<int[]> records = new ArrayList<>();
    String text = new String(b, StandardCharsets.US_ASCII);
    if (format.equals("condor")) {
      int start = 0;
      for (int i; (i = text.indexOf("\n\n", start)) >= 0; start = i + 2) {
        records.add(new int[] {start, i});
      }
      records.add(new int[] {start, text.length()});
    } else if (format.equals("condor-json") && condorLayout) {
      String open = "\n" + pad + "{\n";
      for (int start = text.indexOf(open); start >= 0; start = text.indexOf(open, start + 1)) {
        records.add(new int[] {start + 1 + pad.length(), text.indexOf("\n" + pad + "}", start) + 2 + pad.length()});
      }
    } else {
      int start = format.equals("jsonl") ? 0 : text.indexOf('\n') + 1; // the CSV header or the array's '['
      for (int i; (i = text.indexOf('\n', start)) >= 0 && start < text.length(); start = i + 1) {
        int end = format.equals("condor-json") && text.charAt(i - 1) == ',' ? i - 1 : i;
        if (text.charAt(start) == '{' || format.equals("csv")) {
          records.add(new int[] {start, end});
        }
      }
    }
    assertThat(records).as("records found in the generated %s", format).hasSize(ADS);
    return new Input(b, records);
  }

  /** A flat one-line JSON object laid out as HTCondor writes ads: "{", an attribute a line, "}". */
  private static String condorLayout(String ad, String pad) {
    StringBuilder b = new StringBuilder(pad).append("{\n  ").append(pad);
    boolean str = false;
    int depth = 0;
    for (int i = 1; i < ad.length() - 1; i++) {
      char c = ad.charAt(i);
      if (str) {
        str = c != '"' || ad.charAt(i - 1) == '\\' && !escapedBackslash(ad, i - 1);
      } else if (c == '"') {
        str = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        b.append(",\n  ").append(pad);
        continue;
      } else if (c == ':' && depth == 0) {
        b.append(": ");
        continue;
      }
      b.append(c);
    }
    return b.append("\n").append(pad).append("}").toString();
  }

  /** Whether the backslash at {@code i} is itself escaped (an odd run of backslashes ends at i - 1). */
  private static boolean escapedBackslash(String s, int i) {
    int k = i - 1;
    while (k >= 0 && s.charAt(k) == '\\') {
      k--;
    }
    return (i - 1 - k) % 2 == 1;
  }

  /** A damaged copy and which records (by index) the damage touched. */
  private static final class Damaged {
    final byte[] bytes;
    final boolean[] touched;

    Damaged(byte[] bytes, boolean[] touched) {
      this.bytes = bytes;
      this.touched = touched;
    }
  }

  /**
   * {@code count} kinds of damage, each at a random place inside a record (never in a CSV header or the
   * array's brackets, whose damage makes the whole input unreadable, a different test), applied from the
   * end backwards so that earlier offsets stay valid.
   */
  private static Damaged damage(Input in, Random rnd, int count) {
    boolean[] touched = new boolean[in.records.size()];
    int[] at = new int[count];
    for (int k = 0; k < count; k++) {
      int r = rnd.nextInt(in.records.size());
      int[] rec = in.records.get(r);
      at[k] = rec[0] + rnd.nextInt(rec[1] - rec[0]);
    }
    java.util.Arrays.sort(at);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = in.bytes;
    int copied = 0;
    for (int k = 0; k < count; k++) {
      int p = Math.max(at[k], copied);
      out.write(b, copied, p - copied);
      int skip = 0;
      switch (rnd.nextInt(8)) {
        case 0: // one byte replaced by a printable one
          out.write(' ' + rnd.nextInt(95));
          skip = 1;
          break;
        case 1: // invalid UTF-8: a lone continuation byte, an overlong or truncated sequence, 0xFF
          byte[][] bad = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}};
          out.writeBytes(bad[rnd.nextInt(bad.length)]);
          break;
        case 2: // a range cut out, perhaps across records
          skip = 1 + rnd.nextInt(300);
          break;
        case 3: // a range repeated
          int len = Math.min(1 + rnd.nextInt(200), b.length - p);
          out.write(b, p, len);
          break;
        case 4: // a control character
          out.write(new byte[] {0, 1, 8, 27, 127}[rnd.nextInt(5)]);
          break;
        case 5: // a line break
          out.writeBytes(rnd.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
          break;
        case 6: // a junk line
          out.writeBytes("\nnot a record {\"Owner\": x = \n".getBytes(StandardCharsets.US_ASCII));
          break;
        default: // the rest of the record cut off
          int end = p;
          while (end < b.length && b[end] != '\n') {
            end++;
          }
          skip = end - p;
          break;
      }
      skip = Math.min(skip, b.length - p);
      copied = p + skip;
      for (int r = 0; r < in.records.size(); r++) {
        int[] rec = in.records.get(r);
        if (rec[0] - 2 <= p + skip && p <= rec[1] + 2) {
          touched[r] = true;
        }
      }
    }
    out.write(b, copied, b.length - copied);
    return new Damaged(out.toByteArray(), touched);
  }

  /** The population's identities that some untouched record holds (case-insensitively). */
  private static List<String> inUntouched(Input in, boolean[] touched) {
    StringBuilder clean = new StringBuilder();
    for (int r = 0; r < touched.length; r++) {
      if (!touched[r]) {
        int[] rec = in.records.get(r);
        clean.append(new String(in.bytes, rec[0], rec[1] - rec[0], StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT))
            .append('\n');
      }
    }
    String text = clean.toString();
    List<String> out = new ArrayList<>();
    for (String v : generator.sensitiveValues()) {
      if (text.contains(v.toLowerCase(Locale.ROOT))) {
        out.add(v);
      }
    }
    return out;
  }
}
