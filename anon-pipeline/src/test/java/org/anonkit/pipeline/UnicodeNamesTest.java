package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names outside ASCII through the whole pipeline, with the shipped HTCondor policy and the real
 * transformers: collected by the dictionary pass (or supplied), found in free text in any case, and
 * replaced by the token their ASCII counterparts' rules give them; none reaches {@code share/}.
 */
class UnicodeNamesTest {
  private static final MasterKey KEY = MasterKey.generate("unicode-test", new SecureRandom());
  /** Whole-word, case-insensitive in any script: how the leak checks below look for a clear name. */
  private static final int WORD = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

  @TempDir static Path tmp;
  static Policy policy;

  @BeforeAll
  static void setUp() throws IOException {
    policy = PolicyJson.read(HtcondorPolicyTest.policyFile());
  }

  private static Pipeline.Builder builder() {
    return Pipeline.builder(policy).key(KEY).threads(2);
  }

  private static List<String> outputLines(RunReport r) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path f : r.dataFiles()) {
      lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
    }
    return lines;
  }

  private static String field(String jsonLine, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(jsonLine);
    assertThat(m.find()).as("field %s in an output record", name).isTrue();
    return m.group(1);
  }

  private static boolean mentions(String text, String name) {
    return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}])", WORD)
        .matcher(text).find();
  }

  /**
   * A second audit: the user-name places (paths, KEY=, "by user") stopped at the first accent, leaving
   * the token of "j" followed by "ürgen" in clear; an e-mail's non-ASCII local part cut the address, so
   * its domain stayed in clear.
   */
  @Test
  void run_nonAsciiNamesInUserPlacesAndEmails_wholeNameReplaced_domainToo() throws IOException {
    Path in = Files.writeString(tmp.resolve("places.jsonl"), String.join("\n",
        "{\"Owner\":\"jürgen\",\"Environment\":\"HOME=/home/jürgen USER=jürgen GRID_USER=jürgen\","
            + "\"Args\":\"(by user jürgen) /nashome/a/andré/work /home/josé/x\",\"NotifyUser\":\"renée@cern.ch\","
            + "\"HoldReason\":\"mail renée@cern.ch or josé@fnal.gov\"}",
        "{\"Owner\":\"andré\",\"User\":\"josé@fnal.gov\"}", ""), StandardCharsets.UTF_8);
    RunReport r = builder().build().run(List.of(in), tmp.resolve("places-out"));
    List<String> lines = outputLines(r);
    String owner = field(lines.get(0), "Owner");
    String env = field(lines.get(0), "Environment");
    assertThat(env).isEqualTo("HOME=/home/" + owner + " USER=" + owner + " GRID_USER=" + owner);
    String args = field(lines.get(0), "Args");
    assertThat(args).startsWith("(by user " + owner + ") /nashome/a/" + field(lines.get(1), "Owner") + "/work /home/");
    for (String l : lines) {
      for (String clear : List.of("jürgen", "ürgen", "andré", "josé", "renée", "cern.ch", "fnal.gov")) {
        assertThat(mentions(l, clear) || l.contains(clear)).as("%s in %s", clear, l).isFalse();
      }
    }
  }

  /** A review: names with combining marks (decomposed accents, Indic vowel signs) were still cut. */
  @Test
  void run_namesWithCombiningMarks_wholeNameReplaced_noPrefixMatchInsideALongerName() throws IOException {
    String renee = "rene\u0301e"; // renée with the accent written apart, as macOS writes file names
    String amit = "\u0905\u092e\u093f\u0924"; // अमित: the vowel sign is a combining mark
    Path in = Files.writeString(tmp.resolve("marks.jsonl"), String.join("\n",
        "{\"Owner\":\"" + renee + "\",\"Args\":\"/home/" + renee + "/x USER=" + renee + " mail " + renee
            + "@example.org\"}",
        "{\"Owner\":\"" + amit + "\",\"Args\":\"/home/" + amit + "/x USER=" + amit + " x509cc_" + amit
            + "_Analysis mail " + amit + "@example.org\"}",
        "{\"Owner\":\"jose\",\"HoldReason\":\"jose\u0301 is another user than jose\"}",
        "{\"Owner\":\"élodie\",\"Args\":\"/tmp/x509up_élodie\"}", ""), StandardCharsets.UTF_8);
    RunReport r = builder().build().run(List.of(in), tmp.resolve("marks-out"));
    List<String> lines = outputLines(r);
    for (int k = 0; k < 2; k++) {
      String owner = field(lines.get(k), "Owner");
      String args = field(lines.get(k), "Args");
      assertThat(args).startsWith("/home/" + owner + "/x USER=" + owner + " ");
      assertThat(args).doesNotContain("example.org").doesNotContain("\u0301").doesNotContain("\u093f");
    }
    assertThat(field(lines.get(1), "Args")).contains("x509cc_" + field(lines.get(1), "Owner") + "_Analysis");
    // "jose" is a dictionary name; "jose\u0301" is another word, not "jose" followed by a stray accent
    String hold = field(lines.get(2), "HoldReason");
    assertThat(hold).startsWith("jose\u0301 is another user than ").doesNotEndWith(" jose");
    assertThat(field(lines.get(3), "Args")).isEqualTo("/tmp/x509up_" + field(lines.get(3), "Owner"));
  }

  /** The audit's reproduction: josé in a hold reason kept in clear while bobby was replaced. */
  @Test
  void run_nonAsciiOwnerInFreeText_replacedByTheOwnerTokenInAnyCase() throws IOException {
    Path in = Files.writeString(tmp.resolve("owners.jsonl"), String.join("\n",
        "{\"Owner\":\"josé\",\"HoldReason\":\"held by josé at noon\"}",
        "{\"Owner\":\"bobby\",\"HoldReason\":\"held by bobby at noon\"}",
        "{\"Owner\":\"carol\",\"HoldReason\":\"JOSÉ asked José; josée and éjosé are other words\"}",
        "{\"Owner\":\"ΣΟΦΟΣ\",\"HoldReason\":\"σοφος, Σοφος and ΣΟΦΟΣ: one user; 王伟明 is not in the dictionary\"}",
        "{\"Owner\":\"王伟明\",\"HoldReason\":\"王伟明 held it\"}", ""), StandardCharsets.UTF_8);
    Path out = tmp.resolve("owners-out");
    RunReport r = builder().build().run(List.of(in), out);
    List<String> lines = outputLines(r);
    assertThat(lines).hasSize(5);
    String jose = field(lines.get(0), "Owner");
    String bobby = field(lines.get(1), "Owner");
    String sofos = field(lines.get(3), "Owner");
    String wang = field(lines.get(4), "Owner");
    assertThat(field(lines.get(0), "HoldReason")).isEqualTo("held by " + jose + " at noon");
    assertThat(field(lines.get(1), "HoldReason")).isEqualTo("held by " + bobby + " at noon");
    assertThat(field(lines.get(2), "HoldReason"))
        .isEqualTo(jose + " asked " + jose + "; josée and éjosé are other words");
    // the Owner field is tokenized in the folded spelling free text's matches get (σοφοσ), as an Owner
    // "JDoe" is as "jdoe": the three spellings in text get the Owner's token
    String t = field(lines.get(3), "HoldReason");
    Matcher m = Pattern.compile("(\\w+), (\\w+) and (\\w+): one user; (\\w+) is not in the dictionary").matcher(t);
    assertThat(m.matches()).as(t).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2)).isEqualTo(m.group(3)).isEqualTo(sofos);
    assertThat(m.group(4)).as("王伟明 is in the dictionary: Owner of the next record").isEqualTo(wang);
    assertThat(field(lines.get(4), "HoldReason")).isEqualTo(wang + " held it");
    for (String line : lines) {
      for (String name : List.of("josé", "bobby", "σοφοσ", "王伟明")) {
        assertThat(mentions(line, name)).as("%s in %s", name, line).isFalse();
      }
    }
    // the dictionary file: UTF-8, folded, sorted by UTF-16 code units
    List<String> dict = Files.readAllLines(out.resolve("private").resolve(Pipeline.DICTIONARY_FILE),
        StandardCharsets.UTF_8);
    assertThat(dict.subList(1, dict.size())).containsExactly("bobby", "carol", "josé", "σοφοσ", "王伟明");
  }

  /** A JSON ad of {@code owner} whose proxy DN has the CN full name {@code cn} (JSON-escaped as given). */
  private static String dnAd(String owner, String cn, String holdReason) {
    return "{\"Owner\":\"" + owner + "\",\"x509userproxysubject\":\"/DC=org/DC=cilogon/C=US/O=Lab/OU=People/CN="
        + cn + "/CN=UID:" + owner + "\",\"HoldReason\":\"" + holdReason + "\"}";
  }

  /** A full name from a DN's CN, with and without accents: scrubbed alike in free text. */
  @Test
  void run_fullNameFromDnCn_scrubbedInFreeTextLikeItsAsciiCounterpart() throws IOException {
    Path in = Files.writeString(tmp.resolve("dns.jsonl"), String.join("\n",
        dnAd("jmueller", "Jürgen Müller", "Jürgen Müller is over quota; JÜRGEN MÜLLER again; Jürgen Müllers is not him"),
        dnAd("jsmith", "Jurgen Smith", "Jurgen Smith is over quota; JURGEN SMITH again; Jurgen Smiths is not him"),
        "{\"Owner\":\"dave\",\"HoldReason\":\"mail from jürgen müller\"}", ""), StandardCharsets.UTF_8);
    RunReport r = builder().build().run(List.of(in), tmp.resolve("dns-out"));
    List<String> lines = outputLines(r);
    String reason = "(\\w+) is over quota; (\\w+) again; %s is not him";
    for (int i = 0; i < 2; i++) {
      String owner = field(lines.get(i), "Owner");
      Matcher m = Pattern.compile(String.format(reason, i == 0 ? "Jürgen Müllers" : "Jurgen Smiths"))
          .matcher(field(lines.get(i), "HoldReason"));
      assertThat(m.matches()).as(lines.get(i)).isTrue();
      assertThat(m.group(1)).isEqualTo(m.group(2)).isNotEqualTo(owner);
      assertThat(field(lines.get(i), "x509userproxysubject"))
          .matches("/DC=org/DC=cilogon/C=US/O=Lab/OU=People/CN=\\w+/CN=UID:" + owner);
      if (i == 0) {
        assertThat(field(lines.get(2), "HoldReason")).isEqualTo("mail from " + m.group(1));
      }
    }
    for (String line : lines) {
      for (String name : List.of("jürgen", "müller", "jurgen", "smith", "jmueller", "jsmith")) {
        String others = line.replace("Jürgen Müllers is not him", "").replace("Jurgen Smiths is not him", "");
        assertThat(mentions(others, name)).as("%s in %s", name, line).isFalse();
      }
    }
  }

  /**
   * A CN full name written with a no-break space or a tab: the dictionary pass took only ' ' for a name's
   * white space, so it dropped the name, and the name stayed in clear in free text.
   */
  @Test
  void run_fullNameFromDnCnWithOtherWhiteSpace_collectedAndScrubbedInFreeText() throws IOException {
    Path in = Files.writeString(tmp.resolve("ws-dns.jsonl"), String.join("\n",
        dnAd("kbraun", "Karla\u00A0Braunfeld", "ask Karla Braunfeld"),
        dnAd("tweiss", "Till\\tWeissacker", "ask Till Weissacker"), ""), StandardCharsets.UTF_8);
    RunReport r = builder().build().run(List.of(in), tmp.resolve("ws-dns-out"));
    List<String> lines = outputLines(r);
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      for (String name : List.of("karla", "braunfeld", "till", "weissacker")) {
        assertThat(mentions(line, name)).as("%s in %s", name, line).isFalse();
      }
    }
  }

  /** {@code --dictionary}: a supplied non-ASCII name is scrubbed, and a single pass verifies it in any case. */
  @Test
  void run_suppliedNonAsciiNames_scrubbedAndVerifiedCaseInsensitively() throws IOException {
    Path in = Files.writeString(tmp.resolve("supplied.jsonl"), String.join("\n",
        "{\"Owner\":\"carol\",\"HoldReason\":\"ask Zoë or ZOË; İrem too\"}",
        "{\"Owner\":\"josé\",\"HoldReason\":\"held\"}", ""), StandardCharsets.UTF_8);
    RunReport two = builder().dictionary(List.of("Zoë", "İREM")).build().run(List.of(in), tmp.resolve("sup-2"));
    List<String> lines = outputLines(two);
    Matcher m = Pattern.compile("ask (\\w+) or (\\w+); (\\w+) too").matcher(field(lines.get(0), "HoldReason"));
    assertThat(m.matches()).as(lines.get(0)).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2)).isNotEqualTo(m.group(3));
    List<String> dict = Files.readAllLines(tmp.resolve("sup-2/private").resolve(Pipeline.DICTIONARY_FILE),
        StandardCharsets.UTF_8);
    assertThat(dict.subList(1, dict.size())).containsExactly("carol", "irem", "josé", "zoë");

    // the next batch, single pass, with the file's names in upper case: verified, same bytes
    List<String> upper = new ArrayList<>();
    for (String n : dict.subList(1, dict.size())) {
      upper.add(n.toUpperCase(java.util.Locale.ROOT));
    }
    RunReport one = builder().dictionary(upper).singlePass(true).build().run(List.of(in), tmp.resolve("sup-1"));
    assertThat(one.singlePass()).isTrue();
    assertThat(outputLines(one)).isEqualTo(lines);
  }

  /** Review 45: a name with an apostrophe was no dictionary name, so free text kept it in clear. */
  @Test
  void namesFrom_apostrophes_partOfTheName() {
    ScrubDictionary d = ScrubDictionary.of(policy);
    TreeSet<String> names = new TreeSet<>();
    d.namesFrom("/DC=org/DC=cilogon/C=US/O=Lab/CN=Sean O'Neil/CN=UID:soneil", names);
    d.namesFrom("CN=Kate O'Brien,OU=People,DC=org", names);
    d.namesFrom("jean.o\u2019brien@example.org", names);
    assertThat(names).contains("sean o'neil", "soneil", "kate o'brien", "jean.o\u2019brien");
  }

  @Test
  void namesFrom_nonAsciiValues_keptFoldedWithTheirMarks() {
    ScrubDictionary d = ScrubDictionary.of(policy);
    TreeSet<String> names = new TreeSet<>();
    d.namesFrom("José", names);
    d.namesFrom("zoë@example.org", names);
    d.namesFrom("/DC=org/DC=cilogon/C=US/O=Lab/CN=Jürgen Müller/CN=UID:jmüller", names);
    d.namesFrom("अमित", names); // a spacing vowel sign (a combining mark), not a letter
    d.namesFrom("\uD801\uDC00\uD801\uDC01", names); // Deseret, outside the BMP
    d.namesFrom("王伟", names); // two characters: below minLength 3, as "ab" is
    d.namesFrom("x\uD801y", names); // an unpaired surrogate: not a name
    d.namesFrom("jo$é", names);
    // white space in a CN read as the dictionary reads it: one space, whatever its kind or length
    d.namesFrom("/DC=org/CN=Ana\u00A0Lima/CN=UID:alima", names);
    d.namesFrom("/DC=org/CN=Ana  Lima", names);
    d.namesFrom("/DC=org/CN=Rui\tCosta", names);
    assertThat(names).containsExactly("alima", "ana lima", "jmüller", "josé", "jürgen müller", "rui costa", "zoë", "अमित",
        "\uD801\uDC28\uD801\uDC29");
  }

  /**
   * The dictionary pass reads a DN's names in RFC 4514's comma form as the slash form's: blanks around '=',
   * keys in any case, quoted values and escapes, and "Last, First" collected as "First Last" (review 38: such
   * names were missed, so the same name elsewhere in free text stayed in clear).
   */
  @Test
  void namesFrom_commaFormDns_escapesQuotesBlanksAndLastNameFirst() {
    ScrubDictionary d = ScrubDictionary.of(policy);
    TreeSet<String> names = new TreeSet<>();
    d.namesFrom("C = US, O = Fermilab, OU = People, CN = Jane Roe", names);
    d.namesFrom("CN=Doe\\, Mary,OU=People,DC=org", names);
    d.namesFrom("CN=\"Smith, Lee\",OU=People,DC=org", names);
    d.namesFrom("cn=Kate\\20Hill+uid = khill,dc=org", names);
    d.namesFrom("CN=Jane Roe+UID=jroe,O=Org", names);
    d.namesFrom("CN=123456789,CN=UID:proxyuser", names);
    // a key inside a word is none: ACN, fluid
    d.namesFrom("/DC=org/OU=ACN=Xavier Yu/OU=fluid=dynamics/CN=UID:xyu", names);
    assertThat(names).containsExactly("jane roe", "jroe", "kate hill", "khill", "lee smith", "mary doe", "proxyuser",
        "xyu");
  }

  /** A Kerberos principal with an instance gives its primary (review 43: jdoe/cron/host@REALM gave no name). */
  @Test
  void namesFrom_kerberosPrincipalWithInstance_givesItsPrimary() {
    ScrubDictionary d = ScrubDictionary.of(policy);
    TreeSet<String> names = new TreeSet<>();
    d.namesFrom("jdoe/cron/novagpvm01.fnal.gov@FNAL.GOV", names);
    d.namesFrom("mkowalsk@FNAL.GOV", names);
    d.namesFrom("https://cilogon.org/serverA/users/12345", names); // no '@': a URL subject gives nothing
    assertThat(names).containsExactly("jdoe", "mkowalsk");
  }
}
