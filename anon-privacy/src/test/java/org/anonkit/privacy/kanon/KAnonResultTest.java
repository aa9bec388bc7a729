package org.anonkit.privacy.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.anonkit.InvalidInputException;
import org.anonkit.privacy.generalize.Hierarchy;
import org.junit.jupiter.api.Test;

class KAnonResultTest {

  /**
   * Seeded random job-like tables: site, hour of day, memory; exit code (sensitive where a model names it,
   * else declared insensitive).
   */
  static DataTable jobs(long seed, int rows) {
    Random rnd = new Random(seed);
    DataTable.Builder b = DataTable.builder(List.of("site", "hour", "memory", "exit"));
    String[] sites = {"FNAL", "CERN", "DESY", "BNL", "RAL", "KIT"};
    for (int i = 0; i < rows; i++) {
      b.addRow(sites[Math.min(sites.length - 1, (int) Math.abs(rnd.nextGaussian() * 2))],
          Integer.toString(rnd.nextInt(24)), Integer.toString(512 * (1 + rnd.nextInt(16))),
          Integer.toString(rnd.nextInt(10) < 8 ? 0 : rnd.nextInt(4)));
    }
    return b.build();
  }

  static KAnonymizer.Builder jobBuilder() {
    return KAnonymizer.builder()
        .quasiIdentifier("site", Hierarchy.map(List.of(Map.of("FNAL", "US", "BNL", "US", "CERN", "EU", "DESY", "EU",
            "RAL", "EU", "KIT", "EU")), null))
        .quasiIdentifier("hour", Hierarchy.intervals(0, 3, 6, 12))
        .quasiIdentifier("memory", Hierarchy.cutPoints(new double[] {2048, 4096, 6144}, new double[] {4096}));
  }

  /** Groups the written output by its quasi-identifier cells. */
  static Map<List<String>, List<String>> classesOf(String csv) {
    Map<List<String>, List<String>> classes = new HashMap<>();
    String[] lines = csv.split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] c = lines[i].split(";", -1);
      classes.computeIfAbsent(List.of(c[0], c[1], c[2]), x -> new ArrayList<>()).add(c[3]);
    }
    return classes;
  }

  @Test
  void output_isKAnonymousAndWithinTheSuppressionLimit_forSeededTables() throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      DataTable t = jobs(seed, 200 + (int) seed * 37);
      int k = 2 + (int) (seed % 6);
      double limit = (seed % 3) * 0.03;
      KAnonResult r = jobBuilder().insensitive("exit").model(PrivacyModel.kAnonymity(k)).suppressionLimit(limit).build().anonymize(t);
      assertThat(r.found()).isTrue();
      StringWriter out = new StringWriter();
      r.writeCsv(out, ';');
      long suppressed = 0;
      for (Map.Entry<List<String>, List<String>> e : classesOf(out.toString()).entrySet()) {
        if (e.getKey().equals(List.of("*", "*", "*"))) {
          suppressed += e.getValue().size();
        } else {
          assertThat(e.getValue().size()).as("seed %d class size", seed).isGreaterThanOrEqualTo(k);
        }
      }
      assertThat(suppressed).isEqualTo(r.suppressedRows()).isLessThanOrEqualTo(KAnonymizer.maxSuppressed(limit,
          t.rowCount()));
      assertThat(r.risk().maxRisk()).isLessThanOrEqualTo(1.0 / k);
    }
  }

  @Test
  void output_isDistinctLDiverse() throws Exception {
    DataTable t = jobs(7, 2000);
    KAnonResult r = jobBuilder().model(PrivacyModel.distinctLDiversity("exit", 3)).suppressionLimit(0.05).build()
        .anonymize(t);
    StringWriter out = new StringWriter();
    r.writeCsv(out, ';');
    for (Map.Entry<List<String>, List<String>> e : classesOf(out.toString()).entrySet()) {
      if (!e.getKey().get(0).equals("*")) {
        assertThat(new java.util.HashSet<>(e.getValue()).size()).isGreaterThanOrEqualTo(3);
      }
    }
  }

  @Test
  void heuristicSearch_marksResultNotOptimal_andStillSatisfiesTheModel() {
    DataTable t = jobs(3, 3000);
    KAnonResult exact = jobBuilder().insensitive("exit").model(PrivacyModel.kAnonymity(10)).suppressionLimit(0.02).build().anonymize(t);
    KAnonResult greedy = jobBuilder().insensitive("exit").model(PrivacyModel.kAnonymity(10)).suppressionLimit(0.02)
        .maxExhaustiveNodes(1).build().anonymize(t);
    assertThat(exact.optimal()).isTrue();
    assertThat(greedy.optimal()).isFalse();
    assertThat(greedy.found()).isTrue();
    assertThat(greedy.risk().minClassSize()).isGreaterThanOrEqualTo(10);
    assertThat(greedy.dmStar()).isGreaterThanOrEqualTo(exact.dmStar());
    assertThat(greedy.toJson()).contains("\"optimal\": false");
  }

  @Test
  void report_jsonAndText_haveTheRequiredFields() {
    KAnonResult r = jobBuilder().insensitive("exit").model(PrivacyModel.kAnonymity(5)).suppressionLimit(0.04).build()
        .anonymize(jobs(11, 1000));
    String json = r.toJson();
    assertThat(json).contains("\"levels\": {\"site\": ", "\"suppressed\": ", "\"classes\": ", "\"optimal\": true",
        "\"dmStar\": " + r.dmStar() + ",", "\"risk\": {\"minClassSize\": ", "\"recordsAtRisk\": 0");
    assertThat(json.indexOf("\"site\"")).isLessThan(json.indexOf("\"hour\"")); // input column order
    assertThat(r.toText()).contains("DM*", "max risk", "class size", "site");
    assertThat(r.toString()).doesNotContain("FNAL");
  }

  @Test
  void valueOutsideHierarchy_failsNamingTheColumnNotTheValue() throws Exception {
    DataTable t = DataTable.readCsv(new StringReader("site;hour;memory;exit\nFNAL;1;1024;0\nSecretSite-99;2;1024;0\n"),
        ';');
    assertThatThrownBy(() -> jobBuilder().insensitive("exit").model(PrivacyModel.kAnonymity(2)).build().anonymize(t))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("site")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SecretSite-99"));
    assertThat(t.toString()).doesNotContain("SecretSite-99");
  }

  @Test
  void readCsv_quotedCellsAndWrongWidth() throws Exception {
    DataTable t = DataTable.readCsv(new StringReader("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n"), ',');
    assertThat(t.value(0, 0)).isEqualTo("x,1");
    assertThat(t.value(0, 1)).isEqualTo("say \"hi\"");
    assertThatThrownBy(() -> DataTable.readCsv(new StringReader("a,b\nsecret-cell\n"), ','))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-cell"));
  }
}
