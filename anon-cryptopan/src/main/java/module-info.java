/**
 * Crypto-PAn prefix-preserving IP anonymization for AnonKit: {@link org.anonkit.cryptopan.CryptoPan}
 * and the transformers {@code cryptopan}, {@code ip} and {@code sinful}.
 */
module org.anonkit.cryptopan {
  requires transitive org.anonkit.api;

  exports org.anonkit.cryptopan;

  provides org.anonkit.spi.TransformerProvider with
      org.anonkit.cryptopan.CryptoPanTransformerProvider,
      org.anonkit.cryptopan.IpTransformerProvider,
      org.anonkit.cryptopan.SinfulTransformerProvider;
}
