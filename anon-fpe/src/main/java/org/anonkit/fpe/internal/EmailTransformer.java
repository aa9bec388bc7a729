package org.anonkit.fpe.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ReversibleTransformer;
import org.anonkit.key.DerivedKey;
import org.anonkit.spi.TransformerContext;

/**
 * {@code local@domain}: the local part is encrypted class by class with {@code . _ - +} kept; the domain
 * is kept ({@code domain: keep}, default), mapped by a table ({@code domain: map}, {@code domainMap}) or
 * pseudonymized label by label keeping the top-level domain ({@code domain: pseudonymize}; a domain of
 * one label, a host name, is pseudonymized whole). Immutable and thread-safe.
 */
final class EmailTransformer implements ReversibleTransformer {
  private enum DomainMode { KEEP, MAP, PSEUDONYMIZE }

  private final ClassCodec local;
  private final ClassCodec label;
  private final DomainMode mode;
  private final Map<String, String> map;
  private final Map<String, String> inverse;

  private EmailTransformer(ClassCodec local, ClassCodec label, DomainMode mode, Map<String, String> map,
      Map<String, String> inverse) {
    this.local = local;
    this.label = label;
    this.mode = mode;
    this.map = map;
    this.inverse = inverse;
  }

  static EmailTransformer create(TransformerContext ctx) {
    Parameters p = ctx.parameters().requireOnly("transformer 'email'", "domain", "domainMap", "shortValues");
    ClassCodec.ShortValues sv = CipherTransformer.shortValues(p, "hmac");
    DomainMode mode = DomainMode.valueOf(p.getChoice("domain", "keep", "keep", "map", "pseudonymize").toUpperCase(Locale.ROOT));
    Map<String, String> map = new HashMap<>();
    Map<String, String> inverse = new HashMap<>();
    if (mode == DomainMode.MAP) {
      if (!p.has("domainMap")) {
        throw new PolicyException(p.pathOf("domainMap"), "required when domain is 'map'");
      }
      for (Map.Entry<String, String> e : p.getStringMap("domainMap").entrySet()) {
        String from = e.getKey().toLowerCase(Locale.ROOT);
        String to = e.getValue().toLowerCase(Locale.ROOT);
        map.put(from, to);
        if (inverse.put(to, from) != null) {
          throw new PolicyException(p.pathOf("domainMap"), "two domains map to the same target; the map must be one-to-one to be reversible");
        }
      }
    } else if (p.has("domainMap")) {
      throw new PolicyException(p.pathOf("domainMap"), "only used when domain is 'map'");
    }
    DerivedKey key = ctx.key();
    return new EmailTransformer(new ClassCodec(key, "email/local", "._-+", sv),
        new ClassCodec(key, "email/domain-label", "-", sv), mode, Map.copyOf(map), Map.copyOf(inverse));
  }

  @Override
  public String apply(CharSequence value) {
    return crypt(value, true);
  }

  @Override
  public String reverse(CharSequence token) {
    return crypt(token, false);
  }

  private String crypt(CharSequence value, boolean encrypt) {
    String v = Objects.requireNonNull(value, "value").toString();
    int at = v.indexOf('@');
    if (at <= 0 || at != v.lastIndexOf('@') || at == v.length() - 1) {
      throw new InvalidInputException("expected an email address local@domain with one '@' and non-empty parts"
          + " (length " + v.length() + ")");
    }
    String l = encrypt ? local.encrypt(v.substring(0, at)) : local.decrypt(v.substring(0, at));
    String domain = v.substring(at + 1);
    return l + '@' + domain(domain, encrypt);
  }

  private String domain(String domain, boolean encrypt) {
    switch (mode) {
      case MAP: {
        String to = (encrypt ? map : inverse).get(domain.toLowerCase(Locale.ROOT));
        if (to == null) {
          throw new InvalidInputException("email domain is not in the policy's domainMap (" + map.size() + " entries)");
        }
        return to;
      }
      case PSEUDONYMIZE: {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
          // one label is a host name (jdoe@fnpc1234), not a top-level domain: pseudonymized, not kept
          return encrypt ? label.encrypt(domain) : label.decrypt(domain);
        }
        StringBuilder sb = new StringBuilder(domain.length());
        for (int i = 0; i < labels.length; i++) {
          if (i > 0) {
            sb.append('.');
          }
          if (labels[i].isEmpty()) {
            throw new InvalidInputException("email domain has an empty label");
          }
          sb.append(i == labels.length - 1 ? labels[i] : encrypt ? label.encrypt(labels[i]) : label.decrypt(labels[i]));
        }
        return sb.toString();
      }
      default:
        return domain;
    }
  }

  @Override
  public String toString() {
    return "EmailTransformer{domain=" + mode + "}";
  }
}
