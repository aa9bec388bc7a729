package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FieldCountsTest {
  private static final Predicate<String> POLICY = f -> f.startsWith("Named");

  private static long[] one(int outcome) {
    long[] v = new long[FieldCounts.OUTCOMES.length];
    v[outcome] = 1;
    return v;
  }

  @Test
  void put_pastTheBound_policyFieldsStayExact_othersSummed() {
    FieldCounts c = new FieldCounts(POLICY, 3);
    c.put("Named1", one(FieldCounts.TRANSFORMED));
    for (int i = 0; i < 3; i++) {
      c.put("x" + i, one(FieldCounts.REDACTED));
    }
    assertThat(c.overflowed()).isFalse();
    assertThat(c.sorted()).containsOnlyKeys("Named1", "x0", "x1", "x2");
    c.put("x1", one(FieldCounts.REDACTED)); // known: no new name
    assertThat(c.overflowed()).isFalse();
    c.put("x3", one(FieldCounts.DROPPED)); // the fourth distinct unnamed field
    c.put("Named2", one(FieldCounts.KEPT)); // the policy's fields are never summed
    c.put("x0", one(FieldCounts.REDACTED));
    assertThat(c.overflowed()).isTrue();
    assertThat(c.sorted()).containsOnlyKeys("Named1", "Named2");
    assertThat(c.sorted().get("Named1")).containsExactly(1, 0, 0, 0, 0);
    assertThat(c.other()).containsExactly(0, 0, 5, 1, 0);
  }

  /**
   * Whatever the split into chunks and the grouping into checkpoints and inputs, merged in any order:
   * the same counts as counting everything in one place (the run's output must not depend on thread
   * count, chunk size or resume).
   */
  @Test
  void merge_anySplitAndGrouping_sameResultAsOneFlatCount() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      int bound = 1 + rnd.nextInt(8);
      int names = 1 + rnd.nextInt(14);
      List<String> events = new ArrayList<>();
      List<Integer> outcomes = new ArrayList<>();
      for (int i = 0, n = rnd.nextInt(60); i < n; i++) {
        int k = rnd.nextInt(names);
        events.add(k % 4 == 0 ? "Named" + k : "f" + k);
        outcomes.add(rnd.nextInt(FieldCounts.OUTCOMES.length));
      }
      FieldCounts flat = new FieldCounts(POLICY, bound);
      for (int i = 0; i < events.size(); i++) {
        flat.put(events.get(i), one(outcomes.get(i)));
      }
      // chunks, then random groups of chunks, then the groups merged in a random order
      List<FieldCounts> chunks = new ArrayList<>();
      for (int i = 0; i < events.size(); ) {
        FieldCounts chunk = new FieldCounts(POLICY, bound);
        for (int end = Math.min(events.size(), i + 1 + rnd.nextInt(10)); i < end; i++) {
          chunk.put(events.get(i), one(outcomes.get(i)));
        }
        chunks.add(chunk);
      }
      List<FieldCounts> groups = new ArrayList<>();
      for (int i = 0; i < chunks.size(); ) {
        FieldCounts g = new FieldCounts(POLICY, bound);
        for (int end = Math.min(chunks.size(), i + 1 + rnd.nextInt(4)); i < end; i++) {
          g.merge(chunks.get(i));
        }
        groups.add(g);
      }
      Collections.shuffle(groups, rnd);
      FieldCounts run = new FieldCounts(POLICY, bound);
      groups.forEach(run::merge);
      assertThat(run.overflowed()).as("trial %d", trial).isEqualTo(flat.overflowed());
      assertThat(run.other()).as("trial %d", trial).containsExactly(flat.other());
      assertThat(run.sorted().keySet()).as("trial %d", trial).isEqualTo(flat.sorted().keySet());
      for (Map.Entry<String, long[]> e : flat.sorted().entrySet()) {
        assertThat(run.sorted().get(e.getKey())).as("trial %d %s", trial, e.getKey()).containsExactly(e.getValue());
      }
    }
  }

  @Test
  void putOther_aReplayedOverflow_forgetsTheUnnamedFieldsHereToo() {
    FieldCounts c = new FieldCounts(POLICY, 100);
    c.put("x", one(FieldCounts.KEPT));
    c.put("Named", one(FieldCounts.KEPT));
    c.putOther(one(FieldCounts.DROPPED));
    assertThat(c.overflowed()).isTrue();
    assertThat(c.sorted()).containsOnlyKeys("Named");
    assertThat(c.other()).containsExactly(0, 1, 0, 1, 0);
  }

  /** The policy's spelling of its fields: "Named<k>" for any case of it, null for others. */
  private static String spelling(String f) {
    return f.regionMatches(true, 0, "named", 0, 5) ? "Named" + f.substring(5) : null;
  }

  /** Other spellings of a policy field were pinned too: a field's name in ever other cases grew them. */
  @Test
  void put_pastTheBound_otherSpellingsOfAPolicyField_countedUnderItsSpelling() {
    FieldCounts c = FieldCounts.spelledAs(FieldCountsTest::spelling, 3);
    c.put("Named1", one(FieldCounts.TRANSFORMED));
    c.put("NAMED1", one(FieldCounts.KEPT));
    c.put("x0", one(FieldCounts.REDACTED));
    c.put("named1", one(FieldCounts.KEPT));
    assertThat(c.overflowed()).isFalse();
    assertThat(c.sorted()).containsOnlyKeys("Named1", "NAMED1", "named1", "x0");
    c.put("nAMED2", one(FieldCounts.DROPPED)); // the fourth distinct name outside the policy's spellings
    c.put("NaMeD1", one(FieldCounts.KEPT));
    c.put("x1", one(FieldCounts.REDACTED));
    assertThat(c.overflowed()).isTrue();
    assertThat(c.sorted()).containsOnlyKeys("Named1", "Named2");
    assertThat(c.sorted().get("Named1")).containsExactly(1, 3, 0, 0, 0);
    assertThat(c.sorted().get("Named2")).containsExactly(0, 0, 0, 1, 0);
    assertThat(c.other()).containsExactly(0, 0, 2, 0, 0);
    for (int i = 0; i < 100_000; i++) { // every case of "named1", and new unnamed fields: no new name
      StringBuilder v = new StringBuilder();
      for (int b = 0; b < 5; b++) {
        v.append((i >> b & 1) == 0 ? "named".charAt(b) : Character.toUpperCase("named".charAt(b)));
      }
      c.put(i % 2 == 0 ? v + "1" : "x" + i, one(FieldCounts.KEPT));
    }
    assertThat(c.sorted()).containsOnlyKeys("Named1", "Named2");
    assertThat(c.sorted().get("Named1")).containsExactly(1, 3 + 50_000, 0, 0, 0);
  }

  /** With other spellings of the policy's fields: any split, grouping and order gives the flat count. */
  @Test
  void merge_withOtherSpellings_anySplitAndGrouping_sameResultAsOneFlatCount() {
    Random rnd = new Random(7);
    String[] cases = {"Named", "NAMED", "named", "nAmEd"};
    for (int trial = 0; trial < 300; trial++) {
      int bound = 1 + rnd.nextInt(8);
      int names = 1 + rnd.nextInt(14);
      List<String> events = new ArrayList<>();
      List<Integer> outcomes = new ArrayList<>();
      long[] total = new long[FieldCounts.OUTCOMES.length];
      for (int i = 0, n = rnd.nextInt(60); i < n; i++) {
        int k = rnd.nextInt(names);
        events.add(k % 3 == 0 ? cases[rnd.nextInt(cases.length)] + k : "f" + k);
        outcomes.add(rnd.nextInt(FieldCounts.OUTCOMES.length));
        total[outcomes.get(i)]++;
      }
      FieldCounts flat = FieldCounts.spelledAs(FieldCountsTest::spelling, bound);
      for (int i = 0; i < events.size(); i++) {
        flat.put(events.get(i), one(outcomes.get(i)));
      }
      List<FieldCounts> groups = new ArrayList<>();
      for (int i = 0; i < events.size(); ) {
        FieldCounts g = FieldCounts.spelledAs(FieldCountsTest::spelling, bound);
        for (int end = Math.min(events.size(), i + 1 + rnd.nextInt(20)); i < end; ) {
          FieldCounts chunk = FieldCounts.spelledAs(FieldCountsTest::spelling, bound);
          for (int e = Math.min(end, i + 1 + rnd.nextInt(6)); i < e; i++) {
            chunk.put(events.get(i), one(outcomes.get(i)));
          }
          g.merge(chunk);
        }
        groups.add(g);
      }
      Collections.shuffle(groups, rnd);
      FieldCounts run = FieldCounts.spelledAs(FieldCountsTest::spelling, bound);
      groups.forEach(run::merge);
      assertThat(run.overflowed()).as("trial %d", trial).isEqualTo(flat.overflowed());
      assertThat(run.other()).as("trial %d", trial).containsExactly(flat.other());
      assertThat(run.sorted().keySet()).as("trial %d", trial).isEqualTo(flat.sorted().keySet());
      long[] sum = run.other();
      for (Map.Entry<String, long[]> e : flat.sorted().entrySet()) {
        assertThat(run.sorted().get(e.getKey())).as("trial %d %s", trial, e.getKey()).containsExactly(e.getValue());
        for (int i = 0; i < sum.length; i++) {
          sum[i] += e.getValue()[i];
        }
      }
      assertThat(sum).as("trial %d: nothing lost or doubled", trial).containsExactly(total);
      if (flat.overflowed()) {
        assertThat(run.sorted().keySet()).as("trial %d", trial).allMatch(f -> f.equals(spelling(f)));
      }
    }
  }
}
