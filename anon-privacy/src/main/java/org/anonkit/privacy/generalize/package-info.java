/**
 * Generalization hierarchies ({@link org.anonkit.privacy.generalize.Hierarchy}: ARX-style tables,
 * time, numeric intervals, IP prefixes, redaction, categorical maps) and the keyless generalizing
 * transformers {@code generalize-time}, {@code generalize-ip}, {@code generalize-number} and
 * {@code generalize-map}.
 */
package org.anonkit.privacy.generalize;
