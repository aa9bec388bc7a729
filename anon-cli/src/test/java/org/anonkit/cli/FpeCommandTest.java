package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.anonkit.config.KeyFiles;
import org.anonkit.key.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FpeCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String stdin, String... args) {
    CommandLine cl = new CommandLine(new FpeCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out));
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(out));
    return cl.execute(args);
  }

  @Test
  void vectorMode_nistFf1Samples1And3_encryptAndDecrypt() {
    // NIST FF1samples.pdf, sample 1 (AES-128, radix 10, empty tweak) and sample 3 (radix 36, tweak)
    assertThat(run("0123456789\n", "--alg", "ff1", "--key-hex", "2B7E151628AED2A6ABF7158809CF4F3C", "--radix", "10", "--encrypt")).isZero();
    assertThat(out.toString()).isEqualTo("2433477484" + System.lineSeparator());
    out.getBuffer().setLength(0);
    assertThat(run("a9tv40mll9kdu509eum\n", "--key-hex", "2B7E151628AED2A6ABF7158809CF4F3C", "--tweak-hex", "3737373770717273373737",
        "--alphabet", "0123456789abcdefghijklmnopqrstuvwxyz", "--decrypt")).isZero();
    assertThat(out.toString().trim()).isEqualTo("0123456789abcdefghi");
  }

  @Test
  void vectorMode_acvpFf31Vector() {
    assertThat(run("wfmwlrorcd\n", "--alg", "ff3-1", "--key-hex", "718385E6542534604419E83CE387A437", "--tweak-hex", "B6F35084FA90E1",
        "--alphabet", "abcdefghijklmnopqrstuvwxyz", "--encrypt")).isZero();
    assertThat(out.toString().trim()).isEqualTo("ywowehycyd");
  }

  @Test
  void vectorMode_badLine_isDataErrorWithLineNumberNotValue() {
    assertThat(run("0123456789\n12345X7890\n", "--key-hex", "2B7E151628AED2A6ABF7158809CF4F3C", "--radix", "10", "--encrypt")).isEqualTo(1);
    assertThat(err.toString()).contains("line 2").contains("position 5").doesNotContain("12345X7890");
    assertThat(out.toString().trim()).isEqualTo("2433477484");
  }

  @Test
  void usageErrors_exitWith2() {
    assertThat(run("", "--radix", "10", "--encrypt")).isEqualTo(2); // no key
    assertThat(run("", "--key-hex", "00", "--radix", "10")).isEqualTo(2); // no direction
    assertThat(run("", "--key-hex", "2B7E151628AED2A6ABF7158809CF4F3C", "--radix", "10", "--transformer", "email", "--encrypt")).isEqualTo(2);
    assertThat(run("", "--alg", "ff3-1", "--key-hex", "2B7E151628AED2A6ABF7158809CF4F3C", "--radix", "10", "--encrypt")).isEqualTo(2);
    assertThat(run("", "--key-hex", "zz", "--radix", "10", "--encrypt")).isEqualTo(2);
  }

  @Test
  void transformerMode_parameterTheTransformerRejects_isUsageError() {
    Path key = dir.resolve("kp.json");
    KeyFiles.write(MasterKey.generate("cli-test", new SecureRandom()), key);
    assertThat(run("1234567\n", "--transformer", "ff1", "--key-file", key.toString(), "--field", "F", "--encrypt"))
        .isEqualTo(2); // ff1 needs an alphabet, chars or radix
    assertThat(err.toString()).contains("anonkit fpe:");
  }

  @Test
  void transformerMode_ff1WithRadixParam_roundTrips() {
    // an audit: --param radix=10 was refused ("expected an integer"), though the error suggested it
    Path key = dir.resolve("kr.json");
    KeyFiles.write(MasterKey.generate("cli-test", new SecureRandom()), key);
    assertThat(run("1234567\n", "--transformer", "ff1", "--key-file", key.toString(), "--field", "F", "--param", "radix=10",
        "--encrypt")).isZero();
    String token = out.toString().trim();
    assertThat(token).matches("[0-9]{7}").isNotEqualTo("1234567");
    out.getBuffer().setLength(0);
    assertThat(run(token + "\n", "--transformer", "ff1", "--key-file", key.toString(), "--field", "F", "--param", "radix=10",
        "--decrypt")).isZero();
    assertThat(out.toString().trim()).isEqualTo("1234567");
  }

  @Test
  void invalidUtf8Line_dataErrorNamingTheLine_neverDecodedWithReplacement() {
    // an audit: two inputs differing only in an invalid byte got one token (both decoded to U+FFFD)
    Path key = dir.resolve("k8.json");
    KeyFiles.write(MasterKey.generate("cli-test", new SecureRandom()), key);
    byte[] stdin = {'o', 'k', 'a', 'y', '1', '\n', 'a', (byte) 0xff, 'z', 'z', '\n', 'a', (byte) 0xfe, '\n'};
    CommandLine cl = new CommandLine(new FpeCommand(new ByteArrayInputStream(stdin), out));
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--transformer", "hmac", "--key-file", key.toString(), "--field", "Owner", "--encrypt"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("line 2 is not valid UTF-8").doesNotContain("zz");
    assertThat(out.toString().trim().split("\\R")).hasSize(1);
  }

  @Test
  void transformerMode_emailAndHostname_roundTripWithKeyFile() {
    Path key = dir.resolve("k.json");
    KeyFiles.write(MasterKey.generate("cli-test", new SecureRandom()), key);
    assertThat(run("jane.doe42@fnal.gov\n", "--transformer", "email", "--key-file", key.toString(), "--field", "User", "--encrypt")).isZero();
    String token = out.toString().trim();
    assertThat(token).endsWith("@fnal.gov").hasSize("jane.doe42@fnal.gov".length()).isNotEqualTo("jane.doe42@fnal.gov");
    out.getBuffer().setLength(0);
    assertThat(run(token + "\n", "--transformer", "email", "--key-file", key.toString(), "--field", "User", "--decrypt")).isZero();
    assertThat(out.toString().trim()).isEqualTo("jane.doe42@fnal.gov");

    out.getBuffer().setLength(0);
    assertThat(run("fnpc1234.fnal.gov\n", "--transformer", "hostname", "--key-file", key.toString(), "--field", "RemoteHost",
        "--param-list", "keepSuffixes=.fnal.gov", "--encrypt")).isZero();
    assertThat(out.toString().trim()).matches("[a-z]{4}[0-9]{4}\\.fnal\\.gov");
  }

  @Test
  void badLines_eachGetsAnEmptyOutputLine_processingGoesOn_exit1AtTheEnd() {
    // review 41 F6: fpe stopped at the first bad line and dropped every line after it
    assertThat(run("0123456789\n12345X7890\n0123456789\nx\n0123456789", "--key-hex", "2B7E151628AED2A6ABF7158809CF4F3C",
        "--radix", "10", "--encrypt")).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("2433477484\n\n2433477484\n\n2433477484\n");
    assertThat(err.toString()).contains("line 2: ").contains("line 4: ").contains("2 of 5 line(s) failed")
        .doesNotContain("12345X7890").doesNotContain("line 1:").doesNotContain("line 3:").doesNotContain("line 5:");
  }

  @Test
  void keyIdAndManifest_refuseAnotherKey_insteadOfDecryptingToWrongValues() throws Exception {
    // review 41 F5: demo000's token gave a plausible name with demo022's key, exit 0
    Path mine = dir.resolve("mine.json");
    Path other = dir.resolve("other.json");
    MasterKey key = MasterKey.generateWithFingerprint("demo-2026-11-27", new SecureRandom());
    KeyFiles.write(key, mine);
    KeyFiles.write(MasterKey.generateWithFingerprint("demo-2026-11-27", new SecureRandom()), other);
    Path manifest = dir.resolve("manifest.json");
    Files.writeString(manifest, "{\"format\":1,\"policy\":{\"name\":\"x\"},\"key\":{\"id\":\"" + key.id() + "\"},\"rows\":{}}");
    String[] users = {"--transformer", "ff1", "--field", "Owner", "--domain", "user", "--param", "alphabet=alphanumeric"};
    assertThat(run("jdoe\n", with(users, "--key-file", mine.toString(), "--encrypt"))).isZero();
    String token = out.toString().trim();
    for (String[] check : List.of(new String[] {"--key-id", key.id()}, new String[] {"--manifest", manifest.toString()})) {
      out.getBuffer().setLength(0);
      assertThat(run(token + "\n", with(users, "--key-file", mine.toString(), "--decrypt", check[0], check[1]))).isZero();
      assertThat(out.toString()).isEqualTo("jdoe\n");
      out.getBuffer().setLength(0);
      err.getBuffer().setLength(0);
      assertThat(run(token + "\n", with(users, "--key-file", other.toString(), "--decrypt", check[0], check[1]))).isEqualTo(1);
      assertThat(out.toString()).isEmpty();
      assertThat(err.toString()).contains("not '" + key.id() + "'").doesNotContain(token);
    }
    assertThat(run("", with(users, "--key-file", mine.toString(), "--decrypt", "--key-id", "x", "--manifest",
        manifest.toString()))).isEqualTo(2); // two differing expectations
    err.getBuffer().setLength(0);
    assertThat(run("", with(users, "--key-file", mine.toString(), "--decrypt", "--manifest", dir.resolve("none.json").toString())))
        .isEqualTo(1);
    assertThat(err.toString()).contains("no such manifest");
  }

  @Test
  void help_listsEveryReversibleTransformerOfTheRegistry_ipToo() {
    CommandLine cl = new CommandLine(new FpeCommand(new ByteArrayInputStream(new byte[0]), out));
    StringWriter help = new StringWriter();
    cl.usage(new PrintWriter(help));
    String text = help.toString().replaceAll("\\s+", " ");
    org.anonkit.TransformerRegistry registry = org.anonkit.TransformerRegistry.defaultRegistry();
    for (String name : registry.names()) {
      assertThat(text).as(name).containsPattern("[ (]" + java.util.regex.Pattern.quote(name) + "[,. )]");
    }
    assertThat(text).contains("ip and cryptopan").contains("format=uint32").contains("--key-id").contains("--manifest");
  }

  @Test
  void emailAndDnDecrypt_warnThatARunsPartByPartTokensDoNotDecryptSo_domainlessDecryptNotes() {
    Path key = dir.resolve("kw.json");
    KeyFiles.write(MasterKey.generate("cli-test", new SecureRandom()), key);
    for (String t : new String[] {"email", "dn"}) {
      err.getBuffer().setLength(0);
      run("", "--transformer", t, "--key-file", key.toString(), "--field", "User", "--decrypt");
      assertThat(err.toString()).contains("warning: --transformer " + t).contains("docs/reversing.md");
    }
    err.getBuffer().setLength(0);
    run("", "--transformer", "ff1", "--key-file", key.toString(), "--field", "Owner", "--param", "alphabet=alphanumeric", "--decrypt");
    assertThat(err.toString()).contains("no --domain").doesNotContain("warning");
    err.getBuffer().setLength(0);
    run("", "--transformer", "ff1", "--key-file", key.toString(), "--field", "Owner", "--domain", "user", "--param",
        "alphabet=alphanumeric", "--decrypt");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void withADomain_theFieldIsNoPartOfTheKey_andMayBeLeftOut() {
    // TransformerContext derives anonkit/v1/<transformer>/<domain or field>: with a domain, any field or none
    // gives the same tokens; without one, the field is the key's domain
    Path key = dir.resolve("kd.json");
    KeyFiles.write(MasterKey.generate("cli-test", new SecureRandom()), key);
    String[][] cases = {
        {"jane.doe42", "ff1", "user", "--param", "alphabet=alphanumeric", "--param", "separators=._-"},
        {"wn042.fnal.gov", "hostname", "host"},
        {"630-840-3000", "phone", "phone"},
        {"131.225.10.7", "ip", "ip"},
    };
    for (String[] c : cases) {
      List<String> base = new java.util.ArrayList<>(List.of("--transformer", c[1], "--key-file", key.toString(),
          "--encrypt"));
      base.addAll(List.of(c).subList(3, c.length));
      java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
      for (String[] naming : List.of(new String[] {"--domain", c[2]}, new String[] {"--domain", c[2], "--field", "Owner"},
          new String[] {"--domain", c[2], "--field", "HoldReason"}, new String[] {"--field", "Owner"},
          new String[] {"--field", "HoldReason"})) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run(c[0] + "\n", with(base.toArray(new String[0]), naming))).as(c[1] + " " + err).isZero();
        tokens.put(String.join(" ", naming), out.toString());
      }
      List<String> values = List.copyOf(tokens.values());
      assertThat(values.get(1)).as(c[1]).isEqualTo(values.get(0)).isNotEqualTo(c[0] + "\n");
      assertThat(values.get(2)).as(c[1]).isEqualTo(values.get(0));
      assertThat(values.get(3)).as(c[1]).isNotEqualTo(values.get(0)).isNotEqualTo(values.get(4));
      out.getBuffer().setLength(0);
      List<String> dec = new java.util.ArrayList<>(base);
      dec.set(dec.indexOf("--encrypt"), "--decrypt");
      assertThat(run(values.get(0), with(dec.toArray(new String[0]), "--domain", c[2]))).isZero();
      assertThat(out.toString()).isEqualTo(c[0] + "\n");
    }
    err.getBuffer().setLength(0);
    assertThat(run("", "--transformer", "ff1", "--param", "alphabet=alphanumeric", "--key-file", key.toString(),
        "--decrypt")).isEqualTo(2); // neither a field nor a domain
    assertThat(err.toString()).contains("--field or --domain");
  }

  private static String[] with(String[] first, String... more) {
    List<String> all = new java.util.ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }
}
