/**
 * Transformer providers and implementations of module {@code org.anonkit.fpe}; not exported. Use them by
 * name through {@link org.anonkit.TransformerRegistry}: {@code ff1}, {@code ff3-1}, {@code numeric-id},
 * {@code email}, {@code phone}, {@code dn}, {@code hostname}. See {@link org.anonkit.fpe} for the
 * shared rules (keys, character classes, short values).
 */
package org.anonkit.fpe.internal;
