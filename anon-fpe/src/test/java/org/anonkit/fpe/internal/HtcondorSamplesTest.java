package org.anonkit.fpe.internal;

import static org.anonkit.fpe.internal.TransformerTestSupport.assertSameShape;
import static org.anonkit.fpe.internal.TransformerTestSupport.reversible;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.ReversibleTransformer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real values from the HTCondor job ads in {@code shared/data/htcondor-samples/} (read at test time,
 * never copied into the project; skipped when the folder is absent): each keeps its shape and decrypts
 * back exactly.
 */
class HtcondorSamplesTest {
  private static final Pattern ATTR = Pattern.compile("^\\s*\"?([A-Za-z0-9_]+)\"?\\s*[=:]\\s*\"([^\"]*)\"");

  static Path samples() {
    Path dir = Paths.get("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data/htcondor-samples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      Path sibling = p.resolveSibling("shared").resolve("data/htcondor-samples");
      if (p.getParent() != null && Files.isDirectory(sibling)) {
        return sibling;
      }
    }
    return null;
  }

  static Map<String, List<String>> values() throws IOException {
    Path dir = samples();
    Assumptions.assumeTrue(dir != null, "shared/data/htcondor-samples not found beside the repository; skipping");
    Map<String, List<String>> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        for (String line : Files.readAllLines(f)) {
          if (line.startsWith("#") || line.startsWith("//")) {
            continue;
          }
          Matcher m = ATTR.matcher(line);
          if (m.find()) {
            out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
          }
        }
      }
    }
    return out;
  }

  /**
   * Applies and reverses each value; returns how many decrypted back exactly. A value whose personal parts
   * have fewer than 1,000,000 combinations (e.g. a 4-letter user name) is tokenized with HMAC under the
   * default {@code shortValues: hmac}: its shape is still checked, and reversing it must say why it cannot.
   */
  private static int check(ReversibleTransformer t, List<String> values, boolean lowercases) {
    int exact = 0;
    for (String v : values) {
      String in = lowercases ? v.toLowerCase(java.util.Locale.ROOT) : v;
      String out = t.apply(v);
      assertSameShape(in, out);
      assertThat(out).isNotEqualTo(in);
      try {
        assertThat(t.reverse(out)).isEqualTo(in);
        exact++;
      } catch (InvalidInputException e) {
        assertThat(e.getMessage()).contains("irreversibly").doesNotContain(v);
      }
    }
    return exact;
  }

  @Test
  void realEmailsDnsAndHosts_keepShapeAndDecryptExactly() throws IOException {
    Map<String, List<String>> v = values();
    ReversibleTransformer email = reversible("email", "User", Parameters.empty());
    ReversibleTransformer dn = reversible("dn", "x509userproxysubject", Parameters.empty());
    ReversibleTransformer host = reversible("hostname", "LastRemoteHost",
        Parameters.builder().put("keepSuffixes", List.of(".fnal.gov", ".wisc.edu", ".opensciencegrid.org")).build());
    List<String> emails = new ArrayList<>(v.getOrDefault("User", List.of()));
    emails.addAll(v.getOrDefault("x509UserProxyEmail", List.of()));
    List<String> dns = new ArrayList<>(v.getOrDefault("x509userproxysubject", List.of()));
    dns.addAll(v.getOrDefault("JobsubClientDN", List.of()));
    List<String> hosts = new ArrayList<>(v.getOrDefault("LastRemoteHost", List.of()));
    hosts.addAll(v.getOrDefault("MATCH_GLIDEIN_SiteWMS_Slot", List.of()));
    // 6 emails: 'gemc' and 'erees'-style short local parts are HMAC tokens; the others round-trip
    assertThat(emails).hasSizeGreaterThanOrEqualTo(4);
    assertThat(check(email, emails, false)).isGreaterThanOrEqualTo(3);
    assertThat(dns).hasSizeGreaterThanOrEqualTo(3);
    assertThat(check(dn, dns, false)).isGreaterThanOrEqualTo(2);
    assertThat(hosts).hasSizeGreaterThanOrEqualTo(4);
    assertThat(check(host, hosts, true)).isEqualTo(hosts.size());
    for (String d : dns) {
      String out = dn.apply(d);
      String kept = d.substring(0, d.indexOf("/CN="));
      assertThat(out).startsWith(kept);
    }
  }
}
