package org.anonkit.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.anonkit.InvalidInputException;
import org.junit.jupiter.api.Test;

class DpAggregationTest {
  private static FieldRow row(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m::get;
  }

  @Test
  void contributionBounding_keepsAtMostL0PartitionsAndLinfRows_deterministicPerSeed() {
    List<FieldRow> rows = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      for (int r = 0; r < 10; r++) {
        rows.add(row("u", "alice", "g", "p" + p, "v", "1"));
      }
    }
    Set<Set<List<String>>> choices = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      ContributionBounder b = new ContributionBounder(2, 3, seed);
      for (FieldRow r : rows) {
        b.add(r.get("u"), List.of(r.get("g")), 1);
      }
      Map<List<String>, List<ContributionBounder.Cell>> by = b.byPartition();
      assertThat(by).hasSize(2);
      by.values().forEach(cells -> assertThat(cells.get(0).size).isEqualTo(3));
      choices.add(by.keySet());
      // same seed, same input: same choice
      ContributionBounder again = new ContributionBounder(2, 3, seed);
      for (FieldRow r : rows) {
        again.add(r.get("u"), List.of(r.get("g")), 1);
      }
      assertThat(again.byPartition().keySet()).isEqualTo(by.keySet());
    }
    assertThat(choices.size()).isGreaterThan(5); // the seed really randomises the choice
  }

  @Test
  void contributionBounding_hugeBound_allocatesWhatIsOffered_keepsTheSameRowsAsAnExactBound() {
    // an audit: --max-contributions 1000000000 on one row died of OutOfMemoryError (arrays of the bound)
    ContributionBounder huge = new ContributionBounder(1, 1_000_000_000, 7);
    for (int r = 0; r < 10; r++) {
      huge.add("alice", List.of("g"), r);
    }
    assertThat(huge.byPartition().get(List.of("g")).get(0).size).isEqualTo(10);
    // growth keeps the reservoir's choice: with a bound of 6 (arrays start at 4 and grow) over 100 rows,
    // the kept rows are the 6 whose position hashes are lowest, computed here independently
    ContributionBounder six = new ContributionBounder(1, 6, 11);
    for (int r = 0; r < 100; r++) {
      six.add("alice", List.of("g"), r);
    }
    ContributionBounder.Cell cell = six.byPartition().get(List.of("g")).get(0);
    assertThat(cell.size).isEqualTo(6);
    assertThat(cell.seen).isEqualTo(100);
    java.util.Set<Double> kept = new java.util.TreeSet<>();
    for (int i = 0; i < cell.size; i++) {
      kept.add(cell.values[i]);
    }
    java.util.List<Integer> positions = new ArrayList<>();
    for (int r = 0; r < 100; r++) {
      positions.add(r);
    }
    positions.sort((x, y) -> Long.compareUnsigned(ContributionBounder.mix(cell.hash + 0x9E3779B97F4A7C15L * (x + 1)),
        ContributionBounder.mix(cell.hash + 0x9E3779B97F4A7C15L * (y + 1))));
    java.util.Set<Double> lowest = new java.util.TreeSet<>();
    for (int r : positions.subList(0, 6)) {
      lowest.add((double) r);
    }
    assertThat(kept).isEqualTo(lowest);
  }

  @Test
  void count_publicPartitions_errorWithinLaplaceTail() {
    List<FieldRow> rows = new ArrayList<>();
    for (int u = 0; u < 3000; u++) {
      rows.add(row("owner", "u" + u, "exp", "e" + (u % 3)));
      rows.add(row("owner", "u" + u, "exp", "e" + (u % 3))); // second row dropped by L∞ = 1
    }
    DpAggregation agg = DpAggregation.builder().privacyUnit("owner").groupBy("exp")
        .epsilon(1.0).partitions(List.of(List.of("e0"), List.of("e1"), List.of("e2"), List.of("e9")))
        .seed(1).random(new SplittableRandom(1)).build();
    DpRelease rel = agg.count(rows);
    assertThat(rel.partitions()).containsExactly(List.of("e0"), List.of("e1"), List.of("e2"),
        List.of("e9"));
    assertThat(rel.spent()).isEqualTo(PrivacyBudget.pure(1.0));
    // scale b = 1: P(|noise| > 15) = e^-15 per partition
    for (int i = 0; i < 3; i++) {
      assertThat(rel.results().get(i).value()).isCloseTo(1000, within(15.0));
    }
    assertThat(rel.results().get(3).value()).isCloseTo(0, within(15.0));
  }

  @Test
  void partitionSelection_dropsRareGroups_keepsLargeOnes() {
    List<FieldRow> rows = new ArrayList<>();
    for (int u = 0; u < 2000; u++) {
      rows.add(row("owner", "u" + u, "exp", "big"));
    }
    for (int u = 0; u < 300; u++) {
      rows.add(row("owner", "lonely" + u, "exp", "rare" + u)); // 300 single-unit groups
    }
    DpAggregation agg = DpAggregation.builder().privacyUnit("owner").groupBy("exp").epsilon(1.0)
        .delta(1e-5).seed(3).random(new SplittableRandom(3)).build();
    DpRelease rel = agg.count(rows);
    assertThat(rel.partitionsSelected()).isTrue();
    assertThat(rel.spent()).isEqualTo(new PrivacyBudget(1.0, 1e-5));
    // each single-unit group appears with probability ≤ δ = 1e-5: expected 0.003 of 300
    assertThat(rel.partitions()).containsExactly(List.of("big"));
    // the count got ε/2: scale 2, P(|noise| > 30) = e^-15
    assertThat(rel.results().get(0).value()).isCloseTo(2000, within(30.0));
  }

  @Test
  void selectionThreshold_isTheSmallestMeetingDelta_andEmpiricallyRight() {
    for (int l0 : new int[] {1, 3}) {
      for (double delta : new double[] {1e-3, 1e-6, 1e-9}) {
        double b = l0 / 0.5;
        long tau = DpAggregation.selectionThreshold(b, l0, delta);
        double r = Math.exp(-1 / b);
        assertThat(l0 * Math.pow(r, tau - 1) / (1 + r)).isLessThanOrEqualTo(delta);
        assertThat(l0 * Math.pow(r, tau - 2) / (1 + r)).isGreaterThan(delta);
      }
    }
    // the probability that a one-unit group passes, measured: with δ = 0.1, L0 = 1, ε_sel = 0.5
    DiscreteLaplaceSampler noise = DiscreteLaplaceSampler.ofScale(2.0, new SplittableRandom(4));
    long tau = DpAggregation.selectionThreshold(Math.nextUp(noise.scale()), 1, 0.1);
    int n = 200_000;
    int pass = 0;
    for (int i = 0; i < n; i++) {
      pass += 1 + noise.sample() >= tau ? 1 : 0;
    }
    double r = Math.exp(-1 / 2.0);
    double p = Math.pow(r, tau - 1) / (1 + r);
    assertThat((double) pass / n).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n)));
    assertThat(p).isLessThanOrEqualTo(0.1);
  }

  @Test
  void sumAndMean_clampAndEstimateWell() {
    List<FieldRow> rows = new ArrayList<>();
    SplittableRandom data = new SplittableRandom(5);
    double trueSum = 0;
    for (int u = 0; u < 20_000; u++) {
      double v = 10 + data.nextInt(81); // 10..90
      trueSum += v;
      rows.add(row("owner", "u" + u, "mem", Double.toString(v)));
    }
    rows.add(row("owner", "outlier", "mem", "1e9")); // clamped to 100
    trueSum += 100;
    DpAggregation agg = DpAggregation.builder().privacyUnit("owner").epsilon(1.0)
        .partitions(List.of(List.of())).seed(5).random(new SplittableRandom(5)).build();
    double sum = agg.sum(rows, "mem", 0, 100).results().get(0).value();
    assertThat(sum).isCloseTo(trueSum, within(100 * 15.0)); // scale 100
    double mean = agg.mean(rows, "mem", 0, 100).results().get(0).value();
    assertThat(mean).isCloseTo(trueSum / 20_001, within(0.2));
  }

  /**
   * Two neighbours, the same noise (the same seeded generator): the releases must lie at most
   * ceil(Δ/g) grid steps apart, Δ = 1 and g = 2^-16 here, so at most 1.0. With a floating-point sum
   * the second unit's 1 rounded 1 + (2^-17 - 2^-70) up to 1 + 2^-17, index 65,536.5, rounded to
   * 65,537, while the first unit alone is at index 0.49999..., 0: 65,537 steps, 1 + 2^-16 apart, more
   * than the noise was calibrated for. The exact sum is at 65,536.4999..., index 65,536.
   */
  @Test
  void sum_neighboursStayWithinTheSensitivity_noFloatingPointRounding() {
    double a = 0x1p-17 - 0x1p-70;
    List<FieldRow> one = List.of(row("owner", "x", "v", Double.toString(a)));
    List<FieldRow> two = List.of(row("owner", "x", "v", Double.toString(a)), row("owner", "y", "v", "1"));
    double[] out = new double[2];
    for (int i = 0; i < 2; i++) {
      DpAggregation agg = DpAggregation.builder().privacyUnit("owner").epsilon(1.0)
          .partitions(List.of(List.of())).seed(3).random(new SplittableRandom(3)).build();
      out[i] = agg.sum(i == 0 ? one : two, "v", 0, 1).results().get(0).value();
    }
    assertThat(out[1] - out[0]).isLessThanOrEqualTo(1.0);
    // and the exact sum's index directly: 2^40 + 2^23 - 1 multiples of 2^-40, half up to 2^-16
    DpAggregation.ExactSum s = new DpAggregation.ExactSum(0x1p-16);
    s.add(a);
    s.add(1);
    assertThat(s.index()).isEqualTo(65_536);
    DpAggregation.ExactSum negative = new DpAggregation.ExactSum(0x1p-16);
    negative.add(-a);
    negative.add(-1);
    assertThat(negative.index()).isEqualTo(-65_536);
  }

  @Test
  void exactSum_overflowsIntoBigIntegers_exactly() {
    DpAggregation.ExactSum s = new DpAggregation.ExactSum(1.0); // values up to 2^17, fine grid 2^-24
    int n = (1 << 22) + 3; // 2^41 multiples a row: beyond a long after 2^22 rows
    for (int i = 0; i < n; i++) {
      s.add(0x1p17);
    }
    assertThat(s.index()).isEqualTo((long) n << 17);
    s.add(-0x1p17);
    s.add(0x1p-24 * 3); // three multiples: no effect on the index (half up at 2^23)
    assertThat(s.index()).isEqualTo((long) (n - 1) << 17);
    assertThatThrownBy(() -> s.add(0x1p40)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sensitivity_productRoundedUp() {
    // 5 * (1 + 2^-52) = 5 + 1.25·2^-50 is not a double: round to nearest gives 5 + 2^-50, below it
    double b = 1 + 0x1p-52;
    assertThat(new java.math.BigDecimal(5 * b)).isLessThan(
        new java.math.BigDecimal(5).multiply(new java.math.BigDecimal(b)));
    double p = DpAggregation.timesUp(5, b);
    assertThat(new java.math.BigDecimal(p)).isGreaterThanOrEqualTo(
        new java.math.BigDecimal(5).multiply(new java.math.BigDecimal(b)));
    long big = (1L << 62) + 1; // not a double
    assertThat(new java.math.BigDecimal(DpAggregation.timesUp(big, 1))).isGreaterThanOrEqualTo(
        new java.math.BigDecimal(big));
    assertThat(DpAggregation.timesUp(50, 1)).isEqualTo(50.0);
  }

  @Test
  void quantiles_treeRecoversUniformQuantiles() {
    List<FieldRow> rows = new ArrayList<>();
    SplittableRandom data = new SplittableRandom(6);
    for (int u = 0; u < 50_000; u++) {
      rows.add(row("owner", "u" + u, "runtime", Double.toString(data.nextInt(1_000_000) / 1e4)));
    }
    DpAggregation agg = DpAggregation.builder().privacyUnit("owner").epsilon(1.0)
        .partitions(List.of(List.of())).seed(6).random(new SplittableRandom(6)).build();
    List<Double> q = agg.quantiles(rows, "runtime", 0, 100, 0.1, 0.5, 0.9).results().get(0).values();
    // sampling sd of a uniform quantile ~ 100·sqrt(p(1-p)/n) ≈ 0.2; tree noise adds less than that
    assertThat(q.get(0)).isCloseTo(10, within(1.0));
    assertThat(q.get(1)).isCloseTo(50, within(1.0));
    assertThat(q.get(2)).isCloseTo(90, within(1.0));
  }

  /**
   * The example: jobs and failed jobs per experiment per day, ε = 1 in total, through a
   * basic-composition accountant that then refuses a third query.
   */
  @Test
  void jobsAndFailedJobsPerExperimentPerDay_epsilonOne() {
    List<FieldRow> rows = new ArrayList<>();
    SplittableRandom data = new SplittableRandom(7);
    Map<List<String>, int[]> truth = new HashMap<>();
    for (int job = 0; job < 60_000; job++) {
      String owner = "user" + data.nextInt(3000);
      String exp = "exp" + data.nextInt(4);
      String day = "2026-11-0" + (1 + data.nextInt(3));
      boolean failed = data.nextInt(10) == 0;
      rows.add(row("Owner", owner, "experiment", exp, "day", day, "failed", failed ? "1" : "0"));
      int[] t = truth.computeIfAbsent(List.of(exp, day), k -> new int[2]);
      t[0]++;
      t[1] += failed ? 1 : 0;
    }
    PrivacyAccountant acc = PrivacyAccountant.basic(new PrivacyBudget(1.0, 1e-6));
    DpAggregation jobs = DpAggregation.builder().privacyUnit("Owner").groupBy("experiment", "day")
        .maxPartitionsContributed(12).maxContributionsPerPartition(10).epsilon(0.5).delta(1e-6)
        .accountant(acc).seed(7).random(new SplittableRandom(7)).build();
    DpRelease all = jobs.count(rows);
    DpRelease failed = jobs.toBuilder().partitions(all.partitions()).delta(0).build()
        .sum(rows, "failed", 0, 1);
    assertThat(all.partitions()).hasSize(12);
    assertThat(acc.spent().epsilon()).isCloseTo(1.0, within(1e-12));
    for (int i = 0; i < 12; i++) {
      int[] t = truth.get(all.results().get(i).partition());
      // L0·L∞ = 120: count noise scale 120/0.25 = 480; sum noise scale 120/0.5 = 240; 10 scales
      assertThat(all.results().get(i).value()).isCloseTo(t[0], within(4800.0));
      assertThat(failed.results().get(i).value()).isCloseTo(t[1], within(2400.0));
    }
    assertThatThrownBy(() -> jobs.count(rows)).isInstanceOf(BudgetExceededException.class);
  }

  @Test
  void badRows_failClosedWithoutEchoingValues() {
    DpAggregation agg = DpAggregation.builder().privacyUnit("owner").epsilon(1)
        .partitions(List.of(List.of())).random(new SplittableRandom(8)).build();
    assertThatThrownBy(() -> agg.sum(List.of(row("owner", "a", "v", "secret-ish-7Q")), "v", 0, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("row 1")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-ish-7Q"));
    assertThatThrownBy(() -> agg.count(List.of(row("v", "1"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("owner");
    assertThatThrownBy(() -> DpAggregation.builder().privacyUnit("o").epsilon(1).build()
        .count(List.of())).isInstanceOf(PrivacyParameterException.class)
        .hasMessageContaining("delta");
    assertThatThrownBy(() -> agg.sum(List.of(), "v", 5, 1))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("bounds");
  }
}
