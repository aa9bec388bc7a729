package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code cryptopan} subcommand reproduces the Crypto-PAn reference sample trace
 * (vectors/cryptopan-reference-trace.csv, a copy of anon-cryptopan's, sources cited in its header).
 */
class CryptopanCommandTest {
  /** The reference distribution's sample key 21,34,23,141,...,132,34,2 in hex. */
  static final String REFERENCE_KEY = "1522178d33a4cf80130a5b1649907d10d8988f837979652762574c2d2a842202";

  private record Run(int exit, String out, String err) {}

  private static Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(new CryptopanCommand(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, errStream));
    cl.setErr(new java.io.PrintWriter(errStream, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void invalidUtf8Line_dataErrorNamingTheLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    byte[] stdin = {'1', '.', '2', '.', '3', '.', '4', '\n', '1', '.', (byte) 0xc3, '.', '3', '\n'};
    CommandLine cl = new CommandLine(new CryptopanCommand(new ByteArrayInputStream(stdin), out, errStream));
    cl.setErr(new java.io.PrintWriter(errStream, true));
    assertThat(cl.execute("--key-hex", REFERENCE_KEY)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2 is not valid UTF-8");
  }

  private static List<String[]> trace() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = CryptopanCommandTest.class.getResourceAsStream("/vectors/cryptopan-reference-trace.csv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split(","));
        }
      }
    }
    return rows;
  }

  @Test
  void cryptopan_referenceKey_reproducesSampleTraceBothWays() throws IOException {
    List<String[]> rows = trace();
    assertThat(rows).hasSize(70); // the published trace's distinct pairs
    StringBuilder raw = new StringBuilder();
    StringBuilder sanitized = new StringBuilder();
    for (String[] r : rows) {
      raw.append(r[1]).append('\n');
      sanitized.append(r[2]).append('\n');
    }
    Run enc = run(raw.toString(), "--key-hex", REFERENCE_KEY);
    assertThat(enc.exit()).isZero();
    assertThat(enc.out()).isEqualTo(sanitized.toString());
    Run dec = run(sanitized.toString(), "--key-hex", REFERENCE_KEY.toUpperCase(), "--decrypt");
    assertThat(dec.exit()).isZero();
    assertThat(dec.out()).isEqualTo(raw.toString());
  }

  @Test
  void cryptopan_ipv6Line_matchesGoPortVector() {
    Run r = run("2001:db8::1\n::1\n", "--key-hex", REFERENCE_KEY);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e\n78ff:f001:9fc0:20df:8380:b1f1:704:ed\n");
  }

  @Test
  void cryptopan_malformedLine_exit1NamesLineNotValue() {
    Run r = run("128.11.68.132\nsecret-host.example\n", "--key-hex", REFERENCE_KEY);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("135.242.180.132\n\n"); // every line gets one output line (empty: failed)
    assertThat(r.err()).contains("line 2").doesNotContain("secret-host");
  }

  @Test
  void cryptopan_badKey_usageError2WithoutEchoingKey() {
    Run shortKey = run("1.2.3.4\n", "--key-hex", "abcd");
    assertThat(shortKey.exit()).isEqualTo(2);
    String bad = "zz" + REFERENCE_KEY.substring(2);
    Run nonHex = run("1.2.3.4\n", "--key-hex", bad);
    assertThat(nonHex.exit()).isEqualTo(2);
    assertThat(nonHex.err()).doesNotContain(bad);
    assertThat(run("", "--help").exit()).isZero();
  }

  @Test
  void cryptopan_badLines_eachGetsAnEmptyOutputLine_processingGoesOn() {
    Run r = run("128.11.68.132\nsecret-host.example\n128.11.68.132\n", "--key-hex", REFERENCE_KEY);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("135.242.180.132\n\n135.242.180.132\n");
    assertThat(r.err()).contains("line 2: ").contains("1 of 3 line(s) failed").doesNotContain("secret-host");
  }

  @Test
  void cryptopan_keyFile_derivesTheRunsIpKey_textAndUint32_roundTrip_keyIdChecked(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) {
    // review 41 F3: only --key-hex was accepted, and no tool printed the derived key
    java.nio.file.Path keyFile = dir.resolve("k.json");
    org.anonkit.key.MasterKey key = org.anonkit.key.MasterKey.generateWithFingerprint("key-2026-11-27",
        new java.security.SecureRandom());
    org.anonkit.config.KeyFiles.write(key, keyFile);
    // what a run's ip transformer in domain ip writes
    org.anonkit.TransformerRegistry registry = org.anonkit.TransformerRegistry.defaultRegistry();
    org.anonkit.Transformer ip = registry.create(org.anonkit.spi.TransformerContext.builder("ip")
        .field("JobsubClientIpAddress").linkageDomain("ip").masterKey(key).registry(registry).build());
    String a = ip.apply("131.225.10.7");
    String b = ip.apply("2001:db8::5");
    Run enc = run("131.225.10.7\n2001:db8::5\n", "--key-file", keyFile.toString());
    assertThat(enc.exit()).isZero();
    assertThat(enc.out()).isEqualTo(a + "\n" + b + "\n");
    Run dec = run(a + "\n" + b + "\n", "--key-file", keyFile.toString(), "--domain", "ip", "--decrypt", "--key-id", key.id());
    assertThat(dec.exit()).isZero();
    assertThat(dec.out()).isEqualTo("131.225.10.7\n2001:db8::5\n");
    long u32 = 0;
    for (String octet : a.split("\\.")) {
      u32 = u32 * 256 + Integer.parseInt(octet);
    }
    Run twin = run(u32 + "\n", "--key-file", keyFile.toString(), "--format", "uint32", "--decrypt");
    assertThat(twin.out()).isEqualTo(((131L << 24) | (225 << 16) | (10 << 8) | 7) + "\n");
    Run wrongId = run(a + "\n", "--key-file", keyFile.toString(), "--decrypt", "--key-id", "key-2026-11-27-000000");
    assertThat(wrongId.exit()).isEqualTo(1);
    assertThat(wrongId.out()).isEmpty();
    assertThat(wrongId.err()).contains("not 'key-2026-11-27-000000'");
    assertThat(run("", "--key-file", keyFile.toString(), "--key-hex", REFERENCE_KEY).exit()).isEqualTo(2);
    assertThat(run("", "--key-hex", REFERENCE_KEY, "--format", "uint32").exit()).isEqualTo(2);
    assertThat(run("", "--key-file", keyFile.toString(), "--format", "octets").exit()).isEqualTo(2);
    assertThat(run("").exit()).isEqualTo(2);
  }
}
