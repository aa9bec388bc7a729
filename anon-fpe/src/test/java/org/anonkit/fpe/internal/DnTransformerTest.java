package org.anonkit.fpe.internal;

import static org.anonkit.fpe.internal.TransformerTestSupport.assertSameShape;
import static org.anonkit.fpe.internal.TransformerTestSupport.create;
import static org.anonkit.fpe.internal.TransformerTestSupport.reversible;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.SecretAccess;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;
import org.junit.jupiter.api.Test;

class DnTransformerTest {
  private static final String SLASH =
      "/DC=org/DC=cilogon/C=US/O=Fermi National Accelerator Laboratory/OU=People/CN=Jane Doe/CN=UID:jdoe";

  /** A tiny irreversible keyed transformer standing in for anon-hmac (technique modules never depend on each other). */
  public static final class TestHmacProvider implements TransformerProvider {
    @Override
    public String name() {
      return "test-hmac";
    }

    @Override
    public Transformer create(TransformerContext context) {
      context.parameters().requireOnly("transformer 'test-hmac'", "length");
      int length = context.parameters().getInt("length", 12, 4, 64);
      byte[] key = context.key().secret().toByteArray(SecretAccess.get());
      SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
      return value -> {
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(spec);
          return HexFormat.of().formatHex(mac.doFinal(value.toString().getBytes(StandardCharsets.UTF_8))).substring(0, length);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      };
    }
  }

  @Test
  void slashForm_keepsOrganisationalRdnsAndShapeOfPersonalOnes() {
    ReversibleTransformer t = reversible("dn", "x509userproxysubject", Parameters.empty());
    String out = t.apply(SLASH);
    assertThat(out).startsWith("/DC=org/DC=cilogon/C=US/O=Fermi National Accelerator Laboratory/OU=People/CN=")
        .contains("/CN=UID:").doesNotContain("Jane").doesNotContain("jdoe");
    assertSameShape(SLASH, out);
    // "jdoe" has 26^4 < 1,000,000 combinations: tokenized with HMAC, so this DN cannot be reversed
    assertThatThrownBy(() -> t.reverse(out)).isInstanceOf(InvalidInputException.class).hasMessageContaining("irreversibly");
    String longer = SLASH.replace("UID:jdoe", "UID:jdoe42");
    String out2 = t.apply(longer);
    assertSameShape(longer, out2);
    assertThat(t.reverse(out2)).isEqualTo(longer);
  }

  @Test
  void slashForm_serviceCertificateWithSlashInCn_staysOneRdn() {
    ReversibleTransformer t = reversible("dn", "x509userproxysubject", Parameters.empty());
    String v = "/DC=org/DC=opensciencegrid/O=Open Science Grid/OU=Services/CN=condor/fifebatch1.fnal.gov";
    String out = t.apply(v);
    assertSameShape(v, out);
    assertThat(out).startsWith("/DC=org/DC=opensciencegrid/O=Open Science Grid/OU=Services/CN=").doesNotContain("fifebatch1");
    assertThat(t.reverse(out)).isEqualTo(v);
  }

  @Test
  void commaForm_escapesHonouredAndReapplied() {
    ReversibleTransformer t = reversible("dn", "subject", Parameters.empty());
    String v = "CN=Doe\\, Jane,UID=jdoe42,OU=People,O=Example\\, Inc.,DC=example,DC=org";
    String out = t.apply(v);
    assertThat(out).endsWith(",OU=People,O=Example\\, Inc.,DC=example,DC=org").startsWith("CN=")
        .doesNotContain("Jane").doesNotContain("jdoe42");
    assertThat(out.substring(0, out.indexOf(",UID="))).matches("CN=[A-Z][a-z]{2}\\\\, [A-Z][a-z]{3}");
    assertThat(t.reverse(out)).isEqualTo(v);
    String escapedSpace = "CN=Alice Smithe\\ ,OU=People";
    String e = t.apply(escapedSpace);
    assertThat(e).matches("CN=[A-Z][a-z]{4} [A-Z][a-z]{5}\\\\ ,OU=People");
    assertThat(t.reverse(e)).isEqualTo(escapedSpace);
    String spaced = "CN=Brian Bockelman, OU=People, O=Open Science Grid";
    String s = t.apply(spaced);
    assertSameShape(spaced, s);
    assertThat(t.reverse(s)).isEqualTo(spaced);
  }

  @Test
  void keepList_isConfigurable() {
    ReversibleTransformer t = reversible("dn", "subject", Parameters.builder().put("keep", java.util.List.of("DC", "C")).build());
    String v = SLASH.replace("UID:jdoe", "UID:jdoe42");
    String out = t.apply(v);
    assertThat(out).startsWith("/DC=org/DC=cilogon/C=US/O=").doesNotContain("Fermi").doesNotContain("OU=People");
    assertThat(t.reverse(out)).isEqualTo(v);
  }

  @Test
  void uid_handedToChild_equalsOwnerTokenInSharedDomain() {
    TransformerRegistry registry = TransformerRegistry.builder().add(new DnProvider()).add(new TestHmacProvider()).build();
    Transformer owner = create("test-hmac", "Owner", "user", Parameters.empty(), registry);
    Parameters uid = Parameters.builder().put("transformer", "test-hmac").put("params", Parameters.empty()).put("domain", "user").build();
    Transformer dn = create("dn", "x509userproxysubject", null, Parameters.builder().put("uid", uid).build(), registry);
    assertThat(dn).isNotInstanceOf(ReversibleTransformer.class); // the child is irreversible
    String out = dn.apply(SLASH);
    assertThat(out).endsWith("/CN=UID:" + owner.apply("jdoe"));
    assertThat(dn.apply("UID=jdoe,OU=People,DC=org")).isEqualTo("UID=" + owner.apply("jdoe") + ",OU=People,DC=org");
    // another domain gives another token
    Transformer other = create("test-hmac", "Owner", "someone-else", Parameters.empty(), registry);
    assertThat(out).doesNotEndWith(other.apply("jdoe"));
  }

  @Test
  void uid_unknownTransformer_namesItsParameterPath() {
    // was 'unknown transformer' from the registry, which the compiled policy reports at the rule's path only
    Parameters uid = Parameters.builder("$.fields.x509userproxysubject.params.uid").put("transformer", "hmca").build();
    assertThatThrownBy(() -> create("dn", "x509userproxysubject", null,
            Parameters.builder("$.fields.x509userproxysubject.params").put("uid", uid).build(),
            TransformerRegistry.defaultRegistry()))
        .isInstanceOf(org.anonkit.PolicyException.class)
        .hasMessageStartingWith("at $.fields.x509userproxysubject.params.uid.transformer: unknown transformer 'hmca'");
  }

  @Test
  void uid_reversibleChild_keepsDnReversible() {
    Parameters uid = Parameters.builder().put("transformer", "ff1")
        .put("params", Parameters.builder().put("alphabet", "lowercase").put("shortValues", "fail").build()).put("domain", "user").build();
    Transformer dn = create("dn", "x509userproxysubject", null, Parameters.builder().put("uid", uid).build(), TransformerRegistry.defaultRegistry());
    assertThat(dn).isInstanceOf(ReversibleTransformer.class);
    String v = "/DC=org/OU=People/CN=Paul Lebrun/CN=UID:lebrun";
    String out = dn.apply(v);
    Transformer owner = create("ff1", "Owner", "user", Parameters.builder().put("alphabet", "lowercase").build(), TransformerRegistry.defaultRegistry());
    assertThat(out).endsWith("/CN=UID:" + owner.apply("lebrun"));
    assertThat(((ReversibleTransformer) dn).reverse(out)).isEqualTo(v);
  }

  @Test
  void malformed_rejectedWithoutEchoingValue() {
    Transformer t = create("dn", "subject", Parameters.empty());
    for (String bad : java.util.List.of("/nonsense-without-type", "CN=Jos\u00e9 Secretname,O=x", "CN=Secretname\\")) {
      assertThatThrownBy(() -> t.apply(bad)).isInstanceOf(InvalidInputException.class)
          .hasMessageNotContaining("Secretname").hasMessageNotContaining("nonsense");
    }
  }

  /**
   * A slash-form DN that lost its leading '/' was read as comma form: its first attribute (DC, kept)
   * took the whole rest of the string as its value and copied it verbatim, CN and UID included. A kept
   * attribute's value that holds another "/TYPE=" is now refused instead.
   */
  @Test
  void slashFormWithoutLeadingSlash_isRejectedNotCopiedThroughAKeptAttribute() {
    Transformer t = create("dn", "x509userproxysubject", Parameters.empty());
    String noSlash = SLASH.substring(1);
    assertThatThrownBy(() -> t.apply(noSlash)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'/'").hasMessageNotContaining("Jane").hasMessageNotContaining("jdoe");
    assertThatThrownBy(() -> t.apply("O=Fermilab/CN=Jane Doe,C=US")).isInstanceOf(InvalidInputException.class);
    // a personal attribute's value may hold "/x=" (it is encrypted, separators kept)
    String url = t.apply("CN=Jane Doe/x=1,O=Fermilab,C=US");
    assertThat(url).endsWith(",O=Fermilab,C=US").doesNotContain("Jane");
    // kept values without such a part are unchanged
    assertThat(t.apply("CN=Jane Doe,OU=People/Staff,O=Fermilab,C=US")).endsWith(",OU=People/Staff,O=Fermilab,C=US");
  }

  /**
   * OpenSSL's slash form prints attribute types it has no name for as numeric OIDs (the UID's is
   * 0.9.2342.19200300.100.1.1, which value() already treats as a UID). The slash boundary only knew
   * types starting with a letter, so "/O=Fermilab/0.9.2342.19200300.100.1.1=jdoe1234" made the UID part
   * of the kept O value, copied in clear.
   */
  @Test
  void slashForm_numericOidType_isAnAttributeOfItsOwnNotPartOfTheKeptValueBefore() {
    ReversibleTransformer t = reversible("dn", "x509userproxysubject", Parameters.empty());
    String v = "/DC=org/DC=cilogon/C=US/O=Fermilab/0.9.2342.19200300.100.1.1=jdoe1234/2.5.4.3=Jane Doe";
    String out = t.apply(v);
    assertThat(out).startsWith("/DC=org/DC=cilogon/C=US/O=Fermilab/0.9.2342.19200300.100.1.1=")
        .contains("/2.5.4.3=").doesNotContain("jdoe1234").doesNotContain("Jane");
    assertSameShape(v, out);
    assertThat(t.reverse(out)).isEqualTo(v);
    // the comma form's check of kept values knows numeric types too
    assertThatThrownBy(() -> t.apply("O=Fermilab/2.5.4.3=Jane Doe")).isInstanceOf(InvalidInputException.class);
  }
}
