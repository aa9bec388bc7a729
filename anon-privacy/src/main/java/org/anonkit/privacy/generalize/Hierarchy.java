package org.anonkit.privacy.generalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.anonkit.InvalidInputException;
import org.anonkit.Transformer;
import org.anonkit.privacy.internal.CsvLine;

/**
 * A generalization hierarchy for one attribute: level 0 is the value itself, each higher level a
 * coarser value, the top level (usually {@code *}) the coarsest. Each level is a function of the
 * previous one (the hierarchy is a tree), which is what full-domain generalization needs.
 *
 * <p>Two kinds: an explicit table, as in ARX's hierarchy files (one row per value: the value, then its
 * generalizations, coarsest last), and rule-based hierarchies for job data, built by the static
 * factories: {@link #time time} (minute &rarr; hour &rarr; day &rarr; week or month &rarr; year),
 * {@link #intervals numeric intervals} of fixed, nested widths, {@link #cutPoints cut points},
 * {@link #ipPrefixes IP prefixes}, {@link #redactRight redaction from the right} and
 * {@link #map categorical maps}. Rule-based hierarchies always end with a {@code *} level.
 *
 * <p>A value outside the hierarchy (not in the table, not a number, not an address, unmapped) raises
 * {@link InvalidInputException} whose message never contains the value.
 *
 * <p>Immutable and thread-safe.
 */
public final class Hierarchy {
  private final LevelFunction function;
  private final List<String> leaves;

  private Hierarchy(LevelFunction function, List<String> leaves) {
    this.function = function;
    this.leaves = leaves;
  }

  /**
   * A hierarchy from a table: each row a value followed by its generalizations, coarsest last; all
   * rows the same length; each value once.
   *
   * @throws IllegalArgumentException if rows differ in length, repeat a value, or the levels do not
   *     form a tree
   */
  public static Hierarchy fromTable(List<List<String>> rows) {
    TableFunction t = new TableFunction(rows);
    return new Hierarchy(t, t.domain());
  }

  /**
   * Reads an ARX-style hierarchy file: one row per value, cells separated by {@code delimiter}
   * (double quotes may enclose a cell), blank lines ignored.
   */
  public static Hierarchy readCsv(Reader in, char delimiter) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      if (!line.isBlank()) {
        rows.add(CsvLine.split(line, delimiter));
      }
    }
    return fromTable(rows);
  }

  /**
   * Timestamps truncated to each of {@code units} in turn (from {@code minute, hour, day, week,
   * month, year}, fine to coarse; week cannot be followed by month or year), then {@code *}.
   *
   * @param format {@code epoch-seconds}, {@code epoch-millis} or {@code iso} (ISO-8601 with offset);
   *     generalized values keep the input format
   * @param zone the zone whose days, weeks (Monday first), months and years are used
   */
  public static Hierarchy time(String format, ZoneId zone, List<String> units) {
    return new Hierarchy(new TimeFunction(format, Objects.requireNonNull(zone, "zone"), List.copyOf(units)), List.of());
  }

  /**
   * Numbers to half-open intervals {@code [lo,hi)} of the given widths, one level per width, each a
   * whole multiple of the previous; intervals start at {@code origin + i * width}. Then {@code *}.
   */
  public static Hierarchy intervals(double origin, double... widths) {
    return new Hierarchy(IntervalFunction.widths(origin, widths), List.of());
  }

  /**
   * Numbers to the intervals between cut points ({@code <c0}, {@code [c0,c1)}, ..., {@code >=ck}),
   * one level per array; each level's cut points must be a subset of the previous level's. Then
   * {@code *}.
   */
  public static Hierarchy cutPoints(double[]... levels) {
    return new Hierarchy(IntervalFunction.cuts(levels), List.of());
  }

  /**
   * IP addresses to CIDR prefixes ({@code 131.225.7.0/24}), one level per pair of prefix lengths
   * (IPv4, IPv6), non-increasing; then {@code *}. E.g. IPv4 {@code 24, 16, 8} with IPv6
   * {@code 64, 48, 32}.
   */
  public static Hierarchy ipPrefixes(int[] ipv4Prefixes, int[] ipv6Prefixes) {
    return new Hierarchy(new IpFunction(ipv4Prefixes, ipv6Prefixes), List.of());
  }

  /**
   * Redaction from the right: values are left-padded with {@code pad} to {@code width} characters,
   * then level {@code l} (1..steps) replaces the last {@code l * step} characters with {@code *};
   * then {@code *}.
   */
  public static Hierarchy redactRight(int step, int steps, int width, char pad) {
    return new Hierarchy(new RedactFunction(step, steps, width, pad), List.of());
  }

  /**
   * Categorical maps, one per level, each applied to the previous level's value (site &rarr; region),
   * then {@code *}. Unmapped values fail closed, or map to {@code defaultValue} when it is not
   * {@code null}.
   */
  public static Hierarchy map(List<Map<String, String>> levels, String defaultValue) {
    return new Hierarchy(new MapFunction(levels, defaultValue), List.of());
  }

  /** The number of levels, including level 0 (the value itself) and the top level. */
  public int levels() {
    return function.levels();
  }

  /**
   * The leaves of a table hierarchy, in table order; empty for rule-based hierarchies, whose leaves
   * are the values they are applied to.
   */
  public List<String> leaves() {
    return leaves;
  }

  /**
   * Generalizes {@code value} to {@code level}. Level 0 returns the value (a table hierarchy checks
   * that it is one of its leaves).
   *
   * @throws InvalidInputException if the value is outside the hierarchy
   * @throws IllegalArgumentException if {@code level} is not in [0, levels())
   */
  public String generalize(String value, int level) {
    Objects.requireNonNull(value, "value");
    if (level < 0 || level >= levels()) {
      throw new IllegalArgumentException("level must be in [0, " + levels() + "), got " + level);
    }
    if (level == 0) {
      if (function instanceof TableFunction) {
        function.apply(value, 0);
      }
      return value;
    }
    return function.apply(value, level);
  }

  /** A transformer that generalizes every value to {@code level}. */
  public Transformer asTransformer(int level) {
    if (level < 0 || level >= levels()) {
      throw new IllegalArgumentException("level must be in [0, " + levels() + "), got " + level);
    }
    if (function instanceof MapFunction && level > 0 && level < levels() - 1) {
      return new ComposedMapTransformer(this, level, ((MapFunction) function).composed(level));
    }
    return new LevelTransformer(this, level);
  }

  @Override
  public String toString() {
    return "Hierarchy{" + function.getClass().getSimpleName().replace("Function", "").toLowerCase(java.util.Locale.ROOT)
        + ", levels=" + levels() + "}";
  }

  /**
   * A map hierarchy fixed at a level below its top: one lookup in the levels' composed table, the
   * hierarchy's own path for a value the table lacks (default or error). Immutable and thread-safe
   * (the table is read-only after construction, published through a final field).
   */
  private static final class ComposedMapTransformer implements Transformer {
    private final Hierarchy hierarchy;
    private final int level;
    private final Map<String, String> table;

    ComposedMapTransformer(Hierarchy hierarchy, int level, Map<String, String> table) {
      this.hierarchy = hierarchy;
      this.level = level;
      this.table = table;
    }

    @Override
    public String apply(CharSequence value) {
      String v = value.toString();
      String out = table.get(v);
      return out != null ? out : hierarchy.function.apply(v, level);
    }

    @Override
    public String toString() {
      return "Generalize{" + hierarchy + ", level=" + level + "}";
    }
  }

  /** A hierarchy fixed at one level. Immutable and thread-safe. */
  private static final class LevelTransformer implements Transformer {
    private final Hierarchy hierarchy;
    private final int level;

    LevelTransformer(Hierarchy hierarchy, int level) {
      this.hierarchy = hierarchy;
      this.level = level;
    }

    @Override
    public String apply(CharSequence value) {
      String v = value.toString();
      // the level was checked once, in asTransformer; above 0 this is what generalize does after its checks
      return level == 0 ? hierarchy.generalize(v, 0) : hierarchy.function.apply(v, level);
    }

    @Override
    public String toString() {
      return "Generalize{" + hierarchy + ", level=" + level + "}";
    }
  }
}
