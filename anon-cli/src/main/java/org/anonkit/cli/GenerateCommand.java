package org.anonkit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.anonkit.parquet.ParquetFiles;
import org.anonkit.pipeline.generate.JobGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code anonkit generate}: synthetic, realistic HTCondor job ads (deterministic for a seed). */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
        "Generate synthetic HTCondor job ads like Fermilab's FIFE job dumps: experiments dune, nova, uboone, "
        + "icarus, mu2e; Zipf user activity; x509 subjects; FermiGrid and OSG worker nodes; sinful strings; "
        + "consistent JobStatus/ExitCode/HoldReason; free text with user names, paths, IPs. Synthetic identities "
        + "only. The format follows the file name: .jsonl, .csv or .history, optionally .gz or .zst, or .parquet "
        + "(ZSTD Parquet with typed columns, 65,536 rows per row group)."})
public final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--records", paramLabel = "N", defaultValue = "10000", description = "Number of job ads (default ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed; equal seeds give equal files (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--users", paramLabel = "N", defaultValue = "300", description = "User accounts, 10 to 100,000 (default ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file (.jsonl, .csv, .history [.gz|.zst], .parquet).")
  Path out;

  private final PrintStream stderr;

  public GenerateCommand() {
    this(System.err);
  }

  /** For tests: a captured error stream. */
  GenerateCommand(PrintStream stderr) {
    this.stderr = stderr;
  }

  @Override
  public Integer call() {
    if (records < 0) {
      throw new ParameterException(spec.commandLine(), "--records must be >= 0");
    }
    JobGenerator g;
    boolean parquet = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    if (!parquet) {
      try {
        JobGenerator.Format.fromFileName(out.getFileName().toString());
      } catch (IllegalArgumentException e) { // the generator's own formats, and this command's Parquet
        throw new ParameterException(spec.commandLine(), e.getMessage() + ", or .parquet");
      }
    }
    try {
      g = JobGenerator.builder().seed(seed).users(users).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    long t0 = System.nanoTime();
    long bytes;
    try {
      if (parquet) {
        // generated as JSON lines next to the target, then converted (columns typed from the values);
        // convert writes atomically and owner-only, as the other formats' output is
        Path dir = out.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(dir);
        Path tmp = java.nio.file.Files.createTempFile(dir, ".anonkit-generate", ".jsonl");
        try {
          g.write(tmp, records);
          ParquetFiles.convert(tmp, out, ParquetFiles.DEFAULT_ROWS_PER_GROUP);
        } finally {
          java.nio.file.Files.deleteIfExists(tmp);
        }
        bytes = java.nio.file.Files.size(out);
      } else {
        bytes = g.write(out, records);
      }
    } catch (IOException e) {
      stderr.println("anonkit generate: cannot write " + out + ": " + e.getMessage());
      return 1;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    stderr.printf(Locale.ROOT, "wrote %,d job ads (%.1f MB) to %s in %.2f s (%,.0f ads/s)%n", records, bytes / 1e6, out,
        s, records / Math.max(s, 1e-9));
    stderr.flush();
    return 0;
  }
}
