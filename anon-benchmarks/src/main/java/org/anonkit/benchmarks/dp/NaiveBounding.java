package org.anonkit.benchmarks.dp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.anonkit.privacy.dp.FieldRow;

/**
 * Per-unit contribution bounding written the direct way, for the naive baselines of the
 * {@code DpAggregation} benchmarks: every row is kept (a map per unit of partition → list of values),
 * then per unit the partitions are sorted by their keyed hash and the first L0 kept, and in each the
 * occurrences sorted by their keyed hash and the first L∞ kept — the same keyed choice as the library's
 * streaming {@code ContributionBounder}, whose hash functions {@link DpAggregationBenchmark#hash} and
 * {@link DpAggregationBenchmark#mix} copy. (The same steps as {@code DpAggregationBenchmark}'s naive
 * count and sum, which keep their own inline version so that their bench-26 figures stay comparable;
 * this one returns the survivors instead of summing them.)
 *
 * <p>Rows are read as the library reads them: a missing group-by field groups as "", the value is
 * {@code Double.parseDouble} of the trimmed text, refused unless finite, then clamped to [lower, upper].
 */
final class NaiveBounding {
  private NaiveBounding() {}

  /**
   * For each partition, one array per unit that kept it, holding that unit's surviving (clamped)
   * values; {@code allowed} null means every partition is accepted, {@code valueField} null means
   * values of 0 (counting).
   */
  static Map<List<String>, List<double[]>> bound(List<? extends FieldRow> rows, String unitField,
      String[] groupBy, Set<List<String>> allowed, String valueField, double lower, double upper,
      int l0, int linf, long seed) {
    Map<String, Map<List<String>, List<Double>>> byUnit = new HashMap<>();
    for (FieldRow row : rows) {
      String unit = row.get(unitField);
      if (unit == null) {
        throw new IllegalArgumentException("privacy unit field is missing");
      }
      String[] key = new String[groupBy.length];
      for (int i = 0; i < key.length; i++) {
        String v = row.get(groupBy[i]);
        key[i] = v == null ? "" : v;
      }
      List<String> partition = Arrays.asList(key);
      if (allowed != null && !allowed.contains(partition)) {
        continue;
      }
      double v = 0;
      if (valueField != null) {
        v = Double.parseDouble(row.get(valueField).trim());
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("value is not a finite number");
        }
        v = Math.max(lower, Math.min(upper, v));
      }
      byUnit.computeIfAbsent(unit, k -> new LinkedHashMap<>())
          .computeIfAbsent(partition, k -> new ArrayList<>()).add(v);
    }
    Map<List<String>, List<double[]>> out = new HashMap<>();
    for (Map.Entry<String, Map<List<String>, List<Double>>> unit : byUnit.entrySet()) {
      long uh = DpAggregationBenchmark.hash(seed, unit.getKey());
      List<List<String>> keys = new ArrayList<>(unit.getValue().keySet());
      List<long[]> cells = new ArrayList<>(); // {partition hash, index in keys}
      for (int i = 0; i < keys.size(); i++) {
        cells.add(new long[] {
            DpAggregationBenchmark.mix(uh ^ DpAggregationBenchmark.hash(seed + 1, String.join("\u0000", keys.get(i)))), i});
      }
      cells.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
      for (int c = 0; c < Math.min(l0, cells.size()); c++) {
        long ph = cells.get(c)[0];
        List<String> key = keys.get((int) cells.get(c)[1]);
        List<Double> values = unit.getValue().get(key);
        long[][] order = new long[values.size()][]; // {occurrence hash, index}
        for (int j = 0; j < order.length; j++) {
          order[j] = new long[] {DpAggregationBenchmark.mix(ph + 0x9E3779B97F4A7C15L * (j + 1)), j};
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(a[0], b[0]));
        double[] kept = new double[Math.min(linf, order.length)];
        for (int j = 0; j < kept.length; j++) {
          kept[j] = values.get((int) order[j][1]);
        }
        out.computeIfAbsent(List.copyOf(key), k -> new ArrayList<>()).add(kept);
      }
    }
    return out;
  }

  /** The library's key order: element by element, then shorter first. */
  static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
