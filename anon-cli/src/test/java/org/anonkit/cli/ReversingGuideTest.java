package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.anonkit.cli.KeyHolderCommands.Ran;
import org.anonkit.config.KeyFiles;
import org.anonkit.key.MasterKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/reversing.md, applied: a {@code run --mode fpe} with the shipped policy on hand-written ads with
 * known values, then every command of the page, as the page writes it ({@code $K} and {@code $M} replaced
 * by the key file and the manifest, {@code $P} by {@code bundled:htcondor} and by the policy file, the
 * page's example token by the token read from {@code share/}), gets every clear value back (review 41
 * F2/F4): the {@code --policy} form the page leads with, and the explicit form it keeps as a fallback.
 */
class ReversingGuideTest {
  @TempDir Path tmp;
  Path out;
  Path key;
  MasterKey master;
  List<String> page;
  List<String> records;

  /** Long enough names (at least 4 characters), no '.', '_' or '-' in user names. */
  static final String ADS = String.join("\n",
      "{\"GlobalJobId\":\"schedd01.fnal.gov#100.0#1700000000\",\"ClusterId\":100,\"ProcId\":0,\"Owner\":\"jdoe\","
          + "\"User\":\"jdoe@fnal.gov\",\"AcctGroupUser\":\"jdoe\",\"AccountingGroup\":\"group_dune.jdoe\","
          + "\"x509userproxysubject\":\"/DC=org/DC=cilogon/C=US/O=Fermi National Accelerator Laboratory/OU=People/CN=Jane Doe/CN=UID:jdoe\","
          + "\"JobsubClientDN\":\"CN=Jane Doe,UID=jdoe,OU=People,DC=fnal,DC=gov\",\"x509UserProxyEmail\":\"jdoe@fnal.gov\","
          + "\"JobsubClientIpAddress\":\"131.225.10.7\",\"RemoteHost\":\"slot1_2@wn042.fnal.gov\","
          + "\"HoldReason\":\"Error from slot1_2@wn042.fnal.gov: Failed to open '/home/mrasmuss/data.txt' as user mrasmuss "
          + "(by user mrasmuss) from 131.225.67.9; call 630-840-3000 or mail mrasmuss@cern.ch\","
          + "\"Iwd\":\"/home/jdoe/work\",\"Environment\":\"GRID_USER=jdoe HOME=/home/jdoe\",\"JobStatus\":4,\"ExitCode\":1,"
          + "\"NotifyUser\":\"jdoe@fnal.gov\",\"AuthTokenSubject\":\"jdoe@fnal.gov\"}",
      "{\"GlobalJobId\":\"schedd01.fnal.gov#100.1#1700000000\",\"ClusterId\":100,\"ProcId\":1,\"Owner\":\"ab\","
          + "\"User\":\"ab@fnal.gov\",\"AcctGroupUser\":\"ab\",\"x509userproxysubject\":\"/DC=org/CN=Al Bo/CN=UID:ab\","
          + "\"JobsubClientIpAddress\":\"131.225.10.8\",\"RemoteHost\":\"slot1@wn7.fnal.gov\",\"HoldReason\":\"user mrasmuss\","
          + "\"JobStatus\":4,\"ExitCode\":0}",
      "{\"GlobalJobId\":\"schedd01.fnal.gov#100.2#1700000000\",\"ClusterId\":100,\"ProcId\":2,\"Owner\":\"MRasmuss\","
          + "\"User\":\"MRasmuss@fnal.gov\",\"AcctGroupUser\":\"MRasmuss\","
          + "\"x509userproxysubject\":\"/DC=org/CN=Mia Rasmussen/CN=UID:mrasmuss\",\"JobsubClientIpAddress\":\"2001:db8::1\","
          + "\"RemoteHost\":\"slot1@wn7.fnal.gov\",\"Environment\":\"SUDO_USER=jane.doe\",\"JobStatus\":4,\"ExitCode\":0}",
      "");

  @BeforeEach
  void runFpe() throws IOException {
    Path in = tmp.resolve("ads.jsonl");
    Files.writeString(in, ADS);
    key = tmp.resolve("key.json");
    master = MasterKey.generateWithFingerprint("key-2026-11-27", new SecureRandom());
    KeyFiles.write(master, key);
    out = tmp.resolve("o");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = new CommandLine(new RunCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)))
        .execute("--policy", "bundled:htcondor", "--in", in.toString(), "--out", out.toString(), "--key-file",
            key.toString(), "--mode", "fpe", "--no-vectors", "--threads", "1");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    try (Stream<Path> data = Files.list(out.resolve("share/data"))) {
      Path file = data.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
      records = Files.readAllLines(file);
    }
    assertThat(records).hasSize(3);
    page = Files.readAllLines(Path.of("..", "docs", "reversing.md"));
  }

  @Test
  void everyCommandOfThePage_givesEveryClearValueBack() throws IOException {
    String r0 = records.get(0);
    String r1 = records.get(1);
    String r2 = records.get(2);
    // tokens read from share/, by where they stand
    String owner = field(r0, "Owner");
    String mailLocal = group(field(r0, "HoldReason"), "mail ([^@ ]+)@");
    String mailDomain = group(field(r0, "HoldReason"), "mail [^@ ]+@(\\S+)$");
    String homeUser = group(field(r0, "HoldReason"), "/home/([^/]+)/");
    String byUser = group(field(r0, "HoldReason"), "\\(by user ([^)]+)\\)");
    String slashUid = group(field(r0, "x509userproxysubject"), "/CN=UID:(.+)$");
    String commaUid = group(field(r0, "JobsubClientDN"), ",UID=([^,]+),");
    String slashCn = group(field(r0, "x509userproxysubject"), "/CN=([^/]+)/CN=UID:");
    String commaCn = group(field(r0, "JobsubClientDN"), "^CN=([^,]+),");
    String grid = group(field(r0, "Environment"), "GRID_USER=(\\S+)");
    String acct = group(field(r0, "AccountingGroup"), "^group_dune\\.(.+)$");
    String userDomain = group(field(r0, "User"), "@(.+)$");
    String schedd = group(field(r0, "GlobalJobId"), "^([^#]+)#");
    String slotHost = field(r0, "RemoteHost");
    String phone = group(field(r0, "HoldReason"), "call (\\S+) or");
    String textIp = group(field(r0, "HoldReason"), "from (\\S+);");
    String ip = field(r0, "JobsubClientIpAddress");
    String u32 = group(r0, "\"JobsubClientIpAddress_u32\":([0-9]+)");
    String ipv6 = field(r2, "JobsubClientIpAddress");
    String mixedCaseOwner = field(r2, "Owner");
    String dotted = group(field(r2, "Environment"), "SUDO_USER=(\\S+)");
    assertThat(dotted).hasSize(8).contains(".").doesNotContain("jane"); // separators kept: xxxx.yyy
    String shortOwner = field(r1, "Owner");
    assertThat(List.of(owner, mailLocal, homeUser, slashUid, commaUid, grid, acct, mixedCaseOwner))
        .doesNotContain("jdoe", "mrasmuss", "MRasmuss");

    Map<String, List<String[]>> expected = new LinkedHashMap<>(); // command of the page -> token, clear
    List<String[]> userPairs = List.of(new String[] {owner, "jdoe"}, new String[] {mailLocal, "mrasmuss"},
        new String[] {homeUser, "mrasmuss"}, new String[] {byUser, "mrasmuss"}, new String[] {slashUid, "jdoe"},
        new String[] {commaUid, "jdoe"}, new String[] {grid, "jdoe"}, new String[] {acct, "jdoe"},
        new String[] {mixedCaseOwner, "mrasmuss"}, new String[] {dotted, "jane.doe"});
    List<String[]> hostPairs = List.of(new String[] {mailDomain, "cern.ch"}, new String[] {userDomain, "fnal.gov"},
        new String[] {schedd, "schedd01.fnal.gov"}, new String[] {slotHost, "slot1_2@wn042.fnal.gov"});
    List<String[]> ipPairs = List.of(new String[] {ip, "131.225.10.7"}, new String[] {textIp, "131.225.67.9"},
        new String[] {ipv6, "2001:db8::1"});
    List<String[]> u32Pairs = List.<String[]>of(
        new String[] {u32, Long.toString((131L << 24) | (225 << 16) | (10 << 8) | 7)});
    List<String[]> phonePairs = List.<String[]>of(new String[] {phone, "630-840-3000"});
    // the --policy form, which the page leads with
    String users = "fpe --policy $P --domain user --key-file $K --manifest $M --decrypt";
    expected.put(users, userPairs);
    expected.put("fpe --policy $P --domain host --key-file $K --manifest $M --decrypt", hostPairs);
    expected.put("cryptopan --policy $P --domain ip --key-file $K --manifest $M --decrypt", ipPairs);
    expected.put("cryptopan --policy $P --field JobsubClientIpAddress_u32 --key-file $K --manifest $M --decrypt",
        u32Pairs);
    expected.put("fpe --policy $P --domain phone --key-file $K --manifest $M --decrypt", phonePairs);
    // the explicit form, the fallback without the policy file
    expected.put("fpe --transformer ff1 --domain user --param alphabet=alphanumeric --param separators=._- "
        + "--key-file $K --manifest $M --decrypt", userPairs);
    expected.put("fpe --transformer hostname --domain host --key-file $K --manifest $M --decrypt", hostPairs);
    expected.put("cryptopan --key-file $K --manifest $M --decrypt", ipPairs);
    expected.put("cryptopan --format uint32 --key-file $K --manifest $M --decrypt", u32Pairs);
    expected.put("fpe --transformer phone --domain phone --key-file $K --manifest $M --decrypt", phonePairs);

    // the page's `echo TOKEN | anonkit ...` lines
    Pattern echo = Pattern.compile("^echo (\\S+) \\| anonkit (.+)$");
    List<String> commands = new ArrayList<>();
    for (String line : page) {
      Matcher m = echo.matcher(line);
      if (m.matches()) {
        commands.add(m.group(2));
      }
    }
    assertThat(commands).containsAll(expected.keySet());
    for (Map.Entry<String, List<String[]>> e : expected.entrySet()) {
      StringBuilder tokens = new StringBuilder();
      StringBuilder clear = new StringBuilder();
      for (String[] pair : e.getValue()) {
        tokens.append(pair[0]).append('\n');
        clear.append(pair[1]).append('\n');
      }
      for (String policy : POLICIES) {
        Ran r = anonkit(e.getKey(), tokens.toString(), policy);
        assertThat(r.out()).as(e.getKey() + "\n" + r.err()).isEqualTo(clear.toString());
        assertThat(r.exit()).as(e.getKey()).isZero();
        assertThat(r.err()).as(e.getKey()).isEmpty(); // no note: every command gives the domain
      }
    }

    // CN: hmac of domain name over the dictionary's names, looked up
    String cnCommand = "hmac --policy $P --domain name --key-file $K --manifest $M";
    assertThat(page).anyMatch(l -> l.startsWith("anonkit " + cnCommand + " < names.txt | paste - names.txt"));
    String cnExplicit = "hmac --domain name --key-file $K --manifest $M";
    assertThat(page).contains("anonkit " + cnExplicit + " < names.txt");
    List<String> names = Files.readAllLines(out.resolve("private/dictionary.txt")).stream()
        .filter(l -> !l.startsWith("#")).toList();
    assertThat(slashCn).isEqualTo(commaCn);
    for (String command : List.of(cnCommand, cnExplicit)) {
      for (String policy : POLICIES) {
        Ran cn = anonkit(command, String.join("\n", names) + "\n", policy);
        List<String> cnTokens = cn.out().lines().toList();
        assertThat(cnTokens).as(command).hasSameSizeAs(names);
        assertThat(names.get(cnTokens.indexOf(slashCn))).as(command).isEqualTo("jane doe");
      }
    }

    // what does not reverse: hmac tokens of other domains, found by tokenizing candidates
    String subjectCommand = "hmac --policy $P --field AuthTokenSubject --key-file $K --manifest $M";
    assertThat(String.join("\n", page)).contains("`anonkit " + subjectCommand + " < candidates.txt`");
    for (String policy : POLICIES) {
      Ran subject = anonkit(subjectCommand, "jdoe@cern.ch\njdoe@fnal.gov\n", policy);
      assertThat(subject.out().lines().toList()).as(subject.err()).element(1).isEqualTo(field(r0, "AuthTokenSubject"));
      assertThat(subject.out().lines().toList().get(0)).isNotEqualTo(field(r0, "AuthTokenSubject"));
    }

    // short values: the Owner mapping, and encrypting candidates
    assertThat(shortOwner.length()).isLessThanOrEqualTo(3);
    assertThat(page).contains("grep ',o3,' private/mapping-owner.csv");
    assertThat(Files.readAllLines(out.resolve("private/mapping-owner.csv")))
        .anyMatch(l -> l.contains("," + shortOwner + ",") && l.endsWith(",ab"));
    Ran shortDecrypt = anonkit(users, shortOwner + "\n", POLICIES.get(0));
    assertThat(shortDecrypt.exit()).isEqualTo(1);
    assertThat(shortDecrypt.out()).isEqualTo("\n");
    String candidates = "fpe --policy $P --domain user --key-file $K --manifest $M --encrypt";
    assertThat(page).anyMatch(l -> l.startsWith("anonkit " + candidates + " < accounts.txt | paste - accounts.txt"));
    String candidatesExplicit = "fpe --transformer ff1 --domain user --param alphabet=alphanumeric --param "
        + "shortValues=hmac --param separators=._- --key-file $K --manifest $M --encrypt";
    assertThat(page).contains("anonkit " + candidatesExplicit + " < accounts.txt");
    for (String command : List.of(candidates, candidatesExplicit)) {
      for (String policy : POLICIES) {
        Ran enc = anonkit(command, "zz\nab\ncarol smith\nmrasmuss\n", policy);
        List<String> encrypted = enc.out().lines().toList();
        assertThat(encrypted).as(command).hasSize(4);
        assertThat(encrypted.get(1)).isEqualTo(shortOwner);
        assertThat(encrypted.get(2)).isEmpty(); // a name with a blank: an empty line, the columns stay aligned
        assertThat(encrypted.get(3)).isEqualTo(mixedCaseOwner);
      }
    }
    // the --policy form spells candidates as the run does: MRasmuss gets mrasmuss's token
    Ran folded = anonkit(candidates, "MRasmuss\n", POLICIES.get(1));
    assertThat(folded.out()).isEqualTo(mixedCaseOwner + "\n");

    // the page's inline advice for hosts and RemoteHost
    assertThat(String.join("\n", page)).contains("`--field RemoteHost` is refused");
    Ran remoteHost = anonkit("fpe --policy $P --field RemoteHost --key-file $K --manifest $M --decrypt",
        slotHost + "\n", POLICIES.get(0));
    assertThat(remoteHost.exit()).isEqualTo(2);
    assertThat(remoteHost.err()).contains("scrub-text", "host: hostname in domain host").doesNotContain("wn042");
  }

  @Test
  void emailAndDnTransformers_doNotDecryptARunsValues_andSaySo() {
    String email = field(records.get(0), "NotifyUser");
    Ran r = anonkit("fpe --transformer email --field NotifyUser --key-file $K --manifest $M --decrypt", email + "\n");
    assertThat(r.out().trim()).isNotEqualTo("jdoe@fnal.gov"); // review 41 F2: wrong values ...
    assertThat(r.err()).contains("warning: --transformer email").contains("docs/reversing.md"); // ... now with a warning
    assertThat(String.join("\n", page)).contains("Do not use `anonkit fpe --transformer email`")
        .contains("Do not use `anonkit fpe --transformer dn`");
  }


  /** What the page's {@code $P} stands for: the run was given the bundled policy, byte for byte the file. */
  static final List<String> POLICIES = List.of("bundled:htcondor",
      Path.of("..", "examples", "policies", "htcondor.json").toString());

  private Ran anonkit(String command, String stdin) {
    return anonkit(command, stdin, POLICIES.get(0));
  }

  /** Runs one of the page's commands (after "anonkit "), with $K, $M and $P replaced. */
  private Ran anonkit(String command, String stdin, String policy) {
    return KeyHolderCommands.run(stdin, command.replace("$K", key.toString()).replace("$P", policy)
        .replace("$M", out.resolve("share/manifest.json").toString()).split(" "));
  }

  /** A string field of a JSON line (the values here hold no escapes but \" and \\/, which are undone). */
  private static String field(String json, String name) {
    return group(json, "\"" + Pattern.quote(name) + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").replace("\\/", "/").replace("\\\"", "\"");
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in " + text.length() + " characters").isTrue();
    return m.group(1);
  }
}
