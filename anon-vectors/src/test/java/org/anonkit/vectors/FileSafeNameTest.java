package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link VectorBatch#fileSafe} against the regular expression it replaced, on random names. */
class FileSafeNameTest {
  private static final String ALPHABET = "aZ09._-~ /:é\u00e9\u4e2d\ud83d\ude00\ud800\udc00";

  @Test
  void fileSafe_randomNames_sameAsTheRegularExpression() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int n = 0; n < 100_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = rnd.nextInt(12);
      for (int i = 0; i < len; i++) {
        int k = rnd.nextInt(ALPHABET.length() + 2);
        // lone surrogates too: the regular expression replaces each by one '_'
        b.append(k == ALPHABET.length() ? '\ud83d' : k == ALPHABET.length() + 1 ? '\ude00' : ALPHABET.charAt(k));
      }
      String name = b.toString();
      assertThat(VectorBatch.fileSafe(name)).as("%s", name).isEqualTo(name.replaceAll("[^A-Za-z0-9._-]", "_"));
    }
    String plain = "RemoteWallClockTime";
    assertThat(VectorBatch.fileSafe(plain)).isSameAs(plain);
  }
}
