package org.anonkit.cryptopan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SinfulTransformerTest {
  static final String EXAMPLE = "<131.225.67.12:9618?addrs=131.225.67.12-9618+[2620-6a-0-8421--1]-9618"
      + "&alias=fnpc1234.fnal.gov&noUDP&sock=startd_1234_abcd>";

  private static Transformer sinful(Parameters p) {
    return TransformerProvidersTest.create("sinful", p, "StartdIpAddr", "network");
  }

  private static Transformer ip() {
    return TransformerProvidersTest.create("ip", Parameters.empty(), "MyAddress", "network");
  }

  @Test
  void apply_issueExample_rewritesEveryAddressDropsAliasKeepsTheRest() {
    Transformer ip = ip();
    String v4 = ip.apply("131.225.67.12");
    String v6 = ip.apply("2620:6a:0:8421::1").replace(':', '-');
    String out = sinful(Parameters.empty()).apply(EXAMPLE);
    assertThat(out).isEqualTo("<" + v4 + ":9618?addrs=" + v4 + "-9618+[" + v6 + "]-9618&noUDP&sock=startd_1234_abcd>");
    assertThat(out).doesNotContain("131.225.67.12", "2620-6a-0-8421--1", "fnpc1234", "fnal.gov");
  }

  @Test
  void apply_aliasKeep_leavesAliasInClear() {
    String out = sinful(Parameters.builder().put("alias", "keep").build()).apply(EXAMPLE);
    assertThat(out).contains("&alias=fnpc1234.fnal.gov&noUDP").doesNotContain("131.225.67.12");
  }

  @Test
  void apply_aliasRoutedToTransformer_replacesNameWithChildOutput() {
    TransformerProvider lengthToken = new TransformerProvider() {
      @Override
      public String name() {
        return "test-host";
      }

      @Override
      public Transformer create(TransformerContext context) {
        String suffix = context.parameters().getString("suffix", "");
        return v -> "host" + v.length() + suffix;
      }
    };
    TransformerRegistry reg = TransformerRegistry.builder().add(new CryptoPanTransformerProvider())
        .add(new SinfulTransformerProvider()).add(lengthToken).build();
    Parameters p = Parameters.builder().put("alias", Parameters.builder().put("transformer", "test-host")
        .put("params", Parameters.builder().put("suffix", ".example").build()).build()).build();
    Transformer t = reg.create(TransformerContext.builder("sinful").parameters(p).registry(reg)
        .directKey(TestKeys.reference()).build());
    assertThat(t.apply(EXAMPLE)).contains("&alias=host17.example&noUDP");
    // a host name where an address belongs goes through the same transformer
    assertThat(t.apply("<submit.example.org:9618?noUDP>")).isEqualTo("<host18.example:9618?noUDP>");
  }

  @Test
  void apply_aliasFirstParameter_dropKeepsSyntax() {
    Transformer t = sinful(Parameters.empty());
    assertThat(t.apply("<10.0.0.1:9618?alias=a.b.c&noUDP>")).matches("<[0-9.]+:9618\\?noUDP>");
    assertThat(t.apply("<10.0.0.1:9618?alias=a.b.c>")).matches("<[0-9.]+:9618>");
  }

  @Test
  void apply_bracketedColonIpv6HostAndClaimIdSuffix() {
    Transformer t = sinful(Parameters.empty());
    String v6 = ip().apply("2001:db8::7");
    assertThat(t.apply("<[2001:db8::7]:9618>#1652441844#8788#...")).isEqualTo("<[" + v6 + "]:9618>#1652441844#8788#...");
  }

  @Test
  void apply_nestedEncodedCcbContact_rewritesInsideAndKeepsEncoding() {
    String in = "<10.5.219.52:40137?CCBID=192.170.227.251:9811%3faddrs%3d192.170.227.251-9811"
        + "+[2605-9a00-10-400d-7686-7aff-fedd-d118]-9811%26alias%3dflock.opensciencegrid.org#1371274"
        + "&PrivNet=CRUSH-OSG-C7-10-5-219-52&addrs=10.5.219.52-40137&alias=CRUSH-OSG-C7-10-5-219-52&noUDP>";
    Transformer ip = ip();
    String a = ip.apply("10.5.219.52");
    String b = ip.apply("192.170.227.251");
    String c = ip.apply("2605:9a00:10:400d:7686:7aff:fedd:d118").replace(':', '-');
    assertThat(sinful(Parameters.empty()).apply(in)).isEqualTo("<" + a + ":40137?CCBID=" + b + ":9811%3faddrs%3d"
        + b + "-9811+[" + c + "]-9811#1371274&addrs=" + a + "-40137&noUDP>");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "131.225.67.12:9618", "<131.225.67.12:9618", "<300.225.67.12:9618>", "<1.2.3.4.5:9618>",
    "<[2620-6a-0-8421--1-9618>", "<[2620:zz::1]:9618>", "<fnpc1234.fnal.gov:9618>", "<1.2.3.04:1>", "",
    "<2620:6a:0:8421::1:9618>", "<131225:9618>", "<1.2.3.4:9618?addrs=2620-6a-0-8421--1-9618>",
    "<1.2.3.4:9618?CCBID=fnpc1234.fnal.gov:9618#1>"})
  void apply_malformedOrNameInAddressPosition_rejectsWithoutEchoingValue(String bad) {
    assertThatThrownBy(() -> sinful(Parameters.empty()).apply(bad))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> {
          for (String part : List.of("131.225", "300.225", "1.2.3.4", "2620", "fnpc1234", "fnal")) {
            assertThat(e.getMessage()).doesNotContain(part);
          }
        });
  }

  /**
   * Addresses outside host positions are found wherever they are: a dotted quad right after a '.'
   * (the scan started a dotted number only after a character that was neither a digit nor a dot, so
   * {@code sock=startd.131.225.67.12_1} kept the address in clear) and an unbracketed IPv6 address with
   * at least two colons (left as it was).
   */
  @Test
  void apply_addressAfterDotOrUnbracketedIpv6InAParameter_isRewrittenNotLeftInClear() {
    Transformer t = sinful(Parameters.empty());
    Transformer ip = ip();
    String head = "<131.225.67.12:9618?";
    String v4 = ip.apply("131.225.67.12");
    assertThat(t.apply(head + "sock=startd.131.225.67.12_1>"))
        .isEqualTo("<" + v4 + ":9618?sock=startd." + v4 + "_1>");
    assertThat(t.apply(head + "sock=x..10.0.0.5>")).isEqualTo("<" + v4 + ":9618?sock=x.." + ip.apply("10.0.0.5") + ">");
    assertThat(t.apply(head + "x=2001:db8::1&noUDP>"))
        .isEqualTo("<" + v4 + ":9618?x=" + ip.apply("2001:db8::1") + "&noUDP>");
    assertThat(t.apply(head + "x=fe80::1%25eth0>")).isEqualTo("<" + v4 + ":9618?x=" + ip.apply("fe80::1") + "%25eth0>");
    assertThat(t.apply(head + "x=::ffff:10.1.2.3>")).isEqualTo("<" + v4 + ":9618?x=" + ip.apply("::ffff:10.1.2.3") + ">");
    // still not addresses: a MAC-like run, a version, one colon
    assertThat(t.apply(head + "m=00:1a:2b:3c:4d:5e&v=8.9.11&p=a:1>"))
        .isEqualTo("<" + v4 + ":9618?m=00:1a:2b:3c:4d:5e&v=8.9.11&p=a:1>");
    // five dotted parts after a dot: refused, as anywhere else
    assertThatThrownBy(() -> t.apply(head + "sock=x.1.2.3.4.5>")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("more than four parts");
  }
}
