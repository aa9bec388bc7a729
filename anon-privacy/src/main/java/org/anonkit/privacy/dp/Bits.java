package org.anonkit.privacy.dp;

import java.util.random.RandomGenerator;

/**
 * A bit-frugal view of a {@link RandomGenerator} for one sampling call: 64-bit words are drawn once
 * and spent a few bits at a time, so that an exact sampler, whose decisions mostly need a handful of
 * bits (Bernoulli(1/k) for small k, a sign), calls an expensive generator such as
 * {@link java.security.SecureRandom} a few times per sample instead of once per decision.
 *
 * <p>{@link #below(long)} is exact: it takes ⌈log2 bound⌉ fresh bits and rejects values ≥ bound.
 * Not thread-safe; one instance per call.
 */
final class Bits {
  private final RandomGenerator random;
  private long buffer;
  private int available;

  Bits(RandomGenerator random) {
    this.random = random;
  }

  /** {@code n} fresh uniform bits, 1 ≤ n ≤ 64, as the low bits of the result. */
  long take(int n) {
    if (n == 64) {
      return random.nextLong();
    }
    if (available < n) {
      long fresh = random.nextLong();
      // use the leftover bits first, then the fresh word
      long result = buffer & ((1L << available) - 1);
      int need = n - available;
      result = (result << need) | (fresh >>> (64 - need));
      buffer = fresh;
      available = 64 - need;
      return result;
    }
    available -= n;
    return (buffer >>> available) & ((1L << n) - 1);
  }

  /** One fair bit. */
  boolean bit() {
    return take(1) != 0;
  }

  /** A uniform integer in [0, bound), bound ≥ 1, by rejection on ⌈log2 bound⌉ bits. */
  long below(long bound) {
    if (bound == 1) {
      return 0;
    }
    int n = 64 - Long.numberOfLeadingZeros(bound - 1);
    if (n == 64) {
      return random.nextLong(bound);
    }
    while (true) {
      long v = take(n);
      if (v < bound) {
        return v;
      }
    }
  }

  /** The underlying generator (for the rare big-number path). */
  RandomGenerator generator() {
    return random;
  }
}
