package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.anonkit.PolicyException;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.FailureDefinition;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.generate.JobGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy's {@code releases} section: defaults, the bundled policy's spelling of them, and every refusal. */
class ReleaseSettingsTest {
  @TempDir Path tmp;
  static final MasterKey KEY = MasterKey.generate("release-settings-test", new SecureRandom());
  static final FailureDefinition EXIT = FailureDefinition.of("exit");

  static ReleaseSettings settings(String releases) {
    return ReleaseSettings.of(PolicyJson.parse("{\"name\": \"t\", \"default\": \"drop\", \"fields\": {}"
        + (releases == null ? "" : ", \"releases\": " + releases) + "}"));
  }

  @Test
  void withoutTheSection_theDefaults_whichTheBundledPolicySpellsOut() throws IOException {
    assertThat(settings(null).toString()).isEqualTo(ReleaseSettings.DEFAULTS.toString())
        .isEqualTo(settings("{}").toString())
        .isEqualTo(settings("{\"dp\": {}, \"kanon\": {\"cutPoints\": {}}}").toString());
    String bundled = new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8);
    assertThat(bundled).contains("\"releases\"");
    assertThat(ReleaseSettings.of(PolicyJson.parse(bundled)).toString()).isEqualTo(ReleaseSettings.DEFAULTS.toString());
    ReleaseSettings d = ReleaseSettings.DEFAULTS;
    assertThat(List.of(d.epsilon(), d.maxJobsPerUser(), d.k(), d.users(), d.suppression()))
        .containsExactly(1.0, 50, 10, 5, 0.05);
    assertThat(d.onsiteSites()).containsExactly("FermiGrid");
  }

  @Test
  void givenValues_areRead_andUsersDefaultToKWhenKIsSmaller() {
    ReleaseSettings s = settings("{\"dp\": {\"epsilon\": 0.25, \"maxJobsPerUser\": 10}, \"kanon\": {\"k\": 3, "
        + "\"suppression\": 0, \"onsiteSites\": [\"T2_B\", \"T2_A\", \"T2_B\"], "
        + "\"cutPoints\": {\"wall_time_s\": [[60.5, 120]]}}}");
    assertThat(List.of(s.epsilon(), s.maxJobsPerUser(), s.k(), s.users(), s.suppression()))
        .containsExactly(0.25, 10, 3, 3, 0.0);
    assertThat(s.onsiteSites()).as("sorted, distinct").containsExactly("T2_A", "T2_B");
    assertThat(s.describe("wall_time_s")).isEqualTo("<60.5, [60.5,120), >=120; then *");
    assertThat(s.describe("request_cpus")).as("a column not given keeps its default")
        .isEqualTo(ReleaseSettings.DEFAULTS.describe("request_cpus"));
    assertThat(s.withOnsiteSites(List.of("X")).onsiteSites()).containsExactly("X");
    assertThat(settings("{\"kanon\": {\"cutPoints\": {\"wall_time_s\": [[1e16, 2e16]]}}}").describe("wall_time_s"))
        .as("cut points where x - 1 == x").startsWith("<1.0E16, [1.0E16,2.0E16), >=2.0E16");
    assertThat(settings("{\"dp\": {\"epsilon\": 100}}").epsilon()).isEqualTo(100.0);
    assertThat(settings("{\"kanon\": {\"k\": 2, \"users\": 1}}").users()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"dq\": {}}|$.releases.dq|unknown parameter",
      "[]|$.releases|",
      "{\"dp\": {\"epsilon\": 0}}|$.releases.dp.epsilon|above 0",
      "{\"dp\": {\"epsilon\": -1}}|$.releases.dp.epsilon|above 0",
      "{\"dp\": {\"epsilon\": 100.5}}|$.releases.dp.epsilon|at most 100",
      "{\"dp\": {\"epsilon\": \"1\"}}|$.releases.dp.epsilon|expected a number",
      "{\"dp\": {\"eps\": 1}}|$.releases.dp.eps|unknown parameter",
      "{\"dp\": {\"maxJobsPerUser\": 0}}|$.releases.dp.maxJobsPerUser|expected an integer in [1, 1000000]",
      "{\"dp\": {\"maxJobsPerUser\": 2.5}}|$.releases.dp.maxJobsPerUser|expected an integer",
      "{\"kanon\": {\"k\": 1}}|$.releases.kanon.k|expected an integer in [2, 1000000]",
      "{\"kanon\": {\"k\": 5, \"users\": 6}}|$.releases.kanon.users|expected an integer in [1, 5]",
      "{\"kanon\": {\"users\": 0}}|$.releases.kanon.users|expected an integer in [1, 10]",
      "{\"kanon\": {\"suppression\": 1}}|$.releases.kanon.suppression|below 1",
      "{\"kanon\": {\"suppression\": -0.01}}|$.releases.kanon.suppression|at least 0",
      "{\"kanon\": {\"onsiteSites\": []}}|$.releases.kanon.onsiteSites|none empty",
      "{\"kanon\": {\"onsiteSites\": [\" \"]}}|$.releases.kanon.onsiteSites|none empty",
      "{\"kanon\": {\"onsiteSites\": \"FermiGrid\"}}|$.releases.kanon.onsiteSites|expected a list of strings",
      "{\"kanon\": {\"cutPoints\": {\"request_gpus\": [[1]]}}}|$.releases.kanon.cutPoints.request_gpus|unknown parameter",
      "{\"kanon\": {\"cutPoints\": {\"request_cpus\": []}}}|$.releases.kanon.cutPoints.request_cpus|expected a list of levels",
      "{\"kanon\": {\"cutPoints\": {\"request_cpus\": [2, 4]}}}|$.releases.kanon.cutPoints.request_cpus[0]|expected a list of levels",
      "{\"kanon\": {\"cutPoints\": {\"request_cpus\": [[2, \"4\"]]}}}|$.releases.kanon.cutPoints.request_cpus[0][1]|expected a number",
      "{\"kanon\": {\"cutPoints\": {\"request_cpus\": [[4, 2]]}}}|$.releases.kanon.cutPoints.request_cpus|strictly increasing",
      "{\"kanon\": {\"cutPoints\": {\"request_cpus\": [[2, 2]]}}}|$.releases.kanon.cutPoints.request_cpus|strictly increasing",
      "{\"kanon\": {\"cutPoints\": {\"request_cpus\": [[2, 4], [3]]}}}|$.releases.kanon.cutPoints.request_cpus|subset",
      "{\"kanon\": {\"cutPoints\": {\"wall_time_s\": [[1e308, 1e309]]}}}|$.releases.kanon.cutPoints.wall_time_s|finite"})
  void wrongValues_areRefused_atTheirPath(String releases, String path, String message) {
    assertThatThrownBy(() -> settings(releases)).isInstanceOf(PolicyException.class)
        .hasMessageContaining("at " + path).hasMessageContaining(message == null ? "" : message);
  }

  /**
   * Noise keyed by the figures alone is not fresh across runs: an experiment whose figures did not change
   * repeats byte for byte, one whose figures changed gets other noise, which tells a holder of both files
   * which changed (review 24). Under different release labels every line gets independent noise, so the
   * runs compose; under one label the old behaviour stays (reruns reproduce). Labels are checked.
   */
  @Test
  void dpReleaseLabel_independentNoisePerLabel_sameLabelReproduces() throws IOException {
    Path monday = tmp.resolve("monday.jsonl");
    JobGenerator.builder().seed(12).users(150).build().write(monday, 2_000);
    List<String> vos = JobGenerator.virtualOrganizations();
    ReleaseSettings d = ReleaseSettings.DEFAULTS;
    DpByExperiment.Release none = DpByExperiment.of(List.of(monday), null, vos, d, KEY, EXIT, EXIT.expression());
    DpByExperiment.Release a1 = DpByExperiment.of(List.of(monday), null, vos, d.withDpRelease("2026-11-26"), KEY,
        EXIT, EXIT.expression());
    DpByExperiment.Release a2 = DpByExperiment.of(List.of(monday), null, vos, d.withDpRelease("2026-11-26"), KEY,
        EXIT, EXIT.expression());
    DpByExperiment.Release b = DpByExperiment.of(List.of(monday), null, vos, d.withDpRelease("2026-11-27"), KEY,
        EXIT, EXIT.expression());
    assertThat(a2.csv()).as("one label, the same data: the same release").isEqualTo(a1.csv());
    assertThat(a1.json()).contains("\"release\":\"2026-11-26\"");
    assertThat(none.json()).doesNotContain("\"release\"");
    long differing = 0;
    for (int i = 0; i < vos.size(); i++) {
      differing += a1.rows().get(i)[1].equals(b.rows().get(i)[1]) ? 0 : 1;
      differing += a1.rows().get(i)[1].equals(none.rows().get(i)[1]) ? 0 : 1;
    }
    // 2 x 5 job figures, each equal by chance with probability about 1/200 (noise scale 100)
    assertThat(differing).as("other labels: independent noise on every line").isGreaterThanOrEqualTo(8);
    for (String bad : new String[] {"", " ", "a b", "x".repeat(129), "jdoe@fnal.gov", "ü"}) {
      assertThatThrownBy(() -> d.withDpRelease(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--dp-release").hasMessageNotContaining("jdoe");
    }
    assertThat(d.withDpRelease("batch_7:run-2.a").dpRelease()).isEqualTo("batch_7:run-2.a");
  }

  /**
   * The DP release follows epsilon and the bound, and the same exact figures under another epsilon get
   * noise of their own: one noise drawn at two scales would give the exact figure away (x + 100·z and
   * x + 50·z solve for x).
   */
  @Test
  void dpRelease_followsEpsilonAndBound_withNoiseOfItsOwnPerParameters() throws IOException {
    Path input = tmp.resolve("jobs.jsonl");
    JobGenerator.builder().seed(11).users(200).build().write(input, 3_000);
    List<String> vos = JobGenerator.virtualOrganizations();
    ReleaseSettings sharp = settings("{\"dp\": {\"epsilon\": 100, \"maxJobsPerUser\": 1000000}}");
    DpByExperiment.Release r = DpByExperiment.of(List.of(input), null, vos, sharp, KEY, EXIT, EXIT.expression());
    assertThat(r.noiseScale()).isEqualTo(20_000.0); // 1,000,000 / 50
    ReleaseSettings exactish = settings("{\"dp\": {\"epsilon\": 100, \"maxJobsPerUser\": 1}}");
    DpByExperiment.Release one = DpByExperiment.of(List.of(input), null, vos, exactish, KEY, EXIT,
        EXIT.expression());
    assertThat(one.noiseScale()).isEqualTo(0.02);
    // with one job per user and noise scale 0.02, each figure is the number of the experiment's users (each
    // generated user works for one experiment), give or take a job (beyond 1 with probability about e^-50)
    Map<String, java.util.Set<String>> users = new HashMap<>();
    DpByExperiment.readAll(List.of(input), null, new org.anonkit.pipeline.io.RecordHandler() {
      @Override
      public void record(org.anonkit.pipeline.io.FieldRecord r) {
        users.computeIfAbsent(r.textOf("x509UserProxyVOName"), v -> new java.util.HashSet<>()).add(r.textOf("Owner"));
      }

      @Override
      public void malformed(org.anonkit.pipeline.io.MalformedRecord m) {
        throw new AssertionError("generated data are well formed");
      }
    });
    assertThat(one.rows()).hasSize(vos.size());
    for (String[] row : one.rows()) {
      long exact = users.getOrDefault(row[0], java.util.Set.of()).size();
      assertThat(Long.parseLong(row[1])).as(row[0]).isBetween(exact - 1, exact + 1);
    }
    assertThat(one.json()).contains("\"epsilon\":100.0", "\"maxContributionsPerPartition\":1",
        "\"noiseScale\":0.02");
    assertThat(DpByExperiment.jobsHash("dune", 1234, ReleaseSettings.DEFAULTS))
        .isNotEqualTo(DpByExperiment.jobsHash("dune", 1234, settings("{\"dp\": {\"epsilon\": 2}}")))
        .isNotEqualTo(DpByExperiment.jobsHash("dune", 1234, settings("{\"dp\": {\"maxJobsPerUser\": 51}}")))
        .isEqualTo(DpByExperiment.jobsHash("dune", 1234, settings("{\"dp\": {\"epsilon\": 1.0}}")));
    org.anonkit.pipeline.FailureDefinition exit = org.anonkit.pipeline.FailureDefinition.of("exit");
    assertThat(DpByExperiment.failedHash("dune", 56, exit, ReleaseSettings.DEFAULTS))
        .isNotEqualTo(DpByExperiment.failedHash("dune", 56, exit, settings("{\"dp\": {\"epsilon\": 2}}")))
        .isNotEqualTo(DpByExperiment.failedHash("dune", 56, exit, settings("{\"dp\": {\"maxJobsPerUser\": 51}}")))
        .isEqualTo(DpByExperiment.failedHash("dune", 56, exit, settings("{\"dp\": {\"epsilon\": 1.0}}")));
  }
}
