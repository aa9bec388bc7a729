package org.anonkit.fpe.internal;

import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provides the {@code dn} transformer: X.509 distinguished names: DC/C/O/OU kept, personal attributes encrypted, UID optionally linked to another field; reversible when its UID child is.
 *
 * <p>Keys: {@link TransformerContext#key()}, i.e. derived for {@code anonkit/v1/dn/<field or linkage domain>}, so
 * the same value in two fields encrypts differently unless the policy puts both fields in one linkage domain.
 *
 * <p>Immutable and thread-safe.
 */
public final class DnProvider implements TransformerProvider {
  /** For {@link java.util.ServiceLoader}. */
  public DnProvider() {}

  @Override
  public String name() {
    return "dn";
  }

  @Override
  public String description() {
    return "X.509 distinguished names: DC/C/O/OU kept, personal attributes encrypted, UID optionally linked to another field; reversible when its UID child is";
  }

  @Override
  public Transformer create(TransformerContext context) {
    return DnTransformer.create(context);
  }
}
