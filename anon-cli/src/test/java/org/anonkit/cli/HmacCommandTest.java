package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.config.KeyFiles;
import org.anonkit.hmac.HmacSha256Pseudonymizer;
import org.anonkit.key.EnvironmentKeySource;
import org.anonkit.key.KeySource;
import org.anonkit.key.KeySources;
import org.anonkit.key.MasterKey;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HmacCommandTest {
  private static final String RFC4231_CASE1_KEY = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
  private static final String MASTER_HEX = "5e1f00aa11bb22cc33dd44ee55ff66077188299a3aab4bbc";
  private static final String ENV = "ANONKIT_TEST_KEY";

  @TempDir Path dir;

  /** Injected key sources: {@code env:} reads a fake environment, anything else goes to KeySources. */
  private static final Function<String, KeySource> SOURCES = spec -> spec.startsWith("env:")
      ? new EnvironmentKeySource(spec.substring(4), Map.of(ENV, "lab-7:hex:" + MASTER_HEX)::get)
      : KeySources.open(spec);

  private static final class Result {
    int code;
    String out;
    String err;
  }

  private static Result run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new HmacCommand(new ByteArrayInputStream(stdin), out, SOURCES));
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    Result r = new Result();
    r.code = cl.execute(args);
    r.out = out.toString(StandardCharsets.UTF_8);
    r.err = err.toString();
    return r;
  }

  private static Result run(String stdin, String... args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  @Test
  void keyHex_rfc4231Case1_printsPublishedHmac() {
    // RFC 4231 §4.2: printf 'Hi There' | anonkit hmac --key-hex 0b..0b --encoding hex --length 64
    Result r = run("Hi There", "--key-hex", RFC4231_CASE1_KEY, "--encoding", "hex", "--length", "64");
    assertThat(r.code).isZero();
    assertThat(r.out).isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7\n");
    assertThat(r.err).isEmpty();
  }

  @Test
  void keyHex_manyLines_stripsOnlyTheTerminator() {
    Transformer h = HmacSha256Pseudonymizer.create(TransformerContext.builder("hmac")
        .directKey(org.anonkit.key.DerivedKey.direct(org.anonkit.key.SecretBytes.fromHex(
            RFC4231_CASE1_KEY, org.anonkit.key.SecretAccess.get())))
        .parameters(Parameters.builder().put("prefix", "u_").build()).build());
    Result r = run("jdoe\r\nmu2epro\n\n  spaced \nmüller@fnal.gov\njdoe\nlast\r", "--key-hex", RFC4231_CASE1_KEY,
        "--prefix", "u_");
    assertThat(r.code).isZero();
    List<String> expected = List.of(h.apply("jdoe"), h.apply("mu2epro"), h.apply(""), h.apply("  spaced "),
        h.apply("müller@fnal.gov"), h.apply("jdoe"), h.apply("last\r"));
    assertThat(r.out).isEqualTo(String.join("\n", expected) + "\n");
    assertThat(run("", "--key-hex", RFC4231_CASE1_KEY).out).isEmpty();
  }

  @Test
  void keySource_fieldAndDomain_matchesPipelineDerivation() {
    MasterKey master = new EnvironmentKeySource(ENV, Map.of(ENV, "lab-7:hex:" + MASTER_HEX)::get).load(null);
    Transformer owner = HmacSha256Pseudonymizer.create(TransformerContext.builder("hmac").masterKey(master)
        .field("Owner").parameters(Parameters.empty()).build());
    Transformer inDomain = HmacSha256Pseudonymizer.create(TransformerContext.builder("hmac").masterKey(master)
        .field("Owner").linkageDomain("user").parameters(Parameters.builder().put("encoding", "hex").build()).build());
    assertThat(run("jdoe\nmu2epro\n", "--key-source", "env:" + ENV, "--field", "Owner").out)
        .isEqualTo(owner.apply("jdoe") + "\n" + owner.apply("mu2epro") + "\n");
    assertThat(run("jdoe\n", "--key-source", "env:" + ENV, "--field", "Owner", "--domain", "user", "--encoding", "hex").out)
        .isEqualTo(inDomain.apply("jdoe") + "\n");
    assertThat(run("jdoe\n", "--key-source", "env:" + ENV, "--field", "Owner", "--key-id", "other").code).isEqualTo(1);
    // with a domain the field is no part of the key: any field, or none, gives the domain's tokens
    assertThat(run("jdoe\n", "--key-source", "env:" + ENV, "--domain", "user", "--encoding", "hex").out)
        .isEqualTo(inDomain.apply("jdoe") + "\n");
    assertThat(run("jdoe\n", "--key-source", "env:" + ENV, "--field", "CN", "--domain", "user", "--encoding", "hex").out)
        .isEqualTo(inDomain.apply("jdoe") + "\n");
    assertThat(run("jdoe\n", "--key-source", "env:" + ENV).code).isEqualTo(2); // neither
  }

  /**
   * A review: a run tokenizes the bundled policy's user fields in their canonical spelling, so for an Owner
   * written MRasmuss "anonkit hmac" printed another token than the dataset holds; --user-names spells
   * the values as the run does.
   */
  @Test
  void userNames_ownerWithUpperCaseLetters_theTokenARunGives() throws Exception {
    Path file = dir.resolve("master-run.json");
    MasterKey master = MasterKey.generate("lab-9", new SecureRandom());
    KeyFiles.write(master, file);
    Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"Owner\":\"MRasmuss\",\"ExitCode\":0}\n");
    org.anonkit.Policy policy = org.anonkit.config.PolicyJson.parse(
        new String(org.anonkit.pipeline.Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8));
    org.anonkit.pipeline.RunReport report = org.anonkit.pipeline.Pipeline.builder(policy).key(master).threads(1)
        .vectors(false).build().run(List.of(in), dir.resolve("out"));
    String line = Files.readAllLines(report.dataFiles().get(0)).get(0);
    String token = line.replaceAll(".*\"Owner\":\"([^\"]+)\".*", "$1");
    String[] args = {"--key-file", file.toString(), "--field", "Owner", "--domain", "user", "--user-names"};
    Result r = run("MRasmuss\nmrasmuss\n", args);
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).isEqualTo(token + "\n" + token + "\n");
    assertThat(r.err).isEmpty();
    Result asWritten = run("MRasmuss\n", "--key-file", file.toString(), "--field", "Owner", "--domain", "user");
    assertThat(asWritten.out).as("as written: another token").isNotEqualTo(token + "\n");
    assertThat(asWritten.err).contains("add --user-names").doesNotContain("MRasmuss");
  }

  @Test
  void keyFile_fieldName_matchesPipelineDerivation() {
    Path file = dir.resolve("master.json");
    MasterKey master = MasterKey.generate("lab-8", new SecureRandom());
    KeyFiles.write(master, file);
    Transformer owner = HmacSha256Pseudonymizer.create(TransformerContext.builder("hmac").masterKey(master)
        .field("Owner").parameters(Parameters.builder().put("prefix", "u_").build()).build());
    Result r = run("jdoe\n", "--key-file", file.toString(), "--field", "Owner", "--prefix", "u_");
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).isEqualTo(owner.apply("jdoe") + "\n");
    assertThat(run("jdoe\n", "--key-file", dir.resolve("missing.json").toString(), "--field", "Owner").code).isEqualTo(1);
  }

  @Test
  void usageErrors_exitWith2() {
    String[][] cases = {
        {"--key-hex", "0b0z"},
        {"--key-hex", "0b0"},
        {"--key-hex", RFC4231_CASE1_KEY, "--length", "0"},
        {"--key-hex", RFC4231_CASE1_KEY, "--length", "53"},
        {"--key-hex", RFC4231_CASE1_KEY, "--length", "abc"},
        {"--key-hex", RFC4231_CASE1_KEY, "--length", "8"},
        {"--key-hex", RFC4231_CASE1_KEY, "--encoding", "base64"},
        {"--key-hex", RFC4231_CASE1_KEY, "--field", "Owner"},
        {"--key-source", "env:" + ENV},
        {"--key-source", "env:" + ENV, "--key-hex", RFC4231_CASE1_KEY, "--field", "Owner"},
        {},
        {"--no-such-option"},
    };
    for (String[] args : cases) {
      Result r = run("jdoe\n", args);
      assertThat(r.code).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out).isEmpty();
    }
    Result shortTokens = run("jdoe\n", "--key-hex", RFC4231_CASE1_KEY, "--length", "8");
    assertThat(shortTokens.err).contains("--allow-short-tokens").contains("40 bits");
    assertThat(run("jdoe\n", "--key-hex", RFC4231_CASE1_KEY, "--length", "8", "--allow-short-tokens").out).hasSize(9);
  }

  @Test
  void dataErrors_exitWith1WithoutEchoingInputOrKey() {
    byte[] badUtf8 = {'j', 'd', 'o', 'e', '\n', (byte) 0xff, (byte) 0xfe, '\n'};
    Result r = run(badUtf8, "--key-hex", RFC4231_CASE1_KEY);
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("UTF-8");
    Result noEnv = run("jdoe\n", "--key-source", "env:UNSET_VARIABLE_FOR_TEST", "--field", "Owner");
    assertThat(noEnv.code).isEqualTo(1);
    assertThat(noEnv.err).contains("UNSET_VARIABLE_FOR_TEST");
    String distinctiveKey = "4f1c9a0e22d35b7788aa01fe9c3d2b6e";
    Result bad = run("secret-owner-9931\n", "--key-hex", "zz" + distinctiveKey);
    assertThat(bad.code).isEqualTo(2);
    assertThat(bad.err).contains("position 0").doesNotContain(distinctiveKey.substring(0, 8)).doesNotContain("secret-owner");
    Result ok = run("secret-owner-9931\n\uD800\n".getBytes(StandardCharsets.UTF_8), "--key-hex", distinctiveKey);
    assertThat(ok.err).doesNotContain(distinctiveKey.substring(0, 8)).doesNotContain("secret-owner");
  }

  @Test
  void help_exitsZeroAndDocumentsKeyHexForVectors() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new HmacCommand(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), SOURCES));
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("--key-file").contains("tests and vectors").contains("RFC 4231");
  }

  @Test
  void badLines_eachGetsAnEmptyOutputLine_processingGoesOn() {
    // like fpe and cryptopan: a line that is not UTF-8 no longer ends the run and drops the rest
    byte[] stdin = {'j', 'd', 'o', 'e', '\n', 'a', (byte) 0xff, 'z', '\n', 'j', 'd', 'o', 'e', '\n'};
    Result r = run(stdin, "--key-hex", RFC4231_CASE1_KEY);
    assertThat(r.code).isEqualTo(1);
    String[] lines = r.out.split("\n", -1);
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).isNotEmpty().isEqualTo(lines[2]);
    assertThat(lines[1]).isEmpty();
    assertThat(r.err).contains("line 2 is not valid UTF-8").contains("1 of 3 line(s) failed");
  }
}
