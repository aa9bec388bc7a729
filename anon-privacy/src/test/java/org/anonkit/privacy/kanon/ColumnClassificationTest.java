package org.anonkit.privacy.kanon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.privacy.generalize.Hierarchy;
import org.junit.jupiter.api.Test;

/**
 * Every column of the table is classified (quasi-identifier, sensitive, insensitive or identifying), so
 * that a column nobody mentioned is never released beside a "k-anonymous" table (review 46, F3). The
 * expected tables are worked out by hand from the hierarchy below.
 */
class ColumnClassificationTest {
  /** Review 46's table: a name, an age with a decade hierarchy, a ward and a disease. */
  static DataTable patients() throws Exception {
    return DataTable.readCsv(new StringReader(String.join("\n", "name,age,ward,disease",
        "zqalice,31,a,flu", "zqbob,32,b,flu", "zqcarol,45,a,cold", "zqdave,46,b,hiv", "zqeve,70,c,flu", "")), ',');
  }

  static Hierarchy age() throws Exception {
    return Hierarchy.readCsv(new StringReader("31;30-39;*\n32;30-39;*\n45;40-49;*\n46;40-49;*\n70;70-79;*\n"), ';');
  }

  static List<String> written(KAnonResult r) throws Exception {
    StringWriter w = new StringWriter();
    r.writeCsv(w, ',');
    return List.of(w.toString().split("\n"));
  }

  /** The old default: age alone declared, name and disease released as they were. Now refused. */
  @Test
  void anonymize_columnsNobodyClassified_refusedNamingThemNotTheirValues() throws Exception {
    DataTable t = patients();
    KAnonymizer a = KAnonymizer.builder().quasiIdentifier("age", age()).model(PrivacyModel.kAnonymity(2))
        .suppressionLimit(0.3).build();
    assertThatThrownBy(() -> a.anonymize(t)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("columns 'name', 'ward', 'disease' are not classified")
        .hasMessageContaining("insensitive").hasMessageContaining("identifying")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("zq").doesNotContain("flu"));
  }

  @Test
  void anonymize_oneColumnLeft_refusedInTheSingular() throws Exception {
    KAnonymizer a = KAnonymizer.builder().quasiIdentifier("age", age()).model(PrivacyModel.kAnonymity(2))
        .identifying("name").insensitive("ward").suppressionLimit(0.3).build();
    assertThatThrownBy(() -> a.anonymize(patients())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the table's column 'disease' is not classified");
    assertThat(a.unclassifiedColumns(patients().columns())).containsExactly("disease");
  }

  @Test
  void unclassifiedColumns_inTheOrderGiven_sensitiveAttributesCounted() throws Exception {
    KAnonymizer a = KAnonymizer.builder().quasiIdentifier("age", age())
        .model(PrivacyModel.distinctLDiversity("disease", 2)).build();
    assertThat(a.unclassifiedColumns(List.of("ward", "age", "name", "disease", "other")))
        .containsExactly("ward", "name", "other");
    assertThat(a.unclassifiedColumns(List.of("age", "disease"))).isEmpty();
  }

  /**
   * k = 2, at most floor(0.3 * 5) = 1 row suppressed: age exact leaves five classes of one; decades
   * leave 30-39 (2), 40-49 (2) and 70-79 (1), whose row is suppressed. The name is removed, the ward and
   * the disease (insensitive) kept, in the suppressed row too.
   */
  @Test
  void anonymize_identifyingRemoved_insensitiveKeptInSuppressedRowsToo() throws Exception {
    KAnonResult r = KAnonymizer.builder().identifying("name").quasiIdentifier("age", age())
        .insensitive("ward", "disease").model(PrivacyModel.kAnonymity(2)).suppressionLimit(0.3).build()
        .anonymize(patients());
    assertThat(r.levels()).containsExactly(java.util.Map.entry("age", 1));
    assertThat(r.columns()).containsExactly("age", "ward", "disease");
    assertThat(written(r)).containsExactly("age,ward,disease",
        "30-39,a,flu", "30-39,b,flu", "40-49,a,cold", "40-49,b,hiv", "*,c,flu");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < r.rows(); i++) {
      rows.add(r.outputRow(i));
    }
    assertThat(rows).containsExactly(List.of("30-39", "a", "flu"), List.of("30-39", "b", "flu"),
        List.of("40-49", "a", "cold"), List.of("40-49", "b", "hiv"), List.of("*", "c", "flu"));
    assertThat(r.suppressed(4)).isTrue();
    assertThat(r.toText()).contains("columns: quasi-identifiers age; insensitive (kept) ward, disease;"
        + " identifying (removed) name\n");
  }

  /**
   * Distinct 2-diversity of disease, at most floor(0.6 * 5) = 3 rows suppressed: decades fail 30-39
   * ({flu, flu}) and 70-79 ({flu}), three rows, DM* 2^2 + 2^2 + 1 = 9 against 25 for one class of five.
   * The suppressed rows' age and disease are stars, their ward (insensitive) is kept.
   */
  @Test
  void anonymize_sensitiveStarredInSuppressedRows_insensitiveNot() throws Exception {
    KAnonResult r = KAnonymizer.builder().quasiIdentifier("age", age()).identifying("name").insensitive("ward")
        .model(PrivacyModel.distinctLDiversity("disease", 2)).suppressionLimit(0.6).build().anonymize(patients());
    assertThat(r.levels()).containsExactly(java.util.Map.entry("age", 1));
    assertThat(r.suppressedRows()).isEqualTo(3);
    assertThat(written(r)).containsExactly("age,ward,disease",
        "*,a,*", "*,b,*", "40-49,a,cold", "40-49,b,hiv", "*,c,*");
    assertThat(r.toText()).contains("columns: quasi-identifiers age; sensitive disease; insensitive (kept) ward;"
        + " identifying (removed) name\n");
  }

  /** Without an identifying column the output has the table's columns, as before. */
  @Test
  void columns_withoutIdentifying_areTheTables() throws Exception {
    DataTable t = patients();
    KAnonResult r = KAnonymizer.builder().quasiIdentifier("age", age()).insensitive("name", "ward", "disease")
        .model(PrivacyModel.kAnonymity(2)).suppressionLimit(0.3).build().anonymize(t);
    assertThat(r.columns()).isEqualTo(t.columns());
    assertThat(r.outputRow(0)).containsExactly("zqalice", "30-39", "a", "flu");
  }

  @Test
  void builder_aColumnInTwoClasses_refused() throws Exception {
    Hierarchy h = age();
    assertThatThrownBy(() -> KAnonymizer.builder().quasiIdentifier("age", h).insensitive("age"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'age' cannot be both a quasi-identifier and insensitive");
    assertThatThrownBy(() -> KAnonymizer.builder().identifying("age").quasiIdentifier("age", h))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'age' cannot be both identifying and a quasi-identifier");
    assertThatThrownBy(() -> KAnonymizer.builder().insensitive("name").identifying("name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 'name' cannot be both insensitive and identifying");
    assertThatThrownBy(() -> KAnonymizer.builder().insensitive("ward", "ward"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("insensitive column 'ward' is declared twice");
    assertThatThrownBy(() -> KAnonymizer.builder().insensitive("disease")
        .model(PrivacyModel.distinctLDiversity("disease", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("column 'disease' cannot be both insensitive and the sensitive attribute of");
    assertThatThrownBy(() -> KAnonymizer.builder().model(PrivacyModel.entropyLDiversity("disease", 2))
        .identifying("disease"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("column 'disease' cannot be both the sensitive attribute of")
        .hasMessageEndingWith(" and identifying");
  }

  @Test
  void anonymize_declaredColumnMissing_refused() throws Exception {
    KAnonymizer a = KAnonymizer.builder().quasiIdentifier("age", age()).insensitive("ward", "disease", "name")
        .identifying("email").model(PrivacyModel.kAnonymity(2)).build();
    assertThatThrownBy(() -> a.anonymize(patients())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the table has no identifying column 'email'"); // the table's header is not listed
    assertThat(a.missingColumns(patients().columns())).containsExactly("email");
    assertThat(a.missingColumns(List.of("zqrow", "31", "flu"))).containsExactly("age", "ward", "disease", "name", "email");
    assertThat(a.toString()).contains("insensitive=[ward, disease, name]", "identifying=[email]");
  }
}
