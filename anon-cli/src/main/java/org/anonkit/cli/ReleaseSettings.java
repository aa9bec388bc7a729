package org.anonkit.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import org.anonkit.privacy.generalize.Hierarchy;

/**
 * The parameters of steps (6) and (7), from the policy's {@code releases} section; what it leaves out
 * keeps the defaults below, which the bundled HTCondor policy also spells out:
 *
 * <pre>{@code
 * "releases": {
 *   "dp":    {"epsilon": 1.0, "maxJobsPerUser": 50},
 *   "kanon": {"k": 10, "users": 5, "suppression": 0.05, "onsiteSites": ["FermiGrid"],
 *             "cutPoints": {"request_cpus":      [[2, 4, 8], [4]],
 *                           "request_memory_mb": [[1000, 2000, 4000, 8000], [2000, 8000]],
 *                           "wall_time_s":       [[600, 3600, 14400, 43200], [3600]]}}
 * }
 * }</pre>
 *
 * <p>{@code epsilon} is the whole DP release's (above 0, at most {@value #MAX_EPSILON}); {@code
 * maxJobsPerUser} bounds each user's contribution (1 to {@value #MAX_JOBS_PER_USER}). {@code k} jobs
 * (2 to {@value #MAX_K}) of at least {@code users} distinct users (1 to {@code k}; 1 drops the
 * requirement, so that one user's jobs may form a class) per released class, {@code suppression} the
 * share of rows that may be suppressed (0 to below 1), {@code onsiteSites} the {@code
 * MATCH_EXP_JOB_Site} values of the site's own pool (non-empty names; {@code --onsite-sites} overrides
 * them), and each numeric column's interval levels, finest first: finite, strictly increasing cut
 * points, each level's a subset of the one before. Anything else in the section, a value of another
 * type or out of range is a {@link PolicyException} naming its JSON path, before a run writes anything.
 *
 * <p>Immutable.
 */
final class ReleaseSettings {
  /** The policy section this class reads. */
  static final String SECTION = "releases";
  static final double MAX_EPSILON = 100;
  static final int MAX_JOBS_PER_USER = 1_000_000;
  static final int MAX_K = 1_000_000;
  /** The numeric columns of the k-anonymous table, each with its interval levels. */
  static final List<String> NUMERIC_COLUMNS = List.of("request_cpus", "request_memory_mb", "wall_time_s");

  /** What a policy without the section gets. */
  static final ReleaseSettings DEFAULTS = new ReleaseSettings(1.0, 50, 10, 5, 0.05, List.of("FermiGrid"),
      cutPoints(new double[][] {{2, 4, 8}, {4}}, new double[][] {{1000, 2000, 4000, 8000}, {2000, 8000}},
          new double[][] {{600, 3600, 14400, 43200}, {3600}}));

  private final double epsilon;
  private final int maxJobsPerUser;
  private final int k;
  private final int users;
  private final double suppression;
  private final List<String> onsiteSites;
  private final Map<String, double[][]> cutPoints;
  private final String dpRelease;

  private ReleaseSettings(double epsilon, int maxJobsPerUser, int k, int users, double suppression,
      List<String> onsiteSites, Map<String, double[][]> cutPoints) {
    this(epsilon, maxJobsPerUser, k, users, suppression, onsiteSites, cutPoints, "");
  }

  private ReleaseSettings(double epsilon, int maxJobsPerUser, int k, int users, double suppression,
      List<String> onsiteSites, Map<String, double[][]> cutPoints, String dpRelease) {
    this.dpRelease = dpRelease;
    this.epsilon = epsilon;
    this.maxJobsPerUser = maxJobsPerUser;
    this.k = k;
    this.users = users;
    this.suppression = suppression;
    this.onsiteSites = List.copyOf(onsiteSites);
    this.cutPoints = cutPoints;
  }

  private static Map<String, double[][]> cutPoints(double[][]... levels) {
    Map<String, double[][]> m = new LinkedHashMap<>();
    for (int i = 0; i < levels.length; i++) {
      m.put(NUMERIC_COLUMNS.get(i), levels[i]);
    }
    return m;
  }

  /**
   * Whether a DP release may spend {@code epsilon}: above 0 and at most {@value #MAX_EPSILON} (NaN may not);
   * above it the noise hides nothing (scale L0·L∞/ε). The one check of the policy's {@code releases.dp.epsilon}
   * and of {@code anonkit dp}'s {@code --epsilon}.
   */
  static boolean epsilonAllowed(double epsilon) {
    return epsilon > 0 && epsilon <= MAX_EPSILON;
  }

  /** The settings {@code policy} gives; a {@link PolicyException} at the offending path when they are wrong. */
  static ReleaseSettings of(Policy policy) {
    Parameters section = policy.extension(SECTION).requireOnly("the releases section", "dp", "kanon");
    Parameters dp = section.getParameters("dp").requireOnly("the dp release", "epsilon", "maxJobsPerUser");
    double epsilon = dp.getDouble("epsilon", DEFAULTS.epsilon);
    if (!epsilonAllowed(epsilon)) {
      throw new PolicyException(dp.pathOf("epsilon"), "expected a number above 0 and at most " + (int) MAX_EPSILON);
    }
    int maxJobs = dp.getInt("maxJobsPerUser", DEFAULTS.maxJobsPerUser, 1, MAX_JOBS_PER_USER);
    Parameters kanon = section.getParameters("kanon").requireOnly("the kanon release", "k", "users", "suppression",
        "onsiteSites", "cutPoints");
    int k = kanon.getInt("k", DEFAULTS.k, 2, MAX_K);
    int users = kanon.getInt("users", Math.min(DEFAULTS.users, k), 1, k);
    double suppression = kanon.getDouble("suppression", DEFAULTS.suppression);
    if (!(suppression >= 0 && suppression < 1)) {
      throw new PolicyException(kanon.pathOf("suppression"), "expected a share of the rows, at least 0 and below 1");
    }
    List<String> onsite = DEFAULTS.onsiteSites;
    if (kanon.has("onsiteSites")) {
      onsite = kanon.getStringList("onsiteSites");
      if (onsite.isEmpty() || onsite.stream().anyMatch(String::isBlank)) {
        throw new PolicyException(kanon.pathOf("onsiteSites"), "expected a list of site names, none empty");
      }
      onsite = List.copyOf(new TreeSet<>(onsite));
    }
    Parameters cuts = kanon.getParameters("cutPoints").requireOnly("the kanon release's cutPoints",
        NUMERIC_COLUMNS.toArray(new String[0]));
    Map<String, double[][]> levels = new LinkedHashMap<>();
    for (String column : NUMERIC_COLUMNS) {
      levels.put(column, cuts.has(column) ? levels(cuts, column) : DEFAULTS.cutPoints.get(column));
    }
    return new ReleaseSettings(epsilon, maxJobs, k, users, suppression, onsite, levels);
  }

  /** One column's levels: a non-empty list of lists of numbers, checked as the hierarchy checks them. */
  private static double[][] levels(Parameters cuts, String column) {
    String path = cuts.pathOf(column);
    String expected = "expected a list of levels, each a list of cut points (numbers), finest first";
    if (!(cuts.get(column) instanceof List) || ((List<?>) cuts.get(column)).isEmpty()) {
      throw new PolicyException(path, expected);
    }
    List<?> list = (List<?>) cuts.get(column);
    double[][] levels = new double[list.size()][];
    for (int l = 0; l < levels.length; l++) {
      if (!(list.get(l) instanceof List)) {
        throw new PolicyException(path + "[" + l + "]", expected);
      }
      List<?> level = (List<?>) list.get(l);
      levels[l] = new double[level.size()];
      for (int i = 0; i < level.size(); i++) {
        Object v = level.get(i);
        if (!(v instanceof Long || v instanceof Double)) {
          throw new PolicyException(path + "[" + l + "][" + i + "]", "expected a number");
        }
        levels[l][i] = ((Number) v).doubleValue();
      }
    }
    try {
      Hierarchy.cutPoints(levels);
    } catch (IllegalArgumentException e) { // its message names the level, never a value of the data
      throw new PolicyException(path, e.getMessage());
    }
    return levels;
  }

  /** The DP release's epsilon (all figures together). */
  double epsilon() {
    return epsilon;
  }

  /** The most jobs of one user the DP release counts. */
  int maxJobsPerUser() {
    return maxJobsPerUser;
  }

  /** The least jobs in a released class of the k-anonymous table. */
  int k() {
    return k;
  }

  /** The least distinct users in a released class. */
  int users() {
    return users;
  }

  /** The share of the table's rows that may be suppressed. */
  double suppression() {
    return suppression;
  }

  /** The sites of the site's own pool, sorted and distinct. */
  List<String> onsiteSites() {
    return onsiteSites;
  }

  /** This with {@code sites} as the onsite sites (the command line's {@code --onsite-sites}). */
  ReleaseSettings withOnsiteSites(List<String> sites) {
    return new ReleaseSettings(epsilon, maxJobsPerUser, k, users, suppression, List.copyOf(new TreeSet<>(sites)),
        cutPoints, dpRelease);
  }

  /** What a release label may be: letters, digits and {@code . _ : -}, 1 to 128 of them (a date, a batch name). */
  static final java.util.regex.Pattern RELEASE_LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /**
   * This with {@code label} as the DP release's label (the command line's {@code --dp-release}): it goes
   * into the noise's context, so runs under different labels get independent noise and compose (ε
   * each), where runs under one label over changing data tell which experiments' figures changed.
   *
   * @throws IllegalArgumentException if the label is not 1 to 128 letters, digits or {@code . _ : -}
   */
  ReleaseSettings withDpRelease(String label) {
    if (!RELEASE_LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("--dp-release: a label of 1 to 128 letters, digits, '.', '_', ':' or '-'");
    }
    return new ReleaseSettings(epsilon, maxJobsPerUser, k, users, suppression, onsiteSites, cutPoints, label);
  }

  /** The DP release's label, or empty: none given. */
  String dpRelease() {
    return dpRelease;
  }

  /** The interval hierarchy of one of {@link #NUMERIC_COLUMNS}. */
  Hierarchy hierarchy(String column) {
    return Hierarchy.cutPoints(levels(column));
  }

  /**
   * How the hierarchy of {@code column} generalizes, for the release's description: each level's
   * intervals as the table labels them ({@code <2, [2,4), >=8}), then {@code *}.
   */
  String describe(String column) {
    Hierarchy h = hierarchy(column);
    double[][] levels = levels(column);
    List<String> parts = new ArrayList<>();
    for (int l = 0; l < levels.length; l++) {
      double[] c = levels[l];
      List<String> labels = new ArrayList<>();
      if (c.length == 0) {
        labels.add("*");
      } else {
        double below = Math.nextDown(c[0]); // c[0] - 1 is c[0] itself from 2^53 on
        if (Double.isFinite(below)) { // nothing lies below -Double.MAX_VALUE
          labels.add(h.generalize(Double.toString(below), l + 1));
        }
        for (double x : c) {
          labels.add(h.generalize(Double.toString(x), l + 1));
        }
      }
      parts.add(String.join(", ", labels));
    }
    return String.join("; then ", parts) + "; then *";
  }

  private double[][] levels(String column) {
    double[][] l = cutPoints.get(column);
    if (l == null) {
      throw new IllegalArgumentException("not a numeric column of the table: " + column);
    }
    return l;
  }

  /**
   * The DP release's parameters as bytes, for the noise's context: figures released under other
   * parameters get noise of their own (with one noise drawn at two scales, the two figures together
   * would tell the exact one).
   */
  byte[] dpContext() {
    byte[] label = dpRelease.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + (label.length == 0 ? 0 : 4 + label.length))
        .putDouble(epsilon).putInt(maxJobsPerUser);
    if (label.length > 0) { // none: the context as before labels existed
      b.putInt(label.length).put(label);
    }
    return b.array();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ReleaseSettings{epsilon=").append(epsilon).append(", maxJobsPerUser=")
        .append(maxJobsPerUser).append(", k=").append(k).append(", users=").append(users).append(", suppression=")
        .append(suppression).append(", onsiteSites=").append(onsiteSites).append(", dpRelease=").append(dpRelease);
    cutPoints.forEach((c, l) -> sb.append(", ").append(c).append('=').append(Arrays.deepToString(l)));
    return sb.append('}').toString();
  }
}
