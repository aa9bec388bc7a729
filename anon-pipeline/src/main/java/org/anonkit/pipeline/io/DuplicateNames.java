package org.anonkit.pipeline.io;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;

/**
 * Finds a field name that appears twice in one record. Names compare case-insensitively, as the policy
 * matches them (ClassAd attribute names are case-insensitive): {@code Owner} and {@code OWNER} in one
 * record would otherwise both be written, the second under a rule meant for the first. Parsers hand
 * over canonical name instances, so each instance is folded once and later found by identity in a
 * small open-addressed table. Memory is bounded: past {@value #MAX_NAMES} distinct names the tables
 * start over, between records. Not thread-safe: one per parser.
 */
final class DuplicateNames {
  static final int MAX_NAMES = 1 << 14;
  private static final int CACHE = 1 << 10; // identity cache slots (a power of two)
  private static final int CACHE_MAX = CACHE * 3 / 4;

  private final HashMap<String, Integer> ids = new HashMap<>(); // folded name -> id
  private final String[] cachedName = new String[CACHE];
  private final int[] cachedId = new int[CACHE];
  private int cached;
  private int[] stamp = new int[64];
  private int now;

  /** Starts a record. */
  void begin() {
    if (ids.size() >= MAX_NAMES) {
      ids.clear();
      Arrays.fill(cachedName, null);
      cached = 0;
      Arrays.fill(stamp, 0);
      now = 0;
    }
    if (++now == 0) {
      Arrays.fill(stamp, 0);
      now = 1;
    }
  }

  /** Whether {@code name} (any case) was already seen since {@link #begin()}; records it if not. */
  boolean repeated(String name) {
    int id = id(name);
    if (id >= stamp.length) {
      stamp = Arrays.copyOf(stamp, Math.max(id + 1, stamp.length * 2));
    }
    if (stamp[id] == now) {
      return true;
    }
    stamp[id] = now;
    return false;
  }

  private int id(String name) {
    int h = System.identityHashCode(name);
    int i = (h ^ (h >>> 16)) & (CACHE - 1);
    for (String c; (c = cachedName[i]) != null; i = (i + 1) & (CACHE - 1)) {
      if (c == name) {
        return cachedId[i];
      }
    }
    Integer id = ids.get(name.toLowerCase(Locale.ROOT));
    if (id == null) {
      id = ids.size();
      ids.put(name.toLowerCase(Locale.ROOT), id);
    }
    if (cached == CACHE_MAX) {
      Arrays.fill(cachedName, null);
      cached = 0;
      i = (h ^ (h >>> 16)) & (CACHE - 1);
    }
    cachedName[i] = name;
    cachedId[i] = id;
    cached++;
    return id;
  }

  /** The reason a record is malformed when {@code name} repeats (names the field, never a value). */
  static String reason(String name) {
    return "field '" + name + "' appears twice (field names are case-insensitive)";
  }
}
