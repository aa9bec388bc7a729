package org.anonkit.fpe.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.key.DerivedKey;
import org.anonkit.spi.TransformerContext;

/**
 * X.509 distinguished names in OpenSSL's slash form ({@code /DC=org/DC=cilogon/C=US/O=.../CN=Jane Doe/CN=UID:jdoe})
 * or RFC 4514 comma form ({@code CN=Jane Doe,OU=People,O=Example\, Inc.,C=US}, escapes honoured and
 * re-applied). Attributes in {@code keep} (default DC, C, O, OU) are copied verbatim (in comma form, a kept
 * value holding a {@code /TYPE=} part is refused: it is a slash-form DN without its leading {@code /});
 * every other value is
 * encrypted class by class with punctuation and spaces kept (per attribute type as FF1 tweak). The UID
 * ({@code UID=} or {@code CN=UID:}) goes to the child transformer configured by {@code uid}
 * ({@code {"transformer": ..., "params": {...}, "domain": ...}}), so it matches another field's token
 * when both share the transformer and linkage domain; without {@code uid} it is encrypted like the other
 * personal values. Reversible only when the child is. Immutable and thread-safe.
 */
class DnTransformer implements Transformer {
  /** ASCII punctuation and space: kept in place inside DN values. */
  private static final String SEPARATORS = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  /** A '/' starting an attribute: a type name, or a numeric OID (OpenSSL prints unnamed types so), then '='. */
  private static final Pattern SLASH_BOUNDARY = Pattern.compile("/(?=(?:[A-Za-z][A-Za-z0-9.-]*|[0-9]+(?:\\.[0-9]+)+)=)");
  private static final List<String> DEFAULT_KEEP = List.of("DC", "C", "O", "OU");

  private final Set<String> keep;
  private final ClassCodec.ShortValues shortValues;
  private final Map<String, ClassCodec> codecs = new HashMap<>();
  private final Transformer uid;

  DnTransformer(Set<String> keep, DerivedKey key, ClassCodec.ShortValues shortValues, Transformer uid) {
    this.keep = keep;
    this.shortValues = shortValues;
    this.uid = uid;
    for (String t : List.of("CN", "UID", "EMAILADDRESS", "E", "L", "ST", "STREET", "SN", "GIVENNAME", "SERIALNUMBER", "TITLE", "OTHER")) {
      codecs.put(t, new ClassCodec(key, "dn/" + t, SEPARATORS, shortValues));
    }
  }

  static Transformer create(TransformerContext ctx) {
    Parameters p = ctx.parameters().requireOnly("transformer 'dn'", "keep", "uid", "shortValues");
    Set<String> keep = new LinkedHashSet<>();
    for (String t : p.has("keep") ? p.getStringList("keep") : DEFAULT_KEEP) {
      keep.add(t.toUpperCase(Locale.ROOT));
    }
    Transformer uid = null;
    if (p.has("uid")) {
      Parameters u = p.getParameters("uid").requireOnly("the 'uid' setting of transformer 'dn'", "transformer", "params", "domain");
      String child = u.requireString("transformer");
      if (!ctx.registry().contains(child)) {
        throw new PolicyException(u.pathOf("transformer"), "unknown transformer '" + child + "'; available: "
            + ctx.registry().names());
      }
      uid = ctx.createChild(child, u.getParameters("params"), u.getString("domain", null));
    }
    ClassCodec.ShortValues sv = CipherTransformer.shortValues(p, "hmac");
    Set<String> k = Set.copyOf(keep);
    return uid == null || uid instanceof ReversibleTransformer
        ? new Reversible(k, ctx.key(), sv, uid)
        : new DnTransformer(k, ctx.key(), sv, uid);
  }

  /** The {@code dn} transformer when its UID child is reversible (or absent). */
  static final class Reversible extends DnTransformer implements ReversibleTransformer {
    Reversible(Set<String> keep, DerivedKey key, ClassCodec.ShortValues sv, Transformer uid) {
      super(keep, key, sv, uid);
    }

    @Override
    public String reverse(CharSequence token) {
      return crypt(token, false);
    }
  }

  @Override
  public String apply(CharSequence value) {
    return crypt(value, true);
  }

  final String crypt(CharSequence value, boolean encrypt) {
    String v = Objects.requireNonNull(value, "value").toString();
    if (v.isEmpty()) {
      throw new InvalidInputException("empty distinguished name");
    }
    return v.charAt(0) == '/' ? slash(v, encrypt) : comma(v, encrypt);
  }

  private String slash(String v, boolean encrypt) {
    StringBuilder sb = new StringBuilder(v.length() + 8);
    Matcher m = SLASH_BOUNDARY.matcher(v);
    List<Integer> starts = new ArrayList<>();
    while (m.find()) {
      starts.add(m.start());
    }
    if (starts.isEmpty() || starts.get(0) != 0) {
      throw new InvalidInputException("slash-form DN must start with '/TYPE='");
    }
    for (int i = 0; i < starts.size(); i++) {
      int from = starts.get(i) + 1;
      int to = i + 1 < starts.size() ? starts.get(i + 1) : v.length();
      String ava = v.substring(from, to);
      int eq = ava.indexOf('=');
      String type = ava.substring(0, eq);
      sb.append('/').append(type).append('=').append(value(type, ava.substring(eq + 1), encrypt));
    }
    return sb.toString();
  }

  private String comma(String v, boolean encrypt) {
    StringBuilder sb = new StringBuilder(v.length() + 8);
    int i = 0;
    int n = v.length();
    while (i < n) {
      // leading spaces of an AVA are copied
      while (i < n && v.charAt(i) == ' ') {
        sb.append(' ');
        i++;
      }
      int eq = v.indexOf('=', i);
      if (eq < 0) {
        throw new InvalidInputException("RFC 4514 DN attribute without '=' near position " + i);
      }
      String type = v.substring(i, eq).trim();
      if (type.isEmpty()) {
        throw new InvalidInputException("RFC 4514 DN attribute without a type near position " + i);
      }
      sb.append(v, i, eq + 1);
      int j = eq + 1;
      StringBuilder raw = new StringBuilder();
      StringBuilder plain = new StringBuilder();
      while (j < n) {
        char c = v.charAt(j);
        if (c == '\\') {
          if (j + 1 >= n) {
            throw new InvalidInputException("RFC 4514 DN ends inside an escape");
          }
          char e = v.charAt(j + 1);
          if (isHex(e) && j + 2 < n && isHex(v.charAt(j + 2))) {
            plain.append((char) Integer.parseInt(v.substring(j + 1, j + 3), 16));
            raw.append(v, j, j + 3);
            j += 3;
          } else {
            plain.append(e);
            raw.append(v, j, j + 2);
            j += 2;
          }
          continue;
        }
        if (c == ',' || c == '+' || c == ';') {
          break;
        }
        plain.append(c);
        raw.append(c);
        j++;
      }
      // trailing unescaped spaces belong to the separator (an escaped "\ " ends the value)
      int trail = 0;
      while (trail < plain.length() && raw.length() > trail && raw.charAt(raw.length() - 1 - trail) == ' '
          && (raw.length() - 2 - trail < 0 || raw.charAt(raw.length() - 2 - trail) != '\\')) {
        trail++;
      }
      String p = plain.substring(0, plain.length() - trail);
      if (keep.contains(type.toUpperCase(Locale.ROOT))) {
        if (SLASH_BOUNDARY.matcher(p).find()) {
          // "DC=org/DC=cilogon/CN=Jane Doe": a slash-form DN without its leading '/' would otherwise be
          // copied whole, personal attributes included, as the first (kept) attribute's value
          throw new InvalidInputException("the kept attribute at position " + i + " has a value holding another"
              + " '/TYPE=' part; a slash-form DN must start with '/'");
        }
        sb.append(raw, 0, raw.length() - trail);
      } else if (!p.isEmpty() && p.charAt(0) == '#') {
        throw new InvalidInputException("hex-encoded (#...) DN attribute values are not supported for type at position " + i);
      } else {
        sb.append(escape(value(type, p, encrypt)));
      }
      sb.append(" ".repeat(trail));
      if (j < n) {
        sb.append(v.charAt(j));
        j++;
      }
      i = j;
    }
    return sb.toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** RFC 4514 section 2.4 escaping. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean special = c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' || c == '\\'
          || (i == 0 && (c == '#' || c == ' ')) || (i == s.length() - 1 && c == ' ');
      if (special) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private String value(String type, String value, boolean encrypt) {
    String t = type.toUpperCase(Locale.ROOT);
    if (keep.contains(t)) {
      return value;
    }
    if (t.equals("UID") || t.equals("USERID") || t.equals("0.9.2342.19200300.100.1.1")) {
      return uid(value, encrypt);
    }
    if (t.equals("CN") && value.startsWith("UID:")) {
      return "UID:" + uid(value.substring(4), encrypt);
    }
    ClassCodec c = codecs.getOrDefault(t, codecs.get("OTHER"));
    return encrypt ? c.encrypt(value) : c.decrypt(value);
  }

  private String uid(String value, boolean encrypt) {
    if (value.isEmpty()) {
      throw new InvalidInputException("empty UID in distinguished name");
    }
    if (uid == null) {
      ClassCodec c = codecs.get("UID");
      return encrypt ? c.encrypt(value) : c.decrypt(value);
    }
    if (encrypt) {
      return uid.apply(value);
    }
    if (!(uid instanceof ReversibleTransformer)) {
      throw new InvalidInputException("the DN's UID was transformed irreversibly");
    }
    return ((ReversibleTransformer) uid).reverse(value);
  }

  @Override
  public String toString() {
    return "DnTransformer{keep=" + keep + ", uid=" + (uid == null ? "fpe" : "child") + ", shortValues=" + shortValues + "}";
  }
}
