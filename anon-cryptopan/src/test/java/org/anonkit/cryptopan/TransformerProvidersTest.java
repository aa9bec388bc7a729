package org.anonkit.cryptopan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.Test;

class TransformerProvidersTest {
  static final MasterKey MASTER = MasterKey.of("test-key", SecretBytes.fromHex("0f".repeat(32), SecretAccess.get()));

  static Transformer create(String name, Parameters params, String field, String domain) {
    return TransformerRegistry.defaultRegistry().create(TransformerContext.builder(name).field(field)
        .linkageDomain(domain).parameters(params).masterKey(MASTER).build());
  }

  @Test
  void defaultRegistry_findsAllThreeProviders() {
    assertThat(TransformerRegistry.defaultRegistry().names()).contains("cryptopan", "ip", "sinful");
  }

  @Test
  void ipAndCryptopan_sameFieldOrDomain_identicalResults_differentDomains_differentResults() {
    Transformer ip = create("ip", Parameters.empty(), "StartdIpAddr", "network");
    Transformer cp = create("cryptopan", Parameters.empty(), "MyAddress", "network");
    Transformer other = create("ip", Parameters.empty(), "MyAddress", null);
    assertThat(ip.apply("131.225.67.12")).isEqualTo(cp.apply("131.225.67.12"));
    assertThat(ip.apply("2620:6a:0:8421::1")).isEqualTo(cp.apply("2620:6a:0:8421::1"));
    assertThat(other.apply("131.225.67.12")).isNotEqualTo(ip.apply("131.225.67.12"));
  }

  @Test
  void ip_derivedKey_isCryptoPanWithHkdfKeyForCryptopanPurpose() {
    Transformer ip = create("ip", Parameters.empty(), "RemoteHost", "network");
    CryptoPan direct = CryptoPan.create(MASTER.derive("anonkit/v1/cryptopan/network", 32));
    assertThat(ip.apply("128.11.68.132")).isEqualTo(direct.anonymize("128.11.68.132"));
  }

  @Test
  void ip_directKey_reproducesReferenceTrace() {
    Transformer ip = TransformerRegistry.defaultRegistry().create(
        TransformerContext.builder("ip").directKey(TestKeys.reference()).build());
    assertThat(ip.apply("128.11.68.132")).isEqualTo("135.242.180.132");
    assertThat(((ReversibleTransformer) ip).reverse("135.242.180.132")).isEqualTo("128.11.68.132");
  }

  @Test
  void ip_uint32Format_anonymizesIntegerForm() {
    Transformer t = TransformerRegistry.defaultRegistry().create(TransformerContext.builder("ip")
        .directKey(TestKeys.reference()).parameters(Parameters.builder().put("format", "uint32").build()).build());
    long in = (128L << 24) | (11 << 16) | (68 << 8) | 132;
    long out = (135L << 24) | (242 << 16) | (180 << 8) | 132;
    assertThat(t.apply(Long.toString(in))).isEqualTo(Long.toString(out));
    assertThat(((ReversibleTransformer) t).reverse(Long.toString(out))).isEqualTo(Long.toString(in));
    for (String bad : List.of("4294967296", "-1", "012", "", "1.2.3.4", "99999999999")) {
      assertThatThrownBy(() -> t.apply(bad)).as(bad).isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(bad.isEmpty() || !e.getMessage().contains(bad)).isTrue());
    }
  }

  @Test
  void ip_options_fromParameters() {
    Parameters p = Parameters.builder().put("keepPrefixBits", 16L).put("specialRanges", "passthrough")
        .put("ranges", List.of("private", "loopback")).build();
    Transformer t = create("ip", p, "f", null);
    assertThat(t.apply("131.225.67.12")).startsWith("131.225.").isNotEqualTo("131.225.67.12");
    assertThat(t.apply("10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(t.apply("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(t.apply("169.254.1.1")).isNotEqualTo("169.254.1.1");
  }

  @Test
  void ip_ipv4MappedDefault_consistentWithPlainIpv4() {
    Transformer t = create("ip", Parameters.empty(), "f", null);
    assertThat(t.apply("::ffff:131.225.67.12")).isEqualTo("::ffff:" + t.apply("131.225.67.12"));
    Transformer raw = create("ip", Parameters.builder().put("ipv4Mapped", "as-ipv6").build(), "f", null);
    assertThat(raw.apply("::ffff:131.225.67.12")).doesNotStartWith("::ffff:");
  }

  @Test
  void ip_badParameters_failWithJsonPath() {
    assertThatThrownBy(() -> create("ip", Parameters.builder("$.fields.X.params").put("keepPrefix", 3L).build(),
        "X", null)).isInstanceOf(PolicyException.class).hasMessageContaining("$.fields.X.params.keepPrefix");
    assertThatThrownBy(() -> create("cryptopan", Parameters.builder().put("keepPrefixBits", 33L).build(), "X", null))
        .isInstanceOf(PolicyException.class).hasMessageContaining("keepPrefixBits");
    assertThatThrownBy(() -> create("ip", Parameters.builder().put("specialRanges", "passthrough")
        .put("ranges", List.of("privat")).build(), "X", null))
        .isInstanceOf(PolicyException.class).hasMessageContaining("ranges[0]");
    assertThatThrownBy(() -> create("ip", Parameters.builder().put("ranges", List.of("private")).build(), "X", null))
        .isInstanceOf(PolicyException.class).hasMessageContaining("specialRanges");
    assertThatThrownBy(() -> create("sinful", Parameters.builder().put("alias", "clear").build(), "X", null))
        .isInstanceOf(PolicyException.class).hasMessageContaining("alias");
  }

  @Test
  void toString_transformersAndMapping_neverPrintKeyMaterialOrValues() {
    Transformer ip = TransformerRegistry.defaultRegistry().create(
        TransformerContext.builder("ip").directKey(TestKeys.reference()).build());
    Transformer sinful = TransformerRegistry.defaultRegistry().create(
        TransformerContext.builder("sinful").directKey(TestKeys.reference()).build());
    ip.apply("131.225.67.12");
    sinful.apply(SinfulTransformerTest.EXAMPLE);
    for (Object o : List.of(ip, sinful, CryptoPan.create(TestKeys.reference()))) {
      assertThat(o.toString()).doesNotContain(TestKeys.REFERENCE_HEX.substring(0, 16))
          .doesNotContain("131.225").doesNotContain("fnpc1234").contains("keyId=direct");
    }
  }
}
