package org.anonkit.pipeline.scrub;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A dictionary of names, matched ASCII case-insensitively and only as whole words (the characters
 * around a match are not letters or digits): a trie over character classes, walked from the positions
 * where a whole word can start. Built once, immutable and thread-safe.
 *
 * <p>A whole-word match starts at a position not preceded by a letter or digit, so {@code scrub-text}'s
 * one scan of a text ({@link ScrubText}) walks the trie only from such positions, and only when some
 * name starts with the character there ({@link #root}, {@link #longestAt}); that is the set of matches
 * an Aho–Corasick automaton stepped over every character reports, for a fraction of the steps.
 */
final class NameDictionary {
  private static final int ALPHABET = 128; // names outside ASCII are matched by their ASCII-folded form only

  // child[node * width + classOf[char]]: the trie node after reading char, 0 if none (the root is
  // never a child). A class per character that occurs in some name (upper-case ASCII letters share
  // their lower-case letter's class), class 0 for all others (no node has a child on them). The
  // classes keep the table small enough to stay in the CPU caches for thousands of names.
  private final int[] child;
  private final byte[] classOf; // ASCII char -> class
  private final int width; // number of classes
  private final int[] word; // the word ending at node, -1 if none
  private final String[] words;
  private final List<String> source; // the names and minimum length it was built from (see builtFrom), or null
  private final int sourceMinLength;

  private NameDictionary(int[] child, byte[] classOf, int width, int[] word, String[] words, List<String> source,
      int sourceMinLength) {
    this.child = child;
    this.classOf = classOf;
    this.width = width;
    this.word = word;
    this.words = words;
    this.source = source;
    this.sourceMinLength = sourceMinLength;
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
    byte[] classOf = new byte[ALPHABET];
    int width = 1;
    int chars = 0;
    for (String w : words) {
      chars += w.length();
      for (int i = 0; i < w.length(); i++) {
        char c = w.charAt(i);
        if (classOf[c] == 0) {
          classOf[c] = (byte) width++; // at most 128 - 26 classes: lower-case ASCII only
        }
      }
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      classOf[c] = classOf[c + 32]; // read ASCII case-insensitively
    }
    int[] child = new int[(chars + 1) * width];
    int[] word = new int[chars + 1];
    Arrays.fill(word, -1);
    int nodes = 1;
    for (int wi = 0; wi < words.length; wi++) {
      String w = words[wi];
      int s = 0;
      for (int i = 0; i < w.length(); i++) {
        int slot = s * width + classOf[w.charAt(i)];
        if (child[slot] == 0) {
          child[slot] = nodes++;
        }
        s = child[slot];
      }
      word[s] = wi;
    }
    return new NameDictionary(Arrays.copyOf(child, nodes * width), classOf, width, Arrays.copyOf(word, nodes),
        words, source, minLength);
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
    int node = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= ALPHABET || (node = child[node * width + classOf[c]]) == 0) {
        return false;
      }
    }
    return word[node] >= 0;
  }

  /** The trie node of the names starting with the ASCII character {@code c}; 0 if there are none. */
  int root(char c) {
    return child[classOf[c]];
  }

  /**
   * The longest name that matches {@code text} from {@code start} as a whole word on the right (not
   * followed by a letter or digit), given {@code node = root(text[start])}: its end as
   * {@code (end << 32) | wordIndex}, or -1. The caller checks the left side.
   */
  long longestAt(CharSequence text, int start, int node) {
    int n = text.length();
    long best = -1;
    int e = start + 1;
    while (true) {
      if (word[node] >= 0 && (e == n || !isWordChar(text.charAt(e)))) {
        best = ((long) e << 32) | word[node];
      }
      if (e == n) {
        return best;
      }
      char c = text.charAt(e);
      if (c >= ALPHABET || (node = child[node * width + classOf[c]]) == 0) {
        return best;
      }
      e++;
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
