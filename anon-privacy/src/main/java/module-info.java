/**
 * AnonKit privacy models.
 *
 * <p>k-anonymity part: {@code org.anonkit.privacy.generalize} (hierarchies and the keyless
 * generalizing transformers) and {@code org.anonkit.privacy.kanon} (k-anonymity, l-diversity,
 * t-closeness, lattice search).
 */
module org.anonkit.privacy {
  requires transitive org.anonkit.api;
  requires it.unimi.dsi.fastutil;

  exports org.anonkit.privacy.generalize;
  exports org.anonkit.privacy.kanon;

  provides org.anonkit.spi.TransformerProvider with
      org.anonkit.privacy.generalize.GeneralizeTimeProvider,
      org.anonkit.privacy.generalize.GeneralizeIpProvider,
      org.anonkit.privacy.generalize.GeneralizeNumberProvider,
      org.anonkit.privacy.generalize.GeneralizeMapProvider;
}
