package org.anonkit.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import org.anonkit.pipeline.scrub.ScrubTextProvider;

/**
 * Turns a policy file into the policy a run compiles, through three pipeline extension sections:
 *
 * <ul>
 *   <li>{@code "modes": {"fpe": {"fields": {...}, "scrub": {...}}, ...}}: a named mode ({@code --mode})
 *       replaces the rules of the fields it lists (same syntax as the policy's {@code fields}:
 *       {@code "keep"}, {@code "drop"}, a transformer name or a rule object) and the {@code scrub}
 *       section's entries it lists. The policy's own rules are the default mode.
 *   <li>{@code "scrub": {...}}: parameters merged into every {@code scrub-text} rule (the rule's own
 *       parameters win), so the handlers that tie text to the identity fields are written once.
 *   <li>{@code "dictionary": {"fields": [...], "minLength": 3, "imageNamespaces": true}}: the identity
 *       fields whose values (user names; the local part of e-mail addresses; the {@code UID:} of DNs)
 *       are collected in a first pass and given to every {@code scrub-text} rule as its {@code names};
 *       with them, unless {@code imageNamespaces} is false, the namespaces that the container image
 *       fields' rules ({@code scrub-text} with {@code imageReferences}) replace (see
 *       {@link ScrubDictionary}).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class PolicyModes {
  private PolicyModes() {}

  /**
   * Applies mode {@code mode} (null: the policy as written) and merges the scrub section and the
   * dictionary into every scrub-text rule.
   */
  static Policy prepare(Policy policy, String mode, Collection<String> dictionary) {
    Parameters modes = policy.extension("modes");
    Parameters override = Parameters.builder("$.modes").build();
    if (mode != null && modes.has(mode)) {
      override = modes.getParameters(mode);
      override.requireOnly("mode '" + mode + "'", "fields", "scrub", "default");
    } else if (mode != null && !isDefaultModeName(mode)) {
      throw new PolicyException("$.modes", "policy '" + policy.name() + "' has no mode '" + mode
          + "'; available: hmac (the policy as written), " + new TreeSet<>(modes.names()));
    }
    Parameters fieldOverrides = override.getParameters("fields");
    Parameters scrub = merge(policy.extension("scrub"), override.getParameters("scrub"));
    List<String> names = new ArrayList<>(new TreeSet<>(dictionary));

    Policy.Builder b = Policy.builder().name(policy.name()).redactionMarker(policy.redactionMarker());
    for (FieldRule r : policy.rules()) {
      FieldRule rule = r;
      for (String f : fieldOverrides.names()) {
        if (f.equalsIgnoreCase(r.field())) {
          rule = parseRule(f, fieldOverrides.get(f), fieldOverrides.pathOf(f));
        }
      }
      b.rule(withScrub(rule, scrub, names));
    }
    for (String f : fieldOverrides.names()) {
      if (!policy.names(f)) {
        b.rule(withScrub(parseRule(f, fieldOverrides.get(f), fieldOverrides.pathOf(f)), scrub, names));
      }
    }
    FieldRule d = override.has("default")
        ? parseRule("*", override.get("default"), override.pathOf("default"))
        : policy.defaultRule();
    b.defaultRule(withScrub(d, scrub, names));
    for (String ext : policy.extensionNames()) {
      b.extension(ext, policy.extension(ext));
    }
    return b.build();
  }

  private static boolean isDefaultModeName(String mode) {
    return mode.equals("hmac") || mode.equals("default");
  }

  private static FieldRule withScrub(FieldRule rule, Parameters scrub, List<String> names) {
    if (rule.action() != FieldRule.Action.TRANSFORM || !ScrubTextProvider.NAME.equals(rule.transformer())) {
      return rule;
    }
    Parameters merged = merge(scrub, rule.parameters());
    if (!names.isEmpty() && !merged.has("names")) {
      merged = copy(merged).put("names", names).build();
    }
    return FieldRule.transform(rule.field(), rule.transformer()).parameters(merged).onFailure(rule.onFailure())
        .linkageDomain(rule.linkageDomain()).path(rule.path()).build();
  }

  /** {@code base} with {@code top}'s entries replacing or adding to it, keeping {@code top}'s path. */
  private static Parameters merge(Parameters base, Parameters top) {
    if (base.isEmpty()) {
      return top;
    }
    Parameters.Builder b = Parameters.builder(top.path());
    for (String n : top.names()) {
      b.putFrom(top, n);
    }
    for (String n : base.names()) {
      if (!top.has(n)) {
        b.putFrom(base, n);
      }
    }
    return b.build();
  }

  private static Parameters.Builder copy(Parameters p) {
    Parameters.Builder b = Parameters.builder(p.path());
    for (String n : p.names()) {
      b.putFrom(p, n);
    }
    return b;
  }

  /** Parses a rule written as in the policy's {@code fields}: a string or a rule object. */
  static FieldRule parseRule(String field, Object spec, String path) {
    if (spec instanceof String) {
      String s = (String) spec;
      if (s.equals("keep")) {
        if (field.equals("*")) {
          throw new PolicyException(path, "the default rule cannot keep fields in clear (fail-closed)");
        }
        return FieldRule.keep(field);
      }
      if (s.equals("drop")) {
        return FieldRule.drop(field);
      }
      return FieldRule.transform(field, s).parameters(Parameters.builder(path + ".params").build()).path(path).build();
    }
    if (!(spec instanceof Parameters)) {
      throw new PolicyException(path, "expected \"keep\", \"drop\", a transformer name or a rule object");
    }
    Parameters p = (Parameters) spec;
    p.requireOnly("a field rule", "transformer", "params", "onFailure", "domain");
    String t = p.requireString("transformer");
    if (t.equals("keep") || t.equals("drop")) {
      return parseRule(field, t, path);
    }
    String of = p.getChoice("onFailure", "fail", "fail", "redact", "drop");
    return FieldRule.transform(field, t)
        .parameters(p.getParameters("params")) // empty with its path when absent
        .onFailure(OnFailure.fromPolicyName(of))
        .linkageDomain(p.getString("domain", null))
        .path(path)
        .build();
  }

  /** The dictionary section's fields (lower-cased) and minimum name length. */
  static List<String> dictionaryFields(Policy policy) {
    List<String> out = new ArrayList<>();
    for (String f : policy.extension("dictionary").getStringList("fields")) {
      out.add(f.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /**
   * The user names an identity value contributes to the dictionary: the value itself for a plain name, the
   * local part of an e-mail address (its user, {@code jdoe}, in a sub-address {@code jdoe+alerts@...}), the
   * {@code UID:} and {@code UID=} parts and the full-name CNs of a DN, in the slash form or RFC 4514's comma
   * form ({@code CN=Jane Doe,OU=People,DC=org}, keys in any case); each canonical
   * ({@link ScrubTextProvider#foldName}), kept when long enough, made of name characters (letters and
   * digits of any script, combining marks, '.', '_', '-', space) and not a system account
   * ({@link #SYSTEM_ACCOUNTS}).
   */
  static void namesFrom(String value, Collection<String> out, int minLength) {
    if (value == null || value.isEmpty()) {
      return;
    }
    if (value.startsWith("/") || value.indexOf('=') >= 0) { // a DN (or an FQAN list holding one)
      // full names: the CN values other than UID:x and serials, in the slash form (/CN=Jane Doe) and RFC 4514's
      // comma form (CN=Jane Doe,OU=People; cn = Jane Doe, dc=org; CN="Doe, Jane"; CN=Doe\, Jane): a CN key in any
      // case at the value's start or after '/', ',', ';' or '+' and any spaces or tabs, blanks around its '='; the
      // value up to an unescaped '/', ',', ';', '+' or '"' outside its quotes, escapes undone; "Doe, Jane" is
      // collected as "Jane Doe", as free text finds it written either way (review 38: such names were missed)
      for (int c = 0; (c = indexOfIgnoreCase(value, "CN", c)) >= 0; c += 2) {
        int eq = c + 2;
        while (eq < value.length() && (value.charAt(eq) == ' ' || value.charAt(eq) == '\t')) {
          eq++;
        }
        if (!startsRdn(value, c) || eq >= value.length() || value.charAt(eq) != '=') {
          continue;
        }
        int vs = eq + 1;
        while (vs < value.length() && (value.charAt(vs) == ' ' || value.charAt(vs) == '\t')) {
          vs++;
        }
        String cn = rdnText(value, vs).trim();
        if (cn.startsWith("UID:") || cn.isEmpty() || cn.chars().allMatch(Character::isDigit)) {
          continue;
        }
        int comma = cn.indexOf(',');
        if (comma > 0 && comma == cn.lastIndexOf(',')) { // last name first: "Doe, Jane"
          cn = cn.substring(comma + 1).trim() + " " + cn.substring(0, comma).trim();
        }
        add(cn, out, minLength);
      }
      // user names: after UID: or UID= (a CN's UID:jdoe, a UID RDN, a damaged O=FUID:jdoe); in lower or mixed
      // case (uid=jdoe) only where a key starts
      int i = 0;
      while ((i = indexOfIgnoreCase(value, "UID", i)) >= 0) {
        int s = i + 3;
        boolean key = value.startsWith("UID", i) || i == 0 || !Character.isLetter(value.charAt(i - 1));
        while (key && s < value.length() && (value.charAt(s) == ' ' || value.charAt(s) == '\t')) {
          s++; // uid = jdoe
        }
        if (key && s < value.length() && (value.charAt(s) == ':' || value.charAt(s) == '=')) {
          while (s + 1 < value.length() && (value.charAt(s + 1) == ' ' || value.charAt(s + 1) == '\t')) {
            s++;
          }
          int e = s + 1;
          while (e < value.length() && "/,;+\" ".indexOf(value.charAt(e)) < 0) {
            e++;
          }
          add(value.substring(s + 1, e), out, minLength);
        }
        i = s;
      }
      return;
    }
    int at = value.indexOf('@');
    String name = at > 0 ? value.substring(0, at) : value;
    int slash = at > 0 ? name.indexOf('/') : -1;
    if (slash > 0) { // a Kerberos principal with an instance, jdoe/cron/host@REALM: its primary (review 43)
      name = name.substring(0, slash);
    }
    int plus = at > 0 ? name.indexOf('+') : -1;
    if (plus > 0) { // a sub-address, jdoe+alerts@...: the mailbox's user (RFC 5233)
      name = name.substring(0, plus);
    }
    add(name, out, minLength);
  }

  /**
   * The text of a DN value starting at {@code i}: a quoted part (its quotes removed), then up to an unescaped
   * '/', ',', ';', '+' or '"'; a backslash escape gives the character after it, or the byte its two hex digits
   * name ({@code \20}, RFC 4514), read as Latin-1 (a name's multi-byte UTF-8 escapes are rare; they fail the
   * name test and add nothing).
   */
  private static String rdnText(String v, int i) {
    StringBuilder b = new StringBuilder();
    int n = v.length();
    boolean quoted = i < n && v.charAt(i) == '"';
    if (quoted) {
      i++;
    }
    while (i < n) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < n) {
        if (i + 2 < n && Character.digit(v.charAt(i + 1), 16) >= 0 && Character.digit(v.charAt(i + 2), 16) >= 0) {
          b.append((char) Integer.parseInt(v.substring(i + 1, i + 3), 16));
          i += 3;
        } else {
          b.append(v.charAt(i + 1));
          i += 2;
        }
        continue;
      }
      if (quoted) {
        if (c == '"') {
          quoted = false;
        } else {
          b.append(c);
        }
        i++;
        continue;
      }
      if ("/,;+\"".indexOf(c) >= 0) {
        break;
      }
      b.append(c);
      i++;
    }
    return b.toString();
  }

  private static int indexOfIgnoreCase(String s, String what, int from) {
    for (int i = Math.max(from, 0); i + what.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, what, 0, what.length())) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the key at {@code k} starts an RDN: at the start, or after '/', ',', ';' or '+' and spaces or tabs. */
  private static boolean startsRdn(String s, int k) {
    int i = k;
    while (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
      i--;
    }
    return i == 0 || "/,;+".indexOf(s.charAt(i - 1)) >= 0;
  }

  /** Adds {@code name} as the dictionary keeps names: canonical, long enough, name characters, no system account. */
  static void addName(String name, Collection<String> out, int minLength) {
    add(name, out, minLength);
  }

  private static void add(String name, Collection<String> out, int minLength) {
    String n = ScrubTextProvider.foldName(name.trim());
    if (n.length() >= minLength && n.codePoints().allMatch(PolicyModes::isNameChar) && !SYSTEM_ACCOUNTS.contains(n)) {
      out.add(n);
    }
  }

  /**
   * Unix system accounts, which identify no person and are common words of job ads' free text and paths
   * ({@code Condor failed}, {@code /var/lib/condor}, {@code nobody}, {@code /usr/bin}): an identity field
   * holding one (a token subject {@code condor@pool}, a {@code RemoteUser} {@code nobody@domain}, an Owner
   * {@code root}) still gets its token there, but the name is no dictionary word.
   */
  static final java.util.Set<String> SYSTEM_ACCOUNTS = java.util.Set.of("root", "condor", "nobody", "daemon", "bin",
      "sys", "adm");

  /**
   * Whether a code point may occur in a collected name: a letter or digit of any script, a combining
   * mark (accents written apart, the vowel signs of Indic scripts), '.', '_', '-', a space or an apostrophe
   * ({@code '} or U+2019: {@code Sean O'Neil}, {@code o'brien@x.org}; review 45 found such names left out of
   * the dictionary, and so in clear wherever free text wrote them).
   */
  private static boolean isNameChar(int c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == '-' || c == ' ' || c == '\'';
    }
    if (c == 0x2019) {
      return true;
    }
    if (Character.isLetterOrDigit(c)) {
      return true;
    }
    int t = Character.getType(c);
    return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK;
  }


}
