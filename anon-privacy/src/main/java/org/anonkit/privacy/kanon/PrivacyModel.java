package org.anonkit.privacy.kanon;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A privacy model that every released equivalence class must satisfy; classes that fail are
 * suppressed whole (see {@link KAnonymizer}).
 *
 * <ul>
 *   <li>{@link #kAnonymity k-anonymity} (Sweeney): the class has at least {@code k} rows.
 *   <li>{@link #distinctLDiversity distinct l-diversity}: the sensitive attribute has at least
 *       {@code l} distinct values in the class.
 *   <li>{@link #entropyLDiversity entropy l-diversity} (Machanavajjhala et al.): the entropy
 *       {@code -sum p(s) ln p(s)} of the sensitive values in the class is at least {@code ln l}
 *       (compared with a tolerance of 1e-9 for rounding).
 *   <li>{@link #recursiveCLDiversity recursive (c,l)-diversity}: with the class's value counts sorted
 *       {@code r1 >= r2 >= ... >= rm}, {@code r1 < c * (r_l + ... + r_m)}; fails when {@code m < l}.
 *   <li>{@link #equalDistanceTCloseness t-closeness, equal ground distance} (Li et al.): the earth
 *       mover's distance between the class's and the whole table's distribution of the sensitive
 *       attribute, which for equal distances is half their L1 distance, is at most {@code t}.
 *   <li>{@link #orderedDistanceTCloseness t-closeness, ordered distance}: EMD with ground distance
 *       {@code |i - j| / (m - 1)} over the attribute's {@code m} values in order, i.e.
 *       {@code (1/(m-1)) sum_i |sum_{j<=i} (q_j - p_j)|}. Values are ordered numerically when all of
 *       them are numbers, else by {@link String#compareTo}, unless an explicit order is given.
 * </ul>
 *
 * <p>The table distribution {@code p} used by t-closeness is that of all rows, suppressed or not.
 * Both t-closeness variants compare with a tolerance of 1e-9.
 *
 * <p><b>Monotonicity</b> (what lets the search prune): without suppression every model here is
 * monotone (a generalization of a satisfying transformation satisfies it too). With a suppression
 * limit, k-anonymity and distinct l-diversity stay monotone (a failing class of a coarser
 * transformation is a union of failing classes of a finer one), but entropy and recursive
 * l-diversity and t-closeness do not; the search then checks every transformation.
 *
 * <p>Immutable and thread-safe.
 */
public final class PrivacyModel {
  enum Kind { K_ANONYMITY, DISTINCT_L, ENTROPY_L, RECURSIVE_CL, EQUAL_T, ORDERED_T }

  /** Tolerance for the floating-point comparisons of entropy and EMD. */
  static final double EPSILON = 1e-9;

  final Kind kind;
  final String attribute;
  final int k;
  final double l;
  final double c;
  final double t;
  final List<String> order;

  private PrivacyModel(Kind kind, String attribute, int k, double l, double c, double t, List<String> order) {
    this.kind = kind;
    this.attribute = attribute;
    this.k = k;
    this.l = l;
    this.c = c;
    this.t = t;
    this.order = order;
  }

  /** Every class has at least {@code k} rows ({@code k >= 1}). */
  public static PrivacyModel kAnonymity(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    return new PrivacyModel(Kind.K_ANONYMITY, null, k, 0, 0, 0, null);
  }

  /** At least {@code l} distinct values of {@code attribute} per class ({@code l >= 1}). */
  public static PrivacyModel distinctLDiversity(String attribute, int l) {
    if (l < 1) {
      throw new IllegalArgumentException("l must be at least 1, got " + l);
    }
    return new PrivacyModel(Kind.DISTINCT_L, name(attribute), 0, l, 0, 0, null);
  }

  /** Entropy of {@code attribute} per class at least {@code ln l} ({@code l >= 1}). */
  public static PrivacyModel entropyLDiversity(String attribute, double l) {
    if (!(l >= 1) || !Double.isFinite(l)) {
      throw new IllegalArgumentException("l must be a finite number >= 1, got " + l);
    }
    return new PrivacyModel(Kind.ENTROPY_L, name(attribute), 0, l, 0, 0, null);
  }

  /** Recursive (c,l)-diversity of {@code attribute}: {@code r1 < c (r_l + ... + r_m)}. */
  public static PrivacyModel recursiveCLDiversity(String attribute, double c, int l) {
    if (l < 1) {
      throw new IllegalArgumentException("l must be at least 1, got " + l);
    }
    if (!(c > 0) || !Double.isFinite(c)) {
      throw new IllegalArgumentException("c must be a positive finite number, got " + c);
    }
    return new PrivacyModel(Kind.RECURSIVE_CL, name(attribute), 0, l, c, 0, null);
  }

  /** t-closeness of {@code attribute} with equal ground distance (EMD = half the L1 distance). */
  public static PrivacyModel equalDistanceTCloseness(String attribute, double t) {
    return new PrivacyModel(Kind.EQUAL_T, name(attribute), 0, 0, 0, checkT(t), null);
  }

  /** t-closeness of {@code attribute} with ordered ground distance, values in natural order. */
  public static PrivacyModel orderedDistanceTCloseness(String attribute, double t) {
    return new PrivacyModel(Kind.ORDERED_T, name(attribute), 0, 0, 0, checkT(t), null);
  }

  /**
   * t-closeness of {@code attribute} with ordered ground distance over the values in {@code order}
   * (which must list every value of the attribute in the table).
   */
  public static PrivacyModel orderedDistanceTCloseness(String attribute, double t, List<String> order) {
    return new PrivacyModel(Kind.ORDERED_T, name(attribute), 0, 0, 0, checkT(t), List.copyOf(order));
  }

  private static String name(String attribute) {
    return Objects.requireNonNull(attribute, "attribute");
  }

  private static double checkT(double t) {
    if (!(t >= 0 && t <= 1)) {
      throw new IllegalArgumentException("t must be in [0, 1], got " + t);
    }
    return t;
  }

  /** The sensitive attribute, or {@code null} for k-anonymity. */
  public String attribute() {
    return attribute;
  }

  /** Whether the model is monotone under generalization when classes may be suppressed. */
  boolean monotoneWithSuppression() {
    return kind == Kind.K_ANONYMITY || kind == Kind.DISTINCT_L;
  }

  @Override
  public String toString() {
    switch (kind) {
      case K_ANONYMITY:
        return k + "-anonymity";
      case DISTINCT_L:
        return "distinct-" + fmt(l) + "-diversity(" + attribute + ")";
      case ENTROPY_L:
        return "entropy-" + fmt(l) + "-diversity(" + attribute + ")";
      case RECURSIVE_CL:
        return "recursive-(" + fmt(c) + "," + fmt(l) + ")-diversity(" + attribute + ")";
      case EQUAL_T:
        return fmt(t) + "-closeness(" + attribute + ", equal)";
      default:
        return fmt(t) + "-closeness(" + attribute + ", ordered)";
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
  }
}
