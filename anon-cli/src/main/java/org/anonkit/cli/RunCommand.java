package org.anonkit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.anonkit.AnonException;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.KeySources;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.FailureDefinition;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RunReport;
import org.anonkit.pipeline.io.Compression;
import org.anonkit.pipeline.io.RecordFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anonkit run}: applies a policy to batches of job records, writing {@code OUT/share/} (shareable)
 * and {@code OUT/private/} (owner-only), and prints where everything is.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Anonymize job records with a policy: chunked, on all cores, output in input order and byte-identical "
        + "for any thread count. Writes OUT/share/ (anonymized data, failures by token, manifest.json) and "
        + "OUT/private/ (owner-only: mapping files, failures with clear names, quarantine of broken records)."})
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE",
      description = "Policy JSON (e.g. examples/policies/htcondor.json); 'bundled:htcondor' for the shipped one.")
  String policy;

  @Option(names = "--in", required = true, arity = "1..*", paramLabel = "FILE",
      description = "Input files: JSON lines, CSV, condor -long or -json, optionally .gz or .zst; Parquet files or "
          + "directories of .parquet part files (needs anon-parquet, bundled in the anonkit jar).")
  List<Path> inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--key-file", paramLabel = "FILE", description = "Master key file (anonkit keygen).")
  Path keyFile;

  @Option(names = "--key-source", paramLabel = "SPEC", description = "Key source, e.g. env:ANONKIT_MASTER_KEY.")
  String keySource;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--mode", paramLabel = "MODE",
      description = "Identity mode of the policy: hmac (default: irreversible tokens) or fpe (format-preserving, reversible).")
  String mode;

  @Option(names = {"--failure-preset", "--failures"}, paramLabel = "NAME|EXPR",
      description = "What counts as a failed job: exit, status, fifemon, or an expression such as "
          + "'ExitCode != 0 || JobStatus == 5' (default: the policy's failures.definition, else exit).")
  String failures;

  @Option(names = "--format", paramLabel = "FMT", description = "Input format: jsonl, csv, condor, condor-json, parquet (default: detected).")
  String format;

  @Option(names = "--output-format", paramLabel = "FMT", description = "Output format (default: the input's; parquet writes ZSTD Parquet).")
  String outputFormat;

  @Option(names = "--compress", paramLabel = "C", description = "Output compression of row formats: none, gzip, zstd (default: the input's). Parquet output compresses its columns (ZSTD) and refuses it.")
  String compress;

  @Option(names = "--resume", description = "Checkpoint every 16 chunks and continue an interrupted run from its last"
      + " checkpoint; skip inputs already committed (docs/pipeline.md; runs that write vectors skip nothing)."
      + " Refused, changing nothing, if OUT's journal was written with another policy, mode, key or format.")
  boolean resume;

  @Option(names = "--no-vectors", description = "Do not write the vectors the policy's 'vectors' section asks for.")
  boolean noVectors;

  @Option(names = "--on-malformed", paramLabel = "ACTION", defaultValue = "quarantine",
      description = "quarantine (default: counted, kept raw under private/quarantine) or fail.")
  String onMalformed;

  @Option(names = "--chunk-size", paramLabel = "BYTES", description = "Input bytes per chunk (default 1 MiB; 16 MiB when JSON lines, CSV or ClassAds are written as Parquet, whose row groups are the chunks).")
  Integer chunkBytes;

  @Option(names = "--dictionary", paramLabel = "FILE",
      description = "User names for scrub-text's dictionary, one per line (UTF-8; blank lines and # comments ignored), "
          + "e.g. the site's accounts; added to those the first pass collects. Private input: never echoed.")
  Path dictionary;

  @Option(names = "--single-pass", description = "With --dictionary: skip the first pass and use exactly those names, "
      + "verifying every record against them; if a record names a user missing from the file, the run is redone in "
      + "two passes (docs/pipeline.md).")
  boolean singlePass;

  @Option(names = "--experiments", split = ",", paramLabel = "NAME",
      description = "The public list of experiments (x509UserProxyVOName values, comma-separated): with it, the run "
          + "also writes anonkit demo's steps (6) and (7) from the clear inputs: jobs and failed jobs per experiment "
          + "with differential privacy (share/failures-dp.csv) and the finished jobs as a k-anonymous table "
          + "(share/jobs-kanon.csv); see docs/differential-privacy.md and docs/k-anonymity.md.")
  List<String> experiments;

  @Option(names = "--onsite-sites", split = ",", paramLabel = "SITE",
      description = "With --experiments: the sites of your own pool (MATCH_EXP_JOB_Site values, comma-separated), "
          + "which the k-anonymous table may generalize to onsite, every other site to offsite (default: the policy's "
          + "releases.kanon.onsiteSites, else FermiGrid, Fermilab's).")
  List<String> onsiteSites;

  @Option(names = "--dp-release", paramLabel = "LABEL",
      description = "With --experiments: a label for this differentially private release (letters, digits, . _ : -; "
          + "e.g. the batch's date), part of its noise's key: runs under different labels get independent noise and "
          + "compose (epsilon each); runs under one label, or none, over changing data tell which experiments' figures "
          + "changed (docs/differential-privacy.md).")
  String dpRelease;

  private final PrintStream stdout;
  private final PrintStream stderr;

  public RunCommand() {
    this(System.out, System.err);
  }

  /** For tests: captured streams. */
  RunCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    try {
      byte[] policyBytes = policyBytes(policy);
      Policy p = PolicyJson.parse(new String(policyBytes, java.nio.charset.StandardCharsets.UTF_8));
      ReleaseSettings settings = ReleaseSettings.of(p); // checked with the policy, with or without --experiments
      MasterKey key = loadKey(keyFile, keySource);
      Pipeline.Builder b = Pipeline.builder(p).policySource(policyBytes).key(key).mode(mode).resume(resume)
          .releaseNames(Releases.FILES)
          .vectors(!noVectors);
      configure(b, threads, chunkBytes, failures, format, outputFormat, compress, onMalformed);
      configureDictionary(spec, b, dictionary, singlePass);
      if (stderrIsTerminal()) {
        b.progress(stderr);
      }
      for (Path in : inputs) {
        if (!Files.isReadable(in)) {
          throw new ParameterException(spec.commandLine(), "cannot read input " + in);
        }
      }
      if (onsiteSites != null && experiments == null) {
        throw new ParameterException(spec.commandLine(), "--onsite-sites is for the k-anonymous table of --experiments");
      }
      if (dpRelease != null && experiments == null) {
        throw new ParameterException(spec.commandLine(), "--dp-release is for the differentially private figures of "
            + "--experiments");
      }
      Releases[] releases = {null};
      if (experiments != null) {
        List<String> listed = names("--experiments", experiments);
        RecordFormat inputFormat = format == null ? null : RecordFormat.fromName(format);
        ReleaseSettings sited = onsiteSites == null ? settings
            : settings.withOnsiteSites(names("--onsite-sites", onsiteSites));
        ReleaseSettings given = dpRelease == null ? sited : sited.withDpRelease(dpRelease);
        // made and written as the run's last step, under its lock and before INCOMPLETE.txt goes: written after
        // the run, a second run into OUT could start in between and get these figures beside its data, and a
        // release that failed left a share/ that said complete
        b.beforeComplete(run -> {
          releases[0] = Releases.of(inputs, inputFormat, listed, given, key, run);
          return releases[0].write(run);
        });
      }
      RunReport r;
      // Ctrl-C or a kill (SIGTERM) ended the run without a word: say what is left and how to finish it
      Thread interrupted = new Thread(() -> stderr.println(interruptedMessage(out)), "anonkit-run-interrupted");
      Runtime.getRuntime().addShutdownHook(interrupted);
      try {
        r = b.build().run(inputs, out);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(interrupted);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook says so
        }
      }
      printSummary(stdout, r, 20);
      if (releases[0] != null) {
        stdout.println();
        releases[0].print(stdout, r, out.toAbsolutePath().normalize());
      }
      return 0;
    } catch (ParameterException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e); // a setting refused: no usage text
    } catch (AnonException | IOException e) {
      stderr.println("anonkit run: " + describe(e));
      return 1;
    } catch (java.io.UncheckedIOException e) {
      stderr.println("anonkit run: " + withCause(e));
      return 1;
    }
  }

  /**
   * Whether standard error is a terminal, where progress goes: on Linux, what file descriptor 2 links to
   * ({@code System.console()} is null as soon as standard output is redirected, {@code anonkit run ... >
   * run.log}, which hid the progress from a terminal that showed stderr); elsewhere, whether there is a console.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null; // no /proc (macOS, Windows) or not allowed to read it: the JDK's answer
    }
  }

  /** The names an option lists, sorted and distinct; a usage error for an empty one. */
  private List<String> names(String option, List<String> given) {
    if (given.isEmpty() || given.stream().anyMatch(String::isBlank)) {
      throw new ParameterException(spec.commandLine(), option + ": an empty name in the list");
    }
    return List.copyOf(new java.util.TreeSet<>(given));
  }

  /** What a run stopped by a signal (Ctrl-C, SIGTERM) prints as the JVM exits. */
  static String interruptedMessage(Path out) {
    return "anonkit run: interrupted before it finished: " + out.resolve("share").resolve("INCOMPLETE.txt")
        + " stays, so share nothing from " + out + "; rerun the same command with --resume to complete it "
        + "(temporary files left behind are removed then)";
  }

  /**
   * An error's message for the console (every command's, through {@link Main}). A file-system error without a
   * reason has only the path for its message ({@code --out /proc/x} printed "anonkit run: /proc/x"): the reason
   * its type names is added.
   */
  static String describe(Exception e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null) {
      String why = f instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
          : f instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : f instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
          : f instanceof java.nio.file.NotDirectoryException ? "not a directory"
          : f instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
          : "file system error (" + f.getClass().getSimpleName() + ")";
      return f.getMessage() + ": " + why;
    }
    return e.getMessage();
  }

  /**
   * The message of a wrapped I/O error with its cause's: "cannot write vectors" alone did not say that
   * the disk was full. (I/O errors only: their messages name files and system errors, never a value.)
   */
  static String withCause(java.io.UncheckedIOException e) {
    String m = e.getMessage();
    String cause = e.getCause() == null ? null : e.getCause().getMessage();
    return cause == null || m != null && m.contains(cause) ? m : m + ": " + cause;
  }

  /**
   * Applies {@code --dictionary} and {@code --single-pass}: usage error if {@code --single-pass} comes
   * without a dictionary file or with one that holds no names.
   */
  static void configureDictionary(CommandSpec spec, Pipeline.Builder b, Path file, boolean singlePass)
      throws IOException {
    if (singlePass && file == null) {
      throw new ParameterException(spec.commandLine(), "--single-pass needs --dictionary FILE (the known user names)");
    }
    if (file == null) {
      return;
    }
    List<String> names = readDictionary(file);
    if (singlePass && names.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--single-pass: the dictionary file holds no names");
    }
    b.dictionary(names).singlePass(singlePass);
  }

  /**
   * The names of a dictionary file: one per line, UTF-8, surrounding white space stripped, blank lines
   * and lines starting with {@code #} ignored. Errors name the file, never a line.
   */
  static List<String> readDictionary(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException("dictionary file " + file + " is not UTF-8 text");
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("cannot read dictionary file " + file);
    }
    List<String> names = new java.util.ArrayList<>();
    for (String line : lines) {
      String n = line.strip();
      if (n.startsWith("\uFEFF")) {
        n = n.substring(1).strip(); // a byte order mark
      }
      if (!n.isEmpty() && !n.startsWith("#")) {
        names.add(n);
      }
    }
    return names;
  }

  /** The summary's dictionary line, or null when no single pass was asked for: counts only, never a name. */
  static String dictionaryLine(RunReport r) {
    if (r.singlePass()) {
      return String.format(Locale.ROOT, "dictionary: single pass (%,d supplied names, every record verified)",
          r.dictionaryNames());
    }
    if (r.singlePassFellBack()) {
      return String.format(Locale.ROOT, "dictionary: single pass failed verification: %,d record(s) name users "
          + "missing from the dictionary; ran two passes (%,d names)", r.recordsMissingFromDictionary(),
          r.dictionaryNames());
    }
    return null;
  }

  static byte[] policyBytes(String policy) throws IOException {
    if (policy.startsWith("bundled:")) {
      return Pipeline.bundledPolicy(policy.substring("bundled:".length()));
    }
    Path file = Path.of(policy);
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) { // its message is the path alone ("anonkit run: p.json")
      throw new IOException("policy file not found: " + file);
    } catch (IOException e) { // "Is a directory" alone did not say which file
      throw new IOException("cannot read policy file " + file + ": " + e.getMessage());
    }
  }

  static MasterKey loadKey(Path keyFile, String keySource) {
    if (keyFile != null && keySource != null) {
      throw new IllegalArgumentException("give --key-file or --key-source, not both");
    }
    if (keyFile != null) {
      return KeySources.open("file:" + keyFile).load(null);
    }
    if (keySource != null) {
      return KeySources.open(keySource).load(null);
    }
    return null;
  }

  static void configure(Pipeline.Builder b, Integer threads, Integer chunkBytes, String failures, String format,
      String outputFormat, String compress, String onMalformed) {
    if (threads != null) {
      b.threads(threads);
    }
    if (chunkBytes != null) {
      b.chunkBytes(chunkBytes);
    }
    if (failures != null) {
      try {
        b.failureDefinition(FailureDefinition.of(failures));
      } catch (PolicyException e) { // the option's text, not a policy file: a usage error
        throw new IllegalArgumentException("--failure-preset: " + e.getMessage(), e);
      }
    }
    if (format != null) {
      b.inputFormat(RecordFormat.fromName(format));
    }
    if (outputFormat != null) {
      b.outputFormat(RecordFormat.fromName(outputFormat));
    }
    if (compress != null) {
      switch (compress.toLowerCase(Locale.ROOT)) {
        case "none":
          b.outputCompression(Compression.NONE);
          break;
        case "gzip":
        case "gz":
          b.outputCompression(Compression.GZIP);
          break;
        case "zstd":
        case "zst":
          b.outputCompression(Compression.ZSTD);
          break;
        default:
          throw new IllegalArgumentException("--compress must be none, gzip or zstd");
      }
    }
    if (onMalformed != null) {
      if (!onMalformed.equals("quarantine") && !onMalformed.equals("fail")) {
        throw new IllegalArgumentException("--on-malformed must be quarantine or fail");
      }
      b.failOnMalformed(onMalformed.equals("fail"));
    }
  }

  /** The final summary: rows, speed, per-field outcomes (top), failures table, where the files are. */
  static void printSummary(PrintStream out, RunReport r, int tableRows) {
    double mb = r.bytesIn() / 1e6;
    out.printf(Locale.ROOT, "rows: %,d in, %,d out, %,d quarantined (%.1f MB in %.2f s, %.1f MB/s, %,.0f records/s)%n",
        r.rowsIn(), r.rowsOut(), r.quarantined(), mb, r.seconds(), mb / Math.max(r.seconds(), 1e-9),
        r.rowsIn() / Math.max(r.seconds(), 1e-9));
    if (!r.resumedInputs().isEmpty()) {
      out.println("resumed (already committed): " + r.resumedInputs());
    }
    String dictionaryLine = dictionaryLine(r);
    if (dictionaryLine != null) {
      out.println(dictionaryLine);
    }
    long[] sum = r.otherFieldCounts(); // fields past the manifest's bound of named fields, summed
    for (long[] c : r.fieldCounts().values()) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += c[i];
      }
    }
    // the last outcome, failed, is a subset of redacted and dropped (a value its transformer rejected,
    // then redacted or dropped as its rule's onFailure says): "1 redacted, ... 1 failed" read as two values
    int failed = RunReport.outcomes().indexOf("failed");
    StringBuilder sb = new StringBuilder("values: ");
    for (int i = 0; i < sum.length; i++) {
      if (i != failed) {
        sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", sum[i], RunReport.outcomes().get(i)));
      }
    }
    if (failed >= 0) {
      sb.append(String.format(Locale.ROOT, " (of which %,d failed: rejected by their transformer)", sum[failed]));
    }
    out.println(sb);
    out.println();
    out.print(r.failures().table(tableRows));
    out.println();
    Path root = r.layout().root();
    out.println("outputs (" + root + "):");
    for (Path p : r.dataFiles()) {
      out.println("  share   data          " + root.relativize(p));
    }
    for (Map.Entry<String, Path> e : new java.util.TreeMap<>(r.files()).entrySet()) {
      String where = r.layout().root().relativize(e.getValue()).startsWith("private") ? "private" : "share  ";
      out.printf(Locale.ROOT, "  %s %-13s %s%n", where, e.getKey(), root.relativize(e.getValue()));
    }
    if (!r.layout().isProtected()) {
      out.println("WARNING: this file system has no POSIX permissions; private/ is not owner-only");
    }
    out.flush();
  }

  @Override
  public String toString() {
    return "RunCommand";
  }
}
