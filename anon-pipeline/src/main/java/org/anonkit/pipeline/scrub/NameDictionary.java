package org.anonkit.pipeline.scrub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * An Aho–Corasick automaton over a dictionary of names, matched ASCII case-insensitively and only as
 * whole words (the characters around a match are not letters or digits). Built once, immutable and
 * thread-safe; {@link #find} allocates only for the matches it reports.
 */
final class NameDictionary {
  private static final int ALPHABET = 128; // names outside ASCII are matched by their ASCII-folded form only

  private final int[] next; // goto function completed into a DFA: next[state * 128 + char], ASCII lower-cased
  private final int[] outLen; // length of the longest dictionary word ending at this state, 0 if none
  private final int[] outWord; // index of that word
  private final int[] dictLink; // next state on the suffix chain that ends a word, -1 if none
  private final String[] words;
  private final List<String> source; // the names and minimum length it was built from (see builtFrom), or null
  private final int sourceMinLength;

  private NameDictionary(int[] next, int[] outLen, int[] outWord, int[] dictLink, String[] words,
      List<String> source, int sourceMinLength) {
    this.source = source;
    this.sourceMinLength = sourceMinLength;
    this.next = next;
    this.outLen = outLen;
    this.outWord = outWord;
    this.dictLink = dictLink;
    this.words = words;
  }

  /** Whether this dictionary was built by {@code of(names, minLength)} from an equal list. */
  boolean builtFrom(List<String> names, int minLength) {
    return source != null && minLength == sourceMinLength && source.equals(names);
  }

  /** As {@link #of(Iterable, int)}, remembering the (immutable copy of the) list for {@link #builtFrom}. */
  static NameDictionary of(List<String> names, int minLength) {
    List<String> copy = List.copyOf(names);
    return build(copy, minLength, copy);
  }

  static NameDictionary of(Iterable<String> names, int minLength) {
    return build(names, minLength, null);
  }

  private static NameDictionary build(Iterable<String> names, int minLength, List<String> source) {
    TreeSet<String> uniq = new TreeSet<>();
    for (String n : names) {
      String w = n.toLowerCase(java.util.Locale.ROOT);
      if (w.length() >= minLength && isAscii(w)) {
        uniq.add(w);
      }
    }
    String[] words = uniq.toArray(new String[0]);
    List<int[]> gotoList = new ArrayList<>();
    List<Integer> lens = new ArrayList<>();
    List<Integer> idx = new ArrayList<>();
    gotoList.add(newRow());
    lens.add(0);
    idx.add(-1);
    for (int wi = 0; wi < words.length; wi++) {
      String w = words[wi];
      int s = 0;
      for (int i = 0; i < w.length(); i++) {
        int c = w.charAt(i);
        int t = gotoList.get(s)[c];
        if (t < 0) {
          t = gotoList.size();
          gotoList.get(s)[c] = t;
          gotoList.add(newRow());
          lens.add(0);
          idx.add(-1);
        }
        s = t;
      }
      lens.set(s, w.length());
      idx.set(s, wi);
    }
    int n = gotoList.size();
    int[][] g = gotoList.toArray(new int[0][]);
    int[] fail = new int[n];
    int[] outLen = new int[n];
    int[] outWord = new int[n];
    int[] dictLink = new int[n];
    for (int i = 0; i < n; i++) {
      outLen[i] = lens.get(i);
      outWord[i] = idx.get(i);
      dictLink[i] = -1;
    }
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int c = 0; c < ALPHABET; c++) {
      int t = g[0][c];
      if (t < 0) {
        g[0][c] = 0;
      } else {
        fail[t] = 0;
        queue[tail++] = t;
      }
    }
    while (head < tail) {
      int s = queue[head++];
      int f = fail[s];
      dictLink[s] = outLen[f] > 0 ? f : dictLink[f];
      for (int c = 0; c < ALPHABET; c++) {
        int t = g[s][c];
        if (t < 0) {
          g[s][c] = g[f][c];
        } else {
          fail[t] = g[f][c];
          queue[tail++] = t;
        }
      }
    }
    int[] flat = new int[n * ALPHABET];
    for (int i = 0; i < n; i++) {
      System.arraycopy(g[i], 0, flat, i * ALPHABET, ALPHABET);
    }
    return new NameDictionary(flat, outLen, outWord, dictLink, words, source, minLength);
  }

  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= ALPHABET) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return words.length;
  }

  boolean isEmpty() {
    return words.length == 0;
  }

  /** The canonical (lower-case) spelling of word {@code i}. */
  String word(int i) {
    return words[i];
  }

  /** Whether {@code s} (any case) is a dictionary word. */
  boolean contains(CharSequence s) {
    int st = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= ALPHABET) {
        return false;
      }
      st = next[st * ALPHABET + lower(c)];
    }
    return outLen[st] == s.length() && s.length() > 0;
  }

  /**
   * Reports whole-word matches as {@link Span}s of kind {@link Span#NAME}, leftmost-longest,
   * non-overlapping.
   */
  void find(CharSequence text, List<Span> out) {
    if (words.length == 0) {
      return;
    }
    // whole-word matches as (start, end, word) triples; few per text, so a plain growable array
    int[] m = null;
    int count = 0;
    int st = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= ALPHABET) {
        st = 0;
        continue;
      }
      st = next[st * ALPHABET + lower(c)];
      if (outLen[st] == 0 && dictLink[st] < 0) {
        continue;
      }
      if (i + 1 < n && isWordChar(text.charAt(i + 1))) {
        continue;
      }
      for (int s = outLen[st] > 0 ? st : dictLink[st]; s >= 0; s = dictLink[s]) {
        int start = i + 1 - outLen[s];
        if (start > 0 && isWordChar(text.charAt(start - 1))) {
          continue;
        }
        if (m == null) {
          m = new int[12];
        } else if (count * 3 == m.length) {
          m = Arrays.copyOf(m, m.length * 2);
        }
        m[count * 3] = start;
        m[count * 3 + 1] = i + 1;
        m[count * 3 + 2] = outWord[s];
        count++;
      }
    }
    if (count == 0) {
      return;
    }
    // leftmost, then longest; drop overlaps
    Integer[] order = new Integer[count];
    for (int k = 0; k < count; k++) {
      order[k] = k;
    }
    final int[] mm = m;
    Arrays.sort(order, (x, y) -> mm[x * 3] != mm[y * 3] ? Integer.compare(mm[x * 3], mm[y * 3])
        : Integer.compare(mm[y * 3 + 1], mm[x * 3 + 1]));
    int lastEnd = 0;
    for (int k : order) {
      if (m[k * 3] >= lastEnd) {
        out.add(new Span(m[k * 3], m[k * 3 + 1], Span.NAME, words[m[k * 3 + 2]]));
        lastEnd = m[k * 3 + 1];
      }
    }
  }

  private static int lower(char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return "NameDictionary[" + words.length + " names]";
  }
}
