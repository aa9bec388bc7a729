package org.anonkit.pipeline.io;

/**
 * The one rule for what an input may use as a field name, in every format: a CSV header cell, a JSON
 * property name (JSON lines and condor-json), a ClassAd attribute name and a Parquet column name.
 *
 * <p>Field names are not anonymized: they are written, in clear, as the output's own names (JSON keys,
 * CSV header, Parquet schema) and in {@code share/manifest.json}'s per-field counts and
 * {@code share/README.md}. A name that reads as a value (a number, an IP address, an e-mail, a path, a DN:
 * a JSON dump keyed by user, a CSV written without a header whose first record is read as one) would put
 * that value there. Such a name fails this test, and the readers refuse it where it stands: a CSV header or
 * a Parquet schema refuses the input, a JSON object or ClassAd holding one is a malformed record. Their
 * messages give the field's position, never the name.
 *
 * <p>A field name starts with a letter or {@code _} and goes on with letters, digits, {@code _},
 * {@code .}, {@code -} or spaces (letters and digits as {@link Character#isLetter(int)} and
 * {@link Character#isLetterOrDigit(int)} read them). Elasticsearch's and Logstash's metadata names
 * ({@code @timestamp}, {@code @version}, {@code @metadata}, as the lab's job-record dumps carry them) are
 * field names too; no other name may start with {@code @} (a handle such as {@code @jdoe} would otherwise
 * become one). Every ClassAd attribute name ({@code [A-Za-z_][A-Za-z0-9_.]*}) is one. A bare word (a user
 * name used as a key) cannot be told from a field name by its spelling and passes.
 *
 * <p>Stateless; thread-safe.
 */
public final class FieldNames {
  private FieldNames() {}

  /** The rule in words, for messages: what a field name may hold. */
  public static final String RULE = "a letter or '_' first, then letters, digits, '_', '.', '-' or spaces;"
      + " or @timestamp, @version, @metadata";

  /** Whether {@code name} is a field name (see the class comment); the empty name is none. */
  public static boolean isFieldName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    if (name.charAt(0) == '@') {
      return name.equals("@timestamp") || name.equals("@version") || name.equals("@metadata");
    }
    int c0 = name.codePointAt(0);
    if (!Character.isLetter(c0) && c0 != '_') {
      return false;
    }
    for (int i = Character.charCount(c0); i < name.length(); ) {
      int c = name.codePointAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_' && c != '.' && c != '-' && c != ' ') {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  /**
   * The reason a record is malformed whose field {@code field} (1-based, in the record's order) has a name
   * that is no field name: the position, never the name.
   */
  static String reason(int field) {
    return "field " + field + "'s name is not a field name (" + RULE + ")";
  }
}
