package org.anonkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.anonkit.AnonException;
import org.anonkit.FieldRule;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.spi.TransformerContext;
import org.anonkit.PolicyException;
import org.anonkit.config.PolicyJson;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RecordAnonymizer;
import org.anonkit.pipeline.scrub.ScrubTextProvider;

/**
 * The transformer, parameters and linkage domain a run's policy gives one field, or the identity values of one
 * linkage domain, in the run's mode: what {@code --policy} gives {@code anonkit fpe}, {@code hmac} and
 * {@code cryptopan}, so that a key holder does not retype a rule (one wrong parameter decrypts to plausible
 * wrong values with exit 0).
 *
 * <p><b>The policy.</b> {@code --policy FILE} or {@code bundled:htcondor}, read as {@code anonkit run} reads
 * it. With {@code --manifest}, its SHA-256 must be the one the run recorded ({@code "policy": {"sha256"}}:
 * {@code anonkit run} hashes the policy's bytes, the bundled policy's too), else a data error (exit 1, as a
 * key file holding another key than the manifest's); the mode is the manifest's {@code policy.mode}, and a
 * {@code --mode} that differs from it is a usage error (exit 2, as a {@code --key-id} that differs from the
 * manifest's). Without {@code --manifest}, the mode is {@code --mode}, else the policy as written
 * ({@code hmac}). The mode is applied as a run applies it ({@link Pipeline#resolvePolicy}).
 *
 * <p><b>The rule.</b> {@code --field NAME}: the policy's rule for that field, matched case-insensitively as
 * ClassAd names are; a field of the {@code ipIntegers} section with {@code _u32} appended (a run's integer
 * twin, {@code JobsubClientIpAddress_u32}) is its field's {@code ip} rule with {@code format: uint32}. A
 * field the policy does not name is refused (its default rule, {@code scrub-text} in the shipped policy,
 * reverses nothing as a whole). {@code --domain D} alone: the rules of the fields in linkage domain
 * {@code D} and the {@code scrub-text} handlers of that domain (the shipped policy's {@code scrub} section,
 * how a user name, a host name or a phone number inside free text is tokenized), which must agree on
 * transformer and parameters, else the command is refused naming them. Both: the field's rule, whose
 * domain must be {@code D}.
 *
 * <p>Messages name the policy, its hash, modes, fields, domains and transformers: public settings, never a
 * value. Immutable and thread-safe.
 */
final class PolicyRule {
  /** Transformers that reverse a value as a whole, by the command that does it. */
  private static final Set<String> CRYPTOPAN = Set.of("ip", "cryptopan");

  private static final String[] SCRUB_HANDLERS = {"user", "name", "email", "dn", "ip", "sinful", "phone", "host"};

  /** Where this rule comes from, for messages: {@code field 'Owner'}, {@code domain 'host'}. */
  final String source;
  /** The rule's action: {@code keep} and {@code drop} rules have no transformer. */
  final FieldRule.Action action;
  /** The transformer's name; null for keep and drop. */
  final String transformer;
  /** The transformer's parameters, as a run gives them. */
  final Parameters parameters;
  /** The field to create the transformer for: the key's domain when {@link #domain} is null. */
  final String field;
  /** The linkage domain, or null. */
  final String domain;
  /** The mode the rule is of ({@code hmac}: the policy as written). */
  final String mode;
  /** The policy's name. */
  final String policyName;
  /** Whether a run spells values in this rule's key domain as user names before tokenizing them. */
  final boolean userNames;
  /** For a {@code scrub-text} rule: its handlers' kinds, transformers and domains ({@code user: ff1 in domain user}). */
  final List<String> scrubHandlers;
  /** The policy's named modes, for hints. */
  final Set<String> modes;

  private PolicyRule(String source, FieldRule.Action action, String transformer, Parameters parameters, String field,
      String domain, String mode, String policyName, boolean userNames, List<String> scrubHandlers, Set<String> modes) {
    this.source = source;
    this.action = action;
    this.transformer = transformer;
    this.parameters = parameters;
    this.field = field;
    this.domain = domain;
    this.mode = mode;
    this.policyName = policyName;
    this.userNames = userNames;
    this.scrubHandlers = scrubHandlers;
    this.modes = modes;
  }

  /**
   * Resolves the rule (see the class comment).
   *
   * @param policy {@code FILE} or {@code bundled:NAME}
   * @param mode {@code --mode}, or null
   * @param manifest {@code --manifest}, or null
   * @param field {@code --field}, or null
   * @param domain {@code --domain}, or null; one of field and domain is given
   * @param usage makes the command's usage error (exit 2)
   * @throws AnonException (exit 1) if the policy cannot be read, is not valid, has no such mode, or is not
   *     the manifest's
   */
  static PolicyRule resolve(String policy, String mode, Path manifest, String field, String domain,
      Function<String, ? extends RuntimeException> usage) {
    if (field == null && domain == null) {
      throw usage.apply("--policy needs --field NAME or --domain D (the field's rule, or the rule of the linkage "
          + "domain's identity values)");
    }
    if ((field != null && field.isEmpty()) || (domain != null && domain.isEmpty())) {
      throw usage.apply("--field and --domain must not be empty");
    }
    byte[] bytes;
    try {
      bytes = RunCommand.policyBytes(policy);
    } catch (IllegalArgumentException e) { // no such bundled policy
      throw usage.apply("--policy: " + e.getMessage());
    } catch (IOException e) {
      throw new AnonException(e.getMessage());
    }
    Policy written;
    try {
      written = PolicyJson.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (PolicyException e) { // a data error, as for anonkit run
      throw new AnonException("--policy " + policy + ": " + e.getMessage(), e);
    }
    String sha256 = Pipeline.policyFileSha256(bytes);
    String runMode = mode;
    if (manifest != null) {
      Map<String, String> recorded = ExpectedKey.section(manifest, "policy");
      String recordedHash = recorded.get("sha256");
      String recordedMode = recorded.get("mode");
      if (recordedHash == null || recordedMode == null) {
        throw new AnonException("manifest " + manifest + " records no policy hash and mode (\"policy\": {\"sha256\": "
            + "..., \"mode\": ...}); give --policy without --manifest, with --mode and --key-id");
      }
      if (!recordedHash.equalsIgnoreCase(sha256)) {
        throw new AnonException("--policy " + policy + " (sha256 " + sha256 + ") is not the policy of the run of "
            + "--manifest " + manifest + " (policy '" + recorded.getOrDefault("name", "?") + "', sha256 "
            + recordedHash + "): give the policy file that run used, byte for byte (bundled:htcondor if it ran "
            + "with the bundled one); another policy may give other rules, which decrypt to wrong values");
      }
      if (mode != null && !sameMode(mode, recordedMode)) {
        throw usage.apply("--mode " + mode + " differs from the mode of the run of --manifest " + manifest + " ("
            + recordedMode + "); leave --mode out to use the run's");
      }
      runMode = recordedMode;
    }
    String applied = runMode == null || isDefaultMode(runMode) ? null : runMode;
    Policy resolved;
    try {
      resolved = Pipeline.resolvePolicy(written, applied, List.of());
    } catch (PolicyException e) { // no such mode, or a mode's rule that is not valid
      throw new AnonException("--policy " + policy + ": " + e.getMessage(), e);
    }
    Set<String> modes = new TreeSet<>(written.extension("modes").names());
    String modeName = applied == null ? (runMode == null ? "hmac" : runMode) : applied;
    Set<String> userDomains = userDomains(resolved);
    if (field != null) {
      return ofField(resolved, written, field, domain, modeName, userDomains, modes, usage);
    }
    return ofDomain(resolved, domain, modeName, userDomains, modes, usage);
  }

  private static PolicyRule ofField(Policy resolved, Policy written, String field, String domain, String mode,
      Set<String> userDomains, Set<String> modes, Function<String, ? extends RuntimeException> usage) {
    FieldRule rule;
    Parameters params;
    String source;
    if (resolved.names(field)) {
      rule = resolved.rule(field);
      params = rule.parameters();
      source = "field '" + rule.field() + "'";
    } else {
      FieldRule base = twinBase(resolved, written, field);
      if (base == null) {
        throw usage.apply("policy '" + resolved.name() + "' (mode " + mode + ") has no rule for field '" + field
            + "'; its fields with a transformer other than scrub-text: " + transformedFields(resolved));
      }
      rule = base;
      Parameters.Builder b = Parameters.builder(base.parameters().path());
      for (String n : base.parameters().names()) {
        b.putFrom(base.parameters(), n);
      }
      params = b.put("format", "uint32").build();
      source = "field '" + field + "' (the " + RecordAnonymizer.IP_INTEGER_SUFFIX + " twin of '" + base.field() + "')";
    }
    if (domain != null && rule.action() == FieldRule.Action.TRANSFORM
        && !domain.equalsIgnoreCase(rule.linkageDomain() == null ? "" : rule.linkageDomain())) {
      throw usage.apply("the rule of field '" + rule.field() + "' in policy '" + resolved.name() + "' (mode " + mode
          + ") has " + (rule.linkageDomain() == null ? "no domain" : "domain '" + rule.linkageDomain() + "'")
          + ", not '" + domain + "'; leave --domain out (the policy gives it)");
    }
    if (rule.action() != FieldRule.Action.TRANSFORM) {
      return new PolicyRule(source, rule.action(), null, Parameters.empty(), rule.field(), null, mode,
          resolved.name(), false, List.of(), modes);
    }
    boolean scrub = ScrubTextProvider.NAME.equals(rule.transformer());
    String keyDomain = (rule.linkageDomain() != null ? rule.linkageDomain() : rule.field()).toLowerCase(Locale.ROOT);
    return new PolicyRule(source, rule.action(), rule.transformer(), params, rule.field(), rule.linkageDomain(), mode,
        resolved.name(), !scrub && userDomains.contains(keyDomain), scrub ? handlers(rule) : List.of(), modes);
  }

  private static PolicyRule ofDomain(Policy resolved, String domain, String mode, Set<String> userDomains,
      Set<String> modes, Function<String, ? extends RuntimeException> usage) {
    // transformer + parameters -> where they are given; a field's rule and the scrub-text handlers alike
    Map<List<Object>, Set<String>> kinds = new LinkedHashMap<>();
    List<String> fields = new ArrayList<>();
    Set<String> domains = new TreeSet<>();
    List<FieldRule> rules = new ArrayList<>(resolved.rules());
    rules.add(resolved.defaultRule());
    for (FieldRule r : rules) {
      if (r.action() != FieldRule.Action.TRANSFORM) {
        continue;
      }
      if (ScrubTextProvider.NAME.equals(r.transformer())) { // its handlers: how values inside free text are tokenized
        for (String kind : SCRUB_HANDLERS) {
          if (r.parameters().get(kind) instanceof Parameters h) {
            // review 45: a handler without a domain of its own (its rule's applies) was left out, and --domain
            // decrypted its tokens with another rule, exit 0; with neither, its key is its field's, in no domain
            if (h.getString("domain", null) == null && r.linkageDomain() == null) {
              continue;
            }
            String d = handlerKeyDomain(r, h);
            domains.add(d);
            if (d.equalsIgnoreCase(domain)) {
              kinds.computeIfAbsent(List.of(h.requireString("transformer"), h.getParameters("params")),
                  k -> new LinkedHashSet<>()).add("scrub-text's " + kind + " handler of " + (r.field().equals("*")
                      ? "the default rule" : "field '" + r.field() + "'"));
            }
          }
        }
      } else if (r.linkageDomain() != null) {
        domains.add(r.linkageDomain());
        if (r.linkageDomain().equalsIgnoreCase(domain)) {
          kinds.computeIfAbsent(List.of(r.transformer(), r.parameters()), k -> new LinkedHashSet<>())
              .add("field '" + r.field() + "'");
          fields.add(r.field());
        }
      }
    }
    if (kinds.isEmpty()) {
      throw usage.apply("policy '" + resolved.name() + "' (mode " + mode + ") has no rule or scrub-text handler in "
          + "domain '" + domain + "'; its domains: " + domains);
    }
    if (kinds.size() > 1) {
      StringBuilder what = new StringBuilder();
      for (Map.Entry<List<Object>, Set<String>> e : kinds.entrySet()) {
        what.append(what.length() == 0 ? "" : "; ").append(e.getKey().get(0)).append(" with parameters ")
            .append(((Parameters) e.getKey().get(1)).names()).append(": ").append(String.join(", ", e.getValue()));
      }
      throw usage.apply("the rules of domain '" + domain + "' in policy '" + resolved.name() + "' (mode " + mode
          + ") differ (" + what + "); give --field NAME to choose one"
          + (fields.isEmpty() ? "" : ", of " + fields));
    }
    Map.Entry<List<Object>, Set<String>> only = kinds.entrySet().iterator().next();
    String transformer = (String) only.getKey().get(0);
    return new PolicyRule("domain '" + domain + "'", FieldRule.Action.TRANSFORM, transformer,
        (Parameters) only.getKey().get(1), fields.isEmpty() ? domain : fields.get(0), domain, mode, resolved.name(),
        userDomains.contains(domain.toLowerCase(Locale.ROOT)), List.of(), modes);
  }

  /** The base rule of an IP integer twin ({@code <Field>_u32} of an {@code ipIntegers} field), or null. */
  private static FieldRule twinBase(Policy resolved, Policy written, String field) {
    String suffix = RecordAnonymizer.IP_INTEGER_SUFFIX;
    if (field.length() <= suffix.length() || !field.regionMatches(true, field.length() - suffix.length(), suffix, 0,
        suffix.length())) {
      return null;
    }
    String base = field.substring(0, field.length() - suffix.length());
    for (String f : RecordAnonymizer.ipIntegerFields(written)) {
      if (f.equalsIgnoreCase(base) && resolved.names(f)) {
        FieldRule r = resolved.rule(f);
        if (r.action() == FieldRule.Action.TRANSFORM && CRYPTOPAN.contains(r.transformer())) {
          return r;
        }
      }
    }
    return null;
  }

  /**
   * The key domains (lower case) of the {@code scrub-text} rules' {@code user} handlers, as
   * {@code ScrubTextProvider} derives a handler's: its own domain, else its rule's field. A field tokenized
   * directly in one of them gets its values spelled as user names first (RecordAnonymizer).
   */
  private static Set<String> userDomains(Policy resolved) {
    Set<String> out = new TreeSet<>();
    List<FieldRule> rules = new ArrayList<>(resolved.rules());
    rules.add(resolved.defaultRule());
    for (FieldRule r : rules) {
      if (r.action() == FieldRule.Action.TRANSFORM && ScrubTextProvider.NAME.equals(r.transformer())
          && r.parameters().get("user") instanceof Parameters h) {
        out.add(handlerKeyDomain(r, h));
      }
    }
    return out;
  }

  /**
   * A scrub-text handler's key domain (lower case), as {@code ScrubTextProvider} derives it: its own domain,
   * else its rule's key domain ({@code TransformerContext.keyDomain}: the rule's domain, else its field).
   */
  private static String handlerKeyDomain(FieldRule rule, Parameters handler) {
    String d = handler.getString("domain", null);
    return (d != null ? d : rule.linkageDomain() != null ? rule.linkageDomain() : rule.field()).toLowerCase(Locale.ROOT);
  }

  /** A scrub-text rule's handlers that tokenize: {@code user: ff1 in domain user}. */
  private static List<String> handlers(FieldRule rule) {
    List<String> out = new ArrayList<>();
    for (String kind : SCRUB_HANDLERS) {
      if (rule.parameters().get(kind) instanceof Parameters h && h.has("transformer")) {
        String d = h.getString("domain", null);
        out.add(kind + ": " + h.getString("transformer", "?") + (d == null ? "" : " in domain " + d));
      }
    }
    return out;
  }

  /** The fields whose rule transforms with something else than scrub-text, as the policy writes them. */
  private static List<String> transformedFields(Policy resolved) {
    List<String> out = new ArrayList<>();
    for (FieldRule r : resolved.rules()) {
      if (r.action() == FieldRule.Action.TRANSFORM && !ScrubTextProvider.NAME.equals(r.transformer())) {
        out.add(r.field());
      }
    }
    return out;
  }

  /** Whether two mode names select the same rules ({@code hmac} and {@code default} are the policy as written). */
  static boolean sameMode(String a, String b) {
    return a.equals(b) || (isDefaultMode(a) && isDefaultMode(b));
  }

  private static boolean isDefaultMode(String mode) {
    return mode.equals("hmac") || mode.equals("default");
  }

  /**
   * Why this rule does not reverse with {@code command} (null when it does, as far as the rule tells): kept,
   * dropped, hmac, scrub-text, or a transformer of the other command. Names the field, mode and transformer.
   */
  String notReversibleBy(String command) {
    String where = where();
    if (action == FieldRule.Action.KEEP) {
      return where + " is kept in clear: a run writes its values as they are, there is nothing to reverse";
    }
    if (action == FieldRule.Action.DROP) {
      return where + " is dropped: a run writes none of its values";
    }
    if (transformer.equals("hmac")) {
      return where + " has transformer hmac, which does not reverse: tokenize candidates with 'anonkit hmac "
          + "--policy ...' and compare (docs/reversing.md, what does not reverse)" + modeHint();
    }
    if (transformer.equals(ScrubTextProvider.NAME)) {
      return where + " has transformer scrub-text: its values are free text, tokenized span by span (" + String.join(
          ", ", scrubHandlers) + "); decrypt each span with --domain, e.g. --policy P --domain user for a user name "
          + "(docs/reversing.md)";
    }
    if (command.equals("cryptopan") && !CRYPTOPAN.contains(transformer)) {
      return where + " has transformer " + transformer + ", not ip or cryptopan: use 'anonkit fpe --policy ...'";
    }
    return null;
  }

  /** The rule's place, for messages: {@code field 'Owner' in policy 'htcondor' (mode fpe)}. */
  String where() {
    return source + " in policy '" + policyName + "' (mode " + mode + ")";
  }

  /**
   * Why a {@code scrub-text} rule gives no token of a value as a whole (its spans depend on the run's
   * dictionary), ending with {@code what} to do instead.
   */
  String spanBySpan(String what) {
    return where() + " has transformer scrub-text: a run tokenizes its free text span by span; " + what;
  }

  /** The rule's transformer, keyed from {@code key} as a run creates it (the default registry). */
  Transformer create(MasterKey key) {
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    return registry.create(TransformerContext.builder(transformer).field(field).linkageDomain(domain)
        .parameters(parameters).masterKey(key).registry(registry).build());
  }

  /** A hint when the rule is of the policy as written and the policy has other modes. */
  private String modeHint() {
    if (!isDefaultMode(mode) || modes.isEmpty()) {
      return "";
    }
    return "; a run made with another mode (this policy's: " + modes + ") is reversed with --manifest of that run "
        + "or --mode";
  }
}
