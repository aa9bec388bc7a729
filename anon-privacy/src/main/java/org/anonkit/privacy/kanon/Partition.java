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
  /** Flat tuples ({@code size * width} codes), or {@code null} when the codes are packed in {@link #keys}. */
  final int[] tuples;
  /** Packed codes (QI {@code d} at bit {@code shift[d]}), or {@code null}. */
  final long[] keys;
  final int[] counts;

  Partition(int[] levels, int width, int size, int[] tuples, int[] counts) {
    this.levels = levels;
    this.width = width;
    this.size = size;
    this.tuples = tuples;
    this.keys = null;
    this.counts = counts;
  }

  Partition(int[] levels, int width, int size, long[] keys, int[] counts) {
    this.levels = levels;
    this.width = width;
    this.size = size;
    this.tuples = null;
    this.keys = keys;
    this.counts = counts;
  }

  /** A copy whose arrays are exactly {@code size} long, for keeping in a cache. */
  Partition trimmed() {
    if (keys != null) {
      return keys.length == size ? this
          : new Partition(levels, width, size, java.util.Arrays.copyOf(keys, size), java.util.Arrays.copyOf(counts, size));
    }
    return tuples.length == size * width ? this
        : new Partition(levels, width, size, java.util.Arrays.copyOf(tuples, size * width),
            java.util.Arrays.copyOf(counts, size));
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
