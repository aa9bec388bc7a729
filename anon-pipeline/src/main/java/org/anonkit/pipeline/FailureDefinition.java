package org.anonkit.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.anonkit.PolicyException;

/**
 * What counts as a failed job: the one place the failure statistics take it from. A definition is a
 * small boolean expression over a record's clear fields (evaluated before anonymization, on fields the
 * policy keeps anyway: status and exit codes).
 *
 * <h2>Presets</h2>
 * <table>
 *   <caption>named failure definitions</caption>
 *   <tr><th>name</th><th>expression</th><th>meaning</th></tr>
 *   <tr><td>{@code exit}</td><td>{@value #EXIT}</td><td>the job ended with a non-zero exit code or was
 *       killed by a signal (the default)</td></tr>
 *   <tr><td>{@code status}</td><td>{@value #STATUS}</td><td>the job was removed (3) or is held (5)</td></tr>
 *   <tr><td>{@code fifemon}</td><td>{@value #FIFEMON}</td><td>the job started but never completed, the
 *       definition Fermilab's FIFEmon job dumps use</td></tr>
 * </table>
 *
 * <h2>Expression language</h2>
 * {@code expr := or; or := and ("||" and)*; and := unary ("&&" unary)*; unary := "!" unary | "(" or ")" |
 * comparison; comparison := FIELD (("=="|"!="|"<"|"<="|">"|">=") literal | "in" "(" literal ("," literal)* ")")
 * | "defined" "(" FIELD ")"}; literals are numbers, {@code "strings"}, {@code true}, {@code false}. Field
 * names are case-insensitive. A comparison with a missing field is false (ClassAd's undefined), so
 * {@code ExitCode != 0} does not count a job that has no exit code; numbers compare numerically,
 * booleans and strings case-insensitively.
 *
 * <p>Immutable and thread-safe.
 */
public final class FailureDefinition {
  /** Preset {@code exit}. */
  public static final String EXIT = "ExitCode != 0 || ExitBySignal == true";
  /** Preset {@code status}. */
  public static final String STATUS = "JobStatus == 3 || JobStatus == 5";
  /** Preset {@code fifemon}. */
  public static final String FIFEMON = "NumJobStarts > 0 && NumJobCompletions == 0";

  private static final Map<String, String> PRESETS = Map.of("exit", EXIT, "status", STATUS, "fifemon", FIFEMON);

  private final String name;
  private final String expression;
  private final Node root;
  private final List<String> fields;

  private FailureDefinition(String name, String expression) {
    this.name = name;
    this.expression = expression;
    Parser p = new Parser(expression);
    this.root = p.parse();
    this.fields = List.copyOf(p.fields);
  }

  /**
   * A preset ({@code exit}, {@code status}, {@code fifemon}) or, for anything else, a custom expression.
   *
   * @throws PolicyException if the expression does not parse (the message gives the position)
   */
  public static FailureDefinition of(String presetOrExpression) {
    Objects.requireNonNull(presetOrExpression, "presetOrExpression");
    String preset = PRESETS.get(presetOrExpression.trim().toLowerCase(Locale.ROOT));
    return preset != null
        ? new FailureDefinition(presetOrExpression.trim().toLowerCase(Locale.ROOT), preset)
        : new FailureDefinition("custom", presetOrExpression);
  }

  /** The preset names. */
  public static List<String> presets() {
    return List.of("exit", "status", "fifemon");
  }

  /** The preset name, or {@code custom}. */
  public String name() {
    return name;
  }

  public String expression() {
    return expression;
  }

  /** The fields the expression reads, lower-cased. */
  public List<String> fields() {
    return fields;
  }

  /**
   * Evaluates the definition on one record.
   *
   * @param field the record's clear value of a field by lower-cased name, or {@code null} when absent
   */
  public boolean failed(Function<String, String> field) {
    return root.eval(field);
  }

  @Override
  public String toString() {
    return "FailureDefinition{" + name + ": " + expression + "}";
  }

  // ---- expression tree ----

  private interface Node {
    boolean eval(Function<String, String> f);
  }

  private static final class Cmp implements Node {
    final String field;
    final String op;
    final List<String> literals;

    Cmp(String field, String op, List<String> literals) {
      this.field = field;
      this.op = op;
      this.literals = literals;
    }

    @Override
    public boolean eval(Function<String, String> f) {
      String v = f.apply(field);
      if (op.equals("defined")) {
        return v != null && !v.equals("undefined");
      }
      if (v == null || v.equals("undefined")) {
        return false;
      }
      if (op.equals("in")) {
        for (String lit : literals) {
          if (compare(v, lit) == 0) {
            return true;
          }
        }
        return false;
      }
      int c = compare(v, literals.get(0));
      switch (op) {
        case "==":
          return c == 0;
        case "!=":
          return c != 0;
        case "<":
          return c < 0 && c != Integer.MIN_VALUE;
        case "<=":
          return c <= 0 && c != Integer.MIN_VALUE;
        case ">":
          return c > 0 && c != Integer.MAX_VALUE;
        default:
          return c >= 0 && c != Integer.MAX_VALUE;
      }
    }

    /** Numeric when both parse as numbers; else case-insensitive text (ordering only for numbers). */
    private static int compare(String v, String lit) {
      Double a = number(v);
      Double b = number(lit);
      if (a != null && b != null) {
        return Double.compare(a, b);
      }
      // booleans as written by the different formats
      if (v.equalsIgnoreCase(lit)) {
        return 0;
      }
      return Integer.MAX_VALUE; // not equal, not ordered: "<", ">" false
    }

    private static Double number(String s) {
      if (s.isEmpty()) {
        return null;
      }
      char c = s.charAt(0);
      if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
        return null;
      }
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  private static final class Parser {
    private final String s;
    private int pos;
    final List<String> fields = new ArrayList<>();

    Parser(String s) {
      this.s = s;
    }

    Node parse() {
      Node n = or();
      skip();
      if (pos != s.length()) {
        throw error("unexpected text");
      }
      return n;
    }

    private PolicyException error(String what) {
      return new PolicyException("$.failures.definition", what + " at position " + pos
          + " of the failure expression; grammar: FIELD op literal, &&, ||, !, (), in (...), defined(FIELD)");
    }

    private void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private boolean eat(String tok) {
      skip();
      if (s.startsWith(tok, pos)) {
        pos += tok.length();
        return true;
      }
      return false;
    }

    private Node or() {
      Node left = and();
      while (eat("||")) {
        Node l = left;
        Node r = and();
        left = f -> l.eval(f) || r.eval(f);
      }
      return left;
    }

    private Node and() {
      Node left = unary();
      while (eat("&&")) {
        Node l = left;
        Node r = unary();
        left = f -> l.eval(f) && r.eval(f);
      }
      return left;
    }

    private Node unary() {
      skip();
      if (pos < s.length() && s.charAt(pos) == '!' && !s.startsWith("!=", pos)) {
        pos++;
        Node n = unary();
        return f -> !n.eval(f);
      }
      if (eat("(")) {
        Node n = or();
        if (!eat(")")) {
          throw error("expected ')'");
        }
        return n;
      }
      String field = identifier();
      if (field.equalsIgnoreCase("defined") && eat("(")) {
        String fld = identifier().toLowerCase(Locale.ROOT);
        if (!eat(")")) {
          throw error("expected ')'");
        }
        fields.add(fld);
        return new Cmp(fld, "defined", List.of());
      }
      String lower = field.toLowerCase(Locale.ROOT);
      fields.add(lower);
      skip();
      for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
        if (eat(op)) {
          return new Cmp(lower, op, List.of(literal()));
        }
      }
      if (eat("in")) {
        if (!eat("(")) {
          throw error("expected '(' after in");
        }
        List<String> lits = new ArrayList<>();
        do {
          lits.add(literal());
        } while (eat(","));
        if (!eat(")")) {
          throw error("expected ')'");
        }
        return new Cmp(lower, "in", List.copyOf(lits));
      }
      throw error("expected a comparison operator");
    }

    private String identifier() {
      skip();
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
          || s.charAt(pos) == '.')) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a field name");
      }
      return s.substring(start, pos);
    }

    private String literal() {
      skip();
      if (pos < s.length() && s.charAt(pos) == '"') {
        int end = s.indexOf('"', pos + 1);
        if (end < 0) {
          throw error("unterminated string");
        }
        String v = s.substring(pos + 1, end);
        pos = end + 1;
        return v;
      }
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "+-.".indexOf(s.charAt(pos)) >= 0)) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a literal");
      }
      return s.substring(start, pos);
    }
  }
}
