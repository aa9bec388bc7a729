package org.anonkit.fpe.internal;

import static org.anonkit.fpe.internal.TransformerTestSupport.assertSameShape;
import static org.anonkit.fpe.internal.TransformerTestSupport.create;
import static org.anonkit.fpe.internal.TransformerTestSupport.reversible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.junit.jupiter.api.Test;

class FormatTransformersTest {

  @Test
  void registry_findsAllFpeProviders() {
    assertThat(TransformerRegistry.defaultRegistry().names())
        .contains("ff1", "ff3-1", "numeric-id", "email", "phone", "dn", "hostname");
  }

  @Test
  void email_mixedClassLocalPart_keepsEachCharactersClassAndDomain() {
    ReversibleTransformer t = reversible("email", "User", Parameters.empty());
    for (String v : List.of("Alice123@fnal.gov", "jane.doe+condor@fnal.gov", "bbockelm@users.opensciencegrid.org",
        "Jean-Luc_Picard99@cern.ch")) {
      String out = t.apply(v);
      assertSameShape(v, out);
      assertThat(out).isNotEqualTo(v).endsWith(v.substring(v.indexOf('@')));
      assertThat(t.reverse(out)).isEqualTo(v);
      assertThat(t.apply(v)).isEqualTo(out); // deterministic
    }
  }

  /** A value's letters and digits only, lower-cased: what two values share when they differ in case or punctuation only. */
  private static String core(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
  }

  /**
   * Values that differ only in letter case or in their separators must not encrypt to outputs that
   * differ only in the same way: the classes and separators are kept in clear, so they are part of the
   * FF1 tweak. Before, "john.smith", "johnsmith", "john_smith" and "John.Smith" encrypted to one string
   * of letters punctuated and cased four ways, so whoever knew one pair learnt the others, and anyone
   * could see which pseudonymized addresses were variants of one another.
   */
  @Test
  void email_hostname_dn_caseAndSeparatorVariants_encryptIndependently() {
    ReversibleTransformer email = reversible("email", "User", Parameters.empty());
    List<String> variants = List.of("john.smith@fnal.gov", "johnsmith@fnal.gov", "john_smith@fnal.gov",
        "John.Smith@fnal.gov", "JOHN-SMITH@fnal.gov", "john.smith+x@fnal.gov", "jo.hn.smith@fnal.gov");
    java.util.Set<String> cores = new java.util.HashSet<>();
    for (String v : variants) {
      String out = email.apply(v);
      assertSameShape(v, out);
      assertThat(email.reverse(out)).isEqualTo(v);
      cores.add(core(out.substring(0, out.indexOf('@'))));
    }
    assertThat(cores).as("letters of the encrypted local parts").hasSize(variants.size());

    ReversibleTransformer host = reversible("hostname", "RemoteHost", Parameters.builder().put("lowercase", false).build());
    List<String> hosts = List.of("fnpc1234", "fnpc-1234", "fnpc_1234", "FNPC1234", "Fnpc1234", "fn.pc1234");
    cores.clear();
    for (String h : hosts) {
      String out = host.apply(h);
      assertSameShape(h, out);
      assertThat(host.reverse(out)).isEqualTo(h);
      cores.add(core(out));
    }
    assertThat(cores).as("letters and digits of the encrypted host names").hasSize(hosts.size());

    ReversibleTransformer dn = reversible("dn", "x509userproxysubject", Parameters.empty());
    List<String> names = List.of("Jane Doe", "Jane-Doe", "JaneDoe", "jane doe", "JANE DOE", "Jane  Doe");
    cores.clear();
    for (String n : names) {
      String v = "/DC=org/DC=cilogon/C=US/O=Fermilab/CN=" + n;
      String out = dn.apply(v);
      assertThat(dn.reverse(out)).isEqualTo(v);
      cores.add(core(out.substring(out.lastIndexOf("/CN=") + 4)));
    }
    assertThat(cores).as("letters of the encrypted common names").hasSize(names.size());
  }

  @Test
  void email_shortLocalPart_hmacTokenInSameClassesAndIrreversible() {
    ReversibleTransformer t = reversible("email", "User", Parameters.empty());
    String out = t.apply("bob@fnal.gov"); // 26^3 < 1,000,000
    assertSameShape("bob@fnal.gov", out);
    assertThat(out).isNotEqualTo("bob@fnal.gov");
    assertThatThrownBy(() -> t.reverse(out)).isInstanceOf(InvalidInputException.class).hasMessageContaining("irreversibly");
  }

  @Test
  void email_hostname_dn_hugeParts_rejectedAtOnce_withoutTheValue() {
    // an audit: a 160,000-character local part took two minutes (a part's cost is quadratic in its length)
    String huge = "zz" + "a".repeat(ClassCodec.MAX_PART);
    assertThatThrownBy(() -> create("email", "User", Parameters.empty()).apply(huge + "@fnal.gov"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than").hasMessageNotContaining("zza");
    assertThatThrownBy(() -> create("hostname", "RemoteHost", Parameters.empty()).apply(huge + ".fnal.gov"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than");
    assertThatThrownBy(() -> create("dn", "x509userproxysubject", Parameters.empty()).apply("/DC=org/CN=" + huge))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than");
    String longest = "a".repeat(ClassCodec.MAX_PART - 1) + "b";
    assertThat(reversible("email", "User", Parameters.empty()).reverse(
        reversible("email", "User", Parameters.empty()).apply(longest + "@fnal.gov"))).isEqualTo(longest + "@fnal.gov");
  }

  /** ff1, numeric-id and phone had no cap: a 160,000-digit value took 13 s (review 23); refused at once now. */
  @Test
  void ff1_numericId_phone_hugeValues_rejectedAtOnce_withoutTheValue() {
    String huge = "7" + "1".repeat(ClassCodec.MAX_PART);
    for (String name : new String[] {"ff1", "numeric-id", "phone"}) {
      Parameters p = name.equals("ff1") ? Parameters.builder().put("alphabet", "digits").build() : Parameters.empty();
      ReversibleTransformer t = reversible(name, "Id", p);
      assertThatThrownBy(() -> t.apply(huge)).as(name).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("longer than the 1024").hasMessageNotContaining("711");
      assertThatThrownBy(() -> t.reverse(huge)).as(name).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("longer than the 1024");
      String longest = "7" + "1".repeat(ClassCodec.MAX_PART - 1);
      assertThat(t.reverse(t.apply(longest))).as(name).isEqualTo(longest);
    }
  }

  @Test
  void email_shortLocalPart_failPolicy_rejectsWithoutEchoingValue() {
    Transformer t = create("email", "User", Parameters.builder().put("shortValues", "fail").build());
    assertThatThrownBy(() -> t.apply("zed@fnal.gov")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1,000,000").hasMessageNotContaining("zed");
  }

  @Test
  void email_domainMapAndPseudonymize_reverseExactly() {
    ReversibleTransformer map = reversible("email", "User", Parameters.builder().put("domain", "map")
        .put("domainMap", Parameters.builder().put("fnal.gov", "example.org").build()).build());
    String out = map.apply("jdoe1234@FNAL.gov");
    assertThat(out).endsWith("@example.org");
    assertThat(map.reverse(out)).isEqualTo("jdoe1234@fnal.gov");
    assertThatThrownBy(() -> map.apply("jdoe1234@cern.ch")).isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining("cern");

    ReversibleTransformer pseudo = reversible("email", "User", Parameters.builder().put("domain", "pseudonymize").build());
    String v = "bbockelm@users.opensciencegrid.org";
    String p = pseudo.apply(v);
    assertSameShape(v, p);
    assertThat(p).endsWith(".org").doesNotContain("opensciencegrid");
    assertThat(pseudo.reverse(p)).isEqualTo(v);
  }

  /**
   * domain: pseudonymize keeps the top-level domain and pseudonymizes the other labels; a domain of one
   * label has no top-level domain to keep (it is a host name: jdoe@fnpc1234, root@localhost), and it was
   * returned in clear.
   */
  @Test
  void email_pseudonymize_singleLabelDomain_isPseudonymizedNotKept() {
    ReversibleTransformer pseudo = reversible("email", "User", Parameters.builder().put("domain", "pseudonymize").build());
    for (String v : List.of("jdoe1234@fnpc1234", "jdoe1234@workstation", "jdoe1234@Fermigrid-Gateway")) {
      String out = pseudo.apply(v);
      assertSameShape(v, out);
      assertThat(out.substring(out.indexOf('@') + 1)).isNotEqualTo(v.substring(v.indexOf('@') + 1));
      assertThat(pseudo.reverse(out)).isEqualTo(v);
    }
  }

  @Test
  void email_malformed_rejected() {
    Transformer t = create("email", "User", Parameters.empty());
    for (String bad : List.of("nobody", "a@b@c", "@fnal.gov", "x@", "jo\u00e9l@fnal.gov")) {
      assertThatThrownBy(() -> t.apply(bad)).isInstanceOf(InvalidInputException.class).hasMessageNotContaining(bad);
    }
  }

  @Test
  void phone_digitsEncryptedPunctuationAndCountryCodeKept() {
    ReversibleTransformer t = reversible("phone", "Phone", Parameters.empty());
    for (String v : List.of("+1 (630) 840-3000", "+44 20 7946 0958", "630.840.3000", "(630) 840-3000")) {
      String out = t.apply(v);
      assertSameShape(v, out);
      assertThat(out).isNotEqualTo(v);
      assertThat(t.reverse(out)).isEqualTo(v);
    }
    assertThat(t.apply("+1 (630) 840-3000")).startsWith("+1 (");
    assertThat(t.apply("+44 20 7946 0958")).startsWith("+44 ");
    ReversibleTransformer all = reversible("phone", "Phone", Parameters.builder().put("keepCountryCode", false).build());
    assertThat(all.reverse(all.apply("+1 630 840 3000"))).isEqualTo("+1 630 840 3000");
    assertThatThrownBy(() -> t.apply("630-840-3000 ext 12")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void hostname_labelsEncryptedDigitsStayDigitsSuffixKept() {
    ReversibleTransformer t = reversible("hostname", "RemoteHost",
        Parameters.builder().put("keepSuffixes", List.of(".fnal.gov", ".chtc.wisc.edu")).build());
    String out = t.apply("fnpc1234.fnal.gov");
    assertThat(out).matches("[a-z]{4}[0-9]{4}\\.fnal\\.gov").isNotEqualTo("fnpc1234.fnal.gov");
    assertThat(t.reverse(out)).isEqualTo("fnpc1234.fnal.gov");
    String glidein = "slot1@glidein_3324402_136032460@fnpc4108.fnal.gov";
    String g = t.apply(glidein);
    assertSameShape(glidein, g);
    assertThat(g).startsWith("slot1@").endsWith(".fnal.gov").doesNotContain("3324402");
    assertThat(t.reverse(g)).isEqualTo(glidein);
    String other = t.apply("CRUSH-OSG-C7-10-5-219-52");
    assertSameShape("crush-osg-c7-10-5-219-52", other);
    assertThat(t.reverse(other)).isEqualTo("crush-osg-c7-10-5-219-52");
  }

  @Test
  void numericIdAndFf1_keepLengthAndReverse() {
    ReversibleTransformer id = reversible("numeric-id", "ClusterId", Parameters.empty());
    assertThat(id.apply("0014155293")).hasSize(10).matches("[0-9]+");
    assertThat(id.reverse(id.apply("0014155293"))).isEqualTo("0014155293");
    assertThat(id.apply("42")).hasSize(2).matches("[0-9]+"); // short: HMAC token

    ReversibleTransformer ff1 = reversible("ff1", "Token", Parameters.builder().put("alphabet", "alphanumeric-mixed").put("tweak", "t1").build());
    assertThat(ff1.reverse(ff1.apply("Alice123"))).isEqualTo("Alice123");
    assertThatThrownBy(() -> ff1.apply("abc")).isInstanceOf(InvalidInputException.class).hasMessageContaining("at least");
    assertThatThrownBy(() -> ff1.apply("abc-def-ghi")).isInstanceOf(InvalidInputException.class).hasMessageContaining("position 3");

    ReversibleTransformer ff31 = reversible("ff3-1", "Token", Parameters.builder().put("radix", 10).build());
    assertThat(ff31.reverse(ff31.apply("4111111111111111"))).isEqualTo("4111111111111111");
    assertThatThrownBy(() -> create("ff3-1", "Token", Parameters.builder().put("radix", 10).put("tweak", "00").build()))
        .isInstanceOf(PolicyException.class).hasMessageContaining("14 hexadecimal");
    assertThatThrownBy(() -> create("ff1", "Token", Parameters.builder().put("alphabet", "digits").put("radix", 10).build()))
        .isInstanceOf(PolicyException.class);
    assertThatThrownBy(() -> create("ff1", "Token", Parameters.builder().put("alphabet", "digits").put("colour", "x").build()))
        .isInstanceOf(PolicyException.class).hasMessageContaining("colour");
  }

  @Test
  void domainSeparation_sameValueInTwoFieldsDiffersUnlessLinked() {
    TransformerRegistry r = TransformerRegistry.defaultRegistry();
    Transformer user = create("email", "User", null, Parameters.empty(), r);
    Transformer mail = create("email", "x509UserProxyEmail", null, Parameters.empty(), r);
    String v = "bbockelm@cse.unl.edu";
    assertThat(user.apply(v)).isNotEqualTo(mail.apply(v));
    Transformer linkedA = create("email", "User", "people", Parameters.empty(), r);
    Transformer linkedB = create("email", "x509UserProxyEmail", "people", Parameters.empty(), r);
    assertThat(linkedA.apply(v)).isEqualTo(linkedB.apply(v));
  }

  @Test
  void roundTrip_randomMixedClassValues() {
    SplittableRandom rnd = new SplittableRandom(99);
    ReversibleTransformer host = reversible("hostname", "Host", Parameters.builder().put("lowercase", false).build());
    String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.";
    for (int i = 0; i < 2000; i++) {
      int n = rnd.nextInt(6, 70);
      char[] c = new char[n];
      for (int j = 0; j < n; j++) {
        c[j] = chars.charAt(rnd.nextInt(j == 0 ? 62 : chars.length()));
      }
      String v = new String(c);
      String out;
      try {
        out = host.apply(v);
      } catch (InvalidInputException shortOne) {
        continue;
      }
      assertSameShape(v, out);
      try {
        assertThat(host.reverse(out)).isEqualTo(v);
      } catch (InvalidInputException irreversibleShort) {
        assertThat(irreversibleShort.getMessage()).contains("irreversibly");
      }
    }
  }

  @Test
  void toString_andErrors_neverContainValues() {
    Transformer t = create("email", "User", Parameters.empty());
    assertThat(t.toString()).doesNotContain("test-key-secret");
    assertThatThrownBy(() -> t.apply("Zebulon\u00e9@fnal.gov")).isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining("Zebulon");
  }
}
