package org.anonkit.cryptopan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code sinful} transformer over the sinful strings of the real HTCondor job records in
 * {@code shared/data/htcondor-samples/} (read at test time, never copied into the project; skipped when
 * the folder is absent) and checks that no original address or name survives.
 */
class RealSamplesTest {
  private static final Pattern QUOTED_SINFUL = Pattern.compile("\"(<[^\"]*)\"");
  private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![0-9.])");
  private static final Pattern BRACKETED = Pattern.compile("\\[([0-9a-fA-F:.-]+)\\]");
  private static final Pattern ALIAS = Pattern.compile("(?:alias|PrivNet)(?:=|%3[dD])([^&#>%+]+)");
  private static final Pattern PRINCIPAL_IP = Pattern.compile("matchsession/(\\d{1,3}(?:\\.\\d{1,3}){3})");

  static Path samples() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data/htcondor-samples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void sinful_realSampleSinfulStrings_noOriginalAddressOrNameSurvives() throws IOException {
    Path dir = samples();
    Assumptions.assumeTrue(dir != null, "shared/data/htcondor-samples not found above " + Path.of("").toAbsolutePath()
        + "; skipping the real-sample test");
    Transformer sinful = TransformerProvidersTest.create("sinful", Parameters.empty(), "LastPublicClaimId", "network");
    Transformer ip = TransformerProvidersTest.create("ip", Parameters.empty(), "StartdPrincipal", "network");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
    int checked = 0;
    for (Path f : files) {
      String text = stripComments(Files.readString(f, StandardCharsets.UTF_8));
      Matcher m = QUOTED_SINFUL.matcher(text);
      while (m.find()) {
        String value = m.group(1);
        String out = sinful.apply(value);
        List<String> secrets = secretsOf(value);
        assertThat(secrets).as("test extracts something from %s", f.getFileName()).isNotEmpty();
        for (String secret : secrets) {
          assertThat(out).as("%s: a clear value survived", f.getFileName()).doesNotContain(secret);
        }
        assertThat(out).startsWith("<").contains(">");
        // ports survive; same IPv4 gets the same token as in the plain-address field
        Matcher v4 = IPV4.matcher(value);
        while (v4.find()) {
          assertThat(out).contains(ip.apply(v4.group()));
        }
        checked++;
      }
      Matcher principal = PRINCIPAL_IP.matcher(text);
      while (principal.find()) {
        assertThat(ip.apply(principal.group(1))).isNotEqualTo(principal.group(1));
      }
    }
    assertThat(checked).as("sinful strings found in the samples").isGreaterThanOrEqualTo(2);
  }

  private static List<String> secretsOf(String value) {
    List<String> out = new ArrayList<>();
    Matcher v4 = IPV4.matcher(value);
    while (v4.find()) {
      out.add(v4.group());
    }
    Matcher v6 = BRACKETED.matcher(value);
    long[] tmp = new long[2];
    while (v6.find()) {
      String s = v6.group(1);
      char sep = s.indexOf(':') >= 0 ? ':' : '-';
      assertThat(IpText.parseIpv6(s, 0, s.length(), sep, tmp)).isTrue();
      out.add(s);
      out.add(IpText.formatIpv6(tmp[0], tmp[1]));
      StringBuilder dashed = new StringBuilder();
      IpText.formatIpv6(tmp[0], tmp[1], '-', dashed);
      out.add(dashed.toString());
    }
    Matcher names = ALIAS.matcher(value);
    while (names.find()) {
      out.add(names.group(1));
    }
    return out;
  }

  private static String stripComments(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String t = line.stripLeading();
      if (!t.startsWith("#") && !t.startsWith("//")) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
