/**
 * k-anonymity, l-diversity and t-closeness by full-domain generalization and suppression, with an
 * optimal lattice search: {@link org.anonkit.privacy.kanon.KAnonymizer} configured with
 * {@link org.anonkit.privacy.kanon.PrivacyModel}s and a {@link org.anonkit.privacy.kanon.UtilityMetric}
 * turns a dictionary-encoded {@link org.anonkit.privacy.kanon.DataTable} into a
 * {@link org.anonkit.privacy.kanon.KAnonResult}. Every column of the table is classified: a
 * quasi-identifier, a model's sensitive attribute, insensitive or identifying; a table with a column that
 * is none of these is refused rather than released with that column as it is.
 */
package org.anonkit.privacy.kanon;
