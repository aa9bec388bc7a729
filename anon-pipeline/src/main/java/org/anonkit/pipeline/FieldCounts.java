package org.anonkit.pipeline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Per-field outcome counts: how many values of each field were transformed, kept, redacted, dropped,
 * and rejected by their transformer ({@code failed}; each failure is also counted under the action its
 * {@code onFailure} took).
 *
 * <p>Bounded. The fields the policy names, as the policy spells them ({@code spelling}: a few hundred at
 * most), are always counted by name. Every other name (the fields the default rule handles, and other
 * spellings of the policy's fields: {@code OWNER} for the policy's {@code Owner}, as mixed HTCondor
 * versions write them) is counted by name as long as at most {@link #MAX_OTHERS} distinct such names are:
 * once more are counted, the default rule's fields are summed into {@link #other()} from then on, the
 * other spellings of a policy field are counted under the policy's spelling, and their names are
 * forgotten ({@link #overflowed()}). Whether that happens depends only on how many distinct such names
 * the counted records hold, never on the order of counting or merging, so the result is the same for any
 * thread count, chunk size or resumed run: every name exact, or the policy's fields exact (under its
 * spelling) and the rest summed. Real job records name a few hundred to a few thousand attributes; the
 * bound is for inputs whose field names are data (a dump with a key per job, or a policy field's name in
 * ever other letter cases), whose counts would otherwise grow with the input.
 *
 * <p>Not thread-safe: one per chunk, checkpoint, input or run, merged on one thread.
 */
final class FieldCounts {
  static final int TRANSFORMED = 0;
  static final int KEPT = 1;
  static final int REDACTED = 2;
  static final int DROPPED = 3;
  static final int FAILED = 4;
  static final String[] OUTCOMES = {"transformed", "kept", "redacted", "dropped", "failed"};
  /** Distinct field names outside the policy's rules (as it spells them) that are counted by name. */
  static final int MAX_OTHERS = 16_384;

  // the name a field is always counted under (the policy's spelling of it), or null for the default rule's
  private final UnaryOperator<String> spelling;
  private final int maxOthers;
  private final Map<String, long[]> counts = new HashMap<>();
  private final long[] other = new long[OUTCOMES.length];
  private int others;
  private boolean overflowed;

  /** For tests: counts in which every field is counted by name (no bound). */
  FieldCounts() {
    this((Predicate<String>) f -> true, MAX_OTHERS);
  }

  /** For tests: the fields {@code pinned} accepts counted by name in every spelling, the others bounded. */
  FieldCounts(Predicate<String> pinned, int maxOthers) {
    this((UnaryOperator<String>) f -> pinned.test(f) ? f : null, maxOthers);
  }

  private FieldCounts(UnaryOperator<String> spelling, int maxOthers) {
    this.spelling = spelling;
    this.maxOthers = maxOthers;
  }

  /**
   * Counts in which {@code spelling} gives the name a field is always counted under (the policy's
   * spelling of it, whatever the input's), or null for a field the policy does not name.
   */
  static FieldCounts spelledAs(UnaryOperator<String> spelling) {
    return new FieldCounts(spelling, MAX_OTHERS);
  }

  /** For tests: a smaller bound. */
  static FieldCounts spelledAs(UnaryOperator<String> spelling, int maxOthers) {
    return new FieldCounts(spelling, maxOthers);
  }

  /** Adds {@code values} to {@code field}'s counts (or to those it is summed under). */
  void put(String field, long[] values) {
    long[] c = counts.get(field);
    if (c == null) {
      String pinned = spelling.apply(field);
      if (field.equals(pinned)) {
        c = new long[OUTCOMES.length];
        counts.put(field, c);
      } else if (!overflowed && others == maxOthers) {
        overflow();
      }
      if (c == null) {
        if (overflowed) {
          c = pinned == null ? other : counts.computeIfAbsent(pinned, k -> new long[OUTCOMES.length]);
        } else {
          others++;
          c = new long[OUTCOMES.length];
          counts.put(field, c);
        }
      }
    }
    add(c, values);
  }

  /** Adds {@code o}'s counts. */
  void merge(FieldCounts o) {
    if (o.overflowed) {
      putOther(o.other);
    }
    for (Map.Entry<String, long[]> e : o.counts.entrySet()) {
      put(e.getKey(), e.getValue());
    }
  }

  /**
   * Adds to the sum of the unnamed fields, and so forgets the names outside the policy's spellings (a
   * journal's replay).
   */
  void putOther(long[] values) {
    if (!overflowed) {
      overflow();
    }
    add(other, values);
  }

  private void overflow() {
    overflowed = true;
    Map<String, long[]> spelt = new HashMap<>(); // other spellings of the policy's fields, by its spelling
    for (Iterator<Map.Entry<String, long[]>> it = counts.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, long[]> e = it.next();
      String pinned = spelling.apply(e.getKey());
      if (!e.getKey().equals(pinned)) {
        add(pinned == null ? other : spelt.computeIfAbsent(pinned, k -> new long[OUTCOMES.length]), e.getValue());
        it.remove();
      }
    }
    spelt.forEach((f, v) -> add(counts.computeIfAbsent(f, k -> new long[OUTCOMES.length]), v));
    others = 0;
  }

  private static void add(long[] into, long[] values) {
    for (int i = 0; i < into.length; i++) {
      into[i] += values[i];
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

  void forEach(BiConsumer<String, long[]> action) {
    counts.forEach(action);
  }

  /** Whether more than the bound's distinct unnamed fields were counted: their counts are then in {@link #other()}. */
  boolean overflowed() {
    return overflowed;
  }

  /** The sum of the counts of the unnamed fields once {@link #overflowed()} (else all zero); a copy. */
  long[] other() {
    return other.clone();
  }
}
