package org.anonkit.privacy.rappor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.privacy.dp.PrivacyParameterException;

/**
 * The client side of RAPPOR: value → Bloom filter → permanent randomized response (PRR) →
 * instantaneous randomized response (IRR).
 *
 * <p>The PRR is memoised per value without storing anything: its coins are the bytes of
 * HMAC-SHA256(client secret, value), so the same client always gets the same PRR for the same value
 * (what bounds the longitudinal leak to {@link RapporParameters#epsilonPermanent()}), and different
 * clients get independent ones. The IRR coins are fresh for every report: exact Bernoulli(p) and
 * Bernoulli(q) draws from the {@link RandomGenerator} (p and q as dyadic rationals with 62-bit
 * precision; no floating-point comparison with a random double).
 *
 * <p><b>Compatibility.</b> Bit-compatible with Google's reference Python client for the Bloom filter
 * and the PRR (see {@link RapporParameters}). MD5 is used for the Bloom hashes only for that
 * compatibility; it is not a security function here (the Bloom positions are public by design).
 *
 * <p><b>Security.</b> The client secret comes as a {@link DerivedKey}; it never prints.
 *
 * <p>Immutable; thread-safe when its {@link RandomGenerator} is (the default {@link SecureRandom} is).
 */
public final class RapporEncoder {
  private final RapporParameters params;
  private final int cohort;
  private final SecretKeySpec secret;
  /** This encoder among those a thread's {@link Mac} may hold the key of (never reused). */
  private final long id = IDS.incrementAndGet();
  private final RandomGenerator random;
  private final long pThreshold;
  private final long qThreshold;

  private RapporEncoder(RapporParameters params, int cohort, DerivedKey clientSecret,
      RandomGenerator random) {
    this.params = params;
    this.cohort = cohort;
    byte[] k = clientSecret.secret().toByteArray(SecretAccess.get());
    try {
      this.secret = new SecretKeySpec(k, "HmacSHA256");
    } finally {
      java.util.Arrays.fill(k, (byte) 0);
    }
    HMAC.get(); // fails here, not on first use, if HmacSHA256 is missing
    this.random = random;
    this.pThreshold = dyadic(params.p());
    this.qThreshold = dyadic(params.q());
  }

  /** An encoder for one client, drawing IRR coins from a new SecureRandom. */
  public static RapporEncoder create(RapporParameters params, int cohort, DerivedKey clientSecret) {
    return create(params, cohort, clientSecret, new SecureRandom());
  }

  /** An encoder for one client (inject a seeded generator in tests only). */
  public static RapporEncoder create(RapporParameters params, int cohort, DerivedKey clientSecret,
      RandomGenerator random) {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(clientSecret, "clientSecret");
    if (cohort < 0 || cohort >= params.numCohorts()) {
      throw new PrivacyParameterException(
          "cohort must be in [0, " + params.numCohorts() + "), got " + cohort);
    }
    if (clientSecret.size() < 16) {
      throw new PrivacyParameterException(
          "client secret must have at least 16 bytes, got " + clientSecret.size());
    }
    return new RapporEncoder(params, cohort, clientSecret, Objects.requireNonNull(random, "random"));
  }

  /** A uniformly random cohort for a new client. */
  public static int randomCohort(RapporParameters params, RandomGenerator random) {
    return random.nextInt(params.numCohorts());
  }

  /** One report of {@code value}. */
  public RapporReport encode(String value) {
    long prr = permanentResponse(value);
    long irr = 0;
    for (int i = 0; i < params.numBits(); i++) {
      long threshold = ((prr >>> i) & 1) != 0 ? qThreshold : pThreshold;
      if ((random.nextLong() >>> 2) < threshold) {
        irr |= 1L << i;
      }
    }
    return new RapporReport(cohort, irr);
  }

  /** The PRR of {@code value} (the same on every call). */
  long permanentResponse(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    long bloom = bloomFilter(params, cohort, utf8);
    byte[] digest = mac().doFinal(utf8);
    long uniform = 0;
    long fMask = 0;
    double threshold128 = params.f() * 128;
    for (int i = 0; i < params.numBits(); i++) {
      int b = digest[i] & 0xFF;
      uniform |= (long) (b & 1) << i;
      if ((b >>> 1) < threshold128) {
        fMask |= 1L << i;
      }
    }
    return (uniform & fMask) | (bloom & ~fMask);
  }

  private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

  /**
   * One {@link Mac} per thread, keyed with the secret of the encoder that used it last: an encoder that
   * reports many values keys it once, and many short-lived encoders (one per simulated client) cost one
   * keying per report, not a new {@code Mac} each; a thread holds one client's key state at a time.
   */
  private static final ThreadLocal<KeyedMac> HMAC = ThreadLocal.withInitial(() -> {
    try {
      return new KeyedMac(Mac.getInstance("HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  });

  private static final class KeyedMac {
    final Mac mac;
    long owner; // the id of the encoder whose secret keys it; 0: none (ids start at 1)

    KeyedMac(Mac mac) {
      this.mac = mac;
    }
  }

  /** This thread's {@link Mac}, keyed with this encoder's secret (doFinal leaves it keyed and reset). */
  private Mac mac() {
    KeyedMac k = HMAC.get();
    if (k.owner != id) {
      try {
        k.owner = 0; // until keyed: a failed init leaves it unclaimed
        k.mac.init(secret);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 rejected the client secret", e);
      }
      k.owner = id;
    }
    return k.mac;
  }

  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5"); // compatibility, not security
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  });

  /** The Bloom positions of a value in a cohort: byte i of MD5(cohort ‖ value) mod k, i < h. */
  static int[] bloomBits(RapporParameters params, int cohort, String value) {
    return bloomBits(params, cohort, value.getBytes(StandardCharsets.UTF_8));
  }

  private static int[] bloomBits(RapporParameters params, int cohort, byte[] v) {
    MessageDigest md5 = MD5.get();
    md5.reset();
    md5.update(ByteBuffer.allocate(4).putInt(cohort).array());
    byte[] digest = md5.digest(v);
    int[] bits = new int[params.numHashes()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = (digest[i] & 0xFF) % params.numBits();
    }
    return bits;
  }

  static long bloomFilter(RapporParameters params, int cohort, String value) {
    return bloomFilter(params, cohort, value.getBytes(StandardCharsets.UTF_8));
  }

  private static long bloomFilter(RapporParameters params, int cohort, byte[] utf8) {
    long bloom = 0;
    for (int b : bloomBits(params, cohort, utf8)) {
      bloom |= 1L << b;
    }
    return bloom;
  }

  /** p as a threshold on 62 random bits: P(u < t) = t/2^62 = p rounded to 62 bits (exact for p = k/2^j). */
  private static long dyadic(double p) {
    return (long) Math.rint(Math.scalb(p, 62));
  }

  public RapporParameters parameters() {
    return params;
  }

  public int cohort() {
    return cohort;
  }

  @Override
  public String toString() {
    return "RapporEncoder{" + params + ", cohort=" + cohort + ", secret=<redacted>}";
  }
}
