package org.anonkit.benchmarks.dp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.anonkit.benchmarks.dp.DpAggregationBenchmark.JobRow;
import org.anonkit.privacy.dp.DpAggregation;
import org.anonkit.privacy.dp.DpRelease;
import org.anonkit.privacy.dp.DpResult;
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
 * {@link DpAggregation#mean} and {@link DpAggregation#quantiles}, rows per second on one thread: each
 * invocation releases one histogram over the 50,000 job rows of {@link DpAggregationBenchmark} (the same
 * seeded rows, owners, public partitions, L0 = 3, L∞ = 20, ε = 1, wall-clock minutes clamped to
 * [0, 1000]); quantiles at ranks 0.25, 0.5, 0.75 and 0.95.
 *
 * <ul>
 *   <li>{@code mean} / {@code quantiles}: the library (streaming bounder, exact sums, a sparse
 *       16-ary tree of height 4 per partition with noise drawn lazily as the ranks are read);
 *   <li>{@code meanNaive}: bounding the direct way ({@link NaiveBounding}), then per partition a
 *       {@code long} count and a {@code double} sum of (x − midpoint), and the same noise:
 *       {@link LaplaceMechanism}s of ε/2 each for the count and the sum, over the same kind of seeded
 *       generator, drawn in the same order (count, then sum, partition by partition); the released sum
 *       goes through the public {@code addNoise(double)}, which rounds it to the grid as the library's
 *       exact sum does;
 *   <li>{@code quantilesNaive}: the same bounding, then no tree: each partition's surviving values are
 *       mapped to their leaf (the library's leaf formula), and the count of every node the top-down read
 *       visits is recounted from all of the partition's leaves when the node is first visited; the same
 *       read (children's noisy counts clamped at 0, cached per node, the same interpolation in the leaf,
 *       the same non-decreasing fix-up) and the same noise in the same order.
 * </ul>
 *
 * <p>{@link #setup()} runs each candidate and its naive version with identically seeded generators and
 * throws unless the released histograms are equal (exactly: {@code List<DpResult>.equals}). The values
 * are whole minutes, so the naive {@code double} sums are exact and equal the library's exact sums (the
 * argument of {@link DpAggregationBenchmark}). Both sides read the same {@code FieldRow} objects.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DpQuantileMeanBenchmark {
  static final int ROWS = DpAggregationBenchmark.ROWS;
  static final int L0 = DpAggregationBenchmark.L0;
  static final int LINF = DpAggregationBenchmark.LINF;
  static final double EPSILON = DpAggregationBenchmark.EPSILON;
  static final double LOWER = DpAggregationBenchmark.LOWER;
  static final double UPPER = DpAggregationBenchmark.UPPER;
  static final long SEED = DpAggregationBenchmark.SEED;
  static final double[] RANKS = {0.25, 0.5, 0.75, 0.95};
  static final int BRANCHING = 16;
  static final int HEIGHT = 4;

  List<JobRow> rows;
  List<List<String>> partitions;
  DpAggregation aggregation;
  RandomGenerator naiveRandom;

  @Setup(Level.Trial)
  public void setup() {
    rows = DpAggregationBenchmark.jobRows();
    partitions = DpAggregationBenchmark.publicPartitions();
    check("mean", DpAggregationBenchmark.candidate(partitions, new SplittableRandom(5)).mean(rows, "wall", LOWER, UPPER).results(),
        meanNaive(new SplittableRandom(5)));
    check("quantiles", DpAggregationBenchmark.candidate(partitions, new SplittableRandom(6)).quantiles(rows, "wall", LOWER, UPPER, RANKS).results(),
        quantilesNaive(new SplittableRandom(6)));
    aggregation = DpAggregationBenchmark.candidate(partitions, new SplittableRandom(7));
    naiveRandom = new SplittableRandom(7);
  }

  private static void check(String what, List<DpResult> candidate, List<DpResult> naive) {
    if (!candidate.equals(naive)) {
      for (int i = 0; i < Math.min(candidate.size(), naive.size()); i++) {
        if (!candidate.get(i).equals(naive.get(i))) {
          throw new IllegalStateException("DpAggregation." + what + " and its naive version differ first at "
              + candidate.get(i) + " vs " + naive.get(i));
        }
      }
      throw new IllegalStateException("DpAggregation." + what + " and its naive version released different histograms");
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public DpRelease mean() {
    return aggregation.mean(rows, "wall", LOWER, UPPER);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public List<DpResult> meanNaive() {
    return meanNaive(naiveRandom);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public DpRelease quantiles() {
    return aggregation.quantiles(rows, "wall", LOWER, UPPER, RANKS);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public List<DpResult> quantilesNaive() {
    return quantilesNaive(naiveRandom);
  }

  private Map<List<String>, List<double[]>> bound() {
    return NaiveBounding.bound(rows, "Owner", new String[] {"experiment", "day"}, new HashSet<>(partitions),
        "wall", LOWER, UPPER, L0, LINF, SEED);
  }

  private List<List<String>> released() {
    List<List<String>> released = new ArrayList<>(new LinkedHashSet<>(partitions));
    released.sort(NaiveBounding::compareKeys);
    return released;
  }

  List<DpResult> meanNaive(RandomGenerator random) {
    Map<List<String>, List<double[]>> kept = bound();
    double mid = LOWER + (UPPER - LOWER) / 2;
    double half = Math.max(Math.abs(LOWER - mid), Math.abs(UPPER - mid));
    List<DpResult> out = new ArrayList<>();
    for (List<String> p : released()) {
      long count = 0;
      double sum = 0;
      for (double[] unit : kept.getOrDefault(p, List.of())) {
        count += unit.length;
        for (double v : unit) {
          sum += v - mid;
        }
      }
      LaplaceMechanism countNoise = LaplaceMechanism.create(EPSILON / 2, (double) L0 * LINF, random);
      LaplaceMechanism sumNoise = LaplaceMechanism.create(EPSILON / 2, (double) L0 * LINF * half, random);
      long noisyCount = countNoise.addNoise(count);
      double noisySum = sumNoise.addNoise(sum);
      double mean = mid + noisySum / Math.max(1, noisyCount);
      out.add(new DpResult(p, List.of(Math.max(LOWER, Math.min(UPPER, mean)))));
    }
    return out;
  }

  List<DpResult> quantilesNaive(RandomGenerator random) {
    Map<List<String>, List<double[]>> kept = bound();
    long leaves = 1;
    for (int i = 0; i < HEIGHT; i++) {
      leaves *= BRANCHING;
    }
    List<DpResult> out = new ArrayList<>();
    for (List<String> p : released()) {
      List<double[]> units = kept.getOrDefault(p, List.of());
      int n = 0;
      for (double[] unit : units) {
        n += unit.length;
      }
      long[] leaf = new long[n];
      int i0 = 0;
      for (double[] unit : units) {
        for (double v : unit) {
          long l = (long) Math.floor((v - LOWER) / (UPPER - LOWER) * leaves);
          leaf[i0++] = Math.max(0, Math.min(leaves - 1, l));
        }
      }
      LaplaceMechanism m = LaplaceMechanism.create(EPSILON, (double) L0 * LINF * HEIGHT, random);
      Map<Long, Long> noisy = new HashMap<>(); // node (level, index) → noisy count, drawn on first visit
      double[] q = new double[RANKS.length];
      for (int r = 0; r < RANKS.length; r++) {
        double fraction = RANKS[r];
        long first = 0;
        double lo = LOWER;
        double width = UPPER - LOWER;
        long below = leaves; // leaves under one node of the current level
        for (int level = 1; level <= HEIGHT; level++) {
          below /= BRANCHING;
          long[] child = new long[BRANCHING];
          long total = 0;
          for (int c = 0; c < BRANCHING; c++) {
            long index = first + c;
            Long cached = noisy.get(((long) level << 56) | index);
            if (cached == null) {
              long count = 0;
              for (long l : leaf) {
                if (l / below == index) {
                  count++;
                }
              }
              cached = Math.max(0, m.addNoise(count));
              noisy.put(((long) level << 56) | index, cached);
            }
            child[c] = cached;
            total += cached;
          }
          if (total == 0) {
            lo += width / 2;
            break;
          }
          double target = fraction * total;
          int chosen = -1;
          double before = 0;
          for (int c = 0; c < BRANCHING; c++) {
            if (child[c] > 0 && before + child[c] >= target) {
              chosen = c;
              break;
            }
            before += child[c];
          }
          if (chosen < 0) {
            for (int c = BRANCHING - 1; c >= 0; c--) {
              if (child[c] > 0) {
                chosen = c;
                break;
              }
            }
            before = total - child[chosen];
          }
          fraction = Math.max(0, Math.min(1, (target - before) / child[chosen]));
          width /= BRANCHING;
          lo += chosen * width;
          if (level == HEIGHT) {
            lo += fraction * width;
          }
          first = (first + chosen) * BRANCHING;
        }
        q[r] = Math.max(LOWER, Math.min(UPPER, lo));
      }
      List<Double> values = new ArrayList<>();
      for (int r = 0; r < q.length; r++) {
        if (r > 0 && RANKS[r] >= RANKS[r - 1]) {
          q[r] = Math.max(q[r], q[r - 1]);
        }
        values.add(q[r]);
      }
      out.add(new DpResult(p, values));
    }
    return out;
  }
}
