package org.anonkit.privacy.dp;

import java.util.List;

/**
 * The output of one {@link DpAggregation} query: the released partitions (sorted by key) and the privacy
 * cost of the whole release.
 *
 * <p>Immutable and thread-safe.
 */
public record DpRelease(List<DpResult> results, PrivacyBudget spent, boolean partitionsSelected) {
  public DpRelease {
    results = List.copyOf(results);
  }

  /** The released partition keys, in order (reusable as the partitions of a follow-up query). */
  public List<List<String>> partitions() {
    return results.stream().map(DpResult::partition).toList();
  }
}
