package org.anonkit.pipeline.io;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical field-name instances shared by the parsers of one input, bounded so that hostile input
 * with millions of distinct names cannot exhaust memory (past the bound names are simply not shared).
 * Thread-safe.
 */
final class NameTable {
  static final int MAX_NAMES = 1 << 16;
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

  String canonical(String name) {
    String c = names.get(name);
    if (c != null) {
      return c;
    }
    if (names.size() >= MAX_NAMES) {
      return name;
    }
    c = names.putIfAbsent(name, name);
    return c == null ? name : c;
  }

  /**
   * A per-parser cache from ASCII name bytes to canonical names, so that byte-level parsers do not
   * decode the same few hundred names over and over. Not thread-safe.
   */
  static final class Cache {
    private final NameTable table;
    private final String[] slots = new String[4096];

    Cache(NameTable table) {
      this.table = table;
    }

    /** Like {@link #name(byte[], int, int)} for ASCII bytes whose hash (31-polynomial) is known. */
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
      s = table.canonical(new String(b, from, n, StandardCharsets.ISO_8859_1));
      slots[slot] = s;
      return s;
    }

    String name(byte[] b, int from, int to) {
      int h = 0;
      boolean ascii = true;
      for (int i = from; i < to; i++) {
        h = 31 * h + b[i];
        ascii &= b[i] >= 0;
      }
      if (!ascii) {
        return table.canonical(new String(b, from, to - from, StandardCharsets.UTF_8));
      }
      int slot = (h ^ (h >>> 16)) & (slots.length - 1);
      String s = slots[slot];
      if (s != null && s.length() == to - from) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == b[from + i]) {
          i++;
        }
        if (i == s.length()) {
          return s;
        }
      }
      s = table.canonical(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
      slots[slot] = s;
      return s;
    }

    private final String[] seen = new String[1024];
    private final String[] canon = new String[1024];

    /** The canonical instance for a decoded name; identity hits (jackson reuses its names) are free. */
    String name(String s) {
      int slot = s.hashCode() & (seen.length - 1);
      if (seen[slot] == s) {
        return canon[slot];
      }
      String c = table.canonical(s);
      seen[slot] = s;
      canon[slot] = c;
      return c;
    }
  }
}
