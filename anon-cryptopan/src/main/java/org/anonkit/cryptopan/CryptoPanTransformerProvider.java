package org.anonkit.cryptopan;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Provider {@code cryptopan}: Crypto-PAn for one plain IPv4 or IPv6 address per value (reversible).
 * {@code ip} ({@link IpTransformerProvider}) is the same transformer under the name the policy guide
 * uses; both derive the key for purpose {@code anonkit/v1/cryptopan/<domain>}, so they agree with each
 * other and with {@code sinful} for the same field or linkage domain. Put every field that holds
 * addresses of the same network (e.g. {@code StartdIpAddr}, {@code MyAddress}, {@code RemoteHost}) in
 * one {@code linkageDomain} to keep topology consistent across them.
 *
 * <p>Parameters (all optional):
 * <ul>
 *   <li>{@code format}: {@code "text"} (default: dotted quad / IPv6 text) or {@code "uint32"} (IPv4 as
 *       an unsigned 32-bit decimal integer, in and out).
 *   <li>{@code keepPrefixBits} (0-32, default 0) and {@code keepPrefixBitsIpv6} (0-128, default 0):
 *       leading bits kept in clear. Reveals those bits (e.g. 16: the site's /16).
 *   <li>{@code specialRanges}: {@code "anonymize"} (default, the reference), {@code "passthrough"} or
 *       {@code "within-range"}; {@code ranges}: which ones, default all of {@code unspecified},
 *       {@code loopback}, {@code private}, {@code link-local}, {@code multicast}, {@code shared},
 *       {@code broadcast}, {@code documentation}. Reveals the range membership (passthrough: the
 *       address) and the bits shared with the nearest range; see
 *       {@link CryptoPan.Builder#specialRanges}.
 *   <li>{@code ipv4Mapped}: {@code "as-ipv4"} (default: {@code ::ffff:a.b.c.d} is anonymized as
 *       {@code a.b.c.d}, so it matches the plain IPv4 form) or {@code "as-ipv6"} (the reference
 *       128-bit mapping). See {@link CryptoPan.Builder#ipv4MappedAsIpv4}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class CryptoPanTransformerProvider implements TransformerProvider {
  static final String NAME = "cryptopan";
  static final String[] PARAMS = {
    "format", "keepPrefixBits", "keepPrefixBitsIpv6", "specialRanges", "ranges", "ipv4Mapped"
  };

  /** Creates the provider (ServiceLoader). */
  public CryptoPanTransformerProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Crypto-PAn prefix-preserving IPv4/IPv6 anonymization of plain addresses (reversible)";
  }

  @Override
  public Transformer create(TransformerContext context) {
    Parameters p = context.parameters().requireOnly("transformer '" + context.transformerName() + "'", PARAMS);
    boolean uint32 = "uint32".equals(p.getChoice("format", "text", "text", "uint32"));
    return new IpTransformer(build(context, p), uint32);
  }

  /** Builds the mapping from the shared parameters (those in {@link #PARAMS} but {@code format}). */
  static CryptoPan build(TransformerContext context, Parameters p) {
    CryptoPan.Builder b = CryptoPan.builder(context.key(CryptoPan.KEY_LENGTH));
    b.keepPrefixBits(p.getInt("keepPrefixBits", 0, 0, 32), p.getInt("keepPrefixBitsIpv6", 0, 0, 128));
    String mode = p.getChoice("specialRanges", "anonymize", "anonymize", "passthrough", "within-range");
    EnumSet<CryptoPan.SpecialRange> selected = EnumSet.allOf(CryptoPan.SpecialRange.class);
    List<String> names = p.getStringList("ranges");
    if (p.has("ranges")) {
      if (names.isEmpty()) {
        throw new PolicyException(p.pathOf("ranges"), "expected at least one range name");
      }
      selected = EnumSet.noneOf(CryptoPan.SpecialRange.class);
      for (int i = 0; i < names.size(); i++) {
        try {
          selected.add(CryptoPan.SpecialRange.valueOf(names.get(i).toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
          throw new PolicyException(p.pathOf("ranges") + "[" + i + "]",
              "unknown range; expected one of unspecified, loopback, private, link-local, multicast, shared, "
                  + "broadcast, documentation");
        }
      }
      if ("anonymize".equals(mode)) {
        throw new PolicyException(p.pathOf("ranges"), "ranges need specialRanges \"passthrough\" or \"within-range\"");
      }
    }
    switch (mode) {
      case "passthrough":
        b.specialRanges(CryptoPan.RangeHandling.PASSTHROUGH, selected);
        break;
      case "within-range":
        b.specialRanges(CryptoPan.RangeHandling.WITHIN_RANGE, selected);
        break;
      default:
        break;
    }
    b.ipv4MappedAsIpv4("as-ipv4".equals(p.getChoice("ipv4Mapped", "as-ipv4", "as-ipv4", "as-ipv6")));
    return b.build();
  }
}
