package org.anonkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which fields are transformed how. Field names match case-insensitively (ClassAd attribute names are
 * case-insensitive: {@code x509userproxysubject} is {@code X509UserProxySubject}).
 *
 * <p><b>Fail-closed default.</b> A field the policy does not name follows the default rule, which
 * drops it or transforms it (e.g. {@code scrub-text}); it is never kept in clear. Only fields listed
 * with {@link FieldRule.Action#KEEP} pass in clear.
 *
 * <p>Policies are read from JSON by {@code org.anonkit.config.PolicyJson} (module anon-config) or built
 * in code with {@link #builder()}. Modules keep their own settings (vector schemas, failure
 * definitions) in {@link #extension(String)} sections.
 *
 * <p>Immutable and thread-safe.
 */
public final class Policy {
  /** Marker written for {@link OnFailure#REDACT} unless the policy sets another. */
  public static final String DEFAULT_REDACTION = "[redacted]";

  private final String name;
  private final Map<String, FieldRule> rules; // lower-cased field -> rule, in policy order
  private final FieldRule defaultRule;
  private final String redactionMarker;
  private final Map<String, Parameters> extensions;

  private Policy(Builder b) {
    this.name = b.name;
    this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(b.rules));
    this.defaultRule = b.defaultRule;
    this.redactionMarker = b.redactionMarker;
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A human-readable name for manifests. */
  public String name() {
    return name;
  }

  /** The rule for {@code field}, matched case-insensitively, or the default rule. */
  public FieldRule rule(String field) {
    FieldRule r = rules.get(field.toLowerCase(Locale.ROOT));
    return r != null ? r : defaultRule;
  }

  /** Whether the policy names {@code field} explicitly. */
  public boolean names(String field) {
    return rules.containsKey(field.toLowerCase(Locale.ROOT));
  }

  /** The explicit rules in policy order. */
  public List<FieldRule> rules() {
    return List.copyOf(rules.values());
  }

  /** The rule for fields the policy does not name; never {@link FieldRule.Action#KEEP}. */
  public FieldRule defaultRule() {
    return defaultRule;
  }

  public String redactionMarker() {
    return redactionMarker;
  }

  /** A module's own section (e.g. {@code "vectors"}, {@code "failures"}); empty if absent. */
  public Parameters extension(String name) {
    Parameters p = extensions.get(name);
    return p != null ? p : Parameters.builder("$." + name).build();
  }

  /** The names of the extension sections present. */
  public List<String> extensionNames() {
    return new ArrayList<>(extensions.keySet());
  }

  @Override
  public String toString() {
    return "Policy{" + name + ", " + rules.size() + " rules, default=" + defaultRule.action() + "}";
  }

  /** Builds a {@link Policy}. Not thread-safe. */
  public static final class Builder {
    private String name = "unnamed";
    private final Map<String, FieldRule> rules = new LinkedHashMap<>();
    private FieldRule defaultRule = FieldRule.drop("*");
    private String redactionMarker = DEFAULT_REDACTION;
    private final Map<String, Parameters> extensions = new LinkedHashMap<>();

    private Builder() {}

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Adds a rule.
     *
     * @throws PolicyException if the field (case-insensitively) already has one
     */
    public Builder rule(FieldRule rule) {
      String key = rule.field().toLowerCase(Locale.ROOT);
      FieldRule previous = rules.putIfAbsent(key, rule);
      if (previous != null) {
        throw new PolicyException(rule.path(), "field '" + rule.field() + "' already has a rule (at "
            + previous.path() + "); field names are case-insensitive");
      }
      return this;
    }

    /** Shorthand for {@code rule(FieldRule.keep(field))} for each field. */
    public Builder keep(String... fields) {
      for (String f : fields) {
        rule(FieldRule.keep(f));
      }
      return this;
    }

    /** Shorthand for {@code rule(FieldRule.drop(field))} for each field. */
    public Builder drop(String... fields) {
      for (String f : fields) {
        rule(FieldRule.drop(f));
      }
      return this;
    }

    /**
     * The rule for fields the policy does not name.
     *
     * @throws PolicyException if it would keep values in clear
     */
    public Builder defaultRule(FieldRule rule) {
      if (rule.action() == FieldRule.Action.KEEP) {
        throw new PolicyException(rule.path(), "the default rule cannot keep fields in clear (fail-closed); "
            + "use drop or a transformer such as scrub-text, and list safe fields with keep");
      }
      this.defaultRule = rule;
      return this;
    }

    public Builder redactionMarker(String marker) {
      this.redactionMarker = Objects.requireNonNull(marker, "marker");
      return this;
    }

    /** Adds a module's section. */
    public Builder extension(String name, Parameters section) {
      if (extensions.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(section, "section")) != null) {
        throw new PolicyException("$." + name, "duplicate section");
      }
      return this;
    }

    public Policy build() {
      return new Policy(this);
    }
  }
}
