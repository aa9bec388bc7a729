package org.anonkit.pipeline;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which users' jobs fail and how often: per user, failed jobs, all jobs, failed / the user's jobs and
 * failed / all rows of the dataset, plus totals. "Failed" comes from one {@link FailureDefinition}.
 * Users are identified by whatever label the rows were counted under: the anonymized token in
 * {@code share/}, the clear name (through the mapping) in {@code private/}.
 *
 * <p>Entries are sorted by failed jobs (descending), then by user; the result does not depend on the
 * order rows were counted in.
 *
 * <p>Immutable and thread-safe.
 */
public final class FailureStatistics {
  /**
   * Label of rows that have no user: the user field missing, null, empty or only white space (a run counts
   * {@code Owner = ""} and {@code " "} here, not under the token of an empty name).
   */
  public static final String NO_USER = "(none)";
  /** The CSV header. */
  public static final String CSV_HEADER = "user,fails,total,frac_of_user_rows,frac_of_all_rows";

  /** One user's counts. Immutable. */
  public static final class Entry {
    private final String user;
    private final long fails;
    private final long total;

    Entry(String user, long fails, long total) {
      this.user = user;
      this.fails = fails;
      this.total = total;
    }

    public String user() {
      return user;
    }

    public long fails() {
      return fails;
    }

    public long total() {
      return total;
    }

    /** Failed / this user's jobs. */
    public double fractionOfUserRows() {
      return total == 0 ? 0 : (double) fails / total;
    }

    @Override
    public String toString() {
      return "Entry{fails=" + fails + ", total=" + total + "}";
    }
  }

  private final FailureDefinition definition;
  private final String expression;
  private final List<Entry> entries;
  private final long rows;
  private final long fails;

  private FailureStatistics(FailureDefinition definition, String expression, List<Entry> entries, long rows,
      long fails) {
    this.definition = definition;
    this.expression = expression;
    this.entries = entries;
    this.rows = rows;
    this.fails = fails;
  }

  /** Counts rows; not thread-safe (use one per worker and {@link #merge}). */
  static final class Accumulator {
    private final Map<String, long[]> counts = new HashMap<>();
    private long rows;
    private long fails;

    void add(String user, boolean failed) {
      long[] c = counts.computeIfAbsent(user == null ? NO_USER : user, k -> new long[2]);
      c[1]++;
      rows++;
      if (failed) {
        c[0]++;
        fails++;
      }
    }

    void merge(Accumulator other) {
      for (Map.Entry<String, long[]> e : other.counts.entrySet()) {
        long[] c = counts.computeIfAbsent(e.getKey(), k -> new long[2]);
        c[0] += e.getValue()[0];
        c[1] += e.getValue()[1];
      }
      rows += other.rows;
      fails += other.fails;
    }

    FailureStatistics build(FailureDefinition definition) {
      List<Entry> list = new ArrayList<>(counts.size());
      for (Map.Entry<String, long[]> e : counts.entrySet()) {
        list.add(new Entry(e.getKey(), e.getValue()[0], e.getValue()[1]));
      }
      return new FailureStatistics(definition, definition.expression(), sorted(list), rows, fails);
    }
  }

  /**
   * Computes statistics directly from (user, failed) pairs: for library users with their own loop.
   */
  public static FailureStatistics of(FailureDefinition definition, Iterable<Map.Entry<String, Boolean>> userFailed) {
    Accumulator a = new Accumulator();
    for (Map.Entry<String, Boolean> e : userFailed) {
      a.add(e.getKey(), e.getValue());
    }
    return a.build(definition);
  }

  private static List<Entry> sorted(List<Entry> list) {
    list.sort((a, b) -> a.fails != b.fails ? Long.compare(b.fails, a.fails) : a.user.compareTo(b.user));
    return Collections.unmodifiableList(list);
  }

  public FailureDefinition definition() {
    return definition;
  }

  /**
   * The failure expression as these statistics show it ({@link #table}, {@link #writeJson(Writer)}):
   * the definition's as given, except in a pipeline's {@link RunReport}, whose statistics are labelled by
   * token and may be given away: there, a literal compared with a field the policy does not keep in clear
   * is {@link FailureDefinition#REDACTED_LITERAL} (see {@link FailureDefinition#expression(java.util.function.Predicate)}).
   */
  public String expression() {
    return expression;
  }

  /** The same statistics showing {@code shown} as their expression (a redacted form of the definition's). */
  FailureStatistics showing(String shown) {
    return new FailureStatistics(definition, shown, entries, rows, fails);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** All rows counted. */
  public long rows() {
    return rows;
  }

  /** All failed rows. */
  public long fails() {
    return fails;
  }

  /** Failed / all rows of the dataset for one entry. */
  public double fractionOfAllRows(Entry e) {
    return rows == 0 ? 0 : (double) e.fails / rows;
  }

  /**
   * The same counts under other labels, e.g. clear names from a mapping; labels the function maps to
   * {@code null} are kept. Labels that become equal are summed. The result shows the definition's
   * expression as given: relabelled statistics are the key holder's.
   */
  public FailureStatistics relabel(Function<String, String> label) {
    Map<String, long[]> merged = new HashMap<>();
    for (Entry e : entries) {
      String l = label.apply(e.user);
      long[] c = merged.computeIfAbsent(l == null ? e.user : l, k -> new long[2]);
      c[0] += e.fails;
      c[1] += e.total;
    }
    List<Entry> list = new ArrayList<>();
    for (Map.Entry<String, long[]> m : merged.entrySet()) {
      list.add(new Entry(m.getKey(), m.getValue()[0], m.getValue()[1]));
    }
    return new FailureStatistics(definition, definition.expression(), sorted(list), rows, fails);
  }

  /** Writes {@link #CSV_HEADER} and one line per user, fractions with 6 decimals. */
  public void writeCsv(Writer w) throws IOException {
    w.write(CSV_HEADER);
    w.write('\n');
    for (Entry e : entries) {
      w.write(csv(e.user));
      w.write(String.format(Locale.ROOT, ",%d,%d,%.6f,%.6f\n", e.fails, e.total, e.fractionOfUserRows(),
          fractionOfAllRows(e)));
    }
  }

  /** Writes the JSON twin: definition (its {@link #expression() expression} as shown), totals and the entries. */
  public void writeJson(Writer w) throws IOException {
    w.write("{\n  \"definition\": {\"name\": " + json(definition.name()) + ", \"expression\": "
        + json(expression) + "},\n");
    w.write(String.format(Locale.ROOT, "  \"rows\": %d,\n  \"fails\": %d,\n  \"frac_of_all_rows\": %.6f,\n",
        rows, fails, rows == 0 ? 0.0 : (double) fails / rows));
    w.write("  \"users\": [");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      w.write(i == 0 ? "\n" : ",\n");
      w.write(String.format(Locale.ROOT,
          "    {\"user\": %s, \"fails\": %d, \"total\": %d, \"frac_of_user_rows\": %.6f, \"frac_of_all_rows\": %.6f}",
          json(e.user), e.fails, e.total, e.fractionOfUserRows(), fractionOfAllRows(e)));
    }
    w.write(entries.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
  }

  /**
   * A readable table of the {@code limit} users with most failures, and the totals, under a title with the
   * definition's name and {@link #expression() expression}.
   */
  public String table(int limit) {
    StringWriter sw = new StringWriter();
    int width = 24;
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      width = Math.max(width, entries.get(i).user.length());
    }
    sw.write(String.format(Locale.ROOT, "failures (%s: %s)%n", definition.name(), expression));
    sw.write(String.format(Locale.ROOT, "%-" + width + "s %10s %10s %12s %12s%n", "user", "fails", "total",
        "frac_user", "frac_all"));
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      Entry e = entries.get(i);
      sw.write(String.format(Locale.ROOT, "%-" + width + "s %10d %10d %12.4f %12.6f%n", e.user, e.fails, e.total,
          e.fractionOfUserRows(), fractionOfAllRows(e)));
    }
    if (entries.size() > limit) {
      sw.write(String.format(Locale.ROOT, "... %d more users%n", entries.size() - limit));
    }
    sw.write(String.format(Locale.ROOT, "%-" + width + "s %10d %10d %12s %12.6f%n", "TOTAL", fails, rows, "",
        rows == 0 ? 0.0 : (double) fails / rows));
    return sw.toString();
  }

  private static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static String json(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public String toString() {
    return "FailureStatistics{" + definition.name() + ", users=" + entries.size() + ", rows=" + rows
        + ", fails=" + fails + "}";
  }

}
