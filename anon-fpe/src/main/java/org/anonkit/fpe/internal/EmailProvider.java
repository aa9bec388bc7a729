package org.anonkit.fpe.internal;

import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provides the {@code email} transformer: email addresses: local part encrypted per character class, domain kept, mapped or pseudonymized; reversible.
 *
 * <p>Keys: {@link TransformerContext#key()}, i.e. derived for {@code anonkit/v1/email/<field or linkage domain>}, so
 * the same value in two fields encrypts differently unless the policy puts both fields in one linkage domain.
 *
 * <p>Immutable and thread-safe.
 */
public final class EmailProvider implements TransformerProvider {
  /** For {@link java.util.ServiceLoader}. */
  public EmailProvider() {}

  @Override
  public String name() {
    return "email";
  }

  @Override
  public String description() {
    return "email addresses: local part encrypted per character class, domain kept, mapped or pseudonymized; reversible";
  }

  @Override
  public Transformer create(TransformerContext context) {
    return EmailTransformer.create(context);
  }
}
