package org.anonkit.pipeline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
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
 * {@code ExitCode != 0} does not count a job that has no exit code; numbers (decimal, as JSON and ClassAds
 * write them) compare numerically and exactly, whatever their size, booleans and strings
 * case-insensitively.
 *
 * <p>A literal compared with a field the policy does not keep in clear ({@code Owner != "produser"}) is a
 * clear value of that field: {@link #expression(Predicate)} gives the expression with such literals
 * redacted, for outputs that may be shared.
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
  private final String canonical;
  /** Per literal: the field it is compared with (lower-cased), its start and end in the expression. */
  private final List<Object[]> literals;

  private FailureDefinition(String name, String expression) {
    this.name = name;
    this.expression = expression;
    Parser p = new Parser(expression);
    this.root = p.parse();
    this.canonical = fixedPoint(outermost(root.canonical()));
    this.fields = List.copyOf(p.fields);
    this.literals = List.copyOf(p.literals);
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

  /** The expression as given (it may hold clear values: see {@link #expression(Predicate)}). */
  public String expression() {
    return expression;
  }

  /**
   * The expression with every literal compared with a field that {@code keptInClear} rejects replaced by
   * {@value #REDACTED_LITERAL}: what outputs that may be shared record, since such a literal
   * ({@code Owner != "produser"}) is a clear value of a field the policy anonymizes.
   *
   * @param keptInClear whether a field (lower-cased name) is written in clear
   */
  public String expression(Predicate<String> keptInClear) {
    return expression((field, literal) -> keptInClear.test(field));
  }

  /**
   * As {@link #expression(Predicate)}, for a policy whose kept fields keep only some values in clear:
   * {@code keptInClear} is given the field (lower-cased name) and the literal's source text
   * ({@code "produser"} with its quotes, {@code 0}).
   */
  public String expression(java.util.function.BiPredicate<String, String> keptInClear) {
    StringBuilder b = new StringBuilder(expression.length());
    int at = 0;
    for (Object[] lit : literals) {
      if (!keptInClear.test((String) lit[0], expression.substring((int) lit[1], (int) lit[2]))) {
        b.append(expression, at, (int) lit[1]).append(REDACTED_LITERAL);
        at = (int) lit[2];
      }
    }
    return b.append(expression, at, expression.length()).toString();
  }

  /**
   * The definition's canonical text: one text for every spelling of the same expression, so that whoever
   * keys something by the definition (the DP release's failed-count noise) treats {@code exit} and
   * {@code exitcode!=0.0 || (ExitBySignal == TRUE)} as the same definition. Field names in lower case; a
   * literal that is a number as its value ({@code 0}, {@code 0.0}, {@code "0"} and {@code -0} read as
   * {@code 0}, {@code 100} and {@code 1e2} as {@code 1E+2}), any other in quotes and case-folded, as
   * comparisons treat them; {@code in} lists sorted without repeats (one literal: {@code ==}); the operands of
   * each run of {@code ||} or {@code &&} sorted without repeats, nested runs of the same operator merged,
   * parentheses around every inner run; {@code !!x} as {@code x}; in a run of {@code ||}, the {@code ==} and
   * {@code in} comparisons of one field as one {@code in} list ({@code a == 1 || a == 2} and
   * {@code a in (1, 2)} are one text); the result read again until it no longer changes (a run that
   * collapses to one operand merges into the enclosing run). Two texts that differ denote different
   * expressions as written, though they may still agree on every record ({@code a != 1 && a != 2} and
   * {@code !(a in (1, 2))} differ where the field is absent and are two texts; {@code a > 1 || a == 2} and
   * {@code a > 1} agree everywhere and are two texts too). Like {@link #expression()}, it may hold clear values.
   */
  public String canonical() {
    return canonical;
  }

  /** No parentheses round it all: only a run's text starts with '(', and then they enclose all of it. */
  private static String outermost(String c) {
    return c.startsWith("(") ? c.substring(1, c.length() - 1) : c;
  }

  /**
   * The canonical text read again until it no longer changes (review 47): a run that collapses to one
   * operand ({@code (a || b) && (b || a)}) or a double negation ({@code !!(a || b)}) yields the text of an
   * inner run, which merges into the enclosing run of its operator only when read again. A canonical text
   * reads back as the same expression (its literals are numbers or quoted texts without quotes, its fields
   * lower-cased, as comparisons read them), so each round keeps the definition; it shrinks or stays, and
   * after 16 rounds (never reached by the texts tested) it is kept as it is.
   */
  private static String fixedPoint(String c) {
    for (int round = 0; round < 16; round++) {
      String next = outermost(new Parser(c).parse().canonical());
      if (next.equals(c)) {
        break;
      }
      c = next;
    }
    return c;
  }

  /** What {@link #expression(Predicate)} writes for a literal compared with an anonymized field. */
  public static final String REDACTED_LITERAL = "\"[redacted]\"";

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
    return "FailureDefinition{" + name + ": " + expression(f -> false) + "}"; // literals may be clear values
  }

  // ---- expression tree ----

  private interface Node {
    boolean eval(Function<String, String> f);

    /** The canonical text ({@link FailureDefinition#canonical()}); an inner run of || or && in parentheses. */
    String canonical();
  }

  /** A run of {@code ||} ({@code or}) or {@code &&}, evaluated left to right with short circuit. */
  private static final class Junction implements Node {
    final boolean or;
    final List<Node> operands;

    Junction(boolean or, List<Node> operands) {
      this.or = or;
      this.operands = List.copyOf(operands);
    }

    @Override
    public boolean eval(Function<String, String> f) {
      for (Node n : operands) {
        if (n.eval(f) == or) {
          return or;
        }
      }
      return !or;
    }

    @Override
    public String canonical() {
      java.util.Set<String> texts = texts();
      String inner = String.join(or ? " || " : " && ", texts);
      return texts.size() == 1 ? inner : "(" + inner + ")"; // a || a is a
    }

    /**
     * The operands' canonical texts, sorted, without repeats; in a run of {@code ||} the {@code ==} and
     * {@code in} comparisons of one field as one {@code in} list ({@code a == 1 || a == 2} is
     * {@code a in (1, 2)}: both hold exactly when the field is present and equal to one of the literals).
     */
    private java.util.Set<String> texts() {
      java.util.Set<String> texts = new java.util.TreeSet<>();
      java.util.Map<String, java.util.TreeSet<String>> equalTo = new java.util.TreeMap<>();
      collect(texts, equalTo);
      equalTo.forEach((field, lits) -> texts.add(Cmp.text(field, "in", lits)));
      return texts;
    }

    /** The canonical texts of the operands, those of nested runs of the same operator merged in. */
    private void collect(java.util.Set<String> texts, java.util.Map<String, java.util.TreeSet<String>> equalTo) {
      for (Node n : operands) {
        if (n instanceof Junction && ((Junction) n).or == or) {
          ((Junction) n).collect(texts, equalTo);
        } else if (or && n instanceof Cmp && (((Cmp) n).op.equals("==") || ((Cmp) n).op.equals("in"))) {
          equalTo.computeIfAbsent(((Cmp) n).field, k -> new java.util.TreeSet<>()).addAll(((Cmp) n).canonicalLiterals());
        } else {
          texts.add(n.canonical());
        }
      }
    }
  }

  private static final class Not implements Node {
    final Node operand;

    Not(Node operand) {
      this.operand = operand;
    }

    @Override
    public boolean eval(Function<String, String> f) {
      return !operand.eval(f);
    }

    @Override
    public String canonical() {
      String c = operand.canonical();
      return c.startsWith("!") ? c.substring(1) : "!" + c; // only a negation's text starts with '!'
    }
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

    @Override
    public String canonical() {
      if (op.equals("defined")) {
        return "defined(" + field + ")";
      }
      return text(field, op, canonicalLiterals());
    }

    /** The literals' canonical texts, sorted, without repeats. */
    java.util.TreeSet<String> canonicalLiterals() {
      java.util.TreeSet<String> lits = new java.util.TreeSet<>();
      for (String lit : literals) {
        lits.add(canonicalLiteral(lit));
      }
      return lits;
    }

    /** A comparison's canonical text from its canonical literals: an {@code in} list of one as {@code ==}. */
    static String text(String field, String op, java.util.SortedSet<String> lits) {
      if (op.equals("in") && lits.size() > 1) {
        return field + " in (" + String.join(", ", lits) + ")";
      }
      return field + " " + (op.equals("in") ? "==" : op) + " " + lits.first();
    }

    /**
     * A literal as {@link #compare} sees it: a number by its value (compared numerically with any number), else
     * its text in quotes, each code point folded as {@code equalsIgnoreCase} compares it.
     */
    private static String canonicalLiteral(String lit) {
      BigDecimal n = number(lit);
      if (n != null) {
        return n.signum() == 0 ? "0" : n.stripTrailingZeros().toString();
      }
      StringBuilder b = new StringBuilder(lit.length() + 2).append('"');
      lit.codePoints().forEach(c -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
      return b.append('"').toString();
    }

    /** Numeric when both parse as numbers; else case-insensitive text (ordering only for numbers). */
    private static int compare(String v, String lit) {
      BigDecimal a = number(v);
      BigDecimal b = number(lit);
      if (a != null && b != null) {
        return Integer.signum(a.compareTo(b));
      }
      // booleans as written by the different formats
      if (v.equalsIgnoreCase(lit)) {
        return 0;
      }
      return Integer.MAX_VALUE; // not equal, not ordered: "<", ">" false
    }

    /**
     * A decimal number (optional sign, digits, fraction, exponent), exactly; null for anything else.
     * Not {@code Double.parseDouble}, which rounds ({@code 9007199254740993} equals {@code ...992}) and
     * takes Java's own spellings ({@code "0d"}, {@code "1f"}, {@code "0x1p0"}, {@code " 0"} are not
     * numbers in a job record).
     */
    private static BigDecimal number(String s) {
      int n = s.length();
      if (n == 0 || n > 400) {
        return null;
      }
      if (n <= 18) { // the common case, an integer that fits a long: no BigDecimal parsing
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        boolean digits = i < n;
        for (int k = i; k < n && digits; k++) {
          char c = s.charAt(k);
          digits = c >= '0' && c <= '9';
        }
        if (digits) {
          return BigDecimal.valueOf(Long.parseLong(s));
        }
      }
      char c = s.charAt(0);
      if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
        return null;
      }
      for (int k = 0; k < n; k++) {
        char d = s.charAt(k);
        if (!((d >= '0' && d <= '9') || d == '.' || d == '-' || d == '+' || d == 'e' || d == 'E')) {
          return null;
        }
      }
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException | ArithmeticException e) {
        return null;
      }
    }
  }

  private static final class Parser {
    private final String s;
    private int pos;
    final List<String> fields = new ArrayList<>();
    final List<Object[]> literals = new ArrayList<>();
    private String literalField;

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
      List<Node> operands = new ArrayList<>(List.of(and()));
      while (eat("||")) {
        operands.add(and());
      }
      return operands.size() == 1 ? operands.get(0) : new Junction(true, operands);
    }

    private Node and() {
      List<Node> operands = new ArrayList<>(List.of(unary()));
      while (eat("&&")) {
        operands.add(unary());
      }
      return operands.size() == 1 ? operands.get(0) : new Junction(false, operands);
    }

    private Node unary() {
      skip();
      if (pos < s.length() && s.charAt(pos) == '!' && !s.startsWith("!=", pos)) {
        pos++;
        return new Not(unary());
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
      literalField = lower;
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
      int start = pos;
      String v;
      if (pos < s.length() && s.charAt(pos) == '"') {
        int end = s.indexOf('"', pos + 1);
        if (end < 0) {
          throw error("unterminated string");
        }
        v = s.substring(pos + 1, end);
        pos = end + 1;
      } else {
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "+-.".indexOf(s.charAt(pos)) >= 0)) {
          pos++;
        }
        if (start == pos) {
          throw error("expected a literal");
        }
        v = s.substring(start, pos);
      }
      literals.add(new Object[] {literalField, start, pos});
      return v;
    }
  }
}
