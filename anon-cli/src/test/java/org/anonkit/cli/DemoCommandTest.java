package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The main job end to end, with the leak scan over everything outside private/. */
class DemoCommandTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void demo_nothingOutsidePrivateHoldsAClearIdentity(String mode) throws IOException {
    Path o = tmp.resolve("demo-" + mode);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = new CommandLine(new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--records", "1500", "--out", o.toString(), "--threads", "2", "--mode", mode, "--seed", "5");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String s = out.toString(StandardCharsets.UTF_8);
    assertThat(s).contains("rows: 1,500 in, 1,500 out, 0 quarantined").contains("private/mapping-owner.csv")
        .contains("share/failures.csv").contains("share/manifest.json").contains("TOTAL")
        .contains("share/vectors/anon/X.npy").contains("private/vectors/clear/X.npy").contains("share/ragged/")
        .contains("(6) jobs and failed jobs per experiment with differential privacy")
        .contains("(7) finished jobs as a k-anonymous table");
    // review 41 F5: demo keys of one day had one id; the id now ends with the key's fingerprint
    org.anonkit.key.MasterKey demoKey = org.anonkit.config.KeyFiles.read(o.resolve("private/demo-key.json"));
    assertThat(demoKey.id()).matches("demo-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]{6}").endsWith("-" + demoKey.fingerprint());
    assertThat(ExpectedKey.read(o.resolve("share/manifest.json"))).isEqualTo(demoKey.id());
    assertThat(o.resolve("share/failures-dp.csv")).isRegularFile();
    assertThat(o.resolve("share/jobs-kanon.csv")).isRegularFile();
    assertThat(o.resolve("share/jobs-kanon.json")).isRegularFile();
    // the same population the demo generated (same seed, default users)
    List<String> pii = withDashedSpellings(withoutIpImages(JobGenerator.builder().seed(5).build().sensitiveValues(),
        o.resolve("private/demo-key.json")));
    List<String> hits = scan(o, pii);
    assertThat(hits).as("clear identities outside private/").isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(o.resolve("private")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(o.resolve("private/mapping-owner.csv"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(o.resolve("private/demo-key.json"))))
        .isEqualTo("rw-------");
    // Everything under private/ (clear input, vectors, quarantine, journal) is closed to group and others.
    try (var all = Files.walk(o.resolve("private"))) {
      all.forEach(f -> assertThat(PosixFilePermissions.toString(uncheckedPermissions(f)))
          .as(o.relativize(f).toString()).endsWith("------"));
    }
    assertThat(s).doesNotContain(Files.readString(o.resolve("private/demo-key.json")).replaceAll("(?s).*\"secret\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
  }

  @Test
  void demo_parquet_writesZstdParquetWithoutClearIdentitiesAndReportsCompression() throws IOException {
    Path o = tmp.resolve("demo-parquet");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = new CommandLine(new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--records", "1500", "--out", o.toString(), "--threads", "2", "--seed", "5", "--format", "parquet");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String s = out.toString(StandardCharsets.UTF_8);
    assertThat(s).contains("rows: 1,500 in, 1,500 out, 0 quarantined").contains("Parquet (ZSTD): clear input")
        .contains("section \"compression\"").contains("(7) finished jobs as a k-anonymous table");
    assertThat(o.resolve("share/jobs-kanon.csv")).isRegularFile();
    Path data = o.resolve("share/data/jobs.anon.parquet");
    assertThat(Files.readString(o.resolve("share/manifest.json"))).contains("\"compression\"");
    // the Parquet file is compressed: scan its decoded values (as JSON lines) and the rest of share/
    Path scanRoot = tmp.resolve("parquet-scan");
    Files.createDirectories(scanRoot);
    try (Stream<Path> st = Files.walk(o.resolve("share"))) {
      for (Path f : st.filter(Files::isRegularFile).filter(p -> !p.equals(data)).collect(Collectors.toList())) {
        Path copy = scanRoot.resolve(o.resolve("share").relativize(f).toString().replace('/', '_'));
        Files.copy(f, copy);
      }
    }
    long rows;
    try (org.anonkit.pipeline.io.RecordInput in = org.anonkit.pipeline.io.RecordInput.builder(data).open();
        org.anonkit.pipeline.io.RecordOutput lines = org.anonkit.pipeline.io.RecordOutput
            .builder(scanRoot.resolve("data.jsonl")).format(org.anonkit.pipeline.io.RecordFormat.JSONL).create()) {
      in.readAll(new org.anonkit.pipeline.io.RecordHandler() {
        @Override
        public void record(org.anonkit.pipeline.io.FieldRecord r) {
          try {
            lines.write(r);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }

        @Override
        public void malformed(org.anonkit.pipeline.io.MalformedRecord m) {
          throw new AssertionError("our own Parquet output could not be read back: " + m.reason());
        }
      });
      lines.commit();
      rows = lines.recordCount();
    }
    assertThat(rows).isEqualTo(1500);
    List<String> pii = withDashedSpellings(withoutIpImages(JobGenerator.builder().seed(5).build().sensitiveValues(),
        o.resolve("private/demo-key.json")));
    assertThat(scan(scanRoot, pii)).as("clear identities in share/ of a Parquet run").isEmpty();
  }

  /**
   * Crypto-PAn maps addresses onto addresses: with some keys the anonymized form of one address is
   * another address of the population; such an output value is a token, not a leak, so the scan leaves
   * out clear addresses that are the image of a clear address under the demo's key.
   */
  static List<String> withoutIpImages(List<String> values, Path keyFile) {
    org.anonkit.Policy policy = org.anonkit.pipeline.Pipeline.resolvePolicy(org.anonkit.config.PolicyJson.parse(
        new String(org.anonkit.pipeline.Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8)), "hmac", List.of());
    org.anonkit.Transformer ip = org.anonkit.Anonymizer.compile(policy, org.anonkit.config.KeyFiles.read(keyFile),
        org.anonkit.TransformerRegistry.defaultRegistry()).plan("JobsubClientIpAddress").transformer();
    java.util.Set<String> images = new java.util.HashSet<>();
    for (String v : values) {
      if (v.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || v.matches("[0-9a-f:]+:[0-9a-f:]+")) {
        images.add(ip.apply(v));
      }
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (!images.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * The values and, for each IPv4 address among them, its spelling with dashes, as a worker's name
   * carries it ({@code CRUSH-OSG-C7-10-5-49-28}: the generator's offsite workers, named in operators'
   * hold reasons).
   */
  static List<String> withDashedSpellings(List<String> values) {
    List<String> out = new ArrayList<>(values);
    for (String v : values) {
      if (v.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
        out.add(v.replace('.', '-'));
      }
    }
    return out;
  }

  /** Whole-word, case-insensitive scan of every file under root except root/private. */
  static List<String> scan(Path root, List<String> values) throws IOException {
    List<Path> files;
    try (Stream<Path> st = Files.walk(root)) {
      files = st.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith("private"))
          .collect(Collectors.toList());
    }
    assertThat(files).isNotEmpty();
    List<String> hits = new ArrayList<>();
    for (Path f : files) {
      String text;
      try (InputStream in = Compression.fromFileName(f.getFileName().toString()).decompress(Files.newInputStream(f))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      }
      for (String v : values) {
        String lv = v.toLowerCase(Locale.ROOT);
        for (int i = text.indexOf(lv); i >= 0; i = text.indexOf(lv, i + 1)) {
          boolean startOk = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)) || !Character.isLetterOrDigit(lv.charAt(0));
          int e = i + lv.length();
          boolean endOk = e >= text.length() || !Character.isLetterOrDigit(text.charAt(e))
              || !Character.isLetterOrDigit(lv.charAt(lv.length() - 1));
          if (startOk && endOk) {
            hits.add(root.relativize(f) + ": " + v);
            break;
          }
        }
      }
    }
    return hits;
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(Path f) {
    try {
      return Files.getPosixFilePermissions(f);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void demo_singlePassWithIncompleteList_fallsBackAndSaysSoWithoutNames() throws IOException {
    // the generator's account names only: the full names and e-mail local parts of x509 subjects are missing
    List<String> users = JobGenerator.builder().seed(7).build().userNames();
    Path dict = Files.write(tmp.resolve("users.txt"), users, StandardCharsets.UTF_8);
    Path o = tmp.resolve("demo-single");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = new CommandLine(new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--records", "400", "--out", o.toString(), "--threads", "2", "--seed", "7",
            "--dictionary", dict.toString(), "--single-pass");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String s = out.toString(StandardCharsets.UTF_8);
    assertThat(s).containsPattern("dictionary: single pass failed verification: [1-9][0-9,]* record\\(s\\) name users "
        + "missing from the dictionary; ran two passes");
    String line = s.lines().filter(l -> l.startsWith("dictionary:")).findFirst().orElseThrow();
    for (String u : users) {
      assertThat(line).doesNotContain(u);
    }
    List<String> pii = withoutIpImages(JobGenerator.builder().seed(7).build().sensitiveValues(),
        o.resolve("private/demo-key.json"));
    assertThat(scan(o, pii)).as("clear identities outside private/").isEmpty();
  }

  @Test
  void demo_singlePassWithoutDictionary_usageError() {
    int rc = new CommandLine(new DemoCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .execute("--records", "10", "--out", tmp.resolve("d2").toString(), "--single-pass");
    assertThat(rc).isEqualTo(2);
    assertThat(tmp.resolve("d2")).doesNotExist();
  }

  /** A usage or policy error is found before the key and the clear input are written, not after. */
  @ParameterizedTest
  @ValueSource(strings = {"--threads=0", "--threads=-3", "--failure-preset=ExitCode =", "--mode=nosuchmode"})
  void demo_badOption_failsBeforeGeneratingAnything(String option) {
    CommandLine cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    int rc = cl.execute("demo", "--records", "10", "--out", tmp.resolve("d3").toString(), option);
    assertThat(rc).isNotZero();
    assertThat(tmp.resolve("d3/private/demo-key.json")).doesNotExist();
    assertThat(tmp.resolve("d3/private/input")).doesNotExist();
  }
}
