package org.anonkit.privacy.dp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-privacy-unit contribution bounding, streaming and in bounded memory: each unit keeps at most L0
 * partitions and, in each, at most L∞ values. Which ones survive is decided by a keyed 64-bit hash of
 * (seed, unit, partition) and (seed, unit, partition, occurrence index): the L0 partitions and L∞
 * occurrences with the smallest hashes — a uniformly random choice for a secret seed, and the same
 * choice for the same seed and input order. A unit's survivors depend on that unit's rows alone, which
 * is what the sensitivity bounds (L0 partitions, L∞ rows each) need.
 *
 * <p>Not thread-safe.
 */
final class ContributionBounder {
  private final int maxPartitions;
  private final int maxPerPartition;
  private final long seed;
  private final Map<String, Unit> units = new HashMap<>();

  ContributionBounder(int maxPartitions, int maxPerPartition, long seed) {
    this.maxPartitions = maxPartitions;
    this.maxPerPartition = maxPerPartition;
    this.seed = seed;
  }

  /** Bounded contributions of one unit to one partition. */
  static final class Cell {
    final List<String> partition;
    final long hash;
    long seen;
    int size;
    final int capacity;
    // grown by doubling up to capacity: a unit's cell holds what it was offered, not the bound
    // (a bound of 10^9 contributions allocated 12 GB for one row)
    long[] hashes;
    double[] values;

    Cell(List<String> partition, long hash, int capacity) {
      this.partition = partition;
      this.hash = hash;
      this.capacity = capacity;
      this.hashes = new long[Math.min(capacity, 4)];
      this.values = new double[hashes.length];
    }

    void offer(long h, double value) {
      seen++;
      if (size == hashes.length && size < capacity) {
        int grown = (int) Math.min(capacity, 2L * size);
        hashes = java.util.Arrays.copyOf(hashes, grown);
        values = java.util.Arrays.copyOf(values, grown);
      }
      if (size < hashes.length) {
        hashes[size] = h;
        values[size] = value;
        size++;
        return;
      }
      int max = 0;
      for (int i = 1; i < size; i++) {
        if (Long.compareUnsigned(hashes[i], hashes[max]) > 0) {
          max = i;
        }
      }
      if (Long.compareUnsigned(h, hashes[max]) < 0) {
        hashes[max] = h;
        values[max] = value;
      }
    }
  }

  private static final class Unit {
    final long hash;
    final List<Cell> cells = new ArrayList<>(2);

    Unit(long hash) {
      this.hash = hash;
    }
  }

  void add(String unit, List<String> partition, double value) {
    Unit u = units.computeIfAbsent(unit, k -> new Unit(hash(seed, k)));
    Cell cell = null;
    for (Cell c : u.cells) {
      if (c.partition.equals(partition)) {
        cell = c;
        break;
      }
    }
    if (cell == null) {
      long ph = mix(u.hash ^ hash(seed + 1, String.join("\u0000", partition)));
      if (u.cells.size() >= maxPartitions) {
        int max = 0;
        for (int i = 1; i < u.cells.size(); i++) {
          if (Long.compareUnsigned(u.cells.get(i).hash, u.cells.get(max).hash) > 0) {
            max = i;
          }
        }
        if (Long.compareUnsigned(ph, u.cells.get(max).hash) >= 0) {
          return; // this partition is not among the unit's L0 kept ones, now or later
        }
        u.cells.remove(max);
      }
      cell = new Cell(List.copyOf(partition), ph, maxPerPartition);
      u.cells.add(cell);
    }
    cell.offer(mix(cell.hash + 0x9E3779B97F4A7C15L * (cell.seen + 1)), value);
  }

  /** For each partition, the bounded cells of the units that kept it. */
  Map<List<String>, List<Cell>> byPartition() {
    Map<List<String>, List<Cell>> out = new HashMap<>();
    for (Unit u : units.values()) {
      for (Cell c : u.cells) {
        out.computeIfAbsent(c.partition, k -> new ArrayList<>()).add(c);
      }
    }
    return out;
  }

  static long hash(long seed, String s) {
    long h = 0xCBF29CE484222325L ^ mix(seed);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return mix(h);
  }

  /** SplitMix64's finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
