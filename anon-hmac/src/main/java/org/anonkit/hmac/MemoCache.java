package org.anonkit.hmac;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A bounded, lock-free, 4-way set-associative memo table: clear value → token.
 *
 * <p><b>Layout.</b> Up to {@code capacity} slots (a power of two, at least 4) in sets of {@link #WAYS};
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
 * <p><b>Growth.</b> The table starts at {@value #INITIAL} slots (or the capacity, if smaller) and
 * grows, up to the capacity, when it is too small for the values that repeat: it doubles once the
 * entries put since it last grew exceed three quarters of its slots, and doubles (quadruples) once a
 * sample of the misses (one in 64, by hash) shows that a quarter (a half) of them are values missed
 * before — values that repeat further apart than a small table's doorkeeper remembers, which would
 * otherwise never be admitted. The entries move to the new table; racing insertions into the old one
 * are lost (a later miss puts them back). A column of a few hundred users, or of values that never
 * repeat, so keeps a table of some 20 KB whatever the configured capacity: a policy compiles one cache
 * per transformer ({@code scrub-text} alone makes dozens), and tables allocated at full size (768 KB
 * each by default) were most of a pipeline run's garbage-collection work.
 *
 * <p>Keys live on the Java heap only; nothing is written, logged or printed.
 *
 * <p>Thread-safe.
 */
final class MemoCache {
  static final int WAYS = 4;
  static final int INITIAL = 1024;

  /** One table generation: entries, their per-set metadata, and the puts it has taken (racy). */
  private static final class Table {
    final Entry[] entries;
    final int[] meta; // per set: 4 slot hashes, then 4 doorkeeper hashes; racy by design
    final int setMask;
    int puts;

    Table(int capacity) {
      entries = new Entry[capacity];
      meta = new int[capacity * 2];
      setMask = capacity / WAYS - 1;
    }

    int set(int hash) {
      int h = hash * 0x9e3779b9; // Fibonacci mixing: high bits depend on all bits of the hash
      return (h ^ (h >>> 16)) & setMask;
    }

    /** Stores {@code e} in an empty way of its set; a full set: a random way, or nowhere unless {@code evict}. */
    void store(Entry e, boolean evict) {
      int set = set(e.hash);
      int base = set * WAYS;
      int slot = -1;
      for (int i = 0; i < WAYS; i++) {
        if (entries[base + i] == null) {
          slot = i;
          break;
        }
      }
      if (slot < 0) {
        if (!evict) {
          return;
        }
        slot = ThreadLocalRandom.current().nextInt(WAYS);
      }
      entries[base + slot] = e;
      meta[set * 2 * WAYS + slot] = e.hash;
    }
  }

  private static final int SAMPLE_SLOTS = 512;
  private static final int SAMPLE_WINDOW = 128; // sampled misses per window: about 8,000 misses
  private static final int GENERATIONS = 4; // a repeat is seen up to 3-4 windows (24,000-32,000 misses) apart

  private final int capacity;
  private volatile Table table;
  // the growth sample: the hashes of the sampled misses of the last GENERATIONS windows (open
  // addressing per window, 0 = empty; null when the table starts at full size), and the current
  // window's counts; updated without synchronization (a lost update only shifts a heuristic, never a
  // token)
  private final int[][] samples;
  private int generation;
  private int sampled;
  private int repeated;

  MemoCache(int entries) {
    // The next power of two >= entries, at least one set.
    this.capacity = Math.max(WAYS, Integer.highestOneBit(Math.max(1, entries) - 1) << 1);
    this.table = new Table(Math.min(capacity, INITIAL));
    this.samples = capacity > INITIAL ? new int[GENERATIONS][SAMPLE_SLOTS] : null;
  }

  /** The configured capacity (the most slots the table grows to). */
  int capacity() {
    return capacity;
  }

  /** The slots of the current table (for tests). */
  int slots() {
    return table.entries.length;
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

  /** The cached token for {@code value}, or {@code null}. */
  String get(CharSequence value, int hash) {
    Table t = table;
    int set = t.set(hash);
    int m = set * 2 * WAYS;
    int[] mt = t.meta;
    for (int i = 0; i < WAYS; i++) {
      if (mt[m + i] == hash) { // cheap filter; the entry itself is authoritative
        Entry e = t.entries[set * WAYS + i];
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
    Table t = table;
    int m = t.set(hash) * 2 * WAYS + WAYS;
    int[] mt = t.meta;
    for (int i = 0; i < WAYS; i++) {
      if (mt[m + i] == hash) {
        return true;
      }
    }
    mt[m + ((hash >>> 28) & (WAYS - 1))] = hash;
    if (t.entries.length < capacity) {
      sampleMiss(t, hash);
    }
    return false;
  }

  /** Counts a miss the doorkeeper did not remember, if sampled; grows the table if they repeat. */
  private void sampleMiss(Table t, int hash) {
    int mixed = hash * 0x85ebca6b; // other bits than the set index uses
    if ((mixed >>> 26) != 0) {
      return; // not in the 1-in-64 sample
    }
    int key = hash == 0 ? 1 : hash;
    int start = (mixed >>> 4) & (SAMPLE_SLOTS - 1);
    boolean seen = false;
    for (int g = 0; g < GENERATIONS && !seen; g++) {
      seen = g != generation && contains(samples[g], start, key);
    }
    if (!add(samples[generation], start, key) || seen) {
      repeated++;
    }
    if (++sampled >= SAMPLE_WINDOW) {
      // a quarter of the misses repeating: twice the slots; half or more: four times
      int factor = repeated * 2 >= sampled ? 4 : repeated * 4 >= sampled ? 2 : 1;
      sampled = 0;
      repeated = 0;
      int next = (generation + 1) % GENERATIONS;
      java.util.Arrays.fill(samples[next], 0);
      generation = next;
      if (factor > 1) {
        grow(t, factor);
      }
    }
  }

  private static boolean contains(int[] s, int start, int key) {
    for (int i = start, probes = 0; probes < 8; i = (i + 1) & (SAMPLE_SLOTS - 1), probes++) {
      if (s[i] == key) {
        return true;
      }
      if (s[i] == 0) {
        return false;
      }
    }
    return false;
  }

  /** Adds {@code key}; false if it was there already. */
  private static boolean add(int[] s, int start, int key) {
    for (int i = start, probes = 0; probes < 8; i = (i + 1) & (SAMPLE_SLOTS - 1), probes++) {
      if (s[i] == key) {
        return false;
      }
      if (s[i] == 0) {
        s[i] = key;
        return true;
      }
    }
    return true; // a full run of probes: left out of the sample
  }

  /** Remembers {@code key → token}; {@code key} must be an immutable copy of the value. */
  void put(String key, String token, int hash) {
    Table t = table;
    t.store(new Entry(hash, key, token), true);
    if (++t.puts > t.entries.length / 4 * 3 && t.entries.length < capacity) {
      grow(t, 2);
    }
  }

  private synchronized void grow(Table old, int factor) {
    if (table != old || old.entries.length >= capacity) {
      return; // another thread grew it, or it is full size
    }
    Table bigger = new Table((int) Math.min(capacity, (long) old.entries.length * factor));
    for (Entry e : old.entries) {
      if (e != null) {
        bigger.store(e, false);
      }
    }
    table = bigger;
  }

  /** Number of occupied slots (a racy snapshot; for tests and statistics). */
  int size() {
    int n = 0;
    for (Entry e : table.entries) {
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
