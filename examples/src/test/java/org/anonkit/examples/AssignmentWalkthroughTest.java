package org.anonkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anonkit.pipeline.FailureStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentWalkthroughTest {
  @TempDir Path tmp;

  @Test
  void run_sevenSteps_producesMappingIpsFailuresReleasesAndPipelineOutputs() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AssignmentWalkthrough.Result r = new AssignmentWalkthrough(tmp, new PrintStream(log, true, StandardCharsets.UTF_8))
        .run(1500);
    // (1) mapping: header + one row per distinct user, tokens not the clear names
    List<String> mapping = Files.readAllLines(r.mappingFile);
    assertThat(mapping.get(0)).isEqualTo("scope,token,clear");
    assertThat(mapping.size()).isGreaterThan(10);
    // (2) IPs: changed, dotted, and the integer is the dotted address
    assertThat(r.ipRows).hasSize(1500);
    for (String[] row : r.ipRows) {
      assertThat(row[1]).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
      long v = Long.parseLong(row[2]);
      assertThat(v).isBetween(0L, 0xFFFFFFFFL);
      assertThat((v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255)).isEqualTo(row[1]);
    }
    assertThat(r.ipRows.stream().filter(x -> x[0].equals(x[1])).count()).isLessThan(3);
    // (5) failures: the walkthrough's by-token counts equal the pipeline's
    assertThat(r.failures.rows()).isEqualTo(1500);
    FailureStatistics p = r.pipelineReport.failures();
    assertThat(p.fails()).isEqualTo(r.failures.fails());
    assertThat(p.entries()).hasSameSizeAs(r.failures.entries());
    for (int i = 0; i < p.entries().size(); i++) {
      assertThat(p.entries().get(i).user()).isEqualTo(r.failures.entries().get(i).user());
      assertThat(p.entries().get(i).fails()).isEqualTo(r.failures.entries().get(i).fails());
    }
    // (6) one figure per public experiment, epsilon 1 spent
    assertThat(r.failedPerExperiment.results()).extracting(x -> x.partition().get(0))
        .containsExactlyElementsOf(org.anonkit.pipeline.generate.JobGenerator.virtualOrganizations());
    assertThat(r.failedPerExperiment.spent().epsilon()).isEqualTo(1.0);
    // (7) every released class of the table: at least 10 rows and both outcomes, checked on its rows
    assertThat(r.finishedJobs.found()).isTrue();
    java.util.Map<java.util.List<String>, java.util.Set<String>> outcomes = new java.util.HashMap<>();
    java.util.Map<java.util.List<String>, Integer> sizes = new java.util.HashMap<>();
    for (int i = 0; i < r.finishedJobs.rows(); i++) {
      java.util.List<String> row = r.finishedJobs.outputRow(i);
      java.util.List<String> qi = row.subList(0, 2);
      if (!qi.equals(java.util.List.of("*", "*"))) {
        outcomes.computeIfAbsent(qi, k -> new java.util.HashSet<>()).add(row.get(2));
        sizes.merge(qi, 1, Integer::sum);
      }
    }
    assertThat(sizes).isNotEmpty();
    assertThat(sizes.values()).allMatch(n -> n >= 10);
    assertThat(outcomes.values()).allMatch(o -> o.size() == 2);
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("(6) failed jobs per experiment").contains("(7) finished jobs");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("(1)").contains("(2)").contains("(5)").contains("pipeline:").contains("(3) X_anon");
    assertThat(Files.exists(tmp.resolve("share/vectors/anon/X.npy"))).isTrue();
    assertThat(Files.exists(tmp.resolve("private/vectors/clear/X.npy"))).isTrue();
    assertThat(Files.exists(tmp.resolve("share/ragged/pairs-offsets.npy"))).isTrue();
    assertThat(Files.exists(tmp.resolve("share/manifest.json"))).isTrue();
  }
}
