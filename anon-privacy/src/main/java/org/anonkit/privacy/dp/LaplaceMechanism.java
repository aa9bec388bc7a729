package org.anonkit.privacy.dp;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The Laplace mechanism: ε-differential privacy for a query of L1 sensitivity Δ, by adding noise of
 * scale b = Δ/ε.
 *
 * <p><b>Security guarantee.</b> Resistant to the floating-point attack of Mironov (2012). A double
 * input is rounded to a power-of-two grid g = 2^(floor(log2 Δ) - 16) and a <em>discrete</em> Laplace
 * sample of scale ceil(Δ/g)/ε grid steps is added (exact sampler, {@link DiscreteLaplaceSampler}), so
 * the output is (integer)·g and its low-order bits carry no information about the input; the grid
 * rounding is charged to the sensitivity (ceil(Δ/g) instead of Δ/g, at most 2^-16 relative), so ε is
 * exact. Integer inputs get discrete Laplace noise of scale Δ/ε directly. The same design as Google's
 * differential-privacy library ("Secure Noise Generation"), with an exact rather than floating-point
 * geometric sampler.
 *
 * <p>Example: {@code LaplaceMechanism.create(1.0, 1.0).addNoise(count)} releases a count with ε = 1.
 *
 * <p>Immutable; thread-safe when its {@link RandomGenerator} is (the default {@link SecureRandom} is).
 */
public final class LaplaceMechanism {
  private final double epsilon;
  private final double sensitivity;
  private final double granularity;
  private final DiscreteLaplaceSampler gridNoise;
  private final DiscreteLaplaceSampler integerNoise;

  private LaplaceMechanism(double epsilon, double sensitivity, RandomGenerator random) {
    this.epsilon = epsilon;
    this.sensitivity = sensitivity;
    this.granularity = Grid.granularity(sensitivity);
    long units = Grid.unitsOf(sensitivity, granularity);
    // nextUp: the quotient is rounded once, so its successor is >= the exact value
    this.gridNoise = DiscreteLaplaceSampler.ofScale(Math.nextUp(units / epsilon), random);
    this.integerNoise = DiscreteLaplaceSampler.ofScale(Math.nextUp(sensitivity / epsilon), random);
  }

  /** A mechanism drawing from a new {@link SecureRandom}. */
  public static LaplaceMechanism create(double epsilon, double l1Sensitivity) {
    return create(epsilon, l1Sensitivity, new SecureRandom());
  }

  /** A mechanism drawing from {@code random} (inject a seeded generator in tests only). */
  public static LaplaceMechanism create(
      double epsilon, double l1Sensitivity, RandomGenerator random) {
    Checks.epsilon(epsilon);
    Checks.positive("l1Sensitivity", l1Sensitivity);
    return new LaplaceMechanism(epsilon, l1Sensitivity, Objects.requireNonNull(random, "random"));
  }

  /**
   * The value plus Laplace noise, as a multiple of {@link #granularity()}. Throws
   * {@link org.anonkit.InvalidInputException} for a non-finite value or one beyond 2^60 grid steps.
   */
  public double addNoise(double value) {
    long k = Grid.index(value, granularity);
    return Grid.release(k, gridNoise.sample(), granularity);
  }

  /**
   * The grid point {@code index}·{@link #granularity()} plus noise, as {@link #addNoise(double)}
   * releases a value whose grid index is {@code index}: for a caller that computes the index of an
   * exact sum itself ({@link DpAggregation}), which two neighbouring inputs must put at most
   * ceil(Δ/g) grid steps apart.
   */
  double addNoiseToIndex(long index) {
    return Grid.release(index, gridNoise.sample(), granularity);
  }

  /** The integer value plus discrete Laplace noise of scale Δ/ε (saturating at the long range). */
  public long addNoise(long value) {
    return Grid.saturatingAdd(value, integerNoise.sample());
  }

  /** The nominal scale b = Δ/ε. */
  public double scale() {
    return sensitivity / epsilon;
  }

  /** The nominal noise variance 2b². */
  public double variance() {
    double b = scale();
    return 2 * b * b;
  }

  /** The output grid for doubles. */
  public double granularity() {
    return granularity;
  }

  public double epsilon() {
    return epsilon;
  }

  public double l1Sensitivity() {
    return sensitivity;
  }

  /**
   * The half-width of a two-sided interval holding the noise with probability {@code confidence}:
   * b·ln(1/(1-confidence)) (for the continuous Laplace; the discrete one is within one grid step).
   */
  public double confidenceHalfWidth(double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new PrivacyParameterException("confidence must be in (0, 1), got " + confidence);
    }
    return scale() * Math.log(1 / (1 - confidence));
  }

  @Override
  public String toString() {
    return "LaplaceMechanism{epsilon=" + epsilon + ", l1Sensitivity=" + sensitivity
        + ", granularity=" + granularity + "}";
  }
}
