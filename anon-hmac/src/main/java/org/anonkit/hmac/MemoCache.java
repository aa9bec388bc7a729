package org.anonkit.hmac;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A bounded, lock-free, 4-way set-associative memo table: clear value → token.
 *
 * <p><b>Layout.</b> {@code capacity} slots (a power of two, at least 4) in sets of {@link #WAYS}
 * consecutive slots; a value's set is chosen by a mix of its {@link String#hashCode()}-compatible
 * content hash. Each slot holds an immutable {@link Entry} (hash, key, token), published through a
 * plain array store: an entry's fields are final, so a racing reader sees either a complete entry or
 * an older one, never a torn one. A hit needs the full key to match ({@link String#contentEquals}),
 * so a hash collision costs a miss, never a wrong token.
 *
 * <p><b>Eviction.</b> An insertion uses an empty way of its set if there is one, else replaces a
 * way chosen uniformly at random (random replacement within the set). Hot values of a skewed
 * (Zipf) column are re-inserted on their next miss, so they stay resident; two threads inserting into
 * one slot at once simply leave one of the two (both correct) entries.
 *
 * <p>Keys live on the Java heap only; nothing is written, logged or printed.
 *
 * <p>Thread-safe.
 */
final class MemoCache {
  static final int WAYS = 4;

  private final Entry[] table;
  private final int setMask;

  MemoCache(int entries) {
    // The next power of two >= entries, at least one set.
    int capacity = Math.max(WAYS, Integer.highestOneBit(Math.max(1, entries) - 1) << 1);
    this.table = new Entry[capacity];
    this.setMask = capacity / WAYS - 1;
  }

  int capacity() {
    return table.length;
  }

  /** The content hash of {@code value}, equal to {@link String#hashCode()} (cached for Strings). */
  static int hash(CharSequence value) {
    if (value instanceof String) {
      return value.hashCode();
    }
    int h = 0;
    for (int i = 0, n = value.length(); i < n; i++) {
      h = 31 * h + value.charAt(i);
    }
    return h;
  }

  private int base(int hash) {
    int h = hash * 0x9e3779b9; // Fibonacci mixing: high bits depend on all bits of the hash
    return ((h ^ (h >>> 16)) & setMask) * WAYS;
  }

  /** The cached token for {@code value}, or {@code null}. */
  String get(CharSequence value, int hash) {
    Entry[] t = table;
    int base = base(hash);
    for (int i = 0; i < WAYS; i++) {
      Entry e = t[base + i];
      if (e != null && e.hash == hash && e.key.contentEquals(value)) {
        return e.token;
      }
    }
    return null;
  }

  /** Remembers {@code key → token}; {@code key} must be an immutable copy of the value. */
  void put(String key, String token, int hash) {
    Entry[] t = table;
    int base = base(hash);
    int slot = -1;
    for (int i = 0; i < WAYS; i++) {
      if (t[base + i] == null) {
        slot = base + i;
        break;
      }
    }
    if (slot < 0) {
      slot = base + ThreadLocalRandom.current().nextInt(WAYS);
    }
    t[slot] = new Entry(hash, key, token);
  }

  /** Number of occupied slots (a racy snapshot; for tests and statistics). */
  int size() {
    int n = 0;
    for (Entry e : table) {
      if (e != null) {
        n++;
      }
    }
    return n;
  }

  private static final class Entry {
    final int hash;
    final String key;
    final String token;

    Entry(int hash, String key, String token) {
      this.hash = hash;
      this.key = key;
      this.token = token;
    }

    @Override
    public String toString() {
      return "Entry"; // never the key or token
    }
  }
}
