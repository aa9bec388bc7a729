package org.anonkit.benchmarks.pipeline.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.anonkit.pipeline.io.Chunk;
import org.anonkit.pipeline.io.ChunkParser;
import org.anonkit.pipeline.io.Compression;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.pipeline.io.RecordOutput;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A CPU-time harness for the same work as {@link PipelineIoBenchmark}, for shared, oversubscribed
 * machines where JMH's wall-clock figures are dominated by other processes: each case runs
 * {@code warmup + reps} times on one thread and reports the median throughput per CPU-second of the
 * benchmark thread ({@code ThreadMXBean}, precise; GC and JIT threads excluded), per CPU-second of
 * the whole process ({@code OperatingSystemMXBean.getProcessCpuTime()}, 10 ms ticks; GC and JIT
 * included), and per wall-clock second.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp anon-benchmarks/target/benchmarks.jar
 * org.anonkit.benchmarks.pipeline.io.PipelineIoHarness [reps]}
 */
public final class PipelineIoHarness {
  interface Case {
    long run() throws IOException;
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean();

  private PipelineIoHarness() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    String only = args.length > 1 ? args[1] : "";
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    Path dir = Files.createTempDirectory("anonkit-io-harness");
    System.out.printf(Locale.ROOT, "%-34s %8s %14s %14s %12s%n", "case", "MB",
        "MB/s thread-cpu", "MB/s proc-cpu", "MB/s wall");
    for (RecordFormat f : RecordFormat.values()) {
      if (f.external() || !only.isEmpty() && !only.equals(f.cliName())) { // Parquet: see benchmarks.parquet
        continue;
      }
      byte[] input = JobAdData.encode(f, PipelineIoBenchmark.INPUT_BYTES, 2024);
      String fn = f.cliName();
      measure(os, reps, fn + " parse", input.length, () -> parse(input, f, bh));
      measure(os, reps, fn + " passthrough null", input.length,
          () -> pass(input, f, OutputStream.nullOutputStream(), null, bh));
      measure(os, reps, fn + " passthrough file", input.length,
          () -> passFile(input, f, dir.resolve("out"), Compression.NONE, bh));
      measure(os, reps, fn + " passthrough file.zst", input.length,
          () -> passFile(input, f, dir.resolve("out.zst"), Compression.ZSTD, bh));
      if (f == RecordFormat.JSONL) {
        measure(os, reps, fn + " passthrough file.gz", input.length,
            () -> passFile(input, f, dir.resolve("out.gz"), Compression.GZIP, bh));
        PipelineIoBaselineBenchmark base = new PipelineIoBaselineBenchmark();
        base.jsonl = input;
        measure(os, reps, "baseline jackson-core jsonl copy", input.length, base::jacksonJsonlCopy);
      }
      if (f == RecordFormat.CSV) {
        PipelineIoBaselineBenchmark base = new PipelineIoBaselineBenchmark();
        base.csv = input;
        measure(os, reps, "baseline jackson-csv read", input.length, () -> base.jacksonCsvRead(bh));
      }
    }
    Files.deleteIfExists(dir);
  }

  static long parse(byte[] input, RecordFormat f, Blackhole bh) throws IOException {
    long n = 0;
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(input)).format(f).open()) {
      ChunkParser p = in.newParser();
      PipelineIoBenchmark.Sink sink = new PipelineIoBenchmark.Sink(bh, null);
      for (Chunk c; (c = in.next()) != null; ) {
        p.parse(c, sink);
        n += c.recordCount();
      }
    }
    return n;
  }

  static long pass(byte[] input, RecordFormat f, OutputStream os, Path target, Blackhole bh)
      throws IOException {
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(input)).format(f).open();
        RecordOutput out = (target == null ? RecordOutput.builder(os) : RecordOutput.builder(target))
            .format(f).columns(in.columns()).create()) {
      return PipelineIoBenchmark.run(in, out, bh);
    }
  }

  static long passFile(byte[] input, RecordFormat f, Path target, Compression c, Blackhole bh)
      throws IOException {
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(input)).format(f).open();
        RecordOutput out = RecordOutput.builder(target).format(f).compression(c)
            .columns(in.columns()).create()) {
      return PipelineIoBenchmark.run(in, out, bh);
    } finally {
      Files.deleteIfExists(target);
    }
  }

  static void measure(com.sun.management.OperatingSystemMXBean os, int reps, String name,
      int bytes, Case c) throws IOException {
    // Process CPU time ticks coarsely (10 ms): each sample repeats the case for >= 0.5 s of CPU.
    int warmup = 2;
    double[] cpu = new double[reps];
    double[] wall = new double[reps];
    double[] thread = new double[reps];
    for (int i = 0; i < warmup + reps; i++) {
      long c0 = os.getProcessCpuTime();
      long t0 = THREADS.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      long done = 0;
      do {
        c.run();
        done += bytes;
      } while (os.getProcessCpuTime() - c0 < 500_000_000L);
      long w1 = System.nanoTime();
      long t1 = THREADS.getCurrentThreadCpuTime();
      long c1 = os.getProcessCpuTime();
      if (i >= warmup) {
        cpu[i - warmup] = done / 1e6 / ((c1 - c0) / 1e9);
        thread[i - warmup] = done / 1e6 / ((t1 - t0) / 1e9);
        wall[i - warmup] = done / 1e6 / ((w1 - w0) / 1e9);
      }
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    Arrays.sort(thread);
    System.out.printf(Locale.ROOT, "%-34s %8.1f %14.1f %14.1f %12.1f%n", name, bytes / 1e6,
        thread[reps / 2], cpu[reps / 2], wall[reps / 2]);
  }
}
