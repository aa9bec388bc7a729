package org.anonkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.anonkit.key.MasterKey;
import org.anonkit.spi.SharedState;
import org.anonkit.spi.TransformerContext;

/**
 * A {@link Policy} compiled against a master key and a registry: one ready {@link FieldPlan} per field.
 * Compile once per run and share it between threads; transformers are created (and their keys
 * derived) once here, never per value. Rules with the same transformer and parameters may be given one
 * shared instance, when its provider says the field does not change its results (see
 * {@link SharedState}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Anonymizer {
  private final Policy policy;
  private final String keyId;
  private final Map<String, FieldPlan> plans; // lower-cased field -> plan
  private final FieldPlan defaultPlan;

  private Anonymizer(Policy policy, String keyId, Map<String, FieldPlan> plans, FieldPlan defaultPlan) {
    this.policy = policy;
    this.keyId = keyId;
    this.plans = plans;
    this.defaultPlan = defaultPlan;
  }

  /**
   * Compiles {@code policy}: looks up every transformer in {@code registry} and creates it with its
   * derived key.
   *
   * @param key the master key, or {@code null} when every transformer in the policy is keyless
   * @throws ProviderException for an unknown transformer (listing those available)
   * @throws PolicyException for invalid parameters
   * @throws KeyException if a transformer needs a key and none is given
   */
  public static Anonymizer compile(Policy policy, MasterKey key, TransformerRegistry registry) {
    requireTransformers(policy, registry);
    Map<String, FieldPlan> plans = new HashMap<>();
    SharedState shared = SharedState.create(); // rules alike may share one transformer and its memos
    for (FieldRule rule : policy.rules()) {
      plans.put(rule.field().toLowerCase(Locale.ROOT), new FieldPlan(rule, create(rule, key, registry, shared), false));
    }
    FieldRule d = policy.defaultRule();
    FieldPlan defaultPlan = new FieldPlan(d, create(d, key, registry, shared), true);
    return new Anonymizer(policy, key == null ? "none" : key.id(), Map.copyOf(plans), defaultPlan);
  }

  /**
   * Before any transformer is created: every rule's transformer is in {@code registry}, and so is every
   * AnonKit transformer its parameters name as a child ({@code {"transformer": NAME, ...}}, as
   * {@code scrub-text}'s handlers, {@code sinful}'s alias and {@code dn}'s uid do); else a
   * {@link PolicyException} at the first one's path whose message names the artifact to add (from
   * {@link TransformerRegistry#provider}) and the other artifacts missing. Checked first so that a policy
   * missing whole modules (the bundled HTCondor policy with anon-pipeline's dependencies alone) names them
   * all at once. A child name no AnonKit module provides is left to its parent's own check.
   */
  private static void requireTransformers(Policy policy, TransformerRegistry registry) {
    List<FieldRule> rules = new ArrayList<>(policy.rules());
    rules.add(policy.defaultRule());
    List<String[]> missing = new ArrayList<>(); // {path, name}
    for (FieldRule rule : rules) {
      if (rule.action() == FieldRule.Action.TRANSFORM && !registry.contains(rule.transformer())) {
        missing.add(new String[] {rule.path(), rule.transformer()});
      }
    }
    for (FieldRule rule : rules) {
      if (rule.action() == FieldRule.Action.TRANSFORM) {
        missingChildren(rule.parameters(), registry, missing, 0);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String[] first = missing.get(0);
    Map<String, Set<String>> others = new TreeMap<>(); // artifact -> transformer names
    for (String[] m : missing) {
      String artifact = TransformerRegistry.artifactOf(m[1]);
      if (artifact != null && !artifact.equals(TransformerRegistry.artifactOf(first[1]))) {
        others.computeIfAbsent(artifact, a -> new TreeSet<>()).add(m[1]);
      }
    }
    StringBuilder also = new StringBuilder();
    others.forEach((artifact, names) -> also.append(also.length() == 0 ? "; the policy also needs " : ", ")
        .append(artifact).append(" (").append(String.join(", ", names)).append(')'));
    try {
      registry.provider(first[1]);
    } catch (ProviderException e) {
      throw new PolicyException(first[0], e.getMessage() + also, e);
    }
  }

  private static void missingChildren(Object value, TransformerRegistry registry, List<String[]> missing, int depth) {
    if (depth > 16) {
      return;
    }
    if (value instanceof Parameters) {
      Parameters p = (Parameters) value;
      Object name = p.get("transformer");
      if (name instanceof String && TransformerRegistry.artifactOf((String) name) != null
          && !registry.contains((String) name)) {
        missing.add(new String[] {p.pathOf("transformer"), (String) name});
      }
      for (String n : p.names()) {
        missingChildren(p.get(n), registry, missing, depth + 1);
      }
    } else if (value instanceof List) {
      for (Object o : (List<?>) value) {
        missingChildren(o, registry, missing, depth + 1);
      }
    }
  }

  private static Transformer create(FieldRule rule, MasterKey key, TransformerRegistry registry, SharedState shared) {
    if (rule.action() != FieldRule.Action.TRANSFORM) {
      return null;
    }
    TransformerContext.Builder b = TransformerContext.builder(rule.transformer())
        .field(rule.field())
        .linkageDomain(rule.linkageDomain())
        .parameters(rule.parameters())
        .registry(registry)
        .sharedState(shared);
    if (key != null) {
      b.masterKey(key);
    }
    try {
      return registry.create(b.build());
    } catch (ProviderException e) {
      throw new PolicyException(rule.path(), e.getMessage(), e);
    }
  }

  /** The plan for {@code field} (case-insensitive), or the default plan for fields the policy omits. */
  public FieldPlan plan(String field) {
    FieldPlan p = plans.get(field.toLowerCase(Locale.ROOT));
    return p != null ? p : defaultPlan;
  }

  public FieldPlan defaultPlan() {
    return defaultPlan;
  }

  public Policy policy() {
    return policy;
  }

  /** The master key's id, or {@code "none"}. */
  public String keyId() {
    return keyId;
  }

  @Override
  public String toString() {
    return "Anonymizer{policy=" + policy.name() + ", keyId=" + keyId + "}";
  }
}
