package org.anonkit;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
   * Before any transformer is created: every rule's transformer is in {@code registry}, else a
   * {@link PolicyException} at the first such rule's path whose message names the artifact to add (from
   * {@link TransformerRegistry#provider}) and any other missing ones. Checked first so that a policy
   * missing a whole module (the bundled HTCondor policy without anon-fpe and anon-cryptopan) says so,
   * rather than failing inside the first rule that hands a missing transformer to a child.
   */
  private static void requireTransformers(Policy policy, TransformerRegistry registry) {
    java.util.List<FieldRule> rules = new java.util.ArrayList<>(policy.rules());
    rules.add(policy.defaultRule());
    FieldRule first = null;
    java.util.Set<String> others = new java.util.TreeSet<>();
    for (FieldRule rule : rules) {
      if (rule.action() == FieldRule.Action.TRANSFORM && !registry.contains(rule.transformer())) {
        if (first == null) {
          first = rule;
        } else if (!rule.transformer().equals(first.transformer())) {
          String artifact = TransformerRegistry.artifactOf(rule.transformer());
          others.add("'" + rule.transformer() + "'" + (artifact == null ? "" : " (" + artifact + ")"));
        }
      }
    }
    if (first != null) {
      try {
        registry.provider(first.transformer());
      } catch (ProviderException e) {
        throw new PolicyException(first.path(), e.getMessage()
            + (others.isEmpty() ? "" : "; the policy also names " + String.join(", ", others)), e);
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
