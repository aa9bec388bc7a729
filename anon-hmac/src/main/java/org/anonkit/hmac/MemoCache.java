package org.anonkit.hmac;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A bounded, lock-free, 4-way set-associative memo table: clear value → token.
 *
 * <p><b>Layout.</b> {@code capacity} slots (a power of two, at least 4) in sets of {@link #WAYS};
 * a value's set is chosen by a mix of its {@link String#hashCode()}-compatible content hash. Each
 * slot holds an immutable {@link Entry} (hash, key, token), published through a plain array store:
 * an entry's fields are final, so a racing reader sees either a complete entry or an older one, never
 * a torn one. Beside the entries, one {@code int[]} keeps per set 8 ints in one 32-byte block: the 4
 * slot hashes and the set's 4 doorkeeper hashes, so a probe and an admission decision touch one cache
 * line, and entries are loaded only when their hash matches. A hit needs the full key to match
 * ({@link String#contentEquals}), so a hash collision costs a miss, never a wrong token.
 *
 * <p><b>Admission.</b> A value is cached on its second miss, not its first: the doorkeeper hashes
 * remember each set's recent misses. One-off values therefore allocate nothing and evict nothing, and
 * hot values get in on their second appearance.
 *
 * <p><b>Eviction.</b> An insertion uses an empty way of its set if there is one, else replaces a
 * way chosen uniformly at random (random replacement within the set). Hot values of a skewed
 * (Zipf) column are re-admitted after their next misses, so they stay resident; two threads inserting
 * into one slot at once simply leave one of the two (both correct) entries.
 *
 * <p>Keys live on the Java heap only; nothing is written, logged or printed.
 *
 * <p>Thread-safe.
 */
final class MemoCache {
  static final int WAYS = 4;

  private final Entry[] table;
  private final int[] meta; // per set: 4 slot hashes, then 4 doorkeeper hashes; racy by design
  private final int setMask;

  MemoCache(int entries) {
    // The next power of two >= entries, at least one set.
    int capacity = Math.max(WAYS, Integer.highestOneBit(Math.max(1, entries) - 1) << 1);
    this.table = new Entry[capacity];
    this.meta = new int[capacity * 2];
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

  private int set(int hash) {
    int h = hash * 0x9e3779b9; // Fibonacci mixing: high bits depend on all bits of the hash
    return (h ^ (h >>> 16)) & setMask;
  }

  /** The cached token for {@code value}, or {@code null}. */
  String get(CharSequence value, int hash) {
    int set = set(hash);
    int m = set * 2 * WAYS;
    int[] mt = meta;
    for (int i = 0; i < WAYS; i++) {
      if (mt[m + i] == hash) { // cheap filter; the entry itself is authoritative
        Entry e = table[set * WAYS + i];
        if (e != null && e.hash == hash && e.key.contentEquals(value)) {
          return e.token;
        }
      }
    }
    return null;
  }

  /**
   * Whether a value with this hash missed recently in its set; otherwise remembers it. A racing update
   * can only delay or advance an admission, never change a token.
   */
  boolean admit(int hash) {
    int m = set(hash) * 2 * WAYS + WAYS;
    int[] mt = meta;
    for (int i = 0; i < WAYS; i++) {
      if (mt[m + i] == hash) {
        return true;
      }
    }
    mt[m + ((hash >>> 28) & (WAYS - 1))] = hash;
    return false;
  }

  /** Remembers {@code key → token}; {@code key} must be an immutable copy of the value. */
  void put(String key, String token, int hash) {
    int set = set(hash);
    int base = set * WAYS;
    int slot = -1;
    for (int i = 0; i < WAYS; i++) {
      if (table[base + i] == null) {
        slot = i;
        break;
      }
    }
    if (slot < 0) {
      slot = ThreadLocalRandom.current().nextInt(WAYS);
    }
    table[base + slot] = new Entry(hash, key, token);
    meta[set * 2 * WAYS + slot] = hash;
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
