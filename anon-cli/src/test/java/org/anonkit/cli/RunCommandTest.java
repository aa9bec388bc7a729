package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.config.KeyFiles;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.ScrubDictionary;
import org.anonkit.pipeline.generate.JobGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
  @TempDir Path tmp;
  Path input;
  Path key;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    input = tmp.resolve("jobs.history");
    JobGenerator.builder().seed(3).users(40).build().write(input, 800);
    key = tmp.resolve("key.json");
    KeyFiles.write(MasterKey.generate("run-test", new SecureRandom()), key);
  }

  private int run(String... args) {
    return new CommandLine(new RunCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)))
        .setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true))
        .execute(args);
  }

  @Test
  void run_condorInput_fifemonPreset_csvOutput_printsTableAndLocations() throws Exception {
    Path o = tmp.resolve("out");
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--threads", "2", "--failure-preset", "fifemon", "--output-format", "csv", "--compress", "zstd");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String s = out.toString(StandardCharsets.UTF_8);
    assertThat(s).contains("rows: 800 in, 800 out, 0 quarantined").contains("failures (fifemon:")
        .contains("share/data/jobs.anon.csv.zst").contains("private/mapping-owner.csv").contains("share/manifest.json");
    assertThat(Files.readString(o.resolve("share/failures.csv"))).startsWith("user,fails,total,frac_of_user_rows,frac_of_all_rows\n");
    assertThat(Files.readString(o.resolve("share/manifest.json"))).contains("\"id\": \"run-test\"").contains("\"definition\": \"fifemon\"");
  }

  /**
   * With the public list of experiments, a run writes the demo's releases (6) and (7) from its clear
   * inputs; the same jobs as one file or as two (in another order) give the same files, since both
   * releases depend on the multiset of jobs alone. Without the list, neither is written.
   */
  @Test
  void run_withExperiments_writesTheDemosReleases_sameForTheSameJobsInTwoFiles() throws Exception {
    Path all = tmp.resolve("all.jsonl");
    JobGenerator.builder().seed(4).build().write(all, 3_000);
    List<String> lines = Files.readAllLines(all);
    Path first = tmp.resolve("first.jsonl");
    Path second = tmp.resolve("second.jsonl");
    Files.write(first, lines.subList(1_000, lines.size()));
    Files.write(second, lines.subList(0, 1_000));
    String experiments = String.join(",", JobGenerator.virtualOrganizations());
    Path one = tmp.resolve("one");
    assertThat(run("--policy", "bundled:htcondor", "--in", all.toString(), "--out", one.toString(), "--key-file",
        key.toString(), "--no-vectors", "--experiments", experiments)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Path two = tmp.resolve("two");
    assertThat(run("--policy", "bundled:htcondor", "--in", first.toString(), second.toString(), "--out", two.toString(),
        "--key-file", key.toString(), "--no-vectors", "--experiments", experiments))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();
    String manifest = Files.readString(one.resolve("share/manifest.json"));
    for (String f : List.of("failures-dp.csv", "failures-dp.json", "jobs-kanon.csv", "jobs-kanon.json")) {
      assertThat(one.resolve("share").resolve(f)).as(f).isRegularFile();
      assertThat(Files.readString(two.resolve("share").resolve(f))).as(f)
          .isEqualTo(Files.readString(one.resolve("share").resolve(f)));
      // listed in the manifest with its size and checksum, as the data files, for whoever receives share/
      byte[] bytes = Files.readAllBytes(one.resolve("share").resolve(f));
      assertThat(manifest).as(f).contains("{\"path\": \"share/" + f + "\", \"bytes\": " + bytes.length
          + ", \"sha256\": \"" + java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(bytes)) + "\"}");
    }
    String s = out.toString(StandardCharsets.UTF_8);
    assertThat(s).contains("(6) jobs and failed jobs per experiment with differential privacy")
        .contains("(7) finished jobs as a k-anonymous table").contains("share/jobs-kanon.csv");
    assertThat(Files.readAllLines(one.resolve("share/jobs-kanon.csv"))).hasSize(1 + (int) lines.stream()
        .filter(l -> l.contains("\"JobStatus\":3") || l.contains("\"JobStatus\":4")).count());
    Path none = tmp.resolve("none");
    assertThat(run("--policy", "bundled:htcondor", "--in", all.toString(), "--out", none.toString(), "--key-file",
        key.toString(), "--no-vectors")).isZero();
    assertThat(none.resolve("share/failures-dp.csv")).doesNotExist();
    assertThat(none.resolve("share/jobs-kanon.csv")).doesNotExist();
    assertThat(Files.readString(none.resolve("share/manifest.json"))).doesNotContain("releases");
    // a run without --experiments into a folder with an earlier run's releases deletes them
    Path again = tmp.resolve("again");
    assertThat(run("--policy", "bundled:htcondor", "--in", all.toString(), "--out", again.toString(), "--key-file",
        key.toString(), "--no-vectors", "--experiments", experiments)).isZero();
    assertThat(run("--policy", "bundled:htcondor", "--in", first.toString(), "--out", again.toString(), "--key-file",
        key.toString(), "--no-vectors")).isZero();
    for (String f : Releases.FILES) {
      assertThat(again.resolve("share").resolve(f)).as(f).doesNotExist();
    }
    assertThat(run("--policy", "bundled:htcondor", "--in", all.toString(), "--out", tmp.resolve("blank").toString(),
        "--key-file", key.toString(), "--experiments", "dune,,nova")).isEqualTo(2);
    // the k-anonymous table's own sites: named, else FermiGrid; only with --experiments
    assertThat(Files.readString(one.resolve("share/jobs-kanon.json"))).contains("then onsite (FermiGrid) or offsite");
    Path sites = tmp.resolve("sites");
    assertThat(run("--policy", "bundled:htcondor", "--in", all.toString(), "--out", sites.toString(), "--key-file",
        key.toString(), "--no-vectors", "--experiments", experiments, "--onsite-sites", "GPGrid,FermiGrid")).isZero();
    assertThat(Files.readString(sites.resolve("share/jobs-kanon.json"))).contains("then onsite (FermiGrid, GPGrid) or offsite");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("no finished job ran at");
    // a site name in another letter case matches no job: said, not silent
    assertThat(run("--policy", "bundled:htcondor", "--in", all.toString(), "--out", tmp.resolve("lower").toString(),
        "--key-file", key.toString(), "--no-vectors", "--experiments", experiments, "--onsite-sites", "fermigrid"))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("(no finished job ran at fermigrid, the sites taken as "
        + "onsite, so every site generalizes to offsite");
    assertThat(run("--policy", "bundled:htcondor", "--in", all.toString(), "--out", tmp.resolve("nosites").toString(),
        "--key-file", key.toString(), "--onsite-sites", "GPGrid")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--onsite-sites is for the k-anonymous table of --experiments");
    assertThat(tmp.resolve("nosites")).doesNotExist();
    assertThat(run("--policy", "bundled:htcondor", "--in", all.toString(), "--out", tmp.resolve("blank").toString(),
        "--key-file", key.toString(), "--experiments", "dune", "--onsite-sites", "GPGrid,,FermiGrid")).isEqualTo(2);
    Path fifo = tmp.resolve("jobs.fifo");
    if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) { // POSIX: read twice, it would hang
      // the releases read the inputs again; the pipeline refuses what cannot be read twice, before anything
      assertThat(run("--policy", "bundled:htcondor", "--in", fifo.toString(), "--out", tmp.resolve("pipe").toString(),
          "--key-file", key.toString(), "--single-pass", "--dictionary", all.toString(), "--experiments", "dune"))
          .isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("the input is not a regular file");
      assertThat(tmp.resolve("pipe/share")).doesNotExist();
    }
  }

  /**
   * The releases are the run's last step, written while {@code share/INCOMPLETE.txt} stands and the run
   * holds its lock: they were made after the run had deleted it and let go of the lock, so for as long
   * as they took share/ said complete without them (a second run into OUT could start then and get the
   * first run's figures beside its data; a release that failed left share/ saying complete). A watcher
   * sees share/ complete only with every release file in it. An empty list is a usage error.
   */
  @Test
  void run_withExperiments_shareNeverSaysCompleteWithoutTheReleases_emptyListRefused() throws Exception {
    Path jobs = tmp.resolve("watched.jsonl");
    JobGenerator.builder().seed(6).build().write(jobs, 4_000);
    Path o = tmp.resolve("watched");
    Path share = o.resolve("share");
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger completeWithout = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger completeWith = new java.util.concurrent.atomic.AtomicInteger();
    Thread watcher = new Thread(() -> {
      while (!done.get()) {
        if (!Files.exists(share.resolve(Pipeline.INCOMPLETE)) && Files.exists(share.resolve("manifest.json"))) {
          (Files.exists(share.resolve("jobs-kanon.json")) ? completeWith : completeWithout).incrementAndGet();
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    int rc;
    try {
      rc = run("--policy", "bundled:htcondor", "--in", jobs.toString(), "--out", o.toString(), "--key-file",
          key.toString(), "--no-vectors", "--threads", "1", "--experiments", "dune,nova,uboone,icarus,mu2e");
    } finally {
      done.set(true);
      watcher.join();
    }
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(share.resolve("jobs-kanon.json")).isRegularFile();
    assertThat(completeWithout.get()).as("times share/ said complete without the releases").isZero();

    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("empty").toString(),
        "--key-file", key.toString(), "--experiments", ",")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--experiments: an empty name in the list");
  }

  /**
   * --experiments naming none of the data's experiments (values are compared exactly: DUNE is not the
   * data's dune) released noise alone without a word; the console now says so (an exact fact, for the
   * operator only: share/ gets the same files as before).
   */
  @Test
  void run_experimentsNamingNoneOfTheData_consoleSaysTheFiguresAreNoiseAlone() throws Exception {
    Path o = tmp.resolve("upper");
    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--no-vectors", "--experiments", "DUNE,NOVA")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("no job belongs to the listed experiments")
        .contains("compared exactly, case included");
    assertThat(Files.readString(o.resolve("share/failures-dp.csv"))).doesNotContain("no job");
    out.reset();
    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("lower").toString(),
        "--key-file", key.toString(), "--no-vectors", "--experiments", "dune,NOVA")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("(6) jobs and failed jobs per experiment")
        .doesNotContain("no job belongs");
  }

  /**
   * A value its transformer rejects is redacted (or dropped) and also counted as failed: the summary
   * printed "1 redacted, 0 dropped, 1 failed", which reads as two values; failed is now shown as the
   * subset it is.
   */
  @Test
  void run_rejectedValue_summaryShowsFailedAsPartOfRedacted() throws Exception {
    // (the dropped value is the address's _u32 twin: the redacted value is no IPv4 address)
    Path in = Files.writeString(tmp.resolve("one.jsonl"), "{\"Owner\":\"zq-user\",\"JobsubClientIpAddress\":\"999.1.2.3\"}\n");
    int rc = run("--policy", "bundled:htcondor", "--in", in.toString(), "--out", tmp.resolve("rejected").toString(),
        "--key-file", key.toString());
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("values: 1 transformed, 0 kept, 1 redacted, 1 dropped (of which 1 failed: rejected by their transformer)")
        .doesNotContain(", 1 failed");
  }

  @Test
  void run_whileAnotherRunHoldsTheOutput_exit1_andAnInputInsideShare_exit2() throws Exception {
    Path o = tmp.resolve("busy");
    String[] args = {"--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--threads", "2", "--no-vectors"};
    assertThat(run(args)).isZero();
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(o.resolve("private/run.lock"),
        java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
      err.reset();
      assertThat(run(args)).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("anonkit run: another anonkit run is writing into");
    }
    assertThat(o.resolve("share/manifest.json")).exists();
    Path inside = Files.copy(input, o.resolve("share/data/jobs.history"));
    err.reset();
    assertThat(run("--policy", "bundled:htcondor", "--in", inside.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--no-vectors")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("input jobs.history lies inside the output's share/ folder");
    assertThat(o.resolve("share/manifest.json")).exists();
  }

  @Test
  void writeError_wrappedIoError_keepsItsCause_interruptedRun_saysWhatIsLeft() {
    // "anonkit run: cannot write vectors" was all a full disk printed
    assertThat(RunCommand.withCause(new java.io.UncheckedIOException("cannot write vectors",
        new java.io.IOException("No space left on device"))))
        .isEqualTo("cannot write vectors: No space left on device");
    assertThat(RunCommand.withCause(new java.io.UncheckedIOException(new java.io.IOException("disk gone"))))
        .isEqualTo("java.io.IOException: disk gone");
    // Ctrl-C and SIGTERM printed nothing at all
    assertThat(RunCommand.interruptedMessage(Path.of("o"))).contains("interrupted before it finished")
        .contains("o/share/INCOMPLETE.txt stays").contains("--resume");
  }

  /** The summary used to print the expression as given: {@code Owner != "<clear name>"} reached stdout. */
  @Test
  void run_failureExpressionWithAClearName_summaryShowsItRedacted() throws Exception {
    String owner = Files.readAllLines(input).stream().filter(l -> l.startsWith("Owner = ")).findFirst().orElseThrow()
        .replaceAll("^Owner = \"|\"$", "");
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("o5").toString(),
        "--key-file", key.toString(), "--failure-preset", "ExitCode != 0 && Owner != \"" + owner + "\"");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(owner)
        .contains("ExitCode != 0 && Owner != \"[redacted]\"");
  }

  /** A custom expression that does not parse is a usage error (2), not a data error (1). */
  @Test
  void run_failureExpressionSyntaxError_usageErrorNamingThePosition() {
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("o6").toString(),
        "--key-file", key.toString(), "--failure-preset", "ExitCode != 0 && Owner == \"secretname\" &&");
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--failure-preset").contains("position")
        .doesNotContain("secretname");
    assertThat(tmp.resolve("o6")).doesNotExist();
  }

  @Test
  void run_missingKey_dataErrorWithoutSecrets() {
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("o2").toString());
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a key");
  }

  /**
   * A rerun refused for a missing key, a policy error or an input of unknown format leaves a complete
   * output folder as it was: it deleted the manifest and marked the folder INCOMPLETE (acceptance test 38).
   */
  @Test
  void run_refusedRerun_leavesACompleteOutputAsItWas() throws Exception {
    Path o = tmp.resolve("done");
    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--no-vectors")).isEqualTo(0);
    byte[] manifest = Files.readAllBytes(o.resolve("share/manifest.json"));
    Path badPolicy = Files.writeString(tmp.resolve("bad-policy.json"),
        "{\"name\":\"x\",\"version\":1,\"default\":\"drop\",\"fields\":{\"Owner\":{\"transformer\":\"no-such\"}}}");
    Path unknown = Files.writeString(tmp.resolve("jobs"), "Owner ExitCode\njdoe 0\n");
    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString())).isEqualTo(1);
    assertThat(run("--policy", badPolicy.toString(), "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString())).isEqualTo(1);
    assertThat(run("--policy", "bundled:htcondor", "--in", unknown.toString(), "--out", o.toString(), "--key-file",
        key.toString())).isEqualTo(1);
    Path dropped = Files.writeString(tmp.resolve("claims.csv"), "ClaimId,Capability\n1,2\n"); // review 38
    assertThat(run("--policy", "bundled:htcondor", "--in", dropped.toString(), "--out", o.toString(), "--key-file",
        key.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a key").contains("no-such")
        .contains("cannot detect the input format").contains("drops every field");
    assertThat(o.resolve("share/manifest.json")).hasBinaryContent(manifest);
    assertThat(o.resolve("share/INCOMPLETE.txt")).doesNotExist();
  }

  /**
   * A setting refused after parsing (a --resume into a folder of another mode) says so without the whole
   * usage text after it, which hid the message; a file-system error names its reason, not the path alone
   * ("anonkit run: /proc/nope"). Acceptance test 38.
   */
  @Test
  void run_refusedSettingAndFileSystemErrors_sayWhy() throws Exception {
    Path o = tmp.resolve("refused");
    String[] args = {"run", "--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(),
        "--key-file", key.toString(), "--resume", "--no-vectors"};
    CommandLine cl = Main.commandLine();
    java.io.StringWriter usage = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(usage));
    cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
    assertThat(cl.execute(args)).isZero();
    List<String> fpe = new ArrayList<>(List.of(args));
    fpe.addAll(List.of("--mode", "fpe"));
    assertThat(cl.execute(fpe.toArray(new String[0]))).isEqualTo(2);
    assertThat(usage.toString()).contains("--resume refused").contains("anonkit run --help lists the options")
        .doesNotContain("Usage:");
    assertThat(RunCommand.describe(new java.nio.file.NoSuchFileException("/proc/nope")))
        .isEqualTo("/proc/nope: no such file or directory");
    assertThat(RunCommand.describe(new java.nio.file.AccessDeniedException("/x"))).isEqualTo("/x: permission denied");
    assertThat(RunCommand.describe(new java.io.IOException("cannot write share/data/x: No space left on device")))
        .isEqualTo("cannot write share/data/x: No space left on device");
  }

  @Test
  void run_badOptions_usageError() {
    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("o3").toString(),
        "--key-file", key.toString(), "--compress", "lz4")).isEqualTo(2);
    assertThat(run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("o4").toString(),
        "--key-file", key.toString(), "--mode", "rot13")).isEqualTo(1);
    assertThat(run("--in", input.toString())).isEqualTo(2);
  }

  @Test
  void run_resume_secondRunSkipsCommittedInput() {
    Path o = tmp.resolve("resume");
    String[] args = {"--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--resume", "--no-vectors"};
    assertThat(run(args)).isZero();
    out.reset();
    assertThat(run(args)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("resumed (already committed): [jobs.history]");
  }

  @Test
  void run_resume_otherModeOrKey_usageErrorNamingTheSetting_nothingReused() throws Exception {
    Path o = tmp.resolve("resume-mismatch");
    String[] args = {"--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--resume", "--no-vectors"};
    assertThat(run(args)).isZero();
    String manifest = Files.readString(o.resolve("share/manifest.json"));
    byte[] data = Files.readAllBytes(o.resolve("share/data/jobs.anon.history"));

    List<String> fpe = new ArrayList<>(List.of(args));
    fpe.addAll(List.of("--mode", "fpe"));
    assertThat(run(fpe.toArray(new String[0]))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--resume refused").contains("differing: mode)")
        .contains("new output directory");

    Path key2 = tmp.resolve("key2.json");
    KeyFiles.write(MasterKey.generate("run-test-2", new SecureRandom()), key2);
    List<String> other = new ArrayList<>(List.of(args));
    other.set(other.indexOf(key.toString()), key2.toString());
    err.reset();
    assertThat(run(other.toArray(new String[0]))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("differing: key-check, key-id)");
    assertThat(Files.readString(o.resolve("share/manifest.json"))).isEqualTo(manifest);
    assertThat(Files.readAllBytes(o.resolve("share/data/jobs.anon.history"))).isEqualTo(data);
  }

  @Test
  void run_truncatedZstdInput_dataErrorNamingTheFile() throws Exception {
    Path zst = tmp.resolve("jobs.history.zst");
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (java.io.OutputStream z = org.anonkit.pipeline.io.Compression.ZSTD.compress(b, 3)) {
      z.write(Files.readAllBytes(input));
    }
    Files.write(zst, java.util.Arrays.copyOf(b.toByteArray(), b.size() * 2 / 3));
    int rc = run("--policy", "bundled:htcondor", "--in", zst.toString(), "--out", tmp.resolve("zst").toString(),
        "--key-file", key.toString(), "--no-vectors");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("anonkit run: cannot read input jobs.history.zst after ");
  }

  /** A user name no dictionary file lists: the owner of one extra record. */
  private static final String STRANGER = "qqzzyyxxww";

  /** The names the bundled policy's dictionary pass collects from {@code inputs}. */
  private static List<String> namesIn(Path... inputs) throws Exception {
    return ScrubDictionary.of(PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8)))
        .namesIn(List.of(inputs), null);
  }

  private Path strangerInput() throws Exception {
    return Files.writeString(tmp.resolve("extra.jsonl"), "{\"Owner\":\"" + STRANGER
        + "\",\"ClusterId\":9,\"ProcId\":0,\"ExitCode\":1,\"HoldReason\":\"held for " + STRANGER + "\"}\n");
  }

  @Test
  void run_singlePass_completeDictionary_saysSinglePass() throws Exception {
    List<String> lines = new ArrayList<>(List.of("# site accounts", ""));
    lines.addAll(namesIn(input));
    Path dict = Files.write(tmp.resolve("users.txt"), lines, StandardCharsets.UTF_8);
    Path o = tmp.resolve("single");
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--threads", "2", "--no-vectors", "--dictionary", dict.toString(), "--single-pass");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("dictionary: single pass (" + namesIn(input).size() + " supplied names, every record verified)");
    assertThat(Files.readString(o.resolve("share/manifest.json")))
        .contains("\"dictionary\": {\"source\": \"supplied\", \"singlePass\": true, \"fallback\": false");
  }

  @Test
  void run_singlePass_userMissingFromDictionary_countsRecordsNeverNamesThem() throws Exception {
    Path extra = strangerInput();
    // the dictionary holds every name of the generated input and one only it holds, never the stranger
    List<String> lines = new ArrayList<>(namesIn(input));
    lines.add("dictonly-kzqv");
    Path dict = Files.write(tmp.resolve("users.txt"), lines, StandardCharsets.UTF_8);
    Path o = tmp.resolve("miss");
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), extra.toString(), "--out", o.toString(),
        "--key-file", key.toString(), "--threads", "2", "--no-vectors", "--dictionary", dict.toString(), "--single-pass");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String s = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(s).contains("dictionary: single pass failed verification: 1 record(s) name users missing from the "
        + "dictionary; ran two passes");
    assertThat(s).doesNotContain(STRANGER).doesNotContain("dictonly-kzqv");
    assertThat(Files.readString(o.resolve("share/manifest.json"))).contains("\"fallback\": true")
        .doesNotContain(STRANGER).doesNotContain("dictonly");
    assertThat(Files.readString(o.resolve("share/data/extra.anon.jsonl"))).doesNotContain(STRANGER);
  }

  @Test
  void run_singlePass_withoutUsableDictionary_usageError() throws Exception {
    String[] base = {"--policy", "bundled:htcondor", "--in", input.toString(), "--key-file", key.toString()};
    List<String> args = new ArrayList<>(List.of(base));
    args.addAll(List.of("--out", tmp.resolve("u1").toString(), "--single-pass"));
    assertThat(run(args.toArray(new String[0]))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--single-pass needs --dictionary");
    Path empty = Files.writeString(tmp.resolve("empty.txt"), "# nobody yet\n\n");
    args = new ArrayList<>(List.of(base));
    args.addAll(List.of("--out", tmp.resolve("u2").toString(), "--single-pass", "--dictionary", empty.toString()));
    assertThat(run(args.toArray(new String[0]))).isEqualTo(2);
    assertThat(tmp.resolve("u2/share/data")).doesNotExist();
  }

  @Test
  void run_dictionaryNotUtf8_dataErrorWithoutItsContent() throws Exception {
    Path bad = Files.write(tmp.resolve("bad.txt"), new byte[] {'s', 'e', 'c', 'r', 'e', 't', 'x', (byte) 0xff, '\n'});
    int rc = run("--policy", "bundled:htcondor", "--in", input.toString(), "--out", tmp.resolve("u3").toString(),
        "--key-file", key.toString(), "--dictionary", bad.toString(), "--single-pass");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not UTF-8").doesNotContain("secretx");
  }

  @Test
  void readDictionary_skipsBlankLinesAndComments_stripsWhiteSpace() throws Exception {
    Path f = Files.writeString(tmp.resolve("d.txt"), "\uFEFFalice\r\n# a comment\n\n  bob  \n   # indented comment\nJane Doe\n");
    assertThat(RunCommand.readDictionary(f)).containsExactly("alice", "bob", "Jane Doe");
  }

  /**
   * The policy's releases section sets epsilon, the bound, k, the users, the limit, the intervals and
   * the onsite sites of steps (6) and (7) (--onsite-sites still wins); a wrong one stops the run before
   * anything is written, with or without --experiments.
   */
  @Test
  void run_policysReleasesSection_setsTheReleases_wrongOneRefusedBeforeAnything() throws Exception {
    String bundled = new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8);
    String releases = "\"releases\": {\"dp\": {\"epsilon\": 0.5, \"maxJobsPerUser\": 20}, \"kanon\": {\"k\": 6, "
        + "\"users\": 3, \"suppression\": 0.1, \"onsiteSites\": [\"GPGrid\"], "
        + "\"cutPoints\": {\"request_cpus\": [[2, 16]]}}}";
    int at = bundled.indexOf("\"releases\"");
    assertThat(at).isPositive();
    Path policy = Files.writeString(tmp.resolve("own.json"), bundled.substring(0, at) + releases + "\n}\n");
    Path o = tmp.resolve("own");
    assertThat(run("--policy", policy.toString(), "--in", input.toString(), "--out", o.toString(), "--key-file",
        key.toString(), "--no-vectors", "--experiments", "dune,nova")).isZero();
    assertThat(Files.readString(o.resolve("share/failures-dp.json"))).contains("\"epsilon\":0.5",
        "\"maxContributionsPerPartition\":20", "\"noiseScale\":80.0");
    assertThat(Files.readString(o.resolve("share/jobs-kanon.json"))).contains("\"k\":\"6 jobs per class\"",
        "\"users\":\"3 distinct users", "\"suppressionLimit\":0.1", "then onsite (GPGrid) or offsite",
        "RequestCpus; then <2, [2,16), >=16; then *");
    String console = out.toString(StandardCharsets.UTF_8);
    assertThat(console).contains("epsilon 0.5, privacy unit Owner, at most 20 jobs per user counted, noise scale 80)",
        ">= 6 jobs of >= 3 users", "(limit 10%)");
    Path cli = tmp.resolve("cli-sites");
    assertThat(run("--policy", policy.toString(), "--in", input.toString(), "--out", cli.toString(), "--key-file",
        key.toString(), "--no-vectors", "--experiments", "dune", "--onsite-sites", "FermiGrid")).isZero();
    assertThat(Files.readString(cli.resolve("share/jobs-kanon.json"))).contains("then onsite (FermiGrid) or offsite",
        "\"k\":\"6 jobs per class\"");
    // a release label: in the JSON and on the console; only with --experiments, and checked
    Path labelled = tmp.resolve("labelled");
    assertThat(run("--policy", policy.toString(), "--in", input.toString(), "--out", labelled.toString(), "--key-file",
        key.toString(), "--no-vectors", "--experiments", "dune", "--dp-release", "2026-11-26")).isZero();
    assertThat(Files.readString(labelled.resolve("share/failures-dp.json"))).contains("\"release\":\"2026-11-26\"");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("(release 2026-11-26, epsilon 0.5,");
    assertThat(run("--policy", policy.toString(), "--in", input.toString(), "--out", tmp.resolve("nolabel").toString(),
        "--key-file", key.toString(), "--dp-release", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--dp-release is for the differentially private figures");
    assertThat(run("--policy", policy.toString(), "--in", input.toString(), "--out", tmp.resolve("badlabel").toString(),
        "--key-file", key.toString(), "--experiments", "dune", "--dp-release", "a b")).isEqualTo(2);
    assertThat(tmp.resolve("nolabel")).doesNotExist();
    assertThat(tmp.resolve("badlabel")).doesNotExist();
    Path wrong = Files.writeString(tmp.resolve("wrong.json"), bundled.substring(0, at)
        + "\"releases\": {\"kanon\": {\"k\": 6, \"users\": 7}}\n}\n");
    for (boolean withExperiments : new boolean[] {true, false}) {
      err.reset();
      Path w = tmp.resolve("wrong-" + withExperiments);
      List<String> args = new ArrayList<>(List.of("--policy", wrong.toString(), "--in", input.toString(),
          "--out", w.toString(), "--key-file", key.toString()));
      if (withExperiments) {
        args.addAll(List.of("--experiments", "dune"));
      }
      assertThat(run(args.toArray(new String[0]))).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("at $.releases.kanon.users: expected an integer in [1, 6]");
      assertThat(w).doesNotExist();
    }
  }

  /** A missing policy file was reported as "anonkit run: p.json", a directory as "anonkit run: Is a directory". */
  @Test
  void run_policyFileMissingOrADirectory_saysWhichFileAndWhat() {
    Path o = tmp.resolve("out-nopolicy");
    int rc = run("--policy", tmp.resolve("nosuch.json").toString(), "--in", input.toString(), "--out", o.toString(),
        "--key-file", key.toString());
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("policy file not found: ").contains("nosuch.json");
    err.reset();
    rc = run("--policy", tmp.toString(), "--in", input.toString(), "--out", o.toString(), "--key-file", key.toString());
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read policy file " + tmp);
    assertThat(o).doesNotExist();
  }
}
