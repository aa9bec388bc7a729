package org.anonkit.privacy.dp;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact samples of the discrete Gaussian N_Z(0, σ²) on the integers, P(y) ∝ exp(-y² / (2σ²)), with the
 * rejection sampler of Canonne, Kamath and Steinke (2020, Algorithm 3: a discrete Laplace proposal
 * accepted with an exact Bernoulli(exp(-x)) coin).
 *
 * <p><b>Security guarantee.</b> σ² is held as a rational t·m/d, rounded <em>up</em> from the requested
 * σ (relative error in σ² below 2^-19 for σ ≥ 1; for σ &lt; 1 about 2^-20/σ, and σ² is at least
 * 2^-40), and all random decisions are integer comparisons, so the
 * output distribution is exactly N_Z(0, t·m/d). It is ρ-zCDP with ρ = Δ²/(2σ²) for an integer query of
 * sensitivity Δ (CKS 2020, Theorem 4), the same as the continuous Gaussian.
 *
 * <p>Immutable; thread-safe when its {@link RandomGenerator} is (the default {@link SecureRandom} is).
 */
public final class DiscreteGaussianSampler {
  private final long t;
  private final long m;
  private final long d;
  private final RandomGenerator random;

  private DiscreteGaussianSampler(long t, long m, long d, RandomGenerator random) {
    this.t = t;
    this.m = m;
    this.d = d;
    this.random = random;
  }

  /** A sampler with parameter σ (rounded up as described above), drawing from SecureRandom. */
  public static DiscreteGaussianSampler ofSigma(double sigma) {
    return ofSigma(sigma, new SecureRandom());
  }

  /** A sampler with parameter σ (rounded up as described above). */
  public static DiscreteGaussianSampler ofSigma(double sigma, RandomGenerator random) {
    Checks.positive("sigma", sigma);
    if (!(sigma < 0x1p31)) {
      throw new PrivacyParameterException("discrete Gaussian sigma must be < 2^31, got " + sigma);
    }
    long t = (long) Math.floor(sigma) + 1;
    int shift = Math.max(0, Math.min(40, 20 - Math.getExponent(sigma)));
    long d = 1L << shift;
    // m >= sigma^2 * d / t; three ulps up cover the rounding of the two products and the quotient.
    double est = Math.scalb(sigma * sigma, shift) / t;
    est = Math.nextUp(Math.nextUp(Math.nextUp(est)));
    long m = Math.max(1, (long) Math.ceil(est));
    return new DiscreteGaussianSampler(t, m, d, Objects.requireNonNull(random, "random"));
  }

  /** One sample. */
  public long sample() {
    return Exact.discreteGaussian(new Bits(random), t, m, d);
  }

  /** The exact parameter σ = sqrt(t·m/d), as a double. */
  public double sigma() {
    return Math.sqrt(sigmaSquared());
  }

  /** σ² = t·m/d, as a double. */
  public double sigmaSquared() {
    return (double) t * (double) m / d;
  }

  @Override
  public String toString() {
    return "DiscreteGaussianSampler{sigma=" + sigma() + "}";
  }
}
