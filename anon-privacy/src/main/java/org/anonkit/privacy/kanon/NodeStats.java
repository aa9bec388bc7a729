package org.anonkit.privacy.kanon;

/** What one evaluation of a lattice node found. Immutable. */
final class NodeStats {
  final int[] levels;
  final boolean satisfied;
  final long suppressedRows;
  final long releasedClasses;
  final long suppressedClasses;
  final long dmStar;
  final long dm;
  final double loss;
  final double precision;
  final double aecs;
  final long minReleasedClass;

  NodeStats(int[] levels, boolean satisfied, long suppressedRows, long releasedClasses, long suppressedClasses,
      long dmStar, long dm, double loss, double precision, double aecs, long minReleasedClass) {
    this.levels = levels;
    this.satisfied = satisfied;
    this.suppressedRows = suppressedRows;
    this.releasedClasses = releasedClasses;
    this.suppressedClasses = suppressedClasses;
    this.dmStar = dmStar;
    this.dm = dm;
    this.loss = loss;
    this.precision = precision;
    this.aecs = aecs;
    this.minReleasedClass = minReleasedClass;
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
