package org.anonkit.pipeline.scrub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * An Aho–Corasick automaton over a dictionary of names, matched ASCII case-insensitively and only as
 * whole words (the characters around a match are not letters or digits). Built once, immutable and
 * thread-safe. {@code scrub-text} steps the automaton inside its one scan of each text ({@link #step},
 * {@link #ends}, {@link #wholeWords}).
 */
final class NameDictionary {
  private static final int ALPHABET = 128; // names outside ASCII are matched by their ASCII-folded form only

  // goto function completed into a DFA over character classes: next[state * width + classOf[char]];
  // a class per character that occurs in some name (upper-case ASCII letters share their lower-case
  // letter's class), class 0 for all others (from every state they lead back to the root). The
  // classes keep the table small enough to stay in the CPU caches for thousands of names.
  private final int[] next;
  private final byte[] classOf; // ASCII char -> class
  private final int width; // number of classes
  private final int[] outLen; // length of the longest dictionary word ending at this state, 0 if none
  private final int[] outWord; // index of that word
  private final int[] dictLink; // next state on the suffix chain that ends a word, -1 if none
  private final String[] words;
  private final List<String> source; // the names and minimum length it was built from (see builtFrom), or null
  private final int sourceMinLength;

  private NameDictionary(int[] next, byte[] classOf, int width, int[] outLen, int[] outWord, int[] dictLink,
      String[] words, List<String> source, int sourceMinLength) {
    this.classOf = classOf;
    this.width = width;
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
    byte[] classOf = new byte[ALPHABET];
    char[] rep = new char[ALPHABET]; // a character of each class
    int width = 1;
    for (String w : words) {
      for (int i = 0; i < w.length(); i++) {
        char c = w.charAt(i);
        if (classOf[c] == 0) {
          rep[width] = c;
          classOf[c] = (byte) width++;
        }
      }
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      classOf[c] = classOf[c + 32]; // the automaton reads ASCII case-insensitively
    }
    int[] flat = new int[n * width];
    for (int i = 0; i < n; i++) {
      for (int k = 1; k < width; k++) {
        flat[i * width + k] = g[i][rep[k]];
      }
      // class 0: characters in no name lead to the root from every state
    }
    return new NameDictionary(flat, classOf, width, outLen, outWord, dictLink, words, source, minLength);
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
      st = step(st, c);
    }
    return outLen[st] == s.length() && s.length() > 0;
  }

  /** The automaton's next state from {@code state} on the ASCII character {@code c}. */
  int step(int state, char c) {
    return next[state * width + classOf[c]];
  }

  /** Whether some name ends at {@code state} (itself or on its suffix chain). */
  boolean ends(int state) {
    return outLen[state] > 0 || dictLink[state] >= 0;
  }

  /**
   * Records, for the automaton in {@code state} after reading {@code text[i]}, every name ending
   * there that is a whole word (no letter or digit on either side) as a (start, end, word) triple.
   */
  void wholeWords(CharSequence text, int i, int state, ScrubText.Scan out) {
    if (i + 1 < text.length() && isWordChar(text.charAt(i + 1))) {
      return;
    }
    for (int s = outLen[state] > 0 ? state : dictLink[state]; s >= 0; s = dictLink[s]) {
      int start = i + 1 - outLen[s];
      if (start > 0 && isWordChar(text.charAt(start - 1))) {
        continue;
      }
      out.name(start, i + 1, outWord[s]);
    }
  }

  /**
   * Adds the (start, end, word) triples {@code m[0, 3 * count)} as {@link Span}s of kind
   * {@link Span#NAME}: leftmost, then longest, overlaps dropped.
   */
  static void leftmostLongest(int[] m, int count, NameDictionary d, List<Span> out) {
    if (count == 1) {
      out.add(new Span(m[0], m[1], Span.NAME, d.words[m[2]]));
      return;
    }
    Integer[] order = new Integer[count];
    for (int k = 0; k < count; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (x, y) -> m[x * 3] != m[y * 3] ? Integer.compare(m[x * 3], m[y * 3])
        : Integer.compare(m[y * 3 + 1], m[x * 3 + 1]));
    int lastEnd = 0;
    for (int k : order) {
      if (m[k * 3] >= lastEnd) {
        out.add(new Span(m[k * 3], m[k * 3 + 1], Span.NAME, d.words[m[k * 3 + 2]]));
        lastEnd = m[k * 3 + 1];
      }
    }
  }

  static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return "NameDictionary[" + words.length + " names]";
  }
}
