package org.anonkit.privacy.dp;

import java.util.List;

/**
 * One released partition: its key (the group-by values, in order; empty without group-by) and the
 * noisy statistic(s) — one value for count, sum and mean, one per requested rank for quantiles.
 *
 * <p>Immutable and thread-safe.
 */
public record DpResult(List<String> partition, List<Double> values) {
  public DpResult {
    partition = List.copyOf(partition);
    values = List.copyOf(values);
  }

  /** The first (for count, sum and mean: the only) value. */
  public double value() {
    return values.get(0);
  }
}
