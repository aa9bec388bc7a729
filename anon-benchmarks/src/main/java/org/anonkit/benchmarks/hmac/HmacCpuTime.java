package org.anonkit.benchmarks.hmac;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * A cross-check of {@link HmacBenchmark} that is robust on a shared machine: it measures the
 * benchmark thread's CPU time (not wall time) over alternating rounds of the three implementations,
 * so time stolen by other processes does not count and load changes hit all three alike. Prints the
 * median throughput per implementation and the ratios.
 *
 * <p>Run: {@code java -cp anon-benchmarks/target/benchmarks.jar org.anonkit.benchmarks.hmac.HmacCpuTime zipf5000}
 * (one column per JVM, so JIT profiles are not shared between columns).
 */
public final class HmacCpuTime {
  private HmacCpuTime() {}

  public static void main(String[] args) throws GeneralSecurityException {
    String column = args.length > 0 ? args[0] : "usernames";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    int perRound = 2_000_000;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    HmacBenchmark b = new HmacBenchmark();
    b.column = column;
    b.setUp();
    String[] names = {"hmacUncached", "hmacCached", "javaxMacBaseline"};
    double[][] mops = new double[names.length][rounds];
    long sink = 0;
    for (int r = -2; r < rounds; r++) { // two warm-up rounds
      for (int m = 0; m < names.length; m++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < perRound; i++) {
          String s = m == 0 ? b.hmacUncached() : m == 1 ? b.hmacCached() : b.javaxMacBaseline();
          sink += s.charAt(3);
        }
        long t1 = mx.getCurrentThreadCpuTime();
        if (r >= 0) {
          mops[m][r] = perRound / ((t1 - t0) / 1e9) / 1e6;
        }
      }
    }
    double[] median = new double[names.length];
    for (int m = 0; m < names.length; m++) {
      Arrays.sort(mops[m]);
      median[m] = mops[m][rounds / 2];
      System.out.printf("%-10s %-17s %8.2f M/s (median of %d rounds, thread CPU time)%n",
          column, names[m], median[m], rounds);
    }
    System.out.printf("%-10s uncached/Mac = %.2fx, cached/Mac = %.2fx  (checksum %d)%n",
        column, median[0] / median[2], median[1] / median[2], sink & 0xff);
  }
}
