package org.anonkit.pipeline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-field outcome counts: how many values of each field were transformed, kept, redacted, dropped,
 * and rejected by their transformer ({@code failed}; each failure is also counted under the action its
 * {@code onFailure} took). Not thread-safe: one per worker, merged at the end.
 */
final class FieldCounts {
  static final int TRANSFORMED = 0;
  static final int KEPT = 1;
  static final int REDACTED = 2;
  static final int DROPPED = 3;
  static final int FAILED = 4;
  static final String[] OUTCOMES = {"transformed", "kept", "redacted", "dropped", "failed"};

  private final Map<String, long[]> counts = new HashMap<>();

  long[] of(String field) {
    return counts.computeIfAbsent(field, k -> new long[OUTCOMES.length]);
  }

  void merge(FieldCounts other) {
    for (Map.Entry<String, long[]> e : other.counts.entrySet()) {
      long[] c = of(e.getKey());
      for (int i = 0; i < c.length; i++) {
        c[i] += e.getValue()[i];
      }
    }
  }

  void put(String field, long[] values) {
    long[] c = of(field);
    for (int i = 0; i < c.length; i++) {
      c[i] += values[i];
    }
  }

  /** Sorted by field name; the arrays are copies. */
  Map<String, long[]> sorted() {
    Map<String, long[]> out = new TreeMap<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      out.put(e.getKey(), e.getValue().clone());
    }
    return Collections.unmodifiableMap(out);
  }
}
