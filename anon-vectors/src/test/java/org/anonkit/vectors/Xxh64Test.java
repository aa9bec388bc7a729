package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.api.Test;

class Xxh64Test {
  private static final long PRIME32 = 2654435761L;
  private static final long PRIME64 = 0x9E3779B185EBCA8DL; // 11400714785074694797 (not XXH64's PRIME64_1)

  /** The reference sanity buffer (xxHash cli/xsum_sanity_check.c, XSUM_fillTestBuffer). */
  static byte[] sanityBuffer(int len) {
    byte[] b = new byte[len];
    long gen = PRIME32;
    for (int i = 0; i < len; i++) {
      b[i] = (byte) (gen >>> 56);
      gen *= PRIME64;
    }
    return b;
  }

  // Source: github.com/Cyan4973/xxHash cli/xsum_sanity_check.c, XSUM_XXH64_testdata.
  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "/vectors/xxh64-sanity.csv", numLinesToSkip = 0)
  void hash_referenceSanityVectors_match(String caseId, int length, long seed, String expectedHex) {
    byte[] buf = sanityBuffer(Math.max(length, 1) + 7);
    long expected = Long.parseUnsignedLong(expectedHex, 16);
    assertThat(Xxh64.hash(buf, 0, length, seed)).as(caseId).isEqualTo(expected);
    // the same bytes at an unaligned offset give the same hash
    byte[] shifted = new byte[length + 3];
    System.arraycopy(buf, 0, shifted, 3, length);
    assertThat(Xxh64.hash(shifted, 3, length, seed)).as(caseId + " unaligned").isEqualTo(expected);
  }

  @Test
  void hashUtf8_randomStrings_equalsHashOfJdkUtf8Bytes() {
    Random rnd = new Random(42);
    Xxh64 hasher = Xxh64.newHasher();
    for (int t = 0; t < 2000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = rnd.nextInt(80);
      for (int i = 0; i < n; i++) {
        int kind = rnd.nextInt(4);
        if (kind == 0) {
          sb.append((char) (0x20 + rnd.nextInt(95)));
        } else if (kind == 1) {
          sb.append((char) (0x80 + rnd.nextInt(0x700)));
        } else if (kind == 2) {
          sb.append((char) (0x800 + rnd.nextInt(0xD000 - 0x800)));
        } else {
          sb.appendCodePoint(0x10000 + rnd.nextInt(0x10000));
        }
      }
      String s = sb.toString();
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      long seed = rnd.nextLong();
      assertThat(hasher.hashUtf8(s, seed)).isEqualTo(Xxh64.hash(bytes, 0, bytes.length, seed));
    }
  }

  @Test
  void hashUtf8_unpairedSurrogate_hashesLikeJdkReplacement() {
    String s = "a\uD800b";
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    assertThat(Xxh64.newHasher().hashUtf8(s, 0)).isEqualTo(Xxh64.hash(bytes, 0, bytes.length, 0));
  }
}
