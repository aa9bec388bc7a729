package org.anonkit.cryptopan;

import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provider {@code sinful}: rewrites every IPv4/IPv6 address inside HTCondor sinful strings
 * ({@code MyAddress}, {@code StartdIpAddr}, {@code PublicClaimId}, ...), including IPv6 spelled with
 * {@code -} inside {@code addrs=} and addresses in percent-encoded nested contacts, and keeps the rest
 * byte for byte. Addresses are mapped exactly as by {@code cryptopan}/{@code ip} for the same field or
 * linkage domain (same key purpose {@code anonkit/v1/cryptopan/<domain>}).
 *
 * <p>Parameters: those of {@code cryptopan} except {@code format}, plus {@code alias}, what to do with
 * names (the {@code alias=} host name, the {@code PrivNet=} network name, a host name where an address
 * belongs):
 * <ul>
 *   <li>{@code "drop"} (default, fail-closed): remove the {@code alias}/{@code PrivNet} parameters; a
 *       host name in an address position is an error. Reveals nothing about names.
 *   <li>{@code "keep"}: leave names in clear. Reveals host names: only for data already public.
 *   <li>{@code {"transformer": "hostname", "params": {...}, "domain": "hosts"}}: replace each name
 *       with that transformer's output ({@code params} and {@code domain} optional; the domain is the
 *       linkage domain of the child's key).
 * </ul>
 *
 * <p>Not reversible (a dropped name cannot come back). Immutable and thread-safe.
 */
public final class SinfulTransformerProvider implements TransformerProvider {
  private static final String[] PARAMS = {
    "keepPrefixBits", "keepPrefixBitsIpv6", "specialRanges", "ranges", "ipv4Mapped", "alias"
  };

  /** Creates the provider (ServiceLoader). */
  public SinfulTransformerProvider() {}

  @Override
  public String name() {
    return "sinful";
  }

  @Override
  public String description() {
    return "addresses inside HTCondor sinful strings (<ip:port?addrs=...>), Crypto-PAn; names dropped or routed";
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters().requireOnly("transformer 'sinful'", PARAMS);
    SinfulTransformer.NameMode mode;
    Transformer names = null;
    Object alias = p.get("alias");
    if (alias == null || "drop".equals(alias)) {
      mode = SinfulTransformer.NameMode.DROP;
    } else if ("keep".equals(alias)) {
      mode = SinfulTransformer.NameMode.KEEP;
    } else if (alias instanceof Parameters) {
      Parameters a = ((Parameters) alias).requireOnly("parameter 'alias'", "transformer", "params", "domain");
      String child = a.requireString("transformer");
      if (!context.registry().contains(child)) {
        throw new PolicyException(a.pathOf("transformer"), "unknown transformer; available: "
            + context.registry().names());
      }
      names = context.createChild(child, a.getParameters("params"), a.getString("domain", null));
      mode = SinfulTransformer.NameMode.TRANSFORM;
    } else {
      throw new PolicyException(p.pathOf("alias"),
          "expected \"drop\", \"keep\" or {\"transformer\": name, \"params\": {...}, \"domain\": name}");
    }
    if (!context.registry().contains(CryptoPanTransformerProvider.NAME)) {
      throw new PolicyException(p.path(), "transformer 'sinful' needs transformer 'cryptopan' in the registry");
    }
    Parameters.Builder forPan = Parameters.builder(p.path());
    for (String name : p.names()) {
      if (!name.equals("alias")) {
        forPan.putFrom(p, name);
      }
    }
    Transformer child = context.createChild(CryptoPanTransformerProvider.NAME, forPan.build(), null);
    if (!(child instanceof IpTransformer)) {
      throw new PolicyException(p.path(), "transformer 'cryptopan' in the registry is not AnonKit's; "
          + "'sinful' needs org.anonkit.cryptopan.CryptoPanTransformerProvider");
    }
    return new SinfulTransformer(((IpTransformer) child).cryptoPan(), mode, names);
  }
}
