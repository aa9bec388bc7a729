/**
 * Keyed pseudonyms: {@link org.anonkit.hmac.HmacSha256Pseudonymizer} (transformer {@code hmac}) turns
 * a clear value into a short token, the same token for the same value and key, and
 * {@link org.anonkit.hmac.MappingStore} records which clear value became which token.
 *
 * <p><b>Pseudonymization is not anonymization.</b> Anyone with the key can recompute a token for a
 * guessed value, and the mapping file reverses every token; keep both like the clear data.
 */
package org.anonkit.hmac;
