package org.anonkit.privacy.rappor;

/**
 * One client report: its cohort and the k instantaneous-randomized-response bits (bit i of
 * {@code bits} is Bloom position i, as in the reference client's integer encoding).
 *
 * <p>Immutable and thread-safe.
 */
public record RapporReport(int cohort, long bits) {}
