/**
 * AnonKit privacy models.
 *
 * <ul>
 *   <li>{@code org.anonkit.privacy.generalize}: generalization hierarchies and the keyless generalizing
 *       transformers ({@code generalize-time}, {@code generalize-ip}, {@code generalize-number},
 *       {@code generalize-map});</li>
 *   <li>{@code org.anonkit.privacy.kanon}: k-anonymity, l-diversity, t-closeness with an optimal lattice
 *       search, suppression and utility metrics;</li>
 *   <li>{@code org.anonkit.privacy.dp}: secure Laplace and Gaussian mechanisms, exact discrete samplers,
 *       bounded aggregates, privacy accounting;</li>
 *   <li>{@code org.anonkit.privacy.rappor}: local differential privacy (RAPPOR) encoder and decoder.</li>
 * </ul>
 */
module org.anonkit.privacy {
  requires transitive org.anonkit.api;
  requires it.unimi.dsi.fastutil;

  exports org.anonkit.privacy.generalize;
  exports org.anonkit.privacy.kanon;
  exports org.anonkit.privacy.dp;
  exports org.anonkit.privacy.rappor;

  provides org.anonkit.spi.TransformerProvider with
      org.anonkit.privacy.generalize.GeneralizeTimeProvider,
      org.anonkit.privacy.generalize.GeneralizeIpProvider,
      org.anonkit.privacy.generalize.GeneralizeNumberProvider,
      org.anonkit.privacy.generalize.GeneralizeMapProvider;
}
