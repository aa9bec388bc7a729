package org.anonkit.vectors.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.anonkit.InvalidInputException;

/**
 * A categorical dictionary: distinct values to dense codes {@code 0..size-1} in first-seen order. An
 * open-addressing table keyed by content, so looking up a value already seen allocates nothing (a
 * String is made only for a new value). Not thread-safe.
 */
final class Dictionary {
  private final int maxSize;
  private final boolean frozen;
  private String[] values = new String[16];
  private int[] hashes = new int[16];
  private int[] table = new int[32]; // code + 1, 0 = empty
  private int size;

  Dictionary(int maxSize) {
    this.maxSize = maxSize;
    this.frozen = false;
  }

  /** A fixed dictionary of {@code vocabulary} in its order; {@link #code} returns -1 for other values. */
  Dictionary(List<String> vocabulary) {
    this.maxSize = Math.max(1, vocabulary.size());
    for (String v : vocabulary) {
      if (find(v, hash(v)) >= 0) {
        throw new IllegalArgumentException("duplicate vocabulary entry at index " + size);
      }
      insert(v, hash(v));
    }
    this.frozen = true;
  }

  int size() {
    return size;
  }

  /** String's polynomial hash (so a String's cached {@code hashCode()} can be used), mixed. */
  static int hash(CharSequence s) {
    int h;
    if (s instanceof String) {
      h = s.hashCode(); // cached by String after the first call
    } else {
      h = 0;
      for (int i = 0, n = s.length(); i < n; i++) {
        h = 31 * h + s.charAt(i);
      }
    }
    return h ^ (h >>> 16);
  }

  /** The code of {@code s}, adding it if new (or -1 for a fixed dictionary that lacks it). */
  int code(CharSequence s) {
    int h = hash(s);
    int c = find(s, h);
    if (c >= 0 || frozen) {
      return c;
    }
    if (size >= maxSize) {
      throw new InvalidInputException("categorical dictionary is full (" + maxSize
          + " distinct values); raise 'max-size' or use the 'hash' encoder for high-cardinality fields");
    }
    return insert(s.toString(), h);
  }

  private int find(CharSequence s, int h) {
    int mask = table.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int e = table[i];
      if (e == 0) {
        return -1;
      }
      int c = e - 1;
      if (hashes[c] == h && (values[c] == s
          || (s instanceof String ? values[c].equals(s) : contentEquals(values[c], s)))) {
        return c;
      }
    }
  }

  private static boolean contentEquals(String a, CharSequence b) {
    int n = a.length();
    if (n != b.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int insert(String s, int h) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
    }
    int c = size++;
    values[c] = s;
    hashes[c] = h;
    if (size * 2 > table.length) {
      table = new int[table.length * 2];
      for (int k = 0; k < size; k++) {
        place(k);
      }
    } else {
      place(c);
    }
    return c;
  }

  private void place(int c) {
    int mask = table.length - 1;
    int i = hashes[c] & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = c + 1;
  }

  List<String> values() {
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values).subList(0, size)));
  }

  /** Sorts the dictionary (by UTF-16 code units, i.e. {@link String#compareTo}); returns old → new. */
  int[] sort() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> values[x].compareTo(values[y]));
    int[] remap = new int[size];
    String[] sorted = new String[Math.max(16, size)];
    int[] sortedHashes = new int[sorted.length];
    for (int i = 0; i < size; i++) {
      remap[order[i]] = i;
      sorted[i] = values[order[i]];
      sortedHashes[i] = hashes[order[i]];
    }
    values = sorted;
    hashes = sortedHashes;
    Arrays.fill(table, 0);
    for (int k = 0; k < size; k++) {
      place(k);
    }
    return remap;
  }
}
