package org.anonkit.benchmarks.dp;

import org.anonkit.benchmarks.Zipf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.anonkit.privacy.dp.DiscreteLaplaceSampler;
import org.anonkit.privacy.dp.DpAggregation;
import org.anonkit.privacy.dp.DpRelease;
import org.anonkit.privacy.dp.DpResult;
import org.anonkit.privacy.dp.FieldRow;
import org.anonkit.privacy.dp.LaplaceMechanism;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link DpAggregation} with DP partition selection (no public partitions), rows per second on one
 * thread: each invocation releases one count histogram over {@link #ROWS} job rows grouped by experiment
 * and site (10 experiments, an owner working mostly in one; sites Zipf(1.1) over 50 names: 500
 * groups, most of them held by too few owners to pass the threshold of 87 owners, so that about 50 (48 in the setup check) are
 * released and the rest suppressed); privacy unit {@code Owner} (10,000 owners, Zipf(0.8) row counts),
 * L0 = 3, L∞ = 20, ε = 1 (ε/2 for the selection, ε/2 for the counts), δ = 10⁻⁶.
 *
 * <ul>
 *   <li>{@code countSelected}: {@link DpAggregation#count} with {@code selectPartitions()};
 *   <li>{@code countSelectedNaive}: bounding the direct way ({@link NaiveBounding}, every row kept and
 *       the survivors chosen per owner at the end), then for every group in key order its number of
 *       owners plus discrete Laplace noise of scale L0/(ε/2) (a {@link DiscreteLaplaceSampler}, as the
 *       library) compared with the threshold τ = 1 + k, k the smallest integer ≥ 1 with
 *       L0·r^k/(1 + r) ≤ δ, r = e^(−1/b) (the library's formula, copied: it is not public), then the
 *       counts of the kept groups with {@link LaplaceMechanism} noise, the same generator drawn in the
 *       same order.
 * </ul>
 *
 * <p>{@link #setup()} runs both with identically seeded generators and throws unless the released
 * histograms (keys and noisy counts) are equal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DpPartitionSelectionBenchmark {
  static final int ROWS = DpAggregationBenchmark.ROWS;
  static final int L0 = DpAggregationBenchmark.L0;
  static final int LINF = DpAggregationBenchmark.LINF;
  static final double EPSILON = DpAggregationBenchmark.EPSILON;
  static final double DELTA = 1e-6;
  static final long SEED = 0x5eed_28L;

  /** One job row: owner, experiment, execution site. */
  record SiteRow(String owner, String experiment, String site) implements FieldRow {
    @Override
    public String get(String field) {
      switch (field) {
        case "Owner":
          return owner;
        case "experiment":
          return experiment;
        case "site":
          return site;
        default:
          return null;
      }
    }
  }

  List<SiteRow> rows;
  DpAggregation aggregation;
  RandomGenerator naiveRandom;
  int released;

  @Setup(Level.Trial)
  public void setup() {
    Random rnd = new Random(28);
    Zipf owners = new Zipf(10_000, 0.8);
    Zipf sites = new Zipf(50, 1.1);
    rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      int k = owners.next(rnd);
      String e = "exp" + ((k + (rnd.nextInt(4) == 0 ? 1 : 0)) % 10);
      rows.add(new SiteRow("user" + k, e, "site" + sites.next(rnd)));
    }
    List<DpResult> ours = candidate(new SplittableRandom(3)).count(rows).results();
    List<DpResult> naive = countSelectedNaive(new SplittableRandom(3));
    if (!ours.equals(naive)) {
      throw new IllegalStateException("DpAggregation.count with partition selection and its naive version released"
          + " different histograms (" + ours.size() + " vs " + naive.size() + " groups)");
    }
    released = ours.size();
    System.out.println("partition selection: " + released + " of " + groups() + " groups released");
    aggregation = candidate(new SplittableRandom(7));
    naiveRandom = new SplittableRandom(7);
  }

  private long groups() {
    return rows.stream().map(r -> r.experiment() + "\u0000" + r.site()).distinct().count();
  }

  private DpAggregation candidate(RandomGenerator random) {
    return DpAggregation.builder().privacyUnit("Owner").groupBy("experiment", "site")
        .maxPartitionsContributed(L0).maxContributionsPerPartition(LINF).epsilon(EPSILON).delta(DELTA)
        .selectPartitions().seed(SEED).random(random).build();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public DpRelease countSelected() {
    return aggregation.count(rows);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public List<DpResult> countSelectedNaive() {
    return countSelectedNaive(naiveRandom);
  }

  List<DpResult> countSelectedNaive(RandomGenerator random) {
    Map<List<String>, List<double[]>> kept = NaiveBounding.bound(rows, "Owner", new String[] {"experiment", "site"},
        null, null, 0, 0, L0, LINF, SEED);
    DiscreteLaplaceSampler noise = DiscreteLaplaceSampler.ofScale(Math.nextUp(L0 / (EPSILON / 2)), random);
    long threshold = threshold(Math.nextUp(noise.scale()));
    List<List<String>> keys = new ArrayList<>(kept.keySet());
    keys.sort(NaiveBounding::compareKeys);
    List<List<String>> selected = new ArrayList<>();
    for (List<String> p : keys) {
      if (kept.get(p).size() + noise.sample() >= threshold) {
        selected.add(p);
      }
    }
    List<DpResult> out = new ArrayList<>(selected.size());
    for (List<String> p : selected) {
      long count = 0;
      for (double[] unit : kept.get(p)) {
        count += unit.length;
      }
      LaplaceMechanism m = LaplaceMechanism.create(EPSILON / 2, (double) L0 * LINF, random);
      out.add(new DpResult(p, List.of((double) m.addNoise(count))));
    }
    return out;
  }

  /** τ = 1 + k, k ≥ 1 the smallest with L0 · P[Y ≥ k] ≤ δ, P[Y ≥ k] = r^k/(1 + r), r = e^(−1/b). */
  static long threshold(double scale) {
    double r = Math.exp(-1 / scale);
    double k = Math.max(1, Math.ceil(scale * Math.log(L0 / (DELTA * (1 + r)))));
    while (L0 * Math.exp(k * Math.log(r)) / (1 + r) > DELTA) {
      k++;
    }
    return 1 + (long) k;
  }
}
