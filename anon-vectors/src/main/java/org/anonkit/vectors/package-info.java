/**
 * Vectorization of clear and anonymized records into primitive columns and ragged offsets/values
 * buffers that numpy, Awkward Array and Arrow users open directly.
 *
 * <p>Entry points: {@link org.anonkit.vectors.VectorSet} (schema + run directory, records pushed one
 * by one, files written at the end), {@link org.anonkit.vectors.Vectorizer} (records to a
 * {@link org.anonkit.vectors.VectorBatch} in memory), {@link org.anonkit.vectors.RecordView} (the
 * read-only record the vectorizer reads), {@link org.anonkit.vectors.RaggedArray},
 * {@link org.anonkit.vectors.NpyWriter} and {@link org.anonkit.vectors.Xxh64}. Encoders are
 * {@link org.anonkit.spi.EncoderProvider}s found by name: {@code numeric}, {@code timestamp},
 * {@code boolean}, {@code ipv4}, {@code categorical}, {@code hash}, {@code multi-hot},
 * {@code one-hot}.
 */
package org.anonkit.vectors;
