package org.anonkit.benchmarks;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Zipf-distributed indexes 0..n-1 (weight 1/(k+1)^s) drawn by inverting the cumulative weights: the
 * skewed columns (users, sites, names) of the benchmarks' generated inputs. Each draw takes one
 * {@code nextDouble()} of the caller's generator, so a seeded generator gives the same inputs every run.
 *
 * <p>Immutable after construction; thread-safe as long as the generator passed in is not shared.
 */
public final class Zipf {
  private final double[] cdf;
  private final double sum;

  /** Over {@code n} values with exponent {@code s}. */
  public Zipf(int n, double s) {
    cdf = new double[n];
    double total = 0;
    for (int k = 0; k < n; k++) {
      total += 1.0 / Math.pow(k + 1, s);
      cdf[k] = total;
    }
    sum = total;
  }

  /** The next index, in [0, n). */
  public int next(RandomGenerator rnd) {
    int k = Arrays.binarySearch(cdf, rnd.nextDouble() * sum);
    return Math.min(k < 0 ? -k - 1 : k, cdf.length - 1);
  }
}
