package org.anonkit.privacy.generalize;

import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provider {@code generalize-ip}: replaces an IP address by its CIDR prefix
 * ({@code 131.225.7.0/24}). Keyless.
 *
 * <p>Parameters: {@code prefix} (IPv4 prefix length, 0..32, default 24), {@code prefix6} (IPv6,
 * 0..128, default 48).
 *
 * <p>Immutable and thread-safe.
 */
public final class GeneralizeIpProvider implements TransformerProvider {
  @Override
  public String name() {
    return "generalize-ip";
  }

  @Override
  public String description() {
    return "replace IP addresses by their CIDR prefix (keyless)";
  }

  @Override
  public boolean requiresKey() {
    return false;
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters().requireOnly("transformer 'generalize-ip'", "prefix", "prefix6");
    int prefix = p.getInt("prefix", 24, 0, 32);
    int prefix6 = p.getInt("prefix6", 48, 0, 128);
    return Hierarchy.ipPrefixes(new int[] {prefix}, new int[] {prefix6}).asTransformer(1);
  }
}
