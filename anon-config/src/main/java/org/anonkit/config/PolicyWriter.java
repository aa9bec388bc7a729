package org.anonkit.config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.PolicyException;

/**
 * The canonical JSON text of a {@link Policy}: see {@link PolicyJson#write(Policy)} for the form. Built in
 * two steps: the policy is checked and turned into a small tree ({@link Obj}, lists, strings, numbers,
 * booleans) with the JSON path of every element, refusing what the reader would not give back; the tree is
 * then laid out with a fixed line width. The layout depends on the tree alone, so equal policies give the
 * same characters on every platform.
 *
 * <p>Stateless and thread-safe.
 */
final class PolicyWriter {
  /** The top-level keys {@link PolicyJson} reads itself; any other top-level object is an extension section. */
  static final Set<String> RESERVED = Set.of("name", "version", "redaction", "default", "keep", "drop", "fields");

  /** A line of the layout: objects and lists fit on one line up to here, longer ones are broken. */
  static final int WIDTH = 110;

  // PolicyJson's read constraints (its FACTORY), and jackson's default for keys (50,000 bytes of UTF-8):
  // what the writer would produce beyond them could not be read back
  static final int MAX_DEPTH = 64;
  static final int MAX_STRING = 1 << 20;
  static final int MAX_NAME = 50_000;
  static final long MAX_DOCUMENT = 16L << 20;

  private PolicyWriter() {}

  static String write(Policy policy) {
    Obj root = new Obj(true);
    root.put("name", string(policy.name(), "$.name"));
    root.put("version", 1L);
    root.put("redaction", string(policy.redactionMarker(), "$.redaction"));
    root.put("default", defaultRule(policy.defaultRule()));

    // the reader adds rules in document order: "keep", then "drop", then "fields". The leading run of kept
    // fields goes to "keep", the run of dropped ones after it to "drop", every later rule to "fields" (kept
    // and dropped ones as "keep" and "drop"): the order of Policy.rules() is given back exactly.
    List<FieldRule> rules = policy.rules();
    int i = 0;
    List<Object> keep = new ArrayList<>();
    for (; i < rules.size() && rules.get(i).action() == FieldRule.Action.KEEP; i++) {
      String path = "$.keep[" + keep.size() + "]";
      keep.add(string(bare(rules.get(i), path).field(), path));
    }
    List<Object> drop = new ArrayList<>();
    for (; i < rules.size() && rules.get(i).action() == FieldRule.Action.DROP; i++) {
      String path = "$.drop[" + drop.size() + "]";
      drop.add(string(bare(rules.get(i), path).field(), path));
    }
    if (!keep.isEmpty()) {
      root.put("keep", keep);
    }
    if (!drop.isEmpty()) {
      root.put("drop", drop);
    }
    Obj fields = new Obj(true);
    for (; i < rules.size(); i++) {
      FieldRule r = rules.get(i);
      name(r.field(), "$.fields");
      fields.put(r.field(), rule(r, "$.fields." + r.field(), 3));
    }
    root.put("fields", fields);

    for (String section : policy.extensionNames()) {
      String path = "$." + section;
      if (RESERVED.contains(section)) {
        throw new PolicyException(path, "an extension section cannot be named like a policy key "
            + "(reserved: " + new java.util.TreeSet<>(RESERVED) + "); a policy file could not hold it");
      }
      name(section, "$");
      root.put(section, parameters(policy.extension(section), path, 2));
    }

    StringBuilder out = new StringBuilder(4096);
    layoutObject(out, 0, root);
    out.append('\n');
    long bytes = utf8Length(out);
    if (bytes > MAX_DOCUMENT) {
      throw new PolicyException("$", "the policy's JSON would be " + bytes + " bytes, over the "
          + MAX_DOCUMENT + " a policy file may have");
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- the tree, checked

  /** A JSON object: names in order, and whether it is always broken into lines (policy, fields). */
  static final class Obj {
    final List<String> names = new ArrayList<>();
    final List<Object> values = new ArrayList<>();
    final boolean broken;

    Obj(boolean broken) {
      this.broken = broken;
    }

    void put(String name, Object value) {
      names.add(name);
      values.add(value);
    }
  }

  private static Object defaultRule(FieldRule r) {
    if (!r.field().equals("*")) {
      // the reader names the default rule "*"; another name would come back changed (and Pipeline's policy
      // hash covers it), so refuse rather than alter the policy
      throw new PolicyException("$.default", "the default rule's field must be \"*\" to be written as JSON "
          + "(build it with FieldRule.drop(\"*\") or FieldRule.transform(\"*\", ...))");
    }
    return rule(r, "$.default", 2); // "drop" or a rule object: Policy refuses a default that keeps
  }

  /**
   * A keep or drop rule, which a policy file writes as its field name or action alone: refused should it
   * carry parameters, a linkage domain or an onFailure other than the default (FieldRule's factories make
   * none today; written, they would be lost).
   */
  private static FieldRule bare(FieldRule r, String path) {
    if (!r.parameters().isEmpty() || r.linkageDomain() != null || r.onFailure() != OnFailure.FAIL) {
      throw new PolicyException(path, "a " + r.action().toString().toLowerCase(Locale.ROOT) + " rule with "
          + "parameters, a linkage domain or an onFailure has no JSON form");
    }
    return r;
  }

  /** A rule in "fields" (or the default rule, never KEEP): "keep", "drop" or a rule object at {@code depth}. */
  private static Object rule(FieldRule r, String path, int depth) {
    switch (r.action()) {
      case KEEP:
        bare(r, path);
        return "keep";
      case DROP:
        bare(r, path);
        return "drop";
      default:
        break;
    }
    String transformer = r.transformer();
    if (transformer.equals("keep") || transformer.equals("drop")) {
      throw new PolicyException(path + ".transformer", "a transformer named \"" + transformer + "\" cannot be "
          + "written: a policy file reads it as the " + transformer + " action");
    }
    Obj o = new Obj(false);
    o.put("transformer", string(transformer, path + ".transformer"));
    if (!r.parameters().isEmpty()) {
      o.put("params", parameters(r.parameters(), path + ".params", depth + 1));
    }
    o.put("onFailure", r.onFailure().policyName());
    if (r.linkageDomain() != null) {
      o.put("domain", string(r.linkageDomain(), path + ".domain"));
    }
    return o;
  }

  /** {@code p} as an object at nesting {@code depth} (the policy object is depth 1). */
  private static Obj parameters(Parameters p, String path, int depth) {
    checkDepth(depth, path);
    Obj o = new Obj(false);
    for (String n : p.names()) {
      name(n, path);
      o.put(n, value(p.get(n), path + "." + n, depth));
    }
    return o;
  }

  /** A parameter value inside a container at {@code depth}. */
  private static Object value(Object v, String path, int depth) {
    if (v instanceof String) {
      return string((String) v, path);
    }
    if (v instanceof Long || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Double) {
      double d = (Double) v;
      if (!Double.isFinite(d)) {
        throw new PolicyException(path, "NaN and infinite numbers have no JSON form");
      }
      return v;
    }
    if (v instanceof Parameters) {
      return parameters((Parameters) v, path, depth + 1);
    }
    if (v instanceof List) {
      checkDepth(depth + 1, path);
      List<?> list = (List<?>) v;
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(value(list.get(i), path + "[" + i + "]", depth + 1));
      }
      return out;
    }
    // Parameters holds no other type today; fail closed should that change
    throw new PolicyException(path, "a value of type " + (v == null ? "null" : v.getClass().getName())
        + " has no JSON form");
  }

  private static void checkDepth(int depth, String path) {
    if (depth > MAX_DEPTH) {
      throw new PolicyException(path, "nested deeper than the " + MAX_DEPTH + " levels a policy file may have");
    }
  }

  private static String string(String s, String path) {
    if (s.length() > MAX_STRING) {
      throw new PolicyException(path, "a string of " + s.length() + " characters, over the " + MAX_STRING
          + " a policy file may have");
    }
    return s;
  }

  /**
   * Checks a key of the object at {@code parent} (the error names the parent: the key is what is wrong). The
   * reader counts a key's length in UTF-8 bytes, and cannot read an escaped unpaired surrogate in a key
   * (in a string value it can).
   */
  private static void name(String s, String parent) {
    long bytes = utf8Length(s);
    if (bytes > MAX_NAME) {
      throw new PolicyException(parent, "a key of " + bytes + " bytes in UTF-8, over the " + MAX_NAME
          + " a policy file may have");
    }
    for (int i = 0; i < s.length(); i++) {
      if (unpairedSurrogate(s, i)) {
        throw new PolicyException(parent, "a key holds an unpaired surrogate (half of a UTF-16 pair, no "
            + "character) at index " + i + ": a policy file cannot hold it");
      }
    }
  }

  // ---------------------------------------------------------------- layout

  private static void layoutObject(StringBuilder out, int indent, Obj o) {
    if (o.names.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append("{\n");
    for (int i = 0; i < o.names.size(); i++) {
      indent(out, indent + 2);
      int start = out.length();
      appendString(out, o.names.get(i));
      out.append(": ");
      int column = indent + 2 + (out.length() - start);
      boolean last = i == o.names.size() - 1;
      layoutValue(out, indent + 2, column, o.values.get(i), last ? 0 : 1);
      out.append(last ? "\n" : ",\n");
    }
    indent(out, indent);
    out.append('}');
  }

  /**
   * Appends {@code v} whose first character goes to {@code column} of a line indented by {@code indent},
   * followed by {@code tail} more characters (a comma): on the line when it fits in {@link #WIDTH}, broken
   * into lines otherwise.
   */
  private static void layoutValue(StringBuilder out, int indent, int column, Object v, int tail) {
    boolean broken = v instanceof Obj && ((Obj) v).broken;
    if (!broken && (!(v instanceof Obj || v instanceof List) || fits(v, WIDTH - column - tail))) {
      compact(out, v);
    } else if (v instanceof Obj) {
      layoutObject(out, indent, (Obj) v);
    } else {
      layoutList(out, indent, (List<?>) v);
    }
  }

  /** A list too long for its line: scalars filled into lines, anything else one element per line. */
  private static void layoutList(StringBuilder out, int indent, List<?> list) {
    boolean scalars = true;
    for (Object e : list) {
      scalars &= !(e instanceof Obj || e instanceof List);
    }
    out.append("[\n");
    indent(out, indent + 2);
    int lineStart = out.length() - indent - 2;
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      boolean last = i == list.size() - 1;
      if (scalars) {
        int before = out.length();
        compact(out, e);
        int end = out.length() + (last ? 0 : 1);
        if (end - lineStart > WIDTH && before - lineStart > indent + 2) { // wrap, unless first on its line
          String item = out.substring(before);
          out.setLength(before - 1); // the blank after the previous comma
          out.append('\n');
          lineStart = out.length();
          indent(out, indent + 2);
          out.append(item);
        }
        out.append(last ? "" : ", ");
      } else {
        layoutValue(out, indent + 2, indent + 2, e, last ? 0 : 1);
        if (!last) {
          out.append(",\n");
          indent(out, indent + 2);
        }
      }
    }
    out.append('\n');
    indent(out, indent);
    out.append(']');
  }

  /** Whether {@code v} written on one line takes at most {@code budget} characters (stops early). */
  private static boolean fits(Object v, int budget) {
    return budget >= 0 && compactLength(v, budget) <= budget;
  }

  /** The one-line length of {@code v}, or some number over {@code budget} once it is known to exceed it. */
  private static int compactLength(Object v, int budget) {
    if (v instanceof Obj) {
      Obj o = (Obj) v;
      int n = 2;
      for (int i = 0; i < o.names.size() && n <= budget; i++) {
        n += (i == 0 ? 0 : 2) + quotedLength(o.names.get(i)) + 2;
        n += compactLength(o.values.get(i), budget - n);
      }
      return n;
    }
    if (v instanceof List) {
      List<?> list = (List<?>) v;
      int n = 2;
      for (int i = 0; i < list.size() && n <= budget; i++) {
        n += (i == 0 ? 0 : 2) + compactLength(list.get(i), budget - n);
      }
      return n;
    }
    if (v instanceof String) {
      return quotedLength((String) v);
    }
    return scalar(v).length();
  }

  private static void compact(StringBuilder out, Object v) {
    if (v instanceof Obj) {
      Obj o = (Obj) v;
      out.append('{');
      for (int i = 0; i < o.names.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        appendString(out, o.names.get(i));
        out.append(": ");
        compact(out, o.values.get(i));
      }
      out.append('}');
    } else if (v instanceof List) {
      List<?> list = (List<?>) v;
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        compact(out, list.get(i));
      }
      out.append(']');
    } else if (v instanceof String) {
      appendString(out, (String) v);
    } else {
      out.append(scalar(v));
    }
  }

  private static String scalar(Object v) {
    if (v instanceof Double) {
      return number((Double) v);
    }
    return v.toString(); // Long, Boolean: locale-free
  }

  private static void indent(StringBuilder out, int n) {
    for (int i = 0; i < n; i++) {
      out.append(' ');
    }
  }

  // ---------------------------------------------------------------- strings and numbers

  /**
   * {@code s} as a JSON string: quote, backslash and the control characters U+0000..U+001F escaped
   * (the usual short forms where JSON has them, else backslash-u and four lowercase hex digits), and so are
   * unpaired surrogates, which UTF-8 cannot encode; everything else as it is.
   */
  static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || unpairedSurrogate(s, i)) {
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
                .append(HEX[c & 15]);
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static boolean unpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  /** The length of {@link #appendString}'s output for {@code s}. */
  private static int quotedLength(String s) {
    int n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
        n += 2;
      } else if (c < 0x20 || unpairedSurrogate(s, i)) {
        n += 6;
      } else {
        n++;
      }
    }
    return n;
  }

  /**
   * A finite double as the fewest significant digits (at most 17) that read back as the same double, found
   * with {@link BigDecimal} and {@link Double#parseDouble} (both exactly specified, unlike
   * {@code Double.toString}, whose digits changed in JDK 19): plain for magnitudes in [1e-3, 1e7), else
   * {@code d.dddE[-]n}; always with a '.' (and an exponent where needed) so that it reads back as a double,
   * not an integer; {@code -0.0} keeps its sign.
   */
  static String number(double d) {
    if (d == 0) {
      return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int digits = 1; digits <= 17; digits++) {
      BigDecimal r = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(r.toString()) == d) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale(); // of the first digit
    StringBuilder sb = new StringBuilder(digits.length() + 8);
    if (d < 0) {
      sb.append('-');
    }
    if (exponent >= -3 && exponent < 7) {
      if (exponent < 0) {
        sb.append("0.");
        for (int i = -1; i > exponent; i--) {
          sb.append('0');
        }
        sb.append(digits);
      } else {
        int whole = exponent + 1;
        if (digits.length() <= whole) {
          sb.append(digits);
          for (int i = digits.length(); i < whole; i++) {
            sb.append('0');
          }
          sb.append(".0");
        } else {
          sb.append(digits, 0, whole).append('.').append(digits, whole, digits.length());
        }
      }
    } else {
      sb.append(digits.charAt(0)).append('.');
      sb.append(digits.length() > 1 ? digits.substring(1) : "0");
      sb.append('E').append(exponent);
    }
    return sb.toString();
  }

  /** The UTF-8 length of {@code s}, a pair of surrogates taking 4 bytes and an unpaired one 3. */
  private static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
