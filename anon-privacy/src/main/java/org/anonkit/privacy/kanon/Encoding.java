package org.anonkit.privacy.kanon;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.privacy.generalize.Hierarchy;

/**
 * The table seen by the search: quasi-identifiers as dense codes at every hierarchy level, the maps
 * between levels, per-code loss, and the sensitive attributes as dense codes with their table
 * distribution. Immutable once built.
 */
final class Encoding {
  final DataTable table;
  final int n;
  final int q;
  final int s;
  final String[] qiNames;
  final int[] qiColumns;
  final int[] heights;
  /** [d][l][dataCode] -> code at level l. */
  final int[][][] levelCode;
  /** [d][l][code] -> generalized value. */
  final String[][][] levelValues;
  /** [d][a][b][code at a] -> code at b, for a < b. */
  final int[][][][] maps;
  /** [d][l][code] -> generalized loss of one cell. */
  final double[][][] loss;
  /** [d][l][code] -> the numerator of loss[d][l][code] over {@link #lossDenominator}[d] (exact). */
  final int[][][] lossNumerator;
  /** [d] -> leaves - 1, the denominator of the loss of column d; 0 when it has one leaf (no loss). */
  final long[] lossDenominator;
  final String[] sensNames;
  final int[] sensColumns;
  final int[] sensCard;
  /** [j][code] -> fraction of all rows. */
  final double[][] sensDist;
  /**
   * For each ordered t-closeness model, [code] -> rank in that model's order: each model its own (two
   * models on one attribute may order it differently).
   */
  final java.util.Map<PrivacyModel, int[]> orderedRank = new java.util.IdentityHashMap<>();
  /** Bits per tuple position: QIs (at level 0) then sensitive attributes. */
  final int[] bits;
  final boolean forceHashed;

  Encoding(DataTable table, List<String> qis, List<Hierarchy> hierarchies, List<String> sensitive,
      List<PrivacyModel> models, boolean forceHashed) {
    this.table = table;
    this.n = table.rowCount();
    this.q = qis.size();
    this.s = sensitive.size();
    this.forceHashed = forceHashed;
    qiNames = qis.toArray(new String[0]);
    qiColumns = new int[q];
    heights = new int[q];
    levelCode = new int[q][][];
    levelValues = new String[q][][];
    maps = new int[q][][][];
    loss = new double[q][][];
    lossNumerator = new int[q][][];
    lossDenominator = new long[q];
    bits = new int[q + s];
    for (int d = 0; d < q; d++) {
      encodeQi(d, hierarchies.get(d));
    }
    sensNames = sensitive.toArray(new String[0]);
    sensColumns = new int[s];
    sensCard = new int[s];
    sensDist = new double[s][];
    for (int j = 0; j < s; j++) {
      int col = column(sensNames[j]);
      sensColumns[j] = col;
      sensCard[j] = table.distinctValues(col);
      bits[q + j] = bitsFor(sensCard[j]);
      long[] counts = new long[sensCard[j]];
      for (int code : table.codes(col)) {
        counts[code]++;
      }
      sensDist[j] = new double[sensCard[j]];
      for (int v = 0; v < sensCard[j]; v++) {
        sensDist[j][v] = n == 0 ? 0 : (double) counts[v] / n;
      }
      for (PrivacyModel m : models) {
        if (m.kind == PrivacyModel.Kind.ORDERED_T && sensNames[j].equals(m.attribute)) {
          orderedRank.put(m, rank(table.dictionary(col), m.order, sensNames[j]));
        }
      }
    }
  }

  private int column(String name) {
    int col = table.columnIndex(name);
    if (col < 0) {
      throw new IllegalArgumentException("the table has no column '" + name + "'; columns: " + table.columns());
    }
    return col;
  }

  static int bitsFor(int cardinality) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, cardinality - 1)));
  }

  private void encodeQi(int d, Hierarchy h) {
    int col = column(qiNames[d]);
    qiColumns[d] = col;
    int height = h.levels();
    heights[d] = height;
    String[] dict = table.dictionary(col);
    levelCode[d] = new int[height][];
    levelValues[d] = new String[height][];
    for (int l = 0; l < height; l++) {
      int[] codes = new int[dict.length];
      Object2IntOpenHashMap<String> intern = new Object2IntOpenHashMap<>();
      intern.defaultReturnValue(-1);
      List<String> values = new ArrayList<>();
      for (int x = 0; x < dict.length; x++) {
        String g;
        try {
          g = h.generalize(dict[x], l);
        } catch (InvalidInputException e) {
          throw new InvalidInputException("column '" + qiNames[d] + "', hierarchy level " + l + ": " + e.reason());
        }
        int c = intern.getInt(g);
        if (c < 0) {
          c = values.size();
          intern.put(g, c);
          values.add(g);
        }
        codes[x] = c;
      }
      levelCode[d][l] = codes;
      levelValues[d][l] = values.toArray(new String[0]);
    }
    bits[d] = bitsFor(dict.length);
    maps[d] = new int[height][height][];
    for (int a = 0; a < height; a++) {
      for (int b = a + 1; b < height; b++) {
        int[] m = new int[levelValues[d][a].length];
        Arrays.fill(m, -1);
        for (int x = 0; x < dict.length; x++) {
          int from = levelCode[d][a][x];
          int to = levelCode[d][b][x];
          if (m[from] >= 0 && m[from] != to) {
            throw new IllegalArgumentException("the hierarchy of column '" + qiNames[d]
                + "' is not a tree on the data: a value of level " + a + " has two generalizations at level " + b);
          }
          m[from] = to;
        }
        maps[d][a][b] = m;
      }
    }
    // Generalized loss: leaves under each generalized value.
    List<String> leaves = h.leaves().isEmpty() ? Arrays.asList(dict) : h.leaves();
    int total = leaves.size();
    loss[d] = new double[height][];
    lossNumerator[d] = new int[height][];
    lossDenominator[d] = total <= 1 ? 0 : total - 1;
    for (int l = 0; l < height; l++) {
      Object2IntOpenHashMap<String> index = new Object2IntOpenHashMap<>();
      index.defaultReturnValue(-1);
      String[] vals = levelValues[d][l];
      for (int c = 0; c < vals.length; c++) {
        index.put(vals[c], c);
      }
      int[] under = new int[vals.length];
      for (String leaf : leaves) {
        int c = index.getInt(h.generalize(leaf, l));
        if (c >= 0) {
          under[c]++;
        }
      }
      loss[d][l] = new double[vals.length];
      lossNumerator[d][l] = new int[vals.length];
      for (int c = 0; c < vals.length; c++) {
        lossNumerator[d][l][c] = total <= 1 ? 0 : Math.max(1, under[c]) - 1;
        loss[d][l][c] = total <= 1 ? 0 : (Math.max(1, under[c]) - 1) / (double) (total - 1);
      }
    }
  }

  private static int[] rank(String[] dict, List<String> order, String attribute) {
    Integer[] idx = new Integer[dict.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    if (order != null) {
      Object2IntOpenHashMap<String> pos = new Object2IntOpenHashMap<>();
      pos.defaultReturnValue(-1);
      for (int i = 0; i < order.size(); i++) {
        pos.put(order.get(i), i);
      }
      for (String v : dict) {
        if (pos.getInt(v) < 0) {
          throw new InvalidInputException("a value of sensitive attribute '" + attribute
              + "' is missing from the order given for ordered t-closeness");
        }
      }
      Arrays.sort(idx, Comparator.comparingInt(i -> pos.getInt(dict[i])));
    } else {
      boolean numeric = true;
      double[] num = new double[dict.length];
      for (int i = 0; i < dict.length && numeric; i++) {
        try {
          num[i] = Double.parseDouble(dict[i].trim());
          numeric = Double.isFinite(num[i]);
        } catch (NumberFormatException e) {
          numeric = false;
        }
      }
      if (numeric) {
        Arrays.sort(idx, Comparator.comparingDouble(i -> num[i]));
      } else {
        Arrays.sort(idx, Comparator.comparing(i -> dict[i]));
      }
    }
    int[] rank = new int[dict.length];
    for (int r = 0; r < idx.length; r++) {
      rank[idx[r]] = r;
    }
    return rank;
  }
}
