package org.anonkit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.anonkit.AnonException;
import org.anonkit.Policy;
import org.anonkit.config.KeyFiles;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.parquet.ParquetFiles;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RunReport;
import org.anonkit.pipeline.generate.JobGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anonkit demo}: the assignment end to end on generated data: generate → anonymize with the
 * HTCondor policy (user field → tokens + mapping, IPs → Crypto-PAn strings and 32-bit integers, free
 * text scrubbed) → failure statistics → two releases for recipients who need a formal model
 * ({@link DpByExperiment}, {@link KanonJobs}) → manifest, and prints where everything is.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Run the whole assignment on generated HTCondor job ads: (1) user field anonymized with a mapping, "
        + "(2) IP fields as anonymized dotted strings and 32-bit integers, (3) clear and anonymized vectors (.npy), "
        + "(4) a ragged dump of the variable-length records, (5) which users' jobs fail and how often; then (6) jobs "
        + "and failed jobs per experiment with differential privacy and (7) the finished jobs as a k-anonymous table. "
        + "Generates a key into OUT/private/ unless --key-file is given."})
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--records", paramLabel = "N", defaultValue = "20000", description = "Job ads to generate (default ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "anonkit-demo", description = "Output directory (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hmac",
      description = "hmac (irreversible tokens, default) or fpe (format-preserving, reversible with the key).")
  String mode;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--key-file", paramLabel = "FILE", description = "Master key file (default: a new one in OUT/private/).")
  Path keyFile;

  @Option(names = "--policy", paramLabel = "FILE", defaultValue = "bundled:htcondor",
      description = "Policy (default: the shipped HTCondor policy, examples/policies/htcondor.json).")
  String policy;

  @Option(names = {"--failure-preset", "--failures"}, paramLabel = "NAME|EXPR", description = "exit, status, fifemon, or an expression (default: the policy's failures.definition, else exit).")
  String failures;

  @Option(names = "--dictionary", paramLabel = "FILE",
      description = "User names for scrub-text's dictionary, one per line (UTF-8; blank lines and # comments ignored).")
  Path dictionary;

  @Option(names = "--single-pass", description = "With --dictionary: no first pass; every record is verified against "
      + "the names, and a miss redoes the run in two passes.")
  boolean singlePass;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
      description = "Format of the generated input, kept on output: jsonl (default) or parquet (ZSTD; the "
          + "manifest then records clear vs anonymized compressed bytes per column).")
  String format;

  private final PrintStream stdout;
  private final PrintStream stderr;

  public DemoCommand() {
    this(System.out, System.err);
  }

  /** For tests: captured streams. */
  DemoCommand(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    if (records < 1) {
      throw new ParameterException(spec.commandLine(), "--records must be >= 1");
    }
    if (singlePass && dictionary == null) {
      throw new ParameterException(spec.commandLine(), "--single-pass needs --dictionary FILE (the known user names)");
    }
    boolean parquet = format.equalsIgnoreCase("parquet");
    if (!parquet && !format.equalsIgnoreCase("jsonl")) {
      throw new ParameterException(spec.commandLine(), "--format must be jsonl or parquet");
    }
    try {
      // Options and policy first: a usage or policy error must not come after a key and 20,000 records
      // were written (--threads 0 used to fail only once the input had been generated).
      byte[] policyBytes = RunCommand.policyBytes(policy);
      Policy p = PolicyJson.parse(new String(policyBytes, StandardCharsets.UTF_8));
      Pipeline.Builder b = Pipeline.builder(p).policySource(policyBytes).mode(mode).releaseNames(Releases.FILES);
      RunCommand.configure(b, threads, null, failures, null, null, null, null);
      RunCommand.configureDictionary(spec, b, dictionary, singlePass);
      Pipeline.resolvePolicy(p, mode, List.of()); // an unknown --mode
      ReleaseSettings settings = ReleaseSettings.of(p); // steps (6) and (7): a wrong releases section
      Path root = out.toAbsolutePath().normalize();
      Path privateDir = root.resolve("private");
      Files.createDirectories(privateDir);
      // 0. key
      MasterKey key;
      if (keyFile != null) {
        key = RunCommand.loadKey(keyFile, null);
      } else {
        Path generated = privateDir.resolve("demo-key.json");
        if (Files.exists(generated)) {
          key = RunCommand.loadKey(generated, null);
        } else {
          SecureRandom random = new SecureRandom();
          // the id ends with the key's fingerprint: two demo keys of one day no longer share an id, so
          // 'anonkit fpe --key-id' or '--manifest' refuses the other demo's key (review 41 F5)
          key = MasterKey.generateWithFingerprint("demo-" + LocalDate.now(ZoneOffset.UTC), random);
          KeyFiles.write(key, generated);
        }
        stdout.println("key: " + root.relativize(generated) + " (id " + key.id() + "; owner-only; never shared)");
      }
      // 1. generate (clear input: it holds the synthetic identities, so it lives under private/)
      Path input = privateDir.resolve("input").resolve(parquet ? "jobs.parquet" : "jobs.jsonl");
      Files.createDirectories(input.getParent());
      ownerOnly(input.getParent(), "rwx------"); // before any clear byte is written
      long t0 = System.nanoTime();
      long bytes;
      if (parquet) {
        // generated as JSON lines beside it, then converted (columns typed from the values)
        Path lines = input.resolveSibling("jobs-generated.jsonl");
        try {
          JobGenerator.builder().seed(seed).build().write(lines, records);
          ParquetFiles.convert(lines, input, ParquetFiles.DEFAULT_ROWS_PER_GROUP);
        } finally {
          Files.deleteIfExists(lines);
        }
        bytes = Files.size(input);
      } else {
        bytes = JobGenerator.builder().seed(seed).build().write(input, records);
      }
      ownerOnly(input, "rw-------");
      stdout.printf(Locale.ROOT, "generated %,d job ads (%.1f MB) in %.2f s: %s%n", records, bytes / 1e6,
          (System.nanoTime() - t0) / 1e9, root.relativize(input));
      // 2. anonymize
      b.key(key);
      if (RunCommand.stderrIsTerminal()) {
        b.progress(stderr);
      }
      // 6. and 7.: the same question as a formally private aggregate, and the finished jobs as a k-anonymous
      // table, both from the clear input, as the run's last step (under its lock, before INCOMPLETE.txt goes)
      Releases[] releases = {null};
      b.beforeComplete(run -> {
        releases[0] = Releases.of(List.of(input), null, JobGenerator.virtualOrganizations(), settings, key, run);
        return releases[0].write(run);
      });
      RunReport r = b.build().run(List.of(input), root);
      stdout.println();
      stdout.println("(1) user field: Owner -> token; mapping (clear -> token): "
          + root.relativize(r.files().get("mapping.Owner")));
      stdout.println("(2) IP field: JobsubClientIpAddress -> Crypto-PAn dotted string, JobsubClientIpAddress"
          + Pipeline.IP_INTEGER_SUFFIX + " -> the same address as an unsigned 32-bit integer");
      if (r.files().containsKey("vectors.anonymized")) {
        stdout.println("(3) vectors: X_anon " + root.relativize(r.files().get("vectors.anonymized")) + "/X.npy, X_clear "
            + root.relativize(r.files().get("vectors.clear")) + "/X.npy (same shape and column order; numpy.load)");
        stdout.println("(4) ragged dump (Awkward/Arrow offsets + values): " + root.relativize(r.files().get("ragged.anonymized"))
            + "/, clear: " + root.relativize(r.files().get("ragged.clear")) + "/");
      }
      if (parquet) {
        long anonBytes = Files.size(r.dataFiles().get(0));
        stdout.printf(Locale.ROOT, "Parquet (ZSTD): clear input %.2f MB, anonymized %.2f MB (%.3fx; per column in "
            + "%s, section \"compression\")%n", bytes / 1e6, anonBytes / 1e6, (double) anonBytes / bytes,
            root.relativize(r.files().get("manifest")));
      }
      stdout.println("(5) failures per user (by token; clear names in "
          + root.relativize(r.files().get("failures.clear.csv")) + "):");
      stdout.println();
      RunCommand.printSummary(stdout, r, 15);
      stdout.println();
      releases[0].print(stdout, r, root);
      return 0;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e); // a setting refused: no usage text
    } catch (AnonException | IOException e) {
      stderr.println("anonkit demo: " + RunCommand.describe(e));
      return 1;
    } catch (java.io.UncheckedIOException e) {
      stderr.println("anonkit demo: " + RunCommand.withCause(e));
      return 1;
    }
  }

  /** Restricts {@code path} to its owner on POSIX file systems (a no-op elsewhere). */
  private static void ownerOnly(Path path, String permissions) throws java.io.IOException {
    if (Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
    }
  }
}
