package org.anonkit.benchmarks.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.anonkit.FieldRule;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RunReport;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.Compression;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;

/**
 * End-to-end throughput of the pipeline on one generated dataset: a passthrough (parse and write the
 * same format; every field kept, nothing transformed, same runner) beside the full shipped HTCondor
 * policy (hmac mode), to a plain file and to zstd, with 1 and 2 threads. Every measurement is the
 * median over fresh JVM forks with a fixed, pre-touched heap ({@code -Xms=-Xmx}, {@code -XX:+AlwaysPreTouch});
 * each fork runs the configuration {@code --warmups} times (default 1) to warm up and once measured
 * (wall clock of the whole run:
 * reading, first pass, anonymizing, writing, checksums, manifest), and also reports input MB per
 * second of process CPU time, the per-core figure that stays meaningful on a machine shared with
 * other work. Process CPU time includes the JIT compiler threads: with one warm-up run of a small
 * input, compiling the policy's code is a visible part of the measured run's CPU time; more warm-ups
 * give the steady state of a long run. The "excl. JIT" column subtracts the JIT compiler threads' CPU
 * time during the measured run (from {@code /proc}; without it, the compilers' elapsed time from
 * {@code CompilationMXBean.getTotalCompilationTime()}, which can exceed their CPU time) from the process
 * CPU time; GC stays included. The "CPU s" column splits the measured run's
 * process CPU time (Linux only, from {@code /proc/self/task}, in 10 ms ticks) into the threads that live
 * only during the run (the pool: first pass, checksums, workers), the calling thread (reading, splitting,
 * writing, vectors and the run's files), the JVM's GC threads and its JIT compiler threads: the pool's share bounds what
 * more threads can gain. Policies: {@code passthrough}, {@code htcondor} (the whole main job: vectors,
 * failure statistics, mapping, manifest) and {@code htcondor-novectors} (the same without the vectors
 * the policy asks for, i.e. anonymization alone) and {@code htcondor-singlepass} (the whole main job
 * given the data's complete user list: no dictionary pass, every record verified against the list), and
 * {@code htcondor-singlepass-novectors} (both). A cost diagnostic, not a policy to use:
 * {@code htcondor-noscrub} and {@code htcondor-noscrub-novectors} are the same with every
 * {@code scrub-text} rule (and the default rule) replaced by keep, without {@code keepCheck} and without
 * the dictionary pass, so the identity and address transformers, vectors, statistics and mapping run on
 * the same bytes in and out while free text passes in clear: the difference to {@code htcondor} is what
 * scrubbing free text costs. A {@code -noscrub} run that dropped or redacted a value of a field the
 * shipped policy does not drop is refused (it would measure a smaller output).
 *
 * <p>{@code --mode fpe} runs the policies in the shipped policy's {@code fpe} mode (format-preserving,
 * reversible identities) instead of {@code hmac}, as {@code anonkit run --mode} does. A site measures its
 * own policy with {@code file=PATH} in {@code --policies} (its file as {@code anonkit run --policy} reads
 * it, in {@code --mode} where it has modes), and its own data with {@code --input FILE} (any format and
 * compression {@code anonkit run} detects; {@code --records} is then ignored, and the passthrough keeps
 * every attribute the file holds).
 *
 * <p>{@code --pin} runs each fork of a configuration with {@code t} threads under {@code taskset -c
 * 0-(t-1)} (Linux, util-linux): the whole JVM (calling thread, pool, GC, JIT) then has {@code t} CPUs,
 * so one thread is measured on one core and two threads on two, which is how the scaling target
 * ("2 threads give 1.7x one thread") reads per core. Unpinned, a one-thread run also uses a second core
 * for its calling thread (reading, splitting, writing), GC and JIT, and on a two-core machine the
 * two-thread run has no idle core left to gain from.
 *
 * <pre>
 * java -cp anon-benchmarks/target/benchmarks.jar org.anonkit.benchmarks.pipeline.PipelineThroughput \
 *     [--records N] [--forks F] [--threads 1,2] [--warmups W] [--heap 2g] [--dir DIR]
 *     [--policies passthrough,htcondor,htcondor-novectors,htcondor-singlepass,htcondor-singlepass-novectors,
 *                 htcondor-noscrub,htcondor-noscrub-novectors,file=PATH]
 *     [--outputs file,zstd] [--pin] [--mode hmac|fpe] [--input FILE]
 * </pre>
 *
 * Not thread-safe; a command-line harness.
 */
public final class PipelineThroughput {
  private PipelineThroughput() {}

  static final List<String> POLICIES = List.of("passthrough", "htcondor", "htcondor-novectors", "htcondor-singlepass",
      "htcondor-singlepass-novectors", "htcondor-noscrub", "htcondor-noscrub-novectors");

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--fork")) {
      fork(args);
      return;
    }
    int records = 60_000;
    int forks = 3;
    int warmups = 1;
    String heap = "2g";
    int[] threads = {1, 2};
    String[] policies = {"passthrough", "htcondor", "htcondor-novectors", "htcondor-singlepass"};
    String[] outputs = {"file", "zstd"};
    Path dir = null;
    boolean pin = false;
    String mode = "hmac";
    Path given = null;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--pin":
          pin = true;
          i--; // no value
          break;
        case "--records":
          records = Integer.parseInt(args[i + 1]);
          break;
        case "--forks":
          forks = Integer.parseInt(args[i + 1]);
          break;
        case "--threads":
          threads = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
          break;
        case "--warmups":
          warmups = Integer.parseInt(args[i + 1]);
          break;
        case "--heap":
          heap = args[i + 1];
          break;
        case "--dir":
          dir = Path.of(args[i + 1]);
          break;
        case "--outputs":
          outputs = args[i + 1].split(",");
          break;
        case "--mode":
          mode = args[i + 1];
          if (!mode.equals("hmac") && !mode.equals("fpe")) {
            throw new IllegalArgumentException("--mode is hmac or fpe");
          }
          break;
        case "--input":
          given = Path.of(args[i + 1]);
          break;
        case "--policies":
          policies = args[i + 1].split(",");
          if (!policies[0].equals("passthrough")) {
            throw new IllegalArgumentException("--policies starts with passthrough (the baseline)");
          }
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    for (String policy : policies) {
      if (!POLICIES.contains(policy) && !policy.startsWith("file=")) {
        throw new IllegalArgumentException("unknown policy " + policy + "; known: " + POLICIES + " and file=PATH");
      }
    }
    if (dir == null) {
      dir = Files.createTempDirectory("anonkit-pipeline-bench");
    } else {
      Files.createDirectories(dir);
    }
    Path input = given != null ? given : dir.resolve("jobs.jsonl");
    if (given == null) {
      long bytes = JobGenerator.builder().seed(1).build().write(input, records);
      System.out.printf(Locale.ROOT, "input: %,d records, %.1f MB JSON lines, %s", records, bytes / 1e6, input);
    } else {
      System.out.printf(Locale.ROOT, "input: %s, %.1f MB (format detected as anonkit run does)", input,
          Files.size(input) / 1e6);
    }
    System.out.printf(Locale.ROOT, "; mode %s (the policies but the passthrough)%s%n", mode,
        pin ? "; forks pinned: t threads on CPUs 0..t-1 (taskset)" : "");
    System.out.printf(Locale.ROOT, "%-20s %-5s %7s %10s %12s %14s %14s %-24s %s%n", "policy", "out", "threads", "MB/s",
        "records/s", "MB/CPU-second", "excl. JIT", "CPU s: pool/main/GC/JIT", "forks (MB/s wall)");
    List<String> rows = new ArrayList<>();
    for (String out : outputs) {
      for (int t : threads) {
        double pass = 0;
        double passNoJit = 0;
        for (String policy : policies) {
          double[] mbps = new double[forks];
          double[] rps = new double[forks];
          double[] cpu = new double[forks];
          double[] noJit = new double[forks];
          double[][] split = new double[4][forks];
          for (int f = 0; f < forks; f++) {
            double[] r = runFork(heap, input, dir.resolve("out-" + f), policy, mode, out, t, warmups, pin);
            mbps[f] = r[0];
            rps[f] = r[1];
            cpu[f] = r[2];
            noJit[f] = r[3];
            for (int k = 0; k < 4; k++) {
              split[k][f] = r[4 + k];
            }
          }
          double m = median(mbps);
          double c = median(cpu);
          double cj = median(noJit);
          if (policy.equals("passthrough")) {
            pass = c;
            passNoJit = cj;
          }
          String cpuSplit = split[0][0] < 0 ? "n/a (no /proc)" : String.format(Locale.ROOT, "%.2f/%.2f/%.2f/%.2f",
              median(split[0]), median(split[1]), median(split[2]), median(split[3]));
          String line = String.format(Locale.ROOT, "%-20s %-5s %7d %10.1f %12.0f %14.1f %14.1f %-24s %s%s", policy, out, t,
              m, median(rps), c, cj, cpuSplit, Arrays.toString(round(mbps)), policy.equals("passthrough") ? "" : String.format(
                  Locale.ROOT, "  per CPU-second: %.0f%% of passthrough (excl. JIT: %.0f%%)", 100 * c / pass,
                  100 * cj / passNoJit));
          System.out.println(line);
          rows.add(line);
        }
      }
    }
    if (given == null) {
      Files.delete(input);
    }
    try (Stream<Path> left = Files.list(dir)) {
      if (left.findAny().isEmpty()) {
        Files.delete(dir); // each fork deleted its output; a folder holding anything else stays
      }
    }
  }

  private static double[] runFork(String heap, Path input, Path out, String policy, String mode, String output,
      int threads, int warmups, boolean pin) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    if (pin) {
      if (threads > Runtime.getRuntime().availableProcessors()) {
        throw new IllegalArgumentException("--pin: " + threads + " threads need as many CPUs; this JVM has "
            + Runtime.getRuntime().availableProcessors());
      }
      command.addAll(List.of("taskset", "-c", threads == 1 ? "0" : "0-" + (threads - 1)));
    }
    command.addAll(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch", "-cp",
        System.getProperty("java.class.path"), PipelineThroughput.class.getName(), "--fork", input.toString(),
        out.toString(), policy, output, Integer.toString(threads), Integer.toString(warmups), mode));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String result = null;
    StringBuilder all = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        all.append(line).append('\n');
        if (line.startsWith("RESULT ")) {
          result = line;
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      throw new IllegalStateException("fork failed:\n" + all);
    }
    String[] f = result.split(" ");
    double[] v = new double[f.length - 1];
    for (int i = 1; i < f.length; i++) {
      v[i - 1] = Double.parseDouble(f[i]);
    }
    return v;
  }

  /** In the fork: {@code warmups} warm-up runs (JIT), one measured run. */
  private static void fork(String[] args) throws IOException {
    Path input = Path.of(args[1]);
    Path out = Path.of(args[2]);
    String policyName = args[3];
    Compression compression = args[4].equals("zstd") ? Compression.ZSTD : Compression.NONE;
    int threads = Integer.parseInt(args[5]);
    boolean file = policyName.startsWith("file=");
    byte[] source = file ? Files.readAllBytes(Path.of(policyName.substring(5))) : Pipeline.bundledPolicy("htcondor");
    Policy policy = policyName.equals("passthrough") ? passthrough(input)
        : PolicyJson.parse(new String(source, StandardCharsets.UTF_8));
    String mode = policyName.equals("passthrough") ? null : args[7];
    String variant = file ? "" : policyName; // the -noscrub, -singlepass and -novectors variants of htcondor
    Policy shipped = policy;
    if (variant.contains("-noscrub")) {
      policy = withoutScrubbing(policy, passthrough(input));
    }
    // the site's user list, as a data owner would supply it (collected here, outside the measured runs)
    List<String> userList = variant.contains("-singlepass")
        ? org.anonkit.pipeline.ScrubDictionary.of(policy, mode).namesIn(List.of(input), null) : List.of();
    MasterKey key = MasterKey.generate("bench", new SecureRandom());
    RunReport r = null;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    long cpu = 0;
    long jitNanos = 0;
    long[] split = null;
    int warmups = Integer.parseInt(args[6]);
    for (int i = 0; i <= warmups; i++) {
      deleteTree(out);
      long[] t0 = ThreadCpu.snapshot();
      long c0 = os.getProcessCpuTime();
      long j0 = jit.getTotalCompilationTime();
      r = Pipeline.builder(policy).mode(mode).key(key).threads(threads).outputCompression(compression)
          .vectors(!variant.contains("-novectors")).dictionary(userList).singlePass(!userList.isEmpty()).build()
          .run(List.of(input), out);
      if (!userList.isEmpty() && !r.singlePass()) {
        throw new IllegalStateException("the single-pass run fell back to two passes");
      }
      if (variant.contains("-noscrub")) {
        checkNothingRemoved(r, shipped);
      }
      cpu = os.getProcessCpuTime() - c0;
      jitNanos = (jit.getTotalCompilationTime() - j0) * 1_000_000L;
      split = ThreadCpu.split(t0, ThreadCpu.snapshot(), cpu);
      if (split != null) {
        jitNanos = split[3]; // the compiler threads' CPU time, where /proc tells it (else their elapsed time)
      }
    }
    System.out.printf(Locale.ROOT, "RESULT %.3f %.1f %.3f %.3f %.3f %.3f %.3f %.3f%n", r.bytesIn() / 1e6 / r.seconds(),
        r.rowsIn() / r.seconds(), r.bytesIn() / 1e6 / (cpu / 1e9),
        r.bytesIn() / 1e6 / (Math.max(1, cpu - jitNanos) / 1e9),
        split == null ? -1.0 : split[0] / 1e9, split == null ? -1.0 : split[1] / 1e9,
        split == null ? -1.0 : split[2] / 1e9, split == null ? -1.0 : split[3] / 1e9);
    deleteTree(out);
  }

  /**
   * {@code policy} with its {@code scrub-text} rules replaced by keep, the input's fields it does not name
   * kept too (as {@code passthrough} lists them) and without the dictionary section (so no dictionary
   * pass): a cost diagnostic that writes free text in clear.
   */
  static Policy withoutScrubbing(Policy policy, Policy passthrough) {
    // keepCheck goes too: with it, a kept field's text would take this policy's default rule (drop), so the
    // diagnostic would write a fraction of the bytes (from 2026-11-27 06:54 to 19:45 UTC it wrote 40.5 of
    // 179 MB: every figure of it in that time measured a smaller output)
    Policy.Builder b = Policy.builder().name(policy.name() + "-noscrub").redactionMarker(policy.redactionMarker());
    for (FieldRule r : policy.rules()) {
      b.rule("scrub-text".equals(r.transformer()) ? FieldRule.keep(r.field()) : r);
    }
    for (FieldRule r : passthrough.rules()) {
      if (!policy.names(r.field())) {
        b.rule(r);
      }
    }
    for (String e : policy.extensionNames()) {
      if (!e.equals("dictionary") && !e.equals("scrub") && !e.equals("keepCheck")) {
        b.extension(e, policy.extension(e));
      }
    }
    return b.build();
  }

  /**
   * Refuses a {@code -noscrub} run that dropped or redacted a value of a field the shipped policy does
   * not drop: the diagnostic must write what the main job writes, with free text in clear, or its
   * difference to {@code htcondor} is not the cost of scrubbing.
   */
  static void checkNothingRemoved(RunReport r, Policy shipped) {
    int redacted = RunReport.outcomes().indexOf("redacted");
    int dropped = RunReport.outcomes().indexOf("dropped");
    for (java.util.Map.Entry<String, long[]> e : r.fieldCounts().entrySet()) {
      boolean shippedDrops = shipped.names(e.getKey()) && shipped.rule(e.getKey()).action() == FieldRule.Action.DROP;
      long removed = e.getValue()[redacted] + e.getValue()[dropped];
      if (removed > 0 && !shippedDrops) {
        throw new IllegalStateException("the noscrub diagnostic removed " + removed + " values of field "
            + e.getKey() + ": it would measure a smaller output than the main job's");
      }
    }
  }

  /** Every field of the input kept, nothing transformed (the default rule, never reached, drops). */
  static Policy passthrough(Path input) throws IOException {
    java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    try (RecordInput in = RecordInput.builder(input).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          for (int i = 0; i < r.size(); i++) {
            names.add(r.name(i));
          }
        }

        @Override
        public void malformed(MalformedRecord m) {
          // its fields are unknown; every run quarantines it alike
        }
      });
    }
    return Policy.builder().name("passthrough").keep(names.toArray(new String[0])).build();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double[] round(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Math.round(v[i] * 10) / 10.0;
    }
    return r;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
