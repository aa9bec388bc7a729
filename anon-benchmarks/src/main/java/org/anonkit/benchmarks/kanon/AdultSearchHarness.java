package org.anonkit.benchmarks.kanon;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.anonkit.privacy.kanon.DataTable;
import org.anonkit.privacy.kanon.KAnonResult;
import org.anonkit.privacy.kanon.KAnonymizer;
import org.anonkit.privacy.kanon.PrivacyModel;

/**
 * The {@link AdultSearchBenchmark} scenarios timed by thread CPU time as well as wall time (median of
 * {@code runs} after {@code warmup} runs), which stays meaningful on a machine shared with other
 * work, where JMH's wall-clock figures are not.
 *
 * <pre>java -cp anon-benchmarks/target/benchmarks.jar org.anonkit.benchmarks.kanon.AdultSearchHarness 5 7</pre>
 */
public final class AdultSearchHarness {
  private AdultSearchHarness() {}

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Path dir = AdultData.directory();
    DataTable table = AdultData.table(dir);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.printf(Locale.ROOT, "%-15s %-9s %8s %8s %9s %7s  %s%n", "scenario", "search", "cpu ms", "wall ms",
        "checked", "nodes", "levels / DM*");
    for (String scenario : List.of("k5", "k5-supp4", "entropy3", "entropy3-supp4", "tclose0.2")) {
      for (boolean pruning : new boolean[] {true, false}) {
        boolean nine = scenario.startsWith("k5");
        List<String> qis = nine ? AdultData.COLUMNS
            : AdultData.COLUMNS.stream().filter(c -> !c.equals("occupation")).toList();
        KAnonymizer.Builder b = AdultData.builder(dir, qis).pruning(pruning);
        switch (scenario) {
          case "k5":
            b.model(PrivacyModel.kAnonymity(5));
            break;
          case "k5-supp4":
            b.model(PrivacyModel.kAnonymity(5)).suppressionLimit(0.04);
            break;
          case "entropy3":
            b.model(PrivacyModel.entropyLDiversity("occupation", 3));
            break;
          case "entropy3-supp4":
            b.model(PrivacyModel.entropyLDiversity("occupation", 3)).suppressionLimit(0.04);
            break;
          default:
            b.model(PrivacyModel.equalDistanceTCloseness("occupation", 0.2));
        }
        KAnonymizer anonymizer = b.build();
        long[] cpu = new long[runs];
        long[] wall = new long[runs];
        KAnonResult r = null;
        for (int i = 0; i < warmup + runs; i++) {
          long c0 = mx.getCurrentThreadCpuTime();
          long w0 = System.nanoTime();
          r = anonymizer.anonymize(table);
          long w1 = System.nanoTime();
          long c1 = mx.getCurrentThreadCpuTime();
          if (i >= warmup) {
            cpu[i - warmup] = c1 - c0;
            wall[i - warmup] = w1 - w0;
          }
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-15s %-9s %8.1f %8.1f %9d %7d  %s %d%n", scenario,
            pruning ? "optimal" : "everyNode", cpu[runs / 2] / 1e6, wall[runs / 2] / 1e6, r.nodesChecked(),
            r.latticeSize(), r.levels().values(), r.dmStar());
      }
    }
  }
}
