package org.anonkit.privacy.dp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.anonkit.InvalidInputException;

/**
 * Differentially private aggregates over rows with per-privacy-unit contribution bounding: count,
 * bounded sum, bounded mean and quantiles, optionally grouped by fields (a histogram), with DP partition
 * selection when the set of groups is not public.
 *
 * <p><b>Model.</b> Neighbouring inputs differ in all rows of one privacy unit (e.g. one {@code Owner}).
 * Each unit keeps at most L0 = {@code maxPartitionsContributed} groups and at most L∞ =
 * {@code maxContributionsPerPartition} rows per group; the excess is dropped by a seeded, deterministic
 * choice (see {@code seed}). Values are clamped to [lower, upper]. Noise is discrete Laplace (exact; see
 * {@link LaplaceMechanism}) with L1 sensitivity L0·L∞ for counts, L0·L∞·max(|lower|, |upper|) for
 * sums, each sum computed exactly (values truncated toward zero to 2^-24 of the noise grid, then added
 * in integer arithmetic: a floating-point sum's rounding depends on the other rows and their order,
 * and could put neighbours more than the sensitivity apart); a mean spends half its ε on a count and
 * half on the sum of (x − midpoint); quantiles use a tree
 * of branching 16 and height 4 over [lower, upper] whose node counts get noise of sensitivity 4·L0·L∞,
 * read top-down for each rank.
 *
 * <p><b>Partition selection.</b> Without {@link Builder#partitions public partitions}, a group is
 * released only if its number of contributing units plus discrete Laplace noise of scale L0/(ε/2)
 * reaches a threshold τ = 1 + ceil(b·ln(L0/(δ(1+r)))), r = e^(−1/b), so that a group made by a single
 * unit appears with probability at most δ/L0 (Laplace thresholding, as in Google's differential-privacy
 * library, with the exact discrete tail). This costs ε/2 and all of δ; the statistic gets the other
 * ε/2. With public partitions the statistic gets all of ε, δ is not used, groups absent from the data
 * are released (with noise) and rows outside the list are ignored. A previous release's
 * {@link DpRelease#partitions()} may serve as the partitions of a follow-up query (post-processing).
 *
 * <p>Example: jobs and failed jobs per experiment per day with ε = 1 in total:
 * <pre>{@code
 * PrivacyAccountant acc = PrivacyAccountant.basic(new PrivacyBudget(1.0, 1e-6));
 * DpAggregation jobs = DpAggregation.builder().privacyUnit("Owner").groupBy("experiment", "day")
 *     .maxPartitionsContributed(3).maxContributionsPerPartition(20)
 *     .epsilon(0.5).delta(1e-6).accountant(acc).build();
 * DpRelease all = jobs.count(rows);
 * DpRelease failed = jobs.toBuilder().partitions(all.partitions()).delta(0).build()
 *     .sum(rows, "failed", 0, 1);               // failed = 1 or 0 per job
 * }</pre>
 *
 * <p>Immutable; thread-safe when its {@link RandomGenerator} is (the default {@link SecureRandom} is).
 * Memory is O(units × L0 × L∞) for the bounding, independent of the number of rows.
 */
public final class DpAggregation {
  static final int TREE_BRANCHING = 16;
  static final int TREE_HEIGHT = 4;

  private final String privacyUnit;
  private final List<String> groupBy;
  private final int maxPartitions;
  private final int maxPerPartition;
  private final double epsilon;
  private final double delta;
  private final long seed;
  private final RandomGenerator random;
  private final List<List<String>> partitions;
  private final PrivacyAccountant accountant;

  private DpAggregation(Builder b) {
    this.privacyUnit = b.privacyUnit;
    this.groupBy = List.copyOf(b.groupBy);
    this.maxPartitions = b.maxPartitions;
    this.maxPerPartition = b.maxPerPartition;
    this.epsilon = b.epsilon;
    this.delta = b.delta;
    this.seed = b.seed;
    this.random = b.random;
    this.partitions = b.partitions == null ? null : List.copyOf(b.partitions);
    this.accountant = b.accountant;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this aggregation's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.privacyUnit = privacyUnit;
    b.groupBy = groupBy;
    b.maxPartitions = maxPartitions;
    b.maxPerPartition = maxPerPartition;
    b.epsilon = epsilon;
    b.delta = delta;
    b.seed = seed;
    b.seedSet = true;
    b.random = random;
    b.partitions = partitions;
    b.accountant = accountant;
    return b;
  }

  /** Number of rows per group (a histogram when grouped). */
  public DpRelease count(Iterable<? extends FieldRow> rows) {
    return run(rows, null, 0, 0, Kind.COUNT, null);
  }

  /** Sum of {@code valueField}, each value clamped to [lower, upper], per group. */
  public DpRelease sum(Iterable<? extends FieldRow> rows, String valueField, double lower,
      double upper) {
    checkBounds(lower, upper);
    return run(rows, Objects.requireNonNull(valueField, "valueField"), lower, upper, Kind.SUM, null);
  }

  /** Mean of {@code valueField}, values clamped to [lower, upper], per group (result in bounds). */
  public DpRelease mean(Iterable<? extends FieldRow> rows, String valueField, double lower,
      double upper) {
    checkBounds(lower, upper);
    return run(rows, Objects.requireNonNull(valueField, "valueField"), lower, upper, Kind.MEAN, null);
  }

  /** Quantiles of {@code valueField} at each rank in [0, 1], values clamped to [lower, upper]. */
  public DpRelease quantiles(Iterable<? extends FieldRow> rows, String valueField, double lower,
      double upper, double... ranks) {
    checkBounds(lower, upper);
    if (ranks.length == 0) {
      throw new PrivacyParameterException("at least one rank is required");
    }
    for (double r : ranks) {
      Checks.probability("rank", r);
    }
    return run(rows, Objects.requireNonNull(valueField, "valueField"), lower, upper, Kind.QUANTILES,
        ranks.clone());
  }

  private static void checkBounds(double lower, double upper) {
    if (!(Double.isFinite(lower) && Double.isFinite(upper) && lower < upper)) {
      throw new PrivacyParameterException(
          "bounds must be finite with lower < upper, got [" + lower + ", " + upper + "]");
    }
  }

  private enum Kind { COUNT, SUM, MEAN, QUANTILES }

  private DpRelease run(Iterable<? extends FieldRow> rows, String valueField, double lower,
      double upper, Kind kind, double[] ranks) {
    boolean select = partitions == null;
    if (select && !(delta > 0)) {
      throw new PrivacyParameterException("delta must be > 0 to select partitions privately;"
          + " give public partitions or a delta in (0, 1)");
    }
    PrivacyBudget cost = new PrivacyBudget(epsilon, select ? delta : 0);
    if (accountant != null) {
      accountant.spend(cost.epsilon(), cost.delta());
    }
    double statEpsilon = select ? epsilon / 2 : epsilon;

    ContributionBounder bounder = new ContributionBounder(maxPartitions, maxPerPartition, seed);
    Set<List<String>> allowed = select ? null : new java.util.HashSet<>(partitions);
    long rowNumber = 0;
    String[] key = new String[groupBy.size()];
    for (FieldRow row : rows) {
      rowNumber++;
      String unit = row.get(privacyUnit);
      if (unit == null) {
        throw new InvalidInputException("privacy unit field is missing", privacyUnit, rowNumber);
      }
      for (int i = 0; i < key.length; i++) {
        String v = row.get(groupBy.get(i));
        key[i] = v == null ? "" : v;
      }
      List<String> partition = Arrays.asList(key.clone());
      if (allowed != null && !allowed.contains(partition)) {
        continue;
      }
      double value = 0;
      if (valueField != null) {
        value = parse(row.get(valueField), valueField, rowNumber);
        value = Math.max(lower, Math.min(upper, value));
      }
      bounder.add(unit, partition, value);
    }
    Map<List<String>, List<ContributionBounder.Cell>> cells = bounder.byPartition();

    List<List<String>> released;
    if (select) {
      released = selectPartitions(cells, epsilon / 2);
    } else {
      released = new ArrayList<>(new LinkedHashSet<>(partitions));
    }
    released.sort(KEY_ORDER);

    List<DpResult> out = new ArrayList<>(released.size());
    long l0linf = (long) maxPartitions * maxPerPartition;
    for (List<String> p : released) {
      List<ContributionBounder.Cell> cs = cells.getOrDefault(p, List.of());
      switch (kind) {
        case COUNT: {
          long c = 0;
          for (ContributionBounder.Cell cell : cs) {
            c += cell.size;
          }
          LaplaceMechanism m = LaplaceMechanism.create(statEpsilon, timesUp(l0linf, 1), random);
          out.add(new DpResult(p, List.of((double) m.addNoise(c))));
          break;
        }
        case SUM: {
          double sens = timesUp(l0linf, Math.max(Math.abs(lower), Math.abs(upper)));
          LaplaceMechanism m = LaplaceMechanism.create(statEpsilon, sens, random);
          ExactSum s = new ExactSum(m.granularity());
          for (ContributionBounder.Cell cell : cs) {
            for (int i = 0; i < cell.size; i++) {
              s.add(cell.values[i]);
            }
          }
          out.add(new DpResult(p, List.of(m.addNoiseToIndex(s.index()))));
          break;
        }
        case MEAN: {
          double mid = lower + (upper - lower) / 2;
          // a row adds fl(x - mid), monotone in x, so at most this in magnitude (the rounded
          // (upper - lower)/2 may be less)
          double half = Math.max(Math.abs(lower - mid), Math.abs(upper - mid));
          LaplaceMechanism countNoise = LaplaceMechanism.create(statEpsilon / 2, timesUp(l0linf, 1), random);
          LaplaceMechanism sumNoise = LaplaceMechanism.create(statEpsilon / 2, timesUp(l0linf, half), random);
          long c = 0;
          ExactSum s = new ExactSum(sumNoise.granularity());
          for (ContributionBounder.Cell cell : cs) {
            c += cell.size;
            for (int i = 0; i < cell.size; i++) {
              s.add(cell.values[i] - mid);
            }
          }
          long noisyCount = countNoise.addNoise(c);
          double noisySum = sumNoise.addNoiseToIndex(s.index());
          double mean = mid + noisySum / Math.max(1, noisyCount);
          out.add(new DpResult(p, List.of(Math.max(lower, Math.min(upper, mean)))));
          break;
        }
        case QUANTILES:
        default: {
          QuantileTree tree = new QuantileTree(lower, upper, TREE_BRANCHING, TREE_HEIGHT);
          for (ContributionBounder.Cell cell : cs) {
            for (int i = 0; i < cell.size; i++) {
              tree.add(cell.values[i]);
            }
          }
          LaplaceMechanism m = LaplaceMechanism.create(statEpsilon, timesUp(l0linf, TREE_HEIGHT), random);
          List<Double> qs = new ArrayList<>(ranks.length);
          for (double q : tree.quantiles(ranks, m)) {
            qs.add(q);
          }
          out.add(new DpResult(p, qs));
          break;
        }
      }
    }
    return new DpRelease(out, cost, select);
  }

  /** a·b rounded up (the sensitivity must not be under-stated by the rounding of the product). */
  static double timesUp(long a, double b) {
    double p = a * b;
    if (!Double.isFinite(p)) {
      return p; // the mechanism refuses it
    }
    return new java.math.BigDecimal(a).multiply(new java.math.BigDecimal(b))
        .compareTo(new java.math.BigDecimal(p)) > 0 ? Math.nextUp(p) : p;
  }

  /**
   * The exact sum of bounded values, and its index on a mechanism's grid g. A floating-point sum is
   * not enough: its rounding depends on the other rows and their order, so the sums of two neighbouring
   * inputs can differ by more than the sensitivity (rows 2^-17 - 2^-70 and 1 in [0, 1]: 1 + 2^-17 is
   * 65,537 steps of g = 2^-16 from the first row's 0, where ceil(Δ/g) = 65,536 is what the noise
   * covers). Here each value is truncated toward zero to a multiple of g·2^-24 (so no row counts more
   * than its bound) and the multiples are added in integer arithmetic; the index is the exact sum's,
   * rounded half up to g. Not thread-safe.
   */
  static final class ExactSum {
    static final int FINE_BITS = 24;
    private final double fine;
    private long sum;
    private java.math.BigInteger big; // once the long overflows

    ExactSum(double granularity) {
      this.fine = Math.scalb(granularity, -FINE_BITS);
    }

    /** Adds {@code x}, whose magnitude is at most the bound the grid was made for. */
    void add(double x) {
      double u = x / fine; // dividing by a power of two is exact
      if (!(Math.abs(u) < 0x1p62)) {
        throw new IllegalStateException("a value beyond the bound its grid was made for");
      }
      long k = (long) u; // truncates toward zero
      if (big == null) {
        long r = sum + k;
        if (((sum ^ r) & (k ^ r)) >= 0) {
          sum = r;
          return;
        }
        big = java.math.BigInteger.valueOf(sum);
      }
      big = big.add(java.math.BigInteger.valueOf(k));
    }

    /** round(sum / 2^24), half up: the grid index of the exact sum. */
    long index() {
      if (big == null) {
        return (sum >> FINE_BITS) + ((sum >> (FINE_BITS - 1)) & 1);
      }
      java.math.BigInteger i = big.shiftRight(FINE_BITS).add(big.testBit(FINE_BITS - 1)
          ? java.math.BigInteger.ONE : java.math.BigInteger.ZERO);
      if (i.bitLength() > 60) {
        throw new InvalidInputException(
            "a sum exceeds 2^60 times the noise granularity; clamp values to tighter bounds");
      }
      return i.longValueExact();
    }
  }

  private List<List<String>> selectPartitions(
      Map<List<String>, List<ContributionBounder.Cell>> cells, double selectionEpsilon) {
    DiscreteLaplaceSampler noise =
        DiscreteLaplaceSampler.ofScale(Math.nextUp(maxPartitions / selectionEpsilon), random);
    long threshold = selectionThreshold(Math.nextUp(noise.scale()), maxPartitions, delta);
    List<List<String>> kept = new ArrayList<>();
    // iterate in key order so that the noise draws do not depend on hash-map order
    List<List<String>> keys = new ArrayList<>(cells.keySet());
    keys.sort(KEY_ORDER);
    for (List<String> p : keys) {
      long units = cells.get(p).size();
      if (Grid.saturatingAdd(units, noise.sample()) >= threshold) {
        kept.add(p);
      }
    }
    return kept;
  }

  /**
   * The smallest τ with L0 · P[1 + Y ≥ τ] ≤ δ for Y discrete Laplace of scale b, where
   * P[Y ≥ k] = r^k/(1 + r), r = e^(−1/b), for k ≥ 1.
   */
  static long selectionThreshold(double scale, int maxPartitions, double delta) {
    double r = Math.exp(-1 / scale);
    double k = Math.ceil(scale * Math.log(maxPartitions / (delta * (1 + r))));
    k = Math.max(1, k);
    while (maxPartitions * Math.exp(k * Math.log(r)) / (1 + r) > delta) {
      k++;
    }
    return 1 + (long) k;
  }

  private static double parse(String text, String field, long row) {
    if (text == null) {
      throw new InvalidInputException("value field is missing", field, row);
    }
    try {
      double v = Double.parseDouble(text.trim());
      if (!Double.isFinite(v)) {
        throw new InvalidInputException("value is not a finite number", field, row);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("value is not a number (length " + text.length() + ")",
          field, row);
    }
  }

  static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  @Override
  public String toString() {
    return "DpAggregation{privacyUnit=" + privacyUnit + ", groupBy=" + groupBy + ", L0="
        + maxPartitions + ", Linf=" + maxPerPartition + ", epsilon=" + epsilon + ", delta=" + delta
        + ", publicPartitions=" + (partitions != null) + "}";
  }

  /**
   * Collects settings; each setter validates at once. Not thread-safe.
   */
  public static final class Builder {
    private String privacyUnit;
    private List<String> groupBy = List.of();
    private int maxPartitions = 1;
    private int maxPerPartition = 1;
    private double epsilon = Double.NaN;
    private double delta = 0;
    private long seed;
    private boolean seedSet;
    private RandomGenerator random;
    private List<List<String>> partitions;
    private PrivacyAccountant accountant;

    private Builder() {}

    /** The field that identifies the person or entity protected (required). */
    public Builder privacyUnit(String field) {
      this.privacyUnit = Objects.requireNonNull(field, "privacyUnit");
      return this;
    }

    /** Group-by fields (none: one partition with the empty key). A missing field groups as "". */
    public Builder groupBy(String... fields) {
      for (String f : fields) {
        Objects.requireNonNull(f, "groupBy field");
      }
      this.groupBy = List.of(fields);
      return this;
    }

    /** L0: how many groups one unit may contribute to (default 1). */
    public Builder maxPartitionsContributed(int l0) {
      this.maxPartitions = Checks.positive("maxPartitionsContributed", l0);
      return this;
    }

    /** L∞: how many rows one unit may contribute to one group (default 1). */
    public Builder maxContributionsPerPartition(int linf) {
      this.maxPerPartition = Checks.positive("maxContributionsPerPartition", linf);
      return this;
    }

    /** The ε of each query (required). */
    public Builder epsilon(double epsilon) {
      this.epsilon = Checks.epsilon(epsilon);
      return this;
    }

    /** The δ of each query, spent on partition selection (needed only without public partitions). */
    public Builder delta(double delta) {
      this.delta = Checks.deltaOrZero(delta);
      return this;
    }

    /**
     * The seed of the contribution-bounding choice (default: drawn from SecureRandom). Keep it
     * secret; the same seed and input give the same choice.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      this.seedSet = true;
      return this;
    }

    /** The noise source (default SecureRandom; inject a seeded generator in tests only). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Public (or previously released) group keys, each with one value per group-by field. */
    public Builder partitions(Collection<? extends List<String>> keys) {
      List<List<String>> copy = new ArrayList<>();
      for (List<String> k : keys) {
        copy.add(List.copyOf(k));
      }
      this.partitions = copy;
      return this;
    }

    /** No public partitions: select them privately (the default). */
    public Builder selectPartitions() {
      this.partitions = null;
      return this;
    }

    /**
     * An accountant charged (ε, δ used) before each query reads its rows; a refusal stops the query.
     * The charge stands even if the query then fails on bad input (fail closed: no refund).
     */
    public Builder accountant(PrivacyAccountant accountant) {
      this.accountant = Objects.requireNonNull(accountant, "accountant");
      return this;
    }

    public DpAggregation build() {
      if (privacyUnit == null) {
        throw new PrivacyParameterException("privacyUnit is required");
      }
      if (Double.isNaN(epsilon)) {
        throw new PrivacyParameterException("epsilon is required");
      }
      if (partitions != null) {
        for (List<String> k : partitions) {
          if (k.size() != groupBy.size()) {
            throw new PrivacyParameterException("each partition key needs " + groupBy.size()
                + " values (one per group-by field), got " + k.size());
          }
        }
      }
      if (random == null) {
        random = new SecureRandom();
      }
      if (!seedSet) {
        seed = new SecureRandom().nextLong();
        seedSet = true;
      }
      return new DpAggregation(this);
    }
  }

  /** Sparse counts of a complete tree over [lower, upper]; noise drawn lazily and cached. */
  static final class QuantileTree {
    private final double lower;
    private final double upper;
    private final int branching;
    private final int height;
    private final long leaves;
    private final Map<Long, Long> counts = new HashMap<>();

    QuantileTree(double lower, double upper, int branching, int height) {
      this.lower = lower;
      this.upper = upper;
      this.branching = branching;
      this.height = height;
      long l = 1;
      for (int i = 0; i < height; i++) {
        l *= branching;
      }
      this.leaves = l;
    }

    /** Node id: level (1..height) in the top 8 bits, index within the level below. */
    private static long node(int level, long index) {
      return ((long) level << 56) | index;
    }

    void add(double value) {
      long leaf = (long) Math.floor((value - lower) / (upper - lower) * leaves);
      leaf = Math.max(0, Math.min(leaves - 1, leaf));
      long index = leaf;
      for (int level = height; level >= 1; level--) {
        counts.merge(node(level, index), 1L, Long::sum);
        index /= branching;
      }
    }

    /**
     * Reads each rank top-down: at every level the rank's position is carried as a fraction of the
     * current node, mapped onto the noisy counts of its children (clamped at 0); inside the final leaf
     * the position is interpolated linearly. A node whose children all have noisy count 0 yields its
     * midpoint.
     */
    double[] quantiles(double[] ranks, LaplaceMechanism noise) {
      Map<Long, Long> noisy = new HashMap<>();
      double[] out = new double[ranks.length];
      for (int i = 0; i < ranks.length; i++) {
        double fraction = ranks[i];
        long first = 0; // index of the current node's first child at this level
        double lo = lower;
        double width = upper - lower; // the current node's width
        for (int level = 1; level <= height; level++) {
          long[] child = new long[branching];
          long total = 0;
          for (int c = 0; c < branching; c++) {
            long id = node(level, first + c);
            long v = noisy.computeIfAbsent(id,
                k -> Math.max(0, noise.addNoise(counts.getOrDefault(k, 0L))));
            child[c] = v;
            total += v;
          }
          if (total == 0) {
            lo += width / 2;
            break;
          }
          double target = fraction * total;
          int chosen = -1;
          double before = 0;
          for (int c = 0; c < branching; c++) {
            if (child[c] > 0 && before + child[c] >= target) {
              chosen = c;
              break;
            }
            before += child[c];
          }
          if (chosen < 0) { // rounding at rank 1: the last non-empty child
            for (int c = branching - 1; c >= 0; c--) {
              if (child[c] > 0) {
                chosen = c;
                break;
              }
            }
            before = total - child[chosen];
          }
          fraction = Math.max(0, Math.min(1, (target - before) / child[chosen]));
          width /= branching;
          lo += chosen * width;
          if (level == height) {
            lo += fraction * width;
          }
          first = (first + chosen) * branching;
        }
        out[i] = Math.max(lower, Math.min(upper, lo));
      }
      for (int i = 1; i < out.length; i++) {
        // ranks given in increasing order come out non-decreasing
        if (ranks[i] >= ranks[i - 1]) {
          out[i] = Math.max(out[i], out[i - 1]);
        }
      }
      return out;
    }
  }
}
