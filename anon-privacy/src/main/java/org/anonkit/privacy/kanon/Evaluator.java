package org.anonkit.privacy.kanon;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.ArrayList;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;

/**
 * Computes partitions (from the rows once, then by roll-up) and checks a node: groups the cells into
 * equivalence classes, suppresses every class that fails a model, and computes all metrics in the
 * same pass. Not thread-safe (it reuses scratch buffers).
 */
final class Evaluator {
  private final Encoding enc;
  private final int k;
  private final PrivacyModel[][] byAttribute; // [j] -> models on sensitive attribute j
  private final long maxSuppressed;
  private final int width;
  private final int[][] hist; // [j][code] scratch
  private final int[][] touched; // [j] scratch
  private final int[][][] rankOf; // [j][i] -> [code] -> rank in the order of model byAttribute[j][i]
  private final double[][][] distByRank; // [j][i][rank] for ordered t-closeness model byAttribute[j][i]
  private final double[][] byRank; // [j][rank] scratch
  private int[] sortTmp = new int[16];
  /** Whether cells are packed into long keys (all codes fit 63 bits). */
  private final boolean packed;
  private final int[] shift;
  private final long[] mask;
  private final long qiMask;
  private final Long2IntOpenHashMap rollMap = new Long2IntOpenHashMap();
  private final Long2IntOpenHashMap classMap = new Long2IntOpenHashMap();
  long evaluations;

  Evaluator(Encoding enc, List<PrivacyModel> models, long maxSuppressed) {
    this.enc = enc;
    this.width = enc.q + enc.s;
    this.maxSuppressed = maxSuppressed;
    int kk = 1;
    byAttribute = new PrivacyModel[enc.s][];
    for (int j = 0; j < enc.s; j++) {
      List<PrivacyModel> list = new ArrayList<>();
      for (PrivacyModel m : models) {
        if (enc.sensNames[j].equals(m.attribute)) {
          list.add(m);
        }
      }
      byAttribute[j] = list.toArray(new PrivacyModel[0]);
    }
    for (PrivacyModel m : models) {
      if (m.kind == PrivacyModel.Kind.K_ANONYMITY) {
        kk = Math.max(kk, m.k);
      }
    }
    this.k = kk;
    int total = 0;
    shift = new int[width];
    mask = new long[width];
    long qm = 0;
    for (int c = 0; c < width; c++) {
      shift[c] = total;
      mask[c] = (1L << enc.bits[c]) - 1;
      if (c < enc.q) {
        qm |= mask[c] << shift[c];
      }
      total += enc.bits[c];
    }
    qiMask = qm;
    packed = !enc.forceHashed && total <= 63;
    rollMap.defaultReturnValue(-1);
    classMap.defaultReturnValue(-1);
    hist = new int[enc.s][];
    touched = new int[enc.s][];
    rankOf = new int[enc.s][][];
    distByRank = new double[enc.s][][];
    byRank = new double[enc.s][];
    for (int j = 0; j < enc.s; j++) {
      hist[j] = new int[enc.sensCard[j]];
      touched[j] = new int[enc.sensCard[j]];
      rankOf[j] = new int[byAttribute[j].length][];
      distByRank[j] = new double[byAttribute[j].length][];
      for (int i = 0; i < byAttribute[j].length; i++) {
        int[] rank = enc.orderedRank.get(byAttribute[j][i]);
        if (rank == null) {
          continue;
        }
        rankOf[j][i] = rank;
        distByRank[j][i] = new double[enc.sensCard[j]];
        byRank[j] = new double[enc.sensCard[j]];
        for (int v = 0; v < enc.sensCard[j]; v++) {
          distByRank[j][i][rank[v]] = enc.sensDist[j][v];
        }
      }
    }
  }

  /** The bottom node's partition, from the rows. */
  Partition base() {
    int q = enc.q;
    if (packed) {
      return basePacked();
    }
    TupleTable t = TupleTable.create(enc.bits, width, Math.min(enc.n, 1 << 16), enc.forceHashed);
    int[][] cols = new int[width][];
    for (int d = 0; d < q; d++) {
      cols[d] = enc.table.codes(enc.qiColumns[d]);
    }
    for (int j = 0; j < enc.s; j++) {
      cols[q + j] = enc.table.codes(enc.sensColumns[j]);
    }
    int[] buf = new int[width];
    int[] counts = new int[1024];
    for (int r = 0; r < enc.n; r++) {
      for (int i = 0; i < width; i++) {
        buf[i] = cols[i][r];
      }
      int idx = t.intern(buf, 0);
      if (idx == counts.length) {
        counts = Arrays.copyOf(counts, counts.length * 2);
      }
      counts[idx]++;
    }
    return new Partition(new int[q], width, t.size, t.tuples, counts);
  }

  private Partition basePacked() {
    int q = enc.q;
    int[][] cols = new int[width][];
    for (int d = 0; d < q; d++) {
      cols[d] = enc.table.codes(enc.qiColumns[d]);
    }
    for (int j = 0; j < enc.s; j++) {
      cols[q + j] = enc.table.codes(enc.sensColumns[j]);
    }
    Long2IntOpenHashMap map = new Long2IntOpenHashMap(Math.min(enc.n, 1 << 16));
    map.defaultReturnValue(-1);
    long[] keys = new long[1024];
    int[] counts = new int[1024];
    int size = 0;
    for (int r = 0; r < enc.n; r++) {
      long key = 0;
      for (int c = 0; c < width; c++) {
        key |= ((long) cols[c][r]) << shift[c];
      }
      int idx = map.putIfAbsent(key, size);
      if (idx < 0) {
        if (size == keys.length) {
          keys = Arrays.copyOf(keys, size * 2);
          counts = Arrays.copyOf(counts, size * 2);
        }
        keys[size] = key;
        counts[size++] = 1;
      } else {
        counts[idx]++;
      }
    }
    return new Partition(new int[q], width, size, keys, counts).trimmed();
  }

  /** Code of tuple position {@code c} (QI, then sensitive) of cell {@code i}. */
  private int code(Partition p, int i, int c) {
    return p.keys != null ? (int) ((p.keys[i] >>> shift[c]) & mask[c]) : p.tuples[i * width + c];
  }

  private Partition rollUpPacked(Partition src, int[] target, int[][] m) {
    int q = enc.q;
    int nc = 0;
    int[] sh = new int[q];
    long[] mk = new long[q];
    int[][] mp = new int[q][];
    for (int d = 0; d < q; d++) {
      if (m[d] != null) {
        sh[nc] = shift[d];
        mk[nc] = mask[d];
        mp[nc++] = m[d];
      }
    }
    Long2IntOpenHashMap map = rollMap;
    map.clear();
    map.ensureCapacity(src.size);
    long[] keys = new long[src.size];
    int[] counts = new int[src.size];
    int size = 0;
    long[] in = src.keys;
    int[] inCounts = src.counts;
    for (int i = 0; i < src.size; i++) {
      long key = in[i];
      for (int c = 0; c < nc; c++) {
        int code = (int) ((key >>> sh[c]) & mk[c]);
        key = (key & ~(mk[c] << sh[c])) | ((long) mp[c][code] << sh[c]);
      }
      int idx = map.putIfAbsent(key, size);
      if (idx < 0) {
        keys[size] = key;
        counts[size++] = inCounts[i];
      } else {
        counts[idx] += inCounts[i];
      }
    }
    return new Partition(target.clone(), width, size, keys, counts);
  }

  /** The partition at {@code target} (all levels &ge; the source's). */
  Partition rollUp(Partition src, int[] target) {
    int q = enc.q;
    int[][] m = new int[q][];
    boolean same = true;
    for (int d = 0; d < q; d++) {
      if (src.levels[d] != target[d]) {
        m[d] = enc.maps[d][src.levels[d]][target[d]];
        same = false;
      }
    }
    if (same) {
      return src;
    }
    if (src.keys != null) {
      return rollUpPacked(src, target, m);
    }
    TupleTable t = TupleTable.create(enc.bits, width, src.size, enc.forceHashed);
    int[] counts = new int[Math.max(16, src.size)];
    int[] buf = new int[width];
    int[] tuples = src.tuples;
    for (int i = 0, off = 0; i < src.size; i++, off += width) {
      for (int c = 0; c < width; c++) {
        int v = tuples[off + c];
        buf[c] = c < q && m[c] != null ? m[c][v] : v;
      }
      counts[t.intern(buf, 0)] += src.counts[i];
    }
    return new Partition(target.clone(), width, t.size, t.tuples, counts);
  }

  /** Equivalence classes of a node, for writing the output. */
  static final class Classes {
    TupleTable table;
    boolean[] suppressed;
    int[] sizes;
  }

  NodeStats evaluate(Partition p) {
    return evaluate(p, null);
  }

  NodeStats evaluate(Partition p, Classes detail) {
    evaluations++;
    final int q = enc.q;
    final int n = p.size;
    int nClasses;
    int[] classOf = null;
    int[] classSize;
    int[] firstCell;
    if (enc.s == 0 && detail == null) {
      nClasses = n;
      classSize = p.counts;
      firstCell = null;
    } else if (p.keys != null && detail == null) {
      Long2IntOpenHashMap cm = classMap;
      cm.clear();
      cm.ensureCapacity(n);
      classOf = new int[n];
      int next = 0;
      long[] keys = p.keys;
      for (int i = 0; i < n; i++) {
        int c = cm.putIfAbsent(keys[i] & qiMask, next);
        classOf[i] = c < 0 ? next++ : c;
      }
      nClasses = next;
      classSize = new int[nClasses];
      firstCell = new int[nClasses];
      Arrays.fill(firstCell, -1);
      for (int i = 0; i < n; i++) {
        int c = classOf[i];
        classSize[c] += p.counts[i];
        if (firstCell[c] < 0) {
          firstCell[c] = i;
        }
      }
    } else {
      TupleTable ct = TupleTable.create(enc.bits, q, n, enc.forceHashed);
      classOf = new int[n];
      int[] buf = new int[q];
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < q; d++) {
          buf[d] = code(p, i, d);
        }
        classOf[i] = ct.intern(buf, 0);
      }
      nClasses = ct.size;
      classSize = new int[nClasses];
      firstCell = new int[nClasses];
      Arrays.fill(firstCell, -1);
      for (int i = 0; i < n; i++) {
        int c = classOf[i];
        classSize[c] += p.counts[i];
        if (firstCell[c] < 0) {
          firstCell[c] = i;
        }
      }
      if (detail != null) {
        detail.table = ct;
        detail.suppressed = new boolean[nClasses];
        detail.sizes = classSize;
      }
    }
    // Cells of each class, contiguous (counting sort), when a sensitive model needs them.
    int[] start = null;
    int[] order = null;
    boolean sensitiveModels = false;
    for (PrivacyModel[] ms : byAttribute) {
      sensitiveModels |= ms.length > 0;
    }
    if (sensitiveModels) {
      start = new int[nClasses + 1];
      for (int i = 0; i < n; i++) {
        start[classOf[i] + 1]++;
      }
      for (int c = 0; c < nClasses; c++) {
        start[c + 1] += start[c];
      }
      order = new int[n];
      int[] fill = Arrays.copyOf(start, nClasses);
      for (int i = 0; i < n; i++) {
        order[fill[classOf[i]]++] = i;
      }
    }
    long suppressed = 0;
    long suppressedClasses = 0;
    long released = 0;
    long dmStar = 0;
    long dmReleased = 0;
    // loss numerators per column (over enc.lossDenominator[d]), exact: see exactRatio
    long[] lossReleased = new long[q];
    long[] lossSuppressedClasses = new long[q];
    long minReleased = Long.MAX_VALUE;
    int[] levels = p.levels;
    for (int c = 0; c < nClasses; c++) {
      long size = classSize[c];
      boolean ok = size >= k;
      if (ok && sensitiveModels) {
        ok = checkSensitive(p, order, start[c], start[c + 1], (int) size);
      }
      dmStar += size * size;
      if (!ok) {
        suppressed += size;
        suppressedClasses++;
        if (detail != null) {
          detail.suppressed[c] = true;
        }
      } else {
        released++;
        dmReleased += size * size;
        minReleased = Math.min(minReleased, size);
      }
      int cell = firstCell == null ? c : firstCell[c];
      long[] into = ok ? lossReleased : lossSuppressedClasses;
      for (int d = 0; d < q; d++) {
        into[d] += size * enc.lossNumerator[d][levels[d]][code(p, cell, d)];
      }
    }
    long rows = enc.n;
    long cells = rows * q;
    // Loss and precision as exact rationals, rounded once: two transformations of equal cost get the
    // same double, so that ties go to fewer steps as documented (summed in floating point, equal costs
    // came out an ulp apart, and the tie to whichever the rounding favoured)
    BigInteger lossDen = BigInteger.ONE; // lcm of the columns' denominators
    for (int d = 0; d < q; d++) {
      if (enc.lossDenominator[d] > 0) {
        BigInteger x = BigInteger.valueOf(enc.lossDenominator[d]);
        lossDen = lossDen.divide(lossDen.gcd(x)).multiply(x);
      }
    }
    BigInteger lossReleasedNum = BigInteger.ZERO;
    BigInteger lossAllNum = BigInteger.ZERO;
    for (int d = 0; d < q; d++) {
      if (enc.lossDenominator[d] > 0) {
        BigInteger f = lossDen.divide(BigInteger.valueOf(enc.lossDenominator[d]));
        lossReleasedNum = lossReleasedNum.add(f.multiply(BigInteger.valueOf(lossReleased[d])));
        lossAllNum = lossAllNum.add(f.multiply(BigInteger.valueOf(lossReleased[d] + lossSuppressedClasses[d])));
      }
    }
    BigInteger cellsBig = BigInteger.valueOf(cells);
    BigInteger suppressedCells = BigInteger.valueOf(suppressed).multiply(BigInteger.valueOf(q));
    double loss = cells == 0 ? 0 : exactRatio(lossReleasedNum.add(suppressedCells.multiply(lossDen)),
        cellsBig.multiply(lossDen));
    double lossUnsuppressed = cells == 0 ? 0 : exactRatio(lossAllNum, cellsBig.multiply(lossDen));
    // precision: g = sum of level/(height - 1), over the lcm of the (height - 1)
    BigInteger levelDen = BigInteger.ONE;
    for (int d = 0; d < q; d++) {
      if (enc.heights[d] > 1) {
        BigInteger x = BigInteger.valueOf(enc.heights[d] - 1);
        levelDen = levelDen.divide(levelDen.gcd(x)).multiply(x);
      }
    }
    BigInteger gNum = BigInteger.ZERO; // g * levelDen
    for (int d = 0; d < q; d++) {
      if (enc.heights[d] > 1) {
        gNum = gNum.add(BigInteger.valueOf(levels[d])
            .multiply(levelDen.divide(BigInteger.valueOf(enc.heights[d] - 1))));
      }
    }
    double precision = cells == 0 ? 1 : 1 - exactRatio(
        BigInteger.valueOf(rows - suppressed).multiply(gNum).add(suppressedCells.multiply(levelDen)),
        cellsBig.multiply(levelDen));
    double precisionUnsuppressed = q == 0 ? 1
        : 1 - exactRatio(gNum, BigInteger.valueOf(q).multiply(levelDen));
    long aecsClasses = released + (suppressed > 0 ? 1 : 0);
    double aecs = aecsClasses == 0 ? 0 : (double) rows / aecsClasses;
    return new NodeStats(levels.clone(), suppressed <= maxSuppressed, rows, suppressed, released, suppressedClasses,
        dmStar, dmReleased + suppressed * rows, loss, precision, aecs, released == 0 ? 0 : minReleased,
        lossUnsuppressed, precisionUnsuppressed);
  }

  /** num/den rounded once (to 34 significant digits, then to the nearest double): equal ratios, equal doubles. */
  static double exactRatio(BigInteger num, BigInteger den) {
    return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL128).doubleValue();
  }

  private boolean checkSensitive(Partition p, int[] order, int from, int to, int size) {
    final int q = enc.q;

    for (int j = 0; j < byAttribute.length; j++) {
      PrivacyModel[] ms = byAttribute[j];
      if (ms.length == 0) {
        continue;
      }
      int[] h = hist[j];
      int[] tv = touched[j];
      int nt = 0;
      for (int x = from; x < to; x++) {
        int cell = order[x];
        int v = code(p, cell, q + j);
        if (h[v] == 0) {
          tv[nt++] = v;
        }
        h[v] += p.counts[cell];
      }
      boolean ok = true;
      for (int i = 0; i < ms.length && ok; i++) {
        ok = check(ms[i], j, i, h, tv, nt, size);
      }
      for (int i = 0; i < nt; i++) {
        h[tv[i]] = 0;
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether the class satisfies {@code m}, the {@code i}-th model on sensitive attribute {@code j}. */
  private boolean check(PrivacyModel m, int j, int i0, int[] h, int[] tv, int nt, int size) {
    switch (m.kind) {
      case DISTINCT_L:
        return nt >= m.l;
      case ENTROPY_L: {
        double e = 0;
        for (int i = 0; i < nt; i++) {
          double f = h[tv[i]] / (double) size;
          e -= f * Math.log(f);
        }
        return e >= Math.log(m.l) - PrivacyModel.EPSILON;
      }
      case RECURSIVE_CL: {
        int l = (int) m.l;
        if (nt < l) {
          return false;
        }
        if (sortTmp.length < nt) {
          sortTmp = new int[nt];
        }
        for (int i = 0; i < nt; i++) {
          sortTmp[i] = h[tv[i]];
        }
        Arrays.sort(sortTmp, 0, nt); // ascending: r1 = sortTmp[nt-1], r_i = sortTmp[nt-i]
        long tail = 0;
        for (int i = l; i <= nt; i++) {
          tail += sortTmp[nt - i];
        }
        return sortTmp[nt - 1] < m.c * tail;
      }
      case EQUAL_T: {
        double[] pDist = enc.sensDist[j];
        double sum = 0;
        double covered = 0;
        for (int i = 0; i < nt; i++) {
          int v = tv[i];
          sum += Math.abs(h[v] / (double) size - pDist[v]);
          covered += pDist[v];
        }
        double emd = 0.5 * (sum + Math.max(0, 1 - covered));
        return emd <= m.t + PrivacyModel.EPSILON;
      }
      case ORDERED_T: {
        int mm = enc.sensCard[j];
        if (mm <= 1) {
          return true;
        }
        int[] rank = rankOf[j][i0];
        double[] qr = byRank[j];
        double[] pr = distByRank[j][i0];
        for (int i = 0; i < nt; i++) {
          qr[rank[tv[i]]] = h[tv[i]] / (double) size;
        }
        double cum = 0;
        double sum = 0;
        for (int r = 0; r < mm; r++) {
          cum += qr[r] - pr[r];
          sum += Math.abs(cum);
        }
        for (int i = 0; i < nt; i++) {
          qr[rank[tv[i]]] = 0;
        }
        return sum / (mm - 1) <= m.t + PrivacyModel.EPSILON;
      }
      default:
        return size >= m.k;
    }
  }
}
