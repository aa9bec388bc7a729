/**
 * Keyed HMAC-SHA-256 pseudonyms ({@code hmac} transformer) and the clear-to-token mapping store.
 *
 * <p>Provides {@link org.anonkit.spi.TransformerProvider} {@code hmac}.
 */
module org.anonkit.hmac {
  requires transitive org.anonkit.api;

  exports org.anonkit.hmac;

  provides org.anonkit.spi.TransformerProvider with
      org.anonkit.hmac.HmacTransformerProvider;
}
