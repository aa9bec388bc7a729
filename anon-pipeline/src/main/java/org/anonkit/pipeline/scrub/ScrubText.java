package org.anonkit.pipeline.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anonkit.InvalidInputException;
import org.anonkit.Transformer;

/**
 * The {@code scrub-text} transformer: finds identifiers inside free text and replaces each span by the
 * token its kind gets elsewhere (through child transformers created in the policy's linkage domains).
 *
 * <p>Each text is read once, left to right ({@code scan}): the dictionary's names and the positions
 * of the trigger characters; the detectors then start only from the positions they need (see the
 * provider's Javadoc for what is found and how overlaps resolve).
 *
 * <p>Thread-safe: configuration is in final fields; the scan's scratch buffers, span lists and output
 * builder are per thread ({@code ThreadLocal}; a call nested inside another on the same thread, through
 * a child transformer, gets fresh ones), matchers are created per call; the only shared mutable state
 * is each handler's concurrent memo of its child's results, which never changes a result.
 */
final class ScrubText implements Transformer {

  /** What to do with one kind of span. */
  static final class Handler {
    /** Bound on the memo: spans of one kind repeat (worker-node addresses, users, hosts) but need not. */
    private static final int MEMO_MAX = 1 << 15;

    final Transformer child; // null: marker or keep
    final String marker; // non-null: replace with it
    final boolean keep;
    final String keyDomain; // the child's key domain (lower case); null without a child or where unknown
    // the child's output per span, shared by the threads using this transformer; transformers are
    // deterministic, so a memo never changes a result (rejected spans are not memoized)
    private final java.util.concurrent.ConcurrentHashMap<String, String> memo;

    Handler(Transformer child, String marker, boolean keep) {
      this(child, marker, keep, null);
    }

    Handler(Transformer child, String marker, boolean keep, String keyDomain) {
      this.child = child;
      this.marker = marker;
      this.keep = keep;
      this.keyDomain = child == null ? null : keyDomain;
      this.memo = child == null ? null : new java.util.concurrent.ConcurrentHashMap<>();
    }

    /** The child's output for {@code span}; throws what the child throws. */
    String applyChild(String span) {
      String out = memo.get(span);
      if (out == null) {
        out = child.apply(span);
        if (memo.size() < MEMO_MAX) {
          memo.put(span, out);
        }
      }
      return out;
    }

    boolean isInternal() {
      return child == null && marker == null && !keep;
    }
  }

  // A DN: two or more /KEY=value RDNs; values stop at '/', ',', ';', quotes and line ends. As a regular
  // expression (matched by hand in dnAt):
  // /(?:DC|dc|C|O|OU|CN|L|ST|UID|E|emailAddress)=[^/,;"'\n\r]*(?:/[A-Za-z][A-Za-z0-9.]*=[^/,;"'\n\r]*)+
  private static final Pattern IPV6 = Pattern.compile(
      "(?<![0-9A-Fa-f:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])");
  // The same without the look-behind, matched in place right after a word's ':' (see afterWordColons)
  private static final Pattern IPV6_AFTER_COLON = Pattern.compile(
      "[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])");
  // A phone number, as a regular expression (matched by hand in phoneAt):
  // (?<![\w.+-])(?:\+\d{1,3}[ .-]?|\d{1,3}[.-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])
  /**
   * User names in well-known places: each context is an anchor literal followed by the name (see
   * {@link #userContextName}, which matches them in place). The scan finds the anchors from its trigger
   * characters: those starting with '/' at a '/', {@code x509..._}
   * at the digit run of "509", {@code krb5cc_} at the digit run of "5", {@code bt_u}, {@code vt_u},
   * {@code KEYRING:persistent:} and {@code KCM:} at the digits that follow them, {@code "by user "} at its
   * space. Six places hold a numeric user id instead of a name: {@code /run/user/UID}, the Kerberos ticket
   * caches {@code krb5cc_UID}, {@code KEYRING:persistent:UID} and {@code KCM:UID} (MIT Kerberos's
   * names: RHEL's default cache and the KCM daemon's), and htgettoken's bearer and vault token files
   * {@code bt_uUID} and {@code vt_uUID}. Keys naming a user ({@code SUDO_USER=}: {@link #userAfterKey}),
   * {@code ~name} and {@code C:\Users\name} are read beside them, in {@link #findUserContexts}.
   */
  private static final String[] USER_CONTEXT_ANCHORS = {"/home/", "/nashome/", "/scratch/users/",
      "/persistent/users/", "/resilient/users/", "/data/users/", "/app/users/", "/scratch/uploads/", "/afs/",
      "/Users/", "/run/user/", "/eos/user/", "/eos/home-", "/users/", "/var/spool/mail/", "/var/mail/", "/staging/",
      "/ospool/", "/public/", "x509cc_", "x509up_", "krb5cc_", "bt_u", "vt_u", "KEYRING:persistent:", "KCM:",
      "by user "};
  private static final int NASHOME = 1;
  private static final int UPLOADS = 7;
  private static final int AFS = 8;
  private static final int RUN_USER = 10;
  private static final int EOS_USER = 11; // CERN's EOS: /eos/user/j/jdoe, /eos/home-j/jdoe (review 43)
  private static final int EOS_HOME = 12;
  private static final int USERS = 13; // any .../users/NAME (s3://bucket/users/jdoe/, an FQAN's /dune/users/jdoe)
  private static final int STAGING = 16; // OSG and CHTC: /staging/jdoe, /ospool/ap20/data/jdoe, /public/jdoe/
  private static final int OSPOOL = 17;
  private static final int PUBLIC = 18;
  private static final int SLASH_ANCHORS = 19; // anchors 0..18 start with '/'
  private static final int X509CC = 19;
  private static final int X509UP = 20;
  private static final int KRB5CC = 21; // must start a word, as the anchors after it
  private static final int BT_U = 22;
  private static final int VT_U = 23;
  private static final int KEYRING = 24;
  private static final int KCM = 25;
  private static final int BY_USER = 26;
  /** The characters that follow the '/' of some '/' anchor. */
  private static final boolean[] SLASH_ANCHOR_SECOND = new boolean[128];

  static {
    for (int k = 0; k < SLASH_ANCHORS; k++) {
      SLASH_ANCHOR_SECOND[USER_CONTEXT_ANCHORS[k].charAt(1)] = true;
    }
  }

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
  private final boolean directoryPaths; // with pathSegments: a path's last segment is a directory name too
  // imageReferences: the namespaces kept in image references (null when the option is off)
  private final java.util.Set<String> publicNamespaces;
  private final boolean namesWithGt; // a dictionary name contains '>' (see restStandsAlone)
  private final boolean fullNames; // a dictionary name has several words (see joinedNames)
  // The internal rewrites of composite spans (sinful strings, DNs, e-mails), cached per span: each is a
  // function of the span, the handlers and the dictionary, all fixed for this instance. They repeat
  // across records (a worker node's sinful string in StartdIpAddr, MyAddress and every claim id) and each
  // costs several child lookups. One cache per kind: no span can be mistaken for another kind's.
  // A pool's startds are thousands of sinful strings, each in every claim id of its jobs: 1,024 slots
  // thrashed on the generated pool's 2,513 in job order (LastPublicClaimId 1.7 -> 1.2 us per ad with 8,192).
  // DNs and e-mail addresses are a few per user and reach here only from text (their fields' values are
  // memoized whole). Entries hold spans of at most 512 characters: some 9 MB for a full sinful cache.
  private final Composites sinfuls = new Composites(1 << 13);
  private final Composites dns = new Composites(1 << 10);
  private final Composites emails = new Composites(1 << 10);

  ScrubText(Handler user, Handler email, Handler dn, Handler ip, Handler sinful, Handler phone, Handler host,
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
    this.publicNamespaces = publicNamespaces == null ? null : java.util.Set.copyOf(publicNamespaces);
    boolean gt = false;
    for (int i = 0; i < dictionary.size() && !gt; i++) {
      gt = dictionary.word(i).indexOf('>') >= 0;
    }
    this.namesWithGt = gt;
    boolean full = false;
    for (int i = 0; i < dictionary.size() && !full; i++) {
      full = dictionary.word(i).indexOf(' ') >= 0;
    }
    this.fullNames = full;
  }

  @Override
  public String apply(CharSequence value) {
    String text = value.toString();
    Scan sc = SCANS.get();
    if (sc.busy) {
      sc = new Scan(); // a child transformer that is itself a scrub-text, called from a replacement below
    }
    sc.busy = true;
    try {
      sc.reset();
      int n = text.length();
      int e = n > 0 && text.charAt(0) == '<' ? sinfulEnd(text, 0) : -1;
      if (e > 0 && (e == n || restStandsAlone(text, e))) {
        // The value starts with a sinful string (StartdIpAddr, MyAddress, claim ids): the leftmost span;
        // at its start only a DN would outrank it, and a DN starts with '/', so it wins over whatever
        // the detectors would find inside it. What follows it, if anything, is scrubbed on its own.
        StringBuilder out = sc.out;
        out.setLength(0);
        replace(text, new Span(0, e, Span.SINFUL, null), out);
        String head = out.toString();
        return e == n ? head : head.concat(scrub(text.substring(e), sc));
      }
      return scrub(text, sc);
    } finally {
      sc.busy = false;
    }
  }

  /**
   * Whether the text after a leading sinful string, {@code text[e, n)}, can be scrubbed on its own, with
   * the result of scrubbing the whole text there. Nothing found inside the sinful string survives it
   * (see {@link #apply}); the question is whether it changes what is found after it. The character
   * before the rest is its '>', which no detector takes as part of a span or as a word character, so
   * the detectors' left-hand checks see the same as at a text's start; and no span from inside can run
   * past the '>' (IPs, hosts, e-mail and slot names, phones, user contexts stop at it), except a DN
   * (values stop only at '/', ',', ';', quotes and line ends) and a dictionary name containing '>'. So:
   * no '/' in the sinful string (no DN starts there), none of the keys that let the DN detector run at
   * all ("CN=", "UID=", "DC=", "emailAddress="; the rest must then bring its own), and no name with a '>'.
   */
  private boolean restStandsAlone(String text, int e) {
    if (namesWithGt) {
      return false;
    }
    int slash = text.indexOf('/');
    if (slash >= 0 && slash < e) {
      return false;
    }
    for (String k : DN_GATE_KEYS) {
      int i = text.indexOf(k);
      if (i >= 0 && i < e) {
        return false;
      }
    }
    return true;
  }

  /** The text with every span found replaced: the whole algorithm, for a text {@code sc} has not seen. */
  private String scrub(String text, Scan sc) {
    scan(text, sc);
    List<Span> spans = spans(text, sc);
    if (spans.isEmpty()) {
      return text;
    }
    StringBuilder out = sc.out;
    out.setLength(0);
    int pos = 0;
    for (Span s : spans) {
      out.append(text, pos, s.start);
      replace(text, s, out);
      pos = s.end;
    }
    out.append(text, pos, text.length());
    return out.toString();
  }

  // ---------------------------------------------------------------- the fused scan

  // character classes (ASCII): letters, the trigger characters, 0 for everything else
  private static final byte C_WORD = 1; // ASCII letters (digits are C_DIGIT): NameDictionary.isWordChar
  private static final byte C_DIGIT = 10;
  private static final byte C_DOT = 2;
  private static final byte C_COLON = 3;
  private static final byte C_AT = 4;
  private static final byte C_LT = 5;
  private static final byte C_SLASH = 6;
  private static final byte C_EQ = 7;
  private static final byte C_PLUS_PAREN = 8; // '+' and '(': where a phone number may start
  private static final byte C_SPACE = 9; // only for "by user "
  private static final byte C_ESC = 11; // '%' and '\\': where an escape may start (see escapeEnd)
  private static final byte C_TILDE = 12; // '~': a home folder (~jdoe) may follow
  private static final byte[] CLASS = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = C_DIGIT;
    }
    CLASS['.'] = C_DOT;
    CLASS[':'] = C_COLON;
    CLASS['@'] = C_AT;
    CLASS['<'] = C_LT;
    CLASS['/'] = C_SLASH;
    CLASS['='] = C_EQ;
    CLASS['+'] = C_PLUS_PAREN;
    CLASS['('] = C_PLUS_PAREN;
    CLASS[' '] = C_SPACE;
    CLASS['\t'] = C_SPACE; // a blank as a space is: after a flag (--password\thunter2), after Bearer
    CLASS['~'] = C_TILDE;
    CLASS['%'] = C_ESC;
    CLASS['\\'] = C_ESC;
    for (char c = 'a'; c <= 'z'; c++) {
      CLASS[c] = C_WORD;
      CLASS[c - 32] = C_WORD;
    }
  }

  // events: positions the position-driven detectors start from, in text order
  private static final byte E_DIGITS = 1; // the first digit of a run of digits
  private static final byte E_PLUS_PAREN = 2;
  private static final byte E_SLASH = 3;
  private static final byte E_EQ = 4;
  private static final byte E_BY_USER = 5; // the 'b' of "by " (the rest is checked later)

  /**
   * What one left-to-right pass over a text found: the trigger characters present (bits by class),
   * the counts of '.' and ':', the events, and the dictionary's whole-word matches. Reused per thread.
   */
  static final class Scan {
    int present; // 1 << class, for every class that occurs
    int dots;
    int colons;
    int[] at = new int[64]; // event positions
    byte[] kind = new byte[64]; // event kinds
    int events;
    int[] names = new int[48]; // the dictionary's leftmost-longest whole-word matches: (start, end, word)
    int nameCount;
    final ArrayList<Span> all = new ArrayList<>(); // every detector's spans, then sorted
    final ArrayList<Span> chosen = new ArrayList<>(); // the ones kept: what spans() returns
    final StringBuilder out = new StringBuilder(256); // apply's output
    boolean busy; // apply is using this instance (its spans and output)

    void event(int pos, byte k) {
      if (events == at.length) {
        at = java.util.Arrays.copyOf(at, events * 2);
        kind = java.util.Arrays.copyOf(kind, events * 2);
      }
      at[events] = pos;
      kind[events++] = k;
    }

    void name(int start, int end, int word) {
      if (nameCount * 3 == names.length) {
        names = java.util.Arrays.copyOf(names, names.length * 2);
      }
      names[nameCount * 3] = start;
      names[nameCount * 3 + 1] = end;
      names[nameCount * 3 + 2] = word;
      nameCount++;
    }

    boolean has(byte c) {
      return (present & (1 << c)) != 0;
    }

    /** Ready for the next text; drops buffers a huge text made large. */
    void reset() {
      present = 0;
      dots = 0;
      colons = 0;
      events = 0;
      nameCount = 0;
      if (at.length > 4096) {
        at = new int[64];
        kind = new byte[64];
      }
      if (names.length > 3072) {
        names = new int[48];
      }
      all.clear();
      chosen.clear();
      if (out.capacity() > 1 << 16) {
        out.setLength(0);
        out.trimToSize();
      }
    }
  }

  private static final ThreadLocal<Scan> SCANS = ThreadLocal.withInitial(Scan::new);

  /**
   * A direct-mapped cache of composite rewrites (a new span replaces the one in its slot), so that
   * the recent spans stay cached however long the run. Shared by the threads using this transformer
   * without locks: slots hold immutable entries, so a racing reader sees no entry, the old one or the new
   * one, each consistent; a lost write only costs a later miss.
   */
  private static final class Composites {
    private static final int MAX_SPAN = 512; // longer spans are rewritten every time: the cache stays small
    private final Entry[] slots;

    /** A cache of {@code size} slots, a power of two. */
    Composites(int size) {
      this.slots = new Entry[size];
    }

    private static final class Entry {
      final String span;
      final String rewritten;

      Entry(String span, String rewritten) {
        this.span = span;
        this.rewritten = rewritten;
      }
    }

    private int slot(String span) {
      int h = span.hashCode();
      return (h ^ (h >>> 16)) & (slots.length - 1);
    }

    String get(String span) {
      Entry e = slots[slot(span)];
      return e != null && e.span.equals(span) ? e.rewritten : null;
    }

    /** Remembers what the rewrite of {@code span} appended to {@code out} from {@code mark} on. */
    void put(String span, StringBuilder out, int mark) {
      if (span.length() <= MAX_SPAN) {
        slots[slot(span)] = new Entry(span, out.substring(mark));
      }
    }
  }

  /**
   * The one pass over the text: finds the dictionary's names (walking its trie from the positions
   * where a whole word can start) and records, per character class, what the detectors need (the
   * trigger characters present, the counts of '.' and ':', the positions the
   * position-driven detectors start from), so that no detector scans the whole text again.
   */
  private void scan(String t, Scan sc) {
    int n = t.length();
    NameDictionary d = dictionary;
    boolean dict = !d.isEmpty();
    int present = 0;
    int dots = 0;
    int colons = 0;
    boolean afterWordChar = false; // whether the code point before i is a word character (NameDictionary)
    int namesEnd = 0; // end of the last name taken: names are leftmost-longest, not overlapping
    // where the last escape (%2F, \n, a backslash-u escape) ends: a name may start there although a letter or digit of the
    // escape stands before it (review 43: "%2Fhome%2Fjdoe", "\njdoe" kept dictionary names)
    int escapeEnd = -1;
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (c >= 128) {
        // outside ASCII: no trigger character, but perhaps a word character, and the start of a name
        int cp = c;
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(t.charAt(i + 1))) {
          cp = Character.toCodePoint(c, t.charAt(i + 1));
        }
        if (dict && (!afterWordChar || i == escapeEnd) && i >= namesEnd) {
          long m = d.longestAtCodePoint(t, i, cp);
          if (m >= 0) {
            namesEnd = (int) (m >>> 32);
            sc.name(i, namesEnd, (int) m);
          }
        }
        afterWordChar = NameDictionary.isWordChar(cp);
        if (cp >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
          i++; // the low surrogate: no name starts inside a pair
        }
        continue;
      }
      if (dict && (!afterWordChar || i == escapeEnd) && i >= namesEnd) {
        // a whole word may start here: the longest name from here, if any
        int node = d.root(c);
        if (node != 0) {
          long m = d.longestAt(t, i, node);
          if (m >= 0) {
            namesEnd = (int) (m >>> 32);
            sc.name(i, namesEnd, (int) m);
          }
        }
      }
      byte k = CLASS[c];
      afterWordChar = k == C_WORD || k == C_DIGIT;
      if (k > C_WORD) {
        present |= 1 << k;
        switch (k) {
          case C_DIGIT:
            if (i == 0 || !isDigit(t.charAt(i - 1))) {
              sc.event(i, E_DIGITS);
            }
            break;
          case C_DOT:
            dots++;
            break;
          case C_COLON:
            colons++;
            break;
          case C_SLASH:
            sc.event(i, E_SLASH);
            break;
          case C_EQ:
            sc.event(i, E_EQ);
            break;
          case C_PLUS_PAREN:
            sc.event(i, E_PLUS_PAREN);
            break;
          case C_SPACE:
            if (i >= 2 && t.charAt(i - 1) == 'y' && t.charAt(i - 2) == 'b') {
              sc.event(i - 2, E_BY_USER);
            }
            break;
          case C_ESC:
            int x = escapeEnd(t, i);
            if (x > 0) {
              escapeEnd = x;
            }
            break;
          default: // '@', '<': found again with indexOf, only when present
            break;
        }
      }
    }
    sc.present = present;
    sc.dots = dots;
    sc.colons = colons;
  }

  /**
   * The end of the escape at {@code i}, or -1: a percent-escape ({@code %2F}), or a backslash escape as
   * JSON, C and shells write them in text ({@code \n}, {@code \t}, {@code \r}, {@code \b}, {@code \f},
   * <code>&#92;u0022</code>, {@code \x41}).
   */
  static int escapeEnd(String t, int i) {
    int n = t.length();
    if (t.charAt(i) == '%') {
      return i + 2 < n && isHexDigit(t.charAt(i + 1)) && isHexDigit(t.charAt(i + 2)) ? i + 3 : -1;
    }
    if (i + 1 >= n) {
      return -1;
    }
    switch (t.charAt(i + 1)) {
      case 'n':
      case 't':
      case 'r':
      case 'b':
      case 'f':
        return i + 2;
      case 'u':
        return i + 5 < n && isHexDigit(t.charAt(i + 2)) && isHexDigit(t.charAt(i + 3)) && isHexDigit(t.charAt(i + 4))
            && isHexDigit(t.charAt(i + 5)) ? i + 6 : -1;
      case 'x':
        return i + 3 < n && isHexDigit(t.charAt(i + 2)) && isHexDigit(t.charAt(i + 3)) ? i + 4 : -1;
      default:
        return -1;
    }
  }

  /** The DN detector runs only on texts with one of these (every HTCondor DN has one). */
  private static final String[] DN_GATE_KEYS = {"CN=", "UID=", "DC=", "emailAddress="};

  /** Detects the spans, then keeps the leftmost, most specific, longest ones that do not overlap. */
  List<Span> spans(String text) {
    Scan sc = new Scan();
    scan(text, sc);
    return spans(text, sc);
  }

  private List<Span> spans(String text, Scan sc) {
    ArrayList<Span> all = sc.all;
    if (sc.present == 0 && sc.nameCount == 0) {
      return all; // no trigger character and no name: nothing to find
    }
    if (fullNames && (sc.has(C_PLUS_PAREN) || sc.has(C_ESC))) {
      joinedNames(text, sc);
    }
    int n = text.length();
    boolean slash = sc.has(C_SLASH);
    boolean eq = sc.has(C_EQ);
    boolean digit = sc.has(C_DIGIT);
    if (slash && eq && (text.indexOf(DN_GATE_KEYS[0]) >= 0 || text.indexOf(DN_GATE_KEYS[1]) >= 0
        || text.indexOf(DN_GATE_KEYS[2]) >= 0 || text.indexOf(DN_GATE_KEYS[3]) >= 0)) {
      findDns(text, sc, all);
    }
    if (eq) {
      findCommaDns(text, sc, all);
    }
    if (sc.has(C_LT) && sc.colons > 0) {
      findSinful(text, all);
    }
    if (sc.has(C_AT)) {
      findAt(text, all);
    }
    findSecrets(text, sc, userContexts, all);
    if (hostNames && sc.dots >= 2) {
      findHosts(text, all);
    }
    if (digit) {
      if (sc.dots >= 3) {
        findIpv4(text, sc, all);
      }
      int colons = sc.colons;
      if (colons >= 2 && (colons >= 7 || text.indexOf("::") >= 0)) {
        Matcher m = IPV6.matcher(text);
        while (m.find()) {
          if (isIpv6(text, m.start(), m.end(), ':')) {
            all.add(new Span(m.start(), withIpv4Tail(text, m.start(), m.end()), Span.IPV6, null));
          }
        }
        afterWordColons(text, all);
      }
      if (maybePhone(text, sc)) {
        findPhones(text, sc, all);
      }
    }
    if (userContexts) {
      findUserContexts(text, sc, all);
    }
    if (pathSegments && slash) {
      findPathSegments(text, sc, directoryPaths, all);
    }
    if (publicNamespaces != null && slash) {
      findImageNamespaces(text, publicNamespaces, all);
    }
    // last: it reads the other detectors' spans and the names (not counted in scan: a branch more there
    // costs its loop ~15%, JMH)
    if (digit && text.indexOf('-') >= 0) {
      findDashedIpv4(text, sc, all);
    }
    for (int k = 0; k < sc.nameCount; k++) {
      all.add(new Span(sc.names[k * 3], sc.names[k * 3 + 1], Span.NAME, dictionary.word(sc.names[k * 3 + 2])));
    }
    if (all.isEmpty()) {
      return all;
    }
    sortSpans(all, false);
    ArrayList<Span> chosen = sc.chosen;
    int lastEnd = 0;
    ArrayList<Span> crossing = null; // spans that overlap a taken one and end after it
    ArrayList<Integer> crossingFrom = null;
    for (Span s : all) {
      if (s.end <= s.start) {
        continue;
      }
      if (s.start >= lastEnd) {
        chosen.add(s);
        lastEnd = s.end;
      } else if (s.end > lastEnd) {
        if (crossing == null) {
          crossing = new ArrayList<>();
          crossingFrom = new ArrayList<>();
        }
        crossing.add(s);
        crossingFrom.add(lastEnd);
      }
    }
    if (crossing != null) {
      for (int k = 0; k < crossing.size(); k++) {
        maskGaps(text, crossing.get(k), crossingFrom.get(k), chosen);
      }
      sortSpans(chosen, true);
    }
    return chosen;
  }

  /**
   * The dictionary's full names with '+' or {@code %20} between their words, as URL query strings and
   * form data write a space ({@code ?name=Jane+Roe}, {@code Jane%20Roe}; review 44): the text is read by
   * the dictionary pass again with each '+' as a space and each {@code %20} as three, and the names found
   * there that hold one of them are added to {@code sc}'s names (any other is one the first reading
   * finds, or a reading of the second alone: {@code x+jdoe} is {@code jdoe} both times). So a name the
   * dictionary holds (a CN's, a display name's) is found with either between its words, and nothing
   * else: {@code a+b} and {@code C%2B%2B} stay as written, and so does a full name that no identity
   * field of the run holds. Costs a second reading of a text that holds '+' or '%', with a dictionary of
   * full names only.
   */
  private void joinedNames(String t, Scan sc) {
    int n = t.length();
    int plus = t.indexOf('+');
    int pct = t.indexOf("%20");
    if (plus < 0 && pct < 0) {
      return;
    }
    char[] m = t.toCharArray();
    for (int i = plus < 0 ? pct : pct < 0 ? plus : Math.min(plus, pct); i < n; i++) {
      if (m[i] == '+') {
        m[i] = ' ';
      } else if (m[i] == '%' && i + 2 < n && m[i + 1] == '2' && m[i + 2] == '0') {
        m[i] = ' ';
        m[i + 1] = ' ';
        m[i + 2] = ' ';
        i += 2;
      }
    }
    String mapped = new String(m);
    Scan js = new Scan();
    scan(mapped, js);
    for (int k = 0; k < js.nameCount; k++) {
      int s = js.names[k * 3];
      int e = js.names[k * 3 + 1];
      if (!t.regionMatches(s, mapped, s, e - s)) {
        sc.name(s, e, js.names[k * 3 + 2]);
      }
    }
  }

  /**
   * The parts of {@code s} after {@code from} that no chosen span covers and that hold a letter or digit:
   * they would stay as written, so each becomes a span of its own ({@link #tail}; review 31). Spans
   * found later may cover some of it (a dashed address, an IPv6 address after a name), which keeps
   * theirs.
   */
  private void maskGaps(String text, Span s, int from, ArrayList<Span> chosen) {
    int pos = from;
    while (pos < s.end) {
      int gapEnd = s.end;
      int next = -1;
      for (Span c : chosen) {
        if (c.start <= pos && c.end > pos) {
          next = c.end; // pos is covered: go on after this span
          break;
        }
        if (c.start > pos && c.start < gapEnd) {
          gapEnd = c.start;
        }
      }
      if (next >= 0) {
        pos = next;
        continue;
      }
      if (hasLetterOrDigit(text, pos, gapEnd)) {
        Span t = tail(s, pos, gapEnd);
        if (t != null) {
          chosen.add(t);
        }
      }
      pos = gapEnd;
    }
  }

  /**
   * What replaces [from, to), a part of a span that overlaps a taken one and ends after it (review 31),
   * where no other span covers it: that part would otherwise stay as written, so it becomes its kind's marker
   * ({@code jdoe-laptop.fnal.gov}, with {@code jdoe} a dictionary name: {@code <token>[host]}). Where
   * the kind's handler keeps its text, the part is kept as that handler keeps it (a host name with its
   * dashed addresses replaced, anything else as written: {@code null}).
   */
  private Span tail(Span s, int from, int to) {
    Handler h;
    String marker;
    switch (s.kind) {
      case Span.SECRET:
        return new Span(from, to, Span.MASKED, SECRET_MARKER); // never kept, whatever the handlers keep
      case Span.NAME:
        boolean full = s.canonical.indexOf(' ') >= 0;
        h = full ? name : user;
        marker = full ? "[name]" : "[user]";
        break;
      case Span.PATH_USER:
        h = user;
        marker = "[user]";
        break;
      case Span.PHONE:
        h = phone;
        marker = "[phone]";
        break;
      case Span.EMAIL:
        h = email;
        marker = "[email]";
        break;
      case Span.SLOT:
      case Span.HOST:
        if (host.keep) {
          return new Span(from, to, Span.HOST, null);
        }
        h = host;
        marker = "[host]";
        break;
      case Span.DN:
        h = dn;
        marker = "[dn]";
        break;
      case Span.SINFUL:
        h = sinful;
        marker = "[address]";
        break;
      default: // the addresses
        h = ip;
        marker = "[ip]";
        break;
    }
    return h.keep ? null : new Span(from, to, Span.MASKED, marker);
  }

  /** Above this many spans, {@link #sortSpans} uses the library's merge sort. */
  private static final int INSERTION_SORT_MAX = 32;

  /**
   * Sorts spans by start, then (unless {@code byStartOnly}) by kind, then longest first; stable. An
   * insertion sort for the usual handful of spans, where it beats a general-purpose sort; a merge sort
   * (same order: both stable) for more, since the detectors append their spans kind after kind, and
   * insertion would cost (spans of one kind) x (spans of the others): quadratic in a long text where
   * names and host names alternate.
   */
  private static void sortSpans(ArrayList<Span> spans, boolean byStartOnly) {
    if (spans.size() > INSERTION_SORT_MAX) {
      spans.sort((a, b) -> after(a, b, byStartOnly) ? 1 : after(b, a, byStartOnly) ? -1 : 0);
      return;
    }
    for (int i = 1; i < spans.size(); i++) {
      Span x = spans.get(i);
      int j = i - 1;
      while (j >= 0 && after(spans.get(j), x, byStartOnly)) {
        spans.set(j + 1, spans.get(j));
        j--;
      }
      spans.set(j + 1, x);
    }
  }

  /** Whether {@code a} sorts strictly after {@code b}. */
  private static boolean after(Span a, Span b, boolean byStartOnly) {
    if (a.start != b.start) {
      return a.start > b.start;
    }
    if (byStartOnly) {
      return false;
    }
    return a.kind != b.kind ? a.kind > b.kind : a.end < b.end;
  }

  /**
   * Every match of the DN expression (above), as {@code find()} reports them, tried only at the '/'
   * events (the pattern starts with '/') and matched by {@link #dnAt}.
   */
  private static void findDns(String t, Scan sc, List<Span> out) {
    int from = 0;
    for (int e = 0; e < sc.events; e++) {
      int p = sc.at[e];
      if (sc.kind[e] != E_SLASH || p < from) {
        continue;
      }
      int end = dnAt(t, p);
      if (end >= 0) {
        out.add(new Span(p, end, Span.DN, null));
        from = end;
      }
    }
  }

  /**
   * The end of the match of the DN expression starting at the '/' at {@code p}, or -1: what
   * {@code lookingAt} returns there. The pattern has no look-around, and no backtracking can change its
   * match: the first key is a run of letters (every alternative is letters followed by '='), each
   * further key a run of {@code [A-Za-z][A-Za-z0-9.]*} that must be followed by '=', each value the
   * longest run of characters other than {@code / , ; " '} and line ends (a shorter run would have to be
   * followed by '/'), and the repetition stops at the first '/' that does not start a key.
   */
  static int dnAt(String t, int p) {
    int n = t.length();
    int q = p + 1;
    while (q < n && isLetter(t.charAt(q))) {
      q++;
    }
    if (q >= n || t.charAt(q) != '=' || !isDnKey(t, p + 1, q)) {
      return -1;
    }
    int e = dnValue(t, q + 1);
    boolean more = false;
    while (e < n && t.charAt(e) == '/') {
      int r = e + 1;
      if (r >= n || !isLetter(t.charAt(r))) {
        break;
      }
      r++;
      while (r < n && (isAlnum(t.charAt(r)) || t.charAt(r) == '.')) {
        r++;
      }
      if (r >= n || t.charAt(r) != '=') {
        break;
      }
      e = dnValue(t, r + 1);
      more = true;
    }
    return more ? e : -1;
  }

  private static final String[] DN_KEYS = {"DC", "dc", "C", "O", "OU", "CN", "L", "ST", "UID", "E", "emailAddress"};

  /**
   * Every DN in the comma form of RFC 4514 (LDAP, OpenSSL's {@code -nameopt RFC2253} and its default
   * {@code C = US, O = Org, CN = Jane Roe}, CILogon): {@code CN=Jane Doe,OU=People,DC=example,DC=org},
   * {@code uid=jdoe, ou=People, dc=fnal, dc=gov}. Tried at each '=' event: the key before it (blanks
   * between them allowed) is one of {@link #COMMA_DN_TYPES} in any case, right after a character other than
   * an ASCII letter or digit, '_' and '/' (a '/' before it makes it the slash form's); each further RDN follows
   * a ',' or '+' and any spaces or tabs, its key a known type or a numeric OID; a value runs to an unescaped
   * ',', '+', ';', '"', or line end ({@code \,} is part of it; so is a quoted value's inside,
   * {@code CN="Smith, Lee"}, and an apostrophe, {@code O'Brien}). It is a DN when it has two RDNs or more and
   * one of them names a person ({@link #isPerson}), so {@code O=Fermilab,C=US}, {@code uid=1000,gid=1000} and
   * {@code e=2.71,l=5} are left to the other rules. Its last value, like the slash form's, runs on to the
   * next separator; it is scrubbed as its key says ({@link #rdnValue}).
   *
   * <p>Linear in the text: a chain that is no DN is not read again from the keys inside it (review 38: 100,000
   * RDNs took 28 s). A chain read from a key inside one's first value ends that value where it does, then
   * goes on as it does; so after a chain of one RDN nothing inside it is tried, and after one that names no
   * one only a person's key inside it, or a key inside one of its quoted values, where a key reads otherwise.
   */
  private static void findCommaDns(String t, Scan sc, List<Span> out) {
    int from = 0;
    CommaChain c = null;
    CommaChain[] failed = null; // chains that named no one, each deciding the keys inside it (see CommaChain.decide)
    for (int e = 0; e < sc.events; e++) {
      int q = sc.at[e];
      if (sc.kind[e] != E_EQ || q < from) {
        continue;
      }
      int ke = q;
      while (ke > 0 && isSpaceOrTab(t.charAt(ke - 1))) {
        ke--;
      }
      int s = firstKeyStart(t, ke);
      if (s < 0) {
        continue;
      }
      int decided = CommaChain.READ;
      for (int k = 0; failed != null && k < failed.length && decided == CommaChain.READ; k++) {
        if (failed[k] != null) {
          decided = failed[k].decide(t, s, ke, q);
        }
      }
      if (decided == CommaChain.SKIP) {
        continue;
      }
      if (decided >= 0) { // a person's key inside a value of a chain that named no one: that key's chain is a DN
        out.add(new Span(s, decided, Span.DN, null));
        from = decided;
        continue;
      }
      c = c == null ? new CommaChain() : c;
      c.read(t, s, ke, q);
      // a chain that ends at a '"' is read otherwise from a key in its last value, whose value starts there
      boolean endsAtQuote = c.end < t.length() && t.charAt(c.end) == '"';
      if (c.rdns >= 2 && c.person) {
        out.add(new Span(s, c.end, Span.DN, null));
        from = c.end;
      } else if (c.rdns < 2) {
        if (c.quotes == 0 && !endsAtQuote) {
          from = Math.max(from, c.end); // nothing inside its value can start one
        }
      } else {
        c.bound = endsAtQuote ? c.lastValue : c.end;
        failed = failed == null ? new CommaChain[4] : failed;
        int slot = 0; // an empty slot, else the one whose bound is passed first
        for (int k = 1; k < failed.length && failed[slot] != null; k++) {
          if (failed[k] == null || failed[k].bound < failed[slot].bound) {
            slot = k;
          }
        }
        CommaChain evicted = failed[slot];
        failed[slot] = c;
        c = evicted; // reused for the next read
      }
    }
  }

  /**
   * Where the first key of a comma-form DN whose key ends at {@code ke} starts, or -1: a known type (ASCII
   * letters) after a character other than an ASCII letter or digit, '_' and '/', or a numeric OID
   * ({@code 2.5.4.3}) after one other than those and '.'.
   */
  private static int firstKeyStart(String t, int ke) {
    int s = ke;
    if (ke > 0 && isDigit(t.charAt(ke - 1))) {
      while (s > 0 && (isDigit(t.charAt(s - 1)) || t.charAt(s - 1) == '.')) {
        s--;
      }
      if (!isOid(t, s, ke) || (s > 0 && (isAlnum(t.charAt(s - 1)) || t.charAt(s - 1) == '_' || t.charAt(s - 1) == '/'
          || t.charAt(s - 1) == '.'))) {
        return -1;
      }
      return s;
    }
    while (s > 0 && isLetter(t.charAt(s - 1))) {
      s--;
    }
    if (s == ke || (s > 0 && (isDigit(t.charAt(s - 1)) || t.charAt(s - 1) == '_' || t.charAt(s - 1) == '/'))
        || !isCommaDnType(t, s, ke)) {
      return -1;
    }
    return s;
  }

  /** Whether {@code t[s, e)} is a numeric OID: numbers joined by single dots, two or more. */
  private static boolean isOid(String t, int s, int e) {
    if (s >= e || !isDigit(t.charAt(s)) || !isDigit(t.charAt(e - 1))) {
      return false;
    }
    boolean dot = false;
    for (int i = s + 1; i < e; i++) {
      if (t.charAt(i) == '.') {
        if (t.charAt(i - 1) == '.') {
          return false;
        }
        dot = true;
      } else if (!isDigit(t.charAt(i))) {
        return false;
      }
    }
    return dot;
  }

  /**
   * A comma-form chain as {@link #findCommaDns} reads it: its end, its number of RDNs, whether one names a
   * person, and per RDN where its '=', its value and a quoted value's quotes are. Once it named no one, it
   * decides the keys inside it without reading them again (so the search is linear in the text, review 39):
   * a key that starts one of its RDNs starts a tail of it, which names no one either; a key inside one of its
   * values (unquoted) starts a chain whose first value ends where that value ends and which goes on as it
   * goes on, so it is a DN exactly when that first RDN names a person and an RDN follows. A key inside a
   * quoted value, or in its last value when it ends at a '"', reads otherwise, and is read. Reused.
   */
  private static final class CommaChain {
    static final int SKIP = -1;
    static final int READ = -2;

    int end;
    int rdns;
    boolean person;
    int lastValue; // where its last value starts
    int bound; // once it failed: the keys before here are decided by it
    int[] eqs = new int[8]; // per RDN: its '=', its value's start and end, and a quoted value's closing (or -1)
    int[] valueStarts = new int[8];
    int[] valueEnds = new int[8];
    int[] quoteEnds = new int[8];
    int quotes;
    private int cursor; // keys are decided in increasing positions: the RDN the last one fell in

    /** Reads the chain whose first key is {@code t[s, ke)} and whose '=' is at {@code q}. */
    void read(String t, int s, int ke, int q) {
      int n = t.length();
      quotes = 0;
      cursor = 0;
      rdns = 0;
      int vs = skipBlanks(t, q + 1);
      end = value(t, q, vs);
      person = isPerson(t, s, ke, vs, end);
      while (end < n) {
        char c = t.charAt(end);
        if (c != ',' && c != '+') {
          break;
        }
        int r = skipBlanks(t, end + 1);
        int k = attributeTypeEnd(t, r);
        if (k < 0 || !(isCommaDnType(t, r, k) || isDigit(t.charAt(r)))) {
          break;
        }
        int eq = skipBlanks(t, k);
        if (eq >= n || t.charAt(eq) != '=') {
          break;
        }
        vs = skipBlanks(t, eq + 1);
        int ve = value(t, eq, vs);
        person |= isPerson(t, r, k, vs, ve);
        end = ve;
      }
    }

    private int value(String t, int eq, int vs) {
      int ve = commaValue(t, vs);
      if (rdns == eqs.length) {
        int m = rdns * 2;
        eqs = java.util.Arrays.copyOf(eqs, m);
        valueStarts = java.util.Arrays.copyOf(valueStarts, m);
        valueEnds = java.util.Arrays.copyOf(valueEnds, m);
        quoteEnds = java.util.Arrays.copyOf(quoteEnds, m);
      }
      boolean quoted = vs < t.length() && t.charAt(vs) == '"';
      eqs[rdns] = eq;
      valueStarts[rdns] = vs;
      valueEnds[rdns] = ve;
      quoteEnds[rdns] = quoted ? quotedPartEnd(t, vs) : -1; // what follows the closing quote is read alike
      quotes += quoted ? 1 : 0;
      lastValue = vs;
      rdns++;
      return ve;
    }

    /**
     * For the key {@code t[s, ke)} whose '=' is at {@code q}, in increasing {@code q}: {@link #SKIP} when its
     * chain is no DN, the DN's end when it is one, {@link #READ} when this chain cannot tell.
     */
    int decide(String t, int s, int ke, int q) {
      if (q >= bound) {
        return READ;
      }
      while (cursor + 1 < rdns && eqs[cursor + 1] <= q) {
        cursor++;
      }
      if (q == eqs[cursor]) {
        return SKIP; // a tail of this chain
      }
      if (q < valueStarts[cursor] || q >= valueEnds[cursor]
          || (quoteEnds[cursor] >= 0 && q < quoteEnds[cursor])) {
        return READ;
      }
      int vs = skipBlanks(t, q + 1);
      if (vs < t.length() && t.charAt(vs) == '"') {
        return READ;
      }
      boolean dn = cursor + 1 < rdns && isPerson(t, s, ke, vs, valueEnds[cursor]);
      return dn ? end : SKIP;
    }
  }

  private static int skipBlanks(String t, int i) {
    while (i < t.length() && isSpaceOrTab(t.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpaceOrTab(char c) {
    return c == ' ' || c == '\t';
  }

  /** The attribute types a comma-form DN's keys are read as (any case), besides numeric OIDs after the first. */
  private static final String[] COMMA_DN_TYPES = {"CN", "UID", "DC", "C", "O", "OU", "L", "ST", "E", "emailAddress",
      "SN", "GN", "givenName", "surname", "initials", "pseudonym", "mail", "userid", "street", "title",
      "serialNumber", "postalCode", "dnQualifier", "generationQualifier", "name"};

  private static boolean isCommaDnType(String t, int s, int e) {
    if (s < e && isDigit(t.charAt(s))) {
      return isOid(t, s, e);
    }
    for (String k : COMMA_DN_TYPES) {
      if (k.length() == e - s && t.regionMatches(true, s, k, 0, k.length())) {
        return true;
      }
    }
    return false;
  }

  /** The types whose values may name or reach a person ({@link #isPerson} reads the value too). */
  private static boolean isPersonType(String t, int s, int e) {
    String named = s < e && isDigit(t.charAt(s)) ? PERSON_OIDS.get(t.substring(s, e)) : null;
    if (named != null) {
      return true;
    }
    for (String k : PERSON_TYPES) {
      if (k.length() == e - s && t.regionMatches(true, s, k, 0, k.length())) {
        return true;
      }
    }
    return false;
  }

  private static final String[] PERSON_TYPES = {"CN", "UID", "userid", "E", "emailAddress", "mail", "SN", "GN",
      "givenName", "surname", "initials", "pseudonym"};

  /**
   * The numeric OIDs of the person types, each with the name its value is read and replaced as (review 39:
   * {@code O=x,2.5.4.3=Jane Doe} kept the name, its OID read as an address).
   */
  static final java.util.Map<String, String> PERSON_OIDS = java.util.Map.of("2.5.4.3", "CN",
      "0.9.2342.19200300.100.1.1", "UID", "1.2.840.113549.1.9.1", "emailAddress", "2.5.4.4", "SN", "2.5.4.42", "GN",
      "2.5.4.43", "initials", "2.5.4.65", "pseudonym");

  /**
   * Whether the RDN {@code t[s, e)} = {@code t[vs, ve)} names a person: a CN other than a number (a proxy's
   * serial); a user id, surname, given name, initials or pseudonym holding a letter; an e-mail holding '@'.
   */
  private static boolean isPerson(String t, int s, int e, int vs, int ve) {
    if (!isPersonType(t, s, e)) {
      return false;
    }
    String named = isDigit(t.charAt(s)) ? PERSON_OIDS.get(t.substring(s, e)) : null;
    String key = named != null ? named : t.substring(s, e);
    boolean mail = key.equalsIgnoreCase("E") || key.equalsIgnoreCase("mail") || key.equalsIgnoreCase("emailAddress");
    boolean cn = key.equalsIgnoreCase("CN");
    for (int i = vs; i < ve; i++) {
      char c = t.charAt(i);
      if (mail ? c == '@' : cn ? !isDigit(c) && c != ' ' && c != '\t' : Character.isLetter(c)) {
        return true;
      }
    }
    return false;
  }


  /** The end of an RFC 4514 attribute type at {@code i} (a keystring or a numeric OID), or -1. */
  private static int attributeTypeEnd(String t, int i) {
    int n = t.length();
    if (i >= n) {
      return -1;
    }
    if (isLetter(t.charAt(i))) {
      i++;
      while (i < n && (isAlnum(t.charAt(i)) || t.charAt(i) == '-')) {
        i++;
      }
      return i;
    }
    if (!isDigit(t.charAt(i))) {
      return -1;
    }
    while (true) {
      while (i < n && isDigit(t.charAt(i))) {
        i++;
      }
      if (i + 1 < n && t.charAt(i) == '.' && isDigit(t.charAt(i + 1))) {
        i++;
      } else {
        return i;
      }
    }
  }

  /**
   * The end of a comma-form DN value from {@code i}: a quoted part first if the value starts with '"' (to
   * its closing quote; {@code \"} inside it), then up to an unescaped ',', '+', ';', '"' or line end; a '\\'
   * escapes the next character unless that is a line end.
   */
  private static int commaValue(String t, int i) {
    int n = t.length();
    if (i < n && t.charAt(i) == '"') {
      i = quotedPartEnd(t, i);
    }
    while (i < n) {
      char c = t.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && t.charAt(i + 1) != '\n' && t.charAt(i + 1) != '\r') {
          i += 2;
          continue;
        }
        break;
      }
      if (c == ',' || c == '+' || c == ';' || c == '"' || c == '\n' || c == '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  /** The end of the quoted part that starts at {@code t[i] == '"'}: after its closing quote, or where it stops. */
  private static int quotedPartEnd(String t, int i) {
    int n = t.length();
    i++;
    while (i < n) {
      char c = t.charAt(i);
      if (c == '\\' && i + 1 < n && t.charAt(i + 1) != '\n' && t.charAt(i + 1) != '\r') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else if (c == '\\' || c == '\n' || c == '\r') {
        return i;
      } else {
        i++;
      }
    }
    return i;
  }


  private static boolean isDnKey(String t, int s, int e) {
    for (String k : DN_KEYS) {
      if (k.length() == e - s && t.startsWith(k, s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The end of a DN value from {@code i}: up to '/', ',', ';', quotes and line ends; an apostrophe between two
   * letters is part of the value ({@code CN=Sean O'Neil}: review 45 found the surname after it and the UID
   * after that left in clear), one elsewhere is a quote ({@code '/DC=org/CN=Jane Doe'}).
   */
  private static int dnValue(String t, int i) {
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (c == '\'' && i > 0 && Character.isLetter(t.charAt(i - 1)) && i + 1 < n && Character.isLetter(t.charAt(i + 1))) {
        i++;
        continue;
      }
      if (c == '/' || c == ',' || c == ';' || c == '"' || c == '\'' || c == '\n' || c == '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  /** User names in the places of {@link #USER_CONTEXT_ANCHORS}, every occurrence of every anchor. */
  private static void findUserContexts(String t, Scan sc, List<Span> out) {
    int[] stops = {-1, -1}; // the passwords after user names (userValue), as secretValue reads them
    for (int e = 0; e < sc.events; e++) {
      int p = sc.at[e];
      switch (sc.kind[e]) {
        case E_SLASH: {
          char c = p + 1 < t.length() ? t.charAt(p + 1) : 0;
          if (c < 128 && SLASH_ANCHOR_SECOND[c]) {
            for (int k = 0; k < SLASH_ANCHORS; k++) {
              if (USER_CONTEXT_ANCHORS[k].charAt(1) == c && t.startsWith(USER_CONTEXT_ANCHORS[k], p)) {
                userContext(t, k, p, out);
              }
            }
          }
          break;
        }
        case E_EQ:
          userAfterKey(t, p, out, stops);
          break;
        case E_DIGITS:
          if (p >= 1 && t.charAt(p - 1) == 'x') {
            if (t.startsWith(USER_CONTEXT_ANCHORS[X509CC], p - 1)) {
              userContext(t, X509CC, p - 1, out);
            } else if (t.startsWith(USER_CONTEXT_ANCHORS[X509UP], p - 1)) {
              userContext(t, X509UP, p - 1, out);
            }
          } else if (p >= 3 && t.charAt(p - 1) == 'b' && t.startsWith(USER_CONTEXT_ANCHORS[KRB5CC], p - 3)) {
            userContext(t, KRB5CC, p - 3, out);
          } else if (p >= 4 && t.charAt(p - 1) == 'u') {
            if (t.startsWith(USER_CONTEXT_ANCHORS[BT_U], p - 4)) {
              userContext(t, BT_U, p - 4, out);
            } else if (t.startsWith(USER_CONTEXT_ANCHORS[VT_U], p - 4)) {
              userContext(t, VT_U, p - 4, out);
            }
          } else if (p >= 4 && t.charAt(p - 1) == ':') {
            if (t.startsWith(USER_CONTEXT_ANCHORS[KCM], p - 4)) {
              userContext(t, KCM, p - 4, out);
            } else if (p >= 19 && t.startsWith(USER_CONTEXT_ANCHORS[KEYRING], p - 19)) {
              userContext(t, KEYRING, p - 19, out);
            }
          }
          break;
        case E_BY_USER:
          if (t.startsWith(USER_CONTEXT_ANCHORS[BY_USER], p)) {
            userContext(t, BY_USER, p, out);
          }
          break;
        default:
          break;
      }
    }
    if (sc.colons > 0) { // "user": "jdoe", user: jdoe (review 44)
      int[] colonStops = {-1, -1};
      for (int c = t.indexOf(':'); c >= 0; c = t.indexOf(':', c + 1)) {
        userAfterKey(t, c, out, colonStops);
      }
    }
    // a home directory written ~jdoe, and a Windows profile folder C:\Users\jdoe\ (review 43); rare, so found
    // with indexOf rather than by the scan
    for (int j = sc.has(C_TILDE) ? t.indexOf('~') : -1; j >= 0; j = t.indexOf('~', j + 1)) {
      char b = j > 0 ? t.charAt(j - 1) : ' ';
      if (j + 1 < t.length() && !isAlnum(b) && b != '_' && b != '~' && Character.isLetter(t.codePointAt(j + 1))) {
        int e = run(t, j + 1);
        // a home folder: the name ends the text or is followed by '/', a quote, a bracket or punctuation
        // ("~half an hour", "~ten" are words: review 44)
        if (e == t.length() || "/\"'),;:".indexOf(t.charAt(e)) >= 0) {
          out.add(new Span(j + 1, e, Span.PATH_USER, null));
        }
      }
    }
    if (sc.has(C_ESC)) {
      for (String anchor : WINDOWS_USERS) {
        for (int j = t.indexOf(anchor); j >= 0; j = t.indexOf(anchor, j + 1)) {
          int s = j + anchor.length();
          while (s < t.length() && t.charAt(s) == '\\') {
            s++; // C:\\Users\\jdoe, a path escaped once more
          }
          int e = run(t, s);
          if (e > s && !isFolderWord(t, s, e)) {
            out.add(new Span(s, e, Span.PATH_USER, null));
          }
        }
      }
    }
  }

  /** Windows' profile folders, as written and in lower case (review 44: C:\Users\jdoe written in lower case kept the name). */
  private static final String[] WINDOWS_USERS = {"\\Users\\", "\\users\\", "\\USERS\\"};

  /**
   * Folder names that stand where a user's would, under the generic anchors ({@code .../users/},
   * {@code /staging/}, {@code /public/}, {@code C:\Users\}), but name no one (review 44: CHTC's
   * {@code /staging/groups/}, {@code C:\Users\Public\}); in any ASCII case.
   */
  private static final String[] FOLDER_WORDS = {"public", "default", "shared", "share", "groups", "group", "tmp",
      "temp", "setup", "common", "all"};

  static boolean isFolderWord(String t, int s, int e) {
    return equalsAnyLower(t, s, e, FOLDER_WORDS);
  }

  /**
   * The user name after the '=' at {@code eq} when the key before it (blanks allowed between) names a user:
   * a key ending, in any case, in {@code user}, {@code username}, {@code user_name} or {@code logname}
   * ({@code USER=}, {@code GRID_USER=}, {@code SUDO_USER=}, {@code SLURM_JOB_USER=}, {@code PBS_O_LOGNAME=},
   * {@code user=}, {@code --user=}); the name may be quoted ({@code USER='jdoe'}). Until review 43 only
   * {@code GRID_USER=}, {@code SAM_USER=}, {@code USER=}, {@code USERNAME=} and {@code LOGNAME=}, in capitals
   * and starting a word, were read: {@code SUDO_USER=jdoe} kept the person behind a production account.
   */
  private static void userAfterKey(String t, int op, List<Span> out, int[] stops) {
    int ke = keyEnd(t, op);
    char last = ke > 0 ? lowerAscii(t.charAt(ke - 1)) : 0;
    if (last != 'r' && last != 'e') {
      return; // user, username, user_name, logname, owner, user.name: the many other keys stop here
    }
    long v = valueAfter(t, op);
    long k = v == -1 ? -1 : keyBefore(t, op);
    if (k >= 0 && isUserKey(t, (int) (k >>> 32), (int) k)) {
      userValue(t, (int) v, out, (v & QUOTED_ONLY) != 0, stops);
    }
  }

  static boolean isUserKey(String t, int ks, int ke) {
    return endsWithAnyLower(t, ks, ke, USER_KEY_ENDS);
  }

  private static final String[] USER_KEY_ENDS = {"user", "username", "user_name", "logname", "owner", "user.name"};

  /**
   * A user name at {@code vs}, perhaps inside quotes (escaped ones too), not a literal ({@code
   * PREFER_USER=true}): a span of kind PATH_USER; with {@code quotedOnly} (a comparison) only a quoted
   * one. A password after it ({@code curl --user jdoe:hunter2}: review 44 found the user replaced and the
   * password beside it kept) is masked.
   */
  private static void userValue(String t, int vs, List<Span> out, boolean quotedOnly, int[] stops) {
    int n = t.length();
    if (vs < n && (t.charAt(vs) == '\'' || t.charAt(vs) == '"')) {
      vs++;
    } else if (vs + 1 < n && t.charAt(vs) == '\\' && (t.charAt(vs + 1) == '"' || t.charAt(vs + 1) == '\'')) {
      vs += 2;
    } else if (quotedOnly) {
      return;
    }
    int e = run(t, vs);
    if (e > vs && !isLiteral(t, vs, e)) {
      out.add(new Span(vs, e, Span.PATH_USER, null));
      if (e + 1 < n && t.charAt(e) == ':') {
        secretValue(t, e + 1, out, stops);
      }
    }
  }

  private static void userValue(String t, int vs, List<Span> out, int[] stops) {
    userValue(t, vs, out, false, stops);
  }

  private static void userContext(String t, int k, int pos, List<Span> out) {
    if (k >= KRB5CC && pos > 0 && (isAlnum(t.charAt(pos - 1)) || t.charAt(pos - 1) == '_')) {
      return; // krb5cc_, bt_u, vt_u, KEYRING, KCM and "by user" must not follow an ASCII letter, digit or '_' (\w)
    }
    long g = userContextName(t, k, pos + USER_CONTEXT_ANCHORS[k].length());
    if (g >= 0) {
      out.add(new Span((int) (g >>> 32), (int) g, Span.PATH_USER, null));
    }
  }

  /**
   * The name after anchor {@code k} (which ends at {@code i}), as {@code (start << 32) | end}, or -1.
   * The grammar, as regular expressions (greedy; no backtracking can change a match, since each run's
   * class excludes the character that must follow it):
   * {@code /home/(N+)}, {@code /nashome/[A-Za-z0-9]/(N+)}, {@code /scratch/users/(N+)} and the other
   * {@code .../users/(N+)}, {@code /scratch/uploads/N+/(N+)}, {@code /afs/[A-Za-z0-9.-]+/(user|work)/[a-z]/(N+)},
   * {@code /Users/(N+)}, {@code /run/user/([0-9]+)}, {@code /eos/user/[A-Za-z0-9]/(N+)}, {@code
   * /eos/home-[A-Za-z0-9]/(N+)}, {@code /var/spool/mail/(N+)}, {@code /var/mail/(N+)}, {@code /staging/(N+)},
   * {@code /ospool/[A-Za-z0-9-]+/data/(N+)}, {@code /public/(N+)/}, {@code x509cc_(M+)_}, {@code x509up_(LM*)} (but
   * {@code x509up_u([0-9]+)} when the name is a 'u' and digits: HTCondor's proxy file of a numeric user id),
   * {@code krb5cc_([0-9]+)}, {@code bt_u([0-9]+)}, {@code vt_u([0-9]+)}, {@code KEYRING:persistent:([0-9]+)},
   * {@code KCM:([0-9]+)}, {@code by user (N+)}, where M is
   * {@code [A-Za-z0-9.-]} or a letter, digit or combining mark of any script ({@link #nameRun}), N is M
   * or '_', and L a letter of any script.
   */
  static long userContextName(String t, int k, int i) {
    int n = t.length();
    switch (k) {
      case NASHOME:
      case EOS_USER:
      case EOS_HOME:
        if (i + 1 >= n || !isAlnum(t.charAt(i)) || t.charAt(i + 1) != '/') {
          return -1;
        }
        i += 2;
        break;
      case UPLOADS: {
        int e = run(t, i);
        if (e == i || e >= n || t.charAt(e) != '/') {
          return -1;
        }
        i = e + 1;
        break;
      }
      case PUBLIC: { // a directory: the name must be followed by '/' (a web root's /public/index.html is none)
        int e = run(t, i);
        return e > i && e < n && t.charAt(e) == '/' && !isFolderWord(t, i, e) ? ((long) i << 32) | e : -1;
      }
      case USERS:
      case STAGING: {
        int e = run(t, i);
        return e > i && !isFolderWord(t, i, e) ? ((long) i << 32) | e : -1;
      }
      case OSPOOL: { // /ospool/ap20/data/jdoe
        int e = i;
        while (e < n && (isAlnum(t.charAt(e)) || t.charAt(e) == '-')) {
          e++;
        }
        if (e == i || !t.startsWith("/data/", e)) {
          return -1;
        }
        i = e + 6;
        break;
      }
      case AFS: { // /afs/CELL/user/j/jdoe, /afs/CELL/work/j/jdoe
        int e = i;
        while (e < n && (isAlnum(t.charAt(e)) || t.charAt(e) == '.' || t.charAt(e) == '-')) {
          e++;
        }
        if (e == i || !(t.startsWith("/user/", e) || t.startsWith("/work/", e)) || e + 7 >= n) {
          return -1;
        }
        char c = t.charAt(e + 6);
        if (c < 'a' || c > 'z' || t.charAt(e + 7) != '/') {
          return -1;
        }
        i = e + 8;
        break;
      }
      case X509CC: {
        int e = nameRun(t, i, false);
        return e > i && e < n && t.charAt(e) == '_' ? ((long) i << 32) | e : -1;
      }
      case RUN_USER:
      case KRB5CC:
      case BT_U:
      case VT_U:
      case KEYRING:
      case KCM: { // a numeric user id
        int e = i;
        while (e < n && isDigit(t.charAt(e))) {
          e++;
        }
        return e > i ? ((long) i << 32) | e : -1;
      }
      case X509UP: {
        if (i >= n || !(t.charAt(i) < 128 ? isLetter(t.charAt(i)) : Character.isLetter(t.codePointAt(i)))) {
          return -1;
        }
        int e = nameRun(t, i + Character.charCount(t.codePointAt(i)), false);
        int d = i + 1;
        while (d < e && isDigit(t.charAt(d))) {
          d++;
        }
        if (t.charAt(i) == 'u' && d == e && e > i + 1) {
          i++; // x509up_u51234: the numeric user id alone, one token as in /run/user/51234
        }
        return ((long) i << 32) | e;
      }
      default:
        break;
    }
    int e = run(t, i);
    return e > i ? ((long) i << 32) | e : -1;
  }

  /** The end of the run of name characters from {@code i}: {@link #nameRun} with '_'. */
  private static int run(String t, int i) {
    return nameRun(t, i, true);
  }

  /**
   * The end of the run from {@code i} of user-name characters: ASCII letters, digits, '.', '-' (and
   * '_' when {@code underscore}), and letters, digits and combining marks of any script
   * ({@link NameDictionary#isWordChar}), so that a name such as {@code jürgen} is one span, never cut at
   * its first accent, however the accent is written.
   */
  static int nameRun(String t, int i, boolean underscore) {
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (c < 128) {
        if (!(isAlnum(c) || c == '.' || c == '-' || (underscore && c == '_'))) {
          break;
        }
        i++;
      } else {
        int cp = t.codePointAt(i);
        if (!NameDictionary.isWordChar(cp)) { // letters, digits and combining marks of any script
          break;
        }
        i += Character.charCount(cp);
      }
    }
    return i;
  }

  /**
   * The start of an e-mail address's local part ending before the '@' at {@code a}: ASCII
   * {@code [A-Za-z0-9._%+-]} and letters, digits and combining marks of any script (internationalized
   * addresses).
   */
  static int localPartStart(String t, int a) {
    int l = a;
    while (l > 0) {
      char c = t.charAt(l - 1);
      if (c < 128) {
        if (!isLocalChar(c)) {
          break;
        }
        l--;
      } else {
        int cp = t.codePointBefore(l);
        if (!NameDictionary.isWordChar(cp)) {
          break;
        }
        l -= Character.charCount(cp);
      }
    }
    if (l > 0 && t.charAt(l - 1) == '@') {
      // right after another '@' whose domain is a host name (x@y.z.@wn7..., a+@a.b+c@d.e): that domain is
      // no part of this local part, which starts after it (the two addresses overlapped, and the second
      // was dropped, in clear); a glidein id is (slot1@glidein_1_2@host: no dot, '_')
      int r = domainEnd(t, l - 1);
      if (indexOf(t, '.', l, r) >= 0 && indexOf(t, '_', l, r) < 0) {
        l = Math.max(l, Math.min(r, a));
      }
    }
    return l;
  }

  /** The end of the domain after the '@' at {@code at}: host characters and '_', without trailing '.' or '-'. */
  static int domainEnd(String t, int at) {
    int n = t.length();
    int r = at + 1;
    while (r < n && (isHostChar(t.charAt(r)) || t.charAt(r) == '_')) {
      r++;
    }
    while (r > at + 1 && (t.charAt(r - 1) == '.' || t.charAt(r - 1) == '-')) {
      r--;
    }
    return r;
  }

  /** Whether {@code t[from, to)} holds a letter (a supplementary letter too: 𐐀@x.y). */
  private static boolean hasLetter(String t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isLetter(t.codePointAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The end (after its ']') of an e-mail address literal at {@code i}: {@code [} an IPv4 address {@code ]},
   * or {@code [IPv6:} an IPv6 address, an IPv4-mapped one too ({@code ::ffff:10.1.2.3}), {@code ]} (the tag
   * in any case; its groups hexadecimal: {@code [IPv6:zz::1]} is none, as the oracle reads it); blanks (spaces,
   * tabs) may stand inside the brackets and after the tag, as written by hand; -1 if there is none. The
   * address is {@code t[literalAddressStart(t, i), end - 1)} with its trailing blanks.
   */
  static int addressLiteralEnd(String t, int i) {
    if (i >= t.length() || t.charAt(i) != '[') {
      return -1;
    }
    // the ']' after characters a literal may hold: an indexOf to the text's end made "a@[" repeated quadratic
    // (100,000 characters 39 ms, 400,000 657 ms)
    int close = i + 1;
    while (close < t.length() && (isAlnum(t.charAt(close)) || t.charAt(close) == ':' || t.charAt(close) == '.'
        || isSpaceOrTab(t.charAt(close)))) {
      close++;
    }
    if (close >= t.length() || t.charAt(close) != ']') {
      return -1;
    }
    int s = literalAddressStart(t, i);
    int e = close;
    while (e > s && isSpaceOrTab(t.charAt(e - 1))) {
      e--;
    }
    if (t.regionMatches(true, skipBlanks(t, i + 1), "IPv6:", 0, 5)) {
      int dot = indexOf(t, '.', s, e);
      if (dot < 0) {
        return hexOrColons(t, s, e) && isIpv6(t, s, e, ':') ? close + 1 : -1;
      }
      // an IPv4 tail stands for the last two groups: valid where the same with "0:0" in its place is
      int colon = t.lastIndexOf(':', dot);
      boolean v6 = colon >= s && ipv4At(t, colon + 1) == e && hexOrColons(t, s, colon + 1)
          && isIpv6(t.substring(s, colon + 1) + "0:0", 0, colon + 4 - s, ':');
      return v6 ? close + 1 : -1;
    }
    return e > s && ipv4At(t, s) == e ? close + 1 : -1;
  }

  /** Where the address of the literal whose '[' is at {@code i} starts: past blanks and an {@code IPv6:} tag. */
  private static int literalAddressStart(String t, int i) {
    int s = skipBlanks(t, i + 1);
    return t.regionMatches(true, s, "IPv6:", 0, 5) ? skipBlanks(t, s + 5) : s;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * The user info of a URL whose authority holds the '@' at {@code a} ({@code scheme://user:password@host}):
   * the user's name as a user name, the password masked, the host as an e-mail address's (findHosts
   * leaves a host after an '@' to findAt); the e-mail reading took "password@host" for an address and
   * kept the user in clear (review 43). {@code k} starts the run of user info characters that ends at
   * {@code a} (a '@' is one). Returns the position of the authority's last '@' (the user info ends there:
   * {@code https://jane@x.org:pw@host}), or -1 when {@code a} is in no URL's authority. Reads the
   * authority once: the caller skips the '@'s up to the returned one.
   */
  private static int urlUserInfo(String t, int k, int a, List<Span> out) {
    if (k < 4 || t.charAt(k - 1) != '/' || t.charAt(k - 2) != '/' || t.charAt(k - 3) != ':'
        || !isAlnum(t.charAt(k - 4))) {
      return -1; // a scheme ends in a letter or digit (s3://: review 44)
    }
    int last = a;
    for (int i = a + 1; i < t.length() && isUserInfoChar(t.charAt(i)); i++) {
      if (t.charAt(i) == '@') {
        last = i;
      }
    }
    int c = indexOf(t, ':', k, last);
    int ue = c < 0 ? last : c;
    if (c < 0 && ue - k >= 20) {
      out.add(new Span(k, ue, Span.SECRET, null)); // a token as the user (https://ghp_...@github.com: review 44)
    } else if (ue > k) {
      out.add(new Span(k, ue, Span.PATH_USER, null));
    }
    if (c >= 0 && last > c + 1) {
      out.add(new Span(c + 1, last, Span.SECRET, null));
    }
    int r = domainEnd(t, last);
    if (indexOf(t, '.', last + 1, r) >= 0) {
      out.add(new Span(last + 1, r, Span.HOST, null));
    }
    return last;
  }

  /** A character of a URL's user info or host, as found in text: anything but blanks, '/', quotes and brackets. */
  private static boolean isUserInfoChar(char c) {
    return c < 128 ? USER_INFO_ASCII[c] : !Character.isSpaceChar(c);
  }

  private static final boolean[] USER_INFO_ASCII = new boolean[128];

  static {
    for (char c = '!'; c < 128; c++) {
      USER_INFO_ASCII[c] = "/\"'<>()[]{}?#".indexOf(c) < 0;
    }
  }

  /**
   * A URL whose password holds a character that no user info holds ({@code https://jdoe:pa(ss@host/},
   * {@code https://jdoe:p/ss@host}: review 44 found the user kept and the password's start in clear, the
   * rest read as an e-mail address). RFC 3986 reads {@code jdoe:p} in the second as a host and a port,
   * but a port is digits: where the run of user info characters after {@code scheme://} holds a ':' and no
   * '@', and what follows that ':' up to the end of the run ('/', '(', '?', ...) is no port (a digit run
   * followed by '/', '?' or '#'), the authority is read, failing closed, as a user info up to the last '@'
   * of the same word (no blank, quote or angle bracket between: a password may hold '@' too): the user
   * before the ':' as a user name, all between the ':' and that '@' masked as the password, the host as
   * {@link #urlUserInfo} reads it. A run that holds an '@' is {@link #urlUserInfo}'s; a password of digits
   * followed by '/' ({@code https://jdoe:1234/5@host}) reads as a port. Adds the '@'s that end the user
   * infos found to {@code taken} (created when null) and returns it. Linear: the runs of two URLs do not
   * overlap (a run stops at the next URL's '/'), and {@link #lastAtInWindow} reads each character once.
   */
  private static java.util.BitSet brokenUrlUserInfos(String t, List<Span> out, java.util.BitSet taken) {
    int n = t.length();
    int[] window = {-1, -1, -1};
    for (int s = t.indexOf("://"); s >= 0; s = t.indexOf("://", s + 1)) {
      if (s == 0 || !isAlnum(t.charAt(s - 1))) {
        continue; // a scheme ends in a letter or digit, as for urlUserInfo
      }
      int k = s + 3;
      int q = k;
      int c = -1; // the first ':' of the user info
      while (q < n && t.charAt(q) != '@' && isUserInfoChar(t.charAt(q))) {
        if (c < 0 && t.charAt(q) == ':') {
          c = q;
        }
        q++;
      }
      if (c < 0 || q >= n || t.charAt(q) == '@' || !isWindowChar(t.charAt(q)) || t.charAt(c + 1) == '/') {
        continue; // no password; a user info that urlUserInfo reads; the URL ends; a path after an empty port
      }
      char d = t.charAt(q);
      if (c + 1 < q && digits(t, c + 1, q) == q && (d == '/' || d == '?' || d == '#')) {
        continue; // a port (https://host:8443/x@y: the '@' is the path's)
      }
      int f = lastAtInWindow(t, q, window);
      if (f < 0) {
        continue;
      }
      if (c > k) {
        out.add(new Span(k, c, Span.PATH_USER, null));
      }
      out.add(new Span(c + 1, f, Span.SECRET, null));
      int r = domainEnd(t, f);
      if (indexOf(t, '.', f + 1, r) >= 0) {
        out.add(new Span(f + 1, r, Span.HOST, null));
      }
      taken = taken == null ? new java.util.BitSet(n) : taken;
      taken.set(f);
    }
    return taken;
  }

  /**
   * A user and a password before a host without a URL scheme, as rsync, scp, ftp and connection strings
   * write them ({@code rsync jdoe:pw@host:/x}, {@code DEST=jdoe:pw@db.example.org}: review 44 found the
   * user read as free text and the password as an e-mail address's local part, kept in clear where the
   * host had no dot). The shape: a user name ({@link #nameRun}'s characters, starting with a letter) that
   * starts a word (the text's start, a blank, a quote, a bracket, '=', ',' or ';' before it), a ':', a
   * password (one character or more up to the last '@' of the word: no blank, quote or angle bracket; not
   * starting with '/' or ':'), a '@' and a host (an ASCII letter or digit, or an address literal's '[', after
   * the '@', and host-like: {@link #isBareUserInfoHost}). Not read so: a word that introduces an address
   * ({@link #ADDRESS_KEYS}: {@code mailto:jane@x.org}, {@code From:jane@x.org}), a log level or label
   * ({@link #LABEL_WORDS}: {@code ERROR:}), or names a user or a credential as a key ({@code owner:},
   * {@code token:}, read by their rules), a slot name, glidein id, job id or version as the password
   * ({@code Name:slot1@wn}, {@code JobId:123.0@schedd.x.org}, {@code tag:v1.2@x.org}), a host that is none
   * ({@code python:3.11@sha256:ab12}, {@code Warning:disk@90%}, {@code pkg:npm/x@4.17.21}), an IPv6 address
   * before the '@' ({@code fe80:0:0:0:0:0:0:1@x}); a time ({@code 12:30@x}) or an IPv6 address starting with
   * a digit starts no user, and {@code ::} starts no password. The user becomes a user name, the password
   * {@code [secret]}, a dotted host a host name (as {@link #urlUserInfo} reads them), and the '@' is added
   * to {@code taken} (created when null), which is returned: the e-mail reading leaves it. Linear: a user
   * name holds no ':', so the walks back from two ':'s do not overlap, {@link #lastAtInWindow} reads each
   * character once, a host is read once for all the ':'s before its '@' (one that is none skips them), and a
   * password is read as a job id or version up to its first character other than a digit or '.'.
   */
  private static java.util.BitSet bareUserInfos(String t, List<Span> out, java.util.BitSet taken) {
    int n = t.length();
    int[] window = {-1, -1, -1};
    int end = -1; // the '@' of the last one found: a ':' before it is in its password
    int lastAt = t.lastIndexOf('@'); // a ':' after it has no '@' to end a password
    int hostAt = -1; // the '@' whose host was read last, and that host's end
    int hostEnd = -1;
    boolean hostLike = false;
    for (int c = t.indexOf(':'); c >= 0 && c < lastAt; c = t.indexOf(':', c + 1)) {
      if (c <= end || c + 1 >= n) {
        continue;
      }
      char p = t.charAt(c + 1);
      if (p == '/' || p == ':' || p == '@' || !isWindowChar(p)) {
        continue;
      }
      int us = nameRunStart(t, c);
      if (us == c || !Character.isLetter(t.codePointAt(us)) || (us > 0 && !isWordStartDelimiter(t.charAt(us - 1)))) {
        continue;
      }
      int f = lastAtInWindow(t, c + 1, window);
      if (f < 0) {
        continue;
      }
      if (f + 1 >= n || !(isAlnum(t.charAt(f + 1)) || t.charAt(f + 1) == '[')) {
        continue; // no host
      }
      if (f != hostAt) { // the host after an '@' is read once, for all the ':'s before it
        hostAt = f;
        hostEnd = domainEnd(t, f);
        hostLike = isBareUserInfoHost(t, f, hostEnd);
      }
      int r = hostEnd;
      if (!hostLike) {
        end = f; // every ':' before it in its word ends its password at this '@': none reads
        continue;
      }
      if (equalsAnyLower(t, us, c, ADDRESS_KEYS) || equalsAnyLower(t, us, c, LABEL_WORDS) || isUserKey(t, us, c)
          || isSecretKey(t, us, c) || isSlotName(t, c + 1, f) || isGlidein(t, c + 1, f)
          || isJobIdOrVersion(t, c + 1, f) || (hexOrColons(t, us, f) && isIpv6(t, us, f, ':'))) {
        continue;
      }
      out.add(new Span(us, c, Span.PATH_USER, null));
      out.add(new Span(c + 1, f, Span.SECRET, null));
      if (indexOf(t, '.', f + 1, r) >= 0) {
        out.add(new Span(f + 1, r, Span.HOST, null));
      }
      taken = taken == null ? new java.util.BitSet(n) : taken;
      taken.set(f);
      end = f;
    }
    return taken;
  }

  /**
   * Words that, before a ':', introduce an e-mail address, not a user ({@code mailto:jane@x.org}, a header
   * written without a blank, {@code From:jane@x.org}): {@link #bareUserInfos} leaves them, in any case.
   */
  private static final String[] ADDRESS_KEYS = {"mailto", "mail", "email", "e-mail", "from", "to", "cc", "bcc",
      "reply-to", "sender", "contact", "notify", "address", "addr", "sip", "sips", "xmpp", "acct"};

  /**
   * Log levels and labels that, before a ':', start a message, not a user ({@code ERROR:x@host.fnal.gov}):
   * {@link #bareUserInfos} leaves them, in any case. Other words before a ':' and a dotted host are read as a
   * user (a documented limit).
   */
  private static final String[] LABEL_WORDS = {"error", "err", "warning", "warn", "info", "debug", "fatal", "trace",
      "notice", "note", "critical"};

  /** Digest algorithms that, after an '@' and before a ':', start an image digest ({@code x:1.0@sha256:ab12}). */
  private static final String[] DIGEST_ALGORITHMS = {"sha256", "sha384", "sha512"};

  /**
   * Whether the host after the '@' at {@code f}, ending at {@code r} ({@link #domainEnd}), is one that
   * {@link #bareUserInfos} reads (review of 2026-11-27: image digests, job ids, versions and labels were read as
   * user infos): an address literal's '[', {@code localhost}, a dotted name whose last label holds a letter, an
   * IPv4 address (four runs of one to three digits), or a name without a dot followed by ':' and then '/', '~',
   * ':' or the word's end, as scp and rsync write it ({@code host:/x}); never a digest algorithm followed by ':'
   * ({@code @sha256:ab12}). Reads {@code t[f + 1, r + 2)} at most.
   */
  private static boolean isBareUserInfoHost(String t, int f, int r) {
    int h = f + 1;
    if (t.charAt(h) == '[') {
      return true;
    }
    int n = t.length();
    boolean colon = r < n && t.charAt(r) == ':';
    if (colon && equalsAnyLower(t, h, r, DIGEST_ALGORITHMS)) {
      return false;
    }
    int dot = r - 1;
    while (dot >= h && t.charAt(dot) != '.') {
      dot--;
    }
    if (dot >= h) {
      return hasLetter(t, dot + 1, r) || isDottedQuad(t, h, r);
    }
    if (r - h == 9 && startsWithLower(t, h, "localhost")) {
      return true;
    }
    if (!colon) {
      return false;
    }
    if (r + 1 >= n) {
      return true;
    }
    char d = t.charAt(r + 1);
    return d == '/' || d == '~' || d == ':' || !isWindowChar(d);
  }

  /** Whether {@code t[s, e)} is four runs of one to three ASCII digits joined by '.'. */
  private static boolean isDottedQuad(String t, int s, int e) {
    int i = s;
    for (int k = 0; k < 4; k++) {
      int d = digits(t, i, e);
      if (d == i || d - i > 3 || (k < 3 && (d >= e || t.charAt(d) != '.'))) {
        return false;
      }
      i = k < 3 ? d + 1 : d;
    }
    return i == e;
  }

  /**
   * Whether {@code t[s, e)}, a password read by {@link #bareUserInfos}, is a job id or a version rather than a
   * password: digit runs joined by one '.' or more ({@code JobId:123.0@schedd}, {@code python:3.11@...}), or
   * 'v' or 'V' and digit runs joined by '.' ({@code tag:v1.2@...}). Digits alone are a password ({@code
   * jdoe:1234@db.x.org}). Reads up to the first character that is no digit or '.' (so that the readings at two
   * ':'s do not overlap).
   */
  private static boolean isJobIdOrVersion(String t, int s, int e) {
    boolean v = s < e && (t.charAt(s) == 'v' || t.charAt(s) == 'V');
    int i = v ? s + 1 : s;
    int dots = 0;
    while (true) {
      int d = digits(t, i, e);
      if (d == i) {
        return false;
      }
      if (d == e) {
        return v || dots > 0;
      }
      if (t.charAt(d) != '.') {
        return false;
      }
      dots++;
      i = d + 1;
    }
  }

  /** Whether {@code c} may stand before a word that starts a user name in {@link #bareUserInfos}. */
  private static boolean isWordStartDelimiter(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || "\"'([{<>=,;".indexOf(c) >= 0;
  }

  /**
   * A character of a password read up to its '@' ({@link #lastAtInWindow}): anything but blanks, quotes and
   * angle brackets.
   */
  private static boolean isWindowChar(char c) {
    return !(Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '"' || c == '\'' || c == '<' || c == '>');
  }

  /**
   * The last '@' of the run of {@link #isWindowChar} characters from {@code p} (a word: '@' is one of them), or
   * -1. {@code window} remembers, for a caller's left-to-right loop, the last run read (its start, its end and
   * its last '@'): a reading from a position inside it has the same answer, or none when that '@' stands
   * before it, so that each character is read once.
   */
  private static int lastAtInWindow(String t, int p, int[] window) {
    if (window[0] < 0 || p < window[0] || p > window[1]) {
      int n = t.length();
      int r = p;
      int last = -1;
      while (r < n && isWindowChar(t.charAt(r))) {
        if (t.charAt(r) == '@') {
          last = r;
        }
        r++;
      }
      window[0] = p;
      window[1] = r;
      window[2] = last;
    }
    return window[2] >= p ? window[2] : -1;
  }

  /** The start of the run of {@link #nameRun} characters ('_' included) that ends at {@code e}. */
  private static int nameRunStart(String t, int e) {
    int s = e;
    while (s > 0) {
      char c = t.charAt(s - 1);
      if (c < 128) {
        if (!(isAlnum(c) || c == '.' || c == '-' || c == '_')) {
          break;
        }
        s--;
      } else {
        int cp = t.codePointBefore(s);
        if (!NameDictionary.isWordChar(cp)) {
          break;
        }
        s -= Character.charCount(cp);
      }
    }
    return s;
  }

  /** Whether {@code t[s, e)} holds only hexadecimal digits and ':'. */
  private static boolean hexOrColons(String t, int s, int e) {
    for (int i = s; i < e; i++) {
      if (!isHexDigit(t.charAt(i)) && t.charAt(i) != ':') {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- credentials

  /**
   * What replaces a credential: nothing of it is kept, and no token either (a token would tell equal
   * secrets from different ones; there is nothing to join on).
   */
  static final String SECRET_MARKER = "[secret]";

  /**
   * The parts of key names that mark a credential's value ({@code BEARER_TOKEN=}, {@code
   * AWS_SECRET_ACCESS_KEY=}, {@code ?authz=}, {@code X-Amz-Signature=}, {@code --password}), in any case;
   * a key ending in {@code key} is one too. Keys ending in {@code file}, {@code path}, {@code dir} or
   * {@code location} name where a credential is ({@code BEARER_TOKEN_FILE=/run/user/5123/bt_u5123}): their
   * values are scrubbed as any other text.
   */
  private static final String[] SECRET_KEY_WORDS = {"token", "secret", "password", "passwd", "passphrase",
      "credential", "authz", "authorization", "macaroon", "signature", "cookie", "apikey", "api_key", "api-key",
      "access_key", "accesskey", "bearer"};
  /**
   * Key endings that say what a credential's value is not (where it is, how long it lives, what kind it
   * is: review 44 found {@code TOKEN_LIFETIME=3600}, {@code SEC_TOKEN_DIRECTORY}, {@code TOKEN_ISSUER=https://...}
   * masked).
   */
  private static final String[] NOT_SECRET_KEY_ENDS = {"file", "files", "path", "dir", "directory", "location",
      "url", "uri", "issuer", "lifetime", "length", "type", "check", "jar", "name", "size", "count", "ttl",
      "timeout", "scope", "scopes", "audience", "expiry", "expires", "expiration", "method", "methods", "mode",
      "version", "format", "host", "port", "endpoint", "server"};
  /**
   * Values that are no credential and no user name, in any case ({@code AUTHZ_CHECK=true}, {@code
   * user=undefined}), and HTTP's authentication schemes ({@code token_type=Bearer}; in {@code
   * Authorization: Bearer x} the credentials after the scheme are {@link #authorization}'s).
   */
  private static final String[] LITERALS = {"true", "false", "undefined", "none", "null", "yes", "no", "on", "off",
      "error", "bearer", "basic", "negotiate", "digest"};

  /**
   * Credentials, in every configuration (review 43: a job's environment carries its bearer token, a JWT
   * whose payload names the user, and URLs and scripts carry passwords and signed keys): the value of a
   * key named as a credential ({@code KEY=value}, {@code KEY: value}, {@code --key value}; a comparison's
   * quoted value only, review 44), a JWT (three or five parts, the first starting {@code eyJ}: a JSON
   * object), the token after {@code Bearer}, what an {@code Authorization} header holds, and a password
   * after a user ({@code -u jdoe:pw}; with {@code users}). Each is replaced by {@link #SECRET_MARKER}.
   * The passwords of user infos are {@link #findAt}'s.
   */
  private static void findSecrets(String t, Scan sc, boolean users, List<Span> out) {
    if (sc.has(C_EQ)) {
      int[] stops = {-1, -1};
      for (int e = 0; e < sc.events; e++) {
        if (sc.kind[e] == E_EQ) {
          secretAfterKey(t, sc.at[e], out, stops);
        }
      }
    }
    if (sc.colons > 0) { // key: value (YAML, JSON, headers): a key ending in a letter, perhaps quoted
      int[] stops = {-1, -1};
      for (int c = t.indexOf(':'); c >= 0; c = t.indexOf(':', c + 1)) {
        if (c > 0 && (isAsciiLetter(t.charAt(c - 1)) || !isAlnum(t.charAt(c - 1)))) {
          secretAfterKey(t, c, out, stops); // the many ':' after digits (addresses, ports, times) stop here
        }
      }
    }
    if (sc.dots >= 2) {
      for (int j = t.indexOf("eyJ"); j >= 0; j = t.indexOf("eyJ", j + 1)) {
        int e = jwtEnd(t, j);
        if (e > 0) {
          out.add(new Span(j, e, Span.SECRET, null));
          j = e - 1;
        }
      }
    }
    if (sc.colons > 0 || sc.has(C_EQ)) {
      authorization(t, "uthorization", out);
      authorization(t, "UTHORIZATION", out);
    }
    if (!sc.has(C_SPACE)) {
      return; // the rest needs a blank (a space or a tab): after Bearer, after a flag
    }
    bearer(t, "earer", out);
    bearer(t, "EARER", out);
    int[] stops = {-1, -1};
    for (int j = t.indexOf("--"); j >= 0; j = t.indexOf("--", j + 2)) {
      int ne = flagEnd(t, j);
      int vs = ne > j + 2 ? skipBlanks(t, ne) : -1;
      if (vs > ne && vs < t.length() && t.charAt(vs) != '-') {
        if (isSecretKey(t, j + 2, ne)) {
          secretValue(t, vs, out, stops); // --password hunter2
        } else if (users && isUserKey(t, j + 2, ne)) {
          userValue(t, vs, out, stops); // --user jdoe
        }
      }
    }
    int[] uStops = {-1, -1};
    for (int j = users ? t.indexOf("-u") : -1; j >= 0; j = t.indexOf("-u", j + 1)) {
      // curl's and wget's -u user:password (a user alone after -u is as often another tool's option)
      int n = t.length();
      char b = j > 0 ? t.charAt(j - 1) : ' ';
      if (j + 2 < n && isSpaceOrTab(t.charAt(j + 2)) && (Character.isWhitespace(b) || b == '"' || b == '\'')) {
        int vs = skipBlanks(t, j + 2);
        int e = run(t, vs);
        if (e > vs && e + 1 < n && t.charAt(e) == ':') {
          userValue(t, vs, out, uStops);
        }
      }
    }
  }

  /**
   * The end of the name of a command-line flag whose "--" is at {@code j} and that is followed by a blank
   * ({@code --password hunter2}), or -1; the flag must start a word.
   */
  static int flagEnd(String t, int j) {
    if (j > 0 && !Character.isWhitespace(t.charAt(j - 1)) && t.charAt(j - 1) != '"' && t.charAt(j - 1) != '\'') {
      return -1;
    }
    int e = j + 2;
    while (e < t.length() && (isAlnum(t.charAt(e)) || t.charAt(e) == '_' || t.charAt(e) == '-')) {
      e++;
    }
    return e < t.length() && isSpaceOrTab(t.charAt(e)) ? e : -1;
  }

  /**
   * The value after the '=' or ':' at {@code op}, when the key before it names a credential: see
   * {@link #keyBefore} and {@link #valueAfter}.
   */
  private static void secretAfterKey(String t, int op, List<Span> out, int[] stops) {
    long v = valueAfter(t, op);
    if (v == -1) {
      return;
    }
    long k = keyBefore(t, op);
    if (k >= 0 && isSecretKey(t, (int) (k >>> 32), (int) k)) {
      secretValue(t, (int) v, out, stops, (v & QUOTED_ONLY) != 0);
    }
  }

  /** Where a key before the operator at {@code op} ends: before blanks and a quote, perhaps escaped. */
  private static int keyEnd(String t, int op) {
    int ke = op;
    while (ke > 0 && isSpaceOrTab(t.charAt(ke - 1))) {
      ke--;
    }
    if (ke > 0 && (t.charAt(ke - 1) == '"' || t.charAt(ke - 1) == '\'')) {
      ke--;
      if (ke > 0 && t.charAt(ke - 1) == '\\') {
        ke--;
      }
    }
    return ke;
  }

  /** In {@link #valueAfter}'s result: a comparison, whose value counts only when quoted. */
  private static final long QUOTED_ONLY = 1L << 40;

  /**
   * Where the value after the operator at {@code op} starts (past blanks), or -1 when {@code op} is
   * no operator before a value. An '=' is an assignment ({@code KEY=value}, {@code KEY = value}, also
   * after ':' as in {@code :=}), or the start of a ClassAd comparison ({@code ==}, {@code =?=}, {@code
   * =!=}, {@code =~}), whose value counts only when it is quoted ({@code MY.Password == "x"}; review 44:
   * {@code HasToken == true} became {@code HasToken =[secret] true}); the second character of an
   * operator ({@code ==}, {@code !=}, {@code <=}, {@code >=}) is none. A ':' is one in {@code key: value}
   * (YAML, JSON, HTTP headers: review 44), not in {@code scheme://}, {@code ::} or {@code :=}.
   */
  static long valueAfter(String t, int op) {
    int n = t.length();
    char b = op > 0 ? t.charAt(op - 1) : ' ';
    char a = op + 1 < n ? t.charAt(op + 1) : ' ';
    if (t.charAt(op) == ':') {
      return a == '/' || a == ':' || a == '=' || b == ':' ? -1 : skipBlanks(t, op + 1);
    }
    if (b == '=' || b == '!' || b == '<' || b == '>' || b == '?' || b == '~') {
      return -1;
    }
    if (a == '=' || a == '~') {
      return skipBlanks(t, op + 2) | QUOTED_ONLY;
    }
    if ((a == '?' || a == '!') && op + 2 < n && t.charAt(op + 2) == '=') {
      return skipBlanks(t, op + 3) | QUOTED_ONLY;
    }
    return skipBlanks(t, op + 1);
  }

  /**
   * The key before the operator at {@code op}, as {@code (start << 32) | end}, or -1: blanks, perhaps a
   * quote (perhaps escaped: {@code \"access_token\":}), then a run of letters, digits, '_', '-' and '.'.
   */
  static long keyBefore(String t, int op) {
    int ke = keyEnd(t, op);
    int ks = ke;
    while (ks > 0 && isKeyChar(t.charAt(ks - 1))) {
      ks--;
    }
    return ks < ke ? ((long) ks << 32) | ke : -1;
  }

  /** Whether a word of {@link #SECRET_KEY_WORDS} starts at {@code i} and ends by {@code ke}. */
  private static boolean secretWordAt(String t, int i, int ke) {
    for (String w : SECRET_WORDS_BY_FIRST[lowerAscii(t.charAt(i)) - 'a']) {
      int e = i + w.length();
      if (e <= ke && startsWithLower(t, i, w) && (e == ke || !isAsciiLetter(t.charAt(e))
          || (isUpperAscii(t.charAt(e)) && isLowerAscii(t.charAt(e - 1))))) {
        return true;
      }
    }
    return false;
  }

  private static boolean notSecretKey(String t, int ks, int ke) {
    return endsWithAnyLower(t, ks, ke, NOT_SECRET_KEY_ENDS);
  }

  private static boolean isKeyChar(char c) {
    return isAlnum(c) || c == '_' || c == '-' || c == '.';
  }

  /**
   * Whether the key {@code t[ks, ke)} names a credential: it holds a word of {@link #SECRET_KEY_WORDS}
   * that ends where a word does (the key's end, a character other than a letter, or a lower-case letter
   * followed by an upper-case one: {@code accessToken}; so {@code TOKENIZERS}, {@code MAX_TOKENS} are none,
   * review 44), or it ends in {@code key} starting a word ({@code SSH_KEY}, {@code sshKey}; not {@code
   * monkey}), in {@code pass} ({@code SSHPASS}, {@code DB_PASS}) or in {@code pwd} ({@code MYSQL_PWD}; not
   * {@code PWD} and {@code OLDPWD}, the working directory), or it is {@code pw}, {@code auth} or {@code sig}
   * (a signed URL's signature); and it does not end in one of {@link #NOT_SECRET_KEY_ENDS}. Words are
   * tried only where their first two letters stand, compared in ASCII lower case by hand
   * (String.regionMatches(true, ...) made scrub-text 1.8 times as slow: every key of a job's environment
   * is read).
   */
  static boolean isSecretKey(String t, int ks, int ke) {
    return namesSecret(t, ks, ke) && !notSecretKey(t, ks, ke); // the rare positive first: keys are many
  }

  private static boolean namesSecret(String t, int ks, int ke) {
    int len = ke - ks;
    if ((len == 2 && startsWithLower(t, ks, "pw")) || (len == 4 && startsWithLower(t, ks, "auth"))
        || (len == 3 && startsWithLower(t, ks, "sig"))) {
      return true;
    }
    if (endsWithLower(t, ks, ke, "key") && (len == 3 || !isAsciiLetter(t.charAt(ke - 4))
        || (isLowerAscii(t.charAt(ke - 4)) && t.charAt(ke - 3) == 'K'))) {
      return true;
    }
    if (endsWithLower(t, ks, ke, "pass") || (endsWithLower(t, ks, ke, "pwd") && !(len == 3)
        && !(len == 6 && startsWithLower(t, ks, "oldpwd")))) {
      return true;
    }
    for (int i = ks; i + 1 < ke; i++) {
      char c = lowerAscii(t.charAt(i));
      char c1 = lowerAscii(t.charAt(i + 1));
      if (c >= 'a' && c <= 'z' && c1 >= 'a' && c1 <= 'z' && SECRET_PAIRS[(c - 'a') * 26 + c1 - 'a']
          && secretWordAt(t, i, ke)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isLowerAscii(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isUpperAscii(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** The first two letters of {@link #SECRET_KEY_WORDS} ((first - 'a') * 26 + second - 'a'). */
  private static final boolean[] SECRET_PAIRS = new boolean[26 * 26];

  /** {@link #SECRET_KEY_WORDS} by their first letter ('a' to 'z'); null for a letter none starts with. */
  private static final String[][] SECRET_WORDS_BY_FIRST = new String[26][];

  static {
    for (String w : SECRET_KEY_WORDS) {
      SECRET_PAIRS[(w.charAt(0) - 'a') * 26 + w.charAt(1) - 'a'] = true;
      String[] old = SECRET_WORDS_BY_FIRST[w.charAt(0) - 'a'];
      String[] now = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
      now[now.length - 1] = w;
      SECRET_WORDS_BY_FIRST[w.charAt(0) - 'a'] = now;
    }
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /** Whether {@code t} holds {@code lower} (lower case ASCII) at {@code i}, in any ASCII case. */
  private static boolean startsWithLower(String t, int i, String lower) {
    if (i + lower.length() > t.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (lowerAscii(t.charAt(i + k)) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code t[ks, ke)} ends with {@code lower} (lower case ASCII), in any ASCII case. */
  private static boolean endsWithLower(String t, int ks, int ke, String lower) {
    return ke - ks >= lower.length() && startsWithLower(t, ke - lower.length(), lower);
  }

  /**
   * A credential's value starting at {@code vs}: inside quotes up to the closing one (or the line's end),
   * also inside escaped quotes ({@code \"hunter2 x\"}: review 44 found only the backslash masked), else
   * (unless {@code quotedOnly}: a comparison's bare value, {@code == true}, is none) up to a blank or one
   * of {@code ; & , " ' ) ] } < >}; a literal ({@link #LITERALS}) is none. {@code stops} remembers, for a
   * caller's left-to-right loop, a run [from, stop) without a stop character and the stop after it: an
   * unquoted value starting inside it ends at that stop, without reading the run again ("token="
   * repeated would otherwise read the rest of the text at every '='); each value is still found, as
   * the other detectors find theirs.
   */
  private static void secretValue(String t, int vs, List<Span> out, int[] stops, boolean quotedOnly) {
    int n = t.length();
    if (vs >= n) {
      return;
    }
    char q = t.charAt(vs);
    int s;
    int e;
    if (q == '"' || q == '\'') {
      s = vs + 1;
      e = s;
      while (e < n && t.charAt(e) != q && t.charAt(e) != '\n' && t.charAt(e) != '\r') {
        e++;
      }
    } else if (q == '\\' && vs + 1 < n && (t.charAt(vs + 1) == '"' || t.charAt(vs + 1) == '\'')) {
      char qq = t.charAt(vs + 1);
      s = vs + 2;
      e = s;
      while (e < n && !(t.charAt(e) == '\\' && e + 1 < n && t.charAt(e + 1) == qq) && t.charAt(e) != '\n'
          && t.charAt(e) != '\r') {
        e++;
      }
    } else {
      if (quotedOnly) {
        return;
      }
      s = vs;
      if (stops[0] <= vs && vs <= stops[1]) {
        e = stops[1];
      } else {
        e = vs;
        while (e < n && !isSecretStop(t.charAt(e))) {
          e++;
        }
        stops[0] = vs;
        stops[1] = e;
      }
    }
    if (e > s && !isLiteral(t, s, e)) {
      out.add(new Span(s, e, Span.SECRET, null));
    }
  }

  private static void secretValue(String t, int vs, List<Span> out, int[] stops) {
    secretValue(t, vs, out, stops, false);
  }

  /** Whether {@code t[s, e)} is one of {@link #LITERALS}, in any ASCII case. */
  static boolean isLiteral(String t, int s, int e) {
    return equalsAnyLower(t, s, e, LITERALS);
  }

  /** Whether {@code t[s, e)} is one of {@code words} (lower case ASCII), in any ASCII case. */
  private static boolean equalsAnyLower(String t, int s, int e, String[] words) {
    for (String w : words) {
      if (e - s == w.length() && startsWithLower(t, s, w)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code t[s, e)} ends with one of {@code ends} (lower case ASCII), in any ASCII case. */
  private static boolean endsWithAnyLower(String t, int s, int e, String[] ends) {
    for (String end : ends) {
      if (endsWithLower(t, s, e, end)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSecretStop(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == ';' || c == '&' || c == ','
        || c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == '<' || c == '>';
  }

  private static boolean isBase64UrlChar(char c) {
    return isAlnum(c) || c == '_' || c == '-';
  }

  /**
   * The end of a JWT (JWS: header.payload.signature, the signature perhaps empty; JWE: five parts)
   * whose header, base64url of a JSON object, starts at {@code j} with "eyJ"; -1 if there is none.
   */
  static int jwtEnd(String t, int j) {
    int n = t.length();
    if (j > 0 && isBase64UrlChar(t.charAt(j - 1))) {
      return -1;
    }
    int e = j;
    while (e < n && isJwtChar(t.charAt(e))) {
      e++;
    }
    if (e - j < 8 || e >= n || t.charAt(e) != '.') {
      return -1;
    }
    int p = e + 1;
    while (p < n && isJwtChar(t.charAt(p))) {
      p++;
    }
    if (p - e - 1 < 4 || p >= n || t.charAt(p) != '.') {
      return -1;
    }
    int end = p + 1; // "header.payload." (no signature) is a JWT too
    while (end < n && isJwtChar(t.charAt(end))) {
      end++;
    }
    for (int parts = 3; parts < 5 && end + 1 < n && t.charAt(end) == '.' && isJwtChar(t.charAt(end + 1));
        parts++) { // a JWE's further parts
      end++;
      while (end < n && isJwtChar(t.charAt(end))) {
        end++;
      }
    }
    return end;
  }

  /** A JWT part's characters: base64url, and base64's '+', '/' and '=' padding as some encoders write them (review 44). */
  private static boolean isJwtChar(char c) {
    return isBase64UrlChar(c) || c == '+' || c == '/' || c == '=';
  }

  /** The token after the word "Bearer" (any case; {@code rest} is "earer" or "EARER"): 16 or more token characters. */
  private static void bearer(String t, String rest, List<Span> out) {
    for (int j = t.indexOf(rest); j >= 1; j = t.indexOf(rest, j + 1)) {
      int b = j - 1;
      if (!t.regionMatches(true, b, "bearer", 0, 6) || (b > 0 && (isAlnum(t.charAt(b - 1)) || t.charAt(b - 1) == '_'))) {
        continue;
      }
      int vs = skipBlanks(t, j + 5);
      if (vs == j + 5) {
        continue;
      }
      int e = vs;
      while (e < t.length() && isTokenChar(t.charAt(e))) {
        e++;
      }
      if (e - vs >= 16) {
        out.add(new Span(vs, e, Span.SECRET, null));
      }
    }
  }

  /** RFC 6750's b64token characters. */
  private static boolean isTokenChar(char c) {
    return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
  }

  /**
   * What an HTTP {@code Authorization} header holds ({@code rest} is "uthorization" or "UTHORIZATION"):
   * after the key, a ':' or '=' and blanks, the credentials after a scheme word ({@code Basic amRvZTpwdw==},
   * {@code Negotiate ...}), or the value itself when no scheme word stands before it.
   */
  private static void authorization(String t, String rest, List<Span> out) {
    int n = t.length();
    int[] stops = {-1, -1};
    for (int j = t.indexOf(rest); j >= 1; j = t.indexOf(rest, j + 1)) {
      int a = j - 1;
      if (t.charAt(a) != 'a' && t.charAt(a) != 'A' || (a > 0 && isAlnum(t.charAt(a - 1)))) {
        continue;
      }
      int p = j + rest.length();
      if (p < n && (t.charAt(p) == '"' || t.charAt(p) == '\'')) {
        p++;
      }
      if (p >= n || (t.charAt(p) != ':' && t.charAt(p) != '=')) {
        continue;
      }
      int ws = skipBlanks(t, p + 1);
      int we = ws;
      while (we < n && isLetter(t.charAt(we))) {
        we++;
      }
      int vs = skipBlanks(t, we);
      if (we > ws && vs > we && vs < n && !isSecretStop(t.charAt(vs))) {
        secretValue(t, vs, out, stops); // a scheme word, then its credentials
      } else if (t.charAt(p) == ':') {
        secretValue(t, ws, out, stops); // no scheme word ("Authorization: abc123"); '=' values are secretAfterKey's
      }
    }
  }

  /**
   * Everything around an '@': slot names ({@code slot1_2@host}, {@code slot1@glidein_1_2@host}: the
   * glidein id and the host), e-mail addresses, job ids at a host ({@code 123.4@schedd.example.org}) and
   * user infos ({@link #urlUserInfo}, {@link #brokenUrlUserInfos}, {@link #bareUserInfos}: an '@' one of
   * them reads is no e-mail address's).
   */
  private static void findAt(String t, List<Span> out) {
    boolean urls = t.indexOf("://") >= 0;
    // the '@'s that end a user info read by brokenUrlUserInfos or bareUserInfos (null: none)
    java.util.BitSet taken = urls ? brokenUrlUserInfos(t, out, null) : null;
    int colon = t.indexOf(':');
    if (colon >= 0 && colon < t.lastIndexOf('@')) {
      taken = bareUserInfos(t, out, taken);
    }
    int infoEnd = -1; // the last '@' of the URL user info the '@'s are in, if any (urlUserInfo)
    int runStart = 0; // where the run of user info characters up to 'read' starts (a '@' is one)
    int read = 0; // the characters before it have been read for runStart: linear in the text, however many '@'s
    for (int a = t.indexOf('@'); a >= 0; a = t.indexOf('@', a + 1)) {
      if (urls) {
        for (; read < a; read++) {
          if (!isUserInfoChar(t.charAt(read))) {
            runStart = read + 1;
          }
        }
        if (a > infoEnd) {
          infoEnd = urlUserInfo(t, runStart, a, out);
        }
      }
      if (a <= infoEnd || (taken != null && taken.get(a))) {
        continue; // inside a URL's user info, or a user info's end: read there
      }
      int l = localPartStart(t, a);
      int r = domainEnd(t, a);
      if (l == a || r == a + 1) {
        // an address literal (RFC 5321: jane@[10.1.2.3], jane@[IPv6:2001:db8::1]) kept the user in clear (review 37)
        int literal = l < a ? addressLiteralEnd(t, a + 1) : -1;
        if (literal > 0 && hasLetter(t, l, a)) {
          out.add(new Span(l, literal, Span.EMAIL, null));
        } else if (l < a && a + 1 < t.length() && t.charAt(a + 1) == '[' && hasLetter(t, l, a)
            && !isSlotName(t, l, a) && !isGlidein(t, l, a)) {
          // a mailbox at a literal that is no address (jane@[10.1.2.300], jane@[x]): the mailbox is still a
          // user's, replaced as a user name; what the brackets hold is other text
          out.add(new Span(l, a, Span.PATH_USER, null));
        }
        continue; // no local part ("@wn7.fnal.gov", "\"q\"@..."): findHosts reads what follows as other text
      }
      if (isGlidein(t, l, a)) {
        out.add(new Span(l, a, Span.SLOT, null));
        if (indexOf(t, '_', a + 1, r) < 0) {
          out.add(new Span(a + 1, r, Span.SLOT, null));
        }
        continue;
      }
      if (isSlotName(t, l, a)) {
        if (!isGlidein(t, a + 1, r) && indexOf(t, '_', a + 1, r) < 0) {
          out.add(new Span(a + 1, r, Span.SLOT, null));
        }
        continue;
      }
      if (indexOf(t, '.', a + 1, r) < 0) { // a domain with '_' is one too (jane@wn_1.2.3.4 kept the user, review 37)
        continue;
      }
      if (hasLetter(t, l, a)) {
        out.add(new Span(l, r, Span.EMAIL, null));
        displayName(t, l, r, out);
      } else { // 123.4@schedd.example.org: a job id at a host
        out.add(new Span(a + 1, r, Span.HOST, null));
      }
    }
  }

  /**
   * The display name of a mailbox, {@code Jane Roe <jane.roe@cern.ch>} or {@code "Roe, Jane" <...>}
   * (RFC 5322; NotifyUser and x509UserProxyEmail are written so, review 43 found the name kept): the
   * quoted text before the address in angle brackets ({@code Last, First} read as {@code First Last}), or
   * up to four words just before it, each starting with an upper-case letter and made of letters, marks,
   * '.', '-' and apostrophes, one space between two ({@code Please contact Jane Roe <...>} gives
   * {@code Jane Roe}). A span of kind NAME: a full name's token, as a CN's ({@code name} handler), a single
   * word's as a user name's.
   */
  private static void displayName(String t, int l, int r, List<Span> out) {
    if (l < 1 || t.charAt(l - 1) != '<' || r >= t.length() || t.charAt(r) != '>') {
      return;
    }
    int e = l - 1;
    while (e > 0 && isSpaceOrTab(t.charAt(e - 1))) {
      e--;
    }
    if (e >= 2 && t.charAt(e - 1) == '"') {
      int q = t.lastIndexOf('"', e - 2);
      if (q >= 0 && hasLetter(t, q + 1, e - 1)) {
        String name = t.substring(q + 1, e - 1).trim();
        int comma = name.indexOf(',');
        if (comma > 0 && comma == name.lastIndexOf(',')) { // last name first, as the dictionary pass reads it
          name = name.substring(comma + 1).trim() + " " + name.substring(0, comma).trim();
        }
        out.add(new Span(q + 1, e - 1, Span.NAME, NameDictionary.canonical(name)));
      }
      return;
    }
    int s = e;
    int p = e;
    for (int words = 0; words < 4; words++) {
      int ws = p;
      while (ws > 0 && isDisplayNameChar(t.codePointBefore(ws))) {
        ws -= Character.charCount(t.codePointBefore(ws));
      }
      if (ws == p || Character.getType(t.codePointAt(ws)) != Character.UPPERCASE_LETTER) {
        break;
      }
      s = ws;
      if (ws == 0 || t.charAt(ws - 1) != ' ') {
        break;
      }
      p = ws - 1;
    }
    if (s < e) {
      out.add(new Span(s, e, Span.NAME, NameDictionary.canonical(t.substring(s, e))));
    }
  }

  private static boolean isDisplayNameChar(int cp) {
    if (Character.isLetter(cp) || cp == '.' || cp == '-' || cp == '\'') {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  /** Whether t[s, e) is {@code glidein_\d+_\d+}. */
  private static boolean isGlidein(String t, int s, int e) {
    if (e - s < 11 || !t.startsWith("glidein_", s)) {
      return false;
    }
    int d = digits(t, s + 8, e);
    if (d == s + 8 || d >= e || t.charAt(d) != '_') {
      return false;
    }
    int d2 = digits(t, d + 1, e);
    return d2 > d + 1 && d2 == e;
  }

  /** Whether t[s, e) is {@code slot\d+(?:_\d+)?}. */
  private static boolean isSlotName(String t, int s, int e) {
    if (e - s < 5 || !t.startsWith("slot", s)) {
      return false;
    }
    int d = digits(t, s + 4, e);
    if (d == s + 4) {
      return false;
    }
    if (d == e) {
      return true;
    }
    if (t.charAt(d) != '_') {
      return false;
    }
    int d2 = digits(t, d + 1, e);
    return d2 > d + 1 && d2 == e;
  }

  /** The end of the run of ASCII digits in t[i, e). */
  private static int digits(String t, int i, int e) {
    while (i < e && isDigit(t.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The first index of {@code c} in t[from, to), or -1. */
  /** The first {@code c} in {@code t[from, to)}, or -1; reads no further than {@code to} (review 42: searching to
   * the text's end at every '@' made 400,000 "a@b" take 9 s). */
  private static int indexOf(String t, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (t.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isLocalChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '%' || c == '+' || c == '-';
  }

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

  /** Every directory name of an absolute path that looks like a user name and is not a common path word. */
  private static void findPathSegments(String t, Scan sc, boolean directoryPaths, List<Span> out) {
    int n = t.length();
    int from = 0;
    for (int ev = 0; ev < sc.events; ev++) {
      int i = sc.at[ev];
      if (sc.kind[ev] != E_SLASH || i < from || (i > 0 && isPathChar(t.charAt(i - 1)))) {
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
          // the last segment: a file name, kept, unless the field's paths name directories (Iwd)
          if (directoryPaths && isUserLikeSegment(t, s, e) && !PATH_WORDS.contains(t.substring(s, e))) {
            out.add(new Span(s, e, Span.PATH_USER, null));
          }
          break;
        }
        if (isUserLikeSegment(t, s, slash) && !PATH_WORDS.contains(t.substring(s, slash))) {
          out.add(new Span(s, slash, Span.PATH_USER, null));
        }
        s = slash + 1;
      }
      from = e + 1;
    }
  }

  /**
   * {@code imageReferences}: each run of reference characters ({@link #isReferenceChar}) that holds a '/'
   * is read as a container image reference ({@code jdoe/tool:1.0}, {@code ghcr.io/jane.doe/tool@sha256:...},
   * {@code docker://jdoe/tool}) or an image path ({@code /cvmfs/singularity.opensciencegrid.org/jdoe/tool:1.0},
   * {@code /data/jdoe/tool.sif}), after a URL scheme if it starts with one. Every component before the last
   * '/' is replaced as a user name, except: a reference's first component when it names a registry (it
   * holds a '.' or ':' or is {@code localhost}, Docker's rule), left to {@code hostNames}; in a path, a
   * host name (a CVMFS repository or a registry: two dots or more and a top-level domain, {@link #isPathHost});
   * common path words; the public namespaces. The last component (the repository with its tag or digest,
   * or a file name) is kept, also before trailing slashes when it holds a tag or digest (':' or '@': an
   * unpacked image's directory, {@code /cvmfs/.../jdoe/tool:latest/}), except where a replaced namespace
   * stands in it as a whole word ({@link #namespaceInRepository}). A namespace is whoever published the
   * image: an organization, or a person (a Docker Hub, GitHub or GitLab account, which may hold dots, as
   * {@code jane.q.doe}) who may be in no identity field of the run.
   */
  static void findImageNamespaces(String t, java.util.Set<String> publicNamespaces, List<Span> out) {
    findImageNamespaces(t, publicNamespaces, out, false);
  }

  /**
   * The namespaces that name an image's publisher, for the dictionary pass: in a reference
   * ({@code jdoe/tool:1.0}, {@code ghcr.io/jane.doe/team/tool}) every namespace {@link #findImageNamespaces}
   * replaces; in an image path only the last one, the directory that holds the image
   * ({@code /cvmfs/singularity.opensciencegrid.org/jdoe/tool:1.0}, {@code /staging/jdoe/tool.sif}): the
   * directories above it ({@code /ospool/ap40/...}) are replaced in the field but are site words, not
   * people, and a dictionary name is replaced in every text of the run. Their repeats in a repository
   * name are the same names, so they are not listed.
   */
  static void findImagePublishers(String t, java.util.Set<String> publicNamespaces, List<Span> out) {
    findImageNamespaces(t, publicNamespaces, out, true);
  }

  private static void findImageNamespaces(String t, java.util.Set<String> publicNamespaces, List<Span> out,
      boolean publishers) {
    int n = t.length();
    int i = 0;
    while (i < n) {
      int e = referenceRunEnd(t, i);
      if (e == i) {
        i += Character.charCount(t.codePointAt(i));
        continue;
      }
      int s = i + schemeLength(t, i, e);
      boolean path = s < e && t.charAt(s) == '/';
      boolean first = true;
      int last = lastComponentEnd(t, s, e);
      int found = out.size();
      Span lastNamespace = null;
      for (int slash = t.indexOf('/', s); slash >= 0 && slash < last; slash = t.indexOf('/', s)) {
        boolean registry = first && !path && isRegistry(t, s, slash);
        if (slash > s && !registry && isImageNamespace(t, s, slash, path, publicNamespaces)) {
          lastNamespace = new Span(s, slash, Span.PATH_USER, null);
          out.add(lastNamespace);
        }
        first = false;
        s = slash + 1;
      }
      if (!publishers) {
        for (int k = found, namespaces = out.size(); k < namespaces; k++) {
          namespaceInRepository(t, out.get(k), s, last, out);
        }
      } else if (path && lastNamespace != null) {
        out.subList(found, out.size()).clear(); // of a path, only the directory holding the image
        out.add(lastNamespace);
      }
      i = e;
    }
  }

  /**
   * The namespace {@code ns}, replaced, where it stands as a whole word (not next to a letter or digit of
   * any script) in the last component t[s, e), the repository and its tag: a person often names the image
   * after the account ({@code jdoe/jdoe-tools:1.0}), which would otherwise keep it in clear.
   */
  private static void namespaceInRepository(String t, Span ns, int s, int e, List<Span> out) {
    String name = t.substring(ns.start, ns.end);
    int len = name.length();
    for (int p = t.indexOf(name, s); p >= 0 && p + len <= e; p = t.indexOf(name, p + 1)) {
      if ((p == s || !NameDictionary.isWordCharBefore(t, p))
          && (p + len == t.length() || !NameDictionary.isWordCharAt(t, p + len))) {
        out.add(new Span(p, p + len, Span.PATH_USER, null));
      }
    }
  }

  /** The length of the URL scheme and "://" that start t[i, e) ({@code docker://}, {@code osdf://}), or 0. */
  private static int schemeLength(String t, int i, int e) {
    if (!isLetter(t.charAt(i))) {
      return 0;
    }
    int j = i + 1;
    while (j < e && (isAlnum(t.charAt(j)) || t.charAt(j) == '+' || t.charAt(j) == '.' || t.charAt(j) == '-')) {
      j++;
    }
    return t.startsWith("://", j) && j + 3 <= e ? j + 3 - i : 0;
  }

  /**
   * Where the components of the reference t[s, e) end: at {@code e}, or, when it ends with slashes after a
   * component holding a tag or digest (':' or '@', which no namespace holds), at those slashes, so that
   * the component stays as the repository it is.
   */
  private static int lastComponentEnd(String t, int s, int e) {
    int end = e;
    while (end > s && t.charAt(end - 1) == '/') {
      end--;
    }
    if (end == e) {
      return e;
    }
    for (int i = end - 1; i >= s && t.charAt(i) != '/'; i--) {
      if (t.charAt(i) == ':' || t.charAt(i) == '@') {
        return end;
      }
    }
    return e;
  }

  /** Whether a reference's first component t[s, e) names a registry: a '.' or ':' in it, or localhost. */
  private static boolean isRegistry(String t, int s, int e) {
    for (int i = s; i < e; i++) {
      if (t.charAt(i) == '.' || t.charAt(i) == ':') {
        return true;
      }
    }
    return t.startsWith("localhost", s) && e - s == 9;
  }

  private static boolean isImageNamespace(String t, int s, int e, boolean path,
      java.util.Set<String> publicNamespaces) {
    if (path) {
      int dots = 0;
      for (int i = s; i < e; i++) {
        dots += t.charAt(i) == '.' ? 1 : 0;
      }
      if (dots >= 2 && isPathHost(t, s, e)) {
        return false; // a host name: a CVMFS repository (singularity.opensciencegrid.org), a registry
      }
    }
    String component = t.substring(s, e);
    return !PATH_WORDS.contains(component) && !publicNamespaces.contains(component);
  }

  /**
   * Whether the path component t[s, e), which holds two dots or more, is a host name: its last label is a
   * top-level domain ({@link #TLDS} or two ASCII letters, a country code: {@code unpacked.cern.ch}), so
   * that a namespace with dots ({@code jane.q.doe}) is not taken for one.
   */
  private static boolean isPathHost(String t, int s, int e) {
    int dot = t.lastIndexOf('.', e - 1);
    int len = e - dot - 1;
    if (len == 2) {
      return isLetter(t.charAt(dot + 1)) && isLetter(t.charAt(dot + 2));
    }
    return isTld(t, dot + 1, e, TLDS, TLD_LIST);
  }

  /** The end of the run of {@link #isReferenceChar reference characters} from {@code i}. */
  private static int referenceRunEnd(String t, int i) {
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (c < 128) {
        if (!isReferenceChar(c)) {
          break;
        }
        i++;
      } else {
        int cp = t.codePointAt(i);
        if (!NameDictionary.isWordChar(cp)) {
          break;
        }
        i += Character.charCount(cp);
      }
    }
    return i;
  }

  /**
   * The ASCII characters of image references and paths: letters, digits, {@code . _ - + ~ / : @}; a
   * reference also takes the letters, digits and combining marks of any script (a path such as
   * {@code /data/josé/tool.sif}).
   */
  private static boolean isReferenceChar(char c) {
    return isPathChar(c) || c == '/' || c == ':' || c == '@';
  }

  /** Whether t[s, e) is {@code [a-z][a-z0-9]{2,15}}. */
  private static boolean isUserLikeSegment(String t, int s, int e) {
    int len = e - s;
    if (len < 3 || len > 16) {
      return false;
    }
    char c = t.charAt(s);
    if (c < 'a' || c > 'z') {
      return false;
    }
    for (int i = s + 1; i < e; i++) {
      c = t.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPathChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-' || c == '+' || c == '~';
  }

  /** {@code <ip:port?...>} and {@code <host:port?...>}: see {@link #sinfulEnd}. */
  private static void findSinful(String t, List<Span> out) {
    for (int lt = t.indexOf('<'); lt >= 0; lt = t.indexOf('<', lt + 1)) {
      int e = sinfulEnd(t, lt);
      if (e >= 0) {
        out.add(new Span(lt, e, Span.SINFUL, null));
        lt = e - 1;
      }
    }
  }

  /**
   * The end (just past its '>') of the sinful string starting at the '<' at {@code lt}, or -1: a digit or
   * '[' after the '<', or a host name ({@link #sinfulHostEnd}), then no whitespace and no other '<' up to
   * the '>', and a ':' followed by a digit.
   */
  private static int sinfulEnd(String t, int lt) {
    int n = t.length();
    if (lt + 1 >= n) {
      return -1;
    }
    char c = t.charAt(lt + 1);
    if (!(isDigit(c) || c == '[' || sinfulHostEnd(t, lt) > 0)) {
      return -1;
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
    return i < n && t.charAt(i) == '>' && port ? i + 1 : -1;
  }

  /**
   * The end of the host name a sinful string starts with ({@code <wn1.fnal.gov:9618?addrs=...>}, as
   * HTCondor writes it when configured with names rather than addresses), or -1: after the '<' a letter
   * or digit, then host-name characters up to a ':' and a digit, at least one of them a letter (a name
   * may start with a digit, {@code <3dflock.example.org:9618>}; an IPv4 address has no letter); the name
   * must hold a dot, or the port be followed by the '?' of the string's parameters (a short name:
   * {@code <submit01:9618?addrs=...>}), so that an angle-bracketed word with a number ({@code <note:1>})
   * is no address.
   */
  private static int sinfulHostEnd(String t, int lt) {
    int n = t.length();
    int i = lt + 1;
    if (i >= n || !isAlnum(t.charAt(i))) {
      return -1;
    }
    boolean dot = false;
    boolean letter = false;
    while (i < n && isHostChar(t.charAt(i))) {
      dot |= t.charAt(i) == '.';
      letter |= isLetter(t.charAt(i));
      i++;
    }
    if (!letter || i + 1 >= n || t.charAt(i) != ':' || !isDigit(t.charAt(i + 1))) {
      return -1;
    }
    if (!dot) {
      int p = i + 1;
      while (p < n && isDigit(t.charAt(p))) {
        p++;
      }
      if (p >= n || t.charAt(p) != '?') {
        return -1;
      }
    }
    return i;
  }

  /**
   * Dotted quads with octets up to 255, not inside a longer dotted number (1.2.3.4.5), also right after a
   * '.' that follows no digit ({@code sock=startd.131.225.67.12_1}, {@code node.10.0.0.1}: skipped as
   * "after a dot" before, they stayed in clear).
   */
  private static void findIpv4(String t, List<Span> out) {
    int n = t.length();
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9' || (i > 0 && isDigit(t.charAt(i - 1))) || insideDottedNumber(t, i)) {
        continue;
      }
      int p = ipv4At(t, i);
      if (p >= 0) {
        out.add(new Span(i, p, Span.IPV4, null));
        i = p - 1;
      }
    }
  }

  /** As {@link #findIpv4(String, List)}, tried only at the starts of digit runs. */
  private static void findIpv4(String t, Scan sc, List<Span> out) {
    int from = 0;
    for (int e = 0; e < sc.events; e++) {
      int i = sc.at[e];
      if (sc.kind[e] != E_DIGITS || i < from || insideDottedNumber(t, i)) {
        continue;
      }
      int p = ipv4At(t, i);
      if (p >= 0) {
        out.add(new Span(i, p, Span.IPV4, null));
        from = p;
      }
    }
  }

  /**
   * IPv4 addresses spelled with dashes inside a name, as pools name their workers and clouds their
   * instances ({@code CRUSH-OSG-C7-10-5-49-28}, {@code ip-10-0-0-1}, {@code host-10-0-0-1.novalocal}):
   * see {@link #dashedIpv4At}. The address gets an {@link Span#IPV4_DASHED} span, replaced by the
   * {@code ip} handler's address written with dashes. With {@code hostNames} and a {@code host} handler
   * that replaces host names (not one that keeps them), the host name around it (the run of
   * {@link #isHostChar host name characters}, without '.' or '-' at either end: what a slot name's host
   * is) gets a {@link Span#HOST} span too, which wins where both start, so the name gets the token its
   * slot name gets; unless a span found before already covers the address (a slot name's host, an
   * e-mail address, a dotted host name {@link #findHosts} read, perhaps without a file extension after
   * it), which then decides. The address's own span stays underneath: should another span take the
   * name's start (a dictionary name, as {@code crush} in {@code CRUSH-OSG-...}), the address is still
   * replaced. Both spans end before a span that starts inside them and ends after them, and have an
   * alternative starting after a span that reaches into them ({@link #addCut}). Runs last, after the
   * other detectors, whose spans it reads.
   */
  private void findDashedIpv4(String t, Scan sc, List<Span> out) {
    int from = 0;
    int found = out.size(); // the other detectors' spans; the names are in sc
    for (int e = 0; e < sc.events; e++) {
      int i = sc.at[e];
      if (sc.kind[e] != E_DIGITS || i < from) {
        continue;
      }
      int q = dashedIpv4At(t, i);
      if (q < 0) {
        continue;
      }
      from = q;
      if (hostNames && !host.keep && !covered(out, found, sc, i, q)) {
        int s = i;
        while (s > 0 && isHostChar(t.charAt(s - 1))) {
          s--;
        }
        while (t.charAt(s) == '-' || t.charAt(s) == '.') {
          s++;
        }
        int end = q;
        while (end < t.length() && isHostChar(t.charAt(end))) {
          end++;
        }
        addCut(t, out, found, sc, s, end, Span.HOST);
      }
      addCut(t, out, found, sc, i, q, Span.IPV4_DASHED); // cut short, the ip handler rejects it: a marker
    }
  }

  /**
   * Adds [s, e) of {@code kind}, ended before a span that starts inside it and ends after it
   * ({@link #crossing}); and, where a span starts before {@code s} and ends inside [s, e)
   * ({@link #after}), also the part after that span, so that whichever of the two the selection keeps,
   * nothing of [s, e) is left in clear (review 30).
   */
  private static void addCut(String t, List<Span> out, int found, Scan sc, int s, int e, int kind) {
    int end = trimEnd(t, s, crossing(out, found, sc, s, e));
    if (end > s) {
      out.add(new Span(s, end, kind, null));
    }
    int s2 = skipLead(t, after(out, found, sc, s), e);
    if (s2 != s) {
      int end2 = trimEnd(t, s2, crossing(out, found, sc, s2, e));
      if (end2 > s2) {
        out.add(new Span(s2, end2, kind, null));
      }
    }
  }

  /** {@code s} past the '.' and '-' at it, not beyond {@code e}. */
  private static int skipLead(String t, int s, int e) {
    while (s < e && (t.charAt(s) == '-' || t.charAt(s) == '.')) {
      s++;
    }
    return s;
  }

  /**
   * {@code s}, or the end of the last span (one of {@code spans[0, count)} or a dictionary name) that
   * starts before {@code s} and ends after it: that span wins, starting first, so what follows it is
   * read from there ({@code 2001:db8::128-255-10-7}: the IPv6 reader takes the first number).
   */
  private static int after(List<Span> spans, int count, Scan sc, int s) {
    int from = s;
    for (int k = 0; k < count; k++) {
      Span c = spans.get(k);
      if (c.start < s && c.end > from) {
        from = c.end;
      }
    }
    for (int k = 0; k < sc.nameCount; k++) {
      if (sc.names[k * 3] < s && sc.names[k * 3 + 1] > from) {
        from = sc.names[k * 3 + 1];
      }
    }
    return from;
  }

  /** {@code end} without '.' or '-' before it, not below {@code s}. */
  private static int trimEnd(String t, int s, int end) {
    while (end > s && (t.charAt(end - 1) == '-' || t.charAt(end - 1) == '.')) {
      end--;
    }
    return end;
  }

  /** Whether one of {@code spans[0, count)} or a dictionary name in {@code sc} covers [s, e). */
  private static boolean covered(List<Span> spans, int count, Scan sc, int s, int e) {
    for (int k = 0; k < count; k++) {
      Span c = spans.get(k);
      if (c.start <= s && c.end >= e) {
        return true;
      }
    }
    for (int k = 0; k < sc.nameCount; k++) {
      if (sc.names[k * 3] <= s && sc.names[k * 3 + 1] >= e) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code e}, or the start of the first span (one of {@code spans[0, count)} or a dictionary name) that
   * starts inside (s, e) and ends after {@code e}: such a span (a full name, {@code host-10-0-0-1.Jane
   * Doe}; an IPv6 address after a ':') would lose to the one ending at {@code e}, which starts first,
   * and its part after {@code e} would stay in clear, so the span ends where it starts (review 30).
   */
  private static int crossing(List<Span> spans, int count, Scan sc, int s, int e) {
    int cut = e;
    for (int k = 0; k < count; k++) {
      Span c = spans.get(k);
      if (c.start > s && c.start < cut && c.end > e) {
        cut = c.start;
      }
    }
    for (int k = 0; k < sc.nameCount; k++) {
      int ns = sc.names[k * 3];
      if (ns > s && ns < cut && sc.names[k * 3 + 1] > e) {
        cut = ns;
      }
    }
    return cut;
  }

  /**
   * The end of the dashed IPv4 address starting at {@code i}, or -1. A name's label (a run of ASCII
   * letters, digits and '-') reads as components between single dashes; the address is a run of
   * exactly four consecutive components of digits only, each of one to three digits and at most 255,
   * starting at {@code i}, or such four followed by a port (a fifth component of four or five digits,
   * the run's last: {@code 10-0-0-19-9618}). Exactly four otherwise: a longer run of numbers
   * ({@code 2021-7-14-10-5}, a date and time) is no address; a component with a letter ({@code C7},
   * {@code 400d}) ends a run.
   */
  static int dashedIpv4At(String t, int i) {
    int n = t.length();
    int first = i;
    while (first < n && isDigit(t.charAt(first))) {
      first++;
    }
    if (first + 1 >= n || t.charAt(first) != '-') {
      return -1; // no component after this one: the usual case, decided first
    }
    if (i > 0) {
      char b = t.charAt(i - 1);
      if (isAlnum(b)) {
        return -1; // inside a component that starts before i ("C7")
      }
      if (b == '-' && i >= 2 && isAlnum(t.charAt(i - 2))) {
        int k = i - 2;
        while (k >= 0 && isDigit(t.charAt(k))) {
          k--;
        }
        if (k < 0 || !isAlnum(t.charAt(k))) {
          return -1; // the component before is a number too: the run starts there
        }
      }
    }
    int p = i;
    int count = 0;
    boolean octets = true;
    int end = -1;
    int lastLength = 0;
    while (true) {
      int q = p;
      int v = 0;
      while (q < n && isDigit(t.charAt(q))) {
        if (q - p < 3) {
          v = v * 10 + (t.charAt(q) - '0');
        }
        q++;
      }
      if (q == p || (q < n && isAlnum(t.charAt(q)))) {
        break; // not a component of digits only: the run ended before it
      }
      if (++count > 5) {
        return -1;
      }
      lastLength = q - p;
      if (count <= 4) {
        octets &= lastLength <= 3 && v <= 255;
      }
      if (count == 4) {
        end = q;
      }
      if (q + 1 < n && t.charAt(q) == '-' && isAlnum(t.charAt(q + 1))) {
        p = q + 1;
      } else {
        break;
      }
    }
    return octets && (count == 4 || (count == 5 && lastLength >= 4 && lastLength <= 5)) ? end : -1;
  }

  /**
   * IPv6 addresses right after a word and a ':' ({@code user12345:2001:db8::1},
   * {@code jdoe:2001:db8:0:0:0:0:0:1}, {@code bob::a:1}): the reader above cannot start after a ':' or a
   * hexadecimal digit, and when it starts on the word's last letters ({@code jdoe:...} from its
   * {@code e}) its match may run past eight groups, or lose to the word as a dictionary name, so such an
   * address stayed in clear (reviews 30 and 31). Each ':' that follows a letter or digit and precedes a
   * hexadecimal digit or ':' is tried as the place an address starts: after it, or at it before "::".
   */
  private static void afterWordColons(String t, List<Span> out) {
    Matcher m = null;
    for (int c = t.indexOf(':', 1); c >= 0 && c + 1 < t.length(); c = t.indexOf(':', c + 1)) {
      char after = t.charAt(c + 1);
      if (!Character.isLetterOrDigit(t.charAt(c - 1))
          || !(isDigit(after) || (after >= 'a' && after <= 'f') || (after >= 'A' && after <= 'F') || after == ':')) {
        continue;
      }
      if (m == null) {
        m = IPV6_AFTER_COLON.matcher(t);
      }
      int start = after == ':' ? c : c + 1;
      m.region(start, t.length());
      if (m.lookingAt() && isIpv6(t, start, m.end(), ':')) {
        out.add(new Span(start, withIpv4Tail(t, start, m.end()), Span.IPV6, null));
      }
    }
  }

  /** How many ':' {@code s} holds. */
  static int colonCount(String s) {
    int c = 0;
    for (int i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) {
      c++;
    }
    return c;
  }

  /** Whether the digit run at {@code i} follows {@code <digit>.}: a later part of a dotted number. */
  private static boolean insideDottedNumber(String t, int i) {
    return i > 1 && t.charAt(i - 1) == '.' && isDigit(t.charAt(i - 2));
  }

  /**
   * The end of the IPv6 address whose hexadecimal part is {@code t[ms, me)}: past a dotted IPv4 tail
   * ({@code ::ffff:131.225.7.8}, an IPv4-mapped address) when the last group starts one, else {@code me}.
   * Without it the address would end at the tail's first octet and leave three octets in clear.
   */
  static int withIpv4Tail(String t, int ms, int me) {
    if (me >= t.length() || t.charAt(me) != '.') {
      return me;
    }
    int colon = t.lastIndexOf(':', me - 1);
    if (colon < ms) {
      return me;
    }
    // the tail stands for two groups: six before it, or fewer with "::"
    int colons = 0;
    for (int k = ms; k <= colon; k++) {
      if (t.charAt(k) == ':') {
        colons++;
      }
    }
    int dbl = t.indexOf("::", ms);
    boolean compressed = dbl >= 0 && dbl < colon;
    if (compressed ? colons > 6 : colons != 6) {
      return me;
    }
    int p = ipv4At(t, colon + 1);
    return p > me ? p : me;
  }

  /** The end of the dotted quad starting at {@code i}, or -1. */
  private static int ipv4At(String t, int i) {
    int n = t.length();
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
      if (len == 0 || len > 3 || v > 255) { // zero-padded octets (131.225.077.088) are addresses too
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
      return p;
    }
    return -1;
  }

  /**
   * Every match of the phone expression (above), as {@code find()} reports them, tried only where a
   * match can start: a '+', '(' or the first digit of a run, not preceded by a word character, '.', '+'
   * or '-' (the expression's look-behind), and matched there by {@link #phoneAt}.
   */
  private static void findPhones(String t, Scan sc, List<Span> out) {
    int from = 0;
    for (int e = 0; e < sc.events; e++) {
      int i = sc.at[e];
      byte k = sc.kind[e];
      if ((k != E_DIGITS && k != E_PLUS_PAREN) || i < from) {
        continue;
      }
      int end = phoneAt(t, i);
      if (end >= 0) {
        out.add(new Span(i, end, Span.PHONE, null));
        from = end;
      }
    }
  }

  /**
   * The end of the match of the phone expression starting at {@code i}, or -1: what {@code lookingAt}
   * returns there (with transparent bounds). The alternatives are tried in the order the expression's
   * backtracking tries them — the optional "+country" group first with 3, 2, then 1 digits, each with
   * and then without its separator, then without the group; the "(area) " form before "area-" — and the
   * first that completes is the match. The local part ({@code \d{3}[ .-]\d{4}}) has one length, so
   * every alternative that completes ends at the same place relative to where it started.
   */
  static int phoneAt(String t, int i) {
    int n = t.length();
    if (i > 0 && isPhoneGuard(t.charAt(i - 1))) {
      return -1;
    }
    if (i < n && t.charAt(i) == '+') {
      int d = digits(t, i + 1, Math.min(n, i + 4)) - (i + 1);
      for (int k = d; k >= 1; k--) {
        int p = i + 1 + k;
        if (p < n && isPhoneSeparator(t.charAt(p))) {
          int e = phoneRest(t, p + 1);
          if (e >= 0) {
            return e;
          }
        }
        int e = phoneRest(t, p);
        if (e >= 0) {
          return e;
        }
      }
    } else if (i < n && isDigit(t.charAt(i))) {
      // a country code without a plus needs a '-' or '.' after it (1-630-840-1234); after a space it
      // would be any number before a phone number ("ProcId 1 630-840-1234")
      int d = digits(t, i, Math.min(n, i + 3)) - i;
      for (int k = d; k >= 1; k--) {
        int p = i + k;
        if (p < n && (t.charAt(p) == '-' || t.charAt(p) == '.')) {
          int e = phoneRest(t, p + 1);
          if (e >= 0) {
            return e;
          }
        }
      }
    }
    return phoneRest(t, i);
  }

  /** The area code and local part from {@code p}: {@code (?:\(\d{3}\) ?|\d{3}[ .-])} then the local part. */
  private static int phoneRest(String t, int p) {
    int n = t.length();
    if (p + 4 < n && t.charAt(p) == '(' && digits(t, p + 1, p + 4) == p + 4 && t.charAt(p + 4) == ')') {
      if (p + 5 < n && t.charAt(p + 5) == ' ') {
        int e = phoneLocal(t, p + 6);
        if (e >= 0) {
          return e;
        }
      }
      int e = phoneLocal(t, p + 5);
      if (e >= 0) {
        return e;
      }
    }
    if (p + 3 < n && digits(t, p, p + 3) == p + 3 && isPhoneSeparator(t.charAt(p + 3))) {
      return phoneLocal(t, p + 4);
    }
    return -1;
  }

  /** {@code \d{3}[ .-]\d{4}(?![\w-])} from {@code q}: its end, or -1. */
  private static int phoneLocal(String t, int q) {
    int n = t.length();
    if (q + 8 > n || digits(t, q, q + 3) != q + 3 || !isPhoneSeparator(t.charAt(q + 3))
        || digits(t, q + 4, q + 8) != q + 8) {
      return -1;
    }
    int e = q + 8;
    if (e < n) {
      char c = t.charAt(e);
      if (isAlnum(c) || c == '_' || c == '-') { // the look-ahead (?![\w-]), \w ASCII
        return -1;
      }
    }
    return e;
  }

  private static boolean isPhoneSeparator(char c) {
    return c == ' ' || c == '.' || c == '-';
  }

  /** The look-behind's class {@code [\w.+-]} ({@code \w} is {@code [A-Za-z0-9_]}). */
  private static boolean isPhoneGuard(char c) {
    return isAlnum(c) || c == '_' || c == '.' || c == '+' || c == '-';
  }

  /** {@link #findPhones(String, Scan, List)} on a text scanned on its own (tests). */
  static void findPhones(String t, List<Span> out) {
    Scan sc = new Scan();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (isDigit(c) && (i == 0 || !isDigit(t.charAt(i - 1)))) {
        sc.event(i, E_DIGITS);
      } else if (c == '+' || c == '(') {
        sc.event(i, E_PLUS_PAREN);
      }
    }
    findPhones(t, sc, out);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Whether some "ddd?dddd" occurs (a run of exactly three digits, one ' ', '-' or '.', a run of four or
   * more digits): the tail of every phone number. Looks only at the digit runs.
   */
  private static boolean maybePhone(String t, Scan sc) {
    int n = t.length();
    for (int e = 0; e < sc.events; e++) {
      int s = sc.at[e];
      if (sc.kind[e] != E_DIGITS || s + 8 > n || digits(t, s, n) != s + 3) {
        continue;
      }
      char sep = t.charAt(s + 3);
      if ((sep == ' ' || sep == '-' || sep == '.') && digits(t, s + 4, s + 8) == s + 8) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.Set<String> TLDS = java.util.Set.of("gov", "edu", "org", "com", "net", "int", "mil",
      "info", "local", "lan", "internal", "arpa", "site", "cloud", "io");
  private static final java.util.Set<String> NOT_TLDS = java.util.Set.of("gz", "xz", "bz", "sh", "py", "pl", "js", "db",
      "so", "md", "rb", "go", "cc", "hh", "ps", "jl", "ml", "rs", "ts", "vm", "cp", "mk", "in", "am", "fm");

  /** The file extensions a host name under a country-code domain may be followed by (see findHosts). */
  private static final java.util.Set<String> FILE_EXTENSIONS = java.util.Set.of("log", "out", "err", "txt", "stdout",
      "stderr", "json", "jsonl", "xml", "csv", "tsv", "html", "gz", "bz2", "xz", "zst", "tar", "tgz", "pem", "crt",
      "cfg", "conf", "pid", "lock");
  private static final String[] FILE_EXTENSION_LIST = FILE_EXTENSIONS.toArray(new String[0]);
  private static final String[] TLD_LIST = TLDS.toArray(new String[0]);
  private static final String[] NOT_TLD_LIST = NOT_TLDS.toArray(new String[0]);

  /**
   * Whether t[s, e) lower-cased is in {@code set} (whose elements are {@code list}): compared in place
   * when the label is ASCII, else through {@code toLowerCase(Locale.ROOT)} as before.
   */
  private static boolean isTld(String t, int s, int e, java.util.Set<String> set, String[] list) {
    for (int i = s; i < e; i++) {
      if (t.charAt(i) >= 128) {
        return set.contains(t.substring(s, e).toLowerCase(java.util.Locale.ROOT));
      }
    }
    for (String w : list) {
      if (w.length() == e - s) {
        int i = 0;
        while (i < w.length() && (t.charAt(s + i) | 0x20) == w.charAt(i)) {
          i++;
        }
        if (i == w.length()) {
          return true;
        }
      }
    }
    return false;
  }

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
      // a host after an '@' that findAt reads (a local part before it) is left to findAt; after an '@'
      // with no local part ("@wn7.fnal.gov", "\"q\"@wn7.fnal.gov") it is a host like any other here
      if (dots < 2 || (s > 0 && t.charAt(s - 1) == '@' && localPartStart(t, s - 1) < s - 1)) {
        if (i >= n) {
          break;
        }
        continue;
      }
      if (dots >= 2 && !hasDoubleDot(t, s, e)) {
        int lastDot = t.lastIndexOf('.', e - 1);
        int tl = e - lastDot - 1;
        if (letters(t, lastDot + 1, e) && (tl == 2 ? !isTld(t, lastDot + 1, e, NOT_TLDS, NOT_TLD_LIST)
            : isTld(t, lastDot + 1, e, TLDS, TLD_LIST))) {
          out.add(new Span(s, e, Span.HOST, null));
        } else {
          // a file extension after a host name (wn0123.fnal.gov.log, .tar.gz): up to three labels are
          // dropped, and the name must then end in a generic top-level domain of three or more letters
          // (gov, edu, org, ...), so dotted names of code (sun.nio.ch.X) and files (dune.fd.hd.root) stay
          int e2 = e;
          boolean found = false;
          for (int strip = 0, left = dots; strip < 3 && left >= 3; strip++) {
            e2 = t.lastIndexOf('.', e2 - 1);
            left--;
            int d2 = t.lastIndexOf('.', e2 - 1);
            if (e2 - d2 - 1 >= 3 && letters(t, d2 + 1, e2) && isTld(t, d2 + 1, e2, TLDS, TLD_LIST)) {
              out.add(new Span(s, e2, Span.HOST, null));
              found = true;
              break;
            }
          }
          // a two-letter (country-code) domain before one or two labels that are known file extensions
          // (wn1.cern.ch.log, node12.gridka.de.out.gz), every label of the name but the first holding a
          // letter: only those, since code and file names have two-letter labels too (sun.nio.ch.X,
          // dune.fd.hd.root, out.123.0.er.log)
          e2 = e;
          for (int strip = 0, left = dots; !found && strip < 2 && left >= 3; strip++) {
            int d1 = t.lastIndexOf('.', e2 - 1);
            if (!isTld(t, d1 + 1, e2, FILE_EXTENSIONS, FILE_EXTENSION_LIST)) {
              break;
            }
            e2 = d1;
            left--;
            int d2 = t.lastIndexOf('.', e2 - 1);
            if (e2 - d2 - 1 == 2 && letters(t, d2 + 1, e2) && !isTld(t, d2 + 1, e2, NOT_TLDS, NOT_TLD_LIST)
                && labelsAfterFirstHaveLetters(t, s, e2)) {
              out.add(new Span(s, e2, Span.HOST, null));
              found = true;
            }
          }
        }
      }
      if (i >= n) {
        break;
      }
    }
  }

  /** Whether t[from, to) is a top-level domain's shape: 2 to 8 letters. */
  private static boolean letters(String t, int from, int to) {
    int len = to - from;
    if (len < 2 || len > 8) {
      return false;
    }
    for (int k = from; k < to; k++) {
      if (!Character.isLetter(t.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether each dot-separated label of t[s, e) but the first holds an ASCII letter (the first may be
   * digits and dashes: {@code 192-0-2-7.dyn.example.de}).
   */
  private static boolean labelsAfterFirstHaveLetters(String t, int s, int e) {
    int d = t.indexOf('.', s);
    if (d < 0 || d >= e) {
      return true;
    }
    boolean letter = false;
    for (int i = d + 1; i <= e; i++) {
      if (i == e || t.charAt(i) == '.') {
        if (!letter) {
          return false;
        }
        letter = false;
      } else {
        letter |= isLetter(t.charAt(i));
      }
    }
    return true;
  }

  /** Whether ".." starts somewhere in t[s, e). */
  private static boolean hasDoubleDot(String t, int s, int e) {
    for (int d = t.indexOf('.', s); d >= 0 && d < e; d = t.indexOf('.', d + 1)) {
      if (d + 1 < t.length() && t.charAt(d + 1) == '.') {
        return true;
      }
    }
    return false;
  }

  private static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  /**
   * Whether text[start, end) is an IPv6 address written with {@code sep} between groups: at most one
   * doubled separator, groups of at most four characters, two or more of them non-empty, and eight
   * groups unless compressed (then at most seven). Counted in place, without splitting.
   */
  static boolean isIpv6(CharSequence text, int start, int end, char sep) {
    int dbl = -1;
    for (int i = start; i + 1 < end; i++) {
      if (text.charAt(i) == sep && text.charAt(i + 1) == sep) {
        if (dbl >= 0) {
          return false; // a second doubled separator (overlapping ones included)
        }
        dbl = i;
      }
    }
    int groups = 0;
    int nonEmpty = 0;
    int len = 0;
    for (int i = start; i <= end; i++) {
      if (i == end || text.charAt(i) == sep) {
        if (len > 4) {
          return false;
        }
        if (len > 0) {
          nonEmpty++;
        }
        groups++;
        len = 0;
      } else {
        len++;
      }
    }
    if (nonEmpty < 2) {
      return false;
    }
    return dbl >= 0 ? nonEmpty <= 7 : groups == 8 && nonEmpty == 8;
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
      case Span.IPV4_DASHED:
        applyDashedIp(span, out);
        break;
      case Span.MASKED:
        out.append(s.canonical);
        break;
      case Span.SECRET:
        out.append(SECRET_MARKER);
        break;
      case Span.PHONE:
        apply(phone, span, "[phone]", out);
        break;
      case Span.EMAIL:
        if (email.isInternal()) {
          internal(Span.EMAIL, span, out);
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
          internal(Span.DN, span, out);
        } else {
          apply(dn, span, "[dn]", out);
        }
        break;
      case Span.SINFUL:
        if (sinful.isInternal()) {
          internal(Span.SINFUL, span, out);
        } else {
          apply(sinful, span, "[address]", out);
        }
        break;
      default:
        throw new IllegalStateException("unknown span kind " + s.kind);
    }
  }

  /** The internal rewrite of a composite span (an e-mail, a DN or a sinful string), cached per kind. */
  private void internal(int kind, String span, StringBuilder out) {
    Composites cache = kind == Span.SINFUL ? sinfuls : kind == Span.DN ? dns : emails;
    String done = cache.get(span);
    if (done != null) {
      out.append(done);
      return;
    }
    int mark = out.length();
    if (kind == Span.SINFUL) {
      internalSinful(span, out);
    } else if (kind == Span.DN) {
      internalDn(span, out);
    } else {
      internalEmail(span, out);
    }
    cache.put(span, out, mark);
  }

  /**
   * The key domain of the {@code user} handler's transformer (lower case), or {@code null} when user
   * names are redacted to a marker.
   */
  String userKeyDomain() {
    return user.keyDomain;
  }

  /**
   * A user name in the spelling every user name reaches the {@code user} handler in, dictionary name or
   * not: its canonical spelling ({@link NameDictionary#canonical}: folded, white space as one space, none
   * at either end), as the dictionary's matches get it; a value of white space only as it is. A function
   * of the value alone, so a field tokenized in the user handler's domain spelled so
   * ({@link ScrubTextProvider#userSpelling}) gets the same token whatever dictionary a run has.
   */
  static String canonicalUser(String u) {
    String c = NameDictionary.canonical(u);
    return c.isEmpty() ? u : c;
  }

  /**
   * Applies a handler; a child that rejects the span (wrong shape for its technique) gets the span
   * replaced by the kind's marker: never the clear text.
   */
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

  /**
   * A host name (or a slot's glidein id) through the {@code host} handler, lower-cased first unless the
   * handler keeps it: DNS names are case-insensitive (RFC 4343), so {@code WN7.FNAL.GOV} in one field and
   * {@code wn7.fnal.gov} in another are one host and get one token, whatever technique the handler uses
   * (FPE's {@code hostname} folds case itself, an {@code hmac} handler would give two tokens).
   * {@link String#toLowerCase} returns the span itself when it has no upper-case letter.
   */
  private void applyHost(String span, StringBuilder out) {
    if (ipv4At(span, 0) == span.length()) {
      apply(ip, span, "[ip]", out); // an address where a host name stands (jane@10.1.2.3, slot1@10.1.2.3): its token
      return;
    }
    if (host.keep) {
      keepHost(span, out);
      return;
    }
    int e = span.length();
    while (e > 1 && span.charAt(e - 1) == '.') {
      e--; // a fully qualified name's root dot (wn7.fnal.gov.): the host wn7.fnal.gov, the dot kept after its token
    }
    apply(host, (e == span.length() ? span : span.substring(0, e)).toLowerCase(Locale.ROOT), "[host]", out);
    out.append(span, e, span.length());
  }

  /**
   * An e-mail address: the local part through the {@code user} handler, the domain through {@code host}
   * with {@code hostNames} (else kept). A sub-address ({@code jdoe+alerts@...}, RFC 5233: the mailbox
   * {@code jdoe}, the detail {@code alerts}) has its user and its detail replaced apart, each as a user
   * name, so the mailbox gets the token {@code jdoe} gets everywhere else.
   */
  private void internalEmail(String span, StringBuilder out) {
    int at = span.indexOf('@');
    int plus = span.indexOf('+');
    if (plus > 0 && plus < at) {
      apply(user, canonicalUser(span.substring(0, plus)), "[user]", out);
      out.append('+');
      if (plus < at - 1) { // jdoe+@...: an empty detail
        apply(user, canonicalUser(span.substring(plus + 1, at)), "[user]", out);
      }
    } else {
      apply(user, canonicalUser(span.substring(0, at)), "[user]", out);
    }
    out.append('@');
    if (span.charAt(at + 1) == '[') { // an address literal: the address's token inside its brackets
      int s = literalAddressStart(span, at + 1);
      int e = span.length() - 1;
      while (isSpaceOrTab(span.charAt(e - 1))) {
        e--;
      }
      out.append(span, at + 1, s); // '[', a tag and blanks, as written
      apply(ip, span.substring(s, e), "[ip]", out);
      out.append(span, e, span.length());
    } else if (hostNames) {
      applyHost(span.substring(at + 1), out);
    } else {
      keepHost(span.substring(at + 1), out);
    }
  }

  /**
   * A host name kept as written, but for the IPv4 addresses in it, dotted ({@link #findIpv4}) or spelled
   * with dashes ({@link #dashedIpv4At}), replaced as in free text: a slot's host, a sinful alias or an e-mail domain
   * that keeps its name ({@code slot1@host-10-0-0-1.novalocal}) does not keep the address.
   */
  private void keepHost(String span, StringBuilder out) {
    // the addresses inside the name, dotted (jane@10.1.2.3.x.org, x.org.10.1.2.3: review 36) and dashed, and its
    // dictionary names (jane@jdoe-laptop.x.org kept jdoe, which free text replaces: review 37), as free text
    // finds them; where two overlap, the first is taken and the part of the other past it masked, as in free
    // text (jane@10-0-0-1.2.3.4 kept .2.3.4: review 37)
    ArrayList<Span> found = null;
    if (span.indexOf('.') >= 0) {
      found = new ArrayList<>();
      findIpv4(span, found);
    }
    for (int i = 0; i < span.length(); i++) {
      if (isDigit(span.charAt(i)) && (i == 0 || !isDigit(span.charAt(i - 1)))) {
        int q = dashedIpv4At(span, i);
        if (q > 0) {
          found = found == null ? new ArrayList<>() : found;
          found.add(new Span(i, q, Span.IPV4_DASHED, null));
        }
      }
    }
    if (!dictionary.isEmpty()) {
      Scan sc = new Scan();
      scan(span, sc);
      for (int k = 0; k < sc.nameCount; k++) {
        found = found == null ? new ArrayList<>() : found;
        found.add(new Span(sc.names[k * 3], sc.names[k * 3 + 1], Span.NAME, dictionary.word(sc.names[k * 3 + 2])));
      }
    }
    if (found == null || found.isEmpty()) {
      out.append(span);
      return;
    }
    sortSpans(found, false);
    int pos = 0;
    for (Span s : found) {
      if (s.start < pos) {
        if (s.end > pos && hasLetterOrDigit(span, pos, s.end)) {
          out.append(s.kind != Span.NAME ? "[ip]" : s.canonical.indexOf(' ') >= 0 ? "[name]" : "[user]");
          pos = s.end;
        }
        continue;
      }
      out.append(span, pos, s.start);
      if (s.kind == Span.IPV4_DASHED) {
        applyDashedIp(span.substring(s.start, s.end), out);
      } else {
        replace(span, s, out); // an address, or a name
      }
      pos = s.end;
    }
    out.append(span, pos, span.length());
  }


  /** An address spelled with dashes through the {@code ip} handler, written with dashes again. */
  private void applyDashedIp(String dashed, StringBuilder out) {
    int mark = out.length();
    apply(ip, dashed.replace('-', '.'), "[ip]", out);
    for (int k = mark; k < out.length(); k++) {
      if (out.charAt(k) == '.') {
        out.setCharAt(k, '-'); // the address written as the name wrote it
      }
    }
  }

  /**
   * Keeps the structure and the organisational RDNs (DC, C, O, OU, as the {@code dn} transformer keeps
   * them); CN (names, UID:x), UID and emailAddress are replaced, and so is the value of any other
   * attribute type (SN, GN, serialNumber, title, L, ST, a misspelt key): it may name a person, so it gets
   * a name's token (a dictionary user name's, where it is one). An organisational value is scrubbed as
   * free text is: a damaged DN ({@code O=FUID:jdoe}, {@code OU=PeopCN=Jane Doe}) or the text a DN's last
   * value runs into (it ends only at '/', ',', ';', quotes and line ends: {@code O=Fermilab from 10.1.2.3
   * for jane@x.org}) keeps no name, address or e-mail. A one-word value (UID, {@code CN=UID:},
   * emailAddress, E; keys in any case) is the word after any white space, up to white space, replaced
   * whole; the text after it is scrubbed as free text (reviews 33 and 34). An e-mail address that free
   * text reads at the word's start is scrubbed as free text with that text, so it ends where free text
   * ends an address (review 35).
   * Until 2026-11-27 all of these were kept as written (found by {@code CorruptedInputTest} and review 32).
   */
  private void internalDn(String span, StringBuilder out) {
    if (span.charAt(0) != '/') {
      internalCommaDn(span, out);
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
      int eq = span.indexOf('=', i);
      out.append(span, i, eq + 1); // "/KEY="
      rdnValue(span.substring(i + 1, eq), span.substring(eq + 1, end), out);
      i = end;
    }
  }

  /**
   * A DN in the comma form ({@link #findCommaDns}): each value rewritten as the slash form's
   * ({@link #rdnValue}), inside its quotes when it is quoted; keys, the blanks around '=', separators, the
   * spaces after them and the blanks that end a value kept as written.
   */
  private void internalCommaDn(String span, StringBuilder out) {
    int n = span.length();
    int i = 0;
    while (i < n) {
      int k = attributeTypeEnd(span, i); // the span holds whole RDNs: a key, blanks, '=', blanks, a value
      int vs = skipBlanks(span, skipBlanks(span, k) + 1);
      int e = commaValue(span, vs);
      int v = e;
      while (v > vs && isBlankChar(span.charAt(v - 1))) {
        v--;
      }
      out.append(span, i, vs);
      String key = span.substring(i, k);
      if (v - vs >= 2 && span.charAt(vs) == '"' && span.charAt(v - 1) == '"') {
        out.append('"');
        rdnValue(key, span.substring(vs + 1, v - 1), out);
        out.append('"');
      } else {
        rdnValue(key, span.substring(vs, v), out);
      }
      out.append(span, v, e);
      if (e >= n) {
        break;
      }
      int r = skipBlanks(span, e + 1); // past the separator and its spaces
      out.append(span, e, r);
      i = r;
    }
  }

  /** Rewrites the value of one RDN whose key is {@code key}, in either form of DN. */
  private void rdnValue(String key, String val, StringBuilder out) {
    key = PERSON_OIDS.getOrDefault(key, key); // 2.5.4.3 is a CN
    boolean uidCn = key.equalsIgnoreCase("CN") && val.startsWith("UID:");
    boolean mail = key.equalsIgnoreCase("emailAddress") || key.equalsIgnoreCase("E") || key.equalsIgnoreCase("mail");
    if (uidCn || mail || key.equalsIgnoreCase("UID") || key.equalsIgnoreCase("userid")) {
      // a one-word value (a user name, an e-mail address): the white space before it kept, the word up to
      // white space replaced, and the text after it, which a DN's last value runs into, scrubbed as free
      // text (review 33: "emailAddress=jane@x.org from 10.1.2.3 for bob@y.org" took all of it for the
      // address's domain, and a kept domain kept it; review 34: so did a no-break space or a blank
      // before the address). An address that free text reads from the word's start is left to free
      // text with the rest, so that it ends where free text ends it ("jane@x.org(10.1.2.3)", review 35)
      int w = uidCn ? 4 : 0;
      while (w < val.length() && isBlankChar(val.codePointAt(w))) {
        w += Character.charCount(val.codePointAt(w));
      }
      int b = w;
      while (b < val.length() && !isBlankChar(val.codePointAt(b))) {
        b += Character.charCount(val.codePointAt(b));
      }
      out.append(val, 0, w); // a CN's "UID:" and the blanks, as written
      String word = val.substring(w, b);
      String rest = val.substring(w);
      if (mail && !word.isEmpty() && emailAtStart(rest)) {
        out.append(scrub(rest, new Scan()));
      } else {
        apply(mail ? email : user, mail ? word : canonicalUser(word), mail ? "[email]" : "[user]", out);
        if (b < val.length()) {
          out.append(scrub(val.substring(b), new Scan()));
        }
      }
    } else if (key.equalsIgnoreCase("CN")) {
      String canonical = NameDictionary.canonical(val); // the spelling free text's matches get
      if (canonical.indexOf(' ') < 0 && dictionary.containsCanonical(canonical)) {
        // a user name (a full name has a space in its canonical spelling, whatever white space the CN has)
        apply(user, canonical, "[user]", out); // a user name: the token it gets in free text
      } else if (!val.isEmpty() && val.chars().allMatch(c -> c >= '0' && c <= '9')) {
        out.append(val); // proxy serial CNs (CN=123456789) are not personal
      } else {
        apply(name, canonical, "[name]", out); // a full name, spelled and tokenized as in free text
      }
    } else if (isOrganisationalKey(key)) {
      // scrubbed as free text: a damaged DN (O=FUID:jdoe), or text after a DN that its last value runs
      // into (values stop only at '/', ',', ';', quotes and line ends: "O=Fermilab from 10.1.2.3 for
      // jane@x.org") holds what free text can; a DN found in it (O=a+CN=Jane+UID=jdoe) is shorter than
      // this one, so the recursion ends
      out.append(scrub(val, new Scan()));
    } else if (!val.isEmpty()) {
      String canonical = NameDictionary.canonical(val);
      if (canonical.indexOf(' ') < 0 && dictionary.containsCanonical(canonical)) {
        apply(user, canonical, "[user]", out);
      } else {
        apply(name, canonical, "[name]", out);
      }
    }
  }

  /** Whether {@code t[from, to)} holds a letter or digit (one UTF-16 unit at a time, as the crossing rule reads it). */
  private static boolean hasLetterOrDigit(String t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isLetterOrDigit(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** White space of any kind, the no-break spaces too ({@link Character#isSpaceChar}). */
  private static boolean isBlankChar(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /** Whether free text reads an e-mail address at the start of {@code t} ({@link #findAt}). */
  private static boolean emailAtStart(String t) {
    List<Span> found = new ArrayList<>();
    findAt(t, found);
    for (Span sp : found) {
      if (sp.start == 0 && sp.kind == Span.EMAIL) {
        return true;
      }
    }
    return false;
  }

  /** DC, C, O and OU, in any case: the RDNs whose values a DN keeps, scrubbed as free text. */
  private static boolean isOrganisationalKey(String key) {
    return key.equalsIgnoreCase("DC") || key.equalsIgnoreCase("C") || key.equalsIgnoreCase("O")
        || key.equalsIgnoreCase("OU");
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

  /**
   * The keys whose value inside a sinful string is a host name, also as they appear percent-encoded in
   * a CCB id (which carries the broker's whole sinful string URL-encoded: {@code CCBID=...%26alias%3dhost}).
   */
  private static final String[] SINFUL_HOST_KEYS = {"alias=", "PrivNet=", "alias%3d", "alias%3D", "PrivNet%3d",
      "PrivNet%3D"};

  /**
   * Rewrites every IPv4 and IPv6 address and every host name inside a sinful string: the values of its
   * host keys and, with {@code hostNames}, any dotted host name elsewhere in it. The detectors run on the span with its
   * percent-escapes masked ({@link #maskEscapes}), so an escape's hex digits are never read as part of
   * an address or a name.
   */
  private void internalSinful(String span, StringBuilder out) {
    ArrayList<Span> inner = new ArrayList<>();
    String m = maskEscapes(span);
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
    if (m.indexOf("::") >= 0 || colonCount(m) >= 7) {
      // an unbracketed IPv6 address in a parameter (x=fe80::1%25eth0), which no bracket marks
      Matcher x = IPV6.matcher(m);
      while (x.find()) {
        if (isIpv6(m, x.start(), x.end(), ':')) {
          inner.add(new Span(x.start(), withIpv4Tail(m, x.start(), x.end()), Span.IPV6, null));
        }
      }
    }
    int lead = sinfulHostEnd(m, 0);
    if (lead > 0) {
      inner.add(new Span(1, lead, Span.HOST, null)); // the host name the string starts with
    }
    for (String key : SINFUL_HOST_KEYS) {
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
      findHosts(m, inner); // a host name outside the keys, e.g. in an unusual sinful string
    }
    // at one start the longer span first: a host name that starts with an address (alias=10.1.2.3-wn.x.org) is
    // the host name, as a slot's host is (review 37: the address was taken and the rest of the name kept)
    inner.sort((a, b) -> a.start != b.start ? Integer.compare(a.start, b.start) : Integer.compare(b.end, a.end));
    int pos = 0;
    for (Span s : inner) {
      if (s.start < pos) {
        if (s.end > pos && hasLetterOrDigit(span, pos, s.end)) {
          // the part of a span past the one taken, as free text treats it: a host name's part is kept as a host
          // name is (its addresses replaced) or becomes the marker, never the clear text
          String tail = span.substring(pos, s.end);
          if (s.kind == Span.HOST && host.keep) {
            keepHost(tail, out);
          } else if (s.kind == Span.HOST) {
            out.append("[host]");
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
   * {@code s} with each percent-escape ({@code %} and two hex digits) replaced by {@code "%%%"}: the
   * same length, so positions carry over, and no escape reads as letters or digits.
   */
  static String maskEscapes(String s) {
    int p = s.indexOf('%');
    if (p < 0) {
      return s;
    }
    char[] c = s.toCharArray();
    for (; p >= 0 && p + 2 < c.length; p = s.indexOf('%', p + 1)) {
      if (isHexDigit(c[p + 1]) && isHexDigit(c[p + 2])) {
        c[p + 1] = '%';
        c[p + 2] = '%';
      }
    }
    return new String(c);
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  @Override
  public String toString() {
    return "ScrubText{" + dictionary + "}";
  }
}
