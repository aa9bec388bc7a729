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
import org.anonkit.pipeline.generate.JobGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
  @TempDir Path tmp;
  Path input;
  Path key;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    input = tmp.resolve("jobs.history");
    JobGenerator.builder().seed(3).users(40).build().write(input, 800);
    key = tmp.resolve("key.json");
    KeyFiles.write(MasterKey.generate("run-test", new SecureRandom()), key);
  }

  private int run(String... args) {
    return new CommandLine(new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
  }

  @Test
  void run_condorInput_fifemonPreset_csvOutput_printsTableAndLocations() throws Exception {
    Path o = tmp.resolve("out");
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--threads", "2", "--failure-preset", "fifemon", "--output-format", "csv", "--compress", "zstd");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String s = out.toString(StandardCharsets.UTF_8);
    assertThat(s).contains("rows: 800 in, 800 out, 0 quarantined").contains("failures (fifemon:")
        .contains("share/data/jobs.anon.csv.zst").contains("private/mapping-owner.csv").contains("share/manifest.json");
    assertThat(Files.readString(o.resolve("share/failures.csv"))).startsWith("user,fails,total,frac_of_user_rows,frac_of_all_rows\n");
    assertThat(Files.readString(o.resolve("share/manifest.json"))).contains("\"id\": \"run-test\"").contains("\"definition\": \"fifemon\"");
  }

  @Test
  void run_missingKey_dataErrorWithoutSecrets() {
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("o2").toString());
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a key");
  }

  @Test
  void run_badOptions_usageError() {
    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("o3").toString(),
        "--key-file", key.toString(), "--compress", "lz4")).isEqualTo(2);
    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("o4").toString(),
        "--key-file", key.toString(), "--mode", "rot13")).isEqualTo(1);
    assertThat(run("--in", input.toString())).isEqualTo(2);
  }

  @Test
  void run_resume_secondRunSkipsCommittedInput() {
    Path o = tmp.resolve("resume");
    String[] args = {"--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--resume", "--no-vectors"};
    assertThat(run(args)).isZero();
    out.reset();
    assertThat(run(args)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("resumed (already committed): [jobs.history]");
  }
}
