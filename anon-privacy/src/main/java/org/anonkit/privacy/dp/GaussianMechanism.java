package org.anonkit.privacy.dp;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The Gaussian mechanism: (ε, δ)-differential privacy for a query of L2 sensitivity Δ, with σ from the
 * analytic calibration of Balle and Wang (2018) rather than the classic sqrt(2 ln(1.25/δ))·Δ/ε bound.
 *
 * <p><b>Calibration.</b> {@link #analyticSigma} returns the smallest σ (found by bisection, then
 * rounded up) with Φ(Δ/(2σ) − εσ/Δ) − e^ε·Φ(−Δ/(2σ) − εσ/Δ) ≤ δ, the exact condition of Balle and
 * Wang's Theorem 8, evaluated with an erfc of about 1e-15 relative accuracy (Cody 1969).
 *
 * <p><b>Security guarantee.</b> Resistant to the floating-point attack (Mironov 2012). A double input is
 * rounded to the power-of-two grid g = 2^(floor(log2 Δ) − 16) and an exact discrete Gaussian sample
 * (Canonne, Kamath, Steinke 2020; {@link DiscreteGaussianSampler}) is added in grid units, so the output
 * is (integer)·g. σ in grid units is calibrated for the rounded sensitivity ceil(Δ/g) and for
 * δ·(1 − 2^-8): the discrete Gaussian on a grid this fine (σ/g ≥ 2^16·σ/Δ) has the continuous one's
 * privacy curve up to a relative difference in δ of order ε·2^-16, which the margin covers. Integer
 * inputs get discrete Gaussian noise with σ calibrated on the exact privacy curve of the discrete
 * Gaussian (CKS 2020, Theorem 7) for the integer sensitivity ceil(Δ). That σ can be below the
 * continuous one (ε = 5, δ = 0.01, Δ = 1: 0.544 against 0.569), so the integer release's zCDP
 * parameter ceil(Δ)²/(2σ²) can exceed Δ²/(2σ²) of the analytic σ; {@link #rho()} is the larger of
 * the two releases' ρ, a bound for either.
 *
 * <p>Immutable; thread-safe when its {@link RandomGenerator} is (the default {@link SecureRandom} is).
 */
public final class GaussianMechanism {
  private static final double GRID_DELTA_MARGIN = 1 - 0x1p-8;

  private final double epsilon;
  private final double delta;
  private final double sensitivity;
  private final double sigma;
  private final double granularity;
  private final DiscreteGaussianSampler gridNoise;
  private final DiscreteGaussianSampler integerNoise;

  private GaussianMechanism(double epsilon, double delta, double sensitivity, RandomGenerator random) {
    this.epsilon = epsilon;
    this.delta = delta;
    this.sensitivity = sensitivity;
    this.sigma = analyticSigma(epsilon, delta, sensitivity);
    this.granularity = Grid.granularity(sensitivity);
    long units = Grid.unitsOf(sensitivity, granularity);
    double gridSigma = analyticSigma(epsilon, delta * GRID_DELTA_MARGIN, units);
    this.gridNoise = DiscreteGaussianSampler.ofSigma(gridSigma, random);
    long intSensitivity = (long) Math.ceil(sensitivity);
    this.integerNoise = DiscreteGaussianSampler.ofSigma(
        DiscreteGaussianPrivacy.calibrate(epsilon, delta, intSensitivity), random);
  }

  /** A mechanism drawing from a new {@link SecureRandom}. */
  public static GaussianMechanism create(double epsilon, double delta, double l2Sensitivity) {
    return create(epsilon, delta, l2Sensitivity, new SecureRandom());
  }

  /** A mechanism drawing from {@code random} (inject a seeded generator in tests only). */
  public static GaussianMechanism create(
      double epsilon, double delta, double l2Sensitivity, RandomGenerator random) {
    Checks.epsilon(epsilon);
    Checks.delta(delta);
    Checks.positive("l2Sensitivity", l2Sensitivity);
    if (l2Sensitivity >= 0x1p40) {
      throw new PrivacyParameterException("l2Sensitivity must be < 2^40, got " + l2Sensitivity);
    }
    return new GaussianMechanism(
        epsilon, delta, l2Sensitivity, Objects.requireNonNull(random, "random"));
  }

  /**
   * Balle and Wang's analytic σ: the smallest σ for which the Gaussian mechanism with L2 sensitivity
   * Δ is (ε, δ)-DP, accurate to a relative 1e-12 and never below the exact value's bisection bracket.
   */
  public static double analyticSigma(double epsilon, double delta, double l2Sensitivity) {
    Checks.epsilon(epsilon);
    Checks.delta(delta);
    Checks.positive("l2Sensitivity", l2Sensitivity);
    // δ(σ) decreases in σ and is scale-free in σ/Δ: solve for Δ = 1, then scale.
    double hi = 1.0;
    while (deltaOf(hi, epsilon) > delta) {
      hi *= 2;
      if (hi > 0x1p60) {
        throw new PrivacyParameterException(
            "no sigma below 2^60 reaches delta " + delta + " at epsilon " + epsilon);
      }
    }
    double lo = hi / 2;
    while (deltaOf(lo, epsilon) <= delta) {
      hi = lo;
      lo /= 2;
      if (lo < 0x1p-60) {
        return hi * l2Sensitivity;
      }
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (deltaOf(mid, epsilon) <= delta) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi * l2Sensitivity;
  }

  /** δ(σ) of the continuous Gaussian mechanism with Δ = 1 (Balle and Wang 2018, Theorem 8). */
  static double deltaOf(double sigma, double epsilon) {
    double a = 0.5 / sigma - epsilon * sigma;
    double b = -0.5 / sigma - epsilon * sigma;
    return StandardNormal.cdf(a) - Math.exp(epsilon + StandardNormal.logCdf(b));
  }

  /** The classic bound σ = Δ·sqrt(2 ln(1.25/δ))/ε (Dwork and Roth, Theorem A.1; proven for ε < 1). */
  public static double classicSigma(double epsilon, double delta, double l2Sensitivity) {
    Checks.epsilon(epsilon);
    Checks.delta(delta);
    Checks.positive("l2Sensitivity", l2Sensitivity);
    return l2Sensitivity * Math.sqrt(2 * Math.log(1.25 / delta)) / epsilon;
  }

  /**
   * The value plus Gaussian noise, as a multiple of {@link #granularity()}. Throws
   * {@link org.anonkit.InvalidInputException} for a non-finite value or one beyond 2^60 grid steps.
   */
  public double addNoise(double value) {
    long k = Grid.index(value, granularity);
    return Grid.release(k, gridNoise.sample(), granularity);
  }

  /** The integer value plus discrete Gaussian noise (saturating at the long range). */
  public long addNoise(long value) {
    return Grid.saturatingAdd(value, integerNoise.sample());
  }

  /**
   * The analytic σ for (ε, δ, Δ); the noise added to doubles is at least as wide (its grid σ is
   * calibrated for ceil(Δ/g) and a smaller δ). The noise added to integers has
   * {@link #integerSigma()}, which may be smaller (see {@link #rho()}).
   */
  public double sigma() {
    return sigma;
  }

  /** The σ of the discrete Gaussian added to integer inputs. */
  public double integerSigma() {
    return integerNoise.sigma();
  }

  /**
   * A zCDP parameter ρ that holds for one release of either kind: the larger of Δ²/(2σ²) with the
   * analytic σ (a bound for doubles, whose grid noise is at least as wide in grid units) and
   * ceil(Δ)²/(2σ²) with the σ of the integer noise (calibrated on the discrete Gaussian's own curve,
   * which can need a smaller σ than the continuous one). Rounded up so as never to under-count.
   */
  public double rho() {
    double continuous = sensitivity * sensitivity / (2 * sigma * sigma);
    double intSensitivity = Math.ceil(sensitivity);
    double integer = intSensitivity * intSensitivity / (2 * integerNoise.sigmaSquared());
    return Math.nextUp(Math.max(continuous, integer));
  }

  public double granularity() {
    return granularity;
  }

  public double epsilon() {
    return epsilon;
  }

  public double delta() {
    return delta;
  }

  public double l2Sensitivity() {
    return sensitivity;
  }

  @Override
  public String toString() {
    return "GaussianMechanism{epsilon=" + epsilon + ", delta=" + delta + ", l2Sensitivity="
        + sensitivity + ", sigma=" + sigma + "}";
  }
}
