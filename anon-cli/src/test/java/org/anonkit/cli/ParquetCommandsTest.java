package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.anonkit.config.KeyFiles;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code anonkit generate --out jobs.parquet} and {@code anonkit run --in jobs.parquet} (anon-parquet). */
class ParquetCommandsTest {
  @TempDir Path tmp;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void generateParquet_thenRun_writesParquetOutputAndCompressionInManifest() throws Exception {
    Path jobs = tmp.resolve("jobs.parquet");
    int g = new CommandLine(new GenerateCommand(new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--records", "700", "--seed", "5", "--out", jobs.toString());
    assertThat(g).as(err.toString(StandardCharsets.UTF_8)).isZero();
    try (RecordInput in = RecordInput.builder(jobs).open()) {
      assertThat(in.format()).isEqualTo(RecordFormat.PARQUET);
      assertThat(in.columns()).contains("Owner", "JobsubClientIpAddress", "NumJobStarts");
    }
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("jobs.parquet"); // no temp left
    }
    if (Files.getFileStore(jobs).supportsFileAttributeView("posix")) { // as the row formats' output (it was 0644)
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(jobs)))
          .isEqualTo("rw-------");
    }
    Path key = tmp.resolve("key.json");
    KeyFiles.write(MasterKey.generate("parquet-cli", new SecureRandom()), key);
    Path o = tmp.resolve("out");
    int rc = new CommandLine(new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--in", jobs.toString(), "--out", o.toString(),
        "--policy", "bundled:htcondor", "--key-file", key.toString(), "--threads", "2");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("rows: 700 in, 700 out, 0 quarantined")
        .contains("share/data/jobs.anon.parquet");
    try (RecordInput in = RecordInput.builder(o.resolve("share/data/jobs.anon.parquet")).open()) {
      assertThat(in.columns()).contains("Owner", "JobsubClientIpAddress_u32");
    }
    assertThat(Files.readString(o.resolve("share/manifest.json"))).contains("\"compression\": {");

    // --compress was ignored without a word for Parquet output: a usage error now, before OUT is made
    for (String[] extra : new String[][] {{"--compress", "gzip"}, {"--compress", "zstd", "--output-format", "jsonl"}}) {
      Path o2 = tmp.resolve("out-" + extra.length);
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--in", jobs.toString(), "--out",
          o2.toString(), "--policy", "bundled:htcondor", "--key-file", key.toString()));
      args.addAll(java.util.List.of(extra));
      int code = new CommandLine(new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8))).setErr(new java.io.PrintWriter(err, true))
          .execute(args.toArray(new String[0]));
      if (extra.length == 2) {
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Parquet output compresses its columns");
        assertThat(o2).doesNotExist();
      } else { // to a row format, it applies
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(o2.resolve("share/data/jobs.anon.jsonl.zst")).exists();
      }
    }
  }

  @Test
  void run_corruptParquet_dataErrorNamingFile() throws Exception {
    Path bad = tmp.resolve("bad.parquet");
    Files.writeString(bad, "PAR1 this is not parquet jdoe@example.org");
    Path key = tmp.resolve("key.json");
    KeyFiles.write(MasterKey.generate("parquet-cli", new SecureRandom()), key);
    int rc = new CommandLine(new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--in", bad.toString(), "--out",
        tmp.resolve("o").toString(), "--policy", "bundled:htcondor", "--key-file", key.toString());
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.parquet").doesNotContain("jdoe");
  }
}
