/**
 * AnonKit format-preserving encryption: NIST SP 800-38G Rev 1 FF1 (default) and FF3-1 (deprecated),
 * alphabets, and the format-aware transformers {@code ff1}, {@code ff3-1}, {@code numeric-id},
 * {@code email}, {@code phone}, {@code dn} and {@code hostname}.
 */
module org.anonkit.fpe {
  requires transitive org.anonkit.api;

  exports org.anonkit.fpe;

  provides org.anonkit.spi.TransformerProvider with
      org.anonkit.fpe.internal.Ff1Provider,
      org.anonkit.fpe.internal.Ff3_1Provider,
      org.anonkit.fpe.internal.NumericIdProvider,
      org.anonkit.fpe.internal.EmailProvider,
      org.anonkit.fpe.internal.PhoneProvider,
      org.anonkit.fpe.internal.DnProvider,
      org.anonkit.fpe.internal.HostnameProvider;
}
