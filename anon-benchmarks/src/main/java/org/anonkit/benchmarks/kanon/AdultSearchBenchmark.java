package org.anonkit.benchmarks.kanon;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.anonkit.privacy.kanon.DataTable;
import org.anonkit.privacy.kanon.KAnonResult;
import org.anonkit.privacy.kanon.KAnonymizer;
import org.anonkit.privacy.kanon.PrivacyModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Optimal lattice search on ARX's Adult table (30,162 rows) with its nine hierarchies, one thread.
 * {@code optimal} uses monotonicity tagging and cost bounds; the baseline {@code everyNode} evaluates
 * all nodes of the same lattice (same result, checked in {@link #setup()}). Scenarios: 5-anonymity on all nine attributes (12,960
 * nodes) without and with 4% suppression; entropy-3-diversity and 0.2-closeness (equal distance) of
 * occupation with the other eight as quasi-identifiers (4,320 nodes), the latter two also with 4%.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AdultSearchBenchmark {
  @Param({"k5", "k5-supp4", "entropy3", "entropy3-supp4", "tclose0.2"})
  public String scenario;

  private DataTable table;
  private KAnonymizer optimal;
  private KAnonymizer everyNode;

  @Setup
  public void setup() throws Exception {
    Path dir = AdultData.directory();
    table = AdultData.table(dir);
    optimal = build(dir, true);
    everyNode = build(dir, false);
    // the baseline must find the same optimum, or the ratio means nothing
    KAnonResult a = optimal.anonymize(table);
    KAnonResult b = everyNode.anonymize(table);
    if (!a.levels().equals(b.levels()) || a.dmStar() != b.dmStar()) {
      throw new IllegalStateException("optimal and everyNode found different generalizations");
    }
  }

  private KAnonymizer build(Path dir, boolean pruning) throws Exception {
    boolean nine = scenario.startsWith("k5");
    List<String> qis = nine ? AdultData.COLUMNS
        : AdultData.COLUMNS.stream().filter(c -> !c.equals("occupation")).toList();
    KAnonymizer.Builder b = AdultData.builder(dir, qis).pruning(pruning);
    switch (scenario) {
      case "k5":
        return b.model(PrivacyModel.kAnonymity(5)).build();
      case "k5-supp4":
        return b.model(PrivacyModel.kAnonymity(5)).suppressionLimit(0.04).build();
      case "entropy3":
        return b.model(PrivacyModel.entropyLDiversity("occupation", 3)).build();
      case "entropy3-supp4":
        return b.model(PrivacyModel.entropyLDiversity("occupation", 3)).suppressionLimit(0.04).build();
      default:
        return b.model(PrivacyModel.equalDistanceTCloseness("occupation", 0.2)).build();
    }
  }

  @Benchmark
  public KAnonResult optimal() {
    return optimal.anonymize(table);
  }

  @Benchmark
  public KAnonResult everyNode() {
    return everyNode.anonymize(table);
  }
}
