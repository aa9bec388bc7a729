package org.anonkit.privacy.kanon;

/**
 * Full-domain generalization search over the lattice of hierarchy levels (one level per
 * quasi-identifier; node order: level vectors compared lexicographically, the first
 * quasi-identifier most significant).
 *
 * <p><b>Pruned exhaustive search</b> ({@link #pruned}), used when it is sound: every model is
 * monotone under the chosen suppression setting (see {@link PrivacyModel}) and the metric never
 * decreases from a satisfying node to a satisfying generalization of it (see
 * {@link UtilityMetric}). Nodes are classified by binary search along chains with two-way tagging
 * (after Flash, Kohlmayer et al. 2012): a failing node tags all its predecessors failing, a
 * satisfying node tags all its successors satisfying (they are not minimal and cannot win: equal
 * cost loses the tie on more generalization steps). In addition a node whose
 * {@linkplain NodeStats#lowerBound cost lower bound} exceeds the best satisfying cost found tags its
 * successors irrelevant. The optimum is a minimal satisfying node, and only evaluation classifies
 * those, so the best evaluated satisfying node is the optimum.
 *
 * <p><b>Plain exhaustive search</b> ({@link #exhaustive}) otherwise: every node in lexicographic
 * order, which puts each node's direct predecessors before it and is a pre-order walk of the
 * spanning tree whose parent of a node lowers its last non-zero level, so each node is rolled up from
 * its parent kept on a short stack. Only the sound cost bound skips nodes (after a cheap greedy
 * solution provides a first bound); with {@code pruning(false)} nothing is skipped.
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
  /** Cannot be optimal: at or above a node that costs more than the best found (truth unknown). */
  private static final byte IRRELEVANT = 3;

  private final Encoding enc;
  private final Evaluator ev;
  private final UtilityMetric metric;
  private final int q;
  private final int[] h;

  NodeStats best;
  boolean optimal;
  long latticeSize;
  long checked;
  // Evaluated failing nodes not yet used as a bound (cost-based pruning, see pruned()).
  private int[] failedNodes;
  private double[] failedCosts;
  private int failedCount;

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

  void run(boolean prune, boolean bound, long maxExhaustive, int budget) {
    latticeSize = latticeSize(h);
    Partition base = ev.base();
    if (latticeSize <= maxExhaustive) {
      if (prune) {
        pruned(base);
      } else {
        if (bound) {
          heuristic(base, q * 4 + 1); // a cheap first solution to bound the costs by
        }
        exhaustive(base, bound);
      }
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

  /**
   * Evaluates every node, except, when {@code bound}, the generalizations of nodes whose
   * {@linkplain NodeStats#lowerBound lower bound} exceeds the cost of the best satisfying node found
   * so far. That is sound for every metric and whatever the (possibly non-monotone) models say: the
   * bound (the cost as if nothing were suppressed) never decreases under generalization, and
   * suppression only adds cost (a suppressed row is a class of its own for DM* and AECS, costs
   * {@code n >= |E|} per row for DM, and loses 1 per cell for loss and precision).
   */
  private void exhaustive(Partition base, boolean bound) {
    int n = (int) latticeSize;
    int[] stride = new int[q];
    int depth = 1;
    for (int d = q - 1, s = 1; d >= 0; d--) {
      stride[d] = s;
      s *= h[d];
      depth += h[d] - 1;
    }
    byte[] status = new byte[n];
    double[] cost = bound ? new double[n] : null;
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
      if (bound && best != null) {
        double limit = best.cost(metric);
        boolean skip = false;
        for (int d = 0; d < q && !skip; d++) {
          skip = levels[d] > 0 && (status[idx - stride[d]] == IRRELEVANT || cost[idx - stride[d]] > limit);
        }
        if (skip) {
          status[idx] = IRRELEVANT;
          continue;
        }
      }
      Partition p = ev.rollUp(stack[sp - 1], levels);
      NodeStats st = ev.evaluate(p);
      checked++;
      status[idx] = st.satisfied ? SATISFIED : FAILED;
      if (bound) {
        cost[idx] = st.lowerBound(metric);
      }
      if (st.satisfied && better(st, best)) {
        best = st;
      }
      if (p != stack[sp - 1]) {
        stack[sp++] = p;
      }
    }
  }

  /**
   * Search with monotonicity tagging in both directions (after Flash, Kohlmayer et al. 2012): the
   * nodes are taken in lexicographic order; for each one not yet classified, a chain of successors up
   * to the top is binary-searched for its lowest satisfying node. A failing node tags all its
   * predecessors as failing, a satisfying one tags all its successors as satisfying (and not
   * minimal). Every minimal satisfying node is evaluated (only evaluation can classify it), so the
   * best evaluated satisfying node is the optimum.
   */
  private void pruned(Partition base) {
    int n = (int) latticeSize;
    int[] stride = new int[q];
    int depth = 0;
    for (int d = q - 1, s = 1; d >= 0; d--) {
      stride[d] = s;
      s *= h[d];
      depth += h[d] - 1;
    }
    byte[] status = new byte[n];
    failedNodes = new int[64];
    failedCosts = new double[64];
    failedCount = 0;
    PartitionCache cache = new PartitionCache(base);
    int[] chain = new int[depth + 1];
    int[][] chainLevels = new int[depth + 1][];
    int[] work = new int[n];
    int[] levels = new int[q];
    for (int idx = 0; idx < n; idx++) {
      if (idx > 0) {
        for (int d = q - 1; d >= 0; d--) {
          if (++levels[d] < h[d]) {
            break;
          }
          levels[d] = 0;
        }
      }
      if (status[idx] != UNKNOWN) {
        continue;
      }
      // A chain from this node to the top: raise the least generalized attribute (relative level) first.
      int m = 0;
      int[] cur = levels.clone();
      int ci = idx;
      chain[0] = ci;
      chainLevels[0] = cur.clone();
      while (true) {
        int pick = -1;
        double rel = Double.MAX_VALUE;
        for (int d = 0; d < q; d++) {
          if (cur[d] < h[d] - 1) {
            double r = cur[d] / (double) (h[d] - 1);
            if (r < rel) {
              rel = r;
              pick = d;
            }
          }
        }
        if (pick < 0) {
          break;
        }
        cur[pick]++;
        ci += stride[pick];
        m++;
        chain[m] = ci;
        chainLevels[m] = cur.clone();
      }
      int lo = 0;
      int hi = m + 1; // the first satisfying chain index is in [lo, hi]; m + 1: none
      for (int i = 0; i <= m; i++) {
        if (status[chain[i]] == FAILED) {
          lo = i + 1;
        } else if ((status[chain[i]] == SATISFIED || status[chain[i]] == IRRELEVANT)
            && hi == m + 1) {
          hi = i;
        }
      }
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        int node = chain[mid];
        boolean sat;
        if (status[node] != UNKNOWN && (status[node] != IRRELEVANT)) {
          sat = status[node] != FAILED;
        } else {
          Partition p = cache.rollUp(ev, chainLevels[mid]);
          NodeStats st = ev.evaluate(p);
          checked++;
          sat = st.satisfied;
          if (sat) {
            if (better(st, best)) {
              best = st;
            }
            tag(status, work, node, SATISFIED, stride, +1);
          } else {
            cache.keep(p);
            tag(status, work, node, FAILED, stride, -1);
            if (best != null && st.lowerBound(metric) > best.cost(metric)) {
              tagSuccessors(status, work, node, stride);
            } else {
              if (failedCount == failedNodes.length) {
                failedNodes = java.util.Arrays.copyOf(failedNodes, failedCount * 2);
                failedCosts = java.util.Arrays.copyOf(failedCosts, failedCount * 2);
              }
              failedNodes[failedCount] = node;
              failedCosts[failedCount++] = st.lowerBound(metric);
            }
          }
          if (sat && best == st) { // a better bound: nodes above costlier failed nodes cannot win
            double bound = st.cost(metric);
            int keep = 0;
            for (int f = 0; f < failedCount; f++) {
              if (failedCosts[f] > bound) {
                tagSuccessors(status, work, failedNodes[f], stride);
              } else {
                failedNodes[keep] = failedNodes[f];
                failedCosts[keep++] = failedCosts[f];
              }
            }
            failedCount = keep;
          }
        }
        if (sat) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
    }
  }

  /**
   * Marks every successor of {@code node} as settled without evaluation: they cost at least as much
   * as {@code node} (monotone metric), which costs more than the best satisfying node found.
   */
  private void tagSuccessors(byte[] status, int[] work, int node, int[] stride) {
    for (int d = 0; d < q; d++) {
      int j = node + stride[d];
      if ((node / stride[d]) % h[d] < h[d] - 1 && status[j] != SATISFIED && status[j] != IRRELEVANT) {
        tag(status, work, j, IRRELEVANT, stride, +1);
      }
    }
  }

  /** Sets {@code node} and all its successors (dir +1) or predecessors (dir -1) to {@code value}. */
  private void tag(byte[] status, int[] work, int node, byte value, int[] stride, int dir) {
    int top = 0;
    status[node] = value;
    work[top++] = node;
    while (top > 0) {
      int i = work[--top];
      for (int d = 0; d < q; d++) {
        int level = (i / stride[d]) % h[d];
        if (dir > 0 ? level < h[d] - 1 : level > 0) {
          int j = i + dir * stride[d];
          if (status[j] != value && (value != IRRELEVANT || status[j] != SATISFIED)) {
            status[j] = value;
            work[top++] = j;
          }
        }
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
