package org.anonkit.privacy.dp;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact samples of the discrete Laplace distribution (two-sided geometric) on the integers,
 * P(y) ∝ exp(-|y| / scale), with the algorithm of Canonne, Kamath and Steinke (2020, Algorithm 2).
 *
 * <p><b>Security guarantee.</b> The scale is held as a rational t/s (a double scale is rounded
 * <em>up</em> to one, never down), and every random decision is an integer comparison with a uniform
 * integer, so the output distribution is exactly the stated one: there are no floating-point artefacts
 * for an attacker to exploit (Mironov 2012). Adding a sample to an integer-valued query of sensitivity
 * Δ gives ε-differential privacy when scale ≥ Δ/ε.
 *
 * <p>Immutable; thread-safe when its {@link RandomGenerator} is (the default {@link SecureRandom} is).
 */
public final class DiscreteLaplaceSampler {
  private final long t;
  private final long s;
  private final RandomGenerator random;

  private DiscreteLaplaceSampler(long t, long s, RandomGenerator random) {
    this.t = t;
    this.s = s;
    this.random = random;
  }

  /** A sampler with scale {@code numerator / denominator} exactly, drawing from SecureRandom. */
  public static DiscreteLaplaceSampler ofRationalScale(long numerator, long denominator) {
    return ofRationalScale(numerator, denominator, new SecureRandom());
  }

  /** A sampler with scale {@code numerator / denominator} exactly. */
  public static DiscreteLaplaceSampler ofRationalScale(
      long numerator, long denominator, RandomGenerator random) {
    if (numerator < 1 || denominator < 1) {
      throw new PrivacyParameterException(
          "discrete Laplace scale numerator and denominator must be >= 1, got "
              + numerator + "/" + denominator);
    }
    return new DiscreteLaplaceSampler(numerator, denominator, Objects.requireNonNull(random, "random"));
  }

  /** A sampler whose scale is {@code scale} rounded up to a rational (relative error below 2^-39). */
  public static DiscreteLaplaceSampler ofScale(double scale, RandomGenerator random) {
    long[] ts = rationalUp(Checks.positive("scale", scale));
    return new DiscreteLaplaceSampler(ts[0], ts[1], Objects.requireNonNull(random, "random"));
  }

  /** {@link #ofScale(double, RandomGenerator)} drawing from a new SecureRandom. */
  public static DiscreteLaplaceSampler ofScale(double scale) {
    return ofScale(scale, new SecureRandom());
  }

  /** {t, s} with t/s ≥ scale, s a power of two and t about 2^40 (or s = 1 for large scales). */
  static long[] rationalUp(double scale) {
    if (!(scale < 0x1p50)) {
      throw new PrivacyParameterException("discrete Laplace scale must be < 2^50, got " + scale);
    }
    int shift = Math.max(0, Math.min(62, 40 - Math.getExponent(scale)));
    double scaled = Math.ceil(Math.scalb(scale, shift)); // exact: scaling by a power of two
    long t = (long) scaled;
    long s = 1L << shift;
    while ((t & 1) == 0 && (s & 1) == 0) {
      t >>= 1;
      s >>= 1;
    }
    return new long[] {Math.max(1, t), s};
  }

  /** One sample. */
  public long sample() {
    return Exact.discreteLaplace(new Bits(random), t, s);
  }

  /** The exact scale t/s as a double (rounded to nearest). */
  public double scale() {
    return (double) t / s;
  }

  @Override
  public String toString() {
    return "DiscreteLaplaceSampler{scale=" + scale() + "}";
  }
}
