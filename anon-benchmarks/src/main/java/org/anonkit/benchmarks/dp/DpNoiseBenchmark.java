package org.anonkit.benchmarks.dp;

import java.security.SecureRandom;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.anonkit.privacy.dp.DiscreteGaussianSampler;
import org.anonkit.privacy.dp.DiscreteLaplaceSampler;
import org.anonkit.privacy.dp.GaussianMechanism;
import org.anonkit.privacy.dp.LaplaceMechanism;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Noise values per second: AnonKit's secure samplers (power-of-two grid plus exact discrete noise, and
 * the exact CKS 2020 integer samplers) against the naive floating-point mechanisms that Mironov (2012)
 * broke — {@code java.util.Random.nextGaussian} for Gaussian noise and the inverse CDF
 * −b·sgn(u)·ln(1 − 2|u|) for Laplace — in the same run. Parameters: ε = 1, δ = 1e-5, sensitivity 1
 * (Laplace b = 1, Gaussian σ = 3.73), integer samplers with scale/σ 10.
 *
 * <p>{@code rng} picks the secure samplers' generator: {@code Random} (the same generator as the
 * naive baseline, so the ratio is the algorithm's cost) or {@code SecureRandom} (the production
 * default). The naive baselines always use {@code java.util.Random}. Inputs cycle through 1,024
 * prepared values; the noise cost does not depend on the value, so no Zipf.
 *
 * <p>The integer paths have naive baselines of their own ({@code naive*Long} and {@code naiveDiscrete*}: the
 * textbook floating-point samplers, a difference of two geometric variables by {@code ln} for Laplace and
 * a rounded {@code nextGaussian} for Gaussian). Noise has no single right value to compare, so
 * {@link #setup()} checks instead that each baseline's variance is within 5% of its secure counterpart's
 * over 200,000 draws (the same distribution up to floating point).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DpNoiseBenchmark {
  @Param({"Random", "SecureRandom"})
  public String rng;

  private Random naive;
  private LaplaceMechanism laplace;
  private GaussianMechanism gaussian;
  private DiscreteLaplaceSampler discreteLaplace;
  private DiscreteGaussianSampler discreteGaussian;
  private double sigma;
  private double[] inputs;
  private long[] integerInputs;
  private int next;

  @Setup
  public void setup() {
    RandomGenerator g = rng.equals("SecureRandom") ? new SecureRandom() : new Random(7);
    naive = new Random(42);
    laplace = LaplaceMechanism.create(1.0, 1.0, g);
    gaussian = GaussianMechanism.create(1.0, 1e-5, 1.0, g);
    sigma = gaussian.sigma();
    discreteLaplace = DiscreteLaplaceSampler.ofScale(10.0, g);
    discreteGaussian = DiscreteGaussianSampler.ofSigma(10.0, g);
    SplittableRandom data = new SplittableRandom(1);
    inputs = new double[1024];
    integerInputs = new long[1024];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = data.nextInt(100_000) / 7.0;
      integerInputs[i] = data.nextInt(100_000);
    }
    // the long paths add noise to the input just drawn (integerInputs[next]): the noise is the difference
    check("Laplace long", () -> secureLaplaceLong() - integerInputs[next], () -> naiveLaplaceLong() - integerInputs[next]);
    check("Gaussian long", () -> secureGaussianLong() - integerInputs[next],
        () -> naiveGaussianLong() - integerInputs[next]);
    check("discrete Laplace", this::discreteLaplaceScale10, this::naiveDiscreteLaplaceScale10);
    check("discrete Gaussian", this::discreteGaussianSigma10, this::naiveDiscreteGaussianSigma10);
  }

  /** Whether the variances of 200,000 draws of noise from {@code secure} and {@code naiveNoise} are within 5%. */
  private void check(String what, java.util.function.LongSupplier secure, java.util.function.LongSupplier naiveNoise) {
    double a = variance(secure);
    double b = variance(naiveNoise);
    if (Math.abs(a - b) > 0.05 * a) {
      throw new IllegalStateException(what + ": the naive baseline's variance " + b + " is not the secure sampler's " + a);
    }
  }

  private double variance(java.util.function.LongSupplier s) {
    int n = 200_000;
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double x = s.getAsLong();
      sum += x;
      sq += x * x;
    }
    double mean = sum / n;
    return sq / n - mean * mean;
  }

  private int nextIndex() {
    next = (next + 1) & 1023;
    return next;
  }

  /** Baseline: x + σ·nextGaussian() (insecure: leaks x through the low-order bits). */
  @Benchmark
  public double naiveGaussian() {
    return inputs[nextIndex()] + sigma * naive.nextGaussian();
  }

  /** Baseline: x − b·sgn(u)·ln(1 − 2|u|), u uniform in (−1/2, 1/2) (insecure, likewise). */
  @Benchmark
  public double naiveLaplace() {
    double u = naive.nextDouble() - 0.5;
    return inputs[nextIndex()] - Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
  }

  @Benchmark
  public double secureLaplaceDouble() {
    return laplace.addNoise(inputs[nextIndex()]);
  }

  @Benchmark
  public double secureGaussianDouble() {
    return gaussian.addNoise(inputs[nextIndex()]);
  }

  @Benchmark
  public long secureLaplaceLong() {
    return laplace.addNoise(integerInputs[nextIndex()]);
  }

  @Benchmark
  public long secureGaussianLong() {
    return gaussian.addNoise(integerInputs[nextIndex()]);
  }

  /** Baseline of {@code secureLaplaceLong}: x + naive discrete Laplace noise of scale 1 (as below). */
  @Benchmark
  public long naiveLaplaceLong() {
    return integerInputs[nextIndex()] + naiveDiscreteLaplace(-1.0);
  }

  /** Baseline of {@code secureGaussianLong}: x + the naive Gaussian noise rounded. */
  @Benchmark
  public long naiveGaussianLong() {
    return integerInputs[nextIndex()] + Math.round(sigma * naive.nextGaussian());
  }

  /**
   * Baseline of {@code discreteLaplaceScale10}: the difference of two geometric variables, each
   * floor(ln(u) / ln(1 − p)) with p = 1 − e^(−1/10) (floating point, insecure likewise).
   */
  @Benchmark
  public long naiveDiscreteLaplaceScale10() {
    return naiveDiscreteLaplace(-1 / 10.0);
  }

  /** The difference of two geometric variables of ln(1 − p) = {@code lnQ}, by the inverse CDF in floating point. */
  private long naiveDiscreteLaplace(double lnQ) {
    return (long) Math.floor(Math.log(1 - naive.nextDouble()) / lnQ) - (long) Math.floor(Math.log(1 - naive.nextDouble()) / lnQ);
  }

  /** Baseline of {@code discreteGaussianSigma10}: 10·nextGaussian() rounded (insecure likewise). */
  @Benchmark
  public long naiveDiscreteGaussianSigma10() {
    return Math.round(10.0 * naive.nextGaussian());
  }

  @Benchmark
  public long discreteLaplaceScale10() {
    return discreteLaplace.sample();
  }

  @Benchmark
  public long discreteGaussianSigma10() {
    return discreteGaussian.sample();
  }
}
