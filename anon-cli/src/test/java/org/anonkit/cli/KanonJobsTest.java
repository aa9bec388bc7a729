package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.anonkit.Parameters;
import org.anonkit.hmac.HmacSha256Pseudonymizer;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.FailureDefinition;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.privacy.kanon.DataTable;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job's k-anonymous job table, checked against an independent computation: the input's
 * finished jobs generalized by hand to the levels the search chose, grouped, and each class kept only
 * if it holds k jobs, the users asked for and both outcomes; the released rows must be exactly those,
 * sorted (with the default settings and with a policy's own).
 */
class KanonJobsTest {
  @TempDir static Path tmp;
  static Path input;
  static final FailureDefinition EXIT = FailureDefinition.of("exit");
  static final MasterKey KEY = MasterKey.generate("kanon-test", new java.security.SecureRandom());

  @BeforeAll
  static void setUp() throws IOException {
    input = tmp.resolve("jobs.jsonl");
    JobGenerator.builder().seed(5).users(300).build().write(input, 8_000);
  }

  @Test
  void release_isExactlyTheIndependentlyComputedTable() throws IOException {
    KanonJobs.Release r = KanonJobs.of(input, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    assertIndependentlyComputed(r, 10, 5, 0.05, new double[][] {{2, 4, 8}, {4}},
        new double[][] {{1000, 2000, 4000, 8000}, {2000, 8000}}, new double[][] {{600, 3600, 14400, 43200}, {3600}});
    assertThat(r.json()).contains("\"k\":\"10 jobs per class\"", "\"suppressionLimit\":0.05",
        "RequestCpus; then <2, [2,4), [4,8), >=8; then <4, >=4; then *",
        "RequestMemory; then <1000, [1000,2000), [2000,4000), [4000,8000), >=8000; then <2000, [2000,8000), >=8000; "
            + "then *",
        "RemoteWallClockTime; then <600, [600,3600), [3600,14400), [14400,43200), >=43200; then <3600, >=3600; then *");
  }

  /** A policy's own k, users, suppression limit and intervals (releases.kanon) make the table. */
  @Test
  void release_followsThePolicysSettings() throws IOException {
    ReleaseSettings s = ReleaseSettings.of(org.anonkit.config.PolicyJson.parse("{\"name\": \"t\", \"default\": \"drop\", \"fields\": {}, "
        + "\"releases\": {\"kanon\": {\"k\": 4, \"users\": 2, \"suppression\": 0.1, \"cutPoints\": {"
        + "\"request_cpus\": [[1, 2, 3, 4, 6]], \"request_memory_mb\": [[500, 1500, 2500.5], [1500]], "
        + "\"wall_time_s\": [[1800, 7200, 86400], [7200], []]}}}}"));
    KanonJobs.Release r = KanonJobs.of(List.of(input), null, JobGenerator.virtualOrganizations(), s, KEY, EXIT,
        EXIT.expression(), KanonJobs.MAX_JOBS);
    assertIndependentlyComputed(r, 4, 2, 0.1, new double[][] {{1, 2, 3, 4, 6}},
        new double[][] {{500, 1500, 2500.5}, {1500}}, new double[][] {{1800, 7200, 86400}, {7200}, {}});
    assertThat(r.json()).contains("\"k\":\"4 jobs per class\"", "\"users\":\"2 distinct users",
        "\"suppressionLimit\":0.1", "RequestCpus; then <1, [1,2), [2,3), [3,4), [4,6), >=6; then *",
        "RequestMemory; then <500, [500,1500), [1500,2500.5), >=2500.5; then <1500, >=1500; then *",
        "RemoteWallClockTime; then <1800, [1800,7200), [7200,86400), >=86400; then <7200, >=7200; then *; then *");
  }

  private static void assertIndependentlyComputed(KanonJobs.Release r, int k, int users, double suppression,
      double[][] cpus, double[][] memory, double[][] wall) throws IOException {
    assertThat(r.found()).isTrue();
    Map<String, Integer> levels = r.result().levels();
    // the independent computation: every finished job with an Owner, generalized by this test's own rules
    Map<List<String>, List<String[]>> classes = new HashMap<>(); // generalized cells -> (owner, failed) pairs
    long[] leftOut = {0};
    Set<String> vos = new HashSet<>(JobGenerator.virtualOrganizations());
    try (RecordInput in = RecordInput.builder(input).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord rec) {
          String owner = rec.textOf("Owner");
          String status = rec.textOf("JobStatus");
          if (owner == null || !("3".equals(status) || "4".equals(status))) {
            leftOut[0]++;
            return;
          }
          String vo = rec.textOf("x509UserProxyVOName");
          String site = rec.textOf("MATCH_EXP_JOB_Site");
          List<String> cells = List.of(
              levels.get("experiment") == 0 ? (vos.contains(vo) ? vo : "other") : "*",
              siteAt(site, levels.get("site")),
              numberAt(rec.textOf("RequestCpus"), levels.get("request_cpus"), cpus),
              numberAt(rec.textOf("RequestMemory"), levels.get("request_memory_mb"), memory),
              numberAt(rec.textOf("RemoteWallClockTime"), levels.get("wall_time_s"), wall));
          String failed = EXIT.failed(rec::textOf) ? "yes" : "no";
          classes.computeIfAbsent(cells, k -> new ArrayList<>()).add(new String[] {owner, failed});
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError("generated data are well formed");
        }
      });
    }
    List<List<String>> expected = new ArrayList<>();
    long suppressed = 0;
    long jobs = 0;
    for (Map.Entry<List<String>, List<String[]>> e : classes.entrySet()) {
      List<String[]> members = e.getValue();
      Set<String> owners = new HashSet<>();
      Set<String> outcomes = new HashSet<>();
      for (String[] m : members) {
        owners.add(m[0]);
        outcomes.add(m[1]);
      }
      boolean kept = members.size() >= k && owners.size() >= users && outcomes.size() == 2;
      for (String[] m : members) {
        List<String> row = new ArrayList<>(kept ? e.getKey() : List.of("*", "*", "*", "*", "*"));
        row.add(kept ? m[1] : "*"); // a suppressed row withholds its outcome too
        expected.add(row);
      }
      suppressed += kept ? 0 : members.size();
      jobs += members.size();
    }
    expected.sort(KanonJobsTest::compare);
    List<List<String>> released = parseCsv(r.csv());
    assertThat(released.get(0)).containsExactlyElementsOf(KanonJobs.COLUMNS);
    assertThat(released.subList(1, released.size())).as("rows in = rows out, each generalized as the levels say, "
        + "the classes that break a model suppressed, sorted").isEqualTo(expected);
    assertThat(r.result().suppressedRows()).isEqualTo(suppressed);
    assertThat(suppressed).isLessThanOrEqualTo((long) Math.floor(suppression * jobs));
    assertThat(r.leftOut()).isEqualTo(leftOut[0]).isPositive();
    assertThat(levels.values()).as("the data need some generalization").anyMatch(l -> l > 0);
    // the user is the model's, never a released column
    assertThat(r.json()).contains("\"minClassSize\"").doesNotContain("\"user\":");
  }

  /**
   * The suppressed rows are one group that the models were not checked on: with the demo's generator,
   * seed 2 and 1,000 jobs, they were 37 rows of 7 users, all "no", so whoever found a target's class
   * missing from the table learned that the target's jobs had not failed. Their outcome is withheld.
   */
  @Test
  void suppressedRows_withholdTheOutcome() throws IOException {
    Path small = tmp.resolve("small.jsonl");
    JobGenerator.builder().seed(2).build().write(small, 1_000);
    KanonJobs.Release r = KanonJobs.of(small, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    assertThat(r.found()).isTrue();
    assertThat(r.result().suppressedRows()).isPositive();
    List<List<String>> rows = parseCsv(r.csv());
    List<List<String>> suppressed = rows.stream().filter(row -> row.subList(0, 5).equals(List.of("*", "*", "*", "*",
        "*"))).toList();
    assertThat(suppressed).hasSize((int) r.result().suppressedRows())
        .allSatisfy(row -> assertThat(row.get(5)).as("a suppressed row's outcome").isEqualTo("*"));
    assertThat(rows.subList(1, rows.size())).filteredOn(row -> row.get(5).equals("*")).hasSameSizeAs(suppressed);
    assertThat(r.json()).contains("* in a suppressed row");
  }

  @Test
  void release_sameInput_sameBytes() throws IOException {
    KanonJobs.Release a = KanonJobs.of(input, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    KanonJobs.Release b = KanonJobs.of(input, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    assertThat(b.csv()).isEqualTo(a.csv());
    assertThat(b.json()).isEqualTo(a.json());
  }

  @Test
  void write_putsBothFilesInShare() throws IOException {
    KanonJobs.Release r = KanonJobs.of(input, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    Path share = Files.createDirectories(tmp.resolve("out/share"));
    KanonJobs.write(r, share);
    assertThat(Files.readString(share.resolve("jobs-kanon.csv"))).isEqualTo(r.csv());
    assertThat(Files.readString(share.resolve("jobs-kanon.json"))).isEqualTo(r.json());
  }

  /**
   * More finished jobs than the step holds: the table of a sample, the jobs whose GlobalJobId has the
   * lowest HMAC under the sample's own key (an independent computation here picks them), whatever the
   * order of the input; it had been no table at all.
   */
  @Test
  void release_moreJobsThanTheLimit_isTheTableOfTheJobsWithTheLowestKeyedHash_inAnyOrder() throws IOException {
    int max = 2_000;
    KanonJobs.Release r = KanonJobs.of(input, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression(), max);
    assertThat(r.found()).isTrue();
    assertThat(r.sampled()).isTrue();
    assertThat(r.result().rows()).isEqualTo(max);
    List<String> lines = Files.readAllLines(input);
    List<String> finished = lines.stream().filter(l -> l.contains("\"JobStatus\":3") || l.contains("\"JobStatus\":4"))
        .toList();
    assertThat(r.finished()).isEqualTo(finished.size()).isGreaterThan(max);
    assertThat(r.json()).contains("a uniform sample of " + max + " of " + finished.size())
        .contains("\"finishedJobs\":" + finished.size());

    // the sample, picked here: HMAC-SHA-256 of "GlobalJobId\n" + id under the key of the sample's domain
    HmacSha256Pseudonymizer hmac = HmacSha256Pseudonymizer.create(TransformerContext.builder("hmac")
        .parameters(Parameters.builder("t").put("encoding", "hex").put("length", 16L).build())
        .masterKey(KEY).field("x").linkageDomain(KanonJobs.SAMPLE_DOMAIN).build());
    java.util.regex.Pattern id = java.util.regex.Pattern.compile("\"GlobalJobId\":\"([^\"]*)\"");
    List<String> lowest = finished.stream().sorted(java.util.Comparator.comparing(l -> {
      java.util.regex.Matcher m = id.matcher(l);
      assertThat(m.find()).isTrue();
      return Long.parseUnsignedLong(hmac.apply("GlobalJobId\n" + m.group(1)), 16);
    }, Long::compareUnsigned)).limit(max).toList();
    Path sample = tmp.resolve("sample.jsonl");
    Files.write(sample, lowest);
    KanonJobs.Release whole = KanonJobs.of(sample, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    assertThat(whole.sampled()).isFalse();
    assertThat(r.csv()).isEqualTo(whole.csv());

    // the same sample from the jobs in another order
    List<String> shuffled = new ArrayList<>(lines);
    java.util.Collections.shuffle(shuffled, new java.util.Random(7));
    Path other = tmp.resolve("shuffled.jsonl");
    Files.write(other, shuffled);
    assertThat(KanonJobs.of(other, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression(), max).csv())
        .isEqualTo(r.csv());
  }

  /**
   * The site's own pool generalizes to onsite, the rest to offsite: FermiGrid unless the caller (anonkit
   * run --onsite-sites) names other sites. Four sites of 5 jobs each must go to that level (k = 10).
   */
  @Test
  void release_onsiteSites_generalizeToOnsite_theOthersToOffsite() throws IOException {
    Path sites = tmp.resolve("sites.jsonl");
    StringBuilder sb = new StringBuilder();
    String[] site = {"SiteA", "SiteB", "SiteC", "SiteD"};
    for (int i = 0; i < 20; i++) {
      sb.append("{\"Owner\":\"u").append(i % 10).append("\",\"JobStatus\":4,\"x509UserProxyVOName\":\"dune\",")
          .append("\"MATCH_EXP_JOB_Site\":\"").append(site[i % 4]).append("\",\"RequestCpus\":1,")
          .append("\"RequestMemory\":2000,\"RemoteWallClockTime\":100,\"ExitCode\":").append(i / 4 % 2).append("}\n");
    }
    Files.writeString(sites, sb.toString());
    KanonJobs.Release own = KanonJobs.of(List.of(sites), null, JobGenerator.virtualOrganizations(),
        ReleaseSettings.DEFAULTS.withOnsiteSites(List.of("SiteA", "SiteB")), KEY, EXIT, EXIT.expression(),
        KanonJobs.MAX_JOBS);
    assertThat(own.found()).isTrue();
    assertThat(own.result().levels()).containsEntry("site", 1);
    List<List<String>> rows = parseCsv(own.csv());
    assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(1)).containsOnly("onsite", "offsite")
        .filteredOn("onsite"::equals).hasSize(10);
    assertThat(own.json()).contains("then onsite (SiteA, SiteB) or offsite");
    KanonJobs.Release fermilab = KanonJobs.of(sites, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    List<List<String>> all = parseCsv(fermilab.csv());
    assertThat(all.subList(1, all.size())).extracting(row -> row.get(1)).containsOnly("offsite");
    assertThat(fermilab.json()).contains("then onsite (FermiGrid) or offsite");
  }

  /**
   * A blank GlobalJobId (a CSV export's empty quoted cell) is no identity: every job with one had the same
   * hash, the tie went by the row, and a sample of them was the lowest rows (all dune, no nova here).
   */
  @Test
  void sample_blankGlobalJobIds_isStillUniform() throws IOException {
    Path blank = tmp.resolve("blank-ids.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1_000; i++) {
      sb.append("{\"GlobalJobId\":\"").append(i % 2 == 0 ? "" : " ").append("\",\"Owner\":\"u").append(i % 20)
          .append("\",\"JobStatus\":4,\"x509UserProxyVOName\":\"").append(i % 2 == 0 ? "dune" : "nova")
          .append("\",\"RemoteWallClockTime\":").append(i).append(",\"ExitCode\":").append(i % 3 == 0 ? 1 : 0)
          .append("}\n");
    }
    Files.writeString(blank, sb.toString());
    KanonJobs.Release r = KanonJobs.of(blank, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression(), 200);
    assertThat(r.sampled()).isTrue();
    long dune = parseCsv(r.csv()).stream().skip(1).filter(row -> row.get(0).equals("dune")).count();
    long nova = parseCsv(r.csv()).stream().skip(1).filter(row -> row.get(0).equals("nova")).count();
    // a uniform sample of 200 from 500 + 500: each about 100 (outside 60..140 with probability < 1e-8)
    assertThat(dune).as("dune").isBetween(60L, 140L);
    assertThat(nova).as("nova").isBetween(60L, 140L);
  }

  /** Without a GlobalJobId a job is known by its fields: the same record anywhere has the same identity. */
  @Test
  void identity_isTheGlobalJobId_elseTheFieldsWhateverTheirOrderAndCase() throws IOException {
    Path a = tmp.resolve("ident-a.jsonl");
    Files.writeString(a, "{\"Owner\":\"jdoe\",\"ExitCode\":1}\n{\"EXITCODE\":1,\"owner\":\"jdoe\"}\n"
        + "{\"Owner\":\"jdoe\",\"ExitCode\":2}\n{\"GlobalJobId\":\"s#1.0#1\",\"Owner\":\"x\"}\n");
    List<String> ids = new ArrayList<>();
    try (RecordInput in = RecordInput.builder(a).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord rec) {
          ids.add(KanonJobs.identity(rec));
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError(m.reason());
        }
      });
    }
    assertThat(ids.get(0)).isEqualTo(ids.get(1)).isNotEqualTo(ids.get(2));
    assertThat(ids.get(3)).isEqualTo("GlobalJobId\ns#1.0#1");
  }

  /**
   * The limit follows the Java heap: with a fixed 2,000,000, anonkit run --experiments with a 64 MB heap
   * ran out of memory in the search after its run (180,579 finished jobs; 80 MB was enough).
   */
  @Test
  void maxJobs_followsTheHeap_upToTheFixedLimit() {
    assertThat(KanonJobs.maxJobs(64L << 20)).isLessThan(180_579).isGreaterThan(100_000);
    assertThat(KanonJobs.maxJobs(80L << 20)).isGreaterThan(150_000);
    assertThat(KanonJobs.maxJobs(Long.MAX_VALUE)).isEqualTo(KanonJobs.MAX_JOBS); // no -Xmx: maxMemory() says so
    assertThat(KanonJobs.maxJobs(4L << 30)).isEqualTo(KanonJobs.MAX_JOBS);
  }

  @Test
  void release_noFinishedJob_refusedWithAReason() throws IOException {
    Path queued = tmp.resolve("queued.jsonl");
    Files.writeString(queued, "{\"Owner\":\"jdoe\",\"JobStatus\":1,\"RequestCpus\":1}\n");
    KanonJobs.Release r = KanonJobs.of(queued, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    assertThat(r.found()).isFalse();
    assertThat(r.refused()).isEqualTo("no finished job with an Owner").doesNotContain("jdoe");
    assertThat(r.leftOut()).isEqualTo(1);
  }

  /** Numbers are read as JSON and ClassAds write them: "4f", " 4" and an expression are no number. */
  @Test
  void release_valuesThatAreNoDecimalNumber_areNone() throws IOException {
    Path odd = tmp.resolve("odd.jsonl");
    StringBuilder sb = new StringBuilder();
    String[] cpus = {"4f", " 4", "(RequestCpus * 2)", "0x10", "4"};
    for (int i = 0; i < 200; i++) {
      sb.append("{\"Owner\":\"u").append(i % 40).append("\",\"JobStatus\":4,\"RequestCpus\":\"")
          .append(cpus[i % cpus.length]).append("\",\"ExitCode\":").append(i % 4 == 0 ? 1 : 0).append("}\n");
    }
    Files.writeString(odd, sb.toString());
    KanonJobs.Release r = KanonJobs.of(odd, JobGenerator.virtualOrganizations(), KEY, EXIT, EXIT.expression());
    assertThat(r.found()).isTrue();
    assertThat(r.result().levels()).containsEntry("request_cpus", 0);
    List<List<String>> rows = parseCsv(r.csv());
    assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(2)).containsOnly("none", "4");
    assertThat(rows.subList(1, rows.size())).filteredOn(row -> row.get(2).equals("4")).hasSize(40);
  }

  private static String siteAt(String site, int level) {
    String s = site == null || site.isEmpty() ? "none" : site;
    return level == 0 ? s : level == 1 ? (s.equals("none") ? "none" : s.equals("FermiGrid") ? "onsite" : "offsite") : "*";
  }

  /** Level 0 the number, levels 1..n the intervals between that level's cut points, then {@code *}. */
  private static String numberAt(String value, int level, double[][] cuts) {
    Double v = null;
    try {
      v = value == null ? null : Double.valueOf(value);
    } catch (NumberFormatException e) {
      v = null;
    }
    if (level > cuts.length) {
      return "*";
    }
    if (v == null) {
      return "none";
    }
    if (level == 0) {
      return v == Math.rint(v) ? Long.toString(v.longValue()) : v.toString();
    }
    double[] c = cuts[level - 1];
    if (c.length == 0) {
      return "*"; // a level without cut points: one interval
    }
    if (v < c[0]) {
      return "<" + n(c[0]);
    }
    for (int i = 1; i < c.length; i++) {
      if (v < c[i]) {
        return "[" + n(c[i - 1]) + "," + n(c[i]) + ")";
      }
    }
    return ">=" + n(c[c.length - 1]);
  }

  private static String n(double d) {
    return d == Math.rint(d) ? String.format(Locale.ROOT, "%d", (long) d) : Double.toString(d);
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The released table, read back by anon-privacy's CSV reader (header first). */
  private static List<List<String>> parseCsv(String csv) throws IOException {
    DataTable t = DataTable.readCsv(new java.io.StringReader(csv), ',');
    List<List<String>> rows = new ArrayList<>();
    rows.add(t.columns());
    for (int r = 0; r < t.rowCount(); r++) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < t.columns().size(); c++) {
        row.add(t.value(r, c));
      }
      rows.add(row);
    }
    return rows;
  }
}
