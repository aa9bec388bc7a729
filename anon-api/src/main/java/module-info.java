/**
 * AnonKit's core contracts. Depends on the JDK alone.
 *
 * <p>Uses (and lets other modules provide) {@link org.anonkit.spi.TransformerProvider},
 * {@link org.anonkit.spi.KeySourceProvider}.
 */
module org.anonkit.api {
  exports org.anonkit;
  exports org.anonkit.key;
  exports org.anonkit.spi;


  uses org.anonkit.spi.TransformerProvider;
  uses org.anonkit.spi.KeySourceProvider;
  uses org.anonkit.spi.EncoderProvider;

  provides org.anonkit.spi.KeySourceProvider with
      org.anonkit.key.EnvironmentKeySourceProvider;
}
