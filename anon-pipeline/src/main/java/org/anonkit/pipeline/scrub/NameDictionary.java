package org.anonkit.pipeline.scrub;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A dictionary of names, matched ASCII case-insensitively and only as whole words (the characters
 * around a match are not letters or digits): a trie over character classes, walked from the positions
 * where a whole word can start. Built once, immutable and thread-safe.
 *
 * <p>The trie is stored compactly: the root's children in a table indexed by character class, every
 * other node's children as a run of (class, child) edges. Below the first letter most nodes have one
 * child, so the whole trie is about nine bytes per name character (a site's few thousand names stay in
 * the CPU caches), where a table row per node would take four bytes per class per character.
 *
 * <p>A whole-word match starts at a position not preceded by a letter or digit, so {@code scrub-text}'s
 * one scan of a text ({@link ScrubText}) walks the trie only from such positions, and only when some
 * name starts with the character there ({@link #root}, {@link #longestAt}); that is the set of matches
 * an Aho–Corasick automaton stepped over every character reports, for a fraction of the steps.
 */
final class NameDictionary {
  private static final int ALPHABET = 128; // names outside ASCII are matched by their ASCII-folded form only

  // A class per character that occurs in some name (upper-case ASCII letters share their lower-case
  // letter's class), class 0 for all others (no node has a child on them).
  private final byte[] classOf; // ASCII char -> class
  private final int[] rootChild; // class -> the root's child on it, 0 if none (the root is never a child)
  private final int[] firstEdge; // node -> its first edge; its edges end at firstEdge[node + 1]
  private final byte[] edgeClass; // edge -> the class it reads
  private final int[] edgeChild; // edge -> the node it leads to
  private final int[] word; // the word ending at node, -1 if none
  private final String[] words;
  private final List<String> source; // the names and minimum length it was built from (see builtFrom), or null
  private final int sourceMinLength;

  private NameDictionary(byte[] classOf, int[] rootChild, int[] firstEdge, byte[] edgeClass, int[] edgeChild,
      int[] word, String[] words, List<String> source, int sourceMinLength) {
    this.classOf = classOf;
    this.rootChild = rootChild;
    this.firstEdge = firstEdge;
    this.edgeClass = edgeClass;
    this.edgeChild = edgeChild;
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
    // The words are sorted, so a word shares with all earlier words at most the prefix it shares with
    // the previous one: the new nodes hang below that prefix's node, and nodes come in depth-first order
    // (a node's only child is usually the next node).
    int[] parent = new int[chars + 1];
    byte[] inClass = new byte[chars + 1]; // the class read to reach the node
    int[] word = new int[chars + 1];
    Arrays.fill(word, -1);
    int[] path = new int[1]; // path[i]: the node after the previous word's first i characters
    String previous = "";
    int nodes = 1;
    for (int wi = 0; wi < words.length; wi++) {
      String w = words[wi];
      if (path.length < w.length() + 1) {
        path = Arrays.copyOf(path, w.length() + 1);
      }
      int shared = 0;
      while (shared < previous.length() && shared < w.length() && previous.charAt(shared) == w.charAt(shared)) {
        shared++;
      }
      int node = path[shared];
      for (int i = shared; i < w.length(); i++) {
        parent[nodes] = node;
        inClass[nodes] = classOf[w.charAt(i)];
        node = nodes++;
        path[i + 1] = node;
      }
      word[node] = wi; // sorted and distinct: a word is never a prefix of the previous one
      previous = w;
    }
    // each node's children as a run of edges, in creation order
    int[] firstEdge = new int[nodes + 1];
    for (int n = 1; n < nodes; n++) {
      firstEdge[parent[n] + 1]++;
    }
    for (int n = 0; n < nodes; n++) {
      firstEdge[n + 1] += firstEdge[n];
    }
    int[] fill = Arrays.copyOf(firstEdge, nodes);
    byte[] edgeClass = new byte[nodes - 1];
    int[] edgeChild = new int[nodes - 1];
    int[] rootChild = new int[width];
    for (int n = 1; n < nodes; n++) {
      int e = fill[parent[n]]++;
      edgeClass[e] = inClass[n];
      edgeChild[e] = n;
      if (parent[n] == 0) {
        rootChild[inClass[n]] = n;
      }
    }
    return new NameDictionary(classOf, rootChild, firstEdge, edgeClass, edgeChild, Arrays.copyOf(word, nodes),
        words, source, minLength);
  }

  /** The child of {@code node} (not the root) on ASCII character {@code c}, 0 if none. */
  private int child(int node, char c) {
    byte k = classOf[c];
    for (int e = firstEdge[node], end = firstEdge[node + 1]; e < end; e++) {
      if (edgeClass[e] == k) {
        return edgeChild[e];
      }
    }
    return 0;
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
    if (s.length() == 0 || s.charAt(0) >= ALPHABET) {
      return false;
    }
    int node = root(s.charAt(0));
    for (int i = 1; i < s.length() && node != 0; i++) {
      char c = s.charAt(i);
      node = c >= ALPHABET ? 0 : child(node, c);
    }
    return node != 0 && word[node] >= 0;
  }

  /** The trie node of the names starting with the ASCII character {@code c}; 0 if there are none. */
  int root(char c) {
    return rootChild[classOf[c]];
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
      if (c >= ALPHABET || (node = child(node, c)) == 0) {
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
