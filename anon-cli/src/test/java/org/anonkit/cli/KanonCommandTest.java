package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KanonCommandTest {
  @TempDir
  Path dir;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String stdin, String... args) {
    KanonCommand c = new KanonCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    CommandLine cl = new CommandLine(c);
    cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    return cl.execute(args);
  }

  /** Six rows, two sites per region; site/region hierarchy; hour with an interval hierarchy. */
  Path smallTable() throws Exception {
    Files.writeString(dir.resolve("jobs.csv"), String.join("\n", "site;hour;exit",
        "FNAL;1;0", "FNAL;2;1", "BNL;1;0", "CERN;5;2", "DESY;4;0", "DESY;5;1", ""));
    Files.writeString(dir.resolve("site.csv"), "FNAL;US;*\nBNL;US;*\nCERN;EU;*\nDESY;EU;*\n");
    Files.writeString(dir.resolve("hour.csv"), "1;0-3;*\n2;0-3;*\n4;4-7;*\n5;4-7;*\n");
    return dir.resolve("jobs.csv");
  }

  @Test
  void kanon_smallTable_writesGeneralizedTableAndReport() throws Exception {
    Path in = smallTable();
    int rc = run("", "--in", in.toString(), "--delimiter", ";", "--hierarchy", "site=" + dir.resolve("site.csv"),
        "--hierarchy", "hour=" + dir.resolve("hour.csv"), "--k", "2", "--insensitive", "exit",
        "--out", dir.resolve("out.csv").toString(),
        "--report", dir.resolve("report.json").toString());
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("out.csv"));
    assertThat(lines).first().isEqualTo("site;hour;exit");
    assertThat(lines).contains("US;0-3;0", "EU;4-7;2");
    String json = Files.readString(dir.resolve("report.json"));
    assertThat(json).contains("\"levels\": {\"site\": 1, \"hour\": 1}", "\"suppressed\": 0", "\"classes\": 2",
        "\"dmStar\": 18,", "\"optimal\": true");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("DM*");
  }

  /** A missing input or hierarchy file is a usage error (exit 2), as in run and vectorize; it was 1. */
  @Test
  void kanon_missingInputOrHierarchy_usageError() throws Exception {
    smallTable();
    assertThat(run("", "--in", dir.resolve("nope.csv").toString(), "--delimiter", ";", "--hierarchy",
        "site=" + dir.resolve("site.csv"), "--k", "2")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read input");
    assertThat(run("", "--in", dir.resolve("jobs.csv").toString(), "--delimiter", ";", "--hierarchy",
        "site=" + dir.resolve("nope-site.csv"), "--k", "2")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot read the hierarchy of 'site'");
  }

  @Test
  void kanon_stdinToStdout_withLDiversityAndSuppression() throws Exception {
    Path in = smallTable();
    int rc = run(Files.readString(in), "--in", "-", "--delimiter", ";", "--hierarchy", "site=" + dir.resolve("site.csv"),
        "--hierarchy", "hour=" + dir.resolve("hour.csv"), "--ldiversity", "exit:distinct:2", "--suppression", "0.5");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("site;hour;exit\n");
  }

  @Test
  void kanon_noTransformation_exitsOneWithAClearMessage() throws Exception {
    Path in = smallTable();
    int rc = run("", "--in", in.toString(), "--delimiter", ";", "--hierarchy", "site=" + dir.resolve("site.csv"),
        "--hierarchy", "hour=" + dir.resolve("hour.csv"), "--k", "7", "--insensitive", "exit",
        "--report", dir.resolve("r.json").toString());
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no transformation satisfies the privacy models");
    assertThat(Files.readString(dir.resolve("r.json"))).contains("\"found\": false");
  }

  @Test
  void kanon_usageErrors_exitTwo() throws Exception {
    Path in = smallTable();
    String h = "site=" + dir.resolve("site.csv");
    assertThat(run("", "--in", in.toString(), "--delimiter", ";", "--hierarchy", h)).isEqualTo(2);
    assertThat(run("", "--in", in.toString(), "--delimiter", ";", "--hierarchy", h, "--ldiversity", "exit:fancy:2"))
        .isEqualTo(2);
    assertThat(run("", "--in", in.toString(), "--delimiter", ";", "--hierarchy", h, "--k", "2", "--metric", "nope"))
        .isEqualTo(2);
    assertThat(run("", "--in", in.toString(), "--delimiter", ";;", "--hierarchy", h, "--k", "2")).isEqualTo(2);
  }

  @Test
  void kanon_valueOutsideHierarchy_exitsOneWithoutEchoingIt() throws Exception {
    Files.writeString(dir.resolve("t.csv"), "site;exit\nFNAL;0\nTopSecretSite;1\n");
    Files.writeString(dir.resolve("site.csv"), "FNAL;US;*\n");
    int rc = run("", "--in", dir.resolve("t.csv").toString(), "--delimiter", ";", "--hierarchy",
        "site=" + dir.resolve("site.csv"), "--k", "2", "--insensitive", "exit");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("site").doesNotContain("TopSecretSite");
  }

  /** Review 46's table: a name, an age with a decade hierarchy, a disease. */
  Path patients() throws Exception {
    Files.writeString(dir.resolve("t.csv"), String.join("\n", "name,age,disease",
        "zqalice,31,flu", "zqbob,32,flu", "zqcarol,45,cold", "zqdave,46,hiv", "zqeve,70,flu", ""));
    ageHierarchy();
    return dir.resolve("t.csv");
  }

  /**
   * Review 46, F3: with an age hierarchy alone the run released every name in clear (a suppressed row as
   * {@code zqeve,*,flu}) and reported 2-anonymity. Now refused: the message names the columns and the
   * options that classify them, never a value; no table and no report are written.
   */
  @Test
  void kanon_unclassifiedColumns_refusedNamingThemAndTheOptions() throws Exception {
    Path in = patients();
    int rc = run("", "--in", in.toString(), "--hierarchy", "age=" + dir.resolve("h.csv"), "--hierarchy-delimiter", ";",
        "--k", "2", "--suppression", "0.3", "--out", dir.resolve("out.csv").toString(),
        "--report", dir.resolve("r.json").toString());
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(e).isEqualTo(1);
    assertThat(e).contains("anonkit kanon: columns 'name', 'disease' are not classified", "--hierarchy COL=FILE",
        "--ldiversity/--tcloseness", "--insensitive COL", "--identifying COL").doesNotContain("zq").doesNotContain("flu");
    assertThat(out.size()).isZero();
    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(dir.resolve("r.json")).doesNotExist();
  }

  /**
   * A table without a header row: its first row would be the column names, echoed by the refusal above and
   * written as the output's header. Refused by position, as {@code anonkit run} refuses such a CSV header.
   */
  @Test
  void kanon_tableWithoutHeader_refusedByPosition_neverTheValues() throws Exception {
    Files.writeString(dir.resolve("t.csv"), String.join("\n", "zqalice,31,flu", "zqbob,32,flu", ""));
    ageHierarchy();
    int rc = run("", "--in", dir.resolve("t.csv").toString(), "--hierarchy", "age=" + dir.resolve("h.csv"),
        "--hierarchy-delimiter", ";", "--k", "2", "--identifying", "zqalice");
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(e).isEqualTo(1);
    assertThat(e).contains("the header's column 2 is not a field name", "lack a header row")
        .doesNotContain("31").doesNotContain("flu");
    assertThat(out.size()).isZero();
  }

  /**
   * Review 47: a table without a header row whose first row reads as names ({@code zqalice,Chicago,flu})
   * passed the header rule, and the unclassified-column refusal echoed that row. The declared column the
   * table lacks is reported first, by the name the user gave, and nothing of the row.
   */
  @Test
  void kanon_tableWithoutHeader_nameLikeRow_declaredColumnMissing_rowNeverEchoed() throws Exception {
    Files.writeString(dir.resolve("t.csv"), String.join("\n", "zqalice,Chicago,flu", "zqbob,Boston,flu", ""));
    ageHierarchy();
    int rc = run("", "--in", dir.resolve("t.csv").toString(), "--hierarchy", "age=" + dir.resolve("h.csv"),
        "--hierarchy-delimiter", ";", "--k", "2");
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(rc).as(e).isEqualTo(1);
    assertThat(e).contains("the table has no column 'age'", "lack a header row")
        .doesNotContain("zq").doesNotContain("Chicago").doesNotContain("flu");
    assertThat(out.size()).isZero();
  }

  /**
   * The same table classified: the name removed, the disease released as it is, in the suppressed row
   * too (k = 2, at most one row suppressed: decades, the 70-79 row suppressed).
   */
  @Test
  void kanon_identifyingRemoved_insensitiveKept() throws Exception {
    Path in = patients();
    int rc = run("", "--in", in.toString(), "--hierarchy", "age=" + dir.resolve("h.csv"), "--hierarchy-delimiter", ";",
        "--k", "2", "--suppression", "0.3", "--identifying", "name", "--insensitive", "disease");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "age,disease\n30-39,flu\n30-39,flu\n40-49,cold\n40-49,hiv\n*,flu\n");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("columns: quasi-identifiers age; insensitive (kept) disease; identifying (removed) name\n");
  }

  /** Lists split at commas, options repeated; with l-diversity the disease is sensitive (stars when suppressed). */
  @Test
  void kanon_listsAndSensitive_classifyEveryColumn() throws Exception {
    Files.writeString(dir.resolve("t.csv"), String.join("\n", "name,mail,age,ward,bed,disease",
        "zqalice,a@x,31,a,1,flu", "zqbob,b@x,32,b,2,flu", "zqcarol,c@x,45,a,3,cold", "zqdave,d@x,46,b,4,hiv",
        "zqeve,e@x,70,c,5,flu", ""));
    ageHierarchy();
    int rc = run("", "--in", dir.resolve("t.csv").toString(), "--hierarchy", "age=" + dir.resolve("h.csv"),
        "--hierarchy-delimiter", ";", "--ldiversity", "disease:distinct:2", "--suppression", "0.6",
        "--identifying", "name,mail", "--insensitive", "ward", "--insensitive", "bed");
    assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
        "age,ward,bed,disease\n*,a,1,*\n*,b,2,*\n40-49,a,3,cold\n40-49,b,4,hiv\n*,c,5,*\n");
  }

  private void ageHierarchy() throws Exception {
    Files.writeString(dir.resolve("h.csv"), "31;30-39;*\n32;30-39;*\n45;40-49;*\n46;40-49;*\n70;70-79;*\n");
  }

  /** A column in two classes is a usage error; a declared column the table lacks, a data error. */
  @Test
  void kanon_conflictingOrMissingClassification() throws Exception {
    Path in = patients();
    String h = "age=" + dir.resolve("h.csv");
    String[] base = {"--in", in.toString(), "--hierarchy", h, "--hierarchy-delimiter", ";", "--suppression", "0.3"};
    assertThat(run("", concat(base, "--k", "2", "--insensitive", "age,name,disease"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("column 'age' cannot be both a quasi-identifier (--hierarchy) and --insensitive");
    assertThat(run("", concat(base, "--k", "2", "--insensitive", "name,disease", "--identifying", "name")))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("column 'name' cannot be both insensitive and identifying");
    assertThat(run("", concat(base, "--ldiversity", "disease:distinct:2", "--identifying", "name,disease")))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("column 'disease' cannot be both the sensitive attribute");
    err.reset();
    assertThat(run("", concat(base, "--k", "2", "--identifying", "name,email", "--insensitive", "disease")))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the table has no column 'email' (declared by the options)")
        .doesNotContain("zq");
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new java.util.ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(new String[0]);
  }

  @Test
  void kanon_adult5Anonymity_withSuppression() throws Exception {
    Path adult = Path.of("..", "anon-privacy", "src", "test", "resources", "adult");
    Assumptions.assumeTrue(Files.isDirectory(adult), "Adult test resources of anon-privacy not found");
    String[] qis = {"sex", "age", "race", "marital-status", "education", "native-country", "workclass",
        "occupation", "salary-class"};
    List<String> args = new java.util.ArrayList<>(List.of("--in", adult.resolve("adult.csv").toString(),
        "--delimiter", ";", "--k", "5", "--suppression", "0.04", "--metric", "dmstar",
        "--out", dir.resolve("adult-out.csv").toString(), "--report", dir.resolve("adult.json").toString()));
    for (String q : qis) {
      args.add("--hierarchy");
      args.add(q + "=" + adult.resolve("adult_hierarchy_" + q + ".csv"));
    }
    assertThat(run("", args.toArray(new String[0]))).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String json = Files.readString(dir.resolve("adult.json"));
    // The optimum verified by brute force in anon-privacy's AdultLatticeTest.
    assertThat(json).contains("\"levels\": {\"sex\": 1, \"age\": 0, \"race\": 1, \"marital-status\": 1, "
        + "\"education\": 3, \"native-country\": 2, \"workclass\": 2, \"occupation\": 0, \"salary-class\": 1}",
        "\"suppressed\": 906", "\"dmStar\": 1415782,");
    assertThat(Files.readAllLines(dir.resolve("adult-out.csv"))).hasSize(30_163);
  }
}
