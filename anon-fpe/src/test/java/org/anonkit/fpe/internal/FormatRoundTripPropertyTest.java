package org.anonkit.fpe.internal;

import static org.anonkit.fpe.internal.TransformerTestSupport.assertSameShape;
import static org.anonkit.fpe.internal.TransformerTestSupport.reversible;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.ReversibleTransformer;
import org.junit.jupiter.api.Test;

/**
 * decrypt(encrypt(x)) == x on random inputs of each shape the format-aware transformers take (e-mail in
 * all three domain modes, phone, slash- and comma-form DN, numeric id), with the shape kept; values in
 * the short-value domain are tokenized irreversibly and must say so when reversed.
 */
class FormatRoundTripPropertyTest {
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String MIXED = LOWER + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private static String word(SplittableRandom rnd, String alphabet, String seps, int min, int max) {
    int n = rnd.nextInt(min, max + 1);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      boolean sep = !seps.isEmpty() && i > 0 && i < n - 1 && rnd.nextInt(6) == 0;
      sb.append(sep ? seps.charAt(rnd.nextInt(seps.length())) : alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** Round trip, or an irreversible short-value token that says so; returns 1 if compared. */
  private static int check(ReversibleTransformer t, String v, boolean sameShape) {
    String out = t.apply(v);
    if (sameShape) {
      assertSameShape(v, out);
    }
    assertThat(out).hasSameSizeAs(v);
    try {
      assertThat(t.reverse(out)).isEqualTo(v);
      return 1;
    } catch (InvalidInputException irreversible) {
      assertThat(irreversible.getMessage()).contains("irreversibly");
      return 0;
    }
  }

  @Test
  void email_allDomainModes_roundTrip() {
    SplittableRandom rnd = new SplittableRandom(5869);
    ReversibleTransformer keep = reversible("email", "User", Parameters.empty());
    ReversibleTransformer pseudo = reversible("email", "User", Parameters.builder().put("domain", "pseudonymize").build());
    int compared = 0;
    for (int i = 0; i < 1500; i++) {
      String local = word(rnd, MIXED, "._-+", 1, 30);
      String domain = word(rnd, LOWER + "0123456789", "-", 2, 12) + "." + word(rnd, LOWER, "-", 5, 12) + "."
          + word(rnd, LOWER, "", 2, 4);
      String v = local + "@" + domain;
      compared += check(keep, v, true);
      compared += check(pseudo, v, true);
    }
    assertThat(compared).isGreaterThan(1500);
  }

  @Test
  void phone_roundTrip() {
    SplittableRandom rnd = new SplittableRandom(4231);
    ReversibleTransformer phone = reversible("phone", "Phone", Parameters.empty());
    int compared = 0;
    for (int i = 0; i < 1500; i++) {
      String v = (rnd.nextBoolean() ? "+" + word(rnd, "0123456789", "", 1, 3) + " " : "")
          + (rnd.nextBoolean() ? "(" + word(rnd, "0123456789", "", 3, 3) + ") " : "")
          + word(rnd, "0123456789", " -.", 4, 14);
      compared += check(phone, v, true);
    }
    assertThat(compared).isGreaterThan(1000);
  }

  @Test
  void dn_slashAndCommaForms_roundTrip() {
    SplittableRandom rnd = new SplittableRandom(4514);
    ReversibleTransformer dn = reversible("dn", "x509userproxysubject", Parameters.empty());
    int compared = 0;
    for (int i = 0; i < 1000; i++) {
      String cn = word(rnd, MIXED, " .-'", 6, 24);
      String uid = word(rnd, LOWER + "0123456789", "", 5, 10);
      String org = word(rnd, MIXED, " ", 3, 20);
      compared += check(dn, "/DC=org/DC=cilogon/C=US/O=" + org + "/CN=" + cn + "/CN=UID:" + uid, true);
      compared += check(dn, "CN=" + cn + ",UID=" + uid + ",OU=People,O=" + org + ",C=US", false);
    }
    assertThat(compared).isGreaterThan(1000);
  }

  @Test
  void numericId_roundTrip() {
    SplittableRandom rnd = new SplittableRandom(38);
    ReversibleTransformer id = reversible("numeric-id", "ClusterId", Parameters.empty());
    for (int i = 0; i < 2000; i++) {
      String v = word(rnd, "0123456789", "", 6, 40);
      assertThat(check(id, v, true)).isEqualTo(1);
    }
  }
}
