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
  private static final String ALPHABET = "abcAB.1 -xyz";

  private static String random(Random r, int min, int max) {
    int len = min + r.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** The longest word matching {@code text} at {@code start}, whole-word on the right, found naively. */
  private static long naiveLongestAt(Set<String> words, List<String> sorted, String text, int start) {
    long best = -1;
    for (int end = start + 1; end <= text.length(); end++) {
      String w = text.substring(start, end).toLowerCase(Locale.ROOT);
      boolean rightOk = end == text.length() || !NameDictionary.isWordChar(text.charAt(end));
      if (rightOk && words.contains(w)) {
        best = ((long) end << 32) | sorted.indexOf(w);
      }
    }
    return best;
  }

  @Test
  void containsAndLongestAt_seededRandomDictionaries_agreeWithNaiveSearch() {
    Random r = new Random(20261125);
    int matches = 0;
    for (int round = 0; round < 200; round++) {
      List<String> names = new ArrayList<>();
      int count = r.nextInt(60);
      for (int i = 0; i < count; i++) {
        names.add(random(r, 1, 7));
      }
      int minLength = 1 + r.nextInt(3);
      NameDictionary d = NameDictionary.of(names, minLength);
      TreeSet<String> words = new TreeSet<>();
      for (String n : names) {
        if (n.length() >= minLength) {
          words.add(n.toLowerCase(Locale.ROOT));
        }
      }
      List<String> sorted = new ArrayList<>(words);
      assertThat(d.size()).isEqualTo(words.size());
      for (int i = 0; i < d.size(); i++) {
        assertThat(d.word(i)).isEqualTo(sorted.get(i));
      }
      for (int k = 0; k < 300; k++) {
        String probe = r.nextInt(3) == 0 && !names.isEmpty() ? names.get(r.nextInt(names.size())) : random(r, 0, 8);
        assertThat(d.contains(probe)).as("contains(%s) in %s", probe, words)
            .isEqualTo(words.contains(probe.toLowerCase(Locale.ROOT)));
      }
      for (int k = 0; k < 50; k++) {
        String text = random(r, 1, 30);
        for (int start = 0; start < text.length(); start++) {
          int node = d.root(text.charAt(start));
          long expected = naiveLongestAt(words, sorted, text, start);
          long actual = node == 0 ? -1 : d.longestAt(text, start, node);
          assertThat(actual).as("longestAt(%s, %d) in %s", text, start, words).isEqualTo(expected);
          if (expected >= 0) {
            matches++;
          }
        }
      }
    }
    assertThat(matches).as("the random texts hit the dictionaries").isGreaterThan(1_000);
  }

  @Test
  void emptyAndNonAsciiInputs_matchNothing() {
    NameDictionary empty = NameDictionary.of(List.of(), 3);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.contains("jdoe")).isFalse();
    assertThat(empty.root('j')).isZero();
    NameDictionary d = NameDictionary.of(List.of("jdoe", "jdöe", "an li"), 3);
    assertThat(d.size()).as("names outside ASCII are left out").isEqualTo(2);
    assertThat(d.contains("JDoe")).isTrue();
    assertThat(d.contains("jdöe")).isFalse();
    assertThat(d.contains("")).isFalse();
    assertThat(d.contains("An Li")).isTrue();
    assertThat(d.contains("jdo")).isFalse();
    assertThat(d.contains("jdoex")).isFalse();
  }
}
