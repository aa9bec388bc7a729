package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.anonkit.FieldRule;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.RecordFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped policy {@code examples/policies/htcondor.json} with the real transformers found through
 * the SPI (hmac, ip, ff1, hostname, phone on the test class path): leak scans on generated data in
 * both modes, determinism across 1, 2 and 4 threads, and the four real HTCondor samples.
 */
class HtcondorPolicyTest {
  private static final MasterKey KEY = MasterKey.generate("htcondor-test", new SecureRandom());

  @TempDir static Path tmp;
  static Path input;
  static JobGenerator generator;
  static Policy policy;

  @BeforeAll
  static void setUp() throws IOException {
    policy = PolicyJson.read(policyFile());
    generator = JobGenerator.builder().seed(2024).users(80).build();
    input = tmp.resolve("jobs.jsonl");
    generator.write(input, 1000);
  }

  static Path policyFile() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path p = d.resolve("examples/policies/htcondor.json");
      if (Files.exists(p)) {
        return p;
      }
    }
    throw new IllegalStateException("examples/policies/htcondor.json not found above " + Path.of("").toAbsolutePath());
  }

  static RunReport run(Path in, Path out, String mode, int threads) throws IOException {
    return Pipeline.builder(policy).policySource(Files.readAllBytes(policyFile())).mode(mode).key(KEY)
        .threads(threads).chunkBytes(256 << 10).build().run(List.of(in), out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_generatedData_noClearIdentityOutsidePrivate(String mode) throws IOException {
    Path out = tmp.resolve("leak-" + mode);
    RunReport r = run(input, out, mode, 2);
    assertThat(r.rowsIn()).isEqualTo(1000).isEqualTo(r.rowsOut() + r.quarantined());
    List<String> hits = LeakScanner.scan(out.resolve("share"), withoutIpImages(generator.sensitiveValues()));
    assertThat(hits).as("clear identities in share/ (mode %s)", mode).isEmpty();
    // the private half does hold them (the mapping): the scan is not vacuous
    assertThat(LeakScanner.scan(out.resolve("private"), generator.userNames())).isNotEmpty();
    // joins survive: Owner's token appears inside the scrubbed paths and DNs of the same record
    String first = Files.readAllLines(r.dataFiles().get(0)).get(0);
    String owner = first.replaceAll(".*\"Owner\":\"([^\"]+)\".*", "$1");
    assertThat(first).contains("UID:" + owner).contains("GRID_USER=" + owner);
    assertThat(first).containsPattern("\"JobsubClientIpAddress_u32\":\\d+");
  }

  /**
   * An input that already holds the IP's integer twin (an earlier tool's column, or a rerun over an
   * anonymized file): the pipeline appended its own twin beside it, so every JSON record named the
   * field twice, and the input's value, the clear address as an integer that no rule recognizes, went
   * out through the default rule; CSV output refused the run ("column names must be distinct").
   */
  @ParameterizedTest
  @ValueSource(strings = {"jsonl", "csv", "history"})
  void run_inputHoldsTheIpTwin_itIsReplaced_oneFieldNoClearInteger(String outExt) throws IOException {
    long clear = (131L << 24) | (225L << 16) | (171L << 8) | 221L;
    Path in = tmp.resolve("twin-in-" + outExt + ".jsonl");
    Files.writeString(in, ""
        + "{\"Owner\":\"jdoe\",\"JobsubClientIpAddress\":\"131.225.171.221\",\"JobsubClientIpAddress_u32\":" + clear + "}\n"
        + "{\"Owner\":\"jdoe\",\"jobsubclientipaddress_U32\":" + clear + ",\"JobsubClientIpAddress\":\"131.225.171.221\"}\n"
        + "{\"Owner\":\"jdoe\",\"JobsubClientIpAddress_u32\":\"" + clear + "\"}\n");
    Path out = tmp.resolve("twin-" + outExt);
    RunReport r = Pipeline.builder(policy).policySource(Files.readAllBytes(policyFile())).key(KEY).threads(1)
        .vectors(false).outputFormat(outExt.equals("jsonl") ? RecordFormat.JSONL
            : outExt.equals("csv") ? RecordFormat.CSV : RecordFormat.CONDOR)
        .build().run(List.of(in), out);
    assertThat(r.rowsIn()).isEqualTo(3).isEqualTo(r.rowsOut());
    String data = Files.readString(r.dataFiles().get(0));
    assertThat(data).doesNotContain(Long.toString(clear));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)JobsubClientIpAddress_u32").matcher(data);
    int names = 0;
    while (m.find()) {
      names++;
    }
    // one twin per record that has the address (JSON lines, -long), or one column (CSV)
    assertThat(names).isEqualTo(outExt.equals("csv") ? 1 : 2);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of(Long.toString(clear)))).isEmpty();
  }

  /**
   * Field names are case-insensitive: records that spell a field in different cases (Owner, OWNER,
   * owner, as HTCondor versions do) fill one CSV column. The field list kept each spelling as a column
   * of its own, so the values of one field were spread over several columns, and the CSV written could
   * not be read again (its header repeats a name).
   */
  @Test
  void run_csvOutput_fieldSpelledInSeveralCases_oneColumn_readableAgain() throws IOException {
    Path in = tmp.resolve("cases.jsonl");
    Files.writeString(in, "{\"Owner\":\"jdoe\",\"ClusterId\":1}\n"
        + "{\"OWNER\":\"asmith\",\"ClusterId\":2}\n{\"owner\":\"asmith\",\"clusterid\":3}\n");
    Path out = tmp.resolve("cases");
    RunReport r = Pipeline.builder(policy).policySource(Files.readAllBytes(policyFile())).key(KEY).threads(2)
        .vectors(false).outputFormat(RecordFormat.CSV).build().run(List.of(in), out);
    assertThat(r.rowsOut()).isEqualTo(3);
    List<String> lines = Files.readAllLines(r.dataFiles().get(0));
    assertThat(lines.get(0)).isEqualTo("Owner,ClusterId");
    assertThat(lines).hasSize(4);
    for (String row : lines.subList(1, 4)) {
      assertThat(row).matches("[a-z0-9]{16},[123]");
    }
    // anonkit reads its own output again
    RunReport again = Pipeline.builder(policy).policySource(Files.readAllBytes(policyFile())).key(KEY).threads(1)
        .vectors(false).build().run(List.of(r.dataFiles().get(0)), tmp.resolve("cases-again"));
    assertThat(again.rowsOut()).isEqualTo(3);
  }

  /**
   * An input written to while the run reads it (a live history file): the records appended after the
   * dictionary pass were anonymized with a dictionary that lacked their names, so a new user's full
   * name in another record's free text went out in clear, and the run succeeded.
   */
  @Test
  void run_inputAppendedBetweenThePasses_failsAndCommitsNothingOfIt() throws IOException {
    Path a = tmp.resolve("live-a.jsonl");
    Path b = tmp.resolve("live-b.jsonl");
    Files.writeString(a, "{\"Owner\":\"jdoe\",\"ClusterId\":1}\n");
    Files.writeString(b, "{\"Owner\":\"jdoe\",\"ClusterId\":2}\n");
    String appended = "{\"Owner\":\"zqxnew\",\"x509userproxysubject\":\"/DC=org/CN=Zqx Newperson/CN=UID:zqxnew\"}\n"
        + "{\"Owner\":\"jdoe\",\"HoldReason\":\"please ask Zqx Newperson\"}\n";
    // the anonymizing pass reports the first input done before it opens the second: b grows then,
    // after the dictionary pass read it and before the anonymizing pass reads it
    java.io.PrintStream progress = new java.io.PrintStream(new java.io.OutputStream() {
      private boolean appendedOnce;

      @Override
      public void write(int c) throws IOException {
        if (!appendedOnce) {
          appendedOnce = true;
          Files.writeString(b, appended, java.nio.file.StandardOpenOption.APPEND);
        }
      }
    }, true);
    Path out = tmp.resolve("live");
    Pipeline p = Pipeline.builder(policy).policySource(Files.readAllBytes(policyFile())).key(KEY).threads(2)
        .vectors(false).progress(progress).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.run(List.of(a, b), out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("input live-b.jsonl changed during the run")
        .hasMessageNotContaining("Newperson").hasMessageNotContaining("zqxnew");
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("Zqx Newperson", "zqxnew"))).isEmpty();
    try (java.util.stream.Stream<Path> files = Files.list(out.resolve("share/data"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("live-b"));
    }
    assertThat(out.resolve("share/manifest.json")).doesNotExist();
  }

  /**
   * The shipped policy checks its kept fields ({@code "keepCheck": {"values": "scalars"}}): counters and
   * flags stay as written, while text in a kept field (a user's own {@code DESIRED_Sites}, a VO group
   * naming a user, an e-mail where a number belongs, an expression naming the owner) is scrubbed like
   * any free text. Before, every kept value passed in clear (found by {@code CorruptedInputTest}: a
   * damaged record's text ran from Environment into DESIRED_Sites and left GRID_USER=<name> in share/).
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_keptFieldsHoldingText_scrubbed_countersKept(String mode) throws IOException {
    Path in = tmp.resolve("kept-" + mode + ".history");
    Files.writeString(in, ""
        + "Owner = \"jdoe\"\nExitCode = \"jdoe@fnal.gov\"\nDESIRED_Sites = \"FermiGrid,Nebraska,jdoe\"\n"
        + "x509UserProxyFirstFQAN = \"/dune/users/jdoe/Role=NULL/Capability=NULL\"\n"
        + "RequestMemory = ifThenElse(Owner == \"jdoe\" || RemoteHost == \"131.225.7.8\", 4000, 2000)\n"
        + "RequestCpus = 8\nJobStatus = 4\nWantCheckpoint = false\nMATCH_EXP_JOB_Site = \"FermiGrid\"\n\n"
        + "Owner = \"jdoe\"\nExitCode = 0\nRequestMemory = 2048\n");
    Path out = tmp.resolve("kept-out-" + mode);
    RunReport r = run(in, out, mode, 1);
    assertThat(r.rowsOut()).isEqualTo(2);
    String data = Files.readString(r.dataFiles().get(0));
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("jdoe", "jdoe@fnal.gov", "131.225.7.8"))).isEmpty();
    assertThat(data).contains("RequestCpus = 8\n", "JobStatus = 4\n", "WantCheckpoint = false\n", "ExitCode = 0\n",
        "RequestMemory = 2048\n", "MATCH_EXP_JOB_Site = \"FermiGrid\"\n", "DESIRED_Sites = \"FermiGrid,Nebraska,",
        "RequestMemory = ifThenElse(Owner == \"", "Role=NULL/Capability=NULL\"");
    int transformed = RecordAnonymizer.OUTCOMES.indexOf("transformed");
    int kept = RecordAnonymizer.OUTCOMES.indexOf("kept");
    assertThat(r.fieldCounts().get("DESIRED_Sites")[transformed]).isEqualTo(1);
    assertThat(r.fieldCounts().get("RequestMemory")[transformed]).isEqualTo(1);
    assertThat(r.fieldCounts().get("RequestMemory")[kept]).isEqualTo(1);
    assertThat(r.fieldCounts().get("ExitCode")[kept]).isEqualTo(1);
  }

  /**
   * Review 32: a kept numeric vector field whose text the vector encoder reads as a number but keepCheck
   * does not ("-NaN", as Java reads it) went to scrub-text, which made a token of part of it (an owner
   * named "nan"); the anonymized matrix then refused the row and the whole run stopped. Such a value is
   * now missing in the anonymized matrix, as a redacted one is.
   */
  @Test
  void run_keptVectorFieldScrubbedIntoAToken_missingInTheAnonymizedMatrix_runGoesOn() throws IOException {
    Path in = tmp.resolve("kept-vector.jsonl");
    Files.writeString(in, "{\"Owner\":\"nan\",\"RequestMemory\":\"-NaN\",\"ExitCode\":0}\n"
        + "{\"Owner\":\"jdoe\",\"RequestMemory\":2048,\"ExitCode\":1}\n");
    Path out = tmp.resolve("kept-vector-out");
    RunReport r = run(in, out, "hmac", 1);
    assertThat(r.rowsOut()).isEqualTo(2);
    assertThat(Files.readString(r.dataFiles().get(0))).doesNotContain("NaN");
    assertThat(Files.size(out.resolve("share/vectors/anon/X.npy"))).isEqualTo(Files.size(out.resolve("private/vectors/clear/X.npy")));
  }

  @Test
  void bundledPolicy_isTheExamplesFile() throws IOException {
    assertThat(Pipeline.bundledPolicy("htcondor")).isEqualTo(Files.readAllBytes(policyFile()));
  }

  @Test
  void run_vectors_clearAndAnonymizedSameShape_clearOnlyUnderPrivate() throws IOException {
    Path out = tmp.resolve("vectors");
    RunReport r = run(input, out, "hmac", 2);
    Path anon = out.resolve("share/vectors/anon");
    Path clear = out.resolve("private/vectors/clear");
    assertThat(r.files()).containsKeys("vectors.anonymized", "ragged.anonymized", "vectors.clear", "ragged.clear");
    assertThat(Files.size(anon.resolve("X.npy"))).isEqualTo(Files.size(clear.resolve("X.npy")));
    assertThat(Files.exists(out.resolve("share/ragged/pairs-offsets.npy"))).isTrue();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(clear)))
        .isEqualTo("rwx------");
    // the clear Owner dictionary is private; the shared one holds tokens only
    assertThat(LeakScanner.scan(out.resolve("share"), withoutIpImages(generator.sensitiveValues()))).isEmpty();
    assertThat(LeakScanner.scan(out.resolve("private/vectors"), generator.userNames())).isNotEmpty();
  }

  @Test
  void run_realTransformers_identicalAcross1_2_4Threads() throws IOException {
    Map<String, String> first = null;
    for (int threads : new int[] {1, 2, 4}) {
      Path out = tmp.resolve("det-" + threads);
      run(input, out, "hmac", threads);
      Map<String, String> sums = PipelineTest.checksums(out.resolve("share"));
      if (first == null) {
        first = sums;
      } else {
        assertThat(sums).as("threads=%d", threads).isEqualTo(first);
      }
    }
  }

  /**
   * A review: an address Crypto-PAn rejects (zero-padded octets) is redacted, but the anonymized vector
   * could not encode the marker and the whole run stopped; now that value is missing in that matrix.
   */
  @Test
  void run_redactedAddressInAVectorColumn_missingInTheAnonymizedMatrix_runGoesOn() throws IOException {
    Path in = tmp.resolve("odd-ip.jsonl");
    Files.writeString(in, "{\"Owner\":\"ann\",\"JobsubClientIpAddress\":\"131.225.077.088\",\"ExitCode\":0}\n"
        + "{\"Owner\":\"bob\",\"JobsubClientIpAddress\":\"131.225.77.88\",\"ExitCode\":1}\n"
        // zero-padded inside a sinful string: Crypto-PAn refuses it, scrub-text writes [ip] (the anonymized
        // ipv4 column extracted the real address from it before)
        + "{\"Owner\":\"cy\",\"StartdIpAddr\":\"<131.225.077.089:9618?addrs=131.225.077.089-9618&noUDP>\",\"ExitCode\":0}\n");
    Path out = tmp.resolve("odd-ip");
    RunReport r = run(in, out, "hmac", 1);
    assertThat(r.rowsOut()).isEqualTo(3);
    assertThat(Files.readAllLines(r.dataFiles().get(0)).get(0)).contains("\"JobsubClientIpAddress\":\"[redacted]\"");
    assertThat(Files.readAllLines(r.dataFiles().get(0)).get(2)).doesNotContain("077").doesNotContain("131.225.");
    assertThat(r.files()).containsKeys("vectors.anonymized", "vectors.clear");
    assertThat(Files.size(out.resolve("share/vectors/anon/X.npy"))).isEqualTo(Files.size(out.resolve("private/vectors/clear/X.npy")));
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("131.225.077.088", "131.225.077.089"))).isEmpty();
    // the real address is nowhere in the anonymized address column either
    java.nio.ByteBuffer col = java.nio.ByteBuffer.wrap(Files.readAllBytes(out.resolve("share/vectors/anon/StartdIpAddr.npy")))
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; k + 4 <= col.capacity(); k++) {
      assertThat(col.getInt(k)).isNotEqualTo((131 << 24) | (225 << 16) | (77 << 8) | 89);
    }
  }

  /**
   * A review: a value the vector schema cannot encode (a ClassAd expression in a numeric column, as real
   * ads hold: two of the four real samples; an IPv6 address in an ipv4 column) left its whole row out of
   * both matrices, so row i of the vectors was no longer record i of share/data and nothing said which
   * records were missing. Now that value is missing (validity bit clear) in both matrices, every row stays,
   * and the manifest counts the values.
   */
  @Test
  void run_unencodableClearValue_missingInBothMatrices_rowsStayThoseOfTheData() throws IOException {
    Path in = tmp.resolve("unencodable.jsonl");
    Files.writeString(in, "{\"Owner\":\"ann\",\"RequestMemory\":2048,\"JobsubClientIpAddress\":\"131.225.7.9\",\"ExitCode\":0}\n"
        + "{\"Owner\":\"bob\",\"RequestMemory\":\"ifThenElse(MemoryUsage =!= undefined, MemoryUsage, 3072)\","
        + "\"JobsubClientIpAddress\":\"2620:6a:0:8421::7\",\"ExitCode\":1}\n"
        + "{\"Owner\":\"cy\",\"RequestMemory\":4096,\"JobsubClientIpAddress\":\"131.225.7.10\",\"ExitCode\":0}\n");
    Path out = tmp.resolve("unencodable");
    RunReport r = run(in, out, "hmac", 1);
    assertThat(r.rowsOut()).isEqualTo(3);
    assertThat(Files.readString(out.resolve("share/manifest.json")))
        .contains("\"vectors\": {\"rows\": 3, \"rowsSkipped\": 0, \"valuesUnencodable\": 2}");
    for (String side : List.of("share/vectors/anon/", "private/vectors/clear/")) {
      assertThat(Files.readString(out.resolve(side + "columns.json"))).contains("\"rows\": 3,");
      double[] mem = npyDoubles(out.resolve(side + "RequestMemory.npy"));
      assertThat(mem).as(side).hasSize(3);
      assertThat(mem[0]).isEqualTo(2048.0);
      assertThat(mem[2]).isEqualTo(4096.0); // bob's record is row 1, cy's stays row 2
      assertThat(validity(out.resolve(side + "RequestMemory.validity.npy"), 3)).as(side).containsExactly(true, false, true);
      assertThat(validity(out.resolve(side + "JobsubClientIpAddress.validity.npy"), 3)).as(side)
          .containsExactly(true, false, true);
      assertThat(Files.size(out.resolve(side + "Owner.npy")) - 128).isEqualTo(3 * 4); // every row has its owner
    }
    assertThat(Files.size(out.resolve("share/vectors/anon/X.npy"))).isEqualTo(Files.size(out.resolve("private/vectors/clear/X.npy")));
  }

  /** The values of a 1-d little-endian float64 .npy file. */
  private static double[] npyDoubles(Path npy) throws IOException {
    byte[] b = Files.readAllBytes(npy);
    int header = 10 + ((b[8] & 0xff) | (b[9] & 0xff) << 8);
    assertThat(new String(b, 10, header - 10, StandardCharsets.US_ASCII)).contains("'<f8'");
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b, header, b.length - header).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    double[] v = new double[(b.length - header) / 8];
    for (int i = 0; i < v.length; i++) {
      v[i] = bb.getDouble();
    }
    return v;
  }

  /** A validity bitmap .npy (uint8, bit i%8 of byte i/8 for row i) as booleans. */
  private static boolean[] validity(Path npy, int rows) throws IOException {
    byte[] b = Files.readAllBytes(npy);
    int header = 10 + ((b[8] & 0xff) | (b[9] & 0xff) << 8);
    boolean[] v = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      v[i] = (b[header + i / 8] >> (i % 8) & 1) != 0;
    }
    return v;
  }

  /** An input's file name can name a user or a host: share/ shows it anonymized, private/ keeps the clear one. */
  @Test
  void run_inputFileNames_anonymizedInShare_clearOnlyInPrivate() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("names-in"));
    Path perUser = dir.resolve("history-kwanlab.jsonl");
    Path perHost = dir.resolve("schedd01.example.edu.jsonl");
    Files.writeString(perUser, "{\"Owner\":\"kwanlab\",\"JobStatus\":4}\n");
    Files.writeString(perHost, "{\"Owner\":\"other\",\"JobStatus\":4}\n");
    Path out = tmp.resolve("names");
    RunReport r = Pipeline.builder(policy).key(KEY).threads(1).build().run(List.of(perUser, perHost), out);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("kwanlab", "schedd01", "example.edu"))).isEmpty();
    List<String> names;
    try (java.util.stream.Stream<Path> files = Files.list(out.resolve("share/data"))) {
      names = files.map(f -> f.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
    }
    assertThat(names).hasSize(2).allMatch(n -> n.matches("[A-Za-z0-9_.-]+\\.anon\\.jsonl"));
    assertThat(names).anyMatch(n -> n.startsWith("history-") && !n.contains("kwanlab"));
    String manifest = Files.readString(out.resolve("share/manifest.json"));
    for (String n : names) {
      assertThat(manifest).contains("\"" + n.replace(".anon.jsonl", ".jsonl") + "\"").contains("data/" + n);
    }
    List<String> index = Files.readAllLines(out.resolve("private/inputs.tsv"));
    assertThat(index).hasSize(3);
    assertThat(String.join("\n", index)).contains("history-kwanlab.jsonl").contains("schedd01.example.edu.jsonl");
    assertThat(r.files()).containsKey("inputs");
    // names that come out alike (case variants of one user; a name equal to another's kept-apart name)
    // stay apart, and the manifest and inputs.tsv name each input as its output is named
    Path again = Files.copy(perUser, dir.resolve("history-KWANLAB.jsonl"));
    String kept = names.stream().filter(n -> n.startsWith("history-")).findFirst().orElseThrow();
    Path clash = Files.copy(perUser, dir.resolve("0001-" + kept.replace(".anon.jsonl", ".jsonl")));
    Path out3 = tmp.resolve("names-clash");
    Pipeline.builder(policy).key(KEY).threads(1).build().run(List.of(perUser, again, clash), out3);
    List<String> written;
    try (java.util.stream.Stream<Path> files = Files.list(out3.resolve("share/data"))) {
      written = files.map(f -> f.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
    }
    assertThat(written).hasSize(3).doesNotHaveDuplicates();
    List<String> rows = Files.readAllLines(out3.resolve("private/inputs.tsv"));
    assertThat(rows).hasSize(4);
    java.util.Set<String> shareNames = new java.util.TreeSet<>();
    for (String row : rows.subList(1, 4)) {
      String shareName = row.split("\t")[0];
      shareNames.add(shareName);
      assertThat(written).contains(shareName.replace(".jsonl", ".anon.jsonl"));
    }
    assertThat(shareNames).hasSize(3);
    assertThat(rows.get(2)).endsWith("history-KWANLAB.jsonl");
    // names without a known extension: what follows the last dot is part of the name, anonymized too
    Path noExt = Files.copy(perUser, dir.resolve("history.kwanlab"));
    Path hostName = Files.copy(perHost, dir.resolve("jobs.schedd01.example.edu"));
    Path out4 = tmp.resolve("names-no-extension");
    Pipeline.builder(policy).key(KEY).threads(1).build().run(List.of(noExt, hostName), out4);
    assertThat(LeakScanner.scan(out4.resolve("share"), List.of("kwanlab", "schedd01", "example.edu"))).isEmpty();
    assertThat(Files.readString(out4.resolve("share/manifest.json"))).contains("\"history.");
    try (java.util.stream.Stream<Path> files = Files.list(out4.resolve("share/data"))) {
      assertThat(files.map(f -> f.getFileName().toString())).hasSize(2)
          .noneMatch(n -> n.contains("kwanlab") || n.contains("schedd01") || n.contains("example"));
    }
    // a policy whose default drops unnamed fields has nothing to anonymize a name with: inputs are numbered
    Policy dropping = Policy.builder().name("dropping").rule(FieldRule.transform("Owner", "hmac").linkageDomain("user").build())
        .defaultRule(FieldRule.drop("*")).build();
    Path out2 = tmp.resolve("names-numbered");
    Pipeline.builder(dropping).key(KEY).threads(1).build().run(List.of(perUser, perHost), out2);
    try (java.util.stream.Stream<Path> files = Files.list(out2.resolve("share/data"))) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .containsExactly("input-0001.anon.jsonl", "input-0002.anon.jsonl");
    }
    assertThat(LeakScanner.scan(out2.resolve("share"), List.of("kwanlab", "schedd01", "example.edu"))).isEmpty();
  }

  /**
   * Fields reviews found kept in clear: the job's stdin path and container image, ClassAd expressions
   * (Rank, PeriodicHold, ...) and free-form strings (AcctGroup, ConcurrencyLimits, RootDir).
   */
  @Test
  void run_stdinPathAndContainerImage_userNamesScrubbed() throws IOException {
    Path in = tmp.resolve("in-image.jsonl");
    Files.writeString(in, "{\"Owner\":\"kwanlab\",\"In\":\"/home/kwanlab/run/input.txt\","
        + "\"DockerImage\":\"kwanlab/autometa:2.1.0\",\"Iwd\":\"/home/kwanlab/run\","
        // expressions and free-form strings a later review found kept in clear
        + "\"PeriodicHold\":\"(Owner == \\\"kwanlab\\\") && (NumJobStarts > 3)\",\"Rank\":\"(Owner == \\\"kwanlab\\\") * 10\","
        + "\"AcctGroup\":\"group_dune.kwanlab\",\"ConcurrencyLimits\":\"kwanlab_dcache:10\","
        + "\"RootDir\":\"/exp/dune/app/users/kwanlab/sandbox\",\"OnExitHold\":\"ExitCode != 0\"}\n"
        + "{\"Owner\":\"other\",\"In\":\"/dev/null\",\"DockerImage\":\"ubuntu:22.04\"}\n");
    Path out = tmp.resolve("image");
    RunReport r = run(in, out, "hmac", 1);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("kwanlab"))).isEmpty();
    List<String> lines = Files.readAllLines(r.dataFiles().get(0));
    assertThat(lines.get(0)).contains("/autometa:2.1.0").contains("/run/input.txt")
        .contains("\"OnExitHold\":\"ExitCode != 0\"").contains("\"PeriodicHold\":\"(Owner == \\\"");
    assertThat(lines.get(1)).contains("\"In\":\"/dev/null\"").contains("\"DockerImage\":\"ubuntu:22.04\"");
  }

  /**
   * A proxy subject in RFC 4514's comma form (as LDAP and OpenSSL's RFC 2253 output write it): until
   * 2026-11-27 the shipped policy kept its full name and a lower-case {@code uid} in clear, in the subject and
   * in free text, and the dictionary pass did not collect the name.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_commaFormSubject_nameAndUidReplacedEverywhere(String mode) throws IOException {
    String subject = "CN=Qiana Vortlund,OU=People,O=Fermi National Accelerator Laboratory,C=US,DC=cilogon,DC=org";
    List<String> lines = runLines("comma-dn", mode, 1, "{\"Owner\":\"qvortl\",\"x509userproxysubject\":\"" + subject + "\","
        + "\"HoldReason\":\"proxy of cn=Qiana Vortlund, uid=qvortl2, dc=fnal, dc=gov expired\","
        + "\"Args\":\"--notify Qiana Vortlund\"}\n");
    Path out = tmp.resolve("comma-dn-" + mode);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("Qiana", "Vortlund", "qvortl2"))).as("mode %s", mode).isEmpty();
    String anonSubject = field(lines.get(0), "x509userproxysubject");
    assertThat(anonSubject).startsWith("CN=").endsWith(",OU=People,O=Fermi National Accelerator Laboratory,C=US,DC=cilogon,DC=org");
    String name = anonSubject.substring(3, anonSubject.indexOf(','));
    // the same full name gets the same token in the subject, in a DN in free text, and alone in free text
    assertThat(field(lines.get(0), "HoldReason")).startsWith("proxy of cn=" + name + ", uid=").endsWith(", dc=fnal, dc=gov expired");
    assertThat(field(lines.get(0), "Args")).isEqualTo("--notify " + name);
    assertThat(Files.readAllLines(out.resolve("private/dictionary.txt"))).contains("qiana vortlund", "qvortl");
  }

  /**
   * A person known only as an image's publisher is a dictionary name: a hold reason naming the image
   * that failed to pull, an argument or a path holding the handle gets the token the image field gives
   * it. A public namespace stays everywhere.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_imageNamespaceInFreeText_sameTokenAsInTheImageField(String mode) throws IOException {
    Path in = tmp.resolve("in-image-text-" + mode + ".jsonl");
    Files.writeString(in, "{\"Owner\":\"ownerz\",\"DockerImage\":\"hdlzq/fitter:2\",\"JobStatus\":5,"
        + "\"HoldReason\":\"Error from slot1@wn: Cannot pull image hdlzq/fitter:2 for fermilab\","
        + "\"Args\":\"--out /data/hdlzq/run1 --tag HDLZQ\"}\n"
        + "{\"Owner\":\"ownerz\",\"SingularityImage\":\"/cvmfs/singularity.opensciencegrid.org/fermilab/fnal-wn-sl7:latest\"}\n");
    Path out = tmp.resolve("image-text-" + mode);
    RunReport r = run(in, out, mode, 1);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("hdlzq", "HDLZQ"))).as("mode %s", mode).isEmpty();
    List<String> lines = Files.readAllLines(r.dataFiles().get(0));
    String image = field(lines.get(0), "DockerImage");
    String token = image.substring(0, image.indexOf('/'));
    assertThat(image).isEqualTo(token + "/fitter:2");
    assertThat(field(lines.get(0), "HoldReason")).contains("image " + token + "/fitter:2 for fermilab");
    assertThat(field(lines.get(0), "Args")).contains("/data/" + token + "/run1 --tag " + token);
    assertThat(field(lines.get(1), "SingularityImage")).contains("/fermilab/fnal-wn-sl7:latest");
    assertThat(Files.readAllLines(out.resolve("private/dictionary.txt"))).contains("hdlzq").doesNotContain("fermilab");
  }

  /**
   * Found by review, end to end in both modes: image namespaces with dots in an image path (a GitLab
   * account under CVMFS's unpacked registry), a handle repeated in the repository name, and numeric user
   * ids in the Kerberos cache and vault token names that a copied environment holds (KEYRING, KCM, vt_u).
   * None of these people is in an identity field. In fpe mode a namespace with dots is enciphered with its
   * dots in place (the user rules' separators, review 41; it became the user marker before): never clear text.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_imageNamespacesAndUidSpellingsFoundByReview_noClearValue(String mode) throws IOException {
    Path in = tmp.resolve("in-review-" + mode + ".jsonl");
    Files.writeString(in, "{\"Owner\":\"ownerx\",\"DockerImage\":\"registry.gitlab.com/jane.q.doex/fit:2\","
        + "\"ContainerImage\":\"docker://hdlroex/hdlroex-tools:1.0\","
        + "\"SingularityImage\":\"/cvmfs/unpacked.cern.ch/gitlab-registry.cern.ch/kim.l.parkx/ana:v1/\","
        + "\"Environment\":\"KRB5CCNAME=KEYRING:persistent:5739146 KRB5_ALT=KCM:5739146:77 "
        + "VAULT_TOKEN_FILE=/tmp/vt_u5739146-dune\"}\n");
    Path out = tmp.resolve("review-" + mode);
    RunReport r = run(in, out, mode, 1);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("q.doex", "hdlroex", "l.parkx", "5739146")))
        .as("mode %s", mode).isEmpty();
    String line = Files.readAllLines(r.dataFiles().get(0)).get(0);
    assertThat(field(line, "DockerImage")).endsWith("/fit:2");
    assertThat(field(line, "ContainerImage")).startsWith("docker://").endsWith("-tools:1.0");
    assertThat(field(line, "SingularityImage")).startsWith("/cvmfs/").endsWith("/ana:v1/");
  }

  /**
   * Jobs submitted with a token (SciTokens, WLCG or IDTOKENS; HTCondor copies the token's claims into
   * the ad): the subject identifies a person across jobs and sites, whatever its form (a UUID, an
   * issuer URL with a user number, an e-mail), and the token id identifies the token; both become
   * joinable tokens of their own, and user paths in the scopes are scrubbed. A UUID or a URL was kept in
   * clear by the default rule, which finds no personal pattern in it.
   */
  @Test
  void run_tokenClaims_subjectAndIdTokenizedScopesScrubbed() throws IOException {
    Path in = tmp.resolve("in-token.jsonl");
    String sub = "c7f4a1e2-3b5d-4e8f-9a1b-2c3d4e5f6a7b";
    String url = "http://cilogon.org/serverA/users/4242421";
    String jti = "9e0d2f7a-1111-4c2b-8d3e-5f6a7b8c9d0e";
    Files.writeString(in, "{\"Owner\":\"tokuser\",\"AuthTokenSubject\":\"" + sub + "\",\"AuthTokenId\":\"" + jti
        + "\",\"AuthTokenIssuer\":\"https://cilogon.org/dune\",\"AuthTokenScopes\":"
        + "\"storage.create:/dune/scratch/users/tokuser compute.create\"}\n"
        + "{\"Owner\":\"tokuser\",\"AuthTokenSubject\":\"" + url + "\",\"AuthTokenId\":\"" + jti + "\"}\n"
        + "{\"Owner\":\"tokuser\",\"AuthTokenSubject\":\"" + sub + "\"}\n");
    Path out = tmp.resolve("token");
    RunReport r = run(in, out, "hmac", 1);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of(sub, "4242421", jti, "tokuser"))).isEmpty();
    List<String> lines = Files.readAllLines(r.dataFiles().get(0));
    String token = field(lines.get(0), "AuthTokenSubject");
    assertThat(field(lines.get(2), "AuthTokenSubject")).as("joinable").isEqualTo(token);
    assertThat(field(lines.get(1), "AuthTokenId")).isEqualTo(field(lines.get(0), "AuthTokenId"));
    assertThat(lines.get(0)).contains("\"AuthTokenIssuer\":\"https://cilogon.org/dune\"")
        .contains(" compute.create\"");
  }

  /**
   * Attributes an audit of HTCondor's attribute documentation and of the tools that submit jobs (jobsub,
   * POMS, CRAB, HTCondor-CE) found outside the policy: identities of the person behind a production
   * account (POMS_LAUNCHER, the Kerberos principal, CRAB's user name and DN, OsUser, PreemptingOwner),
   * a CE's copies of the submitter's paths (SUBMIT_*), a trace id, and secrets (claim capabilities,
   * transfer keys, MyProxy passwords). Each identity is replaced, in its field and in free text alike;
   * the secrets are dropped.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_productionAndCeAttributes_identitiesReplacedSecretsDropped(String mode) throws IOException {
    Path in = tmp.resolve("in-prod-" + mode + ".jsonl");
    Files.writeString(in, "{\"Owner\":\"dunepro\",\"POMS_LAUNCHER\":\"mengelx\",\"JobsubClientKerberosPrincipal\":"
        + "\"kprivx@FNAL.GOV\",\"CRAB_UserHN\":\"crabbyx\",\"CRAB_UserDN\":\"/DC=ch/DC=cern/OU=Users/CN=crabbyx/CN=Crab Personx\","
        + "\"OsUser\":\"osuserx@ap.example.org\",\"PreemptingOwner\":\"preemptx\",\"SUBMIT_Iwd\":\"/data/cse496/subuserx\","
        + "\"TraceParent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\","
        + "\"Capability\":\"<192.0.2.7:9618>#1652441844#1#capsecretx\",\"TransferKey\":\"xferkeyx\","
        + "\"MyProxyPassword\":\"hunter2x\",\"HoldReason\":\"mengelx asked kprivx, crabbyx, Crab Personx, osuserx and "
        + "preemptx\"}\n");
    Path out = tmp.resolve("prod-" + mode);
    RunReport r = run(in, out, mode, 1);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("mengelx", "kprivx", "crabbyx", "Personx", "osuserx",
        "preemptx", "subuserx", "0af7651916cd43dd8448eb211c80319c", "capsecretx", "xferkeyx", "hunter2x"))).isEmpty();
    String line = Files.readAllLines(r.dataFiles().get(0)).get(0);
    assertThat(line).doesNotContain("\"Capability\"").doesNotContain("\"TransferKey\"")
        .doesNotContain("\"MyProxyPassword\"").contains("\"SUBMIT_Iwd\":\"/data/");
    String launcher = field(line, "POMS_LAUNCHER");
    assertThat(field(line, "HoldReason")).as("one token in the field and in text").startsWith(launcher + " asked ")
        .contains(field(line, "CRAB_UserHN"));
  }

  /**
   * A token's storage scopes grant directories ({@code storage.create:/ospool/ap20/data/<user>}): the last
   * segment of a scope path is a directory name, often the person's, who need not be in any identity
   * field (a production Owner); it is checked like Iwd's ({@code directoryPaths}), not kept as a file name.
   */
  @Test
  void run_tokenScopes_lastSegmentIsADirectoryAndScrubbed() throws IOException {
    Path in = tmp.resolve("in-scopes.jsonl");
    Files.writeString(in, "{\"Owner\":\"dunepro\",\"AuthTokenScopes\":\"storage.create:/dune/scratch/scopeusrx "
        + "storage.read:/ospool/ap20/data/scopeusry compute.create\"}\n");
    Path out = tmp.resolve("scopes");
    RunReport r = run(in, out, "hmac", 1);
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("scopeusrx", "scopeusry"))).isEmpty();
    assertThat(field(Files.readAllLines(r.dataFiles().get(0)).get(0), "AuthTokenScopes"))
        .startsWith("storage.create:/dune/scratch/").endsWith(" compute.create");
  }

  /**
   * A system account in an identity field (a review: a token subject condor@pool or a RemoteUser
   * nobody@domain made "condor" and "nobody" dictionary words, replaced in every hold reason and path of
   * the run): it keeps its token in the field, and the words stay.
   */
  @Test
  void run_systemAccountsInIdentityFields_tokenizedThereButNoDictionaryWords() throws IOException {
    Path in = tmp.resolve("in-system.jsonl");
    Files.writeString(in, "{\"Owner\":\"root\",\"AuthTokenSubject\":\"condor@pool.example.org\","
        + "\"RemoteUser\":\"nobody@example.org\",\"HoldReason\":\"Condor failed: nobody could read /var/lib/condor/x as "
        + "root\"}\n{\"Owner\":\"sysuserx\",\"HoldReason\":\"sysuserx over quota\"}\n");
    RunReport r = run(in, tmp.resolve("system"), "hmac", 1);
    List<String> lines = Files.readAllLines(r.dataFiles().get(0));
    assertThat(field(lines.get(0), "HoldReason")).isEqualTo("Condor failed: nobody could read /var/lib/condor/x as root");
    assertThat(field(lines.get(0), "Owner")).isNotEqualTo("root");
    assertThat(field(lines.get(0), "RemoteUser")).doesNotStartWith("nobody");
    assertThat(field(lines.get(1), "HoldReason")).doesNotContain("sysuserx");
  }

  /**
   * An Owner written with upper-case letters (HTCondor keeps the account's spelling: MRasmuss) got the
   * token of that spelling, while scrub-text gave every mention of the name, MRasmuss included, the
   * token of its folded spelling: the Owner token was found nowhere in the same record's paths, DN or
   * e-mail address. Now the user fields are spelled as scrub-text spells names: one token everywhere,
   * one user in the failure statistics, one mapping pair.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_ownerWithUpperCaseLetters_oneTokenInFieldsAndText_onePair(String mode) throws IOException {
    List<String> lines = runLines("case", mode, 2, "{\"Owner\":\"MRasmuss\",\"User\":\"MRasmuss@fnal.gov\","
        + "\"Iwd\":\"/home/MRasmuss/work\","
        + "\"x509userproxysubject\":\"/DC=org/DC=cilogon/C=US/O=Fermilab/OU=People/CN=Mark Rasmus/CN=UID:MRasmuss\","
        + "\"Environment\":\"GRID_USER=MRasmuss\",\"HoldReason\":\"MRasmuss and mrasmuss over quota\",\"ExitCode\":1}\n"
        + "{\"Owner\":\"mrasmuss\",\"AcctGroupUser\":\"MRASMUSS\",\"ExitCode\":0}\n"
        + "{\"Owner\":\"jdoe\",\"RemoteOwner\":\"JDoe\",\"ExitCode\":0}\n");
    Path out = tmp.resolve("case-" + mode);
    String t = field(lines.get(0), "Owner");
    assertThat(t).isNotEqualToIgnoringCase("mrasmuss");
    assertThat(field(lines.get(1), "Owner")).isEqualTo(t);
    assertThat(field(lines.get(1), "AcctGroupUser")).isEqualTo(t);
    assertThat(field(lines.get(0), "User")).startsWith(t + "@");
    assertThat(field(lines.get(0), "Iwd")).isEqualTo("/home/" + t + "/work");
    assertThat(field(lines.get(0), "x509userproxysubject")).endsWith("/CN=UID:" + t);
    assertThat(field(lines.get(0), "Environment")).isEqualTo("GRID_USER=" + t);
    assertThat(field(lines.get(0), "HoldReason")).isEqualTo(t + " and " + t + " over quota");
    assertThat(field(lines.get(2), "RemoteOwner")).isEqualTo(field(lines.get(2), "Owner"));
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("mrasmuss", "jdoe", "Mark Rasmus"))).isEmpty();
    // one pair per user, under the spelling its token is computed from (two spellings, one token: no collision)
    List<String> pairs = Files.readAllLines(out.resolve("private").resolve("mapping-owner.csv"));
    assertThat(pairs).contains("user," + t + ",mrasmuss").noneMatch(l -> l.endsWith(",MRasmuss"));
    assertThat(pairs).hasSize(3); // header, mrasmuss, jdoe
    assertThat(Files.readAllLines(out.resolve("share").resolve("failures.csv")))
        .anyMatch(l -> l.startsWith(t + ",1,2,"));
  }

  /**
   * A sub-address (RFC 5233: jdoe+alerts@ is jdoe's mailbox) got a token of its own, not jdoe's, and its
   * user was no dictionary name when only such addresses named the person.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_emailSubAddress_mailboxGetsTheUsersToken_detailReplaced(String mode) throws IOException {
    List<String> lines = runLines("plus", mode, 1, "{\"Owner\":\"jdoe\",\"NotifyUser\":\"JDoe+alerts@fnal.gov\","
        + "\"HoldReason\":\"mail jdoe+alerts@fnal.gov\"}\n"
        + "{\"Owner\":\"kroe\",\"x509UserProxyEmail\":\"ksmith+grid@cern.ch\",\"HoldReason\":\"ksmith asked\"}\n");
    Path out = tmp.resolve("plus-" + mode);
    String t = field(lines.get(0), "Owner");
    String notify = field(lines.get(0), "NotifyUser");
    assertThat(notify).startsWith(t + "+").doesNotContain("alerts").doesNotContain("fnal.gov");
    assertThat(field(lines.get(0), "HoldReason")).isEqualTo("mail " + notify);
    String email = field(lines.get(1), "x509UserProxyEmail");
    String ksmith = email.substring(0, email.indexOf('+'));
    assertThat(field(lines.get(1), "HoldReason")).isEqualTo(ksmith + " asked");
    assertThat(LeakScanner.scan(out.resolve("share"), List.of("jdoe", "alerts", "ksmith", "grid", "cern.ch")))
        .isEmpty();
  }

  /**
   * A review of the sub-address split: an empty detail (bob+@...) was split by the dictionary pass but
   * not by scrub-text, which gave the address the token of "bob+"; a fully qualified host name's root dot
   * gave a sinful string's host another token than the slot name's; a host right after an '@' with no
   * local part before it ("@wn7...", a quoted local part) stayed in clear.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_emptyDetailRootDotAndHostAfterABareAt_oneTokenPerUserAndHost(String mode) throws IOException {
    String line = runLines("at", mode, 1, "{\"Owner\":\"bobby\",\"NotifyUser\":\"bobby+@fnal.gov\","
        + "\"RemoteHost\":\"slot1@wn7.fnal.gov\",\"StartdIpAddr\":\"<wn7.fnal.gov.:9618?addrs=131.225.1.2-9618>\","
        + "\"MyAddress\":\"<131.225.1.2:9618?alias=WN7.fnal.gov.&PrivNet=wn7.fnal.gov.>\","
        + "\"HoldReason\":\"a @wn7.fnal.gov b \\\"q\\\"@wn7.fnal.gov c wn7.fnal.gov d (x)@wn7.fnal.gov\"}\n").get(0);
    String t = field(line, "Owner");
    assertThat(field(line, "NotifyUser")).startsWith(t + "+@");
    String host = field(line, "RemoteHost").substring("slot1@".length());
    assertThat(host).isNotEmpty().doesNotContain("wn7");
    assertThat(field(line, "StartdIpAddr")).startsWith("<" + host + ".:9618?addrs=");
    assertThat(field(line, "MyAddress")).contains("alias=" + host + ".&PrivNet=" + host + ".>");
    assertThat(line).contains("a @" + host + " b \\\"q\\\"@" + host + " c " + host + " d (x)@" + host + "\"");
    assertThat(LeakScanner.scan(tmp.resolve("at-" + mode).resolve("share"), List.of("wn7", "bobby", "fnal.gov")))
        .isEmpty();
  }

  /**
   * A worker named after its address (OSG sites name them so) in an operator's hold reason stayed as
   * written, spelling the clear address beside its anonymized dotted form; the main job's generated
   * data has such reasons. The name now gets the host token its slot name gets, in both modes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void run_workerNamedAfterItsAddressInFreeText_hostTokenOfItsSlotName(String mode) throws IOException {
    String line = runLines("dashed", mode, 1, "{\"Owner\":\"bobby\",\"LastRemoteHost\":\"slot1@CRUSH-OSG-C7-10-5-49-28\","
        + "\"HoldReason\":\"Held by operator: over scratch quota on CRUSH-OSG-C7-10-5-49-28 [10.5.49.28]\","
        + "\"Args\":\"--node ip-10-0-0-1\"}\n").get(0);
    String host = field(line, "LastRemoteHost").substring("slot1@".length());
    assertThat(host).isNotEmpty().doesNotContain("10-5-49-28");
    assertThat(field(line, "HoldReason")).startsWith("Held by operator: over scratch quota on " + host + " [")
        .doesNotContain("10.5.49.28");
    assertThat(field(line, "Args")).startsWith("--node ").doesNotContain("10-0-0-1");
    assertThat(LeakScanner.scan(tmp.resolve("dashed-" + mode).resolve("share"), List.of("10.5.49.28", "10.0.0.1",
        "crush-osg-c7-10-5-49-28"))).isEmpty();
    // review 29: a cloud worker's name under a domain that is no known top-level domain got another token
    // in free text (its first label's) than in its slot name
    String cloud = runLines("dashed-cloud", mode, 1, "{\"Owner\":\"bobby\",\"LastRemoteHost\":"
        + "\"slot1@host-10-0-0-1.novalocal\",\"HoldReason\":\"Error from slot1@host-10-0-0-1.novalocal: disk full on "
        + "host-10-0-0-1.novalocal\"}\n").get(0);
    String worker = field(cloud, "LastRemoteHost").substring("slot1@".length());
    assertThat(field(cloud, "HoldReason")).isEqualTo("Error from slot1@" + worker + ": disk full on " + worker);
    assertThat(LeakScanner.scan(tmp.resolve("dashed-cloud-" + mode).resolve("share"), List.of("10.0.0.1"))).isEmpty();
  }

  /** A review: a scrub-text field listed as a mapping field stopped the run with advice to lengthen tokens. */
  @Test
  void build_scrubTextMappingField_refusedWithTheReason() throws IOException {
    String json = Files.readString(policyFile()).replace("\"mapping\": {\"fields\": [\"Owner\"]}",
        "\"mapping\": {\"fields\": [\"Owner\", \"User\"]}");
    assertThat(json).contains("\"User\"]}");
    Policy p = PolicyJson.parse(json);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pipeline.builder(p).key(KEY).build())
        .isInstanceOf(org.anonkit.PolicyException.class).hasMessageContaining("mapping field 'User'")
        .hasMessageContaining("scrub-text");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Pipeline.builder(policy).key(KEY).mappingFields(List.of("HoldReason")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapping field 'HoldReason'")
        .hasMessageNotContaining("default rule");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Pipeline.builder(policy).key(KEY).mappingFields(List.of("Owner", "NoSuchField")).build())
        .hasMessageContaining("mapping field 'NoSuchField'").hasMessageContaining("the policy's default rule");
  }

  /** Runs {@code jsonLines} (named {@code name}) in {@code mode} into {@code tmp/<name>-<mode>}; its output lines. */
  private static List<String> runLines(String name, String mode, int threads, String jsonLines) throws IOException {
    Path in = Files.writeString(tmp.resolve("in-" + name + "-" + mode + ".jsonl"), jsonLines);
    RunReport r = run(in, tmp.resolve(name + "-" + mode), mode, threads);
    return Files.readAllLines(r.dataFiles().get(0));
  }

  private static String field(String jsonLine, String name) {
    int i = jsonLine.indexOf("\"" + name + "\":\"") + name.length() + 4;
    return jsonLine.substring(i, jsonLine.indexOf('"', i));
  }

  /**
   * The real samples' header comments name their PII; none of it may survive into share/. The -long
   * samples are read as published, their headers ('#' comments, which name the PII once more) in
   * them; the JSON sample without its header lines (text outside JSON, which a run quarantines).
   */
  @Test
  void run_realSamples_piiNamedInTheirHeadersDoesNotLeak() throws IOException {
    Path samples = sharedData().resolve("htcondor-samples");
    assumeTrue(Files.isDirectory(samples), "shared data not present beside the repository: " + samples);
    List<Path> inputs = new ArrayList<>();
    for (String name : List.of("01-htcondor-test.old.ad.txt", "02-fermilab-fifebatch-dune-2017.ads.txt",
        "03-chtc-held-job-2022.ad.txt")) {
      inputs.add(samples.resolve(name));
    }
    String json = "04-osg-jlab-held-job-2021.json.txt";
    inputs.add(stripHeader(samples.resolve(json), tmp.resolve(json.replace(".txt", ""))));
    for (String mode : List.of("hmac", "fpe")) {
      Path out = tmp.resolve("samples-" + mode);
      RunReport r = Pipeline.builder(policy).mode(mode).key(KEY).threads(2).build().run(inputs, out);
      assertThat(r.rowsIn()).isEqualTo(5);
      assertThat(r.quarantined()).isZero();
      List<String> pii = List.of("bbockelm", "Brian Bockelman", "bbockelm@cse.unl.edu", "jmalbos", "lebrun",
          "Justo Martin-albo simon", "Paul Lebrun", "131.225.216.41", "131.225.209.142", "fnpc4108.fnal.gov",
          "fnpc9051.fnal.gov", "glidein_3324402_136032460", "erees", "erees@chtc.wisc.edu", "e301.chtc.wisc.edu",
          "128.105.68.214", "2607-f388-2200-100-1e6a-7aff-fe26-c57b", "gemc", "gemc@scosg16.jlab.org", "jnewton",
          "10.5.219.52", "192.170.227.251", "128.230.11.12", "scosg16.jlab.org", "fifebatch1.fnal.gov",
          "hcc-briantest.unl.edu", "submit-1.chtc.wisc.edu", "CRUSH-OSG-C7-10-5-219-52",
          "flock.opensciencegrid.org", // inside a CCB id, percent-encoded
          "jasonkwan"); // the namespace of sample 03's DockerImage, a person's Docker Hub account
      assertThat(LeakScanner.scan(out.resolve("share"), pii)).as("mode %s", mode).isEmpty();
    }
  }

  /**
   * Crypto-PAn maps addresses onto addresses: with some keys the anonymized form of one address is
   * another address of the population. Such a value in the output is a token, not a leak, so the scan
   * leaves out clear addresses that are the image of a clear address under the run's key.
   */
  static List<String> withoutIpImages(List<String> values) {
    return withoutIpImages(policy, KEY, values);
  }

  /** {@link #withoutIpImages(List)} for a run of {@code policy} with {@code key}. */
  static List<String> withoutIpImages(Policy policy, MasterKey key, List<String> values) {
    org.anonkit.Transformer ip = org.anonkit.Anonymizer.compile(Pipeline.resolvePolicy(policy, "hmac", List.of()), key,
        org.anonkit.TransformerRegistry.defaultRegistry()).plan("JobsubClientIpAddress").transformer();
    java.util.Set<String> images = new java.util.HashSet<>();
    for (String v : values) {
      if (v.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || v.matches("[0-9a-f:]+:[0-9a-f:]+")) {
        images.add(ip.apply(v));
      }
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (!images.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  static Path sharedData() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path p = d.resolve("shared/data");
      if (Files.isDirectory(p)) {
        return p;
      }
      Path sibling = d.resolveSibling("shared").resolve("data");
      if (Files.isDirectory(sibling)) {
        return sibling;
      }
    }
    return Path.of("../shared/data");
  }

  /** Drops the sample's comment lines ({@code #}, {@code //}) and any text before a JSON document. */
  static Path stripHeader(Path sample, Path target) throws IOException {
    List<String> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
    boolean json = lines.stream().anyMatch(l -> l.startsWith("{") || l.startsWith("["));
    boolean started = !json;
    for (String l : lines) {
      if (l.startsWith("#") || l.startsWith("//")) {
        continue;
      }
      if (!started && (l.startsWith("{") || l.startsWith("["))) {
        started = true;
      }
      if (started) {
        out.add(l);
      }
    }
    Files.write(target, out, StandardCharsets.UTF_8);
    return target;
  }
}
