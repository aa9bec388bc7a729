/**
 * RAPPOR local differential privacy (Erlingsson, Pihur, Korolova 2014): the client-side
 * {@link org.anonkit.privacy.rappor.RapporEncoder} (bit-compatible with Google's reference client for
 * the Bloom filter and the permanent randomized response) and the aggregator-side
 * {@link org.anonkit.privacy.rappor.RapporDecoder} (debiasing, non-negative least squares over a
 * candidate dictionary, Bonferroni-corrected significance).
 */
package org.anonkit.privacy.rappor;
