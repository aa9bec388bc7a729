package org.anonkit.pipeline.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The trie against a sorted set, on seeded random dictionaries whose names share many prefixes. */
class NameDictionaryTest {
  /**
   * Code points the random names and texts are made of: ASCII, Latin-1 accents in both cases, letters
   * whose folding is special (ß, Greek sigmas, İ, dotless ı, the Kelvin sign, long s), a combining
   * accent, CJK, and supplementary letters with case (Deseret 𐐀/𐐨) and without (mathematical 𝐀).
   */
  private static final String[] ALPHABET = {"a", "b", "c", "A", "B", ".", "1", " ", "-", "x", "y", "z", " ", "\t",
      "\u00A0", ",", "_",
      "é", "É", "è", "ß", "Σ", "σ", "ς", "İ", "ı", "i", "K", "\u212A", "k", "ſ", "s", "\u0301", "王", "٣",
      "\uD801\uDC00", "\uD801\uDC28", "\uD835\uDC00"};

  private static String random(Random r, int min, int max) {
    int len = min + r.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < len; i++) {
      b.append(ALPHABET[r.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }

  /** The folding, written independently of NameDictionary's. */
  private static String fold(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
    return b.toString();
  }

  private static boolean boundary(String t, int i) {
    return i == 0 || i == t.length() || !Character.isLowSurrogate(t.charAt(i))
        || !Character.isHighSurrogate(t.charAt(i - 1));
  }

  /** The longest word matching {@code text} at {@code start}, whole-word on the right, found naively. */
  private static long naiveLongestAt(java.util.Map<String, Integer> spellings, String text, int start) {
    return NaiveNames.longestAt(spellings, text, start);
  }

  /** What the scan asks the trie at {@code start}: the longest whole-word (on the right) name there. */
  private static long longestAt(NameDictionary d, String text, int start) {
    char c = text.charAt(start);
    if (c < 128) {
      int node = d.root(c);
      return node == 0 ? -1 : d.longestAt(text, start, node);
    }
    return d.longestAtCodePoint(text, start, text.codePointAt(start));
  }

  /** The names found in {@code text} as the scan finds them: leftmost-longest whole words. */
  private static List<String> find(NameDictionary d, String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (i == 0 || !NameDictionary.isWordCharBefore(text, i)) {
        long m = longestAt(d, text, i);
        if (m >= 0) {
          int end = (int) (m >>> 32);
          out.add(text.substring(i, end) + "=" + d.word((int) m));
          i = end;
          continue;
        }
      }
      i += Character.charCount(cp);
    }
    return out;
  }

  @Test
  void isSpace_isTheJdksWhiteSpaceOrSpaceSeparator_onEveryCodePoint() {
    // the ASCII fast path answers as the two JDK lookups do, and so does the rest
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      boolean jdk = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
      if (NameDictionary.isSpace(cp) != jdk) {
        throw new AssertionError("isSpace(U+" + Integer.toHexString(cp) + ") != " + jdk);
      }
    }
  }

  @Test
  void containsAndLongestAt_seededRandomDictionaries_agreeWithNaiveSearch() {
    Random r = new Random(20261125);
    int matches = 0;
    int nonAsciiMatches = 0;
    for (int round = 0; round < 200; round++) {
      List<String> names = new ArrayList<>();
      int count = r.nextInt(60);
      for (int i = 0; i < count; i++) {
        names.add(random(r, 1, 6));
      }
      int minLength = 1 + r.nextInt(3);
      NameDictionary d = NameDictionary.of(names, minLength);
      List<String> sorted = NaiveNames.names(names, minLength);
      TreeSet<String> words = new TreeSet<>(sorted);
      java.util.Map<String, Integer> spellings = NaiveNames.spellings(sorted, minLength);
      assertThat(d.size()).isEqualTo(words.size());
      for (int i = 0; i < d.size(); i++) {
        assertThat(d.word(i)).isEqualTo(sorted.get(i));
      }
      for (int k = 0; k < 300; k++) {
        String probe = r.nextInt(3) == 0 && !names.isEmpty() ? names.get(r.nextInt(names.size())) : random(r, 0, 7);
        assertThat(d.contains(probe)).as("contains(%s) in %s", probe, words)
            .isEqualTo(words.contains(NaiveNames.canonical(probe)));
      }
      for (int k = 0; k < 50; k++) {
        String text = random(r, 1, 25);
        for (int start = 0; start < text.length(); start += Character.charCount(text.codePointAt(start))) {
          long expected = naiveLongestAt(spellings, text, start);
          long actual = longestAt(d, text, start);
          assertThat(actual).as("longestAt(%s, %d) in %s", text, start, words).isEqualTo(expected);
          if (expected >= 0) {
            matches++;
            String m = text.substring(start, (int) (expected >>> 32));
            if (!m.chars().allMatch(c -> c < 128)) {
              nonAsciiMatches++;
            }
          }
        }
      }
    }
    assertThat(matches).as("the random texts hit the dictionaries").isGreaterThan(1_000);
    assertThat(nonAsciiMatches).as("and their non-ASCII names").isGreaterThan(300);
  }

  @Test
  void longestAt_namesOfSeparatorsAndSpaces_agreeWithNaiveSearch() {
    // a tiny alphabet, so that a name's literal '.', '_' or '-' and another's space often meet at one
    // trie node and the walk follows both readings
    String[] alphabet = {"a", "b", ".", "_", "-", " ", ",", "\t"};
    Random r = new Random(20261126);
    int matches = 0;
    for (int round = 0; round < 300; round++) {
      List<String> names = new ArrayList<>();
      for (int i = r.nextInt(12); i > 0; i--) {
        StringBuilder b = new StringBuilder();
        for (int k = 1 + r.nextInt(5); k > 0; k--) {
          b.append(alphabet[r.nextInt(alphabet.length)]);
        }
        names.add(b.toString());
      }
      int minLength = 1 + r.nextInt(2);
      NameDictionary d = NameDictionary.of(names, minLength);
      java.util.Map<String, Integer> spellings = NaiveNames.spellings(NaiveNames.names(names, minLength), minLength);
      for (int k = 0; k < 40; k++) {
        StringBuilder b = new StringBuilder();
        for (int len = 1 + r.nextInt(12); len > 0; len--) {
          b.append(alphabet[r.nextInt(alphabet.length)]);
        }
        String text = b.toString();
        for (int start = 0; start < text.length(); start++) {
          long expected = naiveLongestAt(spellings, text, start);
          assertThat(longestAt(d, text, start)).as("longestAt(%s, %d) in %s", text, start, spellings.keySet())
              .isEqualTo(expected);
          matches += expected >= 0 ? 1 : 0;
        }
      }
    }
    assertThat(matches).isGreaterThan(5_000);
  }

  @Test
  void fold_everyCodePoint_keepsItsLengthIsIdempotentAndIsLowerCaseOnAscii() {
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      int f = NameDictionary.fold(cp);
      if (Character.charCount(f) != Character.charCount(cp) || NameDictionary.fold(f) != f) {
        throw new AssertionError("fold of U+" + Integer.toHexString(cp) + " breaks an assumption");
      }
    }
    for (char c = 0; c < 128; c++) {
      assertThat(NameDictionary.fold(String.valueOf(c))).isEqualTo(String.valueOf(c).toLowerCase(Locale.ROOT));
    }
    assertThat(NameDictionary.fold("JOSÉ Müller ΣΟΦΟΣ \uD801\uDC00")).isEqualTo("josé müller σοφοσ \uD801\uDC28");
    assertThat(NameDictionary.fold("ς")).isEqualTo("σ");
    assertThat(NameDictionary.fold("\uD801")).as("an unpaired surrogate is kept").isEqualTo("\uD801");
    String lower = "already lower-case";
    assertThat(NameDictionary.fold(lower)).isSameAs(lower);
  }

  @Test
  void nonAsciiNames_matchCaseInsensitivelyAsWholeWords() {
    NameDictionary d = NameDictionary.of(List.of("josé", "Jürgen Müller", "bobby"), 3);
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.word(2)).as("sorted: bobby, josé, jürgen müller").isEqualTo("jürgen müller");
    assertThat(d.contains("JOSÉ")).isTrue();
    assertThat(d.contains("José")).isTrue();
    assertThat(d.contains("jose")).as("no accent folding").isFalse();
    assertThat(d.contains("JÜRGEN MÜLLER")).isTrue();
    assertThat(find(d, "held by josé at noon")).containsExactly("josé=josé");
    assertThat(find(d, "held by JOSÉ at noon")).containsExactly("JOSÉ=josé");
    assertThat(find(d, "José, bobby; JÜRGEN MÜLLER.")).containsExactly("José=josé", "bobby=bobby",
        "JÜRGEN MÜLLER=jürgen müller");
    assertThat(find(d, "josé")).containsExactly("josé=josé");
    assertThat(find(d, "(josé)")).containsExactly("josé=josé");
  }

  @Test
  void names_nextToAccentedLetters_areNotMatchedInsideLongerWords() {
    NameDictionary d = NameDictionary.of(List.of("josé", "bobby", "müller"), 3);
    assertThat(find(d, "josée")).isEmpty();
    assertThat(find(d, "éjosé")).isEmpty();
    assertThat(find(d, "josé2")).isEmpty();
    assertThat(find(d, "٣josé")).as("an Arabic-Indic digit is a word character").isEmpty();
    assertThat(find(d, "王josé")).isEmpty();
    assertThat(find(d, "bobbyé")).as("ASCII names too: the word goes on").isEmpty();
    assertThat(find(d, "ébobby")).isEmpty();
    assertThat(find(d, "müllers")).isEmpty();
    assertThat(find(d, "herrmüller")).isEmpty();
    assertThat(find(d, "josé\u00A0bobby")).as("no-break space separates").containsExactly("josé=josé", "bobby=bobby");
    assertThat(find(d, "josé\u2014bobby")).as("an em dash separates").containsExactly("josé=josé", "bobby=bobby");
  }

  @Test
  void surrogatePairs_matchedWholeAndFoldedByCodePoint() {
    String upper = "\uD801\uDC00\uD801\uDC01\uD801\uDC02"; // Deseret 𐐀𐐁𐐂
    String lower = "\uD801\uDC28\uD801\uDC29\uD801\uDC2A";
    String math = "\uD835\uDC00"; // 𝐀, a letter without case
    NameDictionary d = NameDictionary.of(List.of(upper, "x" + math + "y"), 3);
    assertThat(d.word(d.word(0).startsWith("x") ? 1 : 0)).isEqualTo(lower);
    assertThat(d.contains(lower)).isTrue();
    assertThat(d.contains(upper)).isTrue();
    assertThat(find(d, "by " + upper + " at")).containsExactly(upper + "=" + lower);
    assertThat(find(d, "by " + lower.substring(0, 4) + upper.substring(4) + ".")).hasSize(1);
    assertThat(find(d, "x" + math + "y")).containsExactly("x" + math + "y=x" + math + "y");
    assertThat(find(d, math + upper)).as("a supplementary letter before it is a word character").isEmpty();
    assertThat(find(d, upper + math)).as("and after it").isEmpty();
    assertThat(find(d, lower.substring(0, 5))).as("half a pair is not the name").isEmpty();
    assertThat(d.contains(lower.substring(0, 5))).isFalse();
  }

  @Test
  void fullNameFromDnCn_andAsciiSpelling_bothMatch() {
    NameDictionary d = NameDictionary.of(List.of("jürgen müller", "jurgen smith", "jmueller"), 3);
    assertThat(find(d, "Hold: Jürgen Müller exceeded quota; Jurgen Smith too; jmueller=JMUELLER"))
        .containsExactly("Jürgen Müller=jürgen müller", "Jurgen Smith=jurgen smith", "jmueller=jmueller",
            "JMUELLER=jmueller");
    assertThat(find(d, "Jurgen Muller")).as("no accent folding: another name").isEmpty();
  }

  @Test
  void fullNames_anyWhiteSpaceSeparatorsAndLastNameFirst_matchWithTheNamesSpelling() {
    // an audit found "Jane  Doe", "Doe, Jane" and "jane.doe" kept in clear where "Jane Doe" was replaced
    NameDictionary d = NameDictionary.of(List.of("Jane  Doe ", "jdoe", "Ann Marie Li", "doe jane"), 3);
    assertThat(d.size()).isEqualTo(4);
    assertThat(d.word(2)).as("canonical: folded, one space").isEqualTo("jane doe");
    assertThat(find(d, "by Jane  Doe, Jane\u00A0DOE and jane\tdoe\n")).containsExactly("Jane  Doe=jane doe",
        "Jane\u00A0DOE=jane doe", "jane\tdoe=jane doe");
    assertThat(find(d, "Doe, Jane; DOE,JANE; jane.doe; Jane_Doe; jane-doe; JaneDoe"))
        .containsExactly("Doe, Jane=jane doe", "DOE,JANE=jane doe", "jane.doe=jane doe", "Jane_Doe=jane doe",
            "jane-doe=jane doe");
    assertThat(find(d, "Doe Jane")).as("a variant that is a name is that name").containsExactly("Doe Jane=doe jane");
    assertThat(find(d, "Li, Ann Marie and ann.marie.li, ann_marie li")).containsExactly(
        "Li, Ann Marie=ann marie li", "ann.marie.li=ann marie li", "ann_marie li=ann marie li");
    assertThat(find(d, "Jane Doex; Jane Do; jane..doe; jane. doe")).isEmpty();
    assertThat(d.contains("jane.doe")).as("separators and variants are not names").isFalse();
    assertThat(d.contains("doe, jane")).isFalse();
    assertThat(d.contains(" JANE\u00A0 doe")).isTrue();
    assertThat(NameDictionary.canonical(" Jane \t\u2007Doe\n")).isEqualTo("jane doe");
    String plain = "jane doe";
    assertThat(NameDictionary.canonical(plain)).isSameAs(plain);
  }

  @Test
  void separators_literalNamesAndFullNames_bothReadingsFollowed() {
    // "jane.d" (a user name) and "jane doe" share "jane" and then a '.' or a space: the text's '.' is
    // read both ways, the longer match wins, the literal reading on a tie
    NameDictionary d = NameDictionary.of(List.of("jane.d", "jane doe", "jane.doe", "a.b c", "a b.c"), 3);
    assertThat(find(d, "jane.doe")).containsExactly("jane.doe=jane.doe");
    assertThat(find(d, "jane.d jane_doe jane-d")).containsExactly("jane.d=jane.d", "jane_doe=jane doe");
    assertThat(find(d, "a.b.c")).as("the first difference decides: literal there").containsExactly("a.b.c=a.b c");
    NameDictionary e = NameDictionary.of(List.of("jane.d", "jane doe"), 3);
    assertThat(find(e, "jane.doe")).as("the literal path dies, the space path matches").containsExactly(
        "jane.doe=jane doe");
  }

  @Test
  void emptyAndSpecialInputs() {
    NameDictionary empty = NameDictionary.of(List.of(), 3);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.contains("jdoe")).isFalse();
    assertThat(empty.contains("josé")).isFalse();
    assertThat(empty.root('j')).isZero();
    assertThat(empty.longestAtCodePoint("josé", 3, 'é')).isEqualTo(-1);
    NameDictionary d = NameDictionary.of(List.of("jdoe", "jdöe", "an li", "ab", "王伟"), 3);
    assertThat(d.size()).as("names shorter than minLength (UTF-16 units) are left out").isEqualTo(3);
    assertThat(d.contains("JDoe")).isTrue();
    assertThat(d.contains("JDÖE")).isTrue();
    assertThat(d.contains("")).isFalse();
    assertThat(d.contains("An Li")).isTrue();
    assertThat(d.contains("jdo")).isFalse();
    assertThat(d.contains("jdoex")).isFalse();
    assertThat(d.toString()).doesNotContain("jd").contains("3 names");
  }

  @Test
  void specialFoldings_kelvinSignDotlessIAndLongS_matchTheirAsciiLetters() {
    NameDictionary d = NameDictionary.of(List.of("kirk", "sis"), 3);
    assertThat(find(d, "\u212AIRK")).containsExactly("\u212AIRK=kirk");
    assertThat(find(d, "kırk")).containsExactly("kırk=kirk");
    assertThat(find(d, "KİRK")).containsExactly("KİRK=kirk");
    assertThat(find(d, "ſiſ")).containsExactly("ſiſ=sis");
  }

  /** A letter, digit or combining mark of any script, by the regular-expression classes (independent of the code). */
  private static boolean wordChar(int cp) {
    return String.valueOf(Character.toChars(cp)).matches("[\\p{L}\\p{Nd}\\p{M}]");
  }

}
