package org.anonkit.privacy.kanon;

/**
 * The distinct (generalized quasi-identifiers, sensitive values) tuples of the table at one lattice
 * node, with their row counts. Coarser nodes are computed from finer ones (roll-up) instead of from
 * the rows. Immutable once built.
 */
final class Partition {
  final int[] levels;
  final int width;
  final int size;
  final int[] tuples;
  final int[] counts;

  Partition(int[] levels, int width, int size, int[] tuples, int[] counts) {
    this.levels = levels;
    this.width = width;
    this.size = size;
    this.tuples = tuples;
    this.counts = counts;
  }

  /** Whether this partition's levels are all at most {@code target}'s (it can be rolled up to it). */
  boolean finerOrEqual(int[] target) {
    for (int d = 0; d < levels.length; d++) {
      if (levels[d] > target[d]) {
        return false;
      }
    }
    return true;
  }
}
