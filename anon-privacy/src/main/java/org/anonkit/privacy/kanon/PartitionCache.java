package org.anonkit.privacy.kanon;

/**
 * A few recently computed partitions to roll up from: a node is computed from the smallest cached
 * partition that is finer than or equal to it, else from the base (the rows' distinct tuples).
 * Bounded in entries and in total cells (four times the base). Not thread-safe.
 */
final class PartitionCache {
  private static final int ENTRIES = 16;
  private final Partition base;
  private final Partition[] entries = new Partition[ENTRIES];
  private final long maxCells;
  private int next;
  private long cells;

  PartitionCache(Partition base) {
    this.base = base;
    this.maxCells = 4L * Math.max(1024, base.size);
  }

  Partition rollUp(Evaluator ev, int[] target) {
    Partition src = base;
    for (Partition p : entries) {
      if (p != null && p.size < src.size && p.finerOrEqual(target)) {
        src = p;
      }
    }
    return ev.rollUp(src, target);
  }

  void keep(Partition partition) {
    if (partition == base || partition.size > maxCells / 2) {
      return;
    }
    Partition p = partition.trimmed();
    while (cells + p.size > maxCells || entries[next] != null) {
      if (entries[next] != null) {
        cells -= entries[next].size;
        entries[next] = null;
      }
      if (cells + p.size > maxCells) {
        next = (next + 1) % ENTRIES;
      }
    }
    entries[next] = p;
    cells += p.size;
    next = (next + 1) % ENTRIES;
  }
}
