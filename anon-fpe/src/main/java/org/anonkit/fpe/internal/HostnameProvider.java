package org.anonkit.fpe.internal;

import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provides the {@code hostname} transformer: host names: labels encrypted per character class, chosen suffixes kept; reversible.
 *
 * <p>Keys: {@link TransformerContext#key()}, i.e. derived for {@code anonkit/v1/hostname/<field or linkage domain>}, so
 * the same value in two fields encrypts differently unless the policy puts both fields in one linkage domain.
 *
 * <p>Immutable and thread-safe.
 */
public final class HostnameProvider implements TransformerProvider {
  /** For {@link java.util.ServiceLoader}. */
  public HostnameProvider() {}

  @Override
  public String name() {
    return "hostname";
  }

  @Override
  public String description() {
    return "host names: labels encrypted per character class, chosen suffixes kept; reversible";
  }

  @Override
  public Transformer create(TransformerContext context) {
    return HostnameTransformer.create(context);
  }
}
