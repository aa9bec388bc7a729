package org.anonkit.privacy.kanon;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.anonkit.privacy.generalize.Hierarchy;

/**
 * Finds the full-domain generalization of a table's quasi-identifiers that satisfies every chosen
 * {@link PrivacyModel} with at most a given fraction of suppressed rows, and is best for a
 * {@link UtilityMetric}.
 *
 * <p><b>Semantics</b> (as in ARX). A transformation assigns each quasi-identifier a level of its
 * {@link Hierarchy}; rows with equal generalized quasi-identifiers form an equivalence class. Every
 * class that fails any model (fewer than {@code k} rows, not diverse, not close) is suppressed whole
 * (its quasi-identifiers become {@code *}, and so do its sensitive attributes: the suppressed rows are
 * one more group, which the models do not cover; other columns are kept; ARX keeps a suppressed record's
 * sensitive values, so an output table differs from ARX's there, its levels, classes and metrics do not). The
 * transformation is acceptable
 * when the suppressed rows number at most {@code floor(limit * n)}. Among acceptable transformations
 * the search returns the one with the lowest cost; ties go to fewer generalization steps, then to the
 * lexicographically smallest levels in input column order.
 *
 * <p><b>Search.</b> Lattices of at most {@link Builder#maxExhaustiveNodes} nodes are searched
 * exhaustively, with monotonicity pruning only where it is sound (see {@link PrivacyModel} and
 * {@link UtilityMetric}); the result is then optimal. Larger lattices use a greedy top-down search
 * and the result says {@link KAnonResult#optimal()} {@code false}.
 *
 * <pre>{@code
 * KAnonymizer anonymizer = KAnonymizer.builder()
 *     .quasiIdentifier("age", Hierarchy.readCsv(ageReader, ';'))
 *     .quasiIdentifier("site", Hierarchy.map(List.of(siteToRegion), null))
 *     .model(PrivacyModel.kAnonymity(5))
 *     .model(PrivacyModel.entropyLDiversity("occupation", 3))
 *     .suppressionLimit(0.04)
 *     .metric(UtilityMetric.DM_STAR)
 *     .build();
 * KAnonResult result = anonymizer.anonymize(table);
 * }</pre>
 *
 * <p>Immutable and thread-safe; each {@link #anonymize} call works on its own buffers.
 */
public final class KAnonymizer {
  private final Map<String, Hierarchy> quasiIdentifiers;
  private final List<PrivacyModel> models;
  private final double suppressionLimit;
  private final UtilityMetric metric;
  private final long maxExhaustiveNodes;
  private final int heuristicBudget;
  private final double riskThreshold;
  private final boolean forceHashedKeys;
  private final boolean pruning;

  private KAnonymizer(Builder b) {
    this.pruning = b.pruning;
    this.quasiIdentifiers = Map.copyOf(b.quasiIdentifiers);
    this.models = List.copyOf(b.models);
    this.suppressionLimit = b.suppressionLimit;
    this.metric = b.metric;
    this.maxExhaustiveNodes = b.maxExhaustiveNodes;
    this.heuristicBudget = b.heuristicBudget;
    this.riskThreshold = b.riskThreshold;
    this.forceHashedKeys = b.forceHashedKeys;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code floor(limit * n)} computed in decimal, so 0.29 * 100 is 29, not 28. */
  static long maxSuppressed(double limit, long n) {
    return new BigDecimal(Double.toString(limit)).multiply(BigDecimal.valueOf(n))
        .setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  /** Whether the search may prune by monotonicity for these models, limit and metric. */
  boolean prunable() {
    boolean suppression = suppressionLimit > 0;
    boolean monotone = true;
    for (PrivacyModel m : models) {
      monotone &= !suppression || m.monotoneWithSuppression();
    }
    return monotone && metric.monotone(suppression);
  }

  /**
   * Searches the lattice and returns the result (which may say that no transformation satisfies the
   * models).
   *
   * @throws IllegalArgumentException if a configured column is missing from the table
   * @throws org.anonkit.InvalidInputException if a value is outside its hierarchy (the message names
   *     the column, never the value)
   */
  public KAnonResult anonymize(DataTable table) {
    Objects.requireNonNull(table, "table");
    List<String> qis = new ArrayList<>(quasiIdentifiers.keySet());
    for (String qi : qis) {
      if (table.columnIndex(qi) < 0) {
        throw new IllegalArgumentException("the table has no quasi-identifier column '" + qi + "'; columns: "
            + table.columns());
      }
    }
    qis.sort(Comparator.comparingInt(table::columnIndex));
    List<Hierarchy> hierarchies = new ArrayList<>();
    for (String qi : qis) {
      hierarchies.add(quasiIdentifiers.get(qi));
    }
    Set<String> sensitive = new LinkedHashSet<>();
    for (PrivacyModel m : models) {
      if (m.attribute != null) {
        if (quasiIdentifiers.containsKey(m.attribute)) {
          throw new IllegalArgumentException("column '" + m.attribute
              + "' cannot be both a quasi-identifier and the sensitive attribute of " + m);
        }
        if (table.columnIndex(m.attribute) < 0) {
          throw new IllegalArgumentException("the table has no sensitive column '" + m.attribute + "'; columns: "
              + table.columns());
        }
        sensitive.add(m.attribute);
      }
    }
    List<String> sens = new ArrayList<>(sensitive);
    sens.sort(Comparator.comparingInt(table::columnIndex));
    long start = System.nanoTime();
    Encoding enc = new Encoding(table, qis, hierarchies, sens, models, forceHashedKeys);
    long maxSupp = maxSuppressed(suppressionLimit, table.rowCount());
    Evaluator ev = new Evaluator(enc, models, maxSupp);
    LatticeSearch search = new LatticeSearch(enc, ev, metric);
    search.run(pruning && prunable(), pruning, maxExhaustiveNodes, heuristicBudget);
    Evaluator.Classes classes = null;
    NodeStats best = search.best;
    if (best != null) {
      classes = new Evaluator.Classes();
      best = ev.evaluate(ev.rollUp(ev.base(), best.levels), classes);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new KAnonResult(enc, best, classes, search.optimal, search.latticeSize, search.checked, millis,
        describe(), metric, suppressionLimit, riskThreshold);
  }

  private Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (PrivacyModel pm : models) {
      names.add(pm.toString());
    }
    m.put("models", names);
    return m;
  }

  @Override
  public String toString() {
    return "KAnonymizer{quasiIdentifiers=" + quasiIdentifiers.keySet() + ", models=" + models
        + ", suppressionLimit=" + suppressionLimit + ", metric=" + metric + "}";
  }

  /** Configures a {@link KAnonymizer}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Hierarchy> quasiIdentifiers = new LinkedHashMap<>();
    private final List<PrivacyModel> models = new ArrayList<>();
    private double suppressionLimit;
    private UtilityMetric metric = UtilityMetric.DM_STAR;
    private long maxExhaustiveNodes = 1_000_000;
    private int heuristicBudget = 5_000;
    private double riskThreshold = 0.2;
    private boolean forceHashedKeys;
    private boolean pruning = true;

    private Builder() {}

    /** Declares {@code column} a quasi-identifier generalized with {@code hierarchy}. */
    public Builder quasiIdentifier(String column, Hierarchy hierarchy) {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(hierarchy, "hierarchy");
      if (quasiIdentifiers.putIfAbsent(column, hierarchy) != null) {
        throw new IllegalArgumentException("quasi-identifier '" + column + "' is declared twice");
      }
      return this;
    }

    /** Adds a privacy model; every class must satisfy all of them. */
    public Builder model(PrivacyModel model) {
      models.add(Objects.requireNonNull(model, "model"));
      return this;
    }

    /** The fraction of rows that may be suppressed, in [0, 1]; default 0. */
    public Builder suppressionLimit(double limit) {
      if (!(limit >= 0 && limit <= 1)) {
        throw new IllegalArgumentException("suppression limit must be in [0, 1], got " + limit);
      }
      this.suppressionLimit = limit;
      return this;
    }

    /** The metric to optimize; default {@link UtilityMetric#DM_STAR}. */
    public Builder metric(UtilityMetric metric) {
      this.metric = Objects.requireNonNull(metric, "metric");
      return this;
    }

    /** Lattices up to this many nodes are searched exhaustively (default 1,000,000, at most 2^31 - 8). */
    public Builder maxExhaustiveNodes(long nodes) {
      if (nodes < 1 || nodes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("maxExhaustiveNodes must be in [1, 2^31 - 8], got " + nodes);
      }
      this.maxExhaustiveNodes = nodes;
      return this;
    }

    /** The most nodes the heuristic search evaluates (default 5,000). */
    public Builder heuristicBudget(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("heuristic budget must be positive, got " + nodes);
      }
      this.heuristicBudget = nodes;
      return this;
    }

    /** Records in released classes with risk {@code 1/|E|} above this count as at risk; default 0.2. */
    public Builder riskThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("risk threshold must be in (0, 1], got " + threshold);
      }
      this.riskThreshold = threshold;
      return this;
    }

    /**
     * Whether the exhaustive search may skip nodes by monotonicity and cost bounds (default true).
     * Without pruning every node of the lattice is evaluated: the same result, slower; for
     * verification and benchmarks.
     */
    public Builder pruning(boolean enabled) {
      this.pruning = enabled;
      return this;
    }

    /** Test hook: use the collision-checked tuple table even when keys would pack into a long. */
    Builder forceHashedKeys(boolean force) {
      this.forceHashedKeys = force;
      return this;
    }

    public KAnonymizer build() {
      if (quasiIdentifiers.isEmpty()) {
        throw new IllegalStateException("declare at least one quasi-identifier");
      }
      if (models.isEmpty()) {
        throw new IllegalStateException("add at least one privacy model");
      }
      return new KAnonymizer(this);
    }
  }
}
