package org.anonkit.hmac;

import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * The {@code hmac} transformer: keyed HMAC-SHA-256 pseudonyms, see {@link HmacSha256Pseudonymizer}.
 * Public only so {@link java.util.ServiceLoader} can instantiate it.
 *
 * <p>Immutable and thread-safe.
 */
public final class HmacTransformerProvider implements TransformerProvider {
  @Override
  public String name() {
    return HmacSha256Pseudonymizer.NAME;
  }

  @Override
  public String description() {
    return "keyed HMAC-SHA-256 pseudonyms (base32 or hex, configurable length, optional prefix)";
  }

  @Override
  public Transformer create(TransformerContext context) {
    return HmacSha256Pseudonymizer.create(context);
  }

  @Override
  public String toString() {
    return "HmacTransformerProvider[hmac]";
  }
}
