package org.anonkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of one transformer (or one policy extension section): an ordered map from names to
 * JSON-like values (string, {@code long}, {@code double}, boolean, list, nested {@code Parameters}).
 *
 * <p>Typed getters validate at once and report the JSON path and the rule broken, e.g.
 * {@code at $.fields.Owner.params.length: expected an integer in [8, 64]}. Transformers call
 * {@link #requireOnly} first so a misspelt parameter is an error, not a silently ignored setting.
 *
 * <p>Immutable and thread-safe.
 */
public final class Parameters {
  private static final Parameters EMPTY = new Parameters("$", Map.of());

  private final String path;
  private final Map<String, Object> values;

  private Parameters(String path, Map<String, Object> values) {
    this.path = path;
    this.values = values;
  }

  /** No parameters. */
  public static Parameters empty() {
    return EMPTY;
  }

  /** A builder whose errors will name {@code path} (use {@code "$"} for parameters built in code). */
  public static Builder builder(String path) {
    return new Builder(path);
  }

  /** A builder for parameters built in code. */
  public static Builder builder() {
    return new Builder("$");
  }

  /** The JSON path these parameters were read from. */
  public String path() {
    return path;
  }

  /** The parameter names in insertion order. */
  public Set<String> names() {
    return values.keySet();
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * Rejects any parameter not in {@code allowed}, naming it and the known ones.
   *
   * @param owner what the parameters belong to, e.g. {@code "transformer 'hmac'"}
   */
  public Parameters requireOnly(String owner, String... allowed) {
    Set<String> known = new LinkedHashSet<>(List.of(allowed));
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new PolicyException(
            pathOf(name), "unknown parameter for " + owner + "; known parameters: " + new TreeSet<>(known));
      }
    }
    return this;
  }

  /** The path of parameter {@code name}, for error messages. */
  public String pathOf(String name) {
    return path + "." + name;
  }

  public String getString(String name, String defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof String)) {
      throw new PolicyException(pathOf(name), "expected a string");
    }
    return (String) v;
  }

  public String requireString(String name) {
    String s = getString(name, null);
    if (s == null) {
      throw new PolicyException(pathOf(name), "required string parameter is missing");
    }
    return s;
  }

  /** A string that must be one of {@code choices}. */
  public String getChoice(String name, String defaultValue, String... choices) {
    String s = getString(name, defaultValue);
    for (String c : choices) {
      if (c.equals(s)) {
        return s;
      }
    }
    throw new PolicyException(pathOf(name), "expected one of " + List.of(choices));
  }

  public long getLong(String name, long defaultValue, long min, long max) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Long)) {
      throw new PolicyException(pathOf(name), "expected an integer in [" + min + ", " + max + "]");
    }
    long l = (Long) v;
    if (l < min || l > max) {
      throw new PolicyException(pathOf(name), "expected an integer in [" + min + ", " + max + "], got " + l);
    }
    return l;
  }

  public int getInt(String name, int defaultValue, int min, int max) {
    return (int) getLong(name, defaultValue, min, max);
  }

  public double getDouble(String name, double defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Long) {
      return (Long) v;
    }
    if (!(v instanceof Double)) {
      throw new PolicyException(pathOf(name), "expected a number");
    }
    return (Double) v;
  }

  public boolean getBoolean(String name, boolean defaultValue) {
    Object v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Boolean)) {
      throw new PolicyException(pathOf(name), "expected true or false");
    }
    return (Boolean) v;
  }

  /** A list of strings; empty if absent. */
  public List<String> getStringList(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw new PolicyException(pathOf(name), "expected a list of strings");
    }
    List<String> out = new ArrayList<>();
    List<?> list = (List<?>) v;
    for (int i = 0; i < list.size(); i++) {
      Object o = list.get(i);
      if (!(o instanceof String)) {
        throw new PolicyException(pathOf(name) + "[" + i + "]", "expected a string");
      }
      out.add((String) o);
    }
    return Collections.unmodifiableList(out);
  }

  /** A nested object; empty parameters (with the right path) if absent. */
  public Parameters getParameters(String name) {
    Object v = values.get(name);
    if (v == null) {
      return new Parameters(pathOf(name), Map.of());
    }
    if (!(v instanceof Parameters)) {
      throw new PolicyException(pathOf(name), "expected an object");
    }
    return (Parameters) v;
  }

  /** A nested object whose values are all strings, e.g. a domain mapping table; empty if absent. */
  public Map<String, String> getStringMap(String name) {
    Parameters p = getParameters(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : p.names()) {
      out.put(key, p.requireString(key));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The raw value (String, Long, Double, Boolean, List of these or of lists, Parameters), or {@code null}. */
  public Object get(String name) {
    return values.get(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parameters && values.equals(((Parameters) o).values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Lists the parameter names only: values may be site-specific configuration. */
  @Override
  public String toString() {
    return "Parameters" + values.keySet();
  }

  /** Builds {@link Parameters}. Not thread-safe. */
  public static final class Builder {
    private final String path;
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder(String path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    public Builder put(String name, String value) {
      return putChecked(name, Objects.requireNonNull(value, "value"));
    }

    public Builder put(String name, long value) {
      return putChecked(name, value);
    }

    public Builder put(String name, double value) {
      return putChecked(name, value);
    }

    public Builder put(String name, boolean value) {
      return putChecked(name, value);
    }

    public Builder put(String name, Parameters value) {
      return putChecked(name, Objects.requireNonNull(value, "value"));
    }

    /**
     * A list of strings, numbers ({@code Long}/{@code Double}), booleans, {@code Parameters} or lists
     * of these (a hierarchy's levels of cut points: {@code [[2, 4, 8], [4]]}); copied, nested lists too,
     * into unmodifiable lists.
     */
    public Builder put(String name, List<?> value) {
      return putChecked(name, listCopy(path + "." + name, value));
    }

    private static List<Object> listCopy(String path, List<?> value) {
      List<Object> out = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        Object o = value.get(i);
        if (o instanceof List) {
          out.add(listCopy(path + "[" + i + "]", (List<?>) o));
        } else if (o instanceof String || o instanceof Long || o instanceof Double || o instanceof Boolean
            || o instanceof Parameters) {
          out.add(o);
        } else {
          throw new PolicyException(path + "[" + i + "]",
              "list elements must be strings, numbers, booleans, objects or lists");
        }
      }
      return Collections.unmodifiableList(out);
    }

    /**
     * Parameter {@code name} of {@code from}, as it is there (its values are already checked and
     * unmodifiable): how a provider passes some of its parameters on to a child transformer.
     *
     * @throws IllegalArgumentException if {@code from} has no parameter {@code name}
     */
    public Builder putFrom(Parameters from, String name) {
      Object value = from.get(name);
      if (value == null) {
        throw new IllegalArgumentException("no parameter " + name + " at " + from.path());
      }
      return putChecked(name, value);
    }

    private Builder putChecked(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (values.putIfAbsent(name, value) != null) {
        throw new PolicyException(path + "." + name, "duplicate parameter");
      }
      return this;
    }

    public Parameters build() {
      return values.isEmpty() && "$".equals(path)
          ? EMPTY
          : new Parameters(path, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }
  }
}
