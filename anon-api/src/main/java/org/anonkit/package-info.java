/**
 * AnonKit's core contracts.
 *
 * <ul>
 *   <li>{@link org.anonkit.Transformer} and {@link org.anonkit.ReversibleTransformer}: one field's
 *       anonymization, deterministic for a key, immutable and thread-safe;</li>
 *   <li>{@link org.anonkit.Policy}, {@link org.anonkit.FieldRule}: which field is transformed how, with a
 *       fail-closed default; {@link org.anonkit.Anonymizer} compiles a policy against a master key and a
 *       {@link org.anonkit.TransformerRegistry} into ready {@link org.anonkit.FieldPlan}s;</li>
 *   <li>{@link org.anonkit.AnonException} and its subtypes, whose messages never contain clear values,
 *       tokens or key material.</li>
 * </ul>
 */
package org.anonkit;
