package org.anonkit.benchmarks.dp;

import org.anonkit.benchmarks.Zipf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
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
 * DP aggregation with per-unit contribution bounding ({@link DpAggregation} and its
 * {@code ContributionBounder}), rows per second on one thread: each invocation releases one histogram
 * over {@link #ROWS} job rows ({@code @OperationsPerInvocation(ROWS)}), grouped by experiment and day
 * (10 × 14 public partitions), privacy unit {@code Owner} (2,000 owners, Zipf(1.1) row counts, each
 * working in a few experiments), L0 = 3 partitions per owner, L∞ = 20 rows per partition, ε = 1.
 *
 * <ul>
 *   <li>{@code count} / {@code sum}: {@link DpAggregation#count} and {@link DpAggregation#sum} (wall-clock
 *       minutes clamped to [0, 1000]);
 *   <li>{@code countNaive} / {@code sumNaive}: bound-then-sum written the direct way: every row kept
 *       (a map per owner of partition → list of values), then per owner the partitions sorted by their
 *       keyed hash and the first L0 kept, in each the occurrences sorted by their keyed hash and the first
 *       L∞ kept (the same keyed choice as the bounder, whose hash functions are copied here), a
 *       {@code double} sum, and the same noise: {@link LaplaceMechanism} over the same kind of seeded
 *       generator, drawn in the same partition order.
 * </ul>
 *
 * <p>{@link #setup()} runs each candidate and its naive version with identically seeded generators and
 * throws unless the released histograms are equal. (The values are whole minutes and the noise grid
 * of the sum is 1/2, so the naive {@code double} sum is exact and equals the bounder's exact integer
 * sum; with arbitrary doubles the naive sum would not be exact, which is why the library does not
 * sum that way.) Both sides read the same {@link FieldRow} objects.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DpAggregationBenchmark {
  static final int ROWS = 50_000;
  static final int L0 = 3;
  static final int LINF = 20;
  static final double EPSILON = 1.0;
  static final double LOWER = 0;
  static final double UPPER = 1000;
  static final long SEED = 0x5eed_26L;

  /** One job row as a reader hands it over. */
  record JobRow(String owner, String experiment, String day, String wallMinutes) implements FieldRow {
    @Override
    public String get(String field) {
      switch (field) {
        case "Owner":
          return owner;
        case "experiment":
          return experiment;
        case "day":
          return day;
        case "wall":
          return wallMinutes;
        default:
          return null;
      }
    }
  }

  List<JobRow> rows;
  List<List<String>> partitions;
  DpAggregation aggregation;
  RandomGenerator naiveRandom;

  @Setup(Level.Trial)
  public void setup() {
    partitions = publicPartitions();
    rows = jobRows();
    check("count", candidate(partitions, new SplittableRandom(3)).count(rows).results(), naive(false, new SplittableRandom(3)));
    check("sum", candidate(partitions, new SplittableRandom(4)).sum(rows, "wall", LOWER, UPPER).results(),
        naive(true, new SplittableRandom(4)));
    aggregation = candidate(partitions, new SplittableRandom(7));
    naiveRandom = new SplittableRandom(7);
  }

  /** The 10 × 14 public partitions (experiment, day). */
  static List<List<String>> publicPartitions() {
    List<List<String>> partitions = new ArrayList<>();
    for (int e = 0; e < 10; e++) {
      for (int d = 0; d < 14; d++) {
        partitions.add(List.of("exp" + e, String.format("2026-11-%02d", d + 1)));
      }
    }
    return partitions;
  }

  /** The {@link #ROWS} job rows (seeded: the same rows every run; also read by the bench-28 benchmarks). */
  static List<JobRow> jobRows() {
    Random rnd = new Random(26);
    int owners = 2000;
    Zipf zipf = new Zipf(owners, 1.1);
    String[] experiments = new String[10];
    for (int e = 0; e < experiments.length; e++) {
      experiments[e] = "exp" + e;
    }
    String[] days = new String[14];
    for (int d = 0; d < days.length; d++) {
      days[d] = String.format("2026-11-%02d", d + 1);
    }
    List<JobRow> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      int k = zipf.next(rnd);
      // an owner works mostly in one experiment, sometimes in the next one
      String e = experiments[(k + (rnd.nextInt(4) == 0 ? 1 : 0)) % experiments.length];
      String d = days[rnd.nextInt(days.length)];
      rows.add(new JobRow("user" + k, e, d, Integer.toString(rnd.nextInt(1200))));
    }
    return rows;
  }

  /** The aggregation every DP benchmark on public partitions measures, over {@code partitions}. */
  static DpAggregation candidate(List<List<String>> partitions, RandomGenerator random) {
    return DpAggregation.builder().privacyUnit("Owner").groupBy("experiment", "day")
        .maxPartitionsContributed(L0).maxContributionsPerPartition(LINF).epsilon(EPSILON)
        .partitions(partitions).seed(SEED).random(random).build();
  }

  private static void check(String what, List<DpResult> candidate, List<DpResult> naive) {
    if (!candidate.equals(naive)) {
      throw new IllegalStateException("DpAggregation." + what + " and its naive version released different histograms");
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public DpRelease count() {
    return aggregation.count(rows);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public DpRelease sum() {
    return aggregation.sum(rows, "wall", LOWER, UPPER);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public List<DpResult> countNaive() {
    return naive(false, naiveRandom);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public List<DpResult> sumNaive() {
    return naive(true, naiveRandom);
  }

  private static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  /** Bound-then-aggregate the direct way: keep every row, choose the survivors per owner at the end. */
  List<DpResult> naive(boolean sum, RandomGenerator random) {
    Set<List<String>> allowed = new HashSet<>(partitions);
    Map<String, Map<List<String>, List<Double>>> byOwner = new HashMap<>();
    for (FieldRow row : rows) {
      List<String> key = List.of(row.get("experiment"), row.get("day"));
      if (!allowed.contains(key)) {
        continue;
      }
      double v = sum ? Math.max(LOWER, Math.min(UPPER, Double.parseDouble(row.get("wall").trim()))) : 0;
      byOwner.computeIfAbsent(row.get("Owner"), k -> new LinkedHashMap<>())
          .computeIfAbsent(key, k -> new ArrayList<>()).add(v);
    }
    Map<List<String>, double[]> totals = new HashMap<>(); // {count, sum}
    for (Map.Entry<String, Map<List<String>, List<Double>>> owner : byOwner.entrySet()) {
      long uh = hash(SEED, owner.getKey());
      List<long[]> cells = new ArrayList<>(); // {partition hash, index in the owner's list}
      List<List<String>> keys = new ArrayList<>(owner.getValue().keySet());
      for (int i = 0; i < keys.size(); i++) {
        cells.add(new long[] {mix(uh ^ hash(SEED + 1, String.join("\u0000", keys.get(i)))), i});
      }
      cells.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
      for (int c = 0; c < Math.min(L0, cells.size()); c++) {
        long ph = cells.get(c)[0];
        List<String> key = keys.get((int) cells.get(c)[1]);
        List<Double> values = owner.getValue().get(key);
        Long[] order = new Long[values.size()];
        for (int j = 0; j < order.length; j++) {
          order[j] = (long) j;
        }
        long[] h = new long[values.size()];
        for (int j = 0; j < h.length; j++) {
          h[j] = mix(ph + 0x9E3779B97F4A7C15L * (j + 1));
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(h[(int) (long) a], h[(int) (long) b]));
        double[] t = totals.computeIfAbsent(key, k -> new double[2]);
        for (int j = 0; j < Math.min(LINF, order.length); j++) {
          t[0]++;
          t[1] += values.get((int) (long) order[j]);
        }
      }
    }
    List<List<String>> released = new ArrayList<>(new java.util.LinkedHashSet<>(partitions));
    released.sort(KEY_ORDER);
    List<DpResult> out = new ArrayList<>(released.size());
    double sensitivity = (double) L0 * LINF * (sum ? Math.max(Math.abs(LOWER), Math.abs(UPPER)) : 1);
    for (List<String> p : released) {
      double[] t = totals.getOrDefault(p, new double[2]);
      LaplaceMechanism m = LaplaceMechanism.create(EPSILON, sensitivity, random);
      out.add(new DpResult(p, List.of(sum ? m.addNoise(t[1]) : (double) m.addNoise((long) t[0]))));
    }
    return out;
  }

  /** The bounder's keyed hash (FNV-1a over UTF-8, seeded, SplitMix64-finalized), copied. */
  static long hash(long seed, String s) {
    long h = 0xCBF29CE484222325L ^ mix(seed);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return mix(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
