package org.anonkit.privacy.dp;

/**
 * One input record as seen by {@link DpAggregation}: field lookup by name. A JSON object, a CSV line or
 * a pipeline record adapts to it with a lambda ({@code row::get} for a {@code Map<String, String>}).
 *
 * <p>Implementations decide their own thread-safety; the aggregation reads each row once, from the
 * calling thread.
 */
@FunctionalInterface
public interface FieldRow {
  /** The field's value as text, or {@code null} when the row has no such field. */
  String get(String field);
}
