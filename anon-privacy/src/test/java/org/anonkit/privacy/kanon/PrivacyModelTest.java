package org.anonkit.privacy.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anonkit.privacy.generalize.Hierarchy;
import org.junit.jupiter.api.Test;

/** Model semantics on tiny tables whose answers are worked out by hand. */
class PrivacyModelTest {

  /** One quasi-identifier {@code g} with a two-level hierarchy (value, *), one sensitive {@code s}. */
  static DataTable table(String[][] rows) {
    DataTable.Builder b = DataTable.builder(List.of("g", "s"));
    for (String[] r : rows) {
      b.addRow(r);
    }
    return b.build();
  }

  static Hierarchy groups(String... values) {
    List<List<String>> rows = new java.util.ArrayList<>();
    for (String v : values) {
      rows.add(List.of(v, "*"));
    }
    return Hierarchy.fromTable(rows);
  }

  static KAnonResult run(DataTable t, PrivacyModel model, double limit) {
    return KAnonymizer.builder().quasiIdentifier("g", groups("a", "b")).model(model).suppressionLimit(limit).build()
        .anonymize(t);
  }

  /**
   * Li, Li and Venkatasubramanian, "t-Closeness" (ICDE 2007), section 4: salaries 3k..11k in the
   * table; a class holding {3k, 4k, 5k} is at ordered-distance EMD 0.375, and at equal-distance EMD
   * 2/3 (half the L1 distance: (3 * (1/3 - 1/9) + 6 * 1/9) / 2).
   */
  static final String[][] SALARIES = {
      {"a", "3"}, {"a", "4"}, {"a", "5"},
      {"b", "6"}, {"b", "7"}, {"b", "8"}, {"b", "9"}, {"b", "10"}, {"b", "11"}};

  @Test
  void orderedTCloseness_liEtAlExample_thresholdAt0375() {
    // Class b = {6..11} is at 1.5 / 8 = 0.1875; class a decides at 0.375; the top node is at 0.
    assertThat(run(table(SALARIES), PrivacyModel.orderedDistanceTCloseness("s", 0.375), 0).levels())
        .containsEntry("g", 0);
    assertThat(run(table(SALARIES), PrivacyModel.orderedDistanceTCloseness("s", 0.37), 0).levels())
        .containsEntry("g", 1);
  }

  @Test
  void equalTCloseness_halfL1_thresholdAtTwoThirds() {
    assertThat(run(table(SALARIES), PrivacyModel.equalDistanceTCloseness("s", 2.0 / 3), 0).levels())
        .containsEntry("g", 0);
    assertThat(run(table(SALARIES), PrivacyModel.equalDistanceTCloseness("s", 0.66), 0).levels())
        .containsEntry("g", 1);
  }

  @Test
  void orderedTCloseness_numericValuesOrderedAsNumbers() {
    // "10" and "11" sort before "3" as strings; numerically the class {3,4,5} is still at 0.375.
    assertThat(run(table(SALARIES), PrivacyModel.orderedDistanceTCloseness("s", 0.375,
        List.of("3", "4", "5", "6", "7", "8", "9", "10", "11")), 0).levels()).containsEntry("g", 0);
  }

  /**
   * Two ordered t-closeness models on one attribute, each with its own order: each is checked in its
   * own. The second (t = 1, always met) orders the salaries 3, 6, 4, 7, 5, 8, ..., under which class a
   * is at 0.25; the encoding kept one order per attribute (the last model's), so the first model,
   * natural order, t = 0.37, was checked at 0.25 and class a = {3, 4, 5}, at 0.375 in its order,
   * was released.
   */
  @Test
  void orderedTCloseness_twoModelsOnOneAttribute_eachUsesItsOwnOrder() {
    KAnonResult r = KAnonymizer.builder().quasiIdentifier("g", groups("a", "b"))
        .model(PrivacyModel.orderedDistanceTCloseness("s", 0.37))
        .model(PrivacyModel.orderedDistanceTCloseness("s", 1.0,
            List.of("3", "6", "4", "7", "5", "8", "9", "10", "11")))
        .build().anonymize(table(SALARIES));
    assertThat(r.levels()).containsEntry("g", 1);
    // and the other way round: the scrambled order's model is not checked in the natural order
    KAnonResult r2 = KAnonymizer.builder().quasiIdentifier("g", groups("a", "b"))
        .model(PrivacyModel.orderedDistanceTCloseness("s", 0.25,
            List.of("3", "6", "4", "7", "5", "8", "9", "10", "11")))
        .model(PrivacyModel.orderedDistanceTCloseness("s", 1.0))
        .build().anonymize(table(SALARIES));
    assertThat(r2.levels()).containsEntry("g", 0);
  }

  @Test
  void distinctAndEntropyLDiversity_boundaries() {
    // a: {x, y} entropy ln 2; b: {x, x, y} and the whole table {x, x, x, y, y} below ln 2.
    String[][] rows = {{"a", "x"}, {"a", "y"}, {"b", "x"}, {"b", "x"}, {"b", "y"}};
    assertThat(run(table(rows), PrivacyModel.distinctLDiversity("s", 2), 0).levels()).containsEntry("g", 0);
    KAnonResult none = run(table(rows), PrivacyModel.entropyLDiversity("s", 2), 0);
    assertThat(none.found()).isFalse();
    assertThat(none.toJson()).contains("\"found\": false");
    assertThatThrownBy(none::levels).isInstanceOf(IllegalStateException.class);
    // Suppressing class b (3 of 5 rows) is allowed at limit 0.6 (3 rows), not at 0.59 (2 rows).
    KAnonResult r = run(table(rows), PrivacyModel.entropyLDiversity("s", 2), 0.6);
    assertThat(r.levels()).containsEntry("g", 0);
    assertThat(r.suppressedRows()).isEqualTo(3);
    assertThat(r.suppressedClasses()).isEqualTo(1);
    assertThat(r.dmStar()).isEqualTo(2 * 2 + 3 * 3);
    assertThat(r.dm()).isEqualTo(2 * 2 + 3 * 5);
    // class b, suppressed, would show x, x, y beside its stars: its sensitive values are withheld too
    assertThat(r.outputRow(2)).containsExactly("*", "*");
    assertThat(r.outputRow(4)).containsExactly("*", "*");
    assertThat(r.outputRow(0)).containsExactly("a", "x");
    assertThat(r.suppressed(2)).isTrue();
    assertThat(r.suppressed(0)).isFalse();
    assertThatThrownBy(() -> r.suppressed(5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(run(table(rows), PrivacyModel.entropyLDiversity("s", 2), 0.59).found()).isFalse();
  }

  @Test
  void recursiveCLDiversity_strictInequality() {
    // Class a counts x:3, y:1, z:1; class b x:2, y:2, z:1; the whole table 5, 3, 2.
    // (c=2, l=2): 3 < 2 * (1 + 1) and 2 < 2 * (2 + 1) hold. (c=1, l=2): class a fails (3 < 2), and so
    // does the whole table (5 < 3 + 2 is false).
    String[][] rows = new String[10][];
    for (int i = 0; i < 10; i++) {
      rows[i] = new String[] {i % 2 == 0 ? "a" : "b", i < 5 ? "x" : i < 8 ? "y" : "z"};
    }
    DataTable t = table(rows);
    KAnonResult ok = run(t, PrivacyModel.recursiveCLDiversity("s", 2, 2), 0);
    assertThat(ok.found()).isTrue();
    KAnonResult fail = run(t, PrivacyModel.recursiveCLDiversity("s", 1, 2), 0);
    assertThat(fail.found()).isFalse();
  }

  /**
   * Ties go to fewer generalization steps, also for loss and precision. Here 5-anonymity with 2 of 9
   * rows suppressible: {x=1, y=0} suppresses the 2 rows of y1 and costs (7·1/2 + 2·2)/18 = 7.5/18 in
   * precision, {x=1, y=1} suppresses nothing and costs 9·(1/2 + 1/3)/18 = 7.5/18 too. Summed in
   * floating point the second came out an ulp lower (0.41666666666666663 against
   * 0.4166666666666667) and won with two steps against one; the costs are now exact ratios, rounded
   * once.
   */
  @Test
  void equalPrecisionCosts_tieGoesToFewerSteps() {
    DataTable.Builder b = DataTable.builder(List.of("x", "y"));
    String[][] rows = {{"x2", "y0"}, {"x0", "y0"}, {"x0", "y1"}, {"x0", "y0"}, {"x0", "y0"}, {"x0", "y0"},
        {"x1", "y0"}, {"x1", "y1"}, {"x1", "y0"}};
    for (String[] r : rows) {
      b.addRow(r);
    }
    List<List<String>> x = new java.util.ArrayList<>();
    for (int v = 0; v < 4; v++) {
      x.add(List.of("x" + v, "X", "*"));
    }
    List<List<String>> y = new java.util.ArrayList<>();
    for (int v = 0; v < 3; v++) {
      y.add(List.of("y" + v, "Y", "Y", "*"));
    }
    KAnonResult r = KAnonymizer.builder().quasiIdentifier("x", Hierarchy.fromTable(x))
        .quasiIdentifier("y", Hierarchy.fromTable(y)).model(PrivacyModel.kAnonymity(5)).suppressionLimit(0.3)
        .metric(UtilityMetric.PRECISION).build().anonymize(b.build());
    assertThat(r.levels()).containsEntry("x", 1).containsEntry("y", 0);
    assertThat(r.suppressedRows()).isEqualTo(2);
    assertThat(r.precision()).isCloseTo(1 - 7.5 / 18, org.assertj.core.data.Offset.offset(1e-15));
  }

  @Test
  void suppressionLimit_isFloorOfLimitTimesRows_inDecimal() {
    assertThat(KAnonymizer.maxSuppressed(0.29, 100)).isEqualTo(29); // 0.29 * 100 = 28.999... in binary
    assertThat(KAnonymizer.maxSuppressed(0.04, 30_162)).isEqualTo(1206);
    assertThat(KAnonymizer.maxSuppressed(0, 30_162)).isZero();
  }

  @Test
  void invalidParameters_areRejectedAtOnce() {
    assertThatThrownBy(() -> PrivacyModel.kAnonymity(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivacyModel.entropyLDiversity("s", 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrivacyModel.equalDistanceTCloseness("s", 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KAnonymizer.builder().suppressionLimit(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KAnonymizer.builder().quasiIdentifier("g", groups("a")).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> KAnonymizer.builder().quasiIdentifier("s", groups("x"))
        .model(PrivacyModel.distinctLDiversity("s", 2)).build().anonymize(table(new String[][] {{"a", "x"}})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both a quasi-identifier");
  }
}
