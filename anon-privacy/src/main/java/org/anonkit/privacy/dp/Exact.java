package org.anonkit.privacy.dp;

import java.math.BigInteger;

/**
 * Exact samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
 * (NeurIPS 2020), Algorithms 1-3. Every decision is an integer comparison against a uniform integer
 * drawn by rejection from fresh random bits ({@link Bits}); no floating-point number is computed on
 * the sampling path.
 *
 * <p>Bernoulli(γ/K) for γ = r/D is drawn as Bernoulli(1/K) AND Bernoulli(r/D) (two independent
 * draws), so D·K never has to be formed. Arithmetic that could overflow a {@code long} is checked and
 * falls back to {@link BigInteger}.
 */
final class Exact {
  private Exact() {}

  /** Bernoulli(num/den) for 0 ≤ num ≤ den, den > 0. */
  static boolean bernoulli(Bits rng, long num, long den) {
    if (num >= den) {
      return true;
    }
    if (num <= 0) {
      return false;
    }
    return rng.below(den) < num;
  }

  /** Bernoulli(exp(-num/den)) for 0 ≤ num/den ≤ 1 (CKS Algorithm 1, first branch). */
  static boolean bernoulliExpMinusFraction(Bits rng, long num, long den) {
    long k = 1;
    while (true) {
      // A ~ Bernoulli(γ/k) = Bernoulli(1/k) ∧ Bernoulli(num/den)
      boolean a = (k == 1 || rng.below(k) == 0) && bernoulli(rng, num, den);
      if (!a) {
        break;
      }
      k++;
    }
    return (k & 1) == 1;
  }

  /** Bernoulli(exp(-1)). */
  static boolean bernoulliExpMinusOne(Bits rng) {
    return bernoulliExpMinusFraction(rng, 1, 1);
  }

  /** Bernoulli(exp(-num/den)) for num ≥ 0, den > 0 (CKS Algorithm 1). */
  static boolean bernoulliExpMinus(Bits rng, long num, long den) {
    long whole = num / den;
    long rem = num % den;
    for (long i = 0; i < whole; i++) {
      if (!bernoulliExpMinusOne(rng)) {
        return false;
      }
    }
    return bernoulliExpMinusFraction(rng, rem, den);
  }

  /** Bernoulli(exp(-num/den)) for big operands. */
  static boolean bernoulliExpMinus(Bits rng, BigInteger num, BigInteger den) {
    BigInteger[] qr = num.divideAndRemainder(den);
    for (BigInteger i = BigInteger.ZERO; i.compareTo(qr[0]) < 0; i = i.add(BigInteger.ONE)) {
      if (!bernoulliExpMinusOne(rng)) {
        return false;
      }
    }
    BigInteger rem = qr[1];
    long k = 1;
    while (true) {
      boolean a = (k == 1 || rng.below(k) == 0) && uniformBelow(rng, den).compareTo(rem) < 0;
      if (!a) {
        break;
      }
      k++;
    }
    return (k & 1) == 1;
  }

  /** A uniform integer in [0, bound), by rejection on bitLength(bound) random bits. */
  static BigInteger uniformBelow(Bits rng, BigInteger bound) {
    int bits = bound.bitLength();
    int bytes = (bits + 7) / 8;
    byte[] buf = new byte[bytes + 1]; // leading zero byte keeps it non-negative
    int excess = bytes * 8 - bits;
    while (true) {
      for (int i = 1; i <= bytes; ) {
        long r = rng.take(64);
        for (int j = 0; j < 8 && i <= bytes; j++, i++) {
          buf[i] = (byte) r;
          r >>>= 8;
        }
      }
      buf[1] &= (byte) (0xFF >>> excess);
      BigInteger candidate = new BigInteger(buf);
      if (candidate.compareTo(bound) < 0) {
        return candidate;
      }
    }
  }

  /**
   * The discrete Laplace distribution with scale t/s, P(y) ∝ exp(-|y| s/t) on the integers (CKS
   * Algorithm 2). Requires t, s ≥ 1.
   */
  static long discreteLaplace(Bits rng, long t, long s) {
    while (true) {
      long u = rng.below(t);
      if (!bernoulliExpMinusFraction(rng, u, t)) {
        continue;
      }
      long v = 0;
      while (bernoulliExpMinusOne(rng)) {
        v++;
      }
      long y;
      try {
        y = Math.addExact(u, Math.multiplyExact(t, v)) / s;
      } catch (ArithmeticException overflow) {
        // t·v beyond a long (t ~ 2^61 and v >= 4 is 2% of draws): the same y in big integers
        BigInteger x = BigInteger.valueOf(t).multiply(BigInteger.valueOf(v)).add(BigInteger.valueOf(u));
        BigInteger q = x.divide(BigInteger.valueOf(s));
        if (q.bitLength() > 62) {
          throw new ArithmeticException("a discrete Laplace sample beyond 2^62 (scale too large)");
        }
        y = q.longValue();
      }
      boolean negative = rng.bit();
      if (negative && y == 0) {
        continue;
      }
      return negative ? -y : y;
    }
  }

  /**
   * The discrete Gaussian N_Z(0, σ²) with σ² = t·m/d (CKS Algorithm 3 with a discrete Laplace
   * proposal of scale t). The acceptance probability exp(-(|y| - σ²/t)² / (2σ²)) equals
   * exp(-(|y|·d - m)² / (2·t·m·d)).
   */
  static long discreteGaussian(Bits rng, long t, long m, long d) {
    while (true) {
      long y = discreteLaplace(rng, t, 1);
      long ay = Math.abs(y);
      boolean accept;
      try {
        long a = Math.subtractExact(Math.multiplyExact(ay, d), m);
        long num = Math.multiplyExact(a, a);
        long den = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(2, t), m), d);
        accept = bernoulliExpMinus(rng, num, den);
      } catch (ArithmeticException overflow) {
        BigInteger a = BigInteger.valueOf(ay).multiply(BigInteger.valueOf(d))
            .subtract(BigInteger.valueOf(m));
        BigInteger den = BigInteger.valueOf(2).multiply(BigInteger.valueOf(t))
            .multiply(BigInteger.valueOf(m)).multiply(BigInteger.valueOf(d));
        accept = bernoulliExpMinus(rng, a.multiply(a), den);
      }
      if (accept) {
        return y;
      }
    }
  }
}
