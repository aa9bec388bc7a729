package org.anonkit.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;

/**
 * A {@link Policy} as plain serializable data, so that a Spark closure carries the policy (never a key)
 * and each executor rebuilds the same policy with {@link #toPolicy()}. Equal snapshots rebuild equal
 * policies, so a snapshot is also a cache key. Immutable and thread-safe.
 */
final class PolicySnapshot implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String marker;
  private final List<Rule> rules;
  private final Rule defaultRule;
  private final List<String> extensionNames;
  private final List<Params> extensions;

  private PolicySnapshot(Policy p) {
    this.name = p.name();
    this.marker = p.redactionMarker();
    List<Rule> rs = new ArrayList<>();
    for (FieldRule r : p.rules()) {
      rs.add(Rule.of(r));
    }
    this.rules = List.copyOf(rs);
    this.defaultRule = Rule.of(p.defaultRule());
    this.extensionNames = List.copyOf(p.extensionNames());
    List<Params> ex = new ArrayList<>();
    for (String n : extensionNames) {
      ex.add(Params.of(p.extension(n)));
    }
    this.extensions = List.copyOf(ex);
  }

  static PolicySnapshot of(Policy policy) {
    return new PolicySnapshot(policy);
  }

  String name() {
    return name;
  }

  /** The policy this snapshot was taken of (rule paths kept for messages; keep/drop rules get {@code $}). */
  Policy toPolicy() {
    Policy.Builder b = Policy.builder().name(name).redactionMarker(marker);
    for (Rule r : rules) {
      b.rule(r.toRule());
    }
    b.defaultRule(defaultRule.toRule());
    for (int i = 0; i < extensionNames.size(); i++) {
      b.extension(extensionNames.get(i), extensions.get(i).toParameters());
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PolicySnapshot)) {
      return false;
    }
    PolicySnapshot s = (PolicySnapshot) o;
    return name.equals(s.name) && marker.equals(s.marker) && rules.equals(s.rules)
        && defaultRule.equals(s.defaultRule) && extensionNames.equals(s.extensionNames)
        && extensions.equals(s.extensions);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, rules, defaultRule, extensions);
  }

  @Override
  public String toString() {
    return "PolicySnapshot{" + name + ", " + rules.size() + " rules}";
  }

  /** One field rule. */
  private static final class Rule implements Serializable {
    private static final long serialVersionUID = 1L;
    final String field;
    final FieldRule.Action action;
    final String transformer;
    final Params parameters;
    final OnFailure onFailure;
    final String domain;
    final String path;

    private Rule(FieldRule r) {
      this.field = r.field();
      this.action = r.action();
      this.transformer = r.transformer();
      this.parameters = Params.of(r.parameters());
      this.onFailure = r.onFailure();
      this.domain = r.linkageDomain();
      this.path = r.path();
    }

    static Rule of(FieldRule r) {
      return new Rule(r);
    }

    FieldRule toRule() {
      switch (action) {
        case KEEP:
          return FieldRule.keep(field);
        case DROP:
          return FieldRule.drop(field);
        default:
          return FieldRule.transform(field, transformer).parameters(parameters.toParameters())
              .onFailure(onFailure).linkageDomain(domain).path(path).build();
      }
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Rule)) {
        return false;
      }
      Rule r = (Rule) o;
      return field.equals(r.field) && action == r.action && java.util.Objects.equals(transformer, r.transformer)
          && parameters.equals(r.parameters) && onFailure == r.onFailure && java.util.Objects.equals(domain, r.domain)
          && path.equals(r.path);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(field, action, transformer, parameters, onFailure, domain);
    }
  }

  /** A parameters object: names in order and values (strings, longs, doubles, booleans, lists, objects). */
  private static final class Params implements Serializable {
    private static final long serialVersionUID = 1L;
    final String path;
    final List<String> names;
    final List<Object> values;

    private Params(String path, List<String> names, List<Object> values) {
      this.path = path;
      this.names = names;
      this.values = values;
    }

    static Params of(Parameters p) {
      List<String> names = new ArrayList<>(p.names());
      List<Object> values = new ArrayList<>();
      for (String n : names) {
        values.add(snap(p.get(n)));
      }
      return new Params(p.path(), names, values);
    }

    private static Object snap(Object v) {
      if (v instanceof Parameters) {
        return of((Parameters) v);
      }
      if (v instanceof List) {
        ArrayList<Object> out = new ArrayList<>();
        for (Object e : (List<?>) v) {
          out.add(snap(e));
        }
        return out;
      }
      if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
        return v;
      }
      throw new IllegalStateException("unexpected parameter type " + (v == null ? "null" : v.getClass().getName()));
    }

    private static Object unsnap(Object v) {
      if (v instanceof Params) {
        return ((Params) v).toParameters();
      }
      if (v instanceof List) {
        List<Object> out = new ArrayList<>();
        for (Object e : (List<?>) v) {
          out.add(unsnap(e));
        }
        return out;
      }
      return v;
    }

    Parameters toParameters() {
      Parameters.Builder b = Parameters.builder(path);
      for (int i = 0; i < names.size(); i++) {
        String n = names.get(i);
        Object v = unsnap(values.get(i));
        if (v instanceof String) {
          b.put(n, (String) v);
        } else if (v instanceof Long) {
          b.put(n, (long) (Long) v);
        } else if (v instanceof Double) {
          b.put(n, (double) (Double) v);
        } else if (v instanceof Boolean) {
          b.put(n, (boolean) (Boolean) v);
        } else if (v instanceof Parameters) {
          b.put(n, (Parameters) v);
        } else {
          b.put(n, (List<?>) v);
        }
      }
      return b.build();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Params)) {
        return false;
      }
      Params p = (Params) o;
      return path.equals(p.path) && names.equals(p.names) && values.equals(p.values);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(names, values);
    }
  }
}
