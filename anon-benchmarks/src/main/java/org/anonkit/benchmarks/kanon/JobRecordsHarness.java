package org.anonkit.benchmarks.kanon;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.anonkit.privacy.generalize.Hierarchy;
import org.anonkit.privacy.kanon.DataTable;
import org.anonkit.privacy.kanon.KAnonResult;
import org.anonkit.privacy.kanon.KAnonymizer;
import org.anonkit.privacy.kanon.PrivacyModel;

/**
 * Scale harness (not JMH: one run of minutes is the measurement): generates {@code rows} synthetic
 * HTCondor job records with eight quasi-identifiers (site, accounting group, submit hour, memory
 * request, runtime, exit code, requested CPUs, universe) from Zipf-like distributions, in
 * submissions (clusters) of 1 to 500 jobs that share everything but runtime and exit code, searches the
 * 25,920-node lattice for the optimal k-anonymous generalization with suppression, writes the
 * anonymized table to a counting sink, and prints time and peak heap per phase.
 *
 * <pre>java -Xmx16g -cp anon-benchmarks/target/benchmarks.jar org.anonkit.benchmarks.kanon.JobRecordsHarness 10000000 5 0.01</pre>
 */
public final class JobRecordsHarness {
  static final List<String> COLUMNS = List.of("site", "group", "submit_hour", "memory_mb", "runtime_s", "exit_code",
      "cpus", "universe");
  static final long YEAR_START = 1_704_067_200L; // 2024-01-01T00:00:00Z

  private JobRecordsHarness() {}

  /** Inverse-CDF sampler of ranks 0..n-1 with weight 1/(rank+1)^s. */
  static final class Zipf {
    private final double[] cdf;

    Zipf(int n, double s) {
      cdf = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += 1 / Math.pow(i + 1, s);
        cdf[i] = sum;
      }
      for (int i = 0; i < n; i++) {
        cdf[i] /= sum;
      }
    }

    int sample(SplittableRandom r) {
      double u = r.nextDouble();
      int lo = 0;
      int hi = cdf.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }

  static String[] names(String prefix, int n) {
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = String.format(Locale.ROOT, "%s%04d", prefix, i);
    }
    return s;
  }

  static DataTable generate(int rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] sites = names("site", 60);
    String[] groups = names("group_", 2000);
    String[] hours = new String[366 * 24];
    for (int h = 0; h < hours.length; h++) {
      hours[h] = Long.toString(YEAR_START + 3600L * h);
    }
    String[] memory = {"512", "1024", "2000", "2048", "3000", "4096", "6000", "8192", "12000", "16384", "32768",
        "65536"};
    String[] runtimes = new String[24 * 60 * 3];
    for (int m = 0; m < runtimes.length; m++) {
      runtimes[m] = Long.toString(60L * (m + 1));
    }
    String[] exits = new String[256];
    for (int e = 0; e < 256; e++) {
      exits[e] = Integer.toString(e);
    }
    String[] cpus = {"1", "2", "4", "8", "16", "32"};
    String[] universes = {"vanilla", "docker", "container", "local", "scheduler", "grid", "parallel"};
    Zipf siteZ = new Zipf(sites.length, 1.1);
    Zipf groupZ = new Zipf(groups.length, 1.05);
    Zipf memZ = new Zipf(memory.length, 0.8);
    Zipf cpuZ = new Zipf(cpus.length, 1.6);
    Zipf uniZ = new Zipf(universes.length, 2.0);
    DataTable.Builder b = DataTable.builder(COLUMNS);
    String[] row = new String[COLUMNS.size()];
    Zipf clusterZ = new Zipf(500, 1.2); // jobs per submission (HTCondor cluster), 1..500
    int i = 0;
    while (i < rows) {
      // One submission: same site, group, hour, memory, CPUs and universe for all its jobs.
      row[0] = sites[siteZ.sample(r)];
      row[1] = groups[groupZ.sample(r)];
      int day = r.nextInt(366);
      int hour = r.nextInt(10) < 7 ? 8 + r.nextInt(10) : r.nextInt(24); // busier working hours
      row[2] = hours[day * 24 + hour];
      row[3] = memory[memZ.sample(r)];
      row[6] = cpus[cpuZ.sample(r)];
      row[7] = universes[uniZ.sample(r)];
      double median = 3 + 1.5 * gaussian(r); // log minutes: median 20 minutes over submissions
      int jobs = Math.min(rows - i, 1 + clusterZ.sample(r));
      for (int j = 0; j < jobs; j++, i++) {
        double minutes = Math.exp(median + 0.3 * gaussian(r));
        row[4] = runtimes[(int) Math.max(0, Math.min(runtimes.length - 1, Math.round(minutes) - 1))];
        int e = r.nextInt(100);
        row[5] = exits[e < 85 ? 0 : e < 93 ? 1 : e < 96 ? 137 : e < 98 ? 143 : r.nextInt(256)];
        b.addRow(row);
      }
    }
    return b.build();
  }

  static double gaussian(SplittableRandom r) {
    double u = Math.max(1e-12, r.nextDouble());
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  static KAnonymizer.Builder builder() {
    Map<String, String> siteRegion = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      siteRegion.put(String.format(Locale.ROOT, "site%04d", i), "region" + (i % 7));
    }
    Map<String, String> groupVo = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      groupVo.put(String.format(Locale.ROOT, "group_%04d", i), "vo" + (i % 40));
    }
    Map<String, String> exitClass = new HashMap<>();
    for (int e = 0; e < 256; e++) {
      exitClass.put(Integer.toString(e), e == 0 ? "success" : e < 128 ? "error" : "signal");
    }
    Map<String, String> universeKind = Map.of("vanilla", "batch", "docker", "batch", "container", "batch",
        "parallel", "batch", "local", "service", "scheduler", "service", "grid", "remote");
    return KAnonymizer.builder()
        .quasiIdentifier("site", Hierarchy.map(List.of(siteRegion), null))
        .quasiIdentifier("group", Hierarchy.map(List.of(groupVo), null))
        .quasiIdentifier("submit_hour", Hierarchy.time("epoch-seconds", ZoneOffset.UTC, List.of("day", "week")))
        .quasiIdentifier("memory_mb", Hierarchy.cutPoints(new double[] {1024, 2048, 4096, 8192, 16384},
            new double[] {2048, 8192}))
        .quasiIdentifier("runtime_s", Hierarchy.cutPoints(new double[] {300, 1800, 3600, 14400, 86400},
            new double[] {1800, 14400}, new double[] {14400}))
        .quasiIdentifier("exit_code", Hierarchy.map(List.of(exitClass), null))
        .quasiIdentifier("cpus", Hierarchy.cutPoints(new double[] {2, 4, 8}, new double[] {4}))
        .quasiIdentifier("universe", Hierarchy.map(List.of(universeKind), null));
  }

  static long heapPeakMiB() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  static long usedAfterGcMiB() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return (rt.totalMemory() - rt.freeMemory()) >> 20;
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  /** A writer that counts characters. */
  static final class CountingWriter extends Writer {
    long chars;

    @Override
    public void write(char[] cbuf, int off, int len) {
      chars += len;
    }

    @Override
    public void write(String s, int off, int len) {
      chars += len;
    }

    @Override
    public void write(int c) {
      chars++;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    int k = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double limit = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
    System.out.printf(Locale.ROOT, "rows=%d k=%d suppression=%.3f maxHeap=%d MiB cpus=%d%n", rows, k, limit,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    long t0 = System.nanoTime();
    DataTable table = generate(rows, 42);
    long t1 = System.nanoTime();
    long tableMiB = usedAfterGcMiB();
    System.out.printf(Locale.ROOT, "generate+encode: %.1f s, heap peak %d MiB, table retained %d MiB%n",
        (t1 - t0) / 1e9, heapPeakMiB(), tableMiB);
    resetPeaks();
    for (String c : COLUMNS) {
      System.out.printf(Locale.ROOT, "  %-12s %6d distinct%n", c, table.distinctValues(table.columnIndex(c)));
    }
    long t2 = System.nanoTime();
    KAnonResult result = builder().model(PrivacyModel.kAnonymity(k)).suppressionLimit(limit).build().anonymize(table);
    long t3 = System.nanoTime();
    System.out.printf(Locale.ROOT, "search: %.1f s (%d of %d nodes checked), heap peak %d MiB%n", (t3 - t2) / 1e9,
        result.nodesChecked(), result.latticeSize(), heapPeakMiB());
    resetPeaks();
    if (result.found()) {
      CountingWriter w = new CountingWriter();
      long t4 = System.nanoTime();
      result.writeCsv(w, ',');
      long t5 = System.nanoTime();
      System.out.printf(Locale.ROOT, "write output: %.1f s (%d chars), heap peak %d MiB%n", (t5 - t4) / 1e9, w.chars,
          heapPeakMiB());
    }
    System.out.print(result.toText());
    System.out.print(result.toJson());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      System.out.printf(Locale.ROOT, "gc %s: %d collections, %.1f s%n", gc.getName(), gc.getCollectionCount(),
          gc.getCollectionTime() / 1e3);
    }
  }
}
