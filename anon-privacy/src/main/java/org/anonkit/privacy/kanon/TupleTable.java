package org.anonkit.privacy.kanon;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * Interns fixed-width int tuples (generalized codes of the quasi-identifiers, then sensitive codes)
 * to dense indexes 0, 1, 2, ... and keeps them in one flat array. Two implementations: tuples whose
 * codes pack into 63 bits use a fastutil {@code Long2IntOpenHashMap} on the packed key; wider tuples
 * use an open-addressing table over the flat array that compares whole tuples, so hash collisions
 * never merge classes. Not thread-safe.
 */
abstract class TupleTable {
  final int width;
  int[] tuples;
  int size;

  TupleTable(int width, int expected) {
    this.width = width;
    this.tuples = new int[Math.max(16, expected) * Math.max(1, width)];
  }

  /** A table for tuples of {@code width} codes, each below 2^bits[i]; packed when they fit 63 bits. */
  static TupleTable create(int[] bits, int width, int expected, boolean forceHashed) {
    int total = 0;
    for (int i = 0; i < width; i++) {
      total += bits[i];
    }
    if (!forceHashed && total <= 63) {
      return new Packed(bits, width, expected);
    }
    return new Hashed(width, expected);
  }

  /** The index of {@code t[off..off+width)}, inserting it if new. */
  abstract int intern(int[] t, int off);

  /** The index of the tuple, or -1. */
  abstract int find(int[] t, int off);

  final int append(int[] t, int off) {
    int need = (size + 1) * width;
    if (need > tuples.length) {
      tuples = Arrays.copyOf(tuples, Math.max(need, tuples.length * 2));
    }
    System.arraycopy(t, off, tuples, size * width, width);
    return size++;
  }

  /** Packed keys in a fastutil primitive map. */
  static final class Packed extends TupleTable {
    private final int[] shift;
    private final Long2IntOpenHashMap map;

    Packed(int[] bits, int width, int expected) {
      super(width, expected);
      this.shift = new int[width];
      int s = 0;
      for (int i = 0; i < width; i++) {
        shift[i] = s;
        s += bits[i];
      }
      this.map = new Long2IntOpenHashMap(Math.max(16, expected));
      map.defaultReturnValue(-1);
    }

    private long key(int[] t, int off) {
      long k = 0;
      for (int i = 0; i < width; i++) {
        k |= ((long) t[off + i]) << shift[i];
      }
      return k;
    }

    @Override
    int intern(int[] t, int off) {
      long k = key(t, off);
      int idx = map.putIfAbsent(k, size);
      if (idx >= 0) {
        return idx;
      }
      return append(t, off);
    }

    @Override
    int find(int[] t, int off) {
      return map.get(key(t, off));
    }
  }

  /** Open addressing over whole tuples (linear probing, power-of-two capacity, load &le; 1/2). */
  static final class Hashed extends TupleTable {
    private int[] slots; // index + 1, 0 = empty
    private int mask;

    Hashed(int width, int expected) {
      super(width, expected);
      int cap = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
      slots = new int[cap];
      mask = cap - 1;
    }

    private int hash(int[] t, int off) {
      int h = 0x9E3779B9;
      for (int i = 0; i < width; i++) {
        h = (h ^ t[off + i]) * 0x01000193;
        h ^= h >>> 15;
      }
      h *= 0x85EBCA6B;
      return h ^ (h >>> 13);
    }

    private boolean equal(int idx, int[] t, int off) {
      int base = idx * width;
      for (int i = 0; i < width; i++) {
        if (tuples[base + i] != t[off + i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    int intern(int[] t, int off) {
      int pos = hash(t, off) & mask;
      while (true) {
        int s = slots[pos];
        if (s == 0) {
          int idx = append(t, off);
          slots[pos] = idx + 1;
          if (size * 2 > slots.length) {
            rehash();
          }
          return idx;
        }
        if (equal(s - 1, t, off)) {
          return s - 1;
        }
        pos = (pos + 1) & mask;
      }
    }

    @Override
    int find(int[] t, int off) {
      int pos = hash(t, off) & mask;
      while (true) {
        int s = slots[pos];
        if (s == 0) {
          return -1;
        }
        if (equal(s - 1, t, off)) {
          return s - 1;
        }
        pos = (pos + 1) & mask;
      }
    }

    private void rehash() {
      int[] old = slots;
      slots = new int[old.length * 2];
      mask = slots.length - 1;
      for (int s : old) {
        if (s != 0) {
          int pos = hash(tuples, (s - 1) * width) & mask;
          while (slots[pos] != 0) {
            pos = (pos + 1) & mask;
          }
          slots[pos] = s;
        }
      }
    }
  }
}
