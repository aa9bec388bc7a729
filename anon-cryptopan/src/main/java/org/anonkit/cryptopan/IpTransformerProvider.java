package org.anonkit.cryptopan;

import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provider {@code ip}: the {@link CryptoPanTransformerProvider cryptopan} transformer under the name
 * policies use for "a plain IP address". Same parameters, and the same key (it is created as a
 * {@code cryptopan} child of the field), so {@code ip} and {@code cryptopan} give identical results.
 *
 * <p>Immutable and thread-safe.
 */
public final class IpTransformerProvider implements TransformerProvider {
  /** Creates the provider (ServiceLoader). */
  public IpTransformerProvider() {}

  @Override
  public String name() {
    return "ip";
  }

  @Override
  public String description() {
    return "plain IPv4/IPv6 address, Crypto-PAn (same as 'cryptopan')";
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters().requireOnly("transformer 'ip'", CryptoPanTransformerProvider.PARAMS);
    if (!context.registry().contains(CryptoPanTransformerProvider.NAME)) {
      throw new PolicyException(p.path(), "transformer 'ip' needs transformer 'cryptopan' in the registry");
    }
    return context.createChild(CryptoPanTransformerProvider.NAME, p, null);
  }
}
