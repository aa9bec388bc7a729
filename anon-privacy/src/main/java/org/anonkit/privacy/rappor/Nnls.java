package org.anonkit.privacy.rappor;

/**
 * Non-negative least squares, min ||A x − b||² subject to x ≥ 0, by the active-set algorithm of Lawson
 * and Hanson ("Solving Least Squares Problems", 1974, chapter 23), run on the normal equations
 * AᵀA and Aᵀb as in Bro and De Jong's "fast NNLS" (1997). Subproblems are solved by Cholesky
 * factorisation of the passive-set block.
 */
final class Nnls {
  private Nnls() {}

  static double[] solve(double[][] ata, double[] atb) {
    int n = atb.length;
    double scale = 0;
    for (int i = 0; i < n; i++) {
      scale = Math.max(scale, Math.abs(atb[i]));
      for (int j = 0; j < n; j++) {
        scale = Math.max(scale, Math.abs(ata[i][j]));
      }
    }
    double tol = 1e-12 * Math.max(1, scale) * n;
    boolean[] passive = new boolean[n];
    double[] x = new double[n];
    double[] w = gradient(ata, atb, x);
    int outer = 0;
    while (outer++ < 3 * n + 10) {
      int best = -1;
      for (int j = 0; j < n; j++) {
        if (!passive[j] && w[j] > tol && (best < 0 || w[j] > w[best])) {
          best = j;
        }
      }
      if (best < 0) {
        break;
      }
      passive[best] = true;
      double[] s = solvePassive(ata, atb, passive);
      int inner = 0;
      while (inner++ < 3 * n + 10) {
        boolean feasible = true;
        for (int j = 0; j < n; j++) {
          if (passive[j] && s[j] <= 0) {
            feasible = false;
            break;
          }
        }
        if (feasible) {
          break;
        }
        double alpha = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          if (passive[j] && s[j] <= 0) {
            alpha = Math.min(alpha, x[j] / (x[j] - s[j]));
          }
        }
        for (int j = 0; j < n; j++) {
          x[j] += alpha * (s[j] - x[j]);
          if (passive[j] && x[j] <= tol * 1e-3) {
            passive[j] = false;
            x[j] = 0;
          }
        }
        s = solvePassive(ata, atb, passive);
      }
      System.arraycopy(s, 0, x, 0, n);
      w = gradient(ata, atb, x);
    }
    return x;
  }

  private static double[] gradient(double[][] ata, double[] atb, double[] x) {
    int n = atb.length;
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double v = atb[i];
      for (int j = 0; j < n; j++) {
        v -= ata[i][j] * x[j];
      }
      w[i] = v;
    }
    return w;
  }

  /** The unconstrained least-squares solution on the passive set, zero elsewhere. */
  private static double[] solvePassive(double[][] ata, double[] atb, boolean[] passive) {
    int n = atb.length;
    int[] idx = new int[n];
    int m = 0;
    for (int j = 0; j < n; j++) {
      if (passive[j]) {
        idx[m++] = j;
      }
    }
    double[][] a = new double[m][m];
    double[] b = new double[m];
    for (int r = 0; r < m; r++) {
      b[r] = atb[idx[r]];
      for (int c = 0; c < m; c++) {
        a[r][c] = ata[idx[r]][idx[c]];
      }
    }
    double[] sol = choleskySolve(a, b);
    double[] s = new double[n];
    for (int r = 0; r < m; r++) {
      s[idx[r]] = sol[r];
    }
    return s;
  }

  /**
   * Solves the symmetric positive semi-definite system a·x = b by Cholesky, adding a tiny ridge to the
   * diagonal when a pivot is not positive (collinear columns).
   */
  static double[] choleskySolve(double[][] a, double[] b) {
    double[][] l = cholesky(a);
    int m = b.length;
    double[] y = new double[m];
    for (int i = 0; i < m; i++) {
      double v = b[i];
      for (int k = 0; k < i; k++) {
        v -= l[i][k] * y[k];
      }
      y[i] = v / l[i][i];
    }
    double[] x = new double[m];
    for (int i = m - 1; i >= 0; i--) {
      double v = y[i];
      for (int k = i + 1; k < m; k++) {
        v -= l[k][i] * x[k];
      }
      x[i] = v / l[i][i];
    }
    return x;
  }

  static double[][] cholesky(double[][] a) {
    int m = a.length;
    double maxDiag = 0;
    for (int i = 0; i < m; i++) {
      maxDiag = Math.max(maxDiag, a[i][i]);
    }
    double ridge = 0;
    for (int attempt = 0; attempt < 30; attempt++) {
      double[][] l = new double[m][m];
      boolean ok = true;
      for (int i = 0; i < m && ok; i++) {
        for (int j = 0; j <= i; j++) {
          double v = a[i][j] + (i == j ? ridge : 0);
          for (int k = 0; k < j; k++) {
            v -= l[i][k] * l[j][k];
          }
          if (i == j) {
            if (!(v > 0)) {
              ok = false;
              break;
            }
            l[i][i] = Math.sqrt(v);
          } else {
            l[i][j] = v / l[j][j];
          }
        }
      }
      if (ok) {
        return l;
      }
      ridge = ridge == 0 ? 1e-12 * Math.max(1, maxDiag) : ridge * 10;
    }
    throw new ArithmeticException("matrix is not positive semi-definite");
  }

  /** The inverse of a symmetric positive definite matrix (column by column through Cholesky). */
  static double[][] inverse(double[][] a) {
    int m = a.length;
    double[][] inv = new double[m][m];
    for (int c = 0; c < m; c++) {
      double[] e = new double[m];
      e[c] = 1;
      double[] col = choleskySolve(a, e);
      for (int r = 0; r < m; r++) {
        inv[r][c] = col[r];
      }
    }
    return inv;
  }
}
