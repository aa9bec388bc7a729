package org.anonkit.pipeline.io;

/**
 * The kind of a field's value, which decides how writers render its text.
 *
 * <table>
 *   <caption>How each kind is read and written</caption>
 *   <tr><th>kind</th><th>text</th><th>JSON / condor-json</th><th>condor {@code -long}</th><th>CSV</th></tr>
 *   <tr><td>{@link #STRING}</td><td>the decoded string</td><td>JSON string</td><td>{@code "..."} with {@code \"} {@code \\} escapes</td><td>cell, quoted when needed</td></tr>
 *   <tr><td>{@link #INTEGER}</td><td>a JSON integer literal</td><td>number</td><td>literal</td><td>cell</td></tr>
 *   <tr><td>{@link #REAL}</td><td>a JSON number literal with fraction or exponent</td><td>number</td><td>literal</td><td>cell</td></tr>
 *   <tr><td>{@link #BOOLEAN}</td><td>{@code true} or {@code false}</td><td>boolean</td><td>{@code true}/{@code false}</td><td>cell</td></tr>
 *   <tr><td>{@link #UNDEFINED}</td><td>empty</td><td>{@code null}</td><td>{@code undefined}</td><td>empty unquoted cell</td></tr>
 *   <tr><td>{@link #RAW}</td><td>ClassAd expression source</td><td>{@code "/Expr(text)/"}</td><td>as is</td><td>cell</td></tr>
 *   <tr><td>{@link #JSON}</td><td>compact JSON object or array</td><td>as is</td><td>a string holding the JSON text</td><td>cell</td></tr>
 * </table>
 *
 * <p>Immutable; thread-safe.
 */
public enum FieldKind {
  /** A string; the text is the decoded value (no quotes, no escapes). */
  STRING,
  /** An integer; the text is a JSON integer literal such as {@code -12}. */
  INTEGER,
  /** A real number; the text is a JSON number literal such as {@code 0.5} or {@code 1e9}. */
  REAL,
  /** A boolean; the text is {@code true} or {@code false}. */
  BOOLEAN,
  /** JSON {@code null}, ClassAd {@code undefined} or an empty unquoted CSV cell; the text is empty. */
  UNDEFINED,
  /**
   * A ClassAd value kept as its source text: an expression, a list {@code {...}}, a nested ad
   * {@code [...]}, {@code error}, or the inside of a condor-json {@code "/Expr(...)/"} string.
   */
  RAW,
  /** A nested JSON object or array (JSON lines and condor-json input), kept as compact JSON text. */
  JSON;

  /** Whether {@code text} is a JSON number literal (RFC 8259), the text an {@link #INTEGER} or {@link #REAL} holds. */
  public static boolean isNumberText(CharSequence text) {
    return Literals.isJsonNumber(text);
  }

  /**
   * The kind a value read as {@code kind} with text {@code text} gives a typed (columnar) output column,
   * before {@link #union}: its own, except an {@link #INTEGER} outside 64 bits (a JSON integer may have
   * any length), which makes a {@link #STRING} column holding its exact text (an int64 column would
   * refuse it).
   */
  public static FieldKind ofColumnValue(FieldKind kind, String text) {
    if (kind == INTEGER && text.length() > 18) { // 18 digits always fit; longer ones are parsed
      try {
        Long.parseLong(text);
      } catch (NumberFormatException e) {
        return STRING;
      }
    }
    return kind;
  }

  /**
   * The kind a typed (columnar) output column gets from two kinds its values were read with: one kind
   * stays, {@link #UNDEFINED} (a null) joins anything, {@link #INTEGER} and {@link #REAL} make
   * {@link #REAL}, any other mix is a {@link #STRING}. Commutative and associative, so a column's kind
   * does not depend on the order its values arrive in.
   */
  public static FieldKind union(FieldKind a, FieldKind b) {
    if (a == b || b == UNDEFINED) {
      return a;
    }
    if (a == UNDEFINED) {
      return b;
    }
    if ((a == INTEGER || a == REAL) && (b == INTEGER || b == REAL)) {
      return REAL;
    }
    return STRING;
  }
}
