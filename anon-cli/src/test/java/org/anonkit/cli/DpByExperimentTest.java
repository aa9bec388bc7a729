package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.FailureDefinition;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job's differentially private release: reproducible, keyed, and near the bounded counts. */
class DpByExperimentTest {
  @TempDir static Path tmp;
  static Path input;
  static final MasterKey KEY = MasterKey.generate("dp-demo-test", new SecureRandom());
  static final FailureDefinition EXIT = FailureDefinition.of("exit");

  @BeforeAll
  static void setUp() throws IOException {
    input = tmp.resolve("jobs.jsonl");
    JobGenerator.builder().seed(9).users(400).build().write(input, 6_000);
  }

  @Test
  void release_sameKeyAndData_sameFigures_otherKey_otherFigures() throws IOException {
    List<String> vos = JobGenerator.virtualOrganizations();
    DpByExperiment.Release a = DpByExperiment.of(input, vos, KEY, EXIT, EXIT.expression());
    DpByExperiment.Release b = DpByExperiment.of(input, vos, KEY, EXIT, EXIT.expression());
    assertThat(b.csv()).isEqualTo(a.csv());
    assertThat(b.json()).isEqualTo(a.json());
    DpByExperiment.Release c = DpByExperiment.of(input, vos, MasterKey.generate("other", new SecureRandom()), EXIT,
        EXIT.expression());
    assertThat(c.csv()).as("noise keyed by the master key").isNotEqualTo(a.csv());
    assertThat(a.csv()).startsWith("experiment,jobs_dp,failed_dp\n");
    assertThat(a.rows()).extracting(r -> r[0]).containsExactlyElementsOf(vos);
  }

  /**
   * Each user works for one experiment, so the bounded count of an experiment is exactly the sum over
   * its users of min(jobs, 50): the released figure differs from it by discrete Laplace noise of scale
   * 100 (beyond 1,500 with probability e^-15).
   */
  @Test
  void release_jobsNearTheBoundedCount_failedWithinJobs() throws IOException {
    Map<String, Map<String, Integer>> perUser = new HashMap<>();
    try (RecordInput in = RecordInput.builder(input).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          String vo = r.text(r.indexOf("x509UserProxyVOName"));
          perUser.computeIfAbsent(vo, v -> new HashMap<>()).merge(r.text(r.indexOf("Owner")), 1, Integer::sum);
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError();
        }
      });
    }
    DpByExperiment.Release r = DpByExperiment.of(input, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    for (String[] row : r.rows()) {
      long bounded = perUser.getOrDefault(row[0], Map.of()).values().stream()
          .mapToLong(n -> Math.min(n, ReleaseSettings.DEFAULTS.maxJobsPerUser())).sum();
      long jobs = Long.parseLong(row[1]);
      long failed = Long.parseLong(row[2]);
      assertThat(Math.abs(jobs - bounded)).as(row[0]).isLessThan(1_500);
      assertThat(failed).isBetween(0L, jobs);
    }
    assertThat(r.withoutUnit()).isZero();
  }

  /**
   * The noise is keyed by the jobs counted, not by the file's bytes: the same jobs with one more
   * quarantined line, a job of an experiment without a figure, or as Parquet, give the same figures (the
   * input's SHA-256 gave each file fresh noise: two noisy views of the same counts to average).
   */
  @Test
  void release_sameJobsInAnotherFile_sameFigures() throws IOException {
    List<String> vos = JobGenerator.virtualOrganizations();
    DpByExperiment.Release a = DpByExperiment.of(input, vos, KEY, EXIT, EXIT.expression());
    Path more = tmp.resolve("jobs-more.jsonl");
    Files.writeString(more, Files.readString(input) + "{\"Owner\": \"qx\", broken\n"
        + "{\"Owner\": \"qx7zz\", \"x509UserProxyVOName\": \"not-a-listed-experiment\", \"ExitCode\": 1}\n");
    assertThat(DpByExperiment.of(more, vos, KEY, EXIT, EXIT.expression()).csv()).isEqualTo(a.csv());
    Path parquet = tmp.resolve("jobs.parquet");
    org.anonkit.parquet.ParquetFiles.convert(input, parquet, org.anonkit.parquet.ParquetFiles.DEFAULT_ROWS_PER_GROUP);
    assertThat(DpByExperiment.of(parquet, vos, KEY, EXIT, EXIT.expression()).csv()).isEqualTo(a.csv());
    // the same jobs in another order (a history exported newest first), or split over two files: the
    // same noise and the same bounded contributions, so the same figures, failed ones too (a seeded
    // sample of 50 jobs a user in input order changed them)
    List<String> reversed = new java.util.ArrayList<>(Files.readAllLines(input));
    java.util.Collections.reverse(reversed);
    Path backwards = Files.write(tmp.resolve("jobs-reversed.jsonl"), reversed);
    assertThat(DpByExperiment.of(backwards, vos, KEY, EXIT, EXIT.expression()).csv()).isEqualTo(a.csv());
    Path head = Files.write(tmp.resolve("jobs-head.jsonl"), reversed.subList(0, 2_500));
    Path tail = Files.write(tmp.resolve("jobs-tail.jsonl"), reversed.subList(2_500, reversed.size()));
    assertThat(DpByExperiment.of(List.of(tail, head), null, vos, ReleaseSettings.DEFAULTS, KEY, EXIT, EXIT.expression()).csv())
        .isEqualTo(a.csv());
    // (figures changed by a job get other noise: release_sameBoundedFigures_sameRelease_otherFigures_otherNoise)
    // one experiment more or less in the list leaves the others' lines as they were (each keyed by its
    // own figures; keyed by the whole list, every line changed)
    DpByExperiment.Release fewerListed = DpByExperiment.of(input, vos.subList(1, vos.size()), KEY, EXIT,
        EXIT.expression());
    assertThat(fewerListed.csv()).isEqualTo("experiment,jobs_dp,failed_dp\n"
        + a.csv().lines().skip(2).map(l -> l + "\n").collect(java.util.stream.Collectors.joining()));
  }

  /**
   * The noise is keyed by the exact figures: a job beyond a user's 50 counted (with no failed job to
   * shift the proportion) leaves the figures, and so the release, as they were; a job that changes a
   * figure gives other noise too.
   */
  @Test
  void release_sameBoundedFigures_sameRelease_otherFigures_otherNoise() throws IOException {
    StringBuilder base = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      base.append("{\"Owner\":\"heavy\",\"x509UserProxyVOName\":\"dune\",\"ExitCode\":0}\n");
    }
    // 400 light users, 1,200 jobs, 800 failed: figures the noise (scale 100) never clamps to 0, so that two
    // noises of nova's figures cannot come out equal but for a chance of about 1 in 10^5 (with 3 jobs,
    // both clamped to 0 and the test failed now and then)
    for (int u = 0; u < 400; u++) {
      for (int i = 0; i < 3; i++) {
        base.append("{\"Owner\":\"light").append(u).append("\",\"x509UserProxyVOName\":\"nova\",\"ExitCode\":")
            .append(i).append("}\n");
      }
    }
    List<String> vos = JobGenerator.virtualOrganizations();
    Path a = Files.writeString(tmp.resolve("bounded-a.jsonl"), base);
    Path beyond = Files.writeString(tmp.resolve("bounded-b.jsonl"),
        base + "{\"Owner\":\"heavy\",\"x509UserProxyVOName\":\"dune\",\"ExitCode\":0}\n");
    Path more = Files.writeString(tmp.resolve("bounded-c.jsonl"),
        base + "{\"Owner\":\"light0\",\"x509UserProxyVOName\":\"nova\",\"ExitCode\":0}\n");
    DpByExperiment.Release r = DpByExperiment.of(a, vos, KEY, EXIT, EXIT.expression());
    assertThat(DpByExperiment.of(beyond, vos, KEY, EXIT, EXIT.expression()).csv()).isEqualTo(r.csv());
    // 100 users of 60 uboone jobs each, half of them spelled in capitals: one privacy unit each, 50 jobs
    // counted, the same release as all in lower case (as two units, 60 a user: 6,000 against 5,000)
    StringBuilder lower = new StringBuilder();
    StringBuilder mixed = new StringBuilder();
    for (int u = 0; u < 100; u++) {
      for (int i = 0; i < 60; i++) {
        String line = "{\"Owner\":\"%s\",\"x509UserProxyVOName\":\"uboone\",\"ExitCode\":0}\n";
        lower.append(String.format(line, "user" + u));
        mixed.append(String.format(line, i % 2 == 0 ? "user" + u : "USER" + u));
      }
    }
    assertThat(DpByExperiment.of(Files.writeString(tmp.resolve("cased-mixed.jsonl"), mixed), vos, KEY, EXIT,
        EXIT.expression()).csv()).isEqualTo(DpByExperiment.of(Files.writeString(tmp.resolve("cased-lower.jsonl"),
            lower), vos, KEY, EXIT, EXIT.expression()).csv());
    DpByExperiment.Release other = DpByExperiment.of(more, vos, KEY, EXIT, EXIT.expression());
    assertThat(other.rows().get(3)).as("nova: other figures, other noise").isNotEqualTo(r.rows().get(3));
    assertThat(other.rows().get(0)).as("dune: the same figures, the same line").isEqualTo(r.rows().get(0));
  }

  /**
   * Review 46's F4: the job count's noise is keyed by the job count alone. Runs over the same data, key
   * and label with another failure definition (status instead of exit), or with one that gives the same
   * failed counts but is another expression, release the same job counts byte for byte, and other failed
   * counts (a new release of those, with noise of its own); the same definition spelled otherwise gives
   * the same release. Keyed by both figures, another definition drew every job count's noise afresh.
   */
  @Test
  void release_anotherFailureDefinition_sameJobCounts_otherFailedCounts() throws IOException {
    // per experiment 300 users of 4 jobs: 1,200 jobs, 600 failed by exit code, 300 by status; figures the
    // noise (scale 100) clamps with a chance of about 2% at most, so two draws of a failed count agree with
    // a chance of about 1 in 200 each, and all five pairs next to never
    StringBuilder sb = new StringBuilder();
    List<String> vos = JobGenerator.virtualOrganizations();
    for (String vo : vos) {
      for (int u = 0; u < 300; u++) {
        for (int i = 0; i < 4; i++) {
          sb.append("{\"Owner\":\"").append(vo).append("-user").append(u).append("\",\"x509UserProxyVOName\":\"")
              .append(vo).append("\",\"ExitCode\":").append(i % 2).append(",\"JobStatus\":").append(i == 0 ? 5 : 4)
              .append("}\n");
        }
      }
    }
    Path in = Files.writeString(tmp.resolve("definitions.jsonl"), sb);
    FailureDefinition status = FailureDefinition.of("status");
    FailureDefinition sameCounts = FailureDefinition.of("ExitCode != 0 || ExitBySignal == true || JobStatus == 99");
    FailureDefinition respelled = FailureDefinition.of("(exitbysignal==TRUE) || ExitCode != 0.0");
    for (ReleaseSettings settings : List.of(ReleaseSettings.DEFAULTS, ReleaseSettings.DEFAULTS.withDpRelease("b-2"))) {
      DpByExperiment.Release byExit = DpByExperiment.of(List.of(in), null, vos, settings, KEY, EXIT, EXIT.expression());
      DpByExperiment.Release byStatus = DpByExperiment.of(List.of(in), null, vos, settings, KEY, status,
          status.expression());
      DpByExperiment.Release bySameCounts = DpByExperiment.of(List.of(in), null, vos, settings, KEY, sameCounts,
          sameCounts.expression());
      assertThat(column(byStatus, 1)).as("job counts").isEqualTo(column(byExit, 1));
      assertThat(column(bySameCounts, 1)).as("job counts").isEqualTo(column(byExit, 1));
      assertThat(column(byStatus, 2)).as("failed counts of another definition").isNotEqualTo(column(byExit, 2));
      assertThat(column(bySameCounts, 2)).as("the same counts by another definition: other noise")
          .isNotEqualTo(column(byExit, 2));
      assertThat(DpByExperiment.of(List.of(in), null, vos, settings, KEY, respelled, respelled.expression()).csv())
          .as("one definition, however spelled").isEqualTo(byExit.csv());
      for (String[] row : byExit.rows()) { // the figures: 1,200 jobs, 600 failed, noise of scale 100
        assertThat(Long.parseLong(row[1])).as(row[0]).isBetween(1200L - 1500, 1200L + 1500);
      }
    }
  }

  private static List<String> column(DpByExperiment.Release r, int i) {
    return r.rows().stream().map(row -> row[i]).collect(java.util.stream.Collectors.toList());
  }

  /** share/'s DP files get the umask's permissions, as the other share/ files, and replace older ones. */
  @Test
  void write_replacesAnExistingFile_leavesNoTemporaryFile() throws IOException {
    Path share = Files.createDirectories(tmp.resolve("again/share"));
    Files.writeString(share.resolve("failures-dp.csv"), "old\n");
    DpByExperiment.Release r = DpByExperiment.of(input, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    DpByExperiment.write(r, share);
    assertThat(Files.readString(share.resolve("failures-dp.csv"))).isEqualTo(r.csv());
    try (var s = Files.list(share)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("failures-dp.csv", "failures-dp.json");
    }
  }

  @Test
  void write_csvAndJson_intoShare() throws IOException {
    Path share = Files.createDirectories(tmp.resolve("out/share"));
    DpByExperiment.Release r = DpByExperiment.of(input, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    DpByExperiment.write(r, share);
    assertThat(Files.readString(share.resolve("failures-dp.csv"))).isEqualTo(r.csv());
    assertThat(Files.readString(share.resolve("failures-dp.json"))).contains("\"epsilon\":1.0", "\"delta\":0",
        "\"privacyUnit\":\"Owner\"", "\"maxContributionsPerPartition\":50", "\"noiseScheme\":2", "\"failed\":\"ExitCode != 0 || ExitBySignal == true\"");
    try (var s = Files.list(share)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("failures-dp.csv", "failures-dp.json");
    }
  }
}
