package org.anonkit.benchmarks.pipeline.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * whole process ({@code OperatingSystemMXBean.getProcessCpuTime()}, so GC and JIT threads count), as
 * well as per wall-clock second.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp anon-benchmarks/target/benchmarks.jar
 * org.anonkit.benchmarks.pipeline.io.PipelineIoHarness [reps]}
 */
public final class PipelineIoHarness {
  interface Case {
    long run() throws IOException;
  }

  private PipelineIoHarness() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    Path dir = Files.createTempDirectory("anonkit-io-harness");
    System.out.printf(Locale.ROOT, "%-34s %10s %12s %12s%n", "case", "MB", "MB/s (cpu)",
        "MB/s (wall)");
    for (RecordFormat f : RecordFormat.values()) {
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
    int warmup = 3;
    double[] cpu = new double[reps];
    double[] wall = new double[reps];
    for (int i = 0; i < warmup + reps; i++) {
      long c0 = os.getProcessCpuTime();
      long w0 = System.nanoTime();
      c.run();
      long w1 = System.nanoTime();
      long c1 = os.getProcessCpuTime();
      if (i >= warmup) {
        cpu[i - warmup] = bytes / 1e6 / ((c1 - c0) / 1e9);
        wall[i - warmup] = bytes / 1e6 / ((w1 - w0) / 1e9);
      }
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    System.out.printf(Locale.ROOT, "%-34s %10.1f %12.1f %12.1f%n", name, bytes / 1e6,
        cpu[reps / 2], wall[reps / 2]);
  }
}
