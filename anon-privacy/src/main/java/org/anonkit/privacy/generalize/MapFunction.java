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
