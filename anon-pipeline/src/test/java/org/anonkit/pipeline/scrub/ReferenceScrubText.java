package org.anonkit.pipeline.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anonkit.InvalidInputException;
import org.anonkit.Transformer;
import org.anonkit.pipeline.scrub.ScrubText.Handler;

/**
 * TEST ORACLE: the {@code scrub-text} implementation as of commit 341a24a (one pass per detector),
 * kept verbatim (renamed; the dictionary search rewritten naively for the Unicode rules of name matching;
 * DN CNs and dictionary names spelled as the dictionary folds them) so that
 * tests can check the fused-scan implementation against it span for span and byte for byte.
 *
 * <p>Original Javadoc: the {@code scrub-text} transformer: finds identifiers inside free text and replaces each span by the
 * token its kind gets elsewhere (through child transformers created in the policy's linkage domains).
 * Thread-safe: all state is in final fields, matchers are created per call; the only mutable state is
 * each handler's concurrent memo of its child's results, which never changes a result.
 */
final class ReferenceScrubText implements Transformer {

  // A DN: two or more /KEY=value RDNs; values stop at '/', ',', ';', quotes and line ends (an apostrophe between
  // two letters is no quote: CN=Sean O'Neil, review 45).
  private static final String DN_VALUE = "(?:[^/,;\"'\\n\\r]|(?<=\\p{L})'(?=\\p{L}))*";
  private static final Pattern DN = Pattern.compile(
      "/(?:DC|dc|C|O|OU|CN|L|ST|UID|E|emailAddress)=" + DN_VALUE + "(?:/[A-Za-z][A-Za-z0-9.]*=" + DN_VALUE + ")+");
  // A DN in RFC 4514's comma form (added with the implementation, 2026-11-27, reviews 37-38): a first key of a known
  // type in any case, not after a letter, digit, '_' or '/', blanks allowed around '='; further RDNs after ',' or '+'
  // and spaces or tabs, with a known type or a numeric OID; a value is an optional quoted part, then anything up to
  // an unescaped ',', '+', ';', '"' or line end. Kept only when one RDN names a person (personRdn).
  private static final String TYPES = "(?i:generationQualifier|emailAddress|serialNumber|dnQualifier|postalCode"
      + "|givenName|pseudonym|initials|surname|street|userid|title|mail|name|UID|CN|DC|OU|ST|SN|GN|C|O|L|E)";
  // possessive: a value is read once, as the implementation reads it (no shorter reading to make a DN of)
  private static final String COMMA_VALUE = "(?:\"(?:\\\\[^\\r\\n]|[^\"\\\\\\r\\n])*+\"?+)?+(?:\\\\[^\\r\\n]|[^,+;\"\\r\\n\\\\])*+";
  private static final String ATTRIBUTE_TYPE = "(?:" + TYPES + "(?![A-Za-z0-9-])|[0-9]+(?:\\.[0-9]+)*)";
  // the first key: a type, or (review 39) a numeric OID not after a letter, digit, '_', '/' or '.'
  private static final Pattern COMMA_DN = Pattern.compile("(?:(?<![A-Za-z0-9_/])" + TYPES + "(?![A-Za-z])"
      + "|(?<![A-Za-z0-9_/.])[0-9]+(?:\\.[0-9]+)+(?![0-9.]))[ \\t]*=[ \\t]*"
      + COMMA_VALUE + "(?:[,+][ \\t]*" + ATTRIBUTE_TYPE + "[ \\t]*=[ \\t]*" + COMMA_VALUE + ")+");
  private static final Pattern COMMA_RDN = Pattern.compile("\\G([,+][ \\t]*)?(" + ATTRIBUTE_TYPE + ")([ \\t]*=[ \\t]*)("
      + COMMA_VALUE + ")");
  private static final Pattern SUB_ADDRESS = Pattern.compile("([^+]+)\\+(.*)", Pattern.DOTALL);
  private static final Pattern IPV6 = Pattern.compile(
      "(?<![0-9A-Fa-f:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])");
  private static final Pattern PHONE = Pattern.compile(
      "(?<![\\w.+-])(?:\\+\\d{1,3}[ .-]?|\\d{1,3}[.-])?(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w-])");
  /** User names in well-known places: group 1 is the name. */
  /**
   * User names in well-known places: each pattern starts with its anchor literal (found with
   * indexOf, then matched in place with lookingAt); group 1 is the name.
   */
  private static final String[] USER_CONTEXT_ANCHORS = {"/home/", "/nashome/", "/scratch/users/",
      "/persistent/users/", "/resilient/users/", "/data/users/", "/app/users/", "/scratch/uploads/", "/afs/",
      "/Users/", "x509cc_", "x509up_", "by user ",
      "/run/user/", "krb5cc_", "bt_u", "vt_u", "KEYRING:persistent:", "KCM:",
      // added with the implementation (review 43, 2026-11-27); the KEY= anchors went (userKeys below)
      "/eos/user/", "/eos/home-", "/users/", "/var/spool/mail/", "/var/mail/", "/staging/", "/ospool/", "/public/"};
  private static final Pattern[] USER_CONTEXTS = {
      Pattern.compile("/home/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/nashome/[A-Za-z0-9]/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/scratch/users/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/persistent/users/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/resilient/users/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/data/users/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/app/users/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/scratch/uploads/[A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/afs/[A-Za-z0-9.-]+/(?:user|work)/[a-z]/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/Users/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("x509cc_([A-Za-z0-9.\\-\\p{L}\\p{Nd}\\p{M}]+)_"),
      Pattern.compile("x509up_(\\p{L}[A-Za-z0-9.\\-\\p{L}\\p{Nd}\\p{M}]*)"),
      Pattern.compile("by user ([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      // numeric user ids: the runtime directory, Kerberos ticket caches (file, kernel keyring, KCM daemon),
      // htgettoken's bearer and vault token files
      Pattern.compile("/run/user/([0-9]+)"),
      Pattern.compile("krb5cc_([0-9]+)"),
      Pattern.compile("bt_u([0-9]+)"),
      Pattern.compile("vt_u([0-9]+)"),
      Pattern.compile("KEYRING:persistent:([0-9]+)"),
      Pattern.compile("KCM:([0-9]+)"),
      Pattern.compile("/eos/user/[A-Za-z0-9]/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/eos/home-[A-Za-z0-9]/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/users/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/var/spool/mail/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/var/mail/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/staging/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/ospool/[A-Za-z0-9-]+/data/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)"),
      Pattern.compile("/public/([A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+)/")};
  // added with the implementation (review 43, 2026-11-27)
  private static final String NAME_RUN = "[A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]+";
  private static final Pattern USER_KEY = Pattern.compile("(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]*"
      + "(?i:user|username|user_name|logname|owner|user\\.name)(?:\\\\?[\"'])?[ \\t]*\\z");
  // review 44: an operator before a value: an assignment '=' or a comparison (==, =?=, =!=, =~: quoted values
  // only), not the second character of one; a ':' not in scheme://, :: or :=
  private static final Pattern EQ_OPERATOR = Pattern.compile("(?<![=!<>?~])=(=|~|[?!]=)?[ \\t]*");
  private static final Pattern COLON_OPERATOR = Pattern.compile("(?<!:):(?![/:=])[ \\t]*");
  private static final Pattern LITERAL = Pattern.compile(
      "(?i)true|false|undefined|none|null|yes|no|on|off|error|bearer|basic|negotiate|digest");
  private static final Pattern FOLDER_WORD = Pattern.compile(
      "(?i)public|default|shared|share|groups|group|tmp|temp|setup|common|all");
  private static final Pattern QUOTED_DISPLAY = Pattern.compile("\"([^\"]*)\"[ \\t]*\\z");
  private static final String DISPLAY_WORD = "\\p{Lu}[\\p{L}\\p{M}.'\\-]*";
  private static final Pattern WORDS_DISPLAY = Pattern.compile("(?<![\\p{L}\\p{M}.'\\-])(" + DISPLAY_WORD + "(?: "
      + DISPLAY_WORD + "){0,3})[ \\t]*\\z");
  private static final Pattern QUOTED_NAME = Pattern.compile("(\\\\?['\"])?(" + NAME_RUN + ")");
  private static final Pattern TILDE_USER = Pattern.compile(
      "(?<![A-Za-z0-9_~])~(\\p{L}[A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]*+)(?=\\z|[/\"'),;:])");
  private static final Pattern WINDOWS_USER = Pattern.compile("\\\\(?:Users|users|USERS)\\\\\\\\*(" + NAME_RUN + ")");
  private static final String INFO_CHAR = "[^\\x00-\\x20/\"'<>()\\[\\]{}?#\\p{Zs}\\p{Zl}\\p{Zp}]";
  private static final Pattern URL_USER_INFO = Pattern.compile("[A-Za-z0-9]://(" + INFO_CHAR + "*)\\z");
  private static final Pattern AUTHORITY_AT = Pattern.compile(INFO_CHAR + "*@");
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]+)(?:\\\\?[\"'])?[ \\t]*\\z");
  // a word ending where a word does: the key's end, a non-letter, or a lower-case letter before an upper-case one
  private static final Pattern SECRET_WORD = Pattern.compile(
      "(?i:token|secret|password|passwd|passphrase|credential|authz|authorization|macaroon|signature|cookie"
      + "|apikey|api_key|api-key|access_key|accesskey|bearer)(?:\\z|(?=[^A-Za-z])|(?<=[a-z])(?=[A-Z]))");
  private static final Pattern SECRET_END = Pattern.compile(
      "(?i:pw|auth|sig|key)|.*[^A-Za-z](?i:key)|.*[a-z]K(?i:ey)|(?i).*pass|(?i)(?!pwd\\z|oldpwd\\z).*pwd");
  private static final Pattern NOT_SECRET = Pattern.compile("(?i).*(?:file|files|path|dir|directory|location|url|uri"
      + "|issuer|lifetime|length|type|check|jar|name|size|count|ttl|timeout|scope|scopes|audience|expiry|expires"
      + "|expiration|method|methods|mode|version|format|host|port|endpoint|server)");
  private static final String STOP = "\\p{javaWhitespace}\\p{Zs}\\p{Zl}\\p{Zp};&,\"')\\]}<>";
  private static final Pattern SECRET_VALUE = Pattern.compile("\"([^\"\\r\\n]*)|'([^'\\r\\n]*)"
      + "|\\\\\"((?:(?!\\\\\")[^\\r\\n])*)|\\\\'((?:(?!\\\\')[^\\r\\n])*)|([^" + STOP + "]+)");
  private static final String JWT_CHARS = "[A-Za-z0-9_\\-+/=]";
  private static final Pattern JWT = Pattern.compile("(?<![A-Za-z0-9_-])eyJ" + JWT_CHARS + "{5,}\\." + JWT_CHARS
      + "{4,}\\." + JWT_CHARS + "*(?:\\." + JWT_CHARS + "+){0,2}");
  private static final Pattern BEARER = Pattern.compile(
      "(?<![A-Za-z0-9_])[Bb](?:earer|EARER)[ \\t]+([A-Za-z0-9\\-._~+/=]{16,})");
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "(?<![A-Za-z0-9])[Aa](?:uthorization|UTHORIZATION)[\"']?([:=])[ \\t]*");
  private static final Pattern SCHEME_WORD = Pattern.compile("[A-Za-z]+[ \\t]+(?=[^" + STOP + "])");
  private static final Pattern FLAG = Pattern.compile("(?<![^\\p{javaWhitespace}\"'])--([A-Za-z0-9_-]+)[ \\t]+(?=[^-])");

  private static boolean secretKey(String key) {
    return !NOT_SECRET.matcher(key).matches()
        && (SECRET_END.matcher(key).matches() || SECRET_WORD.matcher(key).find());
  }

  private static boolean userKey(String key) {
    return key.matches("(?i).*(?:user|username|user_name|logname|owner|user\\.name)");
  }

  /**
   * The credential value at {@code from} (no blanks skipped), if any (added with the implementation, review 43;
   * escaped quotes, literals and comparisons' quoted values, review 44).
   */
  private static void secretValue(String t, int from, List<Span> out, boolean quotedOnly) {
    Matcher v = SECRET_VALUE.matcher(t).region(from, t.length());
    if (v.lookingAt()) {
      int g = v.group(1) != null ? 1 : v.group(2) != null ? 2 : v.group(3) != null ? 3 : v.group(4) != null ? 4 : 5;
      if ((g < 5 || !quotedOnly) && v.end(g) > v.start(g) && !LITERAL.matcher(v.group(g)).matches()) {
        out.add(new Span(v.start(g), v.end(g), Span.SECRET, null));
      }
    }
  }

  private static void secretValue(String t, int from, List<Span> out) {
    secretValue(t, from, out, false);
  }

  /** A user name at {@code from} (no blanks skipped; review 44: quotes, literals, a password after ':'). */
  private static void userValue(String t, int from, List<Span> out, boolean quotedOnly) {
    Matcher v = QUOTED_NAME.matcher(t).region(from, t.length());
    if (v.lookingAt() && (v.group(1) != null || !quotedOnly) && !LITERAL.matcher(v.group(2)).matches()) {
      out.add(new Span(v.start(2), v.end(2), Span.PATH_USER, null));
      if (v.end(2) + 1 < t.length() && t.charAt(v.end(2)) == ':') {
        secretValue(t, v.end(2) + 1, out);
      }
    }
  }

  /**
   * The value position after the operator at {@code op} ('=' or ':'), or -1; with the comparison flag in
   * bit 40 (see ScrubText.valueAfter).
   */
  private static long operand(String t, int op) {
    Matcher m = (t.charAt(op) == '=' ? EQ_OPERATOR : COLON_OPERATOR).matcher(t);
    m.region(op, t.length()).useTransparentBounds(true);
    if (!m.lookingAt()) {
      return -1;
    }
    return m.end() | (t.charAt(op) == '=' && m.group(1) != null ? 1L << 40 : 0);
  }

  /** Credentials (added with the implementation, review 43): see ScrubText.findSecrets. */
  private static void findSecrets(String t, boolean users, List<Span> out) {
    int n = t.length();
    for (int q = 0; q < n; q++) {
      char c = t.charAt(q);
      if ((c != '=' && c != ':') || (c == ':' && q > 0 && t.charAt(q - 1) >= '0' && t.charAt(q - 1) <= '9')) {
        continue; // a key before ':' does not end in a digit (review 44's speed: addresses, ports, times)
      }
      long v = operand(t, q);
      Matcher k = SECRET_KEY.matcher(t).region(0, q);
      if (v >= 0 && k.find() && secretKey(k.group(1))) {
        secretValue(t, (int) (v & 0xFFFFFFFFL), out, (v >>> 40) != 0);
      }
    }
    Matcher j = JWT.matcher(t);
    while (j.find()) {
      out.add(new Span(j.start(), j.end(), Span.SECRET, null));
    }
    Matcher b = BEARER.matcher(t);
    for (int from = 0; from < n && b.find(from); from = b.start() + 1) { // "Bearer" inside a token too
      out.add(new Span(b.start(1), b.end(1), Span.SECRET, null));
    }
    Matcher a = AUTHORIZATION.matcher(t);
    while (a.find()) {
      Matcher w = SCHEME_WORD.matcher(t).region(a.end(), n);
      if (w.lookingAt()) {
        secretValue(t, w.end(), out);
      } else if (a.group(1).equals(":")) {
        secretValue(t, a.end(), out);
      }
    }
    Matcher f = FLAG.matcher(t);
    while (f.find()) {
      if (secretKey(f.group(1))) {
        secretValue(t, f.end(), out);
      } else if (users && userKey(f.group(1))) {
        userValue(t, f.end(), out, false);
      }
    }
    Matcher u = DASH_U.matcher(t); // review 44: curl's and wget's -u user:password
    while (users && u.find()) {
      userValue(t, u.start(1), out, false);
    }
  }

  private static final Pattern DASH_U = Pattern.compile("(?<![^\\p{javaWhitespace}\"'])-u[ \\t]+(" + NAME_RUN
      + ")(?=:[\\s\\S])");

  /** Whether the anchor must not follow a letter or digit (KEY= and "by user" contexts). */
  private static final boolean[] USER_CONTEXT_WORD_START = {false, false, false, false, false, false, false, false,
      false, false, false, false, true, false, true, true, true, true, true, false, false, false, false, false, false,
      false, false};

  private final Handler user;
  private final Handler email;
  private final Handler dn;
  private final Handler ip;
  private final Handler sinful;
  private final Handler phone;
  private final Handler host;
  private final Handler name; // full names in DNs' CN; defaults to the user handler
  private final NameDictionary dictionary;
  private final boolean userContexts;
  private final boolean hostNames;
  private final boolean pathSegments;
  private final boolean directoryPaths;
  private final java.util.Set<String> publicNamespaces; // imageReferences; null when off

  ReferenceScrubText(Handler user, Handler email, Handler dn, Handler ip, Handler sinful, Handler phone, Handler host,
      Handler name, NameDictionary dictionary, boolean userContexts, boolean hostNames, boolean pathSegments,
      boolean directoryPaths, java.util.Set<String> publicNamespaces) {
    this.user = user;
    this.email = email;
    this.dn = dn;
    this.ip = ip;
    this.sinful = sinful;
    this.phone = phone;
    this.host = host;
    this.name = name;
    this.dictionary = dictionary;
    this.userContexts = userContexts;
    this.hostNames = hostNames;
    this.pathSegments = pathSegments;
    this.directoryPaths = directoryPaths;
    this.publicNamespaces = publicNamespaces;
  }

  /** The oracle configured exactly as {@code s} (same handlers, dictionary and options). */
  static ReferenceScrubText sameAs(ScrubText s) {
    try {
      return new ReferenceScrubText((Handler) field(s, "user"), (Handler) field(s, "email"), (Handler) field(s, "dn"),
          (Handler) field(s, "ip"), (Handler) field(s, "sinful"), (Handler) field(s, "phone"),
          (Handler) field(s, "host"), (Handler) field(s, "name"), (NameDictionary) field(s, "dictionary"),
          (Boolean) field(s, "userContexts"), (Boolean) field(s, "hostNames"), (Boolean) field(s, "pathSegments"),
          (Boolean) field(s, "directoryPaths"), castSet(field(s, "publicNamespaces")));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static java.util.Set<String> castSet(Object o) {
    return (java.util.Set<String>) o;
  }

  private static Object field(ScrubText s, String name) throws ReflectiveOperationException {
    java.lang.reflect.Field f = ScrubText.class.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(s);
  }

  @Override
  public String apply(CharSequence value) {
    String text = value.toString();
    List<Span> spans = spans(text);
    if (spans.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    int pos = 0;
    for (Span s : spans) {
      out.append(text, pos, s.start);
      replace(text, s, out);
      pos = s.end;
    }
    out.append(text, pos, text.length());
    return out.toString();
  }

  /** Detects the spans, then keeps the leftmost, most specific, longest ones that do not overlap. */
  List<Span> spans(String text) {
    List<Span> all = new ArrayList<>();
    int n = text.length();
    // one cheap pass decides which detectors can possibly match
    int dots = 0;
    int colons = 0;
    boolean digit = false;
    boolean at = false;
    boolean lt = false;
    boolean slash = false;
    boolean eq = false;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.') {
        dots++;
      } else if (c == ':') {
        colons++;
      } else if (c == '@') {
        at = true;
      } else if (c == '<') {
        lt = true;
      } else if (c == '/') {
        slash = true;
      } else if (c == '=') {
        eq = true;
      }
    }
    if (slash && eq && (text.indexOf("CN=") >= 0 || text.indexOf("UID=") >= 0 || text.indexOf("DC=") >= 0
        || text.indexOf("emailAddress=") >= 0)) {
      find(DN, text, Span.DN, all);
    }
    if (eq) {
      Matcher m = COMMA_DN.matcher(text);
      int from = 0;
      while (m.find(from)) {
        if (commaRdns(m.group()).stream().anyMatch(ReferenceScrubText::personRdn)) {
          all.add(new Span(m.start(), m.end(), Span.DN, null));
          from = m.end();
        } else {
          from = m.start() + 1; // a chain that names no one: a later key may start one that does
        }
      }
    }
    if (lt && colons > 0) {
      findSinful(text, all);
    }
    if (at) {
      findAt(text, all);
    }
    if (hostNames && dots >= 2) {
      findHosts(text, all);
    }
    if (digit) {
      if (dots >= 3) {
        findIpv4(text, all);
      }
      if (colons >= 2 && (colons >= 7 || text.indexOf("::") >= 0)) {
        Matcher m = IPV6.matcher(text);
        while (m.find()) {
          if (isIpv6(text, m.start(), m.end(), ':')) {
            all.add(new Span(m.start(), ScrubText.withIpv4Tail(text, m.start(), m.end()), Span.IPV6, null));
          }
        }
        // added after 341a24a: an address right after a word's ':' (user12345:2001:db8::1), from the
        // ':' itself before "::" (bob::a:1)
        for (int c = 1; c + 1 < text.length(); c++) {
          if (text.charAt(c) == ':' && Character.isLetterOrDigit(text.charAt(c - 1))
              && String.valueOf(text.charAt(c + 1)).matches("[0-9A-Fa-f:]")) {
            int from = text.startsWith("::", c) ? c : c + 1;
            Matcher w = IPV6_BODY.matcher(text.substring(from));
            if (w.lookingAt() && isIpv6(text, from, from + w.end(), ':')) {
              all.add(new Span(from, ScrubText.withIpv4Tail(text, from, from + w.end()), Span.IPV6, null));
            }
          }
        }
      }
      if (maybePhone(text)) {
        findPhones(text, all);
      }
    }
    if (userContexts) {
      for (int k = 0; k < USER_CONTEXTS.length; k++) {
        String anchor = USER_CONTEXT_ANCHORS[k];
        if ((anchor.charAt(0) == '/' && !slash) || (anchor.charAt(anchor.length() - 1) == '=' && !eq)) {
          continue; // the text has no '/' (or no '='): the anchor cannot occur
        }
        int pos = text.indexOf(anchor);
        if (pos < 0) {
          continue;
        }
        Matcher m = USER_CONTEXTS[k].matcher(text);
        for (; pos >= 0; pos = text.indexOf(anchor, pos + 1)) {
          if (USER_CONTEXT_WORD_START[k] && pos > 0 && (isAsciiWordChar(text.charAt(pos - 1))
              || text.charAt(pos - 1) == '_')) {
            continue;
          }
          m.region(pos, n);
          if (m.lookingAt()) {
            int from = m.start(1);
            if (anchor.equals("x509up_") && m.group(1).matches("u[0-9]+")) {
              from++; // the numeric user id alone, as after /run/user/
            }
            if ((anchor.equals("/users/") || anchor.equals("/staging/") || anchor.equals("/public/"))
                && FOLDER_WORD.matcher(m.group(1)).matches()) {
              continue; // review 44: /staging/groups/, /users/shared
            }
            all.add(new Span(from, m.end(1), Span.PATH_USER, null));
          }
        }
      }
      // added with the implementation (review 43, 2026-11-27): a key naming a user before '=' (any case, blanks
      // around '='; the name perhaps quoted), ~name, a Windows profile folder
      for (int q = 0; q < n; q++) {
        char c = text.charAt(q);
        if (c != '=' && c != ':') {
          continue;
        }
        long v = operand(text, q);
        Matcher k = USER_KEY.matcher(text).region(0, q);
        if (v >= 0 && k.find()) {
          userValue(text, (int) (v & 0xFFFFFFFFL), all, (v >>> 40) != 0);
        }
      }
      Matcher tilde = TILDE_USER.matcher(text);
      while (tilde.find()) {
        all.add(new Span(tilde.start(1), tilde.end(1), Span.PATH_USER, null));
      }
      Matcher windows = WINDOWS_USER.matcher(text);
      for (int from = 0; from < n && windows.find(from); from = windows.start() + 1) {
        if (!FOLDER_WORD.matcher(windows.group(1)).matches()) {
          all.add(new Span(windows.start(1), windows.end(1), Span.PATH_USER, null));
        }
      }
    }
    findSecrets(text, userContexts, all);
    if (pathSegments && slash) {
      findPathSegments(text, directoryPaths, all);
    }
    if (publicNamespaces != null) {
      findImageNamespaces(text, publicNamespaces, all);
    }
    dictionaryFind(dictionary, text, all);
    // added with the implementation (2026-11-27, a limit review 44 left): the names read with each '+' as a space
    // and each %20 as three, where one stands inside the name
    String joined = text.replace("+", " ").replace("%20", "   ");
    if (!joined.equals(text)) {
      List<Span> found = new ArrayList<>();
      dictionaryFind(dictionary, joined, found);
      for (Span s : found) {
        if (!text.substring(s.start, s.end).equals(joined.substring(s.start, s.end))) {
          all.add(s);
        }
      }
    }
    if (digit && text.indexOf('-') >= 0) {
      findDashedIpv4(text, hostNames && !host.keep, all); // after every other detector: it reads their spans
    }
    if (all.isEmpty()) {
      return all;
    }
    if (all.size() > 1) {
      all.sort((a, b) -> a.start != b.start ? Integer.compare(a.start, b.start)
          : a.kind != b.kind ? Integer.compare(a.kind, b.kind)
          : Integer.compare(b.end, a.end));
    }
    List<Span> chosen = new ArrayList<>(all.size());
    int lastEnd = 0;
    List<int[]> crossing = new ArrayList<>(); // added after 341a24a: (index in all, end of the taken span)
    for (int k = 0; k < all.size(); k++) {
      Span s = all.get(k);
      if (s.start >= lastEnd && s.end > s.start) {
        chosen.add(s);
        lastEnd = s.end;
      } else if (s.end > lastEnd && s.end > s.start) {
        crossing.add(new int[] {k, lastEnd});
      }
    }
    // the parts of such a span that no chosen span covers and that hold a letter or digit: masked (or kept
    // as its handler keeps it)
    for (int[] c : crossing) {
      Span s = all.get(c[0]);
      boolean[] covered = new boolean[text.length()];
      for (Span x : chosen) {
        java.util.Arrays.fill(covered, x.start, x.end, true);
      }
      int p = c[1];
      while (p < s.end) {
        if (covered[p]) {
          p++;
          continue;
        }
        int q = p;
        while (q < s.end && !covered[q]) {
          q++;
        }
        if (text.substring(p, q).chars().anyMatch(ch -> Character.isLetterOrDigit((char) ch))
            && s.kind == Span.SECRET) {
          chosen.add(new Span(p, q, Span.MASKED, "[secret]")); // added with the implementation (review 43)
        } else if (text.substring(p, q).chars().anyMatch(ch -> Character.isLetterOrDigit((char) ch))) {
          boolean full = s.kind == Span.NAME && s.canonical.contains(" ");
          Handler h = java.util.Map.of(Span.NAME, full ? name : user, Span.PATH_USER, user, Span.PHONE, phone,
              Span.EMAIL, email, Span.SLOT, host, Span.HOST, host, Span.DN, dn, Span.SINFUL, sinful)
              .getOrDefault(s.kind, ip);
          String marker = java.util.Map.of(Span.NAME, full ? "[name]" : "[user]", Span.PATH_USER, "[user]",
              Span.PHONE, "[phone]", Span.EMAIL, "[email]", Span.SLOT, "[host]", Span.HOST, "[host]", Span.DN,
              "[dn]", Span.SINFUL, "[address]").getOrDefault(s.kind, "[ip]");
          if ((s.kind == Span.HOST || s.kind == Span.SLOT) && h.keep) {
            chosen.add(new Span(p, q, Span.HOST, null));
          } else if (!h.keep) {
            chosen.add(new Span(p, q, Span.MASKED, marker));
          }
        }
        p = q;
      }
    }
    chosen.sort((a, b) -> Integer.compare(a.start, b.start));
    return chosen;
  }

  /**
   * Everything around an '@': slot names ({@code slot1_2@host}, {@code slot1@glidein_1_2@host}: the
   * glidein id and the host), e-mail addresses, and job ids at a host ({@code 123.4@schedd.example.org}).
   */
  private static void findAt(String t, List<Span> out) {
    int n = t.length();
    java.util.Set<Integer> taken = new java.util.HashSet<>(); // added with the implementation (2026-11-27)
    brokenUrlUserInfos(t, out, taken);
    bareUserInfos(t, out, taken);
    for (int a = t.indexOf('@'); a >= 0; a = t.indexOf('@', a + 1)) {
      // added with the implementation (review 43): a URL's user info, scheme://user:password@host
      Matcher url = URL_USER_INFO.matcher(t).region(0, a);
      if (url.find()) {
        if (AUTHORITY_AT.matcher(t).region(a + 1, n).lookingAt()) {
          continue; // not the last '@' of the user info
        }
        String info = url.group(1);
        int c = info.indexOf(':');
        int ue = url.start(1) + (c < 0 ? info.length() : c);
        if (c < 0 && info.length() >= 20) {
          out.add(new Span(url.start(1), ue, Span.SECRET, null)); // review 44: a token as the user
        } else if (ue > url.start(1)) {
          out.add(new Span(url.start(1), ue, Span.PATH_USER, null));
        }
        if (c >= 0 && c + 1 < info.length()) {
          out.add(new Span(url.start(1) + c + 1, a, Span.SECRET, null));
        }
        int r = a + 1;
        while (r < n && (isHostChar(t.charAt(r)) || t.charAt(r) == '_')) {
          r++;
        }
        while (r > a + 1 && (t.charAt(r - 1) == '.' || t.charAt(r - 1) == '-')) {
          r--;
        }
        if (t.substring(a + 1, r).contains(".")) {
          out.add(new Span(a + 1, r, Span.HOST, null));
        }
        continue;
      }
      if (taken.contains(a)) {
        continue; // the end of a user info read below (2026-11-27)
      }
      int l = localPartStart(t, a);
      int r = a + 1;
      while (r < n && (isHostChar(t.charAt(r)) || t.charAt(r) == '_')) {
        r++;
      }
      while (r > a + 1 && (t.charAt(r - 1) == '.' || t.charAt(r - 1) == '-')) {
        r--;
      }
      if (l == a || r == a + 1) {
        // added with the implementation (review 37): an address literal, jane@[10.1.2.3], jane@[IPv6:2001:db8::1];
        // (2026-11-27) blanks inside the brackets and IPv4-mapped IPv6 addresses, and a mailbox at a literal that is
        // no address is replaced as a user name
        Matcher lit = Pattern.compile("\\[[ \t]*(?:([0-9.]+)|(?i:IPv6:)[ \t]*([0-9A-Fa-f:.]+))[ \t]*]").matcher(t)
            .region(a + 1, n);
        boolean letter = l < a && t.substring(l, a).codePoints().anyMatch(Character::isLetter);
        if (letter && lit.lookingAt()
            && (lit.group(1) != null ? isDottedQuad(lit.group(1)) : isIpv6Literal(lit.group(2)))) {
          out.add(new Span(l, lit.end(), Span.EMAIL, null));
        } else if (letter && a + 1 < n && t.charAt(a + 1) == '[' && !GLIDEIN.matcher(t.substring(l, a)).matches()
            && !SLOT_NAME.matcher(t.substring(l, a)).matches()) {
          out.add(new Span(l, a, Span.PATH_USER, null));
        }
        continue;
      }
      String local = t.substring(l, a);
      String domain = t.substring(a + 1, r);
      if (GLIDEIN.matcher(local).matches()) {
        out.add(new Span(l, a, Span.SLOT, null));
        if (domain.indexOf('_') < 0) {
          out.add(new Span(a + 1, r, Span.SLOT, null));
        }
        continue;
      }
      if (SLOT_NAME.matcher(local).matches()) {
        if (!GLIDEIN.matcher(domain).matches() && domain.indexOf('_') < 0) {
          out.add(new Span(a + 1, r, Span.SLOT, null));
        }
        continue;
      }
      if (domain.indexOf('.') < 0) { // changed with the implementation (review 37): a domain with '_' is one too
        continue;
      }
      boolean letter = false;
      for (int i = l; i < a && !letter; i++) {
        letter = Character.isLetter(t.codePointAt(i));
      }
      if (letter) {
        out.add(new Span(l, r, Span.EMAIL, null));
        // added with the implementation (review 43): the display name before an address in angle brackets
        if (l >= 1 && t.charAt(l - 1) == '<' && r < n && t.charAt(r) == '>') {
          Matcher q = QUOTED_DISPLAY.matcher(t).region(0, l - 1);
          Matcher w = WORDS_DISPLAY.matcher(t).region(0, l - 1);
          if (q.find()) {
            if (q.group(1).codePoints().anyMatch(Character::isLetter)) {
              String name = q.group(1).trim();
              String[] parts = name.split(",", -1);
              if (parts.length == 2 && !parts[0].isEmpty()) {
                name = parts[1].trim() + " " + parts[0].trim();
              }
              out.add(new Span(q.start(1), q.end(1), Span.NAME, NaiveNames.canonical(name)));
            }
          } else if (w.find()) {
            out.add(new Span(w.start(1), w.end(1), Span.NAME, NaiveNames.canonical(w.group(1))));
          }
        }
      } else { // 123.4@schedd.example.org: a job id at a host
        out.add(new Span(a + 1, r, Span.HOST, null));
      }
    }
  }

  // added with the implementation (2026-11-27, the limits review 44 left): user infos that urlUserInfo's reading
  // misses. A password reads up to the last '@' of its word: no blank, quote or angle bracket before it.
  private static final String WINDOW_CHAR = "[^\\p{javaWhitespace}\\p{Zs}\\p{Zl}\\p{Zp}\"'<>]";
  private static final Pattern TO_AT = Pattern.compile(WINDOW_CHAR + "*@"); // greedy: to the last '@'
  // after scheme://: a user (user info characters but ':' and '@'), ':', a password (user info characters but '@')
  private static final Pattern STRICT_INFO = Pattern.compile("((?:(?![:@])" + INFO_CHAR + ")*):((?:(?!@)" + INFO_CHAR
      + ")*)");
  // a user name starting a word (the text's start, a blank, a quote, a bracket, '=', ',' or ';' before it) before ':',
  // matched from the start of the run of name characters before the ':' (found a code point at a time)
  private static final Pattern BARE_USER = Pattern.compile("(?<![^\\p{javaWhitespace}\\p{Zs}\\p{Zl}\\p{Zp}\"'(\\[{<>=,;])"
      + "(\\p{L}[A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]*)\\z");
  private static final Pattern NAME_CHAR = Pattern.compile("[A-Za-z0-9._\\-\\p{L}\\p{Nd}\\p{M}]");
  private static final Pattern ADDRESS_KEY = Pattern.compile(
      "(?i)mailto|mail|email|e-mail|from|to|cc|bcc|reply-to|sender|contact|notify|address|addr|sip|sips|xmpp|acct");

  /** The host after the '@' at {@code f}: host characters and '_', without trailing '.' or '-' (its end). */
  private static int hostEnd(String t, int f) {
    Matcher d = DOMAIN_RUN.matcher(t).region(f + 1, t.length());
    return d.lookingAt() ? f + 1 + d.group().replaceAll("[.-]+$", "").length() : f + 1;
  }

  /** The user, password and dotted host of a user info ending at the '@' at {@code f}. */
  private static void userInfo(String t, int us, int c, int f, List<Span> out, java.util.Set<Integer> taken) {
    if (c > us) {
      out.add(new Span(us, c, Span.PATH_USER, null));
    }
    out.add(new Span(c + 1, f, Span.SECRET, null));
    if (t.substring(f + 1, hostEnd(t, f)).contains(".")) {
      out.add(new Span(f + 1, hostEnd(t, f), Span.HOST, null));
    }
    taken.add(f);
  }

  /**
   * A URL's password holding a character outside user info (https://jdoe:pa(ss@host, https://jdoe:p/ss@host): read
   * up to the last '@' of its word, unless urlUserInfo reads the user info (an '@' in it) or a port stands there
   * (digits, then '/', '?' or '#').
   */
  private static void brokenUrlUserInfos(String t, List<Span> out, java.util.Set<Integer> taken) {
    int n = t.length();
    for (int s = t.indexOf("://"); s >= 0; s = t.indexOf("://", s + 1)) {
      if (s == 0 || !String.valueOf(t.charAt(s - 1)).matches("[A-Za-z0-9]")) {
        continue;
      }
      Matcher m = STRICT_INFO.matcher(t).region(s + 3, n);
      if (!m.lookingAt() || m.end() >= n) {
        continue;
      }
      String next = String.valueOf(t.charAt(m.end()));
      if (next.equals("@") || !next.matches(WINDOW_CHAR) || t.charAt(m.start(2)) == '/'
          || (m.group(2).matches("[0-9]+") && "/?#".contains(next))) {
        continue;
      }
      Matcher w = TO_AT.matcher(t).region(m.end(), n);
      if (w.lookingAt()) {
        userInfo(t, s + 3, m.end(1), w.end() - 1, out, taken);
      }
    }
  }

  // the review of 2026-11-27 (image digests, job ids, versions and labels read as user infos): log levels and labels
  // are no users, a job id or version is no password, and the host must look like one (bareHost)
  private static final Pattern LABEL_WORD =
      Pattern.compile("(?i)error|err|warning|warn|info|debug|fatal|trace|notice|note|critical");
  private static final Pattern JOB_ID_OR_VERSION = Pattern.compile("[0-9]+(?:\\.[0-9]+)+|[vV][0-9]+(?:\\.[0-9]+)*");

  /**
   * Whether the host after the '@' at {@code f} is one for a user info without a scheme: '[' (an address literal),
   * localhost, a dotted name with a letter in its last label, an IPv4 address (four runs of one to three digits), or
   * a name without a dot before ':' and then '/', '~', ':' or the word's end; not sha256/sha384/sha512 before ':'.
   */
  private static boolean bareHost(String t, int f) {
    if (t.startsWith("[", f + 1)) {
      return true;
    }
    String host = t.substring(f + 1, hostEnd(t, f));
    String after = t.substring(hostEnd(t, f));
    if (host.matches("(?i)sha(?:256|384|512)") && after.startsWith(":")) {
      return false;
    }
    return host.matches("(?i)localhost") || host.matches("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}")
        || host.matches(".*\\.[^.]*[A-Za-z][^.]*")
        || (!host.contains(".") && after.matches("(?s):(?:[/~:]|(?!" + WINDOW_CHAR + ")).*"));
  }

  /**
   * user:password@host without a scheme (rsync, scp, ftp, connection strings): a user name starting a word and with
   * a letter, ':', a password up to the last '@' of its word (not starting with '/', ':' or '@'), a host (an ASCII
   * letter or digit, or '[', and bareHost); not after a word that introduces an address, a label or a user or
   * credential key, not before a slot name, glidein id, job id or version, not an IPv6 address; a ':' inside one
   * found is none.
   */
  private static void bareUserInfos(String t, List<Span> out, java.util.Set<Integer> taken) {
    int n = t.length();
    int end = -1;
    for (int c = 0; c < n; c++) {
      if (t.charAt(c) != ':' || c <= end || c + 1 >= n) {
        continue;
      }
      String p = String.valueOf(t.charAt(c + 1));
      int run = c;
      while (run > 0 && NAME_CHAR.matcher(new String(Character.toChars(t.codePointBefore(run)))).matches()) {
        run -= Character.charCount(t.codePointBefore(run));
      }
      Matcher u = BARE_USER.matcher(t).region(run, c).useTransparentBounds(true);
      if ("/:@".contains(p) || !p.matches(WINDOW_CHAR) || !u.lookingAt()) {
        continue;
      }
      Matcher w = TO_AT.matcher(t).region(c + 1, n);
      if (!w.lookingAt()) {
        continue;
      }
      int f = w.end() - 1;
      if (!t.substring(f + 1, Math.min(n, f + 2)).matches("[A-Za-z0-9\\[]")) {
        continue; // no host
      }
      String user = u.group(1);
      String password = t.substring(c + 1, f);
      String before = t.substring(u.start(1), f);
      if (ADDRESS_KEY.matcher(user).matches() || LABEL_WORD.matcher(user).matches() || userKey(user)
          || secretKey(user) || GLIDEIN.matcher(password).matches() || SLOT_NAME.matcher(password).matches()
          || JOB_ID_OR_VERSION.matcher(password).matches() || !bareHost(t, f)
          || (before.matches("[0-9A-Fa-f:]+") && isIpv6(t, u.start(1), f, ':'))) {
        continue;
      }
      userInfo(t, u.start(1), c, f, out, taken);
      end = f;
    }
  }

  /**
   * The local part's start before the '@' at {@code a}, by regular expressions (not ScrubText's loop, so
   * that the equivalence tests compare two readings): the longest run of {@code [A-Za-z0-9._%+-]} and
   * letters, decimal digits and marks of other scripts ending at {@code a}; if it starts right after
   * another '@' whose domain (host characters and '_', without trailing '.' or '-') holds a '.' and no
   * '_', after that domain.
   */
  private static int localPartStart(String t, int a) {
    Matcher m = LOCAL_TAIL.matcher(t).region(0, a);
    if (!m.find()) {
      throw new AssertionError("an empty run matches at the end");
    }
    int l = m.start();
    if (l > 0 && t.charAt(l - 1) == '@') {
      Matcher d = DOMAIN_RUN.matcher(t).region(l, t.length());
      if (d.lookingAt()) {
        String domain = d.group().replaceAll("[.-]+$", "");
        if (domain.indexOf('.') >= 0 && domain.indexOf('_') < 0) {
          l = Math.max(l, Math.min(l + domain.length(), a));
        }
      }
    }
    return l;
  }

  // \z, not $, which also matches before a final line break
  private static final Pattern LOCAL_TAIL =
      Pattern.compile("(?:[A-Za-z0-9._%+\\-]|[[^\\x00-\\x7F]&&[\\p{L}\\p{Nd}\\p{M}]])*\\z");
  private static final Pattern DOMAIN_RUN = Pattern.compile("[A-Za-z0-9._\\-]*");

  private static final Pattern GLIDEIN = Pattern.compile("glidein_\\d+_\\d+");
  private static final Pattern SLOT_NAME = Pattern.compile("slot\\d+(?:_\\d+)?");

  /** Directory and file names that are not user names (path segments kept by {@code pathSegments}). */
  private static final java.util.Set<String> PATH_WORDS = java.util.Set.of(
      "home", "nashome", "pnfs", "scratch", "users", "user", "persistent", "resilient", "exp", "app", "apps", "data",
      "fife", "local", "uploads", "var", "lib", "tmp", "opt", "usr", "bin", "sbin", "etc", "cvmfs", "grid",
      "fermiapp", "osgpool", "storage", "work", "jobs", "job", "log", "logs", "out", "output", "input", "outputs",
      "condor", "spool", "execute", "jobsub", "creds", "proxies", "dev", "null", "srv", "mnt", "scratch1", "scratch2",
      "afs", "eos", "store", "group", "groups", "fnal", "gov", "products", "common", "prd", "run", "runs", "test",
      "tests", "src", "build", "config", "configs", "fcl", "root", "files", "file", "share", "shared", "software",
      "setup", "scripts", "script", "results", "analysis", "production", "prod", "mc", "mcsim", "reco", "raw",
      "dune", "nova", "uboone", "icarus", "mu2e", "sbnd", "minerva", "minos", "gm2", "cdms", "des", "lariat",
      "singularity", "images", "image", "container", "containers", "python", "perl", "bash", "sh");
  private static final Pattern PATH_SEGMENT_USER = Pattern.compile("[a-z][a-z0-9]{2,15}");

  private static final Pattern REFERENCE_RUN = Pattern.compile("[A-Za-z0-9._+~/:@\\-\\p{L}\\p{Nd}\\p{M}]+");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://");
  /** A last component with a tag or digest. */
  private static final Pattern TAGGED_LAST = Pattern.compile("[:@][^/]*$");
  /** A host name's last label: a generic top-level domain or two letters (a country code). */
  private static final Pattern PATH_HOST_TLD = Pattern.compile(
      "\\.(?:(?i:gov|edu|org|com|net|int|mil|info|local|lan|internal|arpa|site|cloud|io)|[A-Za-z]{2})$");

  /**
   * imageReferences: each run of reference characters, past a leading URL scheme, split at '/'; every
   * component but the last is a namespace unless empty, a reference's registry (its first component,
   * with '.' or ':' or localhost), a path's host name (two dots or more, ending in a top-level domain), a
   * common path word or a public namespace; and each replaced namespace again where it is a whole word of
   * the last component. Trailing slashes after a last component with a tag or digest
   * (':' or '@') are dropped first, so that component stays the last.
   */
  private static void findImageNamespaces(String t, java.util.Set<String> publicNamespaces, List<Span> out) {
    Matcher m = REFERENCE_RUN.matcher(t);
    while (m.find()) {
      String run = m.group();
      int pos = m.start();
      Matcher scheme = SCHEME.matcher(run);
      if (scheme.lookingAt()) {
        pos += scheme.end();
        run = run.substring(scheme.end());
      }
      boolean path = run.startsWith("/");
      String trimmed = run.replaceFirst("/+$", "");
      if (trimmed.length() < run.length() && TAGGED_LAST.matcher(trimmed).find()) {
        run = trimmed;
      }
      String[] parts = run.split("/", -1);
      List<String> replaced = new ArrayList<>();
      for (int k = 0; k < parts.length - 1; k++) {
        String c = parts[k];
        boolean registry = k == 0 && !path && (c.contains(".") || c.contains(":") || c.equals("localhost"));
        boolean host = path && c.chars().filter(ch -> ch == '.').count() >= 2
            && PATH_HOST_TLD.matcher(c).find();
        if (!c.isEmpty() && !registry && !host && !PATH_WORDS.contains(c) && !publicNamespaces.contains(c)) {
          out.add(new Span(pos, pos + c.length(), Span.PATH_USER, null));
          replaced.add(c);
        }
        pos += c.length() + 1;
      }
      // each replaced namespace again where it is a whole word of the last component
      String repository = parts[parts.length - 1];
      for (String c : replaced) {
        Matcher w = Pattern.compile("(?<![A-Za-z0-9\\p{L}\\p{Nd}\\p{M}])" + Pattern.quote(c)
            + "(?![A-Za-z0-9\\p{L}\\p{Nd}\\p{M}])").matcher(repository);
        for (int from = 0; from <= repository.length() && w.find(from); from = w.start() + 1) {
          out.add(new Span(pos + w.start(), pos + w.end(), Span.PATH_USER, null));
        }
      }
    }
  }

  /** Every directory name of an absolute path that looks like a user name and is not a common path word. */
  private static void findPathSegments(String t, boolean directoryPaths, List<Span> out) {
    int n = t.length();
    for (int i = 0; i < n; i++) {
      if (t.charAt(i) != '/' || (i > 0 && isPathChar(t.charAt(i - 1)))) {
        continue;
      }
      int e = i;
      while (e < n && (isPathChar(t.charAt(e)) || t.charAt(e) == '/')) {
        e++;
      }
      int s = i + 1;
      while (s < e) {
        int slash = t.indexOf('/', s);
        if (slash < 0 || slash > e) {
          String last = t.substring(s, e); // a file name, kept, unless the paths name directories
          if (directoryPaths && PATH_SEGMENT_USER.matcher(last).matches() && !PATH_WORDS.contains(last)) {
            out.add(new Span(s, e, Span.PATH_USER, null));
          }
          break;
        }
        String seg = t.substring(s, slash);
        if (PATH_SEGMENT_USER.matcher(seg).matches() && !PATH_WORDS.contains(seg)) {
          out.add(new Span(s, slash, Span.PATH_USER, null));
        }
        s = slash + 1;
      }
      i = e;
    }
  }

  private static boolean isPathChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-' || c == '+' || c == '~';
  }

  /**
   * {@code <ip:port?...>}: a '<', a digit or '[' (or a leading host name, {@link #LEADING_HOST}), no space
   * or '<' up to the '>', a ':' followed by a digit.
   */
  private static void findSinful(String t, List<Span> out) {
    int n = t.length();
    for (int lt = t.indexOf('<'); lt >= 0 && lt + 1 < n; lt = t.indexOf('<', lt + 1)) {
      char c = t.charAt(lt + 1);
      if (!(isDigit(c) || c == '[' || leadingHost(t, lt) != null)) {
        continue;
      }
      boolean port = false;
      int i = lt + 1;
      for (; i < n; i++) {
        char x = t.charAt(i);
        if (x == '>' || x == '<' || Character.isWhitespace(x)) {
          break;
        }
        if (x == ':' && i + 1 < n && isDigit(t.charAt(i + 1))) {
          port = true;
        }
      }
      if (i < n && t.charAt(i) == '>' && port) {
        out.add(new Span(lt, i + 1, Span.SINFUL, null));
        lt = i;
      }
    }
  }

  /**
   * A sinful string's leading host name (starting with a letter or digit, holding a letter): a dotted
   * name, or any name when the port is followed by '?'.
   */
  private static final Pattern LEADING_HOST =
      Pattern.compile("<(?=[0-9.\\-]*[A-Za-z])([A-Za-z0-9][A-Za-z0-9.\\-]*):[0-9]+(\\?)?");

  /** The leading host name's matcher at the '<' at {@code lt}, or null. */
  private static Matcher leadingHost(String t, int lt) {
    Matcher m = LEADING_HOST.matcher(t).region(lt, t.length());
    if (m.lookingAt() && (m.group(1).contains(".") || m.group(2) != null)) {
      return m;
    }
    return null;
  }

  /** Dotted quads with octets up to 255, not inside a longer dotted number (1.2.3.4.5). */
  private static void findIpv4(String t, List<Span> out) {
    int n = t.length();
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      // (changed with the implementation: a quad right after a '.' that follows no digit is an address)
      if (c < '0' || c > '9' || (i > 0 && isDigit(t.charAt(i - 1)))
          || (i > 1 && t.charAt(i - 1) == '.' && isDigit(t.charAt(i - 2)))) {
        continue;
      }
      int p = i;
      int parts = 0;
      while (parts < 4) {
        int q = p;
        int v = 0;
        while (q < n && q - p < 4 && isDigit(t.charAt(q))) {
          v = v * 10 + (t.charAt(q) - '0');
          q++;
        }
        int len = q - p;
        if (len == 0 || len > 3 || v > 255) {
          break;
        }
        parts++;
        p = q;
        if (parts < 4) {
          if (p < n && t.charAt(p) == '.') {
            p++;
          } else {
            break;
          }
        }
      }
      if (parts == 4 && (p >= n || !(isDigit(t.charAt(p)) || (t.charAt(p) == '.' && p + 1 < n && isDigit(t.charAt(p + 1)))))) {
        out.add(new Span(i, p, Span.IPV4, null));
        i = p - 1;
      }
    }
  }

  /**
   * Every match of {@link #PHONE}, as {@code PHONE.matcher(text).find()} reports them, but tried only
   * where a match can start: a '+', '(' or digit not preceded by a word character, '.', '+' or '-'
   * (the pattern's own look-behind). A whole-text regex scan tests the look-behind at every position.
   */
  static void findPhones(String t, List<Span> out) {
    int n = t.length();
    Matcher m = null;
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (!(isDigit(c) || c == '+' || c == '(')) {
        continue;
      }
      if (i > 0) {
        char p = t.charAt(i - 1);
        if (isAsciiWordChar(p) || p == '_' || p == '.' || p == '+' || p == '-') {
          continue;
        }
      }
      if (m == null) {
        m = PHONE.matcher(t).useTransparentBounds(true);
      }
      m.region(i, n);
      if (m.lookingAt()) {
        out.add(new Span(m.start(), m.end(), Span.PHONE, null));
        i = m.end() - 1;
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Whether some "ddd?dddd" (three digits, a separator, four digits) occurs: the tail of every phone number. */
  private static boolean maybePhone(String t) {
    int run = 0;
    int prevRun = 0;
    char sep = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (isDigit(c)) {
        run++;
        if (run == 4 && prevRun == 3 && sep != 0) {
          return true;
        }
      } else {
        if (run > 0) {
          prevRun = run;
          sep = (c == ' ' || c == '-' || c == '.') ? c : 0;
        } else {
          prevRun = 0;
        }
        run = 0;
      }
    }
    return false;
  }

  private static final java.util.Set<String> TLDS = java.util.Set.of("gov", "edu", "org", "com", "net", "int", "mil",
      "info", "local", "lan", "internal", "arpa", "site", "cloud", "io");
  private static final java.util.Set<String> FILE_EXTENSIONS = java.util.Set.of("log", "out", "err", "txt",
      "stdout", "stderr", "json", "jsonl", "xml", "csv", "tsv", "html", "gz", "bz2", "xz", "zst", "tar", "tgz", "pem",
      "crt", "cfg", "conf", "pid", "lock");
  private static final java.util.Set<String> NOT_TLDS = java.util.Set.of("gz", "xz", "bz", "sh", "py", "pl", "js", "db",
      "so", "md", "rb", "go", "cc", "hh", "ps", "jl", "ml", "rs", "ts", "vm", "cp", "mk", "in", "am", "fm");

  /**
   * Fully qualified host names: runs of [A-Za-z0-9.-] with two or more dots and a TLD-like last label.
   * Driven by the dots, so text without dots costs nothing.
   */
  private static void findHosts(String t, List<Span> out) {
    int n = t.length();
    int from = 0;
    for (int d = t.indexOf('.'); d >= 0; d = t.indexOf('.', from)) {
      int s = d;
      while (s > 0 && isHostChar(t.charAt(s - 1))) {
        s--;
      }
      int i = d;
      int dots = 0;
      while (i < n && isHostChar(t.charAt(i))) {
        if (t.charAt(i) == '.') {
          dots++;
        }
        i++;
      }
      from = i + 1;
      if (from > n) {
        from = n;
      }
      while (s < i && (t.charAt(s) == '.' || t.charAt(s) == '-')) {
        if (t.charAt(s) == '.') {
          dots--;
        }
        s++;
      }
      int e = i;
      while (e > s && (t.charAt(e - 1) == '.' || t.charAt(e - 1) == '-')) {
        if (t.charAt(e - 1) == '.') {
          dots--;
        }
        e--;
      }
      if (dots < 2 || (s > 0 && t.charAt(s - 1) == '@' && localPartStart(t, s - 1) < s - 1)) {
        if (i >= n) {
          break;
        }
        continue;
      }
      int dd = t.indexOf("..", s);
      if (dots >= 2 && (dd < 0 || dd >= e)) {
        String[] labels = t.substring(s, e).split("\\.", -1);
        String last = labels[labels.length - 1].toLowerCase(java.util.Locale.ROOT);
        boolean ok = last.matches("\\p{L}{2,8}") && (last.length() == 2 ? !NOT_TLDS.contains(last) : TLDS.contains(last));
        if (ok) {
          out.add(new Span(s, e, Span.HOST, null));
        } else {
          // up to three trailing labels (a file extension) dropped; then a generic TLD of 3+ letters
          int hostLabels = -1;
          for (int keep = labels.length - 1; keep >= labels.length - 3 && keep >= 3; keep--) {
            String tld = labels[keep - 1].toLowerCase(java.util.Locale.ROOT);
            if (tld.matches("\\p{L}{3,8}") && TLDS.contains(tld)) {
              hostLabels = keep;
              break;
            }
          }
          // else one or two known file extensions dropped; then a two-letter country code
          for (int keep = labels.length - 1; hostLabels < 0 && keep >= labels.length - 2 && keep >= 3; keep--) {
            if (!FILE_EXTENSIONS.contains(labels[keep].toLowerCase(java.util.Locale.ROOT))) {
              break;
            }
            String tld = labels[keep - 1].toLowerCase(java.util.Locale.ROOT);
            if (tld.matches("\\p{L}{2}") && !NOT_TLDS.contains(tld) && java.util.Arrays.stream(labels, 1, keep)
                .allMatch(l -> l.matches(".*[A-Za-z].*"))) {
              hostLabels = keep;
            }
          }
          if (hostLabels > 0) {
            out.add(new Span(s, s + String.join(".", java.util.Arrays.asList(labels).subList(0, hostLabels)).length(),
                Span.HOST, null));
          }
        }
      }
      if (i >= n) {
        break;
      }
    }
  }

  /** What the IPv6 reader reads, without its look-behind (tried right after a word's ':'). */
  private static final Pattern IPV6_BODY = Pattern.compile("[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9-]+");
  private static final Pattern HOST_RUN = Pattern.compile("[A-Za-z0-9.-]+");
  private static final Pattern OCTET = Pattern.compile("[0-9]{1,3}");

  /**
   * Added after 341a24a, written independently of ScrubText's: each label (a run of ASCII letters,
   * digits and '-') split at every '-'; a maximal run of consecutive components of digits only is an
   * address when it has four, each an octet, or five, four octets and a port of four or five digits
   * (the address: the first four). With {@code hostNames} (and host names not kept) the run of host name
   * characters around it, without '.' or '-' at either end, is a host name too, unless a span found
   * before covers the address. Each ends before a span found before that starts inside it and ends
   * after it (a full name, an IPv6 address).
   */
  private static void findDashedIpv4(String t, boolean hostNames, List<Span> out) {
    List<Span> before = new ArrayList<>(out);
    Matcher m = LABEL.matcher(t);
    while (m.find()) {
      String label = m.group();
      String[] parts = label.split("-", -1);
      int[] starts = new int[parts.length];
      for (int k = 0, pos = m.start(); k < parts.length; pos += parts[k].length() + 1, k++) {
        starts[k] = pos;
      }
      int k = 0;
      while (k < parts.length) {
        if (!parts[k].matches("[0-9]+")) {
          k++;
          continue;
        }
        int j = k;
        while (j < parts.length && parts[j].matches("[0-9]+")) {
          j++;
        }
        boolean octets = j - k >= 4;
        for (int x = k; x < Math.min(j, k + 4); x++) {
          octets &= OCTET.matcher(parts[x]).matches() && Integer.parseInt(parts[x]) <= 255;
        }
        if (octets && (j - k == 4 || (j - k == 5 && parts[k + 4].matches("[0-9]{4,5}")))) {
          int s = starts[k];
          int e = starts[k + 3] + parts[k + 3].length();
          boolean covered = before.stream().anyMatch(c -> c.start <= s && c.end >= e);
          if (hostNames && !covered) {
            Matcher h = HOST_RUN.matcher(t);
            while (h.find()) {
              if (h.start() <= s && h.end() >= e) {
                String run = h.group();
                String lead = run.replaceAll("^[.-]+", "");
                addCut(t, before, h.start() + run.length() - lead.length(), h.end(), Span.HOST, out);
                break;
              }
            }
          }
          addCut(t, before, s, e, Span.IPV4_DASHED, out);
        }
        k = j;
      }
    }
  }

  /** [s, e) cut before a crossing span, and its part after a span reaching into it, if any: both. */
  private static void addCut(String t, List<Span> before, int s, int e, int kind, List<Span> out) {
    int end = cutBefore(t, before, s, e);
    if (end > s) {
      out.add(new Span(s, end, kind, null));
    }
    int s2 = startAfter(t, before, s, e);
    if (s2 != s) {
      int end2 = cutBefore(t, before, s2, e);
      if (end2 > s2) {
        out.add(new Span(s2, end2, kind, null));
      }
    }
  }

  /**
   * [s, e) starts where the last of {@code spans} starting before it and ending inside or after its start
   * ends, without '.' or '-' at its start (not beyond e): its start.
   */
  private static int startAfter(String t, List<Span> spans, int s, int e) {
    int from = Math.max(s, spans.stream().filter(c -> c.start < s && c.end > s).mapToInt(c -> c.end).max().orElse(s));
    if (from >= e) {
      return e;
    }
    String rest = t.substring(from, e);
    return from + rest.length() - rest.replaceAll("^[.-]+", "").length();
  }

  /**
   * [s, e) ends where the first of {@code spans} starting inside it and ending after it starts, without
   * '.' or '-' at its end: its end.
   */
  private static int cutBefore(String t, List<Span> spans, int s, int e) {
    int end = spans.stream().filter(c -> c.start > s && c.start < e && c.end > e).mapToInt(c -> c.start).min()
        .orElse(e);
    String kept = t.substring(s, end).replaceAll("[.-]+$", "");
    return s + kept.length();
  }

  /** A kept host name with the dashed addresses in it replaced (independently of ScrubText.keepHost). */
  private void keepHost(String host, StringBuilder out) {
    List<Span> found = new ArrayList<>();
    findDashedIpv4(host, false, found);
    findIpv4(host, found); // changed with the implementation (review 36): dotted quads inside the name too
    dictionaryFind(dictionary, host, found); // changed with the implementation (review 37): its names too
    // at one start the more specific kind, then the longer; the part of a span past the one taken masked
    found.sort(java.util.Comparator.<Span>comparingInt(x -> x.start).thenComparingInt(x -> x.kind)
        .thenComparingInt(x -> -x.end));
    int pos = 0;
    for (Span sp : found) {
      if (sp.start < pos) {
        if (sp.end > pos && host.substring(pos, sp.end).chars().anyMatch(ch -> Character.isLetterOrDigit((char) ch))) {
          out.append(sp.kind != Span.NAME ? "[ip]" : sp.canonical.contains(" ") ? "[name]" : "[user]");
          pos = sp.end;
        }
        continue;
      }
      out.append(host, pos, sp.start);
      if (sp.kind == Span.IPV4) {
        apply(ip, host.substring(sp.start, sp.end), "[ip]", out);
      } else if (sp.kind == Span.NAME) {
        replace(host, sp, out);
      } else {
        StringBuilder tmp = new StringBuilder();
        apply(ip, host.substring(sp.start, sp.end).replace('-', '.'), "[ip]", tmp);
        out.append(tmp.toString().replace('.', '-'));
      }
      pos = sp.end;
    }
    out.append(host, pos, host.length());
  }


  private static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  private static void find(Pattern p, String text, int kind, List<Span> out) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(new Span(m.start(), m.end(), kind, null));
    }
  }

  /** Whether text[start, end) is an IPv6 address written with {@code sep} between groups. */
  static boolean isIpv6(CharSequence text, int start, int end, char sep) {
    String s = text.subSequence(start, end).toString();
    String dbl = new String(new char[] {sep, sep});
    int d = s.indexOf(dbl);
    if (d >= 0 && s.indexOf(dbl, d + 1) >= 0) {
      return false;
    }
    String[] parts = s.split(Pattern.quote(String.valueOf(sep)), -1);
    int nonEmpty = 0;
    for (String p : parts) {
      if (p.length() > 4) {
        return false;
      }
      if (!p.isEmpty()) {
        nonEmpty++;
      }
    }
    if (nonEmpty < 2) {
      return false;
    }
    return d >= 0 ? nonEmpty <= 7 : parts.length == 8 && nonEmpty == 8;
  }

  private void replace(String text, Span s, StringBuilder out) {
    String span = text.substring(s.start, s.end);
    switch (s.kind) {
      case Span.NAME:
        if (s.canonical.indexOf(' ') >= 0) {
          apply(name, s.canonical, "[name]", out); // a full name
        } else {
          apply(user, s.canonical, "[user]", out);
        }
        break;
      case Span.PATH_USER:
        apply(user, canonicalUser(span), "[user]", out);
        break;
      case Span.IPV4:
      case Span.IPV6:
        apply(ip, span, "[ip]", out);
        break;
      case Span.IPV4_DASHED: {
        StringBuilder tmp = new StringBuilder();
        apply(ip, span.replace('-', '.'), "[ip]", tmp);
        out.append(tmp.toString().replace('.', '-'));
        break;
      }
      case Span.PHONE:
        apply(phone, span, "[phone]", out);
        break;
      case Span.EMAIL:
        if (email.isInternal()) {
          internalEmail(span, out);
        } else {
          apply(email, span, "[email]", out);
        }
        break;
      case Span.SLOT:
      case Span.HOST:
        applyHost(span, out);
        break;
      case Span.DN:
        if (dn.isInternal()) {
          internalDn(span, out);
        } else {
          apply(dn, span, "[dn]", out);
        }
        break;
      case Span.SINFUL:
        if (sinful.isInternal()) {
          internalSinful(span, out);
        } else {
          apply(sinful, span, "[address]", out);
        }
        break;
      case Span.MASKED:
        out.append(s.canonical);
        break;
      case Span.SECRET: // added with the implementation (review 43)
        out.append("[secret]");
        break;
      default:
        throw new IllegalStateException("unknown span kind " + s.kind);
    }
  }

  /** Every user name in its canonical spelling, dictionary name or not (white space only as it is). */
  private static String canonicalUser(String u) {
    String c = NaiveNames.canonical(u);
    return c.isEmpty() ? u : c;
  }

  /**
   * Applies a handler; a child that rejects the span (wrong shape for its technique) gets the span
   * replaced by the kind's marker: never the clear text.
   */
  /**
   * Host names go to their handler lower-cased unless kept (DNS names are case-insensitive), without the
   * root dots of a fully qualified name, which follow the token.
   */
  private void applyHost(String span, StringBuilder out) {
    if (span.matches("(?:\\d{1,3}\\.){3}\\d{1,3}") && java.util.Arrays.stream(span.split("\\."))
        .allMatch(o -> Integer.parseInt(o) <= 255)) {
      apply(ip, span, "[ip]", out); // changed with the implementation (review 35): an address's token
      return;
    }
    if (host.keep) {
      keepHost(span, out);
      return;
    }
    Matcher m = ROOT_DOTS.matcher(span);
    if (!m.matches()) { // empty: an e-mail address's domain in a DN, emailAddress=x@
      apply(host, span, "[host]", out);
      return;
    }
    apply(host, m.group(1).toLowerCase(java.util.Locale.ROOT), "[host]", out);
    out.append(m.group(2));
  }

  private static final Pattern ROOT_DOTS = Pattern.compile("(.+?)(\\.*)", Pattern.DOTALL);

  private static void apply(Handler h, String span, String defaultMarker, StringBuilder out) {
    if (h.keep) {
      out.append(span);
    } else if (h.child != null) {
      try {
        out.append(h.applyChild(span));
      } catch (InvalidInputException e) {
        out.append(defaultMarker);
      }
    } else {
      out.append(h.marker != null ? h.marker : defaultMarker);
    }
  }

  private void internalEmail(String span, StringBuilder out) {
    int at = span.indexOf('@');
    Matcher sub = SUB_ADDRESS.matcher(span.substring(0, at)); // RFC 5233: user+detail
    if (sub.matches()) {
      apply(user, canonicalUser(sub.group(1)), "[user]", out);
      out.append('+');
      if (!sub.group(2).isEmpty()) {
        apply(user, canonicalUser(sub.group(2)), "[user]", out);
      }
    } else {
      apply(user, canonicalUser(span.substring(0, at)), "[user]", out);
    }
    out.append('@');
    String domain = span.substring(at + 1);
    Matcher lit = Pattern.compile("(\\[[ \t]*(?:(?i:IPv6:)[ \t]*)?)(.*?)([ \t]*])").matcher(domain);
    if (lit.matches()) { // added with the implementation (review 37): an address literal
      out.append(lit.group(1));
      apply(ip, lit.group(2), "[ip]", out);
      out.append(lit.group(3));
    } else if (hostNames) {
      applyHost(domain, out);
    } else {
      keepHost(domain, out);
    }
  }

  /** An IPv6 address, or one whose last two groups are written as an IPv4 address (added 2026-11-27). */
  private static boolean isIpv6Literal(String a) {
    if (a.indexOf('.') < 0) {
      return isIpv6(a, 0, a.length(), ':');
    }
    int colon = a.lastIndexOf(':');
    String head = a.substring(0, colon + 1) + "0:0";
    return colon >= 0 && isDottedQuad(a.substring(colon + 1)) && isIpv6(head, 0, head.length(), ':');
  }

  /** Four numbers of one to three digits, each at most 255, between dots. */
  private static boolean isDottedQuad(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Keeps the structure and DC, C, O, OU; CN (names, UID:x), UID, emailAddress and any other value replaced. */
  private void internalDn(String span, StringBuilder out) {
    if (!span.startsWith("/")) { // the comma form: each value as the slash form's, the rest as written
      for (String[] r : commaRdns(span)) {
        Matcher t = Pattern.compile("[\\t\\n\\x0B\\f\\r\\x1C-\\x1F\\p{Z}]*$").matcher(r[3]);
        t.find();
        String v = r[3].substring(0, t.start());
        out.append(r[0]).append(r[1]).append(r[2]);
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) { // a quoted value: rewritten inside its quotes
          out.append('"');
          rdnValue(r[1], v.substring(1, v.length() - 1), out);
          out.append('"');
        } else {
          rdnValue(r[1], v, out);
        }
        out.append(r[3], t.start(), r[3].length());
      }
      return;
    }
    int i = 0;
    while (i < span.length()) {
      int next = span.indexOf('/', i + 1);
      // an RDN ends where the next "/KEY=" starts
      while (next >= 0 && !startsRdn(span, next)) {
        next = span.indexOf('/', next + 1);
      }
      int end = next < 0 ? span.length() : next;
      String rdn = span.substring(i, end); // "/KEY=value"
      int eq = rdn.indexOf('=');
      out.append(rdn, 0, eq + 1);
      rdnValue(rdn.substring(1, eq), rdn.substring(eq + 1), out);
      i = end;
    }
  }

  /** The RDNs of a comma-form DN: each as {separator with its spaces, or "", key, blanks and '=', value}. */
  private static List<String[]> commaRdns(String dn) {
    List<String[]> out = new ArrayList<>();
    Matcher m = COMMA_RDN.matcher(dn);
    while (m.find()) {
      out.add(new String[] {m.group(1) == null ? "" : m.group(1), m.group(2), m.group(3), m.group(4)});
    }
    return out;
  }

  /** Whether an RDN names a person: a CN not of digits and blanks, an id or name with a letter, an e-mail with '@'. */
  /** The person types' OIDs (review 39), written out independently of the implementation's table. */
  private static final java.util.Map<String, String> OID_NAMES = java.util.Map.of("2.5.4.3", "cn",
      "0.9.2342.19200300.100.1.1", "uid", "1.2.840.113549.1.9.1", "emailaddress", "2.5.4.4", "sn", "2.5.4.42", "gn",
      "2.5.4.43", "initials", "2.5.4.65", "pseudonym");

  private static boolean personRdn(String[] rdn) {
    String k = OID_NAMES.getOrDefault(rdn[1], rdn[1].toLowerCase(java.util.Locale.ROOT));
    String v = rdn[3];
    switch (k) {
      case "cn":
        return !v.matches("[0-9 \t]*");
      case "e": case "emailaddress": case "mail":
        return v.contains("@");
      case "uid": case "userid": case "sn": case "gn": case "givenname": case "surname": case "initials": case "pseudonym":
        return v.chars().anyMatch(c -> Character.isLetter((char) c));
      default:
        return false;
    }
  }

  private void rdnValue(String key, String val, StringBuilder out) {
    key = OID_NAMES.containsKey(key) ? OID_NAMES.get(key) : key; // added with the implementation (review 39)
    boolean mail = key.equalsIgnoreCase("emailAddress") || key.equalsIgnoreCase("E") || key.equalsIgnoreCase("mail");
    if (key.equalsIgnoreCase("UID") || key.equalsIgnoreCase("userid") || mail
        || key.equalsIgnoreCase("CN") && val.startsWith("UID:")) {
      // changed with the implementation (reviews 33-35): white space, one word up to white space, the rest as
      // free text; an address free text reads at the word's start goes to free text with the rest
      String blank = "\\t\\n\\x0B\\f\\r\\x1C-\\x1F\\p{Z}";
      Matcher m = Pattern.compile("([" + blank + "]*)([^" + blank + "]*)").matcher(val);
      m.region(key.equalsIgnoreCase("CN") ? 4 : 0, val.length()).lookingAt();
      out.append(val, 0, m.end(1));
      String word = m.group(2);
      List<Span> at = new ArrayList<>();
      findAt(val.substring(m.end(1)), at);
      if (mail && !word.isEmpty() && at.stream().anyMatch(x -> x.start == 0 && x.kind == Span.EMAIL)) {
        out.append(apply(val.substring(m.end(1))));
      } else {
        if (mail) {
          apply(email, word, "[email]", out);
        } else {
          apply(user, canonicalUser(word), "[user]", out);
        }
        out.append(apply(val.substring(m.end(2))));
      }
    } else if (key.equalsIgnoreCase("CN")) {
      if (dictionary.contains(val) && NaiveNames.canonical(val).indexOf(' ') < 0) {
        apply(user, canonicalUser(val), "[user]", out); // a user name: the token it gets in free text
      } else if (val.matches("[0-9]+")) {
        out.append(val); // proxy serial CNs (CN=123456789) are not personal
      } else {
        apply(name, NaiveNames.canonical(val), "[name]", out); // as the dictionary spells it
      }
    } else if (java.util.Set.of("dc", "c", "o", "ou").contains(key.toLowerCase(java.util.Locale.ROOT))) {
      out.append(apply(val)); // changed with the implementation: as free text (kept as written before)
    } else if (!val.isEmpty()) {
      // changed with the implementation: any other attribute's value was kept until 2026-11-27
      if (dictionary.contains(val) && NaiveNames.canonical(val).indexOf(' ') < 0) {
        apply(user, canonicalUser(val), "[user]", out);
      } else {
        apply(name, NaiveNames.canonical(val), "[name]", out);
      }
    }
  }

  private static boolean startsRdn(String s, int slash) {
    int i = slash + 1;
    if (i >= s.length() || !Character.isLetter(s.charAt(i))) {
      return false;
    }
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    return i < s.length() && s.charAt(i) == '=';
  }

  /** Rewrites every address and host name inside a sinful string (CCB ids' percent-escapes masked). */
  private void internalSinful(String span, StringBuilder out) {
    List<Span> inner = new ArrayList<>();
    String m = ScrubText.maskEscapes(span);
    findIpv4(m, inner);
    int n = span.length();
    for (int lb = m.indexOf('['); lb >= 0; lb = m.indexOf('[', lb + 1)) {
      int rb = m.indexOf(']', lb + 1);
      if (rb < 0) {
        break;
      }
      if (isIpv6(m, lb + 1, rb, '-')) {
        inner.add(new Span(lb + 1, rb, Span.IPV6_DASHED, null));
      } else if (isIpv6(m, lb + 1, rb, ':')) {
        inner.add(new Span(lb + 1, rb, Span.IPV6, null));
      }
    }
    if (m.indexOf("::") >= 0 || ScrubText.colonCount(m) >= 7) {
      // an unbracketed IPv6 address in a parameter (x=fe80::1%25eth0), which no bracket marks
      Matcher x = IPV6.matcher(m);
      while (x.find()) {
        if (isIpv6(m, x.start(), x.end(), ':')) {
          inner.add(new Span(x.start(), ScrubText.withIpv4Tail(m, x.start(), x.end()), Span.IPV6, null));
        }
      }
    }
    Matcher lead = leadingHost(m, 0);
    if (lead != null) {
      inner.add(new Span(lead.start(1), lead.end(1), Span.HOST, null));
    }
    for (String key : new String[] {"alias=", "PrivNet=", "alias%3d", "alias%3D", "PrivNet%3d", "PrivNet%3D"}) {
      for (int k = span.indexOf(key); k >= 0; k = span.indexOf(key, k + 1)) {
        int s0 = k + key.length();
        int e = s0;
        while (e < n && isHostChar(m.charAt(e))) {
          e++;
        }
        if (e > s0) {
          inner.add(new Span(s0, e, Span.HOST, null));
        }
      }
    }
    if (hostNames) {
      findHosts(m, inner);
    }
    // at one start the longer span first: a host name that starts with an address (alias=10.1.2.3-wn.x.org) is
    // the host name, as a slot's host is (review 37: the address was taken and the rest of the name kept)
    inner.sort((a, b) -> a.start != b.start ? Integer.compare(a.start, b.start) : Integer.compare(b.end, a.end));
    int pos = 0;
    for (Span s : inner) {
      if (s.start < pos) {
        String tail = span.substring(pos, Math.max(pos, s.end));
        if (tail.chars().anyMatch(ch -> Character.isLetterOrDigit((char) ch))) { // added with the implementation
          if (s.kind == Span.HOST) {
            if (host.keep) {
              keepHost(tail, out);
            } else {
              out.append("[host]");
            }
          } else {
            out.append(ip.keep ? tail : "[ip]");
          }
          pos = s.end;
        }
        continue;
      }
      out.append(span, pos, s.start);
      String v = span.substring(s.start, s.end);
      if (s.kind == Span.IPV6_DASHED) {
        StringBuilder tmp = new StringBuilder();
        apply(ip, v.replace('-', ':'), "[ip]", tmp);
        out.append(tmp.toString().replace(':', '-'));
      } else if (s.kind == Span.HOST) {
        applyHost(v, out);
      } else {
        apply(ip, v, "[ip]", out);
      }
      pos = s.end;
    }
    out.append(span, pos, span.length());
  }

  /**
   * The whole-word dictionary matches, found naively and independently of the trie ({@link NaiveNames}):
   * at every code-point boundary with no word character (a letter or digit of any script, or a
   * combining mark) before it, the longest spelling (a name or a full name's variant, its spaces
   * matching runs of white space) with none after it; then leftmost, then longest, overlaps dropped.
   * (Commit 341a24a's version read ASCII only; the Unicode rules, then the full-name variants, replaced it.)
   */
  private static final java.util.Map<NameDictionary, java.util.Map<String, Integer>> SPELLINGS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  static void dictionaryFind(NameDictionary d, CharSequence text, List<Span> out) {
    if (d.size() == 0) {
      return;
    }
    java.util.Map<String, Integer> spellings = SPELLINGS.computeIfAbsent(d, k -> {
      List<String> names = new ArrayList<>();
      for (int w = 0; w < k.size(); w++) {
        names.add(k.word(w)); // canonical, sorted
      }
      return NaiveNames.spellings(names, minLength(k));
    });
    String t = text.toString();
    int n = t.length();
    for (int s = 0; s < n; ) {
      if (!insidePair(t, s) && (s == 0 || !wordChar(Character.codePointBefore(t, s)) || AFTER_ESCAPE.matcher(t)
          .region(Math.max(0, s - 6), s).find())) {
        long m = NaiveNames.longestAt(spellings, t, s);
        if (m >= 0) {
          int e = (int) (m >>> 32);
          out.add(new Span(s, e, Span.NAME, d.word((int) m)));
          s = e;
          continue;
        }
      }
      s++;
    }
  }

  /** An escape just before a position (added with the implementation, review 43): %2F, \\n, \\u0022, \\x41. */
  private static final Pattern AFTER_ESCAPE = Pattern.compile(
      "(?:%[0-9A-Fa-f]{2}|\\\\[ntrbf]|\\\\u[0-9A-Fa-f]{4}|\\\\x[0-9A-Fa-f]{2})\\z");

  /** The dictionary's minimum name length (variants shorter than it are not spellings). */
  private static int minLength(NameDictionary d) {
    try {
      java.lang.reflect.Field f = NameDictionary.class.getDeclaredField("sourceMinLength");
      f.setAccessible(true);
      return f.getInt(d);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether position {@code i} falls between the two halves of a surrogate pair. */
  private static boolean insidePair(CharSequence t, int i) {
    return i > 0 && i < t.length() && Character.isHighSurrogate(t.charAt(i - 1))
        && Character.isLowSurrogate(t.charAt(i));
  }

  /** Each code point c as {@code Character.toLowerCase(Character.toUpperCase(c))}. */
  static String fold(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
    return b.toString();
  }

  /** Regex {@code \w} without UNICODE_CHARACTER_CLASS: the user-context and phone guards. */
  private static boolean isAsciiWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return "ReferenceScrubText{" + dictionary + "}";
  }

  /** A letter, digit or combining mark of any script (the regular-expression view of a word character). */
  private static boolean wordChar(int cp) {
    return String.valueOf(Character.toChars(cp)).matches("[\\p{L}\\p{Nd}\\p{M}]");
  }

}
