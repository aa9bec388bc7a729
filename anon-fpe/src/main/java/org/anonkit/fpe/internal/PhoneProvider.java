package org.anonkit.fpe.internal;

import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provides the {@code phone} transformer: phone numbers: digits encrypted with FF1, punctuation and country code kept; reversible.
 *
 * <p>Keys: {@link TransformerContext#key()}, i.e. derived for {@code anonkit/v1/phone/<field or linkage domain>}, so
 * the same value in two fields encrypts differently unless the policy puts both fields in one linkage domain.
 *
 * <p>Immutable and thread-safe.
 */
public final class PhoneProvider implements TransformerProvider {
  /** For {@link java.util.ServiceLoader}. */
  public PhoneProvider() {}

  @Override
  public String name() {
    return "phone";
  }

  @Override
  public String description() {
    return "phone numbers: digits encrypted with FF1, punctuation and country code kept; reversible";
  }

  @Override
  public Transformer create(TransformerContext context) {
    return PhoneTransformer.create(context);
  }
}
