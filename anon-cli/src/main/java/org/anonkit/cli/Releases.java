package org.anonkit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.RunReport;
import org.anonkit.pipeline.io.AtomicFile;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.privacy.kanon.KAnonResult;

/**
 * Steps (6) and (7) of the main job, made beside a finished run from its clear inputs: jobs and failed
 * jobs per experiment with differential privacy ({@link DpByExperiment}) and the finished jobs as a
 * k-anonymous table ({@link KanonJobs}), written into {@code share/} (listed in the run's manifest; the next
 * run into the folder deletes them) as the run's last step
 * ({@link org.anonkit.pipeline.Pipeline.Builder#beforeComplete}: under its lock, before
 * {@code INCOMPLETE.txt} goes, so that no other run writes between them and a failed release leaves
 * {@code share/} incomplete) and printed. {@code anonkit demo} makes them
 * always, {@code anonkit run} when given the public list of experiments.
 *
 * <p>Immutable.
 */
record Releases(DpByExperiment.Release dp, KanonJobs.Release kanon) {
  /** The files the releases write into {@code share/}; every run deletes an earlier run's ({@code Builder.releaseNames}). */
  static final List<String> FILES = List.of(DpByExperiment.CSV_FILE, DpByExperiment.JSON_FILE, KanonJobs.CSV_FILE,
      KanonJobs.JSON_FILE);

  /**
   * Reads the run's clear inputs again (twice: one pass per release) and makes both releases with the
   * run's failure definition.
   *
   * @param format the inputs' format as the run was told it, or null: detected
   * @param experiments the public list of experiments (x509UserProxyVOName values)
   * @param settings the releases' parameters (the policy's, with the command line's onsite sites)
   */
  static Releases of(List<Path> inputs, RecordFormat format, List<String> experiments, ReleaseSettings settings,
      MasterKey key, RunReport run) throws IOException {
    DpByExperiment.Release dp = DpByExperiment.of(inputs, format, experiments, settings, key,
        run.failures().definition(), run.failures().expression());
    KanonJobs.Release kanon = KanonJobs.of(inputs, format, experiments, settings, key, run.failures().definition(),
        run.failures().expression(), KanonJobs.maxJobs(Runtime.getRuntime().maxMemory()));
    return new Releases(dp, kanon);
  }

  /**
   * Writes the files of both releases into the run's {@code share/}, each atomically; returns them by
   * name (their file names), for the run's manifest.
   */
  Map<String, Path> write(RunReport run) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>(DpByExperiment.write(dp, run.layout().share()));
    if (kanon.found()) {
      files.putAll(KanonJobs.write(kanon, run.layout().share()));
    }
    return files;
  }

  /**
   * Writes {@code text1} to {@code share/name1} and {@code text2} to {@code share/name2}, each as UTF-8
   * and atomically as share/'s other files (the umask's permissions, forced to disk before the rename,
   * no temporary file left behind when writing fails); returns them by file name.
   */
  static Map<String, Path> writeFiles(Path share, String name1, String text1, String name2, String text2)
      throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    for (String[] f : new String[][] {{name1, text1}, {name2, text2}}) {
      Path target = share.resolve(f[0]);
      try (AtomicFile a = AtomicFile.create(target)) {
        a.stream().write(f[1].getBytes(StandardCharsets.UTF_8));
        a.commit();
      }
      files.put(f[0], target);
    }
    return files;
  }

  /** Prints steps (6) and (7) with paths relative to {@code root}. */
  void print(PrintStream out, RunReport run, Path root) {
    Path share = root.relativize(run.layout().share());
    out.printf(Locale.ROOT, "(6) jobs and failed jobs per experiment with differential privacy (%sepsilon %s, "
        + "privacy unit %s, at most %d jobs per user counted, noise scale %s): %s%n",
        dp.settings().dpRelease().isEmpty() ? "" : "release " + dp.settings().dpRelease() + ", ", dp.settings().epsilon(),
        DpByExperiment.UNIT, dp.settings().maxJobsPerUser(), number(dp.noiseScale()), share.resolve("failures-dp.csv"));
    out.printf(Locale.ROOT, "%-16s %10s %10s%n", "experiment", "jobs_dp", "failed_dp");
    for (String[] row : dp.rows()) {
      out.printf(Locale.ROOT, "%-16s %10s %10s%n", row[0], row[1], row[2]);
    }
    if (dp.withoutUnit() > 0) { // exact, outside the model: the operator's console only
      out.printf(Locale.ROOT, "(%,d jobs without an Owner left out)%n", dp.withoutUnit());
    }
    if (dp.noneListed()) { // every figure is noise alone: --experiments DUNE for the data's dune said nothing
      out.printf(Locale.ROOT, "(no job belongs to the listed experiments, so these figures are noise alone: %s "
          + "values are compared exactly, case included)%n", DpByExperiment.EXPERIMENT);
    }
    out.println();
    if (!kanon.found()) {
      out.println("(7) no k-anonymous job table: " + (kanon.refused() != null ? kanon.refused()
          : "no generalization satisfies the models within the suppression limit"));
      return;
    }
    KAnonResult k = kanon.result();
    out.printf(Locale.ROOT, "(7) finished jobs as a k-anonymous table (every released class: >= %d jobs of >= %d "
        + "users, failed and not): %s%n", kanon.settings().k(), kanon.settings().users(), share.resolve("jobs-kanon.csv"));
    StringBuilder levels = new StringBuilder();
    k.levels().forEach((qi, level) -> levels.append(levels.length() == 0 ? "" : ", ").append(qi).append(' ')
        .append(level));
    out.printf(Locale.ROOT, "    generalization levels: %s; %,d classes, smallest %d jobs; %,d of %,d jobs "
        + "suppressed (limit %s%%)%n", levels, k.classes(), k.risk().minClassSize(), k.suppressedRows(), k.rows(),
        number(kanon.settings().suppression() * 100));
    if (kanon.onsiteJobs() == 0) { // another lab's data with the default FermiGrid, or a name in other case
      out.printf(Locale.ROOT, "    (no finished job ran at %s, the sites taken as onsite, so every site generalizes to "
          + "offsite: --onsite-sites names your own pool's MATCH_EXP_JOB_Site values, compared exactly, case "
          + "included)%n", String.join(", ", kanon.settings().onsiteSites()));
    }
    if (kanon.sampled()) {
      out.printf(Locale.ROOT, "    (a uniform sample of %,d of the %,d finished jobs: the most this step holds in "
          + "memory; ANONKIT_JAVA_OPTS=-Xmx... raises it up to %,d)%n", k.rows(), kanon.finished(), KanonJobs.MAX_JOBS);
    }
    if (kanon.leftOut() > 0) {
      out.printf(Locale.ROOT, "    (%,d jobs still queued or running, or without an Owner, left out)%n",
          kanon.leftOut());
    }
  }

  /** {@code x} as a short decimal: {@code 100}, {@code 2.5}, {@code 0.1} (no float noise such as 5.000000000000001). */
  static String number(double x) {
    return new java.math.BigDecimal(x).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
