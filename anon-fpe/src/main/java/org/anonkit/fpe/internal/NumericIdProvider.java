package org.anonkit.fpe.internal;

import org.anonkit.fpe.Alphabet;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provides the {@code numeric-id} transformer: a string of digits encrypted with FF1 radix 10, keeping length and leading zeros; reversible.
 *
 * <p>Keys: {@link TransformerContext#key()}, i.e. derived for {@code anonkit/v1/numeric-id/<field or linkage domain>}, so
 * the same value in two fields encrypts differently unless the policy puts both fields in one linkage domain.
 *
 * <p>Immutable and thread-safe.
 */
public final class NumericIdProvider implements TransformerProvider {
  /** For {@link java.util.ServiceLoader}. */
  public NumericIdProvider() {}

  @Override
  public String name() {
    return "numeric-id";
  }

  @Override
  public String description() {
    return "a string of digits encrypted with FF1 radix 10, keeping length and leading zeros; reversible";
  }

  @Override
  public Transformer create(TransformerContext context) {
    context.parameters().requireOnly("transformer 'numeric-id'", "tweak", "shortValues");
    return CipherTransformer.ff1(context, Alphabet.digits(), "hmac");
  }
}
