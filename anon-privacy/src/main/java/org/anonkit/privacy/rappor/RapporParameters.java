package org.anonkit.privacy.rappor;

import org.anonkit.privacy.dp.PrivacyParameterException;

/**
 * RAPPOR encoding parameters (Erlingsson, Pihur, Korolova, CCS 2014): k Bloom-filter bits, h hash
 * functions, m cohorts, the permanent randomized response probability f and the instantaneous
 * randomized response probabilities p (report 1 for a 0 bit) and q (report 1 for a 1 bit).
 *
 * <p><b>Bit compatibility with Google's reference client</b> (github.com/google/rappor,
 * client/python/rappor.py): k ≤ 32 and h ≤ 16, because each Bloom hash is one byte of
 * MD5(cohort as 4 bytes big-endian ‖ UTF-8 value) taken modulo k, and each PRR bit uses one byte of
 * HMAC-SHA256(client secret, UTF-8 value): its low bit is the uniform bit, its upper 7 bits are compared
 * with f·128. The effective f is therefore ceil(128 f)/128, which {@link #effectiveF()} reports and
 * every formula here uses.
 *
 * <p>Immutable and thread-safe.
 */
public record RapporParameters(int numBits, int numHashes, int numCohorts, double f, double p,
    double q) {
  public RapporParameters {
    if (numBits < 1 || numBits > 32) {
      throw new PrivacyParameterException("numBits (k) must be in [1, 32], got " + numBits);
    }
    if (numHashes < 1 || numHashes > 16 || numHashes > numBits) {
      throw new PrivacyParameterException(
          "numHashes (h) must be in [1, min(16, k)], got " + numHashes);
    }
    if (numCohorts < 1) {
      throw new PrivacyParameterException("numCohorts (m) must be >= 1, got " + numCohorts);
    }
    if (!(f >= 0 && f < 1)) {
      throw new PrivacyParameterException("f must be in [0, 1), got " + f);
    }
    if (!(p >= 0 && p <= 1 && q >= 0 && q <= 1 && q > p)) {
      throw new PrivacyParameterException(
          "p and q must be probabilities with q > p, got p=" + p + ", q=" + q);
    }
  }

  /** The paper's and the reference client's defaults: k = 16, h = 2, m = 64, f = 0.5, p = 0.5, q = 0.75. */
  public static RapporParameters defaults() {
    return new RapporParameters(16, 2, 64, 0.5, 0.5, 0.75);
  }

  /** The f actually realised by the 7-bit PRR threshold: ceil(128 f)/128. */
  public double effectiveF() {
    return Math.ceil(f * 128) / 128;
  }

  /** P(reported bit = 1 | Bloom bit = 1) = f/2·(p + q) + (1 − f)·q, with the effective f. */
  public double qStar() {
    double fe = effectiveF();
    return 0.5 * fe * (p + q) + (1 - fe) * q;
  }

  /** P(reported bit = 1 | Bloom bit = 0) = f/2·(p + q) + (1 − f)·p, with the effective f. */
  public double pStar() {
    double fe = effectiveF();
    return 0.5 * fe * (p + q) + (1 - fe) * p;
  }

  /**
   * ε of the permanent randomized response, which bounds what any number of reports about one value
   * reveal (the longitudinal bound): ε∞ = 2h·ln((1 − f/2)/(f/2)). Infinite for f = 0.
   */
  public double epsilonPermanent() {
    double fe = effectiveF();
    return 2 * numHashes * Math.log((1 - fe / 2) / (fe / 2));
  }

  /** ε of a single report (PRR then IRR): ε₁ = h·ln(q*(1 − p*)/(p*(1 − q*))). */
  public double epsilonOneReport() {
    double qs = qStar();
    double ps = pStar();
    return numHashes * Math.log(qs * (1 - ps) / (ps * (1 - qs)));
  }
}
