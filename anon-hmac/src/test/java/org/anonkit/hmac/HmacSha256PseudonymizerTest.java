package org.anonkit.hmac;

import static org.anonkit.hmac.TestKeys.direct;
import static org.anonkit.hmac.TestKeys.hex;
import static org.anonkit.hmac.TestKeys.params;
import static org.anonkit.hmac.TestKeys.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HmacSha256PseudonymizerTest {

  // ---- RFC 4231 (src/test/resources/vectors/rfc4231-hmac-sha256.txt) ----

  static Stream<Arguments> rfc4231() {
    return TestKeys.vectorLines("rfc4231-hmac-sha256.txt").stream()
        .map(f -> Arguments.of("RFC 4231 case " + f[0], f[1], f[2], Integer.parseInt(f[3]), f[4]));
  }

  /** RFC 4231 §4.2-4.8 through the byte-level keyed HMAC, both paths (precomputed and fallback). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc4231")
  void rfc4231_byteLevelHmac_matchesPublishedOutput(String id, String key, String data, int hexChars, String expected) {
    for (boolean precompute : new boolean[] {true, false}) {
      KeyedSha256 keyed = new KeyedSha256(hex(key), precompute);
      assertThat(keyed.precomputed()).isEqualTo(precompute);
      KeyedSha256.Worker w = keyed.newWorker(0);
      byte[] d = hex(data);
      w.mac(d, 0, d.length);
      assertThat(toHex(w.mac).substring(0, hexChars)).as(id).isEqualTo(expected);
    }
  }

  /**
   * RFC 4231 through the public transformer with a direct key, hex encoding, 64 characters (32 for
   * case 5, whose published output is the MAC truncated to 128 bits: our truncation keeps the same
   * leading bits). Cases 3 and 4 carry non-UTF-8 data and are covered by the byte-level test only.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc4231")
  void rfc4231_transformerWithDirectKey_printsPublishedHex(String id, String key, String data, int hexChars, String expected) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(hex(data))).toString();
    } catch (CharacterCodingException e) {
      org.junit.jupiter.api.Assumptions.abort(id + ": data is not UTF-8 text; checked at byte level");
      return;
    }
    for (int cache : new int[] {0, 16}) {
      HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(
          direct(key, params("encoding", "hex", "length", hexChars, "cacheSize", cache)));
      assertThat(p.apply(text)).as(id).isEqualTo(expected);
      assertThat(p.apply(new StringBuilder(text))).as(id + " (StringBuilder)").isEqualTo(expected);
    }
  }

  @Test
  void rfc4231_case5_truncatedTo128Bits_isLeadingBitsOfFullMac() {
    String key = "0c".repeat(20);
    HmacSha256Pseudonymizer full = HmacSha256Pseudonymizer.create(direct(key, params("encoding", "hex", "length", 64)));
    HmacSha256Pseudonymizer truncated = HmacSha256Pseudonymizer.create(direct(key, params("encoding", "hex", "length", 32)));
    assertThat(full.apply("Test With Truncation")).startsWith("a3b6167473100ee06e0c796c2955552b")
        .startsWith(truncated.apply("Test With Truncation"));
    assertThat(truncated.bits()).isEqualTo(128);
  }

  // ---- RFC 4648 §10 Base32 ----

  static Stream<Arguments> rfc4648() {
    return TestKeys.vectorLines("rfc4648-base32.txt").stream().map(f -> Arguments.of(f[0], f[1], f[2]));
  }

  @ParameterizedTest(name = "RFC 4648 §10 BASE32(\"{0}\")")
  @MethodSource("rfc4648")
  void base32_rfc4648Vectors_encodeLowercaseUnpadded(String input, String base32, String base16) {
    byte[] data = input.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[base32.length() + 3];
    TokenEncoding.BASE32.encode(data, data.length, base32.length(), out, 3); // at an offset
    assertThat(new String(out, 3, base32.length(), StandardCharsets.US_ASCII)).isEqualTo(base32);
    byte[] hexOut = new byte[base16.length()];
    TokenEncoding.HEX.encode(data, data.length, hexOut.length, hexOut, 0);
    assertThat(new String(hexOut, StandardCharsets.US_ASCII)).isEqualTo(base16);
  }

  // ---- differential against javax.crypto.Mac ----

  private static final String KEY_HEX = "4f1c9a0e22d35b7788aa01fe9c3d2b6e5a4f3e2d1c0b0a09f8e7d6c5b4a39281";

  static String randomValue(Random r) {
    int kind = r.nextInt(10);
    int len = kind == 0 ? 0 : kind < 6 ? r.nextInt(20) : kind < 9 ? r.nextInt(200) : 1000 + r.nextInt(2500);
    StringBuilder sb = new StringBuilder(len);
    while (sb.length() < len) {
      int c = r.nextInt(8);
      if (c < 4) {
        sb.append((char) (0x20 + r.nextInt(0x5f)));
      } else if (c == 4) {
        sb.append((char) (0x80 + r.nextInt(0x780))); // 2-byte UTF-8
      } else if (c == 5) {
        char ch;
        do {
          ch = (char) (0x800 + r.nextInt(0x10000 - 0x800));
        } while (Character.isSurrogate(ch));
        sb.append(ch); // 3-byte UTF-8
      } else if (c == 6) {
        sb.appendCodePoint(0x10000 + r.nextInt(0x100000)); // surrogate pair, 4-byte UTF-8
      } else {
        sb.append((char) r.nextInt(0x20)); // control characters, NUL included
      }
    }
    return sb.toString();
  }

  static byte[] jdkMac(byte[] key, String value) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "cacheSize={0}")
  @ValueSource(ints = {0, 64, 65536})
  void apply_10000RandomValues_matchesJavaxCryptoMac(int cacheSize) throws Exception {
    Random r = new Random(4231L + cacheSize);
    HmacSha256Pseudonymizer hex = HmacSha256Pseudonymizer.create(
        direct(KEY_HEX, params("encoding", "hex", "length", 64, "cacheSize", cacheSize)));
    HmacSha256Pseudonymizer b32 = HmacSha256Pseudonymizer.create(
        direct(KEY_HEX, params("encoding", "base32", "length", 52, "cacheSize", cacheSize, "prefix", "u_")));
    HmacSha256Pseudonymizer short13 = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("length", 13)));
    byte[] key = hex(KEY_HEX);
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      // Draw repeats half of the time so a cache sees hits, misses and evictions.
      String v = pool.isEmpty() || r.nextBoolean() ? randomValue(r) : pool.get(r.nextInt(pool.size()));
      pool.add(v);
      byte[] expected = jdkMac(key, v);
      String expectedB32 = TestKeys.base32Reference(expected);
      assertThat(hex.apply(v)).isEqualTo(toHex(expected));
      assertThat(b32.apply(v)).isEqualTo("u_" + expectedB32);
      assertThat(short13.apply(v)).isEqualTo(expectedB32.substring(0, 13));
    }
  }

  @Test
  void apply_fallbackWithoutCloning_matchesJavaxCryptoMac() throws Exception {
    Random r = new Random(17);
    HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(
        direct(KEY_HEX, params("encoding", "hex", "length", 64, "cacheSize", 0)), false);
    assertThat(p.precomputed()).isFalse();
    for (int i = 0; i < 500; i++) {
      String v = randomValue(r);
      assertThat(p.apply(v)).isEqualTo(toHex(jdkMac(hex(KEY_HEX), v)));
    }
  }

  @Test
  void create_withMasterKey_usesKeyDerivedForFieldPurpose() throws Exception {
    MasterKey master = MasterKey.of("k1", SecretBytes.fromHex("00112233445566778899aabbccddeeff", SecretAccess.get()));
    TransformerContext ctx = TransformerContext.builder("hmac").masterKey(master).field("Owner")
        .parameters(params("encoding", "hex", "length", 64)).build();
    HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(ctx);
    byte[] derived = master.derive("anonkit/v1/hmac/owner").secret().toByteArray(SecretAccess.get());
    assertThat(p.apply("jdoe")).isEqualTo(toHex(jdkMac(derived, "jdoe")));
    assertThat(p.keyId()).isEqualTo("k1");
    assertThat(p.domain()).isEqualTo("owner");

    TransformerContext user = TransformerContext.builder("hmac").masterKey(master).field("User")
        .linkageDomain("user").parameters(params("encoding", "hex", "length", 64)).build();
    TransformerContext owner = TransformerContext.builder("hmac").masterKey(master).field("Owner")
        .linkageDomain("user").parameters(params("encoding", "hex", "length", 64)).build();
    assertThat(HmacSha256Pseudonymizer.create(user).apply("jdoe"))
        .as("fields in one linkage domain share tokens")
        .isEqualTo(HmacSha256Pseudonymizer.create(owner).apply("jdoe"))
        .isNotEqualTo(p.apply("jdoe"));
  }

  // ---- cache and threads ----

  @Test
  void apply_manyThreadsSharingOneTinyCache_isDeterministic() throws Exception {
    HmacSha256Pseudonymizer reference = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("cacheSize", 0)));
    HmacSha256Pseudonymizer shared = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("cacheSize", 32)));
    Random r = new Random(99);
    List<String> distinct = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      distinct.add("user" + i + (i % 7 == 0 ? "é" : ""));
    }
    distinct.add("Aa"); // "Aa" and "BB" share String.hashCode(): the cache must compare full keys
    distinct.add("BB");
    String[] column = new String[20_000];
    for (int i = 0; i < column.length; i++) {
      column[i] = distinct.get((int) Math.min(distinct.size() - 1, Math.floor(Math.pow(r.nextDouble(), 3) * distinct.size())));
    }
    String[] expected = new String[column.length];
    for (int i = 0; i < column.length; i++) {
      expected[i] = reference.apply(column[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String[]>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t * 997;
        results.add(pool.submit(() -> {
          String[] out = new String[column.length];
          for (int k = 0; k < column.length; k++) {
            int i = (k + offset) % column.length;
            out[i] = shared.apply(new StringBuilder(column[i])); // a fresh CharSequence every time
          }
          return out;
        }));
      }
      for (Future<String[]> f : results) {
        assertThat(f.get()).containsExactly(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(shared.cachedEntries()).isLessThanOrEqualTo(32);
    assertThat(shared.apply("Aa")).isNotEqualTo(shared.apply("BB"));
  }

  @Test
  void cache_capacity_isRoundedUpToPowerOfTwoAndBounded() {
    assertThat(HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("cacheSize", 1000))).cacheCapacity()).isEqualTo(1024);
    assertThat(HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("cacheSize", 1))).cacheCapacity()).isEqualTo(4);
    assertThat(HmacSha256Pseudonymizer.create(direct(KEY_HEX, params())).cacheCapacity()).isEqualTo(65536);
    HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("cacheSize", 0)));
    assertThat(p.cacheCapacity()).isZero();
    HmacSha256Pseudonymizer small = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("cacheSize", 16)));
    for (int i = 0; i < 1000; i++) {
      small.apply("v" + i);
    }
    assertThat(small.cachedEntries()).as("one-off values are not admitted").isZero();
    for (int i = 0; i < 1000; i++) {
      small.apply("w" + i);
      small.apply("w" + i); // second miss: admitted
    }
    assertThat(small.cachedEntries()).isEqualTo(16);
  }

  // ---- parameters ----

  @Test
  void create_defaults_areBase32With80Bits() {
    HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(direct(KEY_HEX, Parameters.empty()));
    assertThat(p.encoding()).isEqualTo(TokenEncoding.BASE32);
    assertThat(p.length()).isEqualTo(16);
    assertThat(p.bits()).isEqualTo(80);
    assertThat(p.apply("jdoe")).matches("[a-z2-7]{16}");
    HmacSha256Pseudonymizer h = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("encoding", "hex")));
    assertThat(h.apply("jdoe")).matches("[0-9a-f]{20}");
    assertThat(p.collisionProbability(5_000_000)).isBetween(1e-12, 1e-10);
  }

  @Test
  void create_prefix_isPrependedToEveryToken() {
    HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("prefix", "u_")));
    HmacSha256Pseudonymizer plain = HmacSha256Pseudonymizer.create(direct(KEY_HEX, Parameters.empty()));
    assertThat(p.apply("mu2epro")).isEqualTo("u_" + plain.apply("mu2epro"));
  }

  @Test
  void create_prefixOutsideLatin1_isPrependedToo() {
    HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("prefix", "用户→")));
    HmacSha256Pseudonymizer latin1 = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("prefix", "ü_")));
    HmacSha256Pseudonymizer plain = HmacSha256Pseudonymizer.create(direct(KEY_HEX, Parameters.empty()));
    assertThat(p.apply("jdoe")).isEqualTo("用户→" + plain.apply("jdoe"));
    assertThat(latin1.apply("jdoe")).isEqualTo("ü_" + plain.apply("jdoe"));
  }

  @Test
  void create_shortTokensWithoutOptIn_rejectedNamingPathAndBound() {
    assertThatThrownBy(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("length", 12))))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("$.length").hasMessageContaining("60 bits").hasMessageContaining("allowShortTokens")
        .hasMessageContaining("13");
    assertThatThrownBy(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("encoding", "hex", "length", 15))))
        .isInstanceOf(PolicyException.class).hasMessageContaining("16");
    HmacSha256Pseudonymizer ok = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("length", 2, "allowShortTokens", true)));
    assertThat(ok.apply("x")).hasSize(2);
    assertThat(HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("length", 13))).bits()).isEqualTo(65);
  }

  @Test
  void create_invalidParameters_rejectedWithPath() {
    assertThatThrownBy(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("length", 53))))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.length").hasMessageContaining("[1, 52]");
    assertThatThrownBy(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("encoding", "hex", "length", 65))))
        .isInstanceOf(PolicyException.class).hasMessageContaining("[1, 64]");
    assertThatThrownBy(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("encoding", "base64"))))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.encoding");
    assertThatThrownBy(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("lenght", 16))))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.lenght").hasMessageContaining("length");
    assertThatThrownBy(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("cacheSize", -1))))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.cacheSize");
    assertThatThrownBy(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("prefix", "a\nb"))))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.prefix");
  }

  @Test
  void apply_unpairedSurrogate_rejectedWithoutEchoingValue() {
    HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(direct(KEY_HEX, Parameters.empty()));
    for (String bad : new String[] {"zz-secret-owner\uD800", "\uDC00zz-secret-owner", "zz-secret\uD83Dx"}) {
      Throwable t = catchThrowable(() -> p.apply(bad));
      assertThat(t).isInstanceOf(InvalidInputException.class).hasMessageContaining("surrogate");
      assertThat(t.getMessage()).doesNotContain("zz-secret");
    }
    assertThat(p.apply("\uD83D\uDE00")).hasSize(16); // a valid pair is fine
  }

  // ---- leaks ----

  @Test
  void messagesAndToString_neverContainValuesTokensOrKey() {
    String secretValue = "jdoe-LEAKCHECK-4711@fnal.gov";
    HmacSha256Pseudonymizer p = HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("prefix", "u_")));
    String token = p.apply(secretValue);
    List<String> texts = new ArrayList<>();
    texts.add(p.toString());
    texts.add(new HmacTransformerProvider().toString());
    texts.add(TransformerRegistry.defaultRegistry().toString());
    texts.add(catchThrowable(() -> p.apply(secretValue + "\uD800")).getMessage());
    texts.add(catchThrowable(() -> HmacSha256Pseudonymizer.create(direct(KEY_HEX, params("length", 3)))).getMessage());
    texts.add(catchThrowable(() -> HmacSha256Pseudonymizer.create(
        TransformerContext.builder("hmac").field("Owner").build())).getMessage());
    for (String text : texts) {
      assertThat(text).doesNotContain(secretValue).doesNotContain("LEAKCHECK").doesNotContain(token)
          .doesNotContain(token.substring(2)).doesNotContain(KEY_HEX).doesNotContain(KEY_HEX.substring(0, 16));
    }
  }
}
