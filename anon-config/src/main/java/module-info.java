/**
 * Policy and key files in JSON, read with jackson-core's streaming parser, and the {@code file:} key
 * source. Kept apart from anon-api so the core stays JDK-only: frameworks that build policies in code
 * do not need Jackson.
 */
module org.anonkit.config {
  requires transitive org.anonkit.api;
  requires tools.jackson.core;

  exports org.anonkit.config;

  provides org.anonkit.spi.KeySourceProvider with
      org.anonkit.config.FileKeySourceProvider;
}
