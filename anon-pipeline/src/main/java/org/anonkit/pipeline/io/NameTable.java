package org.anonkit.pipeline.io;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical field-name instances shared by the parsers of one input, each with its verdict under
 * {@link FieldNames#isFieldName} computed once, bounded so that hostile input with millions of distinct
 * names cannot exhaust memory (past the bound names are neither shared nor their verdicts kept).
 * Thread-safe.
 */
final class NameTable {
  static final int MAX_NAMES = 1 << 16;
  /** The map's value for a name that is no field name. */
  private static final Object NOT_A_FIELD_NAME = new Object();
  private final ConcurrentHashMap<String, Object> names = new ConcurrentHashMap<>();

  /**
   * The canonical instance of {@code name}, or null if it is not a field name
   * ({@link FieldNames#isFieldName}).
   */
  String fieldName(String name) {
    Object c = names.get(name);
    if (c == null) {
      Object v = FieldNames.isFieldName(name) ? name : NOT_A_FIELD_NAME;
      if (names.size() >= MAX_NAMES) {
        c = v;
      } else {
        c = names.putIfAbsent(name, v);
        if (c == null) {
          c = v;
        }
      }
    }
    return c == NOT_A_FIELD_NAME ? null : (String) c;
  }

  /**
   * A per-parser cache in front of {@link NameTable#fieldName}, from name bytes (ClassAds) or decoded names
   * (JSON) to canonical names, so that parsers neither decode nor judge the same few hundred names over and
   * over. Not thread-safe.
   */
  static final class Cache {
    private final NameTable table;
    private final String[] slots = new String[4096];

    Cache(NameTable table) {
      this.table = table;
    }

    /**
     * {@link NameTable#fieldName} of the ASCII name {@code b[from, to)}, whose hash (31-polynomial) is
     * known: the canonical instance, or null if it is no field name.
     */
    String asciiName(byte[] b, int from, int to, int h) {
      int slot = (h ^ (h >>> 16)) & (slots.length - 1);
      String s = slots[slot];
      int n = to - from;
      if (s != null && s.length() == n) {
        int i = 0;
        while (i < n && s.charAt(i) == b[from + i]) {
          i++;
        }
        if (i == n) {
          return s;
        }
      }
      s = table.fieldName(new String(b, from, n, StandardCharsets.ISO_8859_1));
      if (s != null) { // a name that is none is looked up again (the table keeps its verdict)
        slots[slot] = s;
      }
      return s;
    }

    private final String[] seen = new String[1024];
    private final String[] canon = new String[1024];

    /**
     * {@link NameTable#fieldName} of a decoded name: the canonical instance, or null if it is no field name.
     * Identity hits (jackson reuses its names) are free, the verdict included.
     */
    String name(String s) {
      int slot = s.hashCode() & (seen.length - 1);
      if (seen[slot] == s) {
        return canon[slot];
      }
      String c = table.fieldName(s);
      seen[slot] = s;
      canon[slot] = c;
      return c;
    }
  }
}
