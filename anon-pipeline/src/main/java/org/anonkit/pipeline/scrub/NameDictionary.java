package org.anonkit.pipeline.scrub;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A dictionary of names, matched case-insensitively and only as whole words, in any script: a trie
 * over the names' folded spelling, walked from the positions where a whole word can start. Built once,
 * immutable and thread-safe.
 *
 * <p><b>Case.</b> Names and text are compared through {@link #fold}: each code point {@code c} becomes
 * {@code Character.toLowerCase(Character.toUpperCase(c))} (simple, locale-independent case mappings),
 * so {@code José}, {@code JOSÉ} and {@code josé} are one name, as are {@code Σ}, {@code σ} and
 * {@code ς}, or {@code ß} and itself (no one-to-many mappings: {@code ß} does not match {@code ss}). On
 * ASCII it is {@code toLowerCase(Locale.ROOT)}; a few non-ASCII letters fold to ASCII ones (the Kelvin
 * sign to {@code k}, {@code İ} and dotless {@code ı} to {@code i}, long {@code ſ} to {@code s}). The
 * folded spelling is the name's canonical spelling ({@link #word}), whatever its case in the text: the
 * token a name gets is computed from it. Folding keeps each code point's length in UTF-16 units (checked
 * for every code point in the tests), so a folded text is as long as the text. No Unicode normalization
 * is applied: a name written precomposed ({@code é}) does not match the same name written with a
 * combining accent ({@code e} + U+0301).
 *
 * <p><b>Words.</b> A word character is a letter or digit of any script, or a combining mark
 * ({@code Character.isLetterOrDigit} on the code point, or a mark's type; {@link #isWordChar}); a match must not be preceded
 * or followed by one, so {@code josé} is not found in {@code josée} or {@code éjosé}, nor {@code bob} in
 * {@code bobé}. Matches start and end on code-point boundaries: a surrogate pair is never split.
 *
 * <p><b>Full names.</b> A name's canonical spelling ({@link #canonical}) is its folded spelling with every
 * run of white space (a space, tab, line break, no-break space, ...) written as one space and none at
 * either end. In text, a space of a name matches any run of white space ({@code Jane  Doe},
 * {@code Jane\u00A0Doe}) or one separator '.', '_' or '-' ({@code jane.doe}, {@code Jane_Doe}); where a
 * name has that separator itself at the same place (a user name {@code jane.doe} beside the full name
 * {@code jane doe}), both readings are followed and the longer match wins, the literal one on a tie. A
 * name of several words is also found last name first ({@link #variants}: {@code Doe, Jane},
 * {@code Doe,Jane}). Every spelling of a name gets the name's canonical spelling, hence its token; a
 * variant that is itself a name of the dictionary is that name, one that two names share belongs to the
 * first in sorted order.
 *
 * <p>A whole-word match starts at a position not preceded by a word character, so {@code scrub-text}'s
 * one scan of a text ({@link ScrubText}) walks the trie only from such positions, and only when some
 * name starts with the character there ({@link #root}, {@link #longestAt}); that is the set of matches
 * an Aho–Corasick automaton stepped over every character reports, for a fraction of the steps on
 * usual text. Without failure links, a walk costs the trie nodes it reads into: at most the longest
 * name's length, once per reading where one name has a literal '.', '_' or '-' and another a space at
 * the same place (so never more than the trie's size); a text repeating a long name's prefix at every
 * word start costs that length at each start (a dictionary of 2,048 names mixing '.' and ' ' between
 * twelve one-letter words: about 23 ms per 1,000 characters of {@code a.a.a...}, measured once in a review).
 *
 * <p><b>Layout.</b> ASCII steps (the common case) read a dense table indexed by a per-character class;
 * a character outside ASCII is folded and then looked up, as a UTF-16 unit, in a small open-addressing
 * table of the trie's non-ASCII edges (a supplementary character takes two steps, one per surrogate).
 */
final class NameDictionary {
  private static final int ALPHABET = 128;

  // child[node * width + classOf[char]]: the trie node after reading ASCII char, 0 if none (the root is
  // never a child). A class per ASCII character that occurs in some folded name (upper-case ASCII
  // letters share their lower-case letter's class), class 0 for all others (no node has a child on
  // them). The classes keep the table small enough to stay in the CPU caches for thousands of names.
  private final int[] child;
  private final byte[] classOf; // ASCII char -> class
  private final int width; // number of classes
  // The edges on folded UTF-16 units >= 128: key (node << 16 | unit) at wideKeys[h], its child at
  // wideChild[h]; -1 marks an empty slot; linear probing. Null when no name has such a unit.
  private final long[] wideKeys;
  private final int[] wideChild;
  private final int[] word; // the word ending at node (a name's index, also for its variants), -1 if none
  private final boolean[] variant; // whether the spelling ending at node is a variant, not the name itself
  private final int spaceClass; // the class of ' ' (white space in text reads as it), -1 if no name has one
  private final String[] words;
  private final List<String> source; // the names and minimum length it was built from (see builtFrom), or null
  private final int sourceMinLength;

  private NameDictionary(int[] child, byte[] classOf, int width, long[] wideKeys, int[] wideChild, int[] word,
      boolean[] variant, String[] words, List<String> source, int sourceMinLength) {
    this.child = child;
    this.classOf = classOf;
    this.width = width;
    this.spaceClass = classOf[' '] == 0 ? -1 : classOf[' '];
    this.wideKeys = wideKeys;
    this.wideChild = wideChild;
    this.word = word;
    this.variant = variant;
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

  /**
   * The dictionary of {@code names}, each as its {@link #canonical} spelling, keeping those of at
   * least {@code minLength} UTF-16 units (characters outside the BMP count two), and the variants of
   * those of several words (of at least {@code minLength} units too).
   */
  static NameDictionary of(Iterable<String> names, int minLength) {
    return build(names, minLength, null);
  }

  private static NameDictionary build(Iterable<String> names, int minLength, List<String> source) {
    TreeSet<String> uniq = new TreeSet<>();
    for (String n : names) {
      String w = canonical(n);
      if (w.length() >= minLength && !w.isEmpty()) {
        uniq.add(w);
      }
    }
    String[] words = uniq.toArray(new String[0]);
    // the spellings put into the trie: the names, then their variants not already taken, each with the
    // index of its name
    Map<String, Integer> spellings = new java.util.LinkedHashMap<>();
    for (int wi = 0; wi < words.length; wi++) {
      spellings.put(words[wi], wi);
    }
    for (int wi = 0; wi < words.length; wi++) {
      for (String v : variants(words[wi])) {
        if (v.length() >= minLength) {
          spellings.putIfAbsent(v, wi);
        }
      }
    }
    byte[] classOf = new byte[ALPHABET];
    int width = 1;
    int chars = 0;
    for (String w : spellings.keySet()) {
      chars += w.length();
      for (int i = 0; i < w.length(); i++) {
        char c = w.charAt(i);
        if (c < ALPHABET && classOf[c] == 0) {
          classOf[c] = (byte) width++; // at most 128 - 26 classes: folded ASCII has no upper case
        }
      }
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      classOf[c] = classOf[c + 32]; // read ASCII case-insensitively
    }
    for (int c = 0; c < ALPHABET; c++) {
      if (isSpace(c)) {
        classOf[c] = classOf[' ']; // any white space reads as a name's space (then the rest of its run)
      }
    }
    int[] child = new int[(chars + 1) * width];
    Map<Long, Integer> wide = new HashMap<>();
    int[] word = new int[chars + 1];
    boolean[] variant = new boolean[chars + 1];
    Arrays.fill(word, -1);
    int nodes = 1;
    for (Map.Entry<String, Integer> sp : spellings.entrySet()) {
      String w = sp.getKey();
      int wi = sp.getValue();
      int s = 0;
      for (int i = 0; i < w.length(); i++) {
        char c = w.charAt(i);
        if (c < ALPHABET) {
          int slot = s * width + classOf[c];
          if (child[slot] == 0) {
            child[slot] = nodes++;
          }
          s = child[slot];
        } else {
          Integer next = wide.get(wideKey(s, c));
          if (next == null) {
            next = nodes++;
            wide.put(wideKey(s, c), next);
          }
          s = next;
        }
      }
      word[s] = wi;
      variant[s] = !w.equals(words[wi]);
    }
    long[] wideKeys = null;
    int[] wideChild = null;
    if (!wide.isEmpty()) {
      int cap = Integer.highestOneBit(wide.size() * 3) * 2; // a power of two: load below 1/3
      wideKeys = new long[cap];
      wideChild = new int[cap];
      Arrays.fill(wideKeys, -1);
      for (Map.Entry<Long, Integer> e : wide.entrySet()) {
        long key = e.getKey();
        int h = slot(key, cap - 1);
        while (wideKeys[h] != -1) {
          h = (h + 1) & (cap - 1);
        }
        wideKeys[h] = key;
        wideChild[h] = e.getValue();
      }
    }
    return new NameDictionary(Arrays.copyOf(child, nodes * width), classOf, width, wideKeys, wideChild,
        Arrays.copyOf(word, nodes), Arrays.copyOf(variant, nodes), words, source, minLength);
  }

  /**
   * The other spellings under which the name {@code w} (a {@link #canonical} spelling) is found: for a
   * name of two or more words {@code first ... last}, {@code "last, first ..."} and
   * {@code "last,first ..."}; none for a single word. (Its words joined by '.', '_' or '-' are found
   * through the walk's separators, without spellings of their own.)
   */
  static List<String> variants(String w) {
    int sp = w.lastIndexOf(' ');
    if (sp < 0) {
      return List.of();
    }
    String last = w.substring(sp + 1);
    String rest = w.substring(0, sp);
    return List.of(last + ", " + rest, last + "," + rest);
  }

  /**
   * A name's canonical spelling: {@link #fold folded}, each run of white space ({@link #isSpace})
   * written as one space, none at either end. The spelling a full name's token is computed from, in
   * free text and in a DN alike; published as {@link ScrubTextProvider#foldName}.
   */
  static String canonical(CharSequence s) {
    String f = fold(s);
    int n = f.length();
    boolean plain = n == 0 || (f.charAt(0) != ' ' && f.charAt(n - 1) != ' ');
    for (int i = 0; i < n && plain; i++) {
      char c = f.charAt(i);
      plain = !(isSpace(c) || Character.isSurrogate(c)) || (c == ' ' && f.charAt(i - 1) != ' ');
    }
    if (plain) {
      return f;
    }
    StringBuilder b = new StringBuilder(n);
    boolean space = false;
    for (int i = 0; i < n; ) {
      int cp = f.codePointAt(i);
      i += Character.charCount(cp);
      if (isSpace(cp)) {
        space = b.length() > 0;
      } else {
        if (space) {
          b.append(' ');
          space = false;
        }
        b.appendCodePoint(cp);
      }
    }
    return b.toString();
  }

  /**
   * Whether {@code codePoint} is white space for names: {@code Character.isWhitespace} (space, tab,
   * line breaks, ...) or {@code Character.isSpaceChar} (the no-break spaces and other space separators).
   */
  static boolean isSpace(int codePoint) {
    if (codePoint < 128) { // the same answer without two lookups: tab to carriage return, the separators, space
      return codePoint == ' ' || (codePoint >= '\t' && codePoint <= '\r') || (codePoint >= 0x1c && codePoint <= 0x1f);
    }
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }

  private static long wideKey(int node, char c) {
    return ((long) node << 16) | c;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }

  /** The child of {@code node} on the folded UTF-16 unit {@code c >= 128}, 0 if none. */
  private int wideStep(int node, char c) {
    long[] keys = wideKeys;
    if (keys == null) {
      return 0;
    }
    long key = wideKey(node, c);
    int mask = keys.length - 1;
    for (int h = slot(key, mask); ; h = (h + 1) & mask) {
      long k = keys[h];
      if (k == key) {
        return wideChild[h];
      }
      if (k == -1) {
        return 0;
      }
    }
  }

  /** The node after reading the folded code point {@code f} from {@code node}, 0 if none. */
  private int step(int node, int f) {
    if (f < ALPHABET) {
      return child[node * width + classOf[f]];
    }
    if (f < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
      return wideStep(node, (char) f);
    }
    int high = wideStep(node, Character.highSurrogate(f));
    return high == 0 ? 0 : wideStep(high, Character.lowSurrogate(f));
  }

  /**
   * The case folding names and text are compared through, code point by code point:
   * {@code Character.toLowerCase(Character.toUpperCase(c))}. Deterministic and locale-independent;
   * idempotent; on ASCII the same as {@code toLowerCase(Locale.ROOT)}.
   */
  static int fold(int codePoint) {
    return Character.toLowerCase(Character.toUpperCase(codePoint));
  }

  /**
   * {@code s} folded code point by code point ({@link #fold(int)}). An unpaired surrogate is kept as it
   * is. A name's canonical spelling ({@link #canonical}, published as {@link ScrubTextProvider#foldName},
   * which the dictionary pass applies to the names it collects) is this with its white space made one.
   */
  static String fold(CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) { // an ASCII string that is already lower-case is returned as it is
      char c = s.charAt(i);
      if (c >= ALPHABET || (c >= 'A' && c <= 'Z')) {
        break;
      }
      i++;
    }
    if (i == n) {
      return s.toString();
    }
    StringBuilder b = new StringBuilder(n);
    b.append(s, 0, i);
    while (i < n) {
      int cp = Character.codePointAt(s, i);
      b.appendCodePoint(fold(cp));
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  /** The number of names (variants not counted). */
  int size() {
    return words.length;
  }

  boolean isEmpty() {
    return words.length == 0;
  }

  /** The canonical ({@link #fold folded}) spelling of word {@code i}. */
  String word(int i) {
    return words[i];
  }

  /**
   * Whether {@code s}'s {@link #canonical} spelling (any case, any white space) is a dictionary name;
   * variants are not names.
   */
  boolean contains(CharSequence name) {
    return containsCanonical(canonical(name));
  }

  /** As {@link #contains}, for a spelling that is already {@link #canonical}. */
  boolean containsCanonical(String s) {
    int node = 0;
    int n = s.length();
    for (int i = 0; i < n; ) {
      char c = s.charAt(i);
      if (c < ALPHABET) {
        node = child[node * width + classOf[c]];
        i++;
      } else {
        int cp = Character.codePointAt(s, i);
        node = step(node, fold(cp));
        i += Character.charCount(cp);
      }
      if (node == 0) {
        return false;
      }
    }
    return word[node] >= 0 && !variant[node];
  }

  /** The trie node of the names starting with the ASCII character {@code c}; 0 if there are none. */
  int root(char c) {
    return child[classOf[c]];
  }

  /**
   * The longest name that matches {@code text} from {@code start} as a whole word on the right (not
   * followed by a word character), given {@code node = root(text[start])} for an ASCII character there:
   * its end as {@code (end << 32) | wordIndex}, or -1. The caller checks the left side.
   */
  long longestAt(CharSequence text, int start, int node) {
    return walk(text, start + 1, node);
  }

  /**
   * As {@link #longestAt(CharSequence, int, int)} for a name starting with the non-ASCII code point
   * {@code codePoint} at {@code start} (the caller decoded it there; a lone surrogate is itself).
   */
  long longestAtCodePoint(CharSequence text, int start, int codePoint) {
    int node = step(0, fold(codePoint));
    return node == 0 ? -1 : walk(text, start + Character.charCount(codePoint), node);
  }

  /** The longest whole-word match through {@code node}, the trie node after reading text up to {@code e}. */
  private long walk(CharSequence text, int e, int node) {
    int n = text.length();
    long best = -1;
    while (true) {
      if (word[node] >= 0 && (e == n || !isWordCharAt(text, e))) {
        best = ((long) e << 32) | word[node];
      }
      if (e == n) {
        return best;
      }
      char c = text.charAt(e);
      if (c < ALPHABET) {
        int k = classOf[c];
        int next = child[node * width + k];
        e++;
        if (k == spaceClass) {
          e = skipSpaces(text, e);
        } else if (spaceClass > 0 && (c == '.' || c == '_' || c == '-')) {
          int sp = child[node * width + spaceClass]; // the separator read as a name's space
          if (sp != 0) {
            if (next == 0) {
              next = sp;
            } else {
              // both readings: the subtrees are disjoint, so this costs at most the nodes they hold
              long literal = walk(text, e, next);
              long space = walk(text, e, sp);
              long far = space >= 0 && (literal < 0 || (space >>> 32) > (literal >>> 32)) ? space : literal;
              return far >= 0 ? far : best;
            }
          }
        }
        node = next;
      } else {
        int cp = Character.codePointAt(text, e);
        e += Character.charCount(cp);
        if (spaceClass > 0 && isSpace(cp)) {
          node = child[node * width + spaceClass];
          e = skipSpaces(text, e);
        } else {
          node = step(node, fold(cp));
        }
      }
      if (node == 0) {
        return best;
      }
    }
  }

  /** The end of the run of white space starting at {@code e} (a name's space has just been read). */
  private static int skipSpaces(CharSequence text, int e) {
    int n = text.length();
    while (e < n) {
      char c = text.charAt(e);
      if (c < ALPHABET ? !isSpace(c) : Character.isSurrogate(c) || !isSpace(c)) {
        return e; // no white space outside the BMP
      }
      e++;
    }
    return e;
  }

  /** Whether the code point at {@code i} of {@code text} is a word character. */
  static boolean isWordCharAt(CharSequence text, int i) {
    char c = text.charAt(i);
    return c < ALPHABET ? isAsciiWordChar(c) : isWideWordChar(Character.codePointAt(text, i));
  }

  /** Whether the code point before {@code i} of {@code text} is a word character ({@code i > 0}). */
  static boolean isWordCharBefore(CharSequence text, int i) {
    char c = text.charAt(i - 1);
    return c < ALPHABET ? isAsciiWordChar(c) : isWideWordChar(Character.codePointBefore(text, i));
  }

  /**
   * Whether {@code codePoint} is a word character: a letter or digit of any script, or a combining mark
   * (an accent written apart, {@code e} + U+0301, or the vowel signs of Indic scripts), which belongs to
   * the letter before it: {@code jose} is not a word inside {@code jose\u0301}.
   */
  static boolean isWordChar(int codePoint) {
    return codePoint < ALPHABET ? isAsciiWordChar((char) codePoint) : isWideWordChar(codePoint);
  }

  private static boolean isWideWordChar(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
  }

  private static boolean isAsciiWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return "NameDictionary[" + words.length + " names]";
  }
}
