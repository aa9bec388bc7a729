package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DpCommandTest {
  private record Run(int exit, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(new DpCommand(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, errStream));
    cl.setErr(new PrintWriter(errStream, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Jobs of 2,000 owners over 2 experiments and 2 days; 10% failed. */
  private static String jobs() {
    StringBuilder sb = new StringBuilder();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 20_000; i++) {
      sb.append("{\"Owner\":\"user").append(r.nextInt(2000)).append("\",\"experiment\":\"exp")
          .append(r.nextInt(2)).append("\",\"day\":\"2026-11-0").append(1 + r.nextInt(2))
          .append("\",\"RemoteWallClockTime\":").append(r.nextInt(7200))
          .append(",\"failed\":").append(r.nextInt(10) == 0 ? 1 : 0)
          .append(",\"nested\":{\"a\":[1,2]},\"JobStatus\":").append(1 + r.nextInt(4)).append("}\n");
    }
    return sb.toString();
  }

  @Test
  void count_groupBy_writesCsvAndReportsSpend() {
    Run r = run(jobs(), "count", "--privacy-unit", "Owner", "--group-by", "experiment,day",
        "--epsilon", "1", "--delta", "1e-6", "--max-partitions", "4", "--max-contributions", "10");
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines[0]).isEqualTo("experiment,day,count");
    assertThat(lines).hasSize(5);
    for (int i = 1; i < lines.length; i++) {
      long c = Long.parseLong(lines[i].split(",")[2]);
      // ~5,000 per group; noise scale L0·L∞/(ε/2) = 80, so 1,500 is ~19 scales
      assertThat((double) c).isCloseTo(5000, within(1500.0));
    }
    assertThat(r.err()).contains("spent epsilon=1.0 delta=1.0E-6").contains("selected privately");
    // privacy units never reach the output or the messages
    assertThat(r.out() + r.err()).doesNotContain("user");
  }

  @Test
  void sumMeanHistogram_run() {
    String data = jobs();
    Run sum = run(data, "sum", "--privacy-unit", "Owner", "--value", "failed", "--bounds", "0,1",
        "--epsilon", "1", "--max-contributions", "20");
    assertThat(sum.exit()).as(sum.err()).isZero();
    assertThat(sum.out()).startsWith("sum\n");
    assertThat(Double.parseDouble(sum.lastLine())).isCloseTo(2000, within(600.0));
    Run mean = run(data, "mean", "--privacy-unit", "Owner", "--value", "RemoteWallClockTime",
        "--bounds", "0,7200", "--epsilon", "1", "--max-contributions", "20");
    assertThat(mean.exit()).as(mean.err()).isZero();
    assertThat(Double.parseDouble(mean.lastLine())).isCloseTo(3600, within(300.0));
    Run hist = run(data, "histogram", "--privacy-unit", "Owner", "--value", "JobStatus",
        "--epsilon", "1", "--delta", "1e-6", "--max-partitions", "4", "--max-contributions", "10");
    assertThat(hist.exit()).as(hist.err()).isZero();
    assertThat(hist.out()).startsWith("JobStatus,count\n");
    assertThat(hist.out().strip().split("\n")).hasSize(5);
  }

  @Test
  void calibrate_printsScaleOnLastLine() {
    Run g = run("", "calibrate", "--mechanism", "gaussian", "--epsilon", "1", "--delta", "1e-5",
        "--sensitivity", "1");
    assertThat(g.exit()).isZero();
    // Balle-Wang σ for (1, 1e-5, 1), independently computed with SciPy: 3.7306316348159387
    assertThat(Double.parseDouble(g.lastLine())).isCloseTo(3.7306316348159387, within(1e-8));
    Run l = run("", "calibrate", "--mechanism", "laplace", "--epsilon", "0.5", "--sensitivity", "2");
    assertThat(l.exit()).isZero();
    assertThat(Double.parseDouble(l.lastLine())).isEqualTo(4.0);
  }

  @Test
  void account_reproducesTfPrivacyValue() {
    // TF-Privacy compute_dp_sgd_privacy_test Test0: n = 60000, batch 150, z = 1.3, 15 epochs
    Run r = run("", "account", "--noise-multiplier", "1.3", "--sampling-rate", "0.0025",
        "--steps", "6000", "--delta", "1e-5", "--conversion", "classic");
    assertThat(r.exit()).isZero();
    assertThat(Double.parseDouble(r.lastLine())).isCloseTo(0.941870567, within(1e-8));
    assertThat(r.out()).contains("optimal order=19.0");
    Run improved = run("", "account", "--noise-multiplier", "1.3", "--sampling-rate", "0.0025",
        "--steps", "6000", "--delta", "1e-5");
    assertThat(Double.parseDouble(improved.lastLine())).isCloseTo(0.7242234026109595, within(1e-9));
  }

  @Test
  void errors_usageIs2_dataIs1_withoutEchoingValues() {
    assertThat(run("", "calibrate", "--mechanism", "gaussian", "--epsilon", "1",
        "--sensitivity", "1").exit()).isEqualTo(2);
    assertThat(run("", "calibrate", "--mechanism", "laplace", "--epsilon", "-1",
        "--sensitivity", "1").exit()).isEqualTo(2);
    assertThat(run("", "account", "--noise-multiplier", "1", "--sampling-rate", "2",
        "--steps", "10", "--delta", "1e-5").exit()).isEqualTo(2);
    assertThat(run(jobs(), "count", "--privacy-unit", "Owner", "--group-by", "day",
        "--epsilon", "1").exit()).isEqualTo(2); // no delta
    Run bad = run("{\"Owner\":\"alice\",\"v\":\"SECRET-VALUE-91\"}\n", "sum", "--privacy-unit",
        "Owner", "--value", "v", "--bounds", "0,1", "--epsilon", "1");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("row 1").doesNotContain("SECRET-VALUE-91");
    Run malformed = run("{\"Owner\":\"alice\"}\n{\"Owner\": SECRET-TOKEN-77}\n", "count",
        "--privacy-unit", "Owner", "--epsilon", "1");
    assertThat(malformed.exit()).isEqualTo(1);
    assertThat(malformed.err()).contains("line 2").doesNotContain("SECRET-TOKEN-77");
  }

  /**
   * The same jobs as JSON lines, gzip'd JSON lines, HTCondor -long text, Parquet and -long text on
   * stdin: every format is read whole (each job its own unit, ε 100: noise of scale 0.01, which rounds
   * away but with a chance of about e^-100, gives the exact count), and the privacy unit is matched
   * ignoring case, as ClassAd attribute names are.
   */
  @Test
  void count_readsEveryFormat_fieldNamesIgnoringCase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws java.io.IOException {
    org.anonkit.pipeline.generate.JobGenerator gen = org.anonkit.pipeline.generate.JobGenerator.builder().seed(3).build();
    java.nio.file.Path jsonl = tmp.resolve("jobs.jsonl");
    gen.write(jsonl, 1_200);
    java.nio.file.Path gz = tmp.resolve("jobs.jsonl.gz");
    gen.write(gz, 1_200);
    java.nio.file.Path condor = tmp.resolve("jobs.history");
    gen.write(condor, 1_200);
    java.nio.file.Path parquet = tmp.resolve("jobs.parquet");
    org.anonkit.parquet.ParquetFiles.convert(jsonl, parquet, org.anonkit.parquet.ParquetFiles.DEFAULT_ROWS_PER_GROUP);
    assertThat(java.nio.file.Files.readString(condor)).contains("Owner = ").doesNotContain("{\"");
    for (java.nio.file.Path in : java.util.List.of(jsonl, gz, condor, parquet)) {
      Run r = run("", "count", "--in", in.toString(), "--privacy-unit", "globaljobid", "--epsilon", "100");
      assertThat(r.exit()).as(in + ": " + r.err()).isZero();
      assertThat(r.lastLine()).as(in.getFileName().toString()).isEqualTo("1200");
    }
    Run stdin = run(java.nio.file.Files.readString(condor), "count", "--privacy-unit", "GLOBALJOBID", "--epsilon",
        "100");
    assertThat(stdin.exit()).as(stdin.err()).isZero();
    assertThat(stdin.lastLine()).isEqualTo("1200");
    Run unknown = run("", "count", "--in", jsonl.toString(), "--format", "xml", "--privacy-unit", "Owner",
        "--epsilon", "1");
    assertThat(unknown.exit()).isEqualTo(2);
    Run missing = run("", "count", "--in", tmp.resolve("absent.jsonl").toString(), "--privacy-unit", "Owner",
        "--epsilon", "1");
    assertThat(missing.exit()).isEqualTo(2);
    // Parquet is read from a file: on stdin it was an internal error with a stack trace
    Run parquetStdin = run(java.nio.file.Files.readString(condor), "count", "--format", "parquet", "--privacy-unit",
        "Owner", "--epsilon", "1");
    assertThat(parquetStdin.exit()).as(parquetStdin.err()).isEqualTo(2);
    assertThat(parquetStdin.err()).contains("--format parquet reads a file, not standard input")
        .doesNotContain("internal error").doesNotContain("Exception");
  }

  @Test
  void count_nestedJsonValue_isAbsent() {
    Run r = run("{\"Owner\":\"a\"}\n{\"Owner\":{\"name\":\"SECRET-NESTED-3\"}}\n", "count", "--privacy-unit",
        "Owner", "--epsilon", "1");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("privacy unit field is missing").contains("row 2").doesNotContain("SECRET-NESTED-3");
  }

  @Test
  void count_malformedAdInCondorText_dataErrorNamingTheLine() {
    String ads = "Owner = \"alice\"\nJobStatus = 4\n\nOwner = \"SECRET-NAME-5\nJobStatus = 4\n\n";
    Run r = run(ads, "count", "--privacy-unit", "Owner", "--epsilon", "1");
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err()).contains("malformed record at line 4").doesNotContain("SECRET-NAME-5");
  }

  /**
   * Review 46's F1: one person spelled four ways (jdoe, JDoe, "jdoe " and " JDOE", 200 jobs each) is one
   * privacy unit, bounded once: with --max-contributions 10 and ε 100 (noise of scale 0.1) the count is
   * 10 and the sum of a 0/1 value 10 (as four units they were 40: four times the bound the noise is sized
   * for). The spellings reach neither the output nor the messages.
   */
  @Test
  void privacyUnit_countsInItsCanonicalSpelling() {
    StringBuilder sb = new StringBuilder();
    String[] spellings = {"jdoe", "JDoe", "jdoe ", " JDOE"};
    for (int i = 0; i < 800; i++) {
      sb.append("{\"Owner\": \"").append(spellings[i % 4]).append("\", \"x509UserProxyVOName\": \"dune\", \"one\": 1}\n");
    }
    String jobs = sb.toString();
    Run count = run(jobs, "count", "--privacy-unit", "Owner", "--epsilon", "100", "--max-contributions", "10");
    assertThat(count.exit()).as(count.err()).isZero();
    // noise of scale 0.1: beyond 3 with probability about e^-30
    assertThat(Long.parseLong(count.lastLine())).isBetween(7L, 13L);
    Run sum = run(jobs, "sum", "--privacy-unit", "owner", "--value", "one", "--bounds", "0,1", "--epsilon", "100",
        "--max-contributions", "10");
    assertThat(sum.exit()).as(sum.err()).isZero();
    assertThat(Double.parseDouble(sum.lastLine())).isCloseTo(10, within(3.0));
    // group-by with private selection: a group of one unit stays below the threshold (τ = 2 with L0 = 1,
    // ε/2 = 50, δ = 0.1; 1 + noise of scale 0.02 reaches it with a chance of about e^-50), whatever its
    // spellings (as four units it was released, with a count of 40)
    Run grouped = run(jobs, "count", "--privacy-unit", "Owner", "--group-by", "x509UserProxyVOName", "--epsilon",
        "100", "--delta", "0.1", "--max-contributions", "10");
    assertThat(grouped.exit()).as(grouped.err()).isZero();
    assertThat(grouped.out()).isEqualTo("x509UserProxyVOName,count\n");
    for (Run r : List.of(count, sum, grouped)) {
      assertThat(r.out() + r.err()).doesNotContainIgnoringCase("jdoe");
    }
    // distinct people stay distinct: 4 users of 200 jobs each count 4 x 10
    Run four = run(jobs.replace("JDoe", "jdoe2").replace("\"jdoe \"", "\"jdoe3\"").replace(" JDOE", "jdoe4"), "count",
        "--privacy-unit", "Owner", "--epsilon", "100", "--max-contributions", "10");
    assertThat(Long.parseLong(four.lastLine())).isBetween(37L, 43L);
  }

  /**
   * Review 46's F7: ε above the policy's limit, 100, is refused (1e300 printed the exact count), as are 0,
   * NaN and infinity, each naming the option and the limit; 100 itself is allowed.
   */
  @Test
  void epsilon_aboveThePolicysLimit_refused() {
    String jobs = "{\"Owner\":\"a\"}\n{\"Owner\":\"b\"}\n";
    for (String command : new String[] {"count", "sum", "mean", "histogram"}) {
      for (String epsilon : new String[] {"1e300", "100.00001", "0", "NaN", "Infinity", "-1"}) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--privacy-unit", "Owner", "--epsilon", epsilon,
            "--delta", "1e-6"));
        if (!command.equals("count")) {
          args.addAll(List.of("--value", "v"));
        }
        if (command.equals("sum") || command.equals("mean")) {
          args.addAll(List.of("--bounds", "0,1"));
        }
        Run r = run(jobs, args.toArray(new String[0]));
        assertThat(r.exit()).as(command + " " + epsilon).isEqualTo(2);
        assertThat(r.err()).as(command + " " + epsilon).contains("--epsilon").contains("at most 100");
        assertThat(r.out()).as(command + " " + epsilon).isEmpty();
      }
    }
    Run limit = run(jobs, "count", "--privacy-unit", "Owner", "--epsilon", "100");
    assertThat(limit.exit()).as(limit.err()).isZero();
    assertThat(limit.err()).contains("spent epsilon=100.0");
  }
}
