package org.anonkit.privacy.rappor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.anonkit.privacy.dp.PrivacyParameterException;
import org.anonkit.privacy.dp.StandardNormal;

/**
 * The aggregator side of RAPPOR: collects reports, then estimates how many clients hold each value of
 * a candidate dictionary.
 *
 * <p>Decoding follows Erlingsson, Pihur and Korolova (2014, Section 4):
 * <ol>
 *   <li>per cohort j and bit i, the reported count c_ij is debiased into an estimate of the number of
 *       clients whose Bloom bit is set: t_ij = (c_ij − p*·N_j)/(q* − p*), with variance estimated as
 *       N_j·r(1 − r)/(q* − p*)², r = c_ij/N_j;
 *   <li>the t_ij are regressed on the candidates' Bloom bits (column s has N_j/N at the rows of the bits
 *       candidate s sets in cohort j, so its coefficient is the candidate's total count) by weighted
 *       non-negative least squares (Lawson-Hanson) — the paper's LASSO-then-OLS replaced by NNLS, which
 *       also selects;
 *   <li>standard errors come from the weighted least-squares covariance on the selected candidates,
 *       inflated by the residual dispersion when that exceeds 1; a candidate is significant when its
 *       one-sided p-value is below α divided by the dictionary size (Bonferroni).
 * </ol>
 *
 * <p>Not thread-safe (it accumulates counts); use one per thread and {@link #merge} them.
 */
public final class RapporDecoder {
  private final RapporParameters params;
  private final long[] cohortReports;
  private final long[][] bitCounts;
  private long reports;

  private RapporDecoder(RapporParameters params) {
    this.params = params;
    this.cohortReports = new long[params.numCohorts()];
    this.bitCounts = new long[params.numCohorts()][params.numBits()];
  }

  public static RapporDecoder create(RapporParameters params) {
    return new RapporDecoder(Objects.requireNonNull(params, "params"));
  }

  /** Counts one report. */
  public void add(RapporReport report) {
    int c = report.cohort();
    if (c < 0 || c >= params.numCohorts()) {
      throw new PrivacyParameterException("report cohort must be in [0, " + params.numCohorts()
          + "), got " + c);
    }
    if (params.numBits() < 64 && (report.bits() >>> params.numBits()) != 0) {
      throw new PrivacyParameterException("report has bits set beyond k = " + params.numBits());
    }
    cohortReports[c]++;
    reports++;
    long bits = report.bits();
    long[] counts = bitCounts[c];
    while (bits != 0) {
      int i = Long.numberOfTrailingZeros(bits);
      counts[i]++;
      bits &= bits - 1;
    }
  }

  /** Adds another decoder's counts (same parameters) to this one. */
  public void merge(RapporDecoder other) {
    if (!other.params.equals(params)) {
      throw new PrivacyParameterException("cannot merge decoders with different parameters");
    }
    for (int j = 0; j < cohortReports.length; j++) {
      cohortReports[j] += other.cohortReports[j];
      for (int i = 0; i < params.numBits(); i++) {
        bitCounts[j][i] += other.bitCounts[j][i];
      }
    }
    reports += other.reports;
  }

  /** Number of reports counted. */
  public long reports() {
    return reports;
  }

  /**
   * Estimates the count of each candidate (sorted by decreasing count).
   *
   * @param candidates the dictionary (distinct values)
   * @param alpha family-wise significance level, e.g. 0.05
   */
  public List<RapporEstimate> decode(List<String> candidates, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new PrivacyParameterException("alpha must be in (0, 1), got " + alpha);
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    if (reports == 0) {
      throw new PrivacyParameterException("no reports to decode");
    }
    int k = params.numBits();
    int m = params.numCohorts();
    int nCand = candidates.size();
    double ps = params.pStar();
    double gap = params.qStar() - ps;
    int rows = k * m;
    double[] t = new double[rows];
    double[] weight = new double[rows];
    for (int j = 0; j < m; j++) {
      long nj = cohortReports[j];
      for (int i = 0; i < k; i++) {
        int r = j * k + i;
        if (nj == 0) {
          continue; // weight 0: an empty cohort says nothing
        }
        double c = bitCounts[j][i];
        t[r] = (c - ps * nj) / gap;
        double rate = Math.min(1 - 0.5 / nj, Math.max(0.5 / nj, c / nj));
        weight[r] = gap * gap / (nj * rate * (1 - rate));
      }
    }
    // sparse design: for each candidate and cohort, the set bits
    long[][] design = new long[nCand][m];
    for (int s = 0; s < nCand; s++) {
      String v = Objects.requireNonNull(candidates.get(s), "candidate");
      for (int j = 0; j < m; j++) {
        design[s][j] = RapporEncoder.bloomFilter(params, j, v);
      }
    }
    double[] share = new double[m];
    for (int j = 0; j < m; j++) {
      share[j] = (double) cohortReports[j] / reports;
    }
    double[][] ata = new double[nCand][nCand];
    double[] atb = new double[nCand];
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < k; i++) {
        int r = j * k + i;
        double w = weight[r];
        if (w == 0) {
          continue;
        }
        double a = share[j];
        for (int s = 0; s < nCand; s++) {
          if ((design[s][j] >>> i & 1) == 0) {
            continue;
          }
          atb[s] += w * a * t[r];
          for (int u = s; u < nCand; u++) {
            if ((design[u][j] >>> i & 1) != 0) {
              ata[s][u] += w * a * a;
            }
          }
        }
      }
    }
    for (int s = 0; s < nCand; s++) {
      for (int u = 0; u < s; u++) {
        ata[s][u] = ata[u][s];
      }
    }
    double[] x = Nnls.solve(ata, atb);

    // residual dispersion (weighted RSS per degree of freedom)
    int selected = 0;
    for (double v : x) {
      selected += v > 0 ? 1 : 0;
    }
    double rss = 0;
    int used = 0;
    for (int j = 0; j < m; j++) {
      for (int i = 0; i < k; i++) {
        int r = j * k + i;
        if (weight[r] == 0) {
          continue;
        }
        used++;
        double fit = 0;
        for (int s = 0; s < nCand; s++) {
          if (x[s] > 0 && (design[s][j] >>> i & 1) != 0) {
            fit += share[j] * x[s];
          }
        }
        double e = t[r] - fit;
        rss += weight[r] * e * e;
      }
    }
    double dispersion = Math.max(1, rss / Math.max(1, used - selected));

    double[] se = new double[nCand];
    int[] idx = new int[selected];
    int p = 0;
    for (int s = 0; s < nCand; s++) {
      if (x[s] > 0) {
        idx[p++] = s;
      }
    }
    if (selected > 0) {
      double[][] sub = new double[selected][selected];
      for (int a = 0; a < selected; a++) {
        for (int b = 0; b < selected; b++) {
          sub[a][b] = ata[idx[a]][idx[b]];
        }
      }
      double[][] cov = Nnls.inverse(sub);
      for (int a = 0; a < selected; a++) {
        se[idx[a]] = Math.sqrt(Math.max(0, cov[a][a]) * dispersion);
      }
    }
    for (int s = 0; s < nCand; s++) {
      if (!(x[s] > 0)) {
        se[s] = ata[s][s] > 0 ? Math.sqrt(dispersion / ata[s][s]) : Double.POSITIVE_INFINITY;
      }
    }
    double threshold = alpha / nCand;
    List<RapporEstimate> out = new ArrayList<>(nCand);
    for (int s = 0; s < nCand; s++) {
      double pValue = x[s] > 0 && se[s] > 0 ? StandardNormal.upperTail(x[s] / se[s]) : 1.0;
      out.add(new RapporEstimate(candidates.get(s), x[s], se[s], pValue, pValue < threshold));
    }
    out.sort(Comparator.comparingDouble(RapporEstimate::count).reversed());
    return out;
  }

  @Override
  public String toString() {
    return "RapporDecoder{" + params + ", reports=" + reports + "}";
  }
}
