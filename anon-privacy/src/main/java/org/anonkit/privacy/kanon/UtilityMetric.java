package org.anonkit.privacy.kanon;

/**
 * How the search ranks transformations that satisfy the privacy models; it returns the one with the
 * lowest cost (ties: fewest generalization steps, then the lexicographically smallest levels).
 * Every metric is computed for every result and reported; {@code n} is the number of rows,
 * {@code q} the number of quasi-identifiers, and suppressed rows count as fully generalized. Loss and
 * precision are computed as exact ratios and rounded once, so that transformations of equal cost
 * compare equal and the tie rule decides between them.
 *
 * <p>Immutable and thread-safe.
 */
public enum UtilityMetric {
  /**
   * Monotonic discernibility DM* = sum of |E|&sup2; over every equivalence class E, suppressed or
   * not. Monotone with or without suppression. Cost = DM*.
   */
  DM_STAR,
  /**
   * Discernibility (Bayardo and Agrawal) DM = sum over released classes of |E|&sup2; plus
   * {@code n} for each suppressed row. Cost = DM.
   */
  DM,
  /**
   * Average equivalence class size {@code n / c}, where {@code c} counts released classes plus one
   * for all suppressed rows together (they all read {@code *}). Cost = AECS.
   */
  AECS,
  /**
   * Generalized loss (Iyengar, as in ARX's "Loss"): each quasi-identifier cell generalized to a
   * value covering {@code M_v} of the hierarchy's {@code M} leaves loses
   * {@code (M_v - 1) / (M - 1)}; a suppressed cell loses 1; the metric is the mean over the
   * {@code n * q} cells, in [0, 1]. Leaves are a table hierarchy's rows, or the column's distinct
   * values for rule-based hierarchies. Cost = loss.
   */
  LOSS,
  /**
   * Precision (Sweeney): {@code 1 - } the mean over the {@code n * q} cells of
   * {@code level / (levels - 1)} (1 for a suppressed cell), in [0, 1], higher is better.
   * Cost = 1 - precision.
   */
  PRECISION;

  /** Whether the cost never decreases from a transformation to any generalization of it. */
  boolean monotone(boolean suppressionAllowed) {
    return this == DM_STAR || !suppressionAllowed;
  }
}
