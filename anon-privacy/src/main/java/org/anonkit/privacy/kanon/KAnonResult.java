package org.anonkit.privacy.kanon;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link KAnonymizer#anonymize}: the chosen transformation (levels per
 * quasi-identifier, in input column order), its classes, suppressed rows, every metric, a per-class
 * risk summary, the anonymized table, and a report as JSON and as readable text.
 *
 * <p>When no transformation satisfies the models, {@link #found()} is false, the report says so,
 * and the table accessors throw {@link IllegalStateException}.
 *
 * <p>Neither the report nor {@code toString()} contains data values other than the column names.
 *
 * <p>Immutable and thread-safe.
 */
public final class KAnonResult {
  /** Upper bounds (inclusive) of the class-size histogram buckets; the last is open. */
  private static final long[] BUCKETS = {1, 2, 3, 4, 9, 19, 49, 99, Long.MAX_VALUE};
  private static final String[] BUCKET_NAMES = {"1", "2", "3", "4", "5-9", "10-19", "20-49", "50-99", "100+"};

  private final Encoding enc;
  private final NodeStats best;
  private final Evaluator.Classes classes;
  private final boolean optimal;
  private final long latticeSize;
  private final long nodesChecked;
  private final long millis;
  private final List<String> models;
  private final UtilityMetric metric;
  private final double suppressionLimit;
  private final Risk risk;
  private final int[] outputColumns;
  private final Map<String, List<String>> classification;

  /**
   * Re-identification risk of the released rows under the prosecutor model: a record in class
   * {@code E} has risk {@code 1/|E|}; suppressed rows are not counted.
   *
   * @param minClassSize the smallest released class (0 if nothing is released)
   * @param maxRisk {@code 1 / minClassSize} (0 if nothing is released)
   * @param averageRisk released classes / released rows (0 if nothing is released)
   * @param riskThreshold the threshold used for {@code recordsAtRisk}
   * @param recordsAtRisk released rows whose risk is above the threshold
   * @param classSizes number of released classes per size bucket (1, 2, 3, 4, 5-9, ..., 100+)
   */
  public record Risk(long minClassSize, double maxRisk, double averageRisk, double riskThreshold, long recordsAtRisk,
      Map<String, Long> classSizes) {}

  @SuppressWarnings("unchecked")
  KAnonResult(Encoding enc, NodeStats best, Evaluator.Classes classes, boolean optimal, long latticeSize,
      long nodesChecked, long millis, Map<String, Object> description, UtilityMetric metric, double suppressionLimit,
      double riskThreshold, int[] outputColumns, Map<String, List<String>> classification) {
    this.enc = enc;
    this.outputColumns = outputColumns;
    this.classification = classification;
    this.best = best;
    this.classes = classes;
    this.optimal = optimal;
    this.latticeSize = latticeSize;
    this.nodesChecked = nodesChecked;
    this.millis = millis;
    this.models = (List<String>) description.get("models");
    this.metric = metric;
    this.suppressionLimit = suppressionLimit;
    this.risk = best == null ? null : computeRisk(riskThreshold);
  }

  private Risk computeRisk(double threshold) {
    long min = Long.MAX_VALUE;
    long releasedRows = 0;
    long releasedClasses = 0;
    long atRisk = 0;
    long[] hist = new long[BUCKETS.length];
    for (int c = 0; c < classes.sizes.length; c++) {
      if (classes.suppressed[c]) {
        continue;
      }
      long size = classes.sizes[c];
      releasedClasses++;
      releasedRows += size;
      min = Math.min(min, size);
      if (1.0 / size > threshold) {
        atRisk += size;
      }
      int b = 0;
      while (size > BUCKETS[b]) {
        b++;
      }
      hist[b]++;
    }
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (int b = 0; b < BUCKETS.length; b++) {
      sizes.put(BUCKET_NAMES[b], hist[b]);
    }
    if (releasedClasses == 0) {
      return new Risk(0, 0, 0, threshold, 0, Collections.unmodifiableMap(sizes));
    }
    return new Risk(min, 1.0 / min, (double) releasedClasses / releasedRows, threshold, atRisk,
        Collections.unmodifiableMap(sizes));
  }

  /** Whether some transformation satisfies the models within the suppression limit. */
  public boolean found() {
    return best != null;
  }

  /** Whether the search was exhaustive, so the transformation is optimal for the metric. */
  public boolean optimal() {
    return optimal;
  }

  private void requireFound() {
    if (best == null) {
      throw new IllegalStateException("no transformation satisfies the privacy models within the suppression limit");
    }
  }

  /** Quasi-identifier &rarr; chosen hierarchy level, in input column order. */
  public Map<String, Integer> levels() {
    requireFound();
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int d = 0; d < enc.q; d++) {
      m.put(enc.qiNames[d], best.levels[d]);
    }
    return Collections.unmodifiableMap(m);
  }

  public long rows() {
    return enc.n;
  }

  public long suppressedRows() {
    requireFound();
    return best.suppressedRows;
  }

  /** Released (not suppressed) equivalence classes. */
  public long classes() {
    requireFound();
    return best.releasedClasses;
  }

  public long suppressedClasses() {
    requireFound();
    return best.suppressedClasses;
  }

  /** DM*: sum of squared sizes of all classes, suppressed or not. */
  public long dmStar() {
    requireFound();
    return best.dmStar;
  }

  /** DM: released classes' squared sizes plus {@code n} per suppressed row. */
  public long dm() {
    requireFound();
    return best.dm;
  }

  /** See {@link UtilityMetric#AECS}. */
  public double aecs() {
    requireFound();
    return best.aecs;
  }

  /** See {@link UtilityMetric#LOSS}. */
  public double loss() {
    requireFound();
    return best.loss;
  }

  /** See {@link UtilityMetric#PRECISION}. */
  public double precision() {
    requireFound();
    return best.precision;
  }

  public Risk risk() {
    requireFound();
    return risk;
  }

  /** The lattice's node count. */
  public long latticeSize() {
    return latticeSize;
  }

  /** Nodes whose classes were computed and checked (the rest were tagged by pruning). */
  public long nodesChecked() {
    return nodesChecked;
  }

  /** Wall time of encoding and search, in milliseconds. */
  public long elapsedMillis() {
    return millis;
  }

  /**
   * The anonymized table's columns: the input's, in order, without the identifying ones (see {@link
   * KAnonymizer.Builder#identifying}).
   */
  public List<String> columns() {
    List<String> all = enc.table.columns();
    if (outputColumns.length == all.size()) {
      return all;
    }
    String[] out = new String[outputColumns.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(outputColumns[i]);
    }
    return List.of(out);
  }

  /**
   * Row {@code row} of the anonymized table, one cell per {@link #columns()} column: quasi-identifiers
   * generalized to the chosen levels; in a suppressed row, quasi-identifiers and sensitive attributes
   * (those an l-diversity or t-closeness model names) {@code *}; insensitive columns unchanged.
   */
  public List<String> outputRow(int row) {
    requireFound();
    String[] all = new String[enc.table.columns().size()];
    fillRow(row, all, new int[enc.q]);
    return List.of(project(all, new String[outputColumns.length]));
  }

  /** The cells of {@code all} (one per input column) that the output keeps, into {@code out}. */
  private String[] project(String[] all, String[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = all[outputColumns[i]];
    }
    return out;
  }

  /**
   * Whether row {@code row} is suppressed: its class breaks a model and was suppressed, so its
   * quasi-identifiers and sensitive attributes are {@code *} in {@link #outputRow(int)} and
   * {@link #writeCsv}. The suppressed rows together are a group of their own, which the models were not
   * checked on: a sensitive value they all share would be disclosed for every member, hence withheld; their
   * insensitive columns are released as they are, which is why a column is declared insensitive only when
   * it identifies no one.
   */
  public boolean suppressed(int row) {
    requireFound();
    Objects.checkIndex(row, enc.n);
    return classes.suppressed[classOf(row, new int[enc.q])];
  }

  /** The class of {@code row} at the chosen levels; {@code buf} receives its generalized codes. */
  private int classOf(int row, int[] buf) {
    DataTable t = enc.table;
    for (int d = 0; d < enc.q; d++) {
      int l = best.levels[d];
      buf[d] = enc.levelCode[d][l][t.codes(enc.qiColumns[d])[row]];
    }
    return classes.table.find(buf, 0);
  }

  private void fillRow(int row, String[] out, int[] buf) {
    DataTable t = enc.table;
    for (int c = 0; c < out.length; c++) {
      out[c] = t.value(row, c);
    }
    boolean suppressed = classes.suppressed[classOf(row, buf)];
    for (int d = 0; d < enc.q; d++) {
      out[enc.qiColumns[d]] = suppressed ? "*" : enc.levelValues[d][best.levels[d]][buf[d]];
    }
    if (suppressed) {
      // the suppressed rows form one group the models were not checked on (a class of {x, x, y} that
      // failed entropy 2-diversity would show x, x, y beside its stars): their sensitive values go too
      for (int j = 0; j < enc.s; j++) {
        out[enc.sensColumns[j]] = "*";
      }
    }
  }

  /**
   * Writes the anonymized table ({@link #columns()}, then {@link #outputRow} of every row) with a header
   * line; cells containing the delimiter, a quote or a line break are quoted.
   */
  public void writeCsv(Writer out, char delimiter) throws IOException {
    requireFound();
    String[] all = new String[enc.table.columns().size()];
    String[] row = new String[outputColumns.length];
    int[] buf = new int[enc.q];
    writeLine(out, columns().toArray(row), delimiter);
    for (int r = 0; r < enc.n; r++) {
      fillRow(r, all, buf);
      writeLine(out, project(all, row), delimiter);
    }
    out.flush();
  }

  private static void writeLine(Writer out, String[] cells, char delimiter) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write(delimiter);
      }
      String s = cells[i];
      if (s.indexOf(delimiter) >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        out.write('"');
        out.write(s.replace("\"", "\"\""));
        out.write('"');
      } else {
        out.write(s);
      }
    }
    out.write('\n');
  }

  /** The report as JSON (see the class comment of the CLI command for the fields). */
  public String toJson() {
    StringBuilder sb = new StringBuilder(1024);
    sb.append("{\n  \"found\": ").append(found());
    sb.append(",\n  \"optimal\": ").append(optimal);
    sb.append(",\n  \"models\": [");
    for (int i = 0; i < models.size(); i++) {
      sb.append(i == 0 ? "" : ", ");
      string(sb, models.get(i));
    }
    sb.append("],\n  \"suppressionLimit\": ").append(num(suppressionLimit));
    sb.append(",\n  \"metric\": ");
    string(sb, metric.name().toLowerCase(Locale.ROOT).replace("_", ""));
    sb.append(",\n  \"rows\": ").append(enc.n);
    if (best != null) {
      sb.append(",\n  \"levels\": {");
      for (int d = 0; d < enc.q; d++) {
        sb.append(d == 0 ? "" : ", ");
        string(sb, enc.qiNames[d]);
        sb.append(": ").append(best.levels[d]);
      }
      sb.append("},\n  \"suppressed\": ").append(best.suppressedRows);
      sb.append(",\n  \"classes\": ").append(best.releasedClasses);
      sb.append(",\n  \"suppressedClasses\": ").append(best.suppressedClasses);
      sb.append(",\n  \"metrics\": {\"dmStar\": ").append(best.dmStar);
      sb.append(", \"dm\": ").append(best.dm);
      sb.append(", \"aecs\": ").append(num(best.aecs));
      sb.append(", \"loss\": ").append(num(best.loss));
      sb.append(", \"precision\": ").append(num(best.precision)).append('}');
      sb.append(",\n  \"risk\": {\"minClassSize\": ").append(risk.minClassSize());
      sb.append(", \"maxRisk\": ").append(num(risk.maxRisk()));
      sb.append(", \"averageRisk\": ").append(num(risk.averageRisk()));
      sb.append(", \"riskThreshold\": ").append(num(risk.riskThreshold()));
      sb.append(", \"recordsAtRisk\": ").append(risk.recordsAtRisk());
      sb.append(", \"classSizes\": {");
      int i = 0;
      for (Map.Entry<String, Long> e : risk.classSizes().entrySet()) {
        sb.append(i++ == 0 ? "" : ", ");
        string(sb, e.getKey());
        sb.append(": ").append(e.getValue());
      }
      sb.append("}}");
    }
    sb.append(",\n  \"search\": {\"latticeSize\": ").append(latticeSize);
    sb.append(", \"nodesChecked\": ").append(nodesChecked).append("}\n}\n");
    return sb.toString();
  }

  private static String num(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
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
    sb.append('"');
  }

  /** The report as a readable table. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("models: ").append(String.join(", ", models)).append("; suppression limit ")
        .append(num(suppressionLimit)).append("; metric ").append(metric.name().toLowerCase(Locale.ROOT)).append('\n');
    sb.append("columns:");
    String sep = " ";
    for (Map.Entry<String, List<String>> e : classification.entrySet()) {
      if (!e.getValue().isEmpty()) {
        sb.append(sep).append(e.getKey()).append(' ').append(String.join(", ", e.getValue()));
        sep = "; ";
      }
    }
    sb.append('\n');
    sb.append(String.format(Locale.ROOT, "search: %s, %d of %d lattice nodes checked, %d ms%n",
        optimal ? "exhaustive (optimal)" : "heuristic (not proven optimal)", nodesChecked, latticeSize, millis));
    if (best == null) {
      sb.append("no transformation satisfies the privacy models within the suppression limit\n");
      return sb.toString();
    }
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"attribute", "level", "of"});
    for (int d = 0; d < enc.q; d++) {
      lines.add(new String[] {enc.qiNames[d], Integer.toString(best.levels[d]), Integer.toString(enc.heights[d] - 1)});
    }
    table(sb, lines);
    sb.append('\n');
    lines.clear();
    lines.add(new String[] {"measure", "value"});
    lines.add(new String[] {"rows", Long.toString(enc.n)});
    lines.add(new String[] {"suppressed rows", Long.toString(best.suppressedRows)});
    lines.add(new String[] {"released classes", Long.toString(best.releasedClasses)});
    lines.add(new String[] {"suppressed classes", Long.toString(best.suppressedClasses)});
    lines.add(new String[] {"DM*", Long.toString(best.dmStar)});
    lines.add(new String[] {"DM", Long.toString(best.dm)});
    lines.add(new String[] {"AECS", String.format(Locale.ROOT, "%.4f", best.aecs)});
    lines.add(new String[] {"loss", String.format(Locale.ROOT, "%.6f", best.loss)});
    lines.add(new String[] {"precision", String.format(Locale.ROOT, "%.6f", best.precision)});
    lines.add(new String[] {"min class size", Long.toString(risk.minClassSize())});
    lines.add(new String[] {"max risk", String.format(Locale.ROOT, "%.4f", risk.maxRisk())});
    lines.add(new String[] {"average risk", String.format(Locale.ROOT, "%.6f", risk.averageRisk())});
    lines.add(new String[] {"records at risk (> " + num(risk.riskThreshold()) + ")", Long.toString(risk.recordsAtRisk())});
    table(sb, lines);
    sb.append('\n');
    lines.clear();
    lines.add(new String[] {"class size", "classes"});
    for (Map.Entry<String, Long> e : risk.classSizes().entrySet()) {
      lines.add(new String[] {e.getKey(), Long.toString(e.getValue())});
    }
    table(sb, lines);
    return sb.toString();
  }

  private static void table(StringBuilder sb, List<String[]> lines) {
    int[] w = new int[lines.get(0).length];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        w[i] = Math.max(w[i], l[i].length());
      }
    }
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        String cell = l[i];
        boolean right = i > 0;
        String pad = " ".repeat(w[i] - cell.length());
        sb.append(i == 0 ? "" : "  ").append(right ? pad + cell : cell + pad);
      }
      sb.append('\n');
    }
  }

  @Override
  public String toString() {
    return best == null ? "KAnonResult{found=false}"
        : "KAnonResult{levels=" + levels() + ", suppressed=" + best.suppressedRows + ", classes="
            + best.releasedClasses + ", dmStar=" + best.dmStar + ", optimal=" + optimal + "}";
  }
}
