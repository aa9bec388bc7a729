package org.anonkit.privacy.kanon;

/**
 * Full-domain generalization search over the lattice of hierarchy levels.
 *
 * <p><b>Exhaustive search</b> visits the nodes in lexicographic order of their level vectors (the
 * first quasi-identifier most significant). That order puts every direct predecessor of a node
 * before it, and is a pre-order walk of the spanning tree whose parent of a node lowers its last
 * non-zero level, so each node is computed by rolling up the partition of a finer node kept on a
 * short stack (a chain of at most one node per lattice height).
 *
 * <p><b>Pruning</b>, used only when it is sound: when every model is monotone under the chosen
 * suppression setting and the metric never decreases under generalization, a node with a
 * satisfying direct predecessor satisfies the models too and cannot be better than that
 * predecessor (equal cost loses the tie on fewer generalization steps), so it is tagged without
 * evaluation; the optimum is then among the evaluated minimal satisfying nodes. Otherwise every node
 * is evaluated.
 *
 * <p><b>Heuristic search</b> for lattices above the exhaustive limit: start at the top node and
 * repeatedly move to the best satisfying direct predecessor until none satisfies or the evaluation
 * budget is spent. Its result is marked not optimal.
 *
 * <p>Not thread-safe.
 */
final class LatticeSearch {
  private static final byte UNKNOWN = 0;
  private static final byte SATISFIED = 1;
  private static final byte FAILED = 2;

  private final Encoding enc;
  private final Evaluator ev;
  private final UtilityMetric metric;
  private final int q;
  private final int[] h;

  NodeStats best;
  boolean optimal;
  long latticeSize;
  long checked;

  LatticeSearch(Encoding enc, Evaluator ev, UtilityMetric metric) {
    this.enc = enc;
    this.ev = ev;
    this.metric = metric;
    this.q = enc.q;
    this.h = enc.heights;
  }

  static long latticeSize(int[] heights) {
    long size = 1;
    for (int x : heights) {
      try {
        size = Math.multiplyExact(size, x);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return size;
  }

  void run(boolean prune, long maxExhaustive, int budget) {
    latticeSize = latticeSize(h);
    Partition base = ev.base();
    if (latticeSize <= maxExhaustive) {
      exhaustive(base, prune);
      optimal = true;
    } else {
      heuristic(base, budget);
      optimal = false;
    }
  }

  private boolean better(NodeStats a, NodeStats b) {
    if (b == null) {
      return true;
    }
    double ca = a.cost(metric);
    double cb = b.cost(metric);
    if (ca != cb) {
      return ca < cb;
    }
    int sa = 0;
    int sb = 0;
    for (int d = 0; d < q; d++) {
      sa += a.levels[d];
      sb += b.levels[d];
    }
    if (sa != sb) {
      return sa < sb;
    }
    for (int d = 0; d < q; d++) {
      if (a.levels[d] != b.levels[d]) {
        return a.levels[d] < b.levels[d];
      }
    }
    return false;
  }

  private void exhaustive(Partition base, boolean prune) {
    int n = (int) latticeSize;
    int[] stride = new int[q];
    int depth = 1;
    for (int d = q - 1, s = 1; d >= 0; d--) {
      stride[d] = s;
      s *= h[d];
      depth += h[d] - 1;
    }
    byte[] status = new byte[n];
    Partition[] stack = new Partition[depth + 1];
    int sp = 0;
    stack[sp++] = base;
    int[] levels = new int[q];
    for (int idx = 0; idx < n; idx++) {
      if (idx > 0) { // odometer, last quasi-identifier fastest
        for (int d = q - 1; d >= 0; d--) {
          if (++levels[d] < h[d]) {
            break;
          }
          levels[d] = 0;
        }
      }
      while (sp > 1 && !stack[sp - 1].finerOrEqual(levels)) {
        sp--;
      }
      if (prune) {
        boolean inferred = false;
        for (int d = 0; d < q && !inferred; d++) {
          inferred = levels[d] > 0 && status[idx - stride[d]] == SATISFIED;
        }
        if (inferred) {
          status[idx] = SATISFIED;
          continue;
        }
      }
      Partition p = ev.rollUp(stack[sp - 1], levels);
      NodeStats st = ev.evaluate(p);
      checked++;
      status[idx] = st.satisfied ? SATISFIED : FAILED;
      if (st.satisfied && better(st, best)) {
        best = st;
      }
      if ((!st.satisfied || !prune) && p != stack[sp - 1]) {
        stack[sp++] = p;
      }
    }
  }

  private void heuristic(Partition base, int budget) {
    int[] cur = new int[q];
    for (int d = 0; d < q; d++) {
      cur[d] = h[d] - 1;
    }
    NodeStats st = ev.evaluate(ev.rollUp(base, cur));
    checked++;
    if (!st.satisfied) {
      return;
    }
    best = st;
    while (checked < budget) {
      NodeStats step = null;
      for (int d = 0; d < q && checked < budget; d++) {
        if (cur[d] == 0) {
          continue;
        }
        int[] cand = cur.clone();
        cand[d]--;
        NodeStats c = ev.evaluate(ev.rollUp(base, cand));
        checked++;
        if (c.satisfied && better(c, step)) {
          step = c;
        }
      }
      if (step == null) {
        return;
      }
      cur = step.levels.clone();
      if (better(step, best)) {
        best = step;
      }
    }
  }
}
