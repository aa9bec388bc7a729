package org.anonkit.privacy.generalize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.anonkit.InvalidInputException;

/**
 * Categorical maps, one per level, each applied to the previous level's value (site &rarr; region
 * &rarr; {@code *}); a final {@code *} level. An unmapped value fails closed unless a default is set.
 */
final class MapFunction implements LevelFunction {
  /**
   * One {@link HashMap} per level, never handed out. Not {@code Map.copyOf}: its table calls
   * {@code equals} on every key it probes, a HashMap compares cached hash codes first (see
   * docs/benchmarks/privacy.md, 2026-11-26). Read-only after construction and published
   * through a final field, so safe to read from any thread.
   */
  private final List<Map<String, String>> maps;
  private final String defaultValue;

  MapFunction(List<Map<String, String>> maps, String defaultValue) {
    if (maps.isEmpty()) {
      throw new IllegalArgumentException("give at least one mapping level");
    }
    List<Map<String, String>> copy = new ArrayList<>();
    for (Map<String, String> m : maps) {
      Map<String, String> checked = Map.copyOf(new HashMap<>(m)); // rejects null keys and values
      copy.add(new HashMap<>(checked));
    }
    this.maps = List.copyOf(copy);
    this.defaultValue = defaultValue;
  }

  @Override
  public int levels() {
    return maps.size() + 2;
  }

  @Override
  public String apply(String value, int level) {
    if (level == levels() - 1) {
      map(value, 0); // validates the value
      return "*";
    }
    String v = value;
    for (int i = 0; i < level; i++) {
      v = map(v, i);
    }
    return v;
  }

  /**
   * For {@code level} in [1, levels() - 1): every first-level key whose chain of maps resolves without
   * the default, mapped to its value at {@code level}, in one table: one lookup where {@link #apply}
   * makes one per level. A value it lacks takes {@link #apply} (the default, or the error naming the
   * level that misses it), so the two agree on every input.
   */
  Map<String, String> composed(int level) {
    if (level < 1 || level >= levels() - 1) {
      throw new IllegalArgumentException("level must be in [1, " + (levels() - 1) + "), got " + level);
    }
    Map<String, String> out = new HashMap<>();
    next:
    for (Map.Entry<String, String> e : maps.get(0).entrySet()) {
      String v = e.getValue();
      for (int i = 1; i < level; i++) {
        v = maps.get(i).get(v);
        if (v == null) {
          continue next; // the default's or the error's case: apply() handles it
        }
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  private String map(String v, int i) {
    String out = maps.get(i).get(v);
    if (out == null) {
      if (defaultValue == null) {
        throw new InvalidInputException("value is not in the generalization map (level " + (i + 1)
            + ", " + maps.get(i).size() + " entries) and no default is set");
      }
      return defaultValue;
    }
    return out;
  }
}
