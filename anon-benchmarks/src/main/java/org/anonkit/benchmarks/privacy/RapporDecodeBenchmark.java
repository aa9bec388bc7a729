package org.anonkit.benchmarks.privacy;

import org.anonkit.benchmarks.Zipf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.privacy.dp.StandardNormal;
import org.anonkit.privacy.rappor.RapporDecoder;
import org.anonkit.privacy.rappor.RapporEncoder;
import org.anonkit.privacy.rappor.RapporEstimate;
import org.anonkit.privacy.rappor.RapporParameters;
import org.anonkit.privacy.rappor.RapporReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RAPPOR decoding, the aggregator side, on one thread, with the default parameters (k = 16 bits, h = 2,
 * 64 cohorts, f = 0.5, p = 0.5, q = 0.75): {@link #REPORTS} reports from as many clients (each with its
 * own secret and a random cohort), whose values are Zipf(1.1) over the first 40 of {@link #CANDIDATES}
 * candidate strings; the other 60 candidates are decoys no client holds.
 *
 * <ul>
 *   <li>{@code add} / {@code addNaive}: counting the reports, reports per second
 *       ({@code @OperationsPerInvocation(REPORTS)}): {@link RapporDecoder#add} into a fresh decoder
 *       (cohort and range checks, then one increment per set bit), against a naive counter that tests
 *       each of the k bits of each report with the same checks;
 *   <li>{@code decode} / {@code decodeNaive}: one estimate of the 100 candidates' counts from the counted
 *       reports, decodes per second: {@link RapporDecoder#decode} (sparse design as Bloom bit masks,
 *       normal equations accumulated only where a candidate's bit is set, Lawson-Hanson NNLS on those
 *       normal equations with Cholesky solves, then the covariance of the selected candidates) against
 *       the textbook version: the dense weighted design matrix (1,024 × 100 doubles, the Bloom bits
 *       recomputed from MD5 as the paper describes), Lawson-Hanson NNLS run on that matrix itself (the
 *       gradient Aᵀ(b − Ax) and each passive-set least-squares problem formed from the dense columns
 *       and solved by Gaussian elimination with partial pivoting), the residual dispersion from the
 *       dense fit, the covariance by Gauss-Jordan inversion, the same Bonferroni test and the same
 *       sort. It computes the same estimate: the weighted NNLS problem has a unique solution when the
 *       design has full column rank, whatever route reaches it.
 * </ul>
 *
 * <p>{@link #setup()} decodes the counted reports both ways and throws unless, for every candidate,
 * the counts and standard errors agree within a relative 1e-6 (absolute 1e-6 near 0), the p-values
 * within 1e-9, the selection (count &gt; 0) and the significance flags exactly; the naive counter's
 * counts feed the naive decoder, so the check covers both pairs. Both decoders do the same
 * validation of alpha and of each report (cohort in range, no bit at or beyond k).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RapporDecodeBenchmark {
  static final int REPORTS = 100_000;
  static final int CANDIDATES = 100;
  static final int PRESENT = 40;
  static final double ALPHA = 0.05;

  RapporParameters params;
  RapporReport[] reports;
  List<String> candidates;
  RapporDecoder counted;
  NaiveDecoder countedNaive;

  @Setup(Level.Trial)
  public void setup() throws GeneralSecurityException {
    params = RapporParameters.defaults();
    candidates = new ArrayList<>(CANDIDATES);
    for (int j = 0; j < CANDIDATES; j++) {
      candidates.add("app-" + j + "/" + (j * 7919 % 100) + ".sh");
    }
    Random rnd = new Random(28);
    Zipf zipf = new Zipf(PRESENT, 1.1);
    SplittableRandom irr = new SplittableRandom(28);
    reports = new RapporReport[REPORTS];
    byte[] k = new byte[16];
    for (int i = 0; i < REPORTS; i++) {
      rnd.nextBytes(k);
      DerivedKey secret = DerivedKey.direct(SecretBytes.copyOf(k, SecretAccess.get()));
      int cohort = RapporEncoder.randomCohort(params, irr);
      RapporEncoder client = RapporEncoder.create(params, cohort, secret, irr);
      reports[i] = client.encode(candidates.get(zipf.next(rnd)));
    }
    java.util.Arrays.fill(k, (byte) 0);
    counted = add();
    countedNaive = addNaive();
    check(counted.decode(candidates, ALPHA), countedNaive.decode(candidates, ALPHA));
  }

  private static void check(List<RapporEstimate> ours, List<RapporEstimate> naive) {
    if (ours.size() != naive.size()) {
      throw new IllegalStateException("RapporDecoder and the naive decoder returned different sizes");
    }
    Map<String, RapporEstimate> byName = new HashMap<>();
    for (RapporEstimate e : naive) {
      byName.put(e.candidate(), e);
    }
    int selected = 0;
    int significant = 0;
    double maxRel = 0;
    for (RapporEstimate a : ours) {
      RapporEstimate b = byName.get(a.candidate());
      if (b != null) {
        selected += a.count() > 0 ? 1 : 0;
        significant += a.significant() ? 1 : 0;
        maxRel = Math.max(maxRel, Math.abs(a.count() - b.count()) / Math.max(1, Math.abs(a.count())));
      }
      if (b == null || !close(a.count(), b.count(), 1e-6) || !close(a.standardError(), b.standardError(), 1e-6)
          || !(Math.abs(a.pValue() - b.pValue()) <= 1e-9) || (a.count() > 0) != (b.count() > 0)
          || a.significant() != b.significant()) {
        throw new IllegalStateException("RapporDecoder and the naive decoder disagree on " + a.candidate()
            + ": " + a + " vs " + b);
      }
    }
    System.out.println("RAPPOR decode: " + selected + " of " + ours.size() + " candidates selected, " + significant
        + " significant (" + PRESENT + " present); largest relative difference of a count from the naive decoder "
        + maxRel);
  }

  private static boolean close(double a, double b, double rel) {
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return a == b;
    }
    return Math.abs(a - b) <= rel * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }

  @Benchmark
  @OperationsPerInvocation(REPORTS)
  public RapporDecoder add() {
    RapporDecoder d = RapporDecoder.create(params);
    for (RapporReport r : reports) {
      d.add(r);
    }
    return d;
  }

  @Benchmark
  @OperationsPerInvocation(REPORTS)
  public NaiveDecoder addNaive() {
    NaiveDecoder d = new NaiveDecoder(params);
    for (RapporReport r : reports) {
      d.add(r);
    }
    return d;
  }

  @Benchmark
  public List<RapporEstimate> decode() {
    return counted.decode(candidates, ALPHA);
  }

  @Benchmark
  public List<RapporEstimate> decodeNaive() {
    return countedNaive.decode(candidates, ALPHA);
  }

  /** The decoder written the textbook way: dense matrices throughout. */
  static final class NaiveDecoder {
    private final RapporParameters params;
    private final long[] cohortReports;
    private final long[][] bitCounts;
    private long total;

    NaiveDecoder(RapporParameters params) {
      this.params = params;
      this.cohortReports = new long[params.numCohorts()];
      this.bitCounts = new long[params.numCohorts()][params.numBits()];
    }

    void add(RapporReport report) {
      int c = report.cohort();
      int k = params.numBits();
      if (c < 0 || c >= params.numCohorts()) {
        throw new IllegalArgumentException("report cohort out of range");
      }
      if (k < 64 && (report.bits() >>> k) != 0) {
        throw new IllegalArgumentException("report has bits set beyond k");
      }
      cohortReports[c]++;
      total++;
      for (int i = 0; i < k; i++) {
        if ((report.bits() >>> i & 1) != 0) {
          bitCounts[c][i]++;
        }
      }
    }

    /** byte i of MD5(cohort as 4 bytes big-endian ‖ UTF-8 value) mod k, for i < h. */
    boolean[] bloom(MessageDigest md5, int cohort, String value) {
      md5.reset();
      md5.update(ByteBuffer.allocate(4).putInt(cohort).array());
      byte[] h = md5.digest(value.getBytes(StandardCharsets.UTF_8));
      boolean[] set = new boolean[params.numBits()];
      for (int i = 0; i < params.numHashes(); i++) {
        set[(h[i] & 0xFF) % params.numBits()] = true;
      }
      return set;
    }

    List<RapporEstimate> decode(List<String> candidates, double alpha) {
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1)");
      }
      if (candidates.isEmpty()) {
        return List.of();
      }
      if (total == 0) {
        throw new IllegalArgumentException("no reports to decode");
      }
      MessageDigest md5;
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      int k = params.numBits();
      int m = params.numCohorts();
      int n = candidates.size();
      int rows = k * m;
      double ps = params.pStar();
      double gap = params.qStar() - ps;
      // design X (rows × n) and the debiased counts t with their weights, dense
      double[][] x = new double[rows][n];
      double[] t = new double[rows];
      double[] w = new double[rows];
      for (int s = 0; s < n; s++) {
        for (int j = 0; j < m; j++) {
          boolean[] set = bloom(md5, j, candidates.get(s));
          for (int i = 0; i < k; i++) {
            x[j * k + i][s] = set[i] ? (double) cohortReports[j] / total : 0;
          }
        }
      }
      for (int j = 0; j < m; j++) {
        long nj = cohortReports[j];
        for (int i = 0; i < k; i++) {
          if (nj == 0) {
            continue;
          }
          int r = j * k + i;
          double c = bitCounts[j][i];
          t[r] = (c - ps * nj) / gap;
          double rate = Math.min(1 - 0.5 / nj, Math.max(0.5 / nj, c / nj));
          w[r] = gap * gap / (nj * rate * (1 - rate));
        }
      }
      // weighted problem: A = sqrt(W) X, b = sqrt(W) t
      double[][] a = new double[rows][n];
      double[] b = new double[rows];
      for (int r = 0; r < rows; r++) {
        double sw = Math.sqrt(w[r]);
        b[r] = sw * t[r];
        for (int s = 0; s < n; s++) {
          a[r][s] = sw * x[r][s];
        }
      }
      double[] est = nnls(a, b);

      int selected = 0;
      for (double v : est) {
        selected += v > 0 ? 1 : 0;
      }
      double rss = 0;
      int used = 0;
      for (int r = 0; r < rows; r++) {
        if (w[r] == 0) {
          continue;
        }
        used++;
        double fit = 0;
        for (int s = 0; s < n; s++) {
          if (est[s] > 0) {
            fit += x[r][s] * est[s];
          }
        }
        double e = t[r] - fit;
        rss += w[r] * e * e;
      }
      double dispersion = Math.max(1, rss / Math.max(1, used - selected));
      int[] idx = new int[selected];
      int p = 0;
      for (int s = 0; s < n; s++) {
        if (est[s] > 0) {
          idx[p++] = s;
        }
      }
      double[] se = new double[n];
      if (selected > 0) {
        double[][] cov = invert(gram(a, idx));
        for (int q = 0; q < selected; q++) {
          se[idx[q]] = Math.sqrt(Math.max(0, cov[q][q]) * dispersion);
        }
      }
      for (int s = 0; s < n; s++) {
        if (!(est[s] > 0)) {
          double diag = 0;
          for (int r = 0; r < rows; r++) {
            diag += a[r][s] * a[r][s];
          }
          se[s] = diag > 0 ? Math.sqrt(dispersion / diag) : Double.POSITIVE_INFINITY;
        }
      }
      List<RapporEstimate> out = new ArrayList<>(n);
      for (int s = 0; s < n; s++) {
        double pValue = est[s] > 0 && se[s] > 0 ? StandardNormal.upperTail(est[s] / se[s]) : 1.0;
        out.add(new RapporEstimate(candidates.get(s), est[s], se[s], pValue, pValue < alpha / n));
      }
      out.sort(Comparator.comparingDouble(RapporEstimate::count).reversed());
      return out;
    }

    /** AᵀA restricted to the columns idx, from the dense columns. */
    static double[][] gram(double[][] a, int[] idx) {
      int p = idx.length;
      double[][] g = new double[p][p];
      for (int u = 0; u < p; u++) {
        for (int v = 0; v < p; v++) {
          double sum = 0;
          for (double[] row : a) {
            sum += row[idx[u]] * row[idx[v]];
          }
          g[u][v] = sum;
        }
      }
      return g;
    }

    /**
     * Lawson and Hanson's NNLS (1974, chapter 23) on A and b themselves: gradient Aᵀ(b − Ax), passive
     * set grown by the largest gradient, each passive least-squares problem solved from the dense
     * columns.
     */
    static double[] nnls(double[][] a, double[] b) {
      int rows = b.length;
      int n = a[0].length;
      double scale = 0;
      for (double[] row : a) {
        for (double v : row) {
          scale = Math.max(scale, Math.abs(v));
        }
      }
      double tol = 1e-10 * Math.max(1, scale) * n;
      boolean[] passive = new boolean[n];
      double[] x = new double[n];
      for (int outer = 0; outer < 3 * n + 10; outer++) {
        double[] resid = new double[rows];
        for (int r = 0; r < rows; r++) {
          double v = b[r];
          for (int s = 0; s < n; s++) {
            v -= a[r][s] * x[s];
          }
          resid[r] = v;
        }
        int best = -1;
        double bestW = 0;
        for (int s = 0; s < n; s++) {
          if (passive[s]) {
            continue;
          }
          double g = 0;
          for (int r = 0; r < rows; r++) {
            g += a[r][s] * resid[r];
          }
          if (g > tol && (best < 0 || g > bestW)) {
            best = s;
            bestW = g;
          }
        }
        if (best < 0) {
          break;
        }
        passive[best] = true;
        double[] z = leastSquares(a, b, passive);
        for (int inner = 0; inner < 3 * n + 10; inner++) {
          boolean feasible = true;
          for (int s = 0; s < n; s++) {
            if (passive[s] && z[s] <= 0) {
              feasible = false;
            }
          }
          if (feasible) {
            break;
          }
          double step = Double.POSITIVE_INFINITY;
          for (int s = 0; s < n; s++) {
            if (passive[s] && z[s] <= 0) {
              step = Math.min(step, x[s] / (x[s] - z[s]));
            }
          }
          for (int s = 0; s < n; s++) {
            x[s] += step * (z[s] - x[s]);
            if (passive[s] && x[s] <= 1e-15) {
              passive[s] = false;
              x[s] = 0;
            }
          }
          z = leastSquares(a, b, passive);
        }
        x = z;
      }
      return x;
    }

    /** min ||A_P z − b|| over the passive columns (normal equations from the dense columns), 0 elsewhere. */
    static double[] leastSquares(double[][] a, double[] b, boolean[] passive) {
      int n = passive.length;
      int p = 0;
      int[] idx = new int[n];
      for (int s = 0; s < n; s++) {
        if (passive[s]) {
          idx[p++] = s;
        }
      }
      idx = java.util.Arrays.copyOf(idx, p);
      double[][] g = gram(a, idx);
      double[] rhs = new double[p];
      for (int u = 0; u < p; u++) {
        double sum = 0;
        for (int r = 0; r < b.length; r++) {
          sum += a[r][idx[u]] * b[r];
        }
        rhs[u] = sum;
      }
      double[] sol = gauss(g, rhs);
      double[] z = new double[n];
      for (int u = 0; u < p; u++) {
        z[idx[u]] = sol[u];
      }
      return z;
    }

    /** Gaussian elimination with partial pivoting (the arguments are overwritten). */
    static double[] gauss(double[][] m, double[] rhs) {
      int p = rhs.length;
      for (int c = 0; c < p; c++) {
        int piv = c;
        for (int r = c + 1; r < p; r++) {
          if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
            piv = r;
          }
        }
        double[] tmp = m[c];
        m[c] = m[piv];
        m[piv] = tmp;
        double tv = rhs[c];
        rhs[c] = rhs[piv];
        rhs[piv] = tv;
        for (int r = c + 1; r < p; r++) {
          double f = m[r][c] / m[c][c];
          for (int q = c; q < p; q++) {
            m[r][q] -= f * m[c][q];
          }
          rhs[r] -= f * rhs[c];
        }
      }
      double[] z = new double[p];
      for (int r = p - 1; r >= 0; r--) {
        double v = rhs[r];
        for (int q = r + 1; q < p; q++) {
          v -= m[r][q] * z[q];
        }
        z[r] = v / m[r][r];
      }
      return z;
    }

    /** Gauss-Jordan inverse. */
    static double[][] invert(double[][] m) {
      int p = m.length;
      double[][] aug = new double[p][2 * p];
      for (int r = 0; r < p; r++) {
        System.arraycopy(m[r], 0, aug[r], 0, p);
        aug[r][p + r] = 1;
      }
      for (int c = 0; c < p; c++) {
        int piv = c;
        for (int r = c + 1; r < p; r++) {
          if (Math.abs(aug[r][c]) > Math.abs(aug[piv][c])) {
            piv = r;
          }
        }
        double[] tmp = aug[c];
        aug[c] = aug[piv];
        aug[piv] = tmp;
        double d = aug[c][c];
        for (int q = 0; q < 2 * p; q++) {
          aug[c][q] /= d;
        }
        for (int r = 0; r < p; r++) {
          if (r != c && aug[r][c] != 0) {
            double f = aug[r][c];
            for (int q = 0; q < 2 * p; q++) {
              aug[r][q] -= f * aug[c][q];
            }
          }
        }
      }
      double[][] inv = new double[p][p];
      for (int r = 0; r < p; r++) {
        System.arraycopy(aug[r], p, inv[r], 0, p);
      }
      return inv;
    }
  }
}
