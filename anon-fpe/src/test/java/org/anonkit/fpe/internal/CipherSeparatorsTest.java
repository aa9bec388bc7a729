package org.anonkit.fpe.internal;

import static org.anonkit.fpe.internal.TransformerTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.fpe.Alphabet;
import org.anonkit.key.SecretAccess;
import org.anonkit.spi.TransformerContext;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.fpe.FPEFF3_1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * The {@code separators} parameter of {@code ff1} and {@code ff3-1} (review 41, F1: user names such as
 * {@code jane.doe}, {@code cms_prod} or {@code j-doe} fell outside the alphanumeric alphabet and became
 * the marker {@code [user]} in fpe mode).
 */
class CipherSeparatorsTest {
  private static final TransformerRegistry REGISTRY = TransformerRegistry.defaultRegistry();
  private static final String USER_SEPARATORS = "._-";

  private static Parameters.Builder ff1Params(String alphabet) {
    return Parameters.builder().put("alphabet", alphabet).put("shortValues", "hmac");
  }

  private static ReversibleTransformer transformer(String name, Parameters p) {
    Transformer t = TransformerTestSupport.create(name, "Owner", "user", p, REGISTRY);
    assertThat(t).isInstanceOf(ReversibleTransformer.class);
    return (ReversibleTransformer) t;
  }

  private static byte[] key(String name, Parameters p) {
    return TransformerContext.builder(name).field("Owner").linkageDomain("user").parameters(p).masterKey(KEY)
        .registry(REGISTRY).build().key().secret().toByteArray(SecretAccess.get());
  }

  /**
   * Tokens computed with the code before {@code separators} existed (commit dd6ee25), field Owner,
   * domain user: a value without a separator keeps its token, byte for byte, whether the parameter is
   * given or not.
   */
  @Test
  void valuesWithoutSeparators_keepTheTokensOfBefore() {
    String[] values = {"jdoe", "janedoe", "cmsprod", "schedd", "glideins8", "mrasmuss", "abc", "x", "",
        "a1b2c3d4e5f6", "user0042"};
    String[] ff1 = {"8lg4", "basdkbu", "pc5fwho", "cr9r4q", "81dkdo5id", "gus197k1", "bs9", "5", "",
        "h99uw5ou1u8s", "6toulimk"};
    String[] ff1Mixed = {"vHzd", "lmSjS9R", "G359Ym9", "bBQLhM", "QWfCZGSEF", "cwjbbAnr", "jyn", "P", "",
        "PkFYfcLWp3Ae", "3G99WO1s"};
    String[] ff31 = {"hx7h", "ijet0ab", "w84cutp", "c81rzj", "oqacxp9qt", "n8s7sghc", "yol", "1", "",
        "bkt1tgxy09us", "3k4xum4z"};
    for (boolean withSeparators : new boolean[] {false, true}) {
      Parameters.Builder a = ff1Params("alphanumeric");
      Parameters.Builder m = ff1Params("alphanumeric-mixed").put("tweak", "t1");
      Parameters.Builder f = ff1Params("alphanumeric");
      if (withSeparators) {
        a.put("separators", USER_SEPARATORS);
        m.put("separators", USER_SEPARATORS);
        f.put("separators", USER_SEPARATORS);
      }
      ReversibleTransformer ta = transformer("ff1", a.build());
      ReversibleTransformer tm = transformer("ff1", m.build());
      ReversibleTransformer tf = transformer("ff3-1", f.build());
      for (int i = 0; i < values.length; i++) {
        assertThat(ta.apply(values[i])).as("ff1 %s, separators %s", values[i], withSeparators).isEqualTo(ff1[i]);
        assertThat(tm.apply(values[i])).as("ff1 mixed %s, separators %s", values[i], withSeparators).isEqualTo(ff1Mixed[i]);
        assertThat(tf.apply(values[i])).as("ff3-1 %s, separators %s", values[i], withSeparators).isEqualTo(ff31[i]);
        if (values[i].length() >= 4) {
          assertThat(ta.reverse(ff1[i])).isEqualTo(values[i]);
          assertThat(tf.reverse(ff31[i])).isEqualTo(values[i]);
        }
      }
    }
  }

  @Test
  void userNames_keepTheirSeparators_andDecryptBack() {
    ReversibleTransformer t = transformer("ff1", ff1Params("alphanumeric").put("separators", USER_SEPARATORS).build());
    for (String v : new String[] {"jane.doe", "cms_prod", "j-doe", "schedd_glideins8", "a.b-c_d.e", ".jdoe",
        "jdoe.", "j..doe", "first.middle.last-name_2"}) {
      String out = t.apply(v);
      assertThat(out).hasSameSizeAs(v).isNotEqualTo(v);
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (USER_SEPARATORS.indexOf(c) >= 0) {
          assertThat(out.charAt(i)).as("%s position %d", v, i).isEqualTo(c);
        } else {
          assertThat(Alphabet.alphanumeric().contains(out.charAt(i))).as("%s position %d", v, i).isTrue();
          assertThat(USER_SEPARATORS.indexOf(out.charAt(i))).isNegative();
        }
      }
      assertThat(t.reverse(out)).isEqualTo(v);
      assertThat(t.apply(v)).as("deterministic").isEqualTo(out);
    }
  }

  /** Random values over random layouts, ff1 and ff3-1, three alphabets, both directions. */
  @Test
  void randomValuesAndLayouts_roundTrip_separatorsInPlace() {
    SplittableRandom rnd = new SplittableRandom(4101);
    String[][] configs = {
        {"ff1", "alphanumeric", "._-"}, {"ff1", "digits", " .:/"}, {"ff1", "alphanumeric-mixed", "-@+_"},
        {"ff3-1", "alphanumeric", "._-"}, {"ff3-1", "lowercase", "."}};
    int reversed = 0;
    int shortOnes = 0;
    for (String[] cfg : configs) {
      for (String sv : new String[] {"hmac", "fail"}) {
        Parameters p = Parameters.builder().put("alphabet", cfg[1]).put("shortValues", sv)
            .put("separators", cfg[2]).build();
        ReversibleTransformer t = transformer(cfg[0], p);
        Alphabet a = alphabetOf(cfg[1]);
        int min = minLength(a.radix());
        int maxLen = cfg[0].equals("ff3-1") ? 20 : 60;
        for (int it = 0; it < 600; it++) {
          int len = rnd.nextInt(0, maxLen);
          double sepShare = rnd.nextDouble() * 0.5;
          char[] v = new char[len];
          int k = 0;
          for (int i = 0; i < len; i++) {
            if (rnd.nextDouble() < sepShare) {
              v[i] = cfg[2].charAt(rnd.nextInt(cfg[2].length()));
            } else {
              v[i] = a.charAt(rnd.nextInt(a.radix()));
              k++;
            }
          }
          String value = new String(v);
          if (k < min && sv.equals("fail")) {
            assertThatThrownBy(() -> t.apply(value)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs at least");
            continue;
          }
          String out = t.apply(value);
          assertThat(out).hasSameSizeAs(value);
          for (int i = 0; i < len; i++) {
            if (cfg[2].indexOf(v[i]) >= 0) {
              assertThat(out.charAt(i)).isEqualTo(v[i]);
            } else {
              assertThat(a.contains(out.charAt(i))).isTrue();
            }
          }
          if (k >= min) {
            assertThat(t.reverse(out)).as("%s %s %s", cfg[0], cfg[1], sv).isEqualTo(value);
            reversed++;
          } else {
            shortOnes++;
            if (k < len) { // a value of separators only is its own token: nothing to decrypt
              assertThatThrownBy(() -> t.reverse(out)).isInstanceOf(InvalidInputException.class)
                  .hasMessageContaining("irreversibly");
            }
          }
        }
      }
    }
    assertThat(reversed).isGreaterThan(4_000);
    assertThat(shortOnes).isGreaterThan(100);
  }

  /**
   * The layout is in the tweak: values whose letters are the same but whose separators sit elsewhere or
   * differ do not get the same letters, nor the letters of the value without separators.
   */
  @Test
  void layouts_encryptTheirLettersIndependently() {
    for (String name : new String[] {"ff1", "ff3-1"}) {
      ReversibleTransformer t = transformer(name, ff1Params("alphanumeric").put("separators", USER_SEPARATORS).build());
      Map<String, String> letters = new LinkedHashMap<>();
      for (String v : new String[] {"janedoe", "jane.doe", "janed.oe", "jane_doe", "jane-doe", "j.ane.doe", ".janedoe"}) {
        String out = t.apply(v);
        assertThat(t.reverse(out)).isEqualTo(v);
        letters.put(v, strip(out, USER_SEPARATORS));
      }
      assertThat(new HashSet<>(letters.values())).as("%s: %s", name, letters).hasSize(letters.size());
    }
  }

  /**
   * An independent check of the FF1 (and FF3-1) part: BouncyCastle, with the transformer's derived key,
   * on the value's characters without its separators, with the tweak the class comment describes.
   */
  @Test
  @SuppressWarnings("deprecation")
  void encryptedPart_matchesBouncyCastle_onTheStrippedValueWithTheLayoutTweak() throws Exception {
    SplittableRandom rnd = new SplittableRandom(41);
    Alphabet a = Alphabet.alphanumeric();
    int compared = 0;
    for (String name : new String[] {"ff1", "ff3-1"}) {
      for (String tweak : new String[] {null, name.equals("ff1") ? "site-A" : "0123456789abcd"}) {
        Parameters.Builder b = ff1Params("alphanumeric").put("separators", USER_SEPARATORS);
        if (tweak != null) {
          b.put("tweak", tweak);
        }
        Parameters p = b.build();
        ReversibleTransformer t = transformer(name, p);
        byte[] key = key(name, p);
        byte[] base;
        if (name.equals("ff1")) {
          base = tweak == null ? new byte[0] : tweak.getBytes(StandardCharsets.UTF_8);
        } else {
          base = tweak != null ? HexFormat.of().parseHex(tweak)
              : TransformerContext.builder(name).field("Owner").linkageDomain("user").parameters(p).masterKey(KEY)
                  .registry(REGISTRY).build().key().subKey("ff3-1-tweak", 7).secret().toByteArray(SecretAccess.get());
        }
        for (int it = 0; it < 300; it++) {
          String value = randomUserName(rnd, a, name.equals("ff1") ? 40 : 24);
          byte[] layout = new byte[value.length()];
          for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            layout[i] = USER_SEPARATORS.indexOf(c) >= 0 ? (byte) c : 0;
          }
          byte[] bcTweak;
          FPEEngine enc;
          if (name.equals("ff1")) {
            bcTweak = Arrays.copyOf(base, base.length + 1 + layout.length);
            System.arraycopy(layout, 0, bcTweak, base.length + 1, layout.length);
            enc = new FPEFF1Engine(AESEngine.newInstance());
          } else {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(base);
            md.update((byte) 0);
            md.update(layout);
            bcTweak = Arrays.copyOf(md.digest(), 7);
            enc = new FPEFF3_1Engine(AESEngine.newInstance());
          }
          enc.init(true, new FPEParameters(new KeyParameter(key), a.radix(), bcTweak));
          String stripped = strip(value, USER_SEPARATORS);
          byte[] in = new byte[stripped.length()];
          for (int i = 0; i < in.length; i++) {
            in[i] = (byte) a.indexOf(stripped.charAt(i));
          }
          byte[] outNumerals = new byte[in.length];
          enc.processBlock(in, 0, in.length, outNumerals, 0);
          StringBuilder expected = new StringBuilder();
          for (byte d : outNumerals) {
            expected.append(a.charAt(d));
          }
          assertThat(strip(t.apply(value), USER_SEPARATORS)).as("%s %s", name, tweak).isEqualTo(expected.toString());
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(1_200);
  }

  /** A value holding at least one separator and at least 4 letters or digits (radix 36's minimum). */
  private static String randomUserName(SplittableRandom rnd, Alphabet a, int maxLen) {
    while (true) {
      int len = rnd.nextInt(5, maxLen);
      char[] v = new char[len];
      int seps = 0;
      for (int i = 0; i < len; i++) {
        if (rnd.nextInt(5) == 0) {
          v[i] = USER_SEPARATORS.charAt(rnd.nextInt(3));
          seps++;
        } else {
          v[i] = a.charAt(rnd.nextInt(a.radix()));
        }
      }
      if (seps > 0 && len - seps >= 4) {
        return new String(v);
      }
    }
  }

  @Test
  void shortValues_keepSeparators_hmacOrFail() {
    ReversibleTransformer hmac = transformer("ff1", ff1Params("alphanumeric").put("separators", USER_SEPARATORS).build());
    String out = hmac.apply("a.bc");
    assertThat(out).hasSize(4).matches("[0-9a-z]\\.[0-9a-z]{2}");
    assertThat(hmac.apply("a.bc")).isEqualTo(out);
    assertThat(hmac.apply("ab.c")).isNotEqualTo(out); // the HMAC covers the separators too (almost surely)
    assertThat(hmac.apply("...")).isEqualTo("...");
    assertThat(hmac.apply("")).isEmpty();
    assertThatThrownBy(() -> hmac.reverse(out)).isInstanceOf(InvalidInputException.class).hasMessageContaining("irreversibly");
    // j-doe has four letters: 36^4 >= 1,000,000, so it is encrypted and decrypts back
    assertThat(hmac.reverse(hmac.apply("j-doe"))).isEqualTo("j-doe");

    ReversibleTransformer fail = transformer("ff1", Parameters.builder().put("alphabet", "alphanumeric")
        .put("separators", USER_SEPARATORS).build());
    assertThatThrownBy(() -> fail.apply("x.yz")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("3 characters besides its separators").hasMessageNotContaining("x.yz");
    assertThatThrownBy(() -> fail.reverse("x.yz")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least 4").hasMessageNotContaining("x.yz");
  }

  @Test
  void errors_neverHoldTheValue() {
    ReversibleTransformer t = transformer("ff1", ff1Params("alphanumeric").put("separators", USER_SEPARATORS).build());
    for (String v : new String[] {"jane.doe!", "Jane.Doe", "jané.doe", "jane doe.x", "cms_prod@fnal"}) {
      for (boolean encrypt : new boolean[] {true, false}) {
        assertThatThrownBy(() -> {
          if (encrypt) {
            t.apply(v);
          } else {
            t.reverse(v);
          }
        }).isInstanceOf(InvalidInputException.class).hasMessageContaining("position")
            .satisfies(e -> assertNoPartOf(v, e.getMessage()));
      }
    }
    String huge = "a.".repeat(600);
    assertThatThrownBy(() -> t.apply(huge)).isInstanceOf(InvalidInputException.class).hasMessageContaining("1024");
  }

  private static void assertNoPartOf(String value, String message) {
    for (String part : value.split("[^A-Za-z0-9é]+")) {
      if (part.length() >= 3) {
        assertThat(message).doesNotContainIgnoringCase(part);
      }
    }
  }

  @Test
  void badSeparators_arePolicyErrorsNamingTheParameter() {
    Object[][] cases = {
        {"ff1", "alphanumeric", "._a", "in the alphabet"},
        {"ff1", "digits", "-7", "in the alphabet"},
        {"ff3-1", "alphanumeric", ".5", "in the alphabet"},
        {"ff1", "alphanumeric", ".\u00e9", "printable ASCII"},
        {"ff1", "alphanumeric", ".\t", "printable ASCII"},
        {"ff1", "alphanumeric", "._.", "twice"},
        {"ff1", "alphanumeric", 3L, "expected a string"}};
    for (Object[] c : cases) {
      Parameters.Builder b = Parameters.builder("$.modes.fpe.fields.Owner.params").put("alphabet", (String) c[1]);
      if (c[2] instanceof String) {
        b.put("separators", (String) c[2]);
      } else {
        b.put("separators", (long) c[2]);
      }
      Parameters p = b.build();
      assertThatThrownBy(() -> transformer((String) c[0], p)).as("%s", Arrays.toString(c))
          .isInstanceOf(PolicyException.class)
          .hasMessageContaining("$.modes.fpe.fields.Owner.params.separators")
          .hasMessageContaining((String) c[3])
          .satisfies(e -> assertThat(((PolicyException) e).path()).isEqualTo("$.modes.fpe.fields.Owner.params.separators"));
    }
    // the layout is appended to an ff1 tweak: 3,071 bytes at most then
    Parameters longTweak = Parameters.builder().put("alphabet", "alphanumeric").put("separators", ".")
        .put("tweak", "t".repeat(3072)).build();
    assertThatThrownBy(() -> transformer("ff1", longTweak)).isInstanceOf(PolicyException.class)
        .hasMessageContaining("tweak").hasMessageContaining("3071");
    transformer("ff1", Parameters.builder().put("alphabet", "alphanumeric").put("separators", ".")
        .put("tweak", "t".repeat(3071)).build());
    // numeric-id takes no separators
    assertThatThrownBy(() -> TransformerTestSupport.create("numeric-id", "ClusterId",
        Parameters.builder().put("separators", ".").build())).isInstanceOf(PolicyException.class)
        .hasMessageContaining("separators");
    // an empty string is no separator at all
    assertThat(transformer("ff1", ff1Params("alphanumeric").put("separators", "").build()).apply("janedoe"))
        .isEqualTo("basdkbu");
  }

  private static String strip(String s, String separators) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (separators.indexOf(c) < 0) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static Alphabet alphabetOf(String name) {
    switch (name) {
      case "digits":
        return Alphabet.digits();
      case "lowercase":
        return Alphabet.lowercase();
      case "alphanumeric-mixed":
        return Alphabet.alphanumericMixedCase();
      default:
        return Alphabet.alphanumeric();
    }
  }

  private static int minLength(int radix) {
    int n = 1;
    long p = radix;
    while (p < 1_000_000L) {
      p *= radix;
      n++;
    }
    return Math.max(2, n);
  }
}
