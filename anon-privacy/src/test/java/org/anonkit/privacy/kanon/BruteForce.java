package org.anonkit.privacy.kanon;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An independent, deliberately plain reference for the lattice search: it reads the raw Adult lines
 * and hierarchy files itself, computes the equivalence classes of EVERY lattice node directly from
 * the (deduplicated) rows, and applies the documented semantics of the models and metrics. It shares
 * no code with the production search.
 */
final class BruteForce {
  /** One configuration to judge every node by. */
  record Config(int k, double limit, double entropyL, double equalT, double orderedT) {}

  /** What the reference found at one node for one configuration. */
  record Node(int[] levels, boolean satisfied, long suppressed, long released, long dmStar, long dm, double loss,
      double precision, double aecs) {}

  final String[] qis;
  final int[] heights;
  final int n;
  private final int[][][] gen; // [d][l][tuple] -> code
  private final double[][][] lossOf; // [d][l][code]
  private final int[] tupleSens;
  private final int[] tupleCount;
  private final int tuples;
  private final int m; // sensitive domain size
  private final double[] p; // table distribution, by sensitive code
  private final int[] rankOf; // sensitive code -> rank in natural string order

  BruteForce(List<String> qiNames, String sensitive) {
    List<String[]> lines = Adult.rawLines("adult.csv");
    List<String> header = Arrays.asList(lines.get(0));
    List<String[]> rows = lines.subList(1, lines.size());
    n = rows.size();
    qis = qiNames.toArray(new String[0]);
    int q = qis.length;
    heights = new int[q];
    int[] cols = new int[q];
    List<Map<String, String[]>> hier = new ArrayList<>();
    for (int d = 0; d < q; d++) {
      cols[d] = header.indexOf(qis[d]);
      Map<String, String[]> h = new HashMap<>();
      for (String[] r : Adult.rawLines("adult_hierarchy_" + qis[d] + ".csv")) {
        h.put(r[0], r);
      }
      hier.add(h);
      heights[d] = h.values().iterator().next().length;
    }
    int sCol = sensitive == null ? -1 : header.indexOf(sensitive);
    // Sensitive codes in natural order of the value (so code == rank).
    TreeSet<String> sValues = new TreeSet<>();
    if (sCol >= 0) {
      for (String[] r : rows) {
        sValues.add(r[sCol]);
      }
    }
    List<String> sList = new ArrayList<>(sValues);
    m = Math.max(1, sList.size());
    rankOf = new int[m];
    for (int i = 0; i < m; i++) {
      rankOf[i] = i;
    }
    // Deduplicate rows on (QI values, sensitive value).
    Map<List<String>, Integer> index = new HashMap<>();
    List<String[]> distinct = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (String[] r : rows) {
      List<String> key = new ArrayList<>();
      for (int d = 0; d < q; d++) {
        key.add(r[cols[d]]);
      }
      key.add(sCol >= 0 ? r[sCol] : "");
      Integer i = index.get(key);
      if (i == null) {
        index.put(key, distinct.size());
        distinct.add(key.toArray(new String[0]));
        counts.add(1);
      } else {
        counts.set(i, counts.get(i) + 1);
      }
    }
    tuples = distinct.size();
    tupleCount = counts.stream().mapToInt(Integer::intValue).toArray();
    tupleSens = new int[tuples];
    p = new double[m];
    for (int t = 0; t < tuples; t++) {
      tupleSens[t] = sCol >= 0 ? sList.indexOf(distinct.get(t)[q]) : 0;
      p[tupleSens[t]] += tupleCount[t] / (double) n;
    }
    gen = new int[q][][];
    lossOf = new double[q][][];
    for (int d = 0; d < q; d++) {
      Map<String, String[]> h = hier.get(d);
      gen[d] = new int[heights[d]][tuples];
      lossOf[d] = new double[heights[d]][];
      for (int l = 0; l < heights[d]; l++) {
        Map<String, Integer> codes = new HashMap<>();
        Map<String, Integer> leaves = new HashMap<>();
        for (String[] row : h.values()) {
          leaves.merge(row[l], 1, Integer::sum);
        }
        List<String> byCode = new ArrayList<>();
        for (int t = 0; t < tuples; t++) {
          String g = h.get(distinct.get(t)[d])[l];
          Integer c = codes.get(g);
          if (c == null) {
            c = codes.size();
            codes.put(g, c);
            byCode.add(g);
          }
          gen[d][l][t] = c;
        }
        lossOf[d][l] = new double[byCode.size()];
        for (int c = 0; c < byCode.size(); c++) {
          lossOf[d][l][c] = (leaves.get(byCode.get(c)) - 1) / (double) (h.size() - 1);
        }
      }
    }
  }

  long latticeSize() {
    long s = 1;
    for (int h : heights) {
      s *= h;
    }
    return s;
  }

  /** Evaluates every node for every config: result[config][node], nodes in odometer order (parallel). */
  Node[][] run(List<Config> configs) {
    int size = (int) latticeSize();
    Node[][] out = new Node[configs.size()][size];
    java.util.stream.IntStream.range(0, size).parallel().forEach(idx -> evaluate(idx, configs, out));
    return out;
  }

  private void evaluate(int idx, List<Config> configs, Node[][] out) {
    int q = qis.length;
    int[] levels = new int[q];
    int rest = idx;
    for (int d = q - 1; d >= 0; d--) {
      levels[d] = rest % heights[d];
      rest /= heights[d];
    }
    Long2IntOpenHashMap classOf = new Long2IntOpenHashMap();
    classOf.defaultReturnValue(-1);
    int[] classTuple = new int[tuples];
    int[] tupleClass = new int[tuples];
    int classes = 0;
    for (int t = 0; t < tuples; t++) {
      long key = 0;
      for (int d = 0; d < q; d++) {
        key = key * 128 + gen[d][levels[d]][t];
      }
      int c = classOf.get(key);
      if (c < 0) {
        c = classes++;
        classOf.put(key, c);
        classTuple[c] = t;
      }
      tupleClass[t] = c;
    }
    long[] size2 = new long[classes];
    int[] hist = new int[classes * m];
    for (int t = 0; t < tuples; t++) {
      size2[tupleClass[t]] += tupleCount[t];
      hist[tupleClass[t] * m + tupleSens[t]] += tupleCount[t];
    }
    for (int ci = 0; ci < configs.size(); ci++) {
      out[ci][idx] = judge(configs.get(ci), levels.clone(), classes, size2, hist, classTuple);
    }
  }

  private Node judge(Config cfg, int[] levels, int classes, long[] sizes, int[] hist, int[] classTuple) {
    int q = qis.length;
    long suppressed = 0;
    long released = 0;
    long dmStar = 0;
    long dmReleased = 0;
    double lossSum = 0;
    for (int c = 0; c < classes; c++) {
      long s = sizes[c];
      dmStar += s * s;
      boolean ok = s >= cfg.k();
      if (ok && cfg.entropyL() > 0) {
        double e = 0;
        for (int v = 0; v < m; v++) {
          int x = hist[c * m + v];
          if (x > 0) {
            e -= (x / (double) s) * Math.log(x / (double) s);
          }
        }
        ok = e >= Math.log(cfg.entropyL()) - 1e-9;
      }
      if (ok && cfg.equalT() >= 0) {
        double sum = 0;
        for (int v = 0; v < m; v++) {
          sum += Math.abs(hist[c * m + v] / (double) s - p[v]);
        }
        ok = sum / 2 <= cfg.equalT() + 1e-9;
      }
      if (ok && cfg.orderedT() >= 0) {
        double cum = 0;
        double sum = 0;
        for (int r = 0; r < m; r++) { // codes are ranks (natural order)
          cum += hist[c * m + rankOf[r]] / (double) s - p[rankOf[r]];
          sum += Math.abs(cum);
        }
        ok = m <= 1 || sum / (m - 1) <= cfg.orderedT() + 1e-9;
      }
      if (!ok) {
        suppressed += s;
      } else {
        released++;
        dmReleased += s * s;
        double cell = 0;
        for (int d = 0; d < q; d++) {
          cell += lossOf[d][levels[d]][gen[d][levels[d]][classTuple[c]]];
        }
        lossSum += cell * s;
      }
    }
    long maxSupp = (long) Math.floor(cfg.limit() * n + 1e-9);
    double g = 0;
    for (int d = 0; d < q; d++) {
      g += levels[d] / (double) (heights[d] - 1);
    }
    double cells = (double) n * q;
    double loss = (lossSum + suppressed * (double) q) / cells;
    double precision = 1 - ((n - suppressed) * g + suppressed * (double) q) / cells;
    double aecs = (double) n / (released + (suppressed > 0 ? 1 : 0));
    return new Node(levels, suppressed <= maxSupp, suppressed, released, dmStar, dmReleased + suppressed * (long) n,
        loss, precision, aecs);
  }
}
