package org.anonkit.privacy.kanon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "done when" of issue 7 on ARX's Adult table with its nine hierarchies: the optimal
 * transformations for 5-anonymity (with and without suppression), entropy-l-diversity and
 * t-closeness are found, agree with an independent brute force over the whole lattice, and every
 * direct predecessor of the chosen node fails (minimality).
 *
 * <p>Attribute roles follow ARX's examples: for k-anonymity all nine attributes are
 * quasi-identifiers (2*5*2*3*4*3*3*3*2 = 12,960 nodes); for l-diversity and t-closeness
 * {@code occupation} is the sensitive attribute and the other eight are quasi-identifiers (4,320
 * nodes).
 */
class AdultLatticeTest {
  static final List<String> ALL = Adult.COLUMNS;
  static final List<String> WITHOUT_OCCUPATION = ALL.stream().filter(c -> !c.equals("occupation")).toList();

  static DataTable table;
  static BruteForce brute9;
  static BruteForce brute8;
  static BruteForce.Node[][] nodes9;
  static BruteForce.Node[][] nodes8;

  static final BruteForce.Config K5 = new BruteForce.Config(5, 0, 0, -1, -1);
  static final BruteForce.Config K5_SUPP = new BruteForce.Config(5, 0.04, 0, -1, -1);
  static final BruteForce.Config ENTROPY = new BruteForce.Config(1, 0, 3, -1, -1);
  static final BruteForce.Config ENTROPY_SUPP = new BruteForce.Config(1, 0.04, 3, -1, -1);
  static final BruteForce.Config EQUAL_T = new BruteForce.Config(1, 0, 0, 0.2, -1);
  static final BruteForce.Config ORDERED_T_SUPP = new BruteForce.Config(1, 0.04, 0, -1, 0.15);
  static final List<BruteForce.Config> CONFIGS8 = List.of(ENTROPY, ENTROPY_SUPP, EQUAL_T, ORDERED_T_SUPP);

  @BeforeAll
  static void bruteForce() {
    table = Adult.table();
    brute9 = new BruteForce(ALL, null);
    nodes9 = brute9.run(List.of(K5, K5_SUPP));
    brute8 = new BruteForce(WITHOUT_OCCUPATION, "occupation");
    nodes8 = brute8.run(CONFIGS8);
  }

  static KAnonymizer.Builder builder(List<String> qis) {
    KAnonymizer.Builder b = KAnonymizer.builder();
    for (String qi : qis) {
      b.quasiIdentifier(qi, Adult.hierarchy(qi));
    }
    return b;
  }

  /** Index of {@code levels} in the brute force's odometer order. */
  static int index(BruteForce bf, int[] levels) {
    int idx = 0;
    for (int d = 0; d < levels.length; d++) {
      idx = idx * bf.heights[d] + levels[d];
    }
    return idx;
  }

  static double cost(BruteForce.Node node, UtilityMetric metric) {
    switch (metric) {
      case DM_STAR:
        return node.dmStar();
      case DM:
        return node.dm();
      case AECS:
        return node.aecs();
      case LOSS:
        return node.loss();
      default:
        return 1 - node.precision();
    }
  }

  /** The brute-force optimum: lowest cost, then fewest steps, then lexicographically smallest. */
  static BruteForce.Node optimum(BruteForce.Node[] all, UtilityMetric metric) {
    BruteForce.Node best = null;
    for (BruteForce.Node node : all) {
      if (!node.satisfied()) {
        continue;
      }
      if (best == null || cost(node, metric) < cost(best, metric)
          || cost(node, metric) == cost(best, metric) && sum(node.levels()) < sum(best.levels())) {
        best = node;
      }
    }
    return best;
  }

  static int sum(int[] levels) {
    int s = 0;
    for (int l : levels) {
      s += l;
    }
    return s;
  }

  static Map<String, Integer> levelMap(List<String> qis, int[] levels) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int d = 0; d < qis.size(); d++) {
      m.put(qis.get(d), levels[d]);
    }
    return m;
  }

  /** Checks the result against the brute force: same optimum, same figures, minimal. */
  static void verify(KAnonResult r, BruteForce bf, BruteForce.Node[] all, List<String> qis, UtilityMetric metric) {
    BruteForce.Node expected = optimum(all, metric);
    assertThat(expected).as("brute force finds a solution").isNotNull();
    assertThat(r.found()).isTrue();
    assertThat(r.optimal()).isTrue();
    int[] chosen = qis.stream().mapToInt(q -> r.levels().get(q)).toArray();
    assertThat(new ArrayList<>(r.levels().keySet())).containsExactlyElementsOf(qis);
    BruteForce.Node atChosen = all[index(bf, chosen)];
    assertThat(atChosen.satisfied()).as("chosen node satisfies the models per brute force").isTrue();
    assertThat(cost(atChosen, metric)).as("optimal cost").isCloseTo(cost(expected, metric),
        org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, Math.abs(cost(expected, metric)))));
    if (metric == UtilityMetric.DM_STAR || metric == UtilityMetric.DM) {
      assertThat(r.levels()).isEqualTo(levelMap(qis, expected.levels()));
    }
    assertThat(r.dmStar()).isEqualTo(atChosen.dmStar());
    assertThat(r.dm()).isEqualTo(atChosen.dm());
    assertThat(r.suppressedRows()).isEqualTo(atChosen.suppressed());
    assertThat(r.classes()).isEqualTo(atChosen.released());
    assertThat(r.loss()).isCloseTo(atChosen.loss(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.precision()).isCloseTo(atChosen.precision(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.aecs()).isCloseTo(atChosen.aecs(), org.assertj.core.data.Offset.offset(1e-9));
    if (metric == UtilityMetric.DM_STAR) { // DM* is monotone: the optimum is a minimal node
      for (int d = 0; d < chosen.length; d++) {
        if (chosen[d] > 0) {
          int[] pred = chosen.clone();
          pred[d]--;
          assertThat(all[index(bf, pred)].satisfied()).as("predecessor lowering %s fails", qis.get(d)).isFalse();
        }
      }
    }
  }

  @Test
  void kAnonymity5_noSuppression_matchesBruteForceAndIsMinimal() {
    KAnonResult r = builder(ALL).model(PrivacyModel.kAnonymity(5)).build().anonymize(table);
    assertThat(r.latticeSize()).isEqualTo(12_960);
    verify(r, brute9, nodes9[0], ALL, UtilityMetric.DM_STAR);
    assertThat(r.suppressedRows()).isZero();
    assertThat(r.risk().minClassSize()).isGreaterThanOrEqualTo(5);
    assertThat(r.risk().maxRisk()).isLessThanOrEqualTo(0.2);
    System.out.println("5-anonymity, no suppression: " + r);
  }

  @Test
  void kAnonymity5_withSuppression_matchesBruteForceAndIsMinimal() {
    KAnonResult r = builder(ALL).model(PrivacyModel.kAnonymity(5)).suppressionLimit(0.04).build().anonymize(table);
    verify(r, brute9, nodes9[1], ALL, UtilityMetric.DM_STAR);
    assertThat(r.suppressedRows()).isPositive().isLessThanOrEqualTo(1206); // floor(0.04 * 30162)
    System.out.println("5-anonymity, 4% suppression: " + r);
  }

  @Test
  void entropyLDiversity_noSuppression_matchesBruteForce() {
    KAnonResult r = builder(WITHOUT_OCCUPATION).model(PrivacyModel.entropyLDiversity("occupation", 3)).build()
        .anonymize(table);
    assertThat(r.latticeSize()).isEqualTo(4_320);
    verify(r, brute8, nodes8[0], WITHOUT_OCCUPATION, UtilityMetric.DM_STAR);
    System.out.println("entropy-3-diversity: " + r);
  }

  @Test
  void entropyLDiversity_withSuppression_matchesBruteForce() {
    KAnonResult r = builder(WITHOUT_OCCUPATION).model(PrivacyModel.entropyLDiversity("occupation", 3))
        .suppressionLimit(0.04).build().anonymize(table);
    // Not monotone with suppression: no privacy pruning, only DM*'s cost bound.
    assertThat(r.nodesChecked()).isPositive().isLessThanOrEqualTo(4_320 + 8 * 4 + 1);
    verify(r, brute8, nodes8[1], WITHOUT_OCCUPATION, UtilityMetric.DM_STAR);
    System.out.println("entropy-3-diversity, 4% suppression: " + r);
  }

  @Test
  void equalDistanceTCloseness_matchesBruteForce() {
    KAnonResult r = builder(WITHOUT_OCCUPATION).model(PrivacyModel.equalDistanceTCloseness("occupation", 0.2))
        .build().anonymize(table);
    verify(r, brute8, nodes8[2], WITHOUT_OCCUPATION, UtilityMetric.DM_STAR);
    System.out.println("0.2-closeness (equal): " + r);
  }

  @Test
  void orderedDistanceTCloseness_withSuppression_matchesBruteForce() {
    KAnonResult r = builder(WITHOUT_OCCUPATION).model(PrivacyModel.orderedDistanceTCloseness("occupation", 0.15))
        .suppressionLimit(0.04).build().anonymize(table);
    verify(r, brute8, nodes8[3], WITHOUT_OCCUPATION, UtilityMetric.DM_STAR);
    System.out.println("0.15-closeness (ordered), 4% suppression: " + r);
  }

  @Test
  void everyMetric_findsTheBruteForceOptimum() {
    for (UtilityMetric metric : UtilityMetric.values()) {
      KAnonResult r0 = builder(ALL).model(PrivacyModel.kAnonymity(5)).metric(metric).build().anonymize(table);
      verify(r0, brute9, nodes9[0], ALL, metric);
    }
    // With suppression these metrics are not monotone: exhaustive search with cost bounds only.
    for (UtilityMetric metric : List.of(UtilityMetric.DM, UtilityMetric.LOSS)) {
      KAnonResult r1 = builder(ALL).model(PrivacyModel.kAnonymity(5)).suppressionLimit(0.04).metric(metric).build()
          .anonymize(table);
      verify(r1, brute9, nodes9[1], ALL, metric);
    }
  }

  @Test
  void hashedKeys_giveTheSameResultAsPackedKeys() {
    KAnonResult packed = builder(WITHOUT_OCCUPATION).model(PrivacyModel.recursiveCLDiversity("occupation", 3, 2))
        .model(PrivacyModel.kAnonymity(3)).suppressionLimit(0.02).build().anonymize(table);
    KAnonResult hashed = builder(WITHOUT_OCCUPATION).model(PrivacyModel.recursiveCLDiversity("occupation", 3, 2))
        .model(PrivacyModel.kAnonymity(3)).suppressionLimit(0.02).forceHashedKeys(true).build().anonymize(table);
    assertThat(packed.found()).isTrue();
    assertThat(hashed.toJson()).isEqualTo(packed.toJson());
  }

  @Test
  void withoutPruning_everyNodeIsChecked_andTheResultIsTheSame() {
    KAnonResult pruned = builder(WITHOUT_OCCUPATION).model(PrivacyModel.entropyLDiversity("occupation", 3)).build()
        .anonymize(table);
    KAnonResult full = builder(WITHOUT_OCCUPATION).model(PrivacyModel.entropyLDiversity("occupation", 3))
        .pruning(false).build().anonymize(table);
    assertThat(full.nodesChecked()).isEqualTo(4_320);
    assertThat(pruned.nodesChecked()).isLessThan(4_320);
    assertThat(full.levels()).isEqualTo(pruned.levels());
    assertThat(full.dmStar()).isEqualTo(pruned.dmStar());
  }
}
