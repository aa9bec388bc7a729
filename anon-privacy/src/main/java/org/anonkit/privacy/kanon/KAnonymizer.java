package org.anonkit.privacy.kanon;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
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
 * one more group, which the models do not cover; its insensitive columns are kept; ARX keeps a suppressed
 * record's sensitive values, so an output table differs from ARX's there, its levels, classes and metrics do
 * not). The transformation is acceptable
 * when the suppressed rows number at most {@code floor(limit * n)}. Among acceptable transformations
 * the search returns the one with the lowest cost; ties go to fewer generalization steps, then to the
 * lexicographically smallest levels in input column order.
 *
 * <p><b>Every column is classified</b> (as in ARX), so that no column reaches the output because it was
 * not mentioned: each one of the table is a quasi-identifier ({@link Builder#quasiIdentifier}, generalized),
 * the sensitive attribute of an l-diversity or t-closeness {@link PrivacyModel} ({@code *} in suppressed
 * rows), {@linkplain Builder#insensitive insensitive} (released as it is, in suppressed rows too) or
 * {@linkplain Builder#identifying identifying} (removed from the output). {@link #anonymize} refuses a
 * table with a column that is none of these, or with a declared column it lacks; {@link
 * #unclassifiedColumns} names the columns it would refuse.
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
 *     .insensitive("exit_code")
 *     .identifying("name")
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
  private final Set<String> insensitive;
  private final Set<String> identifying;
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
    this.insensitive = Collections.unmodifiableSet(new LinkedHashSet<>(b.insensitive));
    this.identifying = Collections.unmodifiableSet(new LinkedHashSet<>(b.identifying));
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
   * The columns among {@code columns} (a table's header, in order) that this anonymizer does not
   * classify: neither a quasi-identifier, nor a model's sensitive attribute, nor insensitive, nor
   * identifying. {@link #anonymize} refuses a table that has any; an empty list means none.
   */
  public List<String> unclassifiedColumns(List<String> columns) {
    List<String> out = new ArrayList<>();
    for (String c : columns) {
      if (!quasiIdentifiers.containsKey(c) && !insensitive.contains(c) && !identifying.contains(c)
          && !isSensitive(c)) {
        out.add(c);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The columns this anonymizer declares (quasi-identifiers, the models' sensitive attributes, insensitive
   * and identifying columns) that {@code columns} (a table's header) lacks, in that order; {@link #anonymize}
   * refuses such a table. Check it before {@link #unclassifiedColumns}: a table read without its header row
   * has its first row for a header, and lacks the declared columns.
   */
  public List<String> missingColumns(List<String> columns) {
    Set<String> have = new java.util.HashSet<>(columns);
    Set<String> out = new LinkedHashSet<>();
    for (String c : quasiIdentifiers.keySet()) {
      if (!have.contains(c)) {
        out.add(c);
      }
    }
    for (PrivacyModel m : models) {
      if (m.attribute != null && !have.contains(m.attribute)) {
        out.add(m.attribute);
      }
    }
    for (Set<String> declared : List.of(insensitive, identifying)) {
      for (String c : declared) {
        if (!have.contains(c)) {
          out.add(c);
        }
      }
    }
    return List.copyOf(out);
  }

  private boolean isSensitive(String column) {
    for (PrivacyModel m : models) {
      if (column.equals(m.attribute)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Searches the lattice and returns the result (which may say that no transformation satisfies the
   * models).
   *
   * @throws IllegalArgumentException if a configured column is missing from the table, or a column of the
   *     table is not classified (the message names the columns, which are the table's schema)
   * @throws org.anonkit.InvalidInputException if a value is outside its hierarchy (the message names
   *     the column, never the value)
   */
  public KAnonResult anonymize(DataTable table) {
    Objects.requireNonNull(table, "table");
    List<String> qis = new ArrayList<>(quasiIdentifiers.keySet());
    for (String qi : qis) {
      if (table.columnIndex(qi) < 0) {
        throw new IllegalArgumentException("the table has no quasi-identifier column '" + qi + "'");
      }
    }
    requireColumns(table, insensitive, "insensitive");
    requireColumns(table, identifying, "identifying");
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
          throw new IllegalArgumentException("the table has no sensitive column '" + m.attribute + "'");
        }
        sensitive.add(m.attribute);
      }
    }
    List<String> unclassified = unclassifiedColumns(table.columns());
    if (!unclassified.isEmpty()) {
      throw new IllegalArgumentException("the table's " + (unclassified.size() == 1 ? "column " : "columns ")
          + quoted(unclassified) + (unclassified.size() == 1 ? " is" : " are") + " not classified:"
          + " declare each a quasi-identifier (with a hierarchy), the sensitive attribute of an l-diversity or"
          + " t-closeness model, insensitive (released as it is) or identifying (removed from the output)");
    }
    List<String> sens = new ArrayList<>(sensitive);
    sens.sort(Comparator.comparingInt(table::columnIndex));
    int[] outputColumns = new int[table.columns().size() - identifying.size()];
    for (int c = 0, o = 0; c < table.columns().size(); c++) {
      if (!identifying.contains(table.columns().get(c))) {
        outputColumns[o++] = c;
      }
    }
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
        describe(), metric, suppressionLimit, riskThreshold, outputColumns, classification(table, qis, sens));
  }

  private static void requireColumns(DataTable table, Set<String> declared, String kind) {
    for (String c : declared) {
      if (table.columnIndex(c) < 0) {
        throw new IllegalArgumentException("the table has no " + kind + " column '" + c + "'");
      }
    }
  }

  /** The names, each in single quotes, comma-separated. */
  private static String quoted(List<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      sb.append(sb.length() == 0 ? "" : ", ").append('\'').append(n).append('\'');
    }
    return sb.toString();
  }

  /** Each class of column (the report's line), its columns in table order. */
  private Map<String, List<String>> classification(DataTable table, List<String> qis, List<String> sens) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("quasi-identifiers", qis);
    m.put("sensitive", sens);
    List<String> kept = new ArrayList<>(insensitive);
    kept.sort(Comparator.comparingInt(table::columnIndex));
    m.put("insensitive (kept)", kept);
    List<String> removed = new ArrayList<>(identifying);
    removed.sort(Comparator.comparingInt(table::columnIndex));
    m.put("identifying (removed)", removed);
    return m;
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
        + ", insensitive=" + insensitive + ", identifying=" + identifying
        + ", suppressionLimit=" + suppressionLimit + ", metric=" + metric + "}";
  }

  /** Configures a {@link KAnonymizer}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Hierarchy> quasiIdentifiers = new LinkedHashMap<>();
    private final List<PrivacyModel> models = new ArrayList<>();
    private final Set<String> insensitive = new LinkedHashSet<>();
    private final Set<String> identifying = new LinkedHashSet<>();
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
      if (quasiIdentifiers.containsKey(column)) {
        throw new IllegalArgumentException("quasi-identifier '" + column + "' is declared twice");
      }
      requireUndeclared(column, "a quasi-identifier");
      quasiIdentifiers.put(column, hierarchy);
      return this;
    }

    /**
     * Declares columns insensitive: released as they are, in every row, suppressed ones included. Only
     * for columns that identify no one, alone or joined with other data (a measurement, an outcome no
     * model protects); a column that could single out a record is a quasi-identifier, one that names a
     * person is identifying.
     */
    public Builder insensitive(String... columns) {
      return declare(columns, insensitive, "insensitive");
    }

    /**
     * Declares columns identifying (a name, an e-mail address, an account): removed from the output
     * table ({@link KAnonResult#columns()}), so that none of their values is released. ARX writes
     * {@code *} in their place; here the column is gone.
     */
    public Builder identifying(String... columns) {
      return declare(columns, identifying, "identifying");
    }

    private Builder declare(String[] columns, Set<String> into, String kind) {
      Objects.requireNonNull(columns, "columns");
      for (String c : columns) {
        Objects.requireNonNull(c, "column");
        if (into.contains(c)) {
          throw new IllegalArgumentException(kind + " column '" + c + "' is declared twice");
        }
        requireUndeclared(c, kind);
        into.add(c);
      }
      return this;
    }

    /**
     * Refuses a second class for {@code column}. (A quasi-identifier that is also a model's sensitive
     * attribute is refused by {@link KAnonymizer#anonymize}, as it always was.)
     */
    private void requireUndeclared(String column, String as) {
      String other = quasiIdentifiers.containsKey(column) ? "a quasi-identifier"
          : insensitive.contains(column) ? "insensitive" : identifying.contains(column) ? "identifying" : null;
      if (other == null && !as.equals("a quasi-identifier")) {
        for (PrivacyModel m : models) {
          if (column.equals(m.attribute)) {
            other = "the sensitive attribute of " + m;
            break;
          }
        }
      }
      if (other != null) {
        throw new IllegalArgumentException("column '" + column + "' cannot be both " + other + " and " + as);
      }
    }

    /**
     * Adds a privacy model; every class must satisfy all of them. The attribute an l-diversity or
     * t-closeness model names is a sensitive column, which cannot also be insensitive or identifying.
     */
    public Builder model(PrivacyModel model) {
      Objects.requireNonNull(model, "model");
      String a = model.attribute;
      if (a != null && (insensitive.contains(a) || identifying.contains(a))) {
        throw new IllegalArgumentException("column '" + a + "' cannot be both "
            + (insensitive.contains(a) ? "insensitive" : "identifying") + " and the sensitive attribute of " + model);
      }
      models.add(model);
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
