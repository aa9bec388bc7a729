package org.anonkit.cryptopan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.anonkit.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpTextTest {
  private static final CryptoPan PAN = CryptoPan.create(TestKeys.reference());

  @ParameterizedTest
  @CsvSource({
    // RFC 5952 section 4 and 5 examples and edge cases: input, canonical form
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0db8:0:0:0:0:2:1, 2001:db8::2:1",
    "2001:db8::0:1, 2001:db8::1",
    "2001:DB8:0:0:1::1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "0:0:0:0:0:0:0:0, ::",
    "::1, ::1",
    "1::, 1::",
    "::ffff:c000:280, ::ffff:192.0.2.128",
    "::ffff:192.0.2.128, ::ffff:192.0.2.128",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    "fe80:0:0:0:0:0:0:1, fe80::1",
  })
  void formatIpv6_variousForms_rfc5952(String in, String canonical) throws Exception {
    long[] v = new long[2];
    assertThat(IpText.parseIpv6(in, 0, in.length(), ':', v)).isTrue();
    assertThat(IpText.formatIpv6(v[0], v[1])).isEqualTo(canonical);
    // the JDK agrees on the value
    long[] jdk = toLongs(InetAddress.getByName(canonical.startsWith("::ffff:") ? "::1" : in).getAddress());
    if (!canonical.startsWith("::ffff:")) {
      assertThat(v).containsExactly(jdk);
    }
  }

  @Test
  void parseIpv6_dashSpelling_asInHtcondorAddrs() {
    String s = "2620-6a-0-8421--1";
    long[] v = new long[2];
    assertThat(IpText.parseIpv6(s, 0, s.length(), '-', v)).isTrue();
    StringBuilder sb = new StringBuilder();
    IpText.formatIpv6(v[0], v[1], '-', sb);
    assertThat(sb.toString()).isEqualTo(s);
    IpText.formatIpv6(v[0], v[1], ':', sb.append(' '));
    assertThat(sb.toString()).endsWith(" 2620:6a:0:8421::1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", " 1.2.3.4", "1.2.3.4 ",
      "1..2.3", "a.b.c.d", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "1:2:3:4:5:6:7", ":1::",
      "1::2:", "fe80::1%eth0", "[::1]", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:256.1.1.1", "１.2.3.4"})
  void anonymize_malformed_rejectsWithoutEchoingValue(String bad) {
    assertThatThrownBy(() -> PAN.anonymize(bad))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> {
          if (!bad.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(bad.trim());
          }
        });
  }

  @Test
  void anonymize_distinctiveMalformedValue_notInMessageOrToString() {
    String secret = "10.77.66.55.secret-host";
    assertThatThrownBy(() -> PAN.anonymize(secret))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining("10.77.66.55")
        .hasMessageNotContaining("secret");
    assertThat(PAN.toString()).doesNotContain(TestKeys.REFERENCE_HEX).contains("keyId=direct");
  }

  private static long[] toLongs(byte[] b) {
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (b[i] & 0xff);
      l = (l << 8) | (b[8 + i] & 0xff);
    }
    return new long[] {h, l};
  }
}
