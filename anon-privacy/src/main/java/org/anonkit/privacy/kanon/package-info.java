/**
 * k-anonymity, l-diversity and t-closeness by full-domain generalization and suppression, with an
 * optimal lattice search: {@link org.anonkit.privacy.kanon.KAnonymizer} configured with
 * {@link org.anonkit.privacy.kanon.PrivacyModel}s and a {@link org.anonkit.privacy.kanon.UtilityMetric}
 * turns a dictionary-encoded {@link org.anonkit.privacy.kanon.DataTable} into a
 * {@link org.anonkit.privacy.kanon.KAnonResult}.
 */
package org.anonkit.privacy.kanon;
