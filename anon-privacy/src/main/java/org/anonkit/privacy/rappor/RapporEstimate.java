package org.anonkit.privacy.rappor;

/**
 * The decoded frequency of one candidate value: the estimated number of clients reporting it, its
 * standard error, the one-sided p-value of "count > 0", and whether it passed the Bonferroni-corrected
 * significance threshold.
 *
 * <p>Immutable and thread-safe.
 */
public record RapporEstimate(String candidate, double count, double standardError, double pValue,
    boolean significant) {

  @Override
  public String toString() {
    // candidates are dictionary entries chosen by the analyst, not client data
    return "RapporEstimate{" + candidate + ": " + count + " ± " + standardError + ", p=" + pValue
        + (significant ? ", significant}" : "}");
  }
}
