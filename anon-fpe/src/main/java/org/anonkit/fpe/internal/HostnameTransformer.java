package org.anonkit.fpe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ReversibleTransformer;
import org.anonkit.spi.TransformerContext;

/**
 * Host names: the labels before a kept suffix ({@code keepSuffixes}, e.g. {@code ".fnal.gov"}) are
 * encrypted class by class ({@code fnpc1234 -> xkqe8071}: letters stay letters, digits stay digits) with
 * {@code . - _} kept; the value is lower-cased first ({@code lowercase}, default true) since DNS names
 * are case-insensitive. HTCondor slot prefixes ({@code slot1_2@host}) are kept; other {@code @}-prefixes
 * (glidein names) are encrypted the same way. Immutable and thread-safe.
 */
final class HostnameTransformer implements ReversibleTransformer {
  private static final Pattern SLOT = Pattern.compile("slot[0-9]+(_[0-9]+)*");

  private final ClassCodec labels;
  private final ClassCodec prefixes;
  private final List<String> suffixes;
  private final boolean lowercase;

  private HostnameTransformer(ClassCodec labels, ClassCodec prefixes, List<String> suffixes, boolean lowercase) {
    this.labels = labels;
    this.prefixes = prefixes;
    this.suffixes = suffixes;
    this.lowercase = lowercase;
  }

  static HostnameTransformer create(TransformerContext ctx) {
    Parameters p = ctx.parameters().requireOnly("transformer 'hostname'", "keepSuffixes", "lowercase", "shortValues");
    List<String> suffixes = new ArrayList<>();
    List<String> given = p.getStringList("keepSuffixes");
    for (int i = 0; i < given.size(); i++) {
      String s = given.get(i).toLowerCase(Locale.ROOT);
      if (!s.startsWith(".") || s.length() < 2) {
        throw new PolicyException(p.pathOf("keepSuffixes") + "[" + i + "]", "a suffix starts with '.', e.g. \".fnal.gov\"");
      }
      suffixes.add(s);
    }
    suffixes.sort((a, b) -> b.length() - a.length()); // longest match first
    ClassCodec.ShortValues sv = CipherTransformer.shortValues(p, "hmac");
    return new HostnameTransformer(new ClassCodec(ctx.key(), "hostname/labels", ".-_", sv),
        new ClassCodec(ctx.key(), "hostname/prefix", ".-_", sv), List.copyOf(suffixes), p.getBoolean("lowercase", true));
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
    if (lowercase) {
      v = v.toLowerCase(Locale.ROOT);
    }
    if (v.isEmpty()) {
      throw new InvalidInputException("empty host name");
    }
    String[] parts = v.split("@", -1);
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < parts.length - 1; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        throw new InvalidInputException("empty name before '@' in host name");
      }
      sb.append(SLOT.matcher(part).matches() ? part : encrypt ? prefixes.encrypt(part) : prefixes.decrypt(part)).append('@');
    }
    String host = parts[parts.length - 1];
    String suffix = "";
    for (String s : suffixes) {
      String l = host.toLowerCase(Locale.ROOT);
      if (l.endsWith(s) && l.length() > s.length()) {
        suffix = host.substring(host.length() - s.length());
        break;
      }
      if (l.equals(s.substring(1))) {
        suffix = host;
        break;
      }
    }
    String rest = host.substring(0, host.length() - suffix.length());
    if (!rest.isEmpty()) {
      sb.append(encrypt ? labels.encrypt(rest) : labels.decrypt(rest));
    }
    return sb.append(suffix).toString();
  }

  @Override
  public String toString() {
    return "HostnameTransformer{keepSuffixes=" + suffixes.size() + "}";
  }
}
