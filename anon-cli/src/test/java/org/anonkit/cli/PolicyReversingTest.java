package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.anonkit.FieldRule;
import org.anonkit.Policy;
import org.anonkit.cli.KeyHolderCommands.Ran;
import org.anonkit.config.KeyFiles;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code --policy}: a key holder reverses a run's values with the rule of the run's own policy. Generated ads
 * (with a few hand-written ones for the identity fields the generator does not write) go through {@code run
 * --mode fpe} and {@code run} (hmac), then every identity field of the policy's fpe mode, as the policy lists
 * them, is decrypted with {@code --policy FILE} and {@code --policy bundled:htcondor} and compared with the
 * clear input, record by record; refusals (another policy, another mode, unknown and non-reversible fields,
 * conflicting options) are checked for their exit code, their message and the absence of every clear value.
 */
class PolicyReversingTest {
  @TempDir static Path tmp;
  static Path key;
  static MasterKey master;
  static Path policyFile;
  static Path fpeManifest;
  static Path hmacManifest;
  static List<Map<String, String>> clear;
  static List<Map<String, String>> fpe;
  static List<Map<String, String>> hmac;
  /** Every clear identity value of the input: none may appear in a message. */
  static final Set<String> CLEAR_VALUES = new LinkedHashSet<>();

  /** Stderr of every command a test ran, checked for clear values after it. */
  private final List<String> errors = new ArrayList<>();

  /** Identity fields the generator does not write, in mixed case, with separators, one short. */
  static final String HAND_WRITTEN = String.join("\n",
      "{\"ClusterId\":900001,\"ProcId\":0,\"Owner\":\"Jane.Doe\",\"RemoteOwner\":\"Jane.Doe\",\"PreemptingOwner\":\"kwalsh\","
          + "\"POMS_LAUNCHER\":\"poms_Prod\",\"CRAB_UserHN\":\"cmsUser-7\",\"AcctGroupUser\":\"Jane.Doe\","
          + "\"JobsubClientIpAddress\":\"198.51.100.23\",\"JobStatus\":4,\"ExitCode\":0}",
      "{\"ClusterId\":900001,\"ProcId\":1,\"Owner\":\"ab\",\"RemoteOwner\":\"xy\",\"PreemptingOwner\":\"Ol.Ma\","
          + "\"POMS_LAUNCHER\":\"mrasmuss\",\"CRAB_UserHN\":\"q\",\"AcctGroupUser\":\"ab\","
          + "\"JobsubClientIpAddress\":\"2001:db8::7\",\"JobStatus\":4,\"ExitCode\":1}",
      "");

  @BeforeAll
  static void runs() throws IOException {
    Path in = tmp.resolve("jobs.jsonl");
    int rc = new CommandLine(new GenerateCommand()).execute("--records", "400", "--users", "40", "--seed", "11",
        "--out", in.toString());
    assertThat(rc).isZero();
    Files.writeString(in, HAND_WRITTEN, java.nio.file.StandardOpenOption.APPEND);
    key = tmp.resolve("key.json");
    master = MasterKey.generateWithFingerprint("key-2026-11-27", new SecureRandom());
    KeyFiles.write(master, key);
    policyFile = Path.of("..", "examples", "policies", "htcondor.json");
    clear = records(in);
    fpe = run(in, "fpe-out", "--mode", "fpe");
    hmac = run(in, "hmac-out");
    fpeManifest = tmp.resolve("fpe-out/share/manifest.json");
    hmacManifest = tmp.resolve("hmac-out/share/manifest.json");
    assertThat(fpe).hasSameSizeAs(clear);
    assertThat(hmac).hasSameSizeAs(clear);
    for (Map<String, String> r : clear) {
      for (String f : List.of("Owner", "AcctGroupUser", "RemoteOwner", "PreemptingOwner", "POMS_LAUNCHER",
          "CRAB_UserHN", "JobsubClientIpAddress")) {
        if (r.get(f) != null && r.get(f).length() >= 4) { // shorter ones are words of any message ("ab")
          CLEAR_VALUES.add(r.get(f));
        }
      }
    }
  }

  private static List<Map<String, String>> run(Path in, String out, String... more) throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--policy", policyFile.toString(), "--in", in.toString(), "--out",
        tmp.resolve(out).toString(), "--key-file", key.toString(), "--no-vectors", "--threads", "1"));
    args.addAll(List.of(more));
    int rc = new CommandLine(new RunCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args.toArray(String[]::new));
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    try (Stream<Path> data = Files.list(tmp.resolve(out).resolve("share/data"))) {
      return records(data.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow());
    }
  }

  @AfterEach
  void noClearValueInAnyMessage() {
    for (String e : errors) {
      for (String v : CLEAR_VALUES) {
        assertThat(e).as("a message").doesNotContain(v);
      }
    }
  }

  /** The fields of the policy's fpe mode whose rule reverses as a whole (not scrub-text, not hmac). */
  private static List<String> fpeIdentityFields() throws IOException {
    Policy p = Pipeline.resolvePolicy(PolicyJson.parse(Files.readString(policyFile)), "fpe", List.of());
    List<String> out = new ArrayList<>();
    for (FieldRule r : p.rules()) {
      if (r.action() == FieldRule.Action.TRANSFORM && !r.transformer().equals("scrub-text")
          && !r.transformer().equals("hmac")) {
        out.add(r.field());
      }
    }
    return out;
  }

  @Test
  void everyFpeIdentity_decryptsWithThePolicy_fileAndBundled() throws IOException {
    List<String> fields = fpeIdentityFields();
    assertThat(fields).contains("Owner", "AcctGroupUser", "RemoteOwner", "PreemptingOwner", "POMS_LAUNCHER",
        "CRAB_UserHN", "JobsubClientIpAddress");
    fields.add("JobsubClientIpAddress_u32"); // the integer twin of the ipIntegers section
    for (String policy : List.of(policyFile.toString(), "bundled:htcondor")) {
      for (String field : fields) {
        StringBuilder tokens = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        int reversible = 0;
        int shortOnes = 0;
        for (int i = 0; i < clear.size(); i++) {
          String value = clear.get(i).get(field.endsWith("_u32") ? "JobsubClientIpAddress" : field);
          String token = fpe.get(i).get(field);
          if (value == null || token == null) {
            continue;
          }
          tokens.append(token).append('\n');
          String want = expectedClear(field, value);
          expected.append(want).append('\n');
          if (want.isEmpty()) {
            shortOnes++;
          } else {
            reversible++;
          }
        }
        assertThat(reversible).as(field).isPositive();
        // the field as the policy writes it, and in other case (ClassAd names are case-insensitive)
        for (String name : List.of(field, field.toLowerCase(java.util.Locale.ROOT))) {
          Ran r = anonkit(tokens.toString(), "fpe", "--policy", policy, "--field", name, "--key-file", key.toString(),
              "--manifest", fpeManifest.toString(), "--decrypt");
          assertThat(r.out()).as(field + " with " + policy + "\n" + r.err()).isEqualTo(expected.toString());
          assertThat(r.exit()).as(field).isEqualTo(shortOnes > 0 ? 1 : 0);
          assertThat(r.err()).doesNotContain("note: no --domain");
        }
        if (field.startsWith("JobsubClientIpAddress")) { // cryptopan, the same rule
          Ran r = anonkit(tokens.toString(), "cryptopan", "--policy", policy, "--field", field, "--key-file",
              key.toString(), "--manifest", fpeManifest.toString(), "--decrypt");
          assertThat(r.out()).as(field + " cryptopan\n" + r.err()).isEqualTo(expected.toString());
          assertThat(r.exit()).isZero();
        }
      }
    }
  }

  /**
   * What a token of {@code field} decrypts to: the value as the run spelled it (user names case-folded, an
   * IPv4 address as an unsigned integer in the twin); an empty line for a user name of fewer than 4 characters
   * besides its separators (36^3 is below NIST's 1,000,000: an HMAC that does not decrypt).
   */
  private static String expectedClear(String field, String value) {
    if (field.equals("JobsubClientIpAddress")) {
      return value;
    }
    if (field.endsWith("_u32")) {
      String[] q = value.split("\\.");
      return Long.toString((Long.parseLong(q[0]) << 24) | (Long.parseLong(q[1]) << 16) | (Long.parseLong(q[2]) << 8)
          | Long.parseLong(q[3]));
    }
    String spelled = ScrubTextProvider.spellUserName(value);
    long alnum = spelled.chars().filter(c -> "._-".indexOf(c) < 0).count();
    return alnum >= 4 ? spelled : "";
  }

  @Test
  void domainAlone_decryptsUsersAndAddresses_asTheFieldsDo() {
    StringBuilder tokens = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < clear.size(); i++) {
      String want = expectedClear("Owner", clear.get(i).get("Owner"));
      if (!want.isEmpty()) {
        tokens.append(fpe.get(i).get("Owner")).append('\n');
        expected.append(want).append('\n');
      }
    }
    Ran r = anonkit(tokens.toString(), "fpe", "--policy", "bundled:htcondor", "--domain", "user", "--key-file",
        key.toString(), "--manifest", fpeManifest.toString(), "--decrypt");
    assertThat(r.out()).as(r.err()).isEqualTo(expected.toString());
    assertThat(r.exit()).isZero();

    // the explicit form without --field: with a domain the field is no part of the key
    Ran explicit = anonkit(tokens.toString(), "fpe", "--transformer", "ff1", "--domain", "user", "--param",
        "alphabet=alphanumeric", "--param", "separators=._-", "--key-file", key.toString(), "--manifest",
        fpeManifest.toString(), "--decrypt");
    assertThat(explicit.out()).as(explicit.err()).isEqualTo(expected.toString());
    assertThat(explicit.exit()).isZero();
    assertThat(explicit.err()).doesNotContain("note: no --domain");

    Ran ip = anonkit(fpe.get(0).get("JobsubClientIpAddress") + "\n", "cryptopan", "--policy", "bundled:htcondor",
        "--domain", "ip", "--key-file", key.toString(), "--manifest", fpeManifest.toString(), "--decrypt");
    assertThat(ip.out()).as(ip.err()).isEqualTo(clear.get(0).get("JobsubClientIpAddress") + "\n");

    // field and domain together: the field's rule, whose domain must be the one given
    Ran both = anonkit(tokens.toString(), "fpe", "--policy", "bundled:htcondor", "--field", "Owner", "--domain", "USER",
        "--key-file", key.toString(), "--manifest", fpeManifest.toString(), "--decrypt");
    assertThat(both.out()).isEqualTo(expected.toString());
    Ran other = anonkit("", "fpe", "--policy", "bundled:htcondor", "--field", "Owner", "--domain", "host",
        "--key-file", key.toString(), "--manifest", fpeManifest.toString(), "--decrypt");
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.err()).contains("has domain 'user', not 'host'");
  }

  @Test
  void encryptWithThePolicy_givesTheRunsTokens_mixedCaseAndShortNamesToo() {
    StringBuilder names = new StringBuilder();
    StringBuilder tokens = new StringBuilder();
    for (int i = 0; i < clear.size(); i++) {
      names.append(clear.get(i).get("Owner")).append('\n');
      tokens.append(fpe.get(i).get("Owner")).append('\n');
    }
    assertThat(names.toString()).contains("Jane.Doe\n", "\nab\n");
    Ran r = anonkit(names.toString(), "fpe", "--policy", "bundled:htcondor", "--domain", "user", "--key-file",
        key.toString(), "--manifest", fpeManifest.toString(), "--encrypt");
    assertThat(r.out()).as(r.err()).isEqualTo(tokens.toString());
    assertThat(r.exit()).isZero();
  }

  @Test
  void hmacRun_hmacCommandWithThePolicy_givesItsTokens_andFpeRefusesToDecrypt() {
    StringBuilder owners = new StringBuilder();
    StringBuilder tokens = new StringBuilder();
    for (int i = 0; i < clear.size(); i++) {
      owners.append(clear.get(i).get("Owner")).append('\n');
      tokens.append(hmac.get(i).get("Owner")).append('\n');
    }
    Ran r = anonkit(owners.toString(), "hmac", "--policy", policyFile.toString(), "--field", "OWNER", "--key-file",
        key.toString(), "--manifest", hmacManifest.toString());
    assertThat(r.out()).as(r.err()).isEqualTo(tokens.toString());
    assertThat(r.exit()).isZero();
    Ran domain = anonkit(owners.toString(), "hmac", "--policy", "bundled:htcondor", "--domain", "user", "--key-file",
        key.toString(), "--manifest", hmacManifest.toString());
    assertThat(domain.out()).isEqualTo(tokens.toString());
    // the explicit form with --domain and no --field: the same tokens (--user-names spells as the run)
    Ran explicit = anonkit(owners.toString(), "hmac", "--domain", "user", "--user-names", "--key-file", key.toString(),
        "--manifest", hmacManifest.toString());
    assertThat(explicit.out()).as(explicit.err()).isEqualTo(tokens.toString());

    Ran refused = anonkit(tokens.toString(), "fpe", "--policy", "bundled:htcondor", "--field", "Owner", "--key-file",
        key.toString(), "--manifest", hmacManifest.toString(), "--decrypt");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err()).contains("field 'Owner'", "(mode hmac)", "transformer hmac", "anonkit hmac");
    // no manifest, no --mode: the policy as written, whose Owner rule is hmac; the hint names the fpe mode
    Ran noMode = anonkit(tokens.toString(), "fpe", "--policy", "bundled:htcondor", "--field", "Owner", "--key-file",
        key.toString(), "--decrypt");
    assertThat(noMode.exit()).isEqualTo(2);
    assertThat(noMode.err()).contains("[fpe]", "--mode");
  }

  @Test
  void withoutManifest_modeAndKeyIdGiven_decrypts() {
    String token = fpe.get(fpe.size() - 2).get("RemoteOwner");
    Ran r = anonkit(token + "\n", "fpe", "--policy", "bundled:htcondor", "--mode", "fpe", "--field", "RemoteOwner",
        "--key-file", key.toString(), "--key-id", master.id(), "--decrypt");
    assertThat(r.out()).as(r.err()).isEqualTo("jane.doe\n");
    assertThat(r.exit()).isZero();
  }

  @Test
  void anotherPolicy_isRefused_namingBothHashes() throws Exception {
    byte[] bytes = Files.readAllBytes(policyFile);
    Path edited = tmp.resolve("edited.json");
    Files.write(edited, (new String(bytes, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
    String token = fpe.get(fpe.size() - 2).get("Owner");
    for (String command : List.of("fpe", "cryptopan", "hmac")) {
      List<String> args = new ArrayList<>(List.of(command, "--policy", edited.toString(), "--field",
          command.equals("cryptopan") ? "JobsubClientIpAddress" : "Owner", "--key-file", key.toString(), "--manifest",
          fpeManifest.toString()));
      if (!command.equals("hmac")) {
        args.add("--decrypt");
      }
      Ran r = anonkit(token + "\n", args.toArray(String[]::new));
      assertThat(r.exit()).as(command + "\n" + r.err()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains(sha256(bytes), sha256(Files.readAllBytes(edited)), "give the policy file that run used");
    }
  }

  @Test
  void anotherMode_isRefused_namingBothModes() {
    Ran r = anonkit("", "fpe", "--policy", "bundled:htcondor", "--mode", "hmac", "--field", "Owner", "--key-file",
        key.toString(), "--manifest", fpeManifest.toString(), "--decrypt");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--mode hmac differs from the mode of the run", "(fpe)", "leave --mode out");
    Ran h = anonkit("", "hmac", "--policy", "bundled:htcondor", "--mode", "fpe", "--field", "Owner", "--key-file",
        key.toString(), "--manifest", hmacManifest.toString());
    assertThat(h.exit()).isEqualTo(2);
    assertThat(h.err()).contains("--mode fpe differs", "(hmac)");
    Ran unknown = anonkit("", "fpe", "--policy", "bundled:htcondor", "--mode", "fpee", "--field", "Owner",
        "--key-file", key.toString(), "--decrypt");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no mode 'fpee'");
  }

  @Test
  void unknownField_isRefused_listingTheFieldsWithATransformer() {
    Ran r = anonkit("", "fpe", "--policy", "bundled:htcondor", "--field", "NoSuchField", "--key-file", key.toString(),
        "--manifest", fpeManifest.toString(), "--decrypt");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no rule for field 'NoSuchField'", "Owner", "JobsubClientIpAddress");
    Ran d = anonkit("", "fpe", "--policy", "bundled:htcondor", "--domain", "nosuch", "--key-file", key.toString(),
        "--manifest", fpeManifest.toString(), "--decrypt");
    assertThat(d.exit()).isEqualTo(2);
    assertThat(d.err()).contains("no rule or scrub-text handler in domain 'nosuch'", "host", "phone", "user");
  }

  @Test
  void nonReversibleFields_areRefused_sayingWhatTheyHave() {
    // the stdin holds clear values: none may come back in a message
    String stdin = String.join("\n", CLEAR_VALUES) + "\n";
    Map<String, List<String>> cases = new LinkedHashMap<>();
    cases.put("HoldReason", List.of("transformer scrub-text", "span by span", "--domain", "user: ff1 in domain user",
        "host: hostname in domain host", "docs/reversing.md"));
    cases.put("AuthTokenSubject", List.of("transformer hmac", "does not reverse", "anonkit hmac"));
    cases.put("ClusterId", List.of("kept in clear"));
    cases.put("ClaimId", List.of("dropped"));
    for (Map.Entry<String, List<String>> c : cases.entrySet()) {
      Ran r = anonkit(stdin, "fpe", "--policy", "bundled:htcondor", "--field", c.getKey(), "--key-file", key.toString(),
          "--manifest", fpeManifest.toString(), "--decrypt");
      assertThat(r.exit()).as(c.getKey()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).as(c.getKey()).contains("field '" + c.getKey() + "'").contains(c.getValue());
    }
    Ran h = anonkit(stdin, "hmac", "--policy", "bundled:htcondor", "--field", "Owner", "--key-file", key.toString(),
        "--manifest", fpeManifest.toString());
    assertThat(h.exit()).isEqualTo(2);
    assertThat(h.err()).contains("transformer ff1, not hmac", "anonkit fpe --policy");
    Ran c = anonkit(stdin, "cryptopan", "--policy", "bundled:htcondor", "--field", "Owner", "--key-file",
        key.toString(), "--manifest", fpeManifest.toString(), "--decrypt");
    assertThat(c.exit()).isEqualTo(2);
    assertThat(c.err()).contains("transformer ff1, not ip or cryptopan");
    Ran s = anonkit(stdin, "fpe", "--policy", "bundled:htcondor", "--field", "HoldReason", "--key-file", key.toString(),
        "--manifest", fpeManifest.toString(), "--encrypt");
    assertThat(s.exit()).isEqualTo(2);
    assertThat(s.err()).contains("scrub-text", "--domain");
  }

  @Test
  void policyWithOtherSources_isAUsageError() {
    String[][] conflicts = {
        {"fpe", "--transformer", "ff1", "--decrypt"},
        {"fpe", "--param", "alphabet=alphanumeric", "--decrypt"},
        {"fpe", "--param-list", "keepSuffixes=.gov", "--decrypt"},
        {"hmac", "--length", "20"},
        {"hmac", "--encoding", "base32"},
        {"hmac", "--prefix", "u_"},
        {"cryptopan", "--format", "text", "--decrypt"},
    };
    for (String[] c : conflicts) {
      List<String> args = new ArrayList<>(List.of(c[0], "--policy", "bundled:htcondor", "--field", "Owner",
          "--key-file", key.toString(), "--manifest", fpeManifest.toString()));
      args.addAll(List.of(c).subList(1, c.length));
      Ran r = anonkit("", args.toArray(String[]::new));
      assertThat(r.exit()).as(String.join(" ", c) + "\n" + r.err()).isEqualTo(2);
      assertThat(r.err()).contains("--policy");
    }
    Ran vector = anonkit("", "fpe", "--policy", "bundled:htcondor", "--key-hex", "2B7E151628AED2A6ABF7158809CF4F3C",
        "--radix", "10", "--decrypt");
    assertThat(vector.exit()).isEqualTo(2);
    Ran neither = anonkit("", "fpe", "--policy", "bundled:htcondor", "--key-file", key.toString(), "--decrypt");
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(neither.err()).contains("--field NAME or --domain D");
    Ran modeAlone = anonkit("", "fpe", "--mode", "fpe", "--transformer", "ff1", "--domain", "user", "--key-file",
        key.toString(), "--decrypt");
    assertThat(modeAlone.exit()).isEqualTo(2);
    assertThat(modeAlone.err()).contains("--mode goes with --policy");
  }

  @Test
  void domainWhoseRulesDiffer_isRefused_listingTheFields() throws IOException {
    Path p = tmp.resolve("two-user-rules.json");
    Files.writeString(p, "{\"name\": \"two\", \"default\": \"drop\", \"fields\": {"
        + "\"Owner\": {\"transformer\": \"ff1\", \"params\": {\"alphabet\": \"alphanumeric\"}, \"domain\": \"user\"},"
        + "\"OsUser\": {\"transformer\": \"ff1\", \"params\": {\"alphabet\": \"lowercase\"}, \"domain\": \"user\"},"
        + "\"RemoteOwner\": {\"transformer\": \"ff1\", \"params\": {\"alphabet\": \"alphanumeric\"}, \"domain\": \"user\"}}}");
    Ran r = anonkit("", "fpe", "--policy", p.toString(), "--domain", "user", "--key-file", key.toString(), "--decrypt");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("the rules of domain 'user' in policy 'two' (mode hmac) differ",
        "field 'Owner', field 'RemoteOwner'", "field 'OsUser'", "--field NAME", "[Owner, OsUser, RemoteOwner]");
    // one of them, chosen by --field: round trip with the explicit form of the same rule
    Ran enc2 = anonkit("jdoemx\n", "fpe", "--policy", p.toString(), "--field", "osuser", "--key-file", key.toString(),
        "--encrypt");
    Ran dec2 = anonkit(enc2.out(), "fpe", "--transformer", "ff1", "--param", "alphabet=lowercase", "--domain", "user",
        "--key-file", key.toString(), "--decrypt");
    assertThat(dec2.out()).as(dec2.err()).isEqualTo("jdoemx\n");
    assertThat(enc2.out()).isNotEqualTo("jdoemx\n").hasSize(7);
  }

  /**
   * Review 45: a scrub-text handler without a domain of its own takes its rule's, so its tokens are in that
   * domain too; it was left out, and --domain user decrypted them with Owner's rule: plausible wrong values,
   * exit 0. Now the two rules of the domain are compared, and differ.
   */
  @Test
  void domainWithAHandlerInheritingItsRulesDomain_isCompared() throws IOException {
    Path p = tmp.resolve("inherited-domain.json");
    Files.writeString(p, "{\"name\": \"t1\", \"default\": {\"transformer\": \"scrub-text\", \"domain\": \"user\", "
        + "\"params\": {\"user\": {\"transformer\": \"ff1\", \"params\": {\"alphabet\": \"lowercase\"}}}},"
        + "\"fields\": {\"Owner\": {\"transformer\": \"ff1\", \"params\": {\"alphabet\": \"alphanumeric\"}, "
        + "\"domain\": \"user\"}}, \"dictionary\": {\"fields\": [\"Owner\"]}}");
    Ran r = anonkit("vndjlmysh\n", "fpe", "--policy", p.toString(), "--domain", "user", "--key-file", key.toString(),
        "--decrypt");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("the rules of domain 'user' in policy 't1' (mode hmac) differ",
        "scrub-text's user handler of the default rule", "field 'Owner'");
  }

  private Ran anonkit(String stdin, String... words) {
    Ran r = KeyHolderCommands.run(stdin, words);
    errors.add(r.err());
    return r;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** Each JSON line's top-level scalars as text (strings unescaped, numbers as written). */
  static List<Map<String, String>> records(Path file) throws IOException {
    JsonFactory json = new JsonFactory();
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, String> r = new LinkedHashMap<>();
      try (JsonParser p = json.createParser(ObjectReadContext.empty(), line)) {
        assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          JsonToken t = p.nextToken();
          if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
            r.put(name, p.getString());
          } else {
            p.skipChildren();
          }
        }
      }
      out.add(r);
    }
    return out;
  }
}
