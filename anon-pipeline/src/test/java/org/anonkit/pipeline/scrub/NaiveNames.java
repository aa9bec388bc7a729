package org.anonkit.pipeline.scrub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The dictionary's matching rules written naively and apart from {@link NameDictionary}'s trie, for the
 * tests to compare against: canonical spellings, full-name variants, white space in text, whole words.
 */
final class NaiveNames {
  private NaiveNames() {}

  /** Each code point as {@code Character.toLowerCase(Character.toUpperCase(c))}. */
  static String fold(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
    return b.toString();
  }

  static boolean space(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** Folded, white-space runs as one space, trimmed. */
  static String canonical(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    fold(s).codePoints().forEach(c -> {
      if (space(c)) {
        if (w.length() > 0) {
          words.add(w.toString());
          w.setLength(0);
        }
      } else {
        w.appendCodePoint(c);
      }
    });
    if (w.length() > 0) {
      words.add(w.toString());
    }
    return String.join(" ", words);
  }

  /** "a b c": "c, a b" and "c,a b". */
  static List<String> variants(String canonical) {
    String[] p = canonical.split(" ");
    List<String> out = new ArrayList<>();
    if (p.length < 2) {
      return out;
    }
    StringBuilder rest = new StringBuilder();
    for (int i = 0; i < p.length - 1; i++) {
      rest.append(i == 0 ? "" : " ").append(p[i]);
    }
    String last = p[p.length - 1];
    out.add(last + ", " + rest);
    out.add(last + "," + rest);
    return out;
  }

  /** The names (canonical, sorted, at least minLength long, not empty). */
  static List<String> names(Iterable<String> raw, int minLength) {
    TreeSet<String> set = new TreeSet<>();
    for (String r : raw) {
      String c = canonical(r);
      if (!c.isEmpty() && c.length() >= minLength) {
        set.add(c);
      }
    }
    return new ArrayList<>(set);
  }

  /** Every spelling and the index of its name in {@code names}: names first, then variants not taken. */
  static Map<String, Integer> spellings(List<String> names, int minLength) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), i);
    }
    for (int i = 0; i < names.size(); i++) {
      for (String v : variants(names.get(i))) {
        if (v.length() >= minLength && !m.containsKey(v)) {
          m.put(v, i);
        }
      }
    }
    return m;
  }

  /**
   * Where {@code spelling} ends when read from {@code start} of {@code text}, or null; with the text
   * positions where one of its spaces matched a separator ('.', '_', '-'). Its spaces match a whole run
   * of white space or one separator, other code points match case-folded.
   */
  static Match match(String text, int start, String spelling) {
    int i = start;
    int n = text.length();
    List<Integer> subs = new ArrayList<>();
    for (int k = 0; k < spelling.length(); ) {
      int sc = spelling.codePointAt(k);
      k += Character.charCount(sc);
      if (i >= n) {
        return null;
      }
      int tc = text.codePointAt(i);
      if (sc == ' ' && space(tc)) {
        while (i < n && space(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
      } else if (sc == ' ' && (tc == '.' || tc == '_' || tc == '-')) {
        subs.add(i);
        i++;
      } else if (sc != ' ' && Character.toLowerCase(Character.toUpperCase(tc)) == sc) {
        i += Character.charCount(tc);
      } else {
        return null;
      }
    }
    return new Match(i, subs);
  }

  static final class Match {
    final int end;
    final List<Integer> subs;

    Match(int end, List<Integer> subs) {
      this.end = end;
      this.subs = subs;
    }

    /**
     * Whether this match is preferred to {@code o} ending at the same place: the one that read a
     * separator literally where the other took it for a space, at the first place they differ.
     */
    boolean preferredTo(Match o) {
      for (int i = 0; ; i++) {
        int a = i < subs.size() ? subs.get(i) : Integer.MAX_VALUE;
        int b = i < o.subs.size() ? o.subs.get(i) : Integer.MAX_VALUE;
        if (a != b) {
          return a > b;
        }
        if (a == Integer.MAX_VALUE) {
          return false;
        }
      }
    }
  }

  /** A letter or digit of any script, or a combining mark. */
  static boolean wordChar(int cp) {
    int t = Character.getType(cp);
    return Character.isLetterOrDigit(cp) || t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK;
  }

  /**
   * The longest spelling matching at {@code start} as a whole word on the right: {@code (end << 32) |
   * nameIndex}, or -1 (the left side is the caller's).
   */
  static long longestAt(Map<String, Integer> spellings, String text, int start) {
    Match best = null;
    int bestName = -1;
    for (Map.Entry<String, Integer> e : spellings.entrySet()) {
      Match m = match(text, start, e.getKey());
      if (m == null || (m.end < text.length() && wordChar(text.codePointAt(m.end)))) {
        continue;
      }
      if (best == null || m.end > best.end || (m.end == best.end && m.preferredTo(best))) {
        best = m;
        bestName = e.getValue();
      }
    }
    return best == null ? -1 : ((long) best.end << 32) | bestName;
  }
}
