package org.anonkit.privacy.kanon;

/** What one evaluation of a lattice node found. Immutable. */
final class NodeStats {
  final int[] levels;
  final boolean satisfied;
  final long rows;
  final long suppressedRows;
  final long releasedClasses;
  final long suppressedClasses;
  final long dmStar;
  final long dm;
  final double loss;
  final double precision;
  final double aecs;
  final long minReleasedClass;
  /** Loss and precision as if no class were suppressed. */
  final double lossUnsuppressed;
  final double precisionUnsuppressed;

  NodeStats(int[] levels, boolean satisfied, long rows, long suppressedRows, long releasedClasses,
      long suppressedClasses, long dmStar, long dm, double loss, double precision, double aecs, long minReleasedClass,
      double lossUnsuppressed, double precisionUnsuppressed) {
    this.levels = levels;
    this.satisfied = satisfied;
    this.rows = rows;
    this.suppressedRows = suppressedRows;
    this.releasedClasses = releasedClasses;
    this.suppressedClasses = suppressedClasses;
    this.dmStar = dmStar;
    this.dm = dm;
    this.loss = loss;
    this.precision = precision;
    this.aecs = aecs;
    this.minReleasedClass = minReleasedClass;
    this.lossUnsuppressed = lossUnsuppressed;
    this.precisionUnsuppressed = precisionUnsuppressed;
  }

  /**
   * The cost as if no class were suppressed. It never decreases under generalization, and
   * suppression only adds to a cost (DM* ignores it; DM charges {@code n >= |E|} per suppressed row
   * instead of {@code |E|}; AECS counts all suppressed rows as one class instead of
   * {@code suppressedClasses >= 1}; loss and precision charge a suppressed cell 1, the most a cell
   * can lose). So it bounds from below the cost of this node and of every generalization of it.
   */
  double lowerBound(UtilityMetric metric) {
    switch (metric) {
      case DM_STAR:
      case DM:
        return dmStar;
      case AECS: {
        long classes = releasedClasses + suppressedClasses;
        return classes == 0 ? 0 : (double) rows / classes;
      }
      case LOSS:
        return lossUnsuppressed;
      default:
        return 1 - precisionUnsuppressed;
    }
  }

  double cost(UtilityMetric metric) {
    switch (metric) {
      case DM_STAR:
        return dmStar;
      case DM:
        return dm;
      case AECS:
        return aecs;
      case LOSS:
        return loss;
      default:
        return 1 - precision;
    }
  }
}
