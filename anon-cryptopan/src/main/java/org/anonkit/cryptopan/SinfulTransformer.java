package org.anonkit.cryptopan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.Transformer;

/**
 * Rewrites every IPv4 and IPv6 address inside an HTCondor "sinful" string such as
 * {@code <131.225.67.12:9618?addrs=131.225.67.12-9618+[2620-6a-0-8421--1]-9618&alias=fnpc1234.fnal.gov&noUDP&sock=startd_1234_abcd>}
 * with Crypto-PAn, and leaves every other byte as it was.
 *
 * <p>The value is scanned in percent-decoded form (so addresses inside encoded nested contacts such as
 * {@code CCBID=...%3faddrs%3d...} and {@code PrivAddr=%3c...%3e} are found) and rebuilt from the raw
 * text, so untouched parts keep their exact encoding. Found and rewritten:
 * <ul>
 *   <li>dotted quads (a maximal run of digits and dots with exactly four parts, also right after a
 *       {@code .} as in {@code sock=startd.131.225.67.12_1}); a run with five or more numeric parts is
 *       rejected as ambiguous rather than left in clear;
 *   <li>unbracketed IPv6 addresses outside host positions (a maximal run of hex digits, colons and dots
 *       with at least two colons that is a valid address, e.g. {@code x=fe80::1%25eth0}); in a host
 *       position an unbracketed IPv6 address is rejected;
 *   <li>bracketed IPv6, with {@code :} or HTCondor's {@code -} spelling inside {@code addrs=}; the
 *       output keeps the spelling (RFC 5952 form, {@code -} for {@code :});
 *   <li>names: the values of {@code alias=} and {@code PrivNet=} (host and private-network names), and a
 *       host name where an address belongs (after {@code <}, in {@code addrs=} and {@code CCBID=}
 *       lists), handled by the {@link NameMode}: dropped (default), kept, or given to another
 *       transformer.
 * </ul>
 * Port numbers, {@code sock=}, {@code noUDP} and any other text are kept. Anything after the closing
 * {@code >} (e.g. the {@code #...} of a public claim id) is scanned the same way.
 *
 * <p>Immutable and thread-safe.
 */
final class SinfulTransformer implements Transformer {
  /** What happens to host and network names found in the string. */
  enum NameMode {
    /** Remove {@code alias=} / {@code PrivNet=} parameters; a name in an address position fails. */
    DROP,
    /** Leave names in clear (reveals host names). */
    KEEP,
    /** Replace names by another transformer's output. */
    TRANSFORM
  }

  private static final String[] NAME_PARAMS = {"alias", "PrivNet"};

  private final CryptoPan pan;
  private final NameMode names;
  private final Transformer nameTransformer;

  SinfulTransformer(CryptoPan pan, NameMode names, Transformer nameTransformer) {
    this.pan = pan;
    this.names = names;
    this.nameTransformer = nameTransformer;
  }

  @Override
  public String apply(CharSequence value) {
    return new Scan(value).run();
  }

  @Override
  public String toString() {
    return "SinfulTransformer{" + pan + ", names=" + names + "}";
  }

  /** One rewrite: not thread-safe, lives for one value. */
  private final class Scan {
    private final CharSequence raw;
    private final char[] d;
    private final int[] src;
    private final int n;
    private final List<int[]> spans = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final long[] tmp = new long[2];
    private final CharSequence seq;
    private String param = "";

    Scan(CharSequence raw) {
      this.raw = raw;
      int len = raw.length();
      d = new char[len];
      src = new int[len + 1];
      int m = 0;
      for (int i = 0; i < len; ) {
        char c = raw.charAt(i);
        int hi;
        int lo;
        if (c == '%' && i + 2 < len && (hi = hex(raw.charAt(i + 1))) >= 0 && (lo = hex(raw.charAt(i + 2))) >= 0) {
          d[m] = (char) ((hi << 4) | lo);
          src[m++] = i;
          i += 3;
        } else {
          d[m] = c;
          src[m++] = i;
          i++;
        }
      }
      src[m] = len;
      n = m;
      seq = java.nio.CharBuffer.wrap(d, 0, n);
    }

    String run() {
      if (n == 0 || d[0] != '<') {
        throw new InvalidInputException("expected an HTCondor sinful string starting with '<' (value length "
            + raw.length() + ")");
      }
      int depth = 0;
      boolean closed = false;
      for (int i = 0; i < n && !closed; i++) {
        if (d[i] == '<') {
          depth++;
        } else if (d[i] == '>' && --depth == 0) {
          closed = true;
        }
      }
      if (!closed) {
        throw new InvalidInputException("sinful string has no closing '>' (value length " + raw.length() + ")");
      }
      int i = 0;
      while (i < n) {
        i = step(i);
      }
      return rebuild();
    }

    /** Handles what starts at {@code i}; returns where to continue. */
    private int step(int i) {
      char c = d[i];
      char prev = i == 0 ? '\0' : d[i - 1];
      if (c == '?' || c == '&' || c == '<' || c == '>') {
        param = "";
      }
      if (c == '[') {
        int j = i + 1;
        while (j < n && d[j] != ']') {
          j++;
        }
        if (j == n) {
          throw new InvalidInputException("unterminated '[' at position " + src[i]);
        }
        char sep = ':';
        boolean colon = false;
        for (int k = i + 1; k < j; k++) {
          colon |= d[k] == ':';
        }
        if (!colon) {
          sep = '-';
        }
        if (!IpText.parseIpv6(seq, i + 1, j, sep, tmp)) {
          throw new InvalidInputException("bracketed value at position " + src[i] + " is not an IPv6 address");
        }
        StringBuilder sb = new StringBuilder(40);
        pan.transform(seq, i + 1, j, sep, false, sb, tmp);
        replace(i + 1, j, sb.toString());
        return j + 1;
      }
      if (isHostStart(prev) && isHostChar(c)) {
        int end = hostEnd(i);
        if (IpText.parseIpv4(seq, i, end) == IpText.INVALID) {
          boolean colon = false;
          boolean letter = false;
          for (int k = i; k < end; k++) {
            colon |= d[k] == ':';
            letter |= isLetter(d[k]);
          }
          if (colon || IpText.parseIpv6(seq, i, end, '-', tmp)) {
            throw new InvalidInputException("unbracketed IPv6 address at position " + src[i]
                + "; sinful strings write IPv6 hosts in brackets");
          }
          if (!letter) {
            throw new InvalidInputException("host at position " + src[i]
                + " is neither an IPv4 address, a bracketed IPv6 address nor a host name");
          }
          return hostName(i, end);
        }
      }
      if ((hex(c) >= 0 || c == ':') && !isIpv6Char(prev)) {
        // an unbracketed IPv6 address outside a host position (host positions refuse one above)
        int j = i;
        int colons = 0;
        while (j < n && isIpv6Char(d[j])) {
          colons += d[j] == ':' ? 1 : 0;
          j++;
        }
        int end = j;
        while (end > i && d[end - 1] == '.') {
          end--;
        }
        if (colons >= 2 && IpText.parseIpv6(seq, i, end, ':', tmp)) {
          StringBuilder sb = new StringBuilder(40);
          pan.transform(seq, i, end, ':', false, sb, tmp);
          replace(i, end, sb.toString());
          return end;
        }
      }
      // A dotted number starts at a digit after anything but a digit, or after a '.' that does not
      // follow a digit ("startd.131.225.67.12_1"): a run of digits and dots is consumed whole below,
      // so a digit after "<digit>." is inside a run already handled.
      if (isDigit(c) && !isDigit(prev) && !(prev == '.' && i >= 2 && isDigit(d[i - 2]))) {
        int j = i;
        while (j < n && isDigitOrDot(d[j])) {
          j++;
        }
        int end = j;
        while (end > i && d[end - 1] == '.') {
          end--;
        }
        int dots = 0;
        for (int k = i; k < end; k++) {
          dots += d[k] == '.' ? 1 : 0;
        }
        if (dots == 3) {
            long v4 = IpText.parseIpv4(seq, i, end);
          if (v4 == IpText.INVALID) {
            throw new InvalidInputException("malformed IPv4 address at position " + src[i]);
          }
          replace(i, end, IpText.formatIpv4(pan.anonymizeIpv4((int) v4)));
        } else if (dots > 3) {
          throw new InvalidInputException(
              "dotted number with more than four parts at position " + src[i] + "; refusing to guess the address");
        }
        return j;
      }
      if (isLetter(c) && (prev == '?' || prev == '&')) {
        int k = i;
        while (k < n && d[k] != '=' && d[k] != '&' && d[k] != '>' && d[k] != '#') {
          k++;
        }
        if (k < n && d[k] == '=') {
          String name = new String(d, i, k - i);
          param = name;
          for (String np : NAME_PARAMS) {
            if (np.equalsIgnoreCase(name)) {
              return nameParam(i, k);
            }
          }
          return k + 1;
        }
      }
      return i + 1;
    }

    private boolean isHostStart(char prev) {
      if (prev == '<') {
        return true;
      }
      boolean list = param.equalsIgnoreCase("addrs") || param.equalsIgnoreCase("CCBID");
      return list && (prev == '=' || prev == '+' || prev == ' ');
    }

    /** A parameter {@code name=value} whose value is a name; {@code eq} is the index of '='. */
    private int nameParam(int nameStart, int eq) {
      int end = eq + 1;
      while (end < n && "&>#+ ?".indexOf(d[end]) < 0) {
        end++;
      }
      switch (names) {
        case KEEP:
          return eq + 1;
        case TRANSFORM:
          if (end > eq + 1) {
            replace(eq + 1, end, nameTransformer.apply(new String(d, eq + 1, end - eq - 1)));
          }
          return end;
        case DROP:
        default:
          if (d[nameStart - 1] == '&') {
            replace(nameStart - 1, end, "");
          } else if (end < n && d[end] == '&') {
            replace(nameStart, end + 1, ""); // "?alias=x&rest" -> "?rest"
          } else {
            replace(nameStart - 1, end, ""); // "?alias=x>" -> ">"
          }
          return end;
      }
    }

    /**
     * The end of the host at {@code i}: the run of host characters, less a port suffix ({@code -port}
     * inside {@code addrs=}, {@code :port} elsewhere).
     */
    private int hostEnd(int i) {
      int end = i;
      while (end < n && isHostChar(d[end])) {
        end++;
      }
      char portSep = param.equalsIgnoreCase("addrs") ? '-' : ':';
      int k = end - 1;
      while (k > i && isDigit(d[k])) {
        k--;
      }
      if (k > i && d[k] == portSep && k < end - 1) {
        end = k;
      }
      return end;
    }

    /** A host name {@code d[i, end)} where an address belongs. */
    private int hostName(int i, int end) {
      switch (names) {
        case KEEP:
          return end;
        case TRANSFORM:
          replace(i, end, nameTransformer.apply(new String(d, i, end - i)));
          return end;
        case DROP:
        default:
          throw new InvalidInputException("sinful string has a host name, not an address, at position " + src[i]
              + "; names can only be dropped from alias/PrivNet: set the 'alias' parameter to a transformer");
      }
    }

    private void replace(int from, int to, String text) {
      spans.add(new int[] {from, to});
      texts.add(text);
    }

    private String rebuild() {
      StringBuilder sb = new StringBuilder(raw.length() + 16);
      int rawPos = 0;
      for (int r = 0; r < spans.size(); r++) {
        int[] span = spans.get(r);
        int rawFrom = src[span[0]];
        int rawTo = src[span[1]];
        sb.append(raw, rawPos, rawFrom);
        appendEncoded(texts.get(r), rawFrom, rawTo, sb);
        rawPos = rawTo;
      }
      sb.append(raw, rawPos, raw.length());
      return sb.toString();
    }

    /**
     * Appends replacement text; a character the original span had percent-encoded is encoded the same
     * way, and characters outside the safe set are percent-encoded so the string's syntax holds.
     */
    private void appendEncoded(String text, int rawFrom, int rawTo, StringBuilder sb) {
      for (int k = 0; k < text.length(); k++) {
        char c = text.charAt(k);
        String enc = null;
        for (int p = rawFrom; p + 2 < rawTo; p++) {
          if (raw.charAt(p) == '%' && hex(raw.charAt(p + 1)) >= 0 && hex(raw.charAt(p + 2)) >= 0
              && ((hex(raw.charAt(p + 1)) << 4) | hex(raw.charAt(p + 2))) == c) {
            enc = raw.subSequence(p, p + 3).toString();
            break;
          }
        }
        if (enc != null) {
          sb.append(enc);
        } else if (isLetter(c) || isDigit(c) || ".-_:[]".indexOf(c) >= 0) {
          sb.append(c);
        } else {
          for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
            sb.append('%').append(Character.toUpperCase(Character.forDigit((b >>> 4) & 0xf, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
          }
        }
      }
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isDigitOrDot(char c) {
    return isDigit(c) || c == '.';
  }

  private static boolean isIpv6Char(char c) {
    return hex(c) >= 0 || c == ':' || c == '.';
  }

  private static boolean isHostChar(char c) {
    return isLetter(c) || isDigit(c) || c == '.' || c == '-' || c == '_' || c == ':';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
