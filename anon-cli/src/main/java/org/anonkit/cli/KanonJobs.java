package org.anonkit.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.anonkit.Parameters;
import org.anonkit.hmac.HmacSha256Pseudonymizer;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.FailureDefinition;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.privacy.generalize.Hierarchy;
import org.anonkit.privacy.kanon.DataTable;
import org.anonkit.privacy.kanon.KAnonResult;
import org.anonkit.privacy.kanon.KAnonymizer;
import org.anonkit.privacy.kanon.PrivacyModel;
import org.anonkit.privacy.kanon.UtilityMetric;
import org.anonkit.spi.TransformerContext;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Step (7) of the main job: the finished jobs as a table for researchers who get this file alone (which
 * resources, site and run time go with failure), made k-anonymous by anon-privacy's optimal full-domain
 * generalization: every released combination of the quasi-identifiers (experiment, site, requested
 * CPUs and memory, wall time) holds at least k jobs of at least a number of distinct users (the
 * {@code Owner}, used by the model and not released: k-anonymity counted in jobs alone would let one
 * user's many jobs form a class) and both outcomes, failed and not (distinct 2-diversity of the run's
 * failure definition, so that no class tells that its jobs failed). Classes that cannot be made so
 * within the suppression limit (a share of the rows) are suppressed (every cell
 * {@code *}, the outcome too: the suppressed rows form one more group, which the models do not cover;
 * the row kept). k (default 10), the users (5), the limit (5%), the numeric columns' intervals and the
 * onsite sites are the policy's {@code releases} section's ({@link ReleaseSettings}). Submit and completion times are not released: a user knows when they
 * submitted, and the demo's few hours of data would keep no more than the day.
 *
 * <p>Finished jobs are those that left the queue ({@code JobStatus} 3, removed, or 4, completed): the
 * ones with an outcome, which is what {@code condor_history} holds; the others, and jobs without an
 * {@code Owner}, are left out and counted. The rows are sorted by their released values, so their order
 * does not link them to the anonymized records of {@code share/data} (which keep the exact values: this
 * table protects people only for a recipient of this file alone, as the differentially private figures
 * of step (6) do). A missing site, CPU count, memory or wall time is the category {@code none}.
 *
 * <p>The search holds the finished jobs in memory (the table about 30 bytes a job; the search's peak
 * about 350 to 450: 180,087 generated jobs needed a 72 MB heap, 68 MB was too little; 180,579 ran in
 * 80 MB, not in 64 MB), so an input with more than {@link #maxJobs(long)} of them, {@value #MAX_JOBS}
 * (some 700 MB) or fewer where the Java heap holds fewer at {@value #HEAP_BYTES_PER_JOB} bytes a job,
 * gets a table of a uniform sample of that many (the jobs whose {@code GlobalJobId}, else whole record,
 * has the lowest keyed hash: the same sample for any order or split of the inputs), said so in the JSON and on the console
 * (a search over all of them would run out of memory, as {@code anonkit run --experiments}, whose inputs
 * have no size limit otherwise, did with a 64 MB heap and 180,579 jobs).
 *
 * <p>Static methods only; a {@link Release} is immutable.
 */
final class KanonJobs {
  static final long MAX_JOBS = 2_000_000;
  /** Java heap a finished job takes at the search's peak, with room (about 400 measured). */
  static final long HEAP_BYTES_PER_JOB = 512;
  static final String NONE = "none";
  /** The release's files in {@code share/}. */
  static final String CSV_FILE = "jobs-kanon.csv";
  static final String JSON_FILE = "jobs-kanon.json";
  /** The released columns, in order; {@code user} (the model's) is not one of them. */
  static final List<String> COLUMNS = List.of("experiment", "site", "request_cpus", "request_memory_mb",
      "wall_time_s", "failed");
  private static final String USER = "user";

  /** The release, or why there is none. */
  record Release(KAnonResult result, List<String[]> rows, long leftOut, long finished, String failureExpression,
      ReleaseSettings settings, long onsiteJobs, String refused) {
    boolean found() {
      return refused == null && result.found();
    }

    /** Whether the table is of a sample: more finished jobs than it has rows. */
    boolean sampled() {
      return result != null && finished > result.rows();
    }

    String csv() {
      StringWriter w = new StringWriter();
      try {
        DpCommand.writeCsvLine(w, COLUMNS);
        for (String[] r : rows) {
          DpCommand.writeCsvLine(w, List.of(r));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a StringWriter does not fail
      }
      return w.toString();
    }

    String json() {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = new JsonFactory().createGenerator(ObjectWriteContext.empty(), w)) {
        g.writeStartObject();
        g.writeStringProperty("release", "one row per job; optimal full-domain generalization (anon-privacy KAnonymizer)");
        g.writeName("columns");
        g.writeStartArray();
        for (String c : COLUMNS) {
          g.writeString(c);
        }
        g.writeEndArray();
        g.writeName("quasiIdentifiers");
        g.writeStartObject();
        for (Map.Entry<String, String> e : hierarchyNotes(settings).entrySet()) {
          g.writeStringProperty(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeStringProperty("k", settings.k() + " jobs per class");
        g.writeStringProperty("users", settings.users() + " distinct users (Owner) per class; the user is not released");
        g.writeNumberProperty("suppressionLimit", settings.suppression());
        g.writeStringProperty("failed", "both values in every class (distinct 2-diversity), * in a suppressed row; "
            + "failed means: " + failureExpression);
        g.writeStringProperty("jobs", "finished jobs (JobStatus 3 or 4) with an Owner" + (sampled()
            ? ": a uniform sample of " + result.rows() + " of " + finished + ", those whose GlobalJobId (else the whole "
                + "record) has the lowest keyed hash" : ""));
        g.writeNumberProperty("finishedJobs", finished);
        g.writeNumberProperty("jobsLeftOut", leftOut);
        g.writeName("result");
        // KAnonResult's report, one property a line; its strings escape line breaks, so this joins them
        g.writeRawValue(result.toJson().strip().replace("\n  ", "").replace("\n", ""));
        g.writeEndObject();
      }
      return w.append('\n').toString();
    }
  }

  /** Each quasi-identifier's hierarchy, as the report describes it (the numeric ones from the settings' cut points). */
  static Map<String, String> hierarchyNotes(ReleaseSettings settings) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("experiment", "x509UserProxyVOName among the public experiments, else other; then *");
    m.put("site", "MATCH_EXP_JOB_Site; then onsite (" + String.join(", ", settings.onsiteSites())
        + ") or offsite; then *");
    m.put("request_cpus", "RequestCpus; then " + settings.describe("request_cpus"));
    m.put("request_memory_mb", "RequestMemory; then " + settings.describe("request_memory_mb"));
    m.put("wall_time_s", "RemoteWallClockTime; then " + settings.describe("wall_time_s"));
    return m;
  }

  private KanonJobs() {}

  /**
   * The most finished jobs this step takes with a Java heap of at most {@code maxHeapBytes}
   * ({@link Runtime#maxMemory()}): {@value #MAX_JOBS}, or fewer where the heap holds fewer at
   * {@value #HEAP_BYTES_PER_JOB} bytes a job.
   */
  static long maxJobs(long maxHeapBytes) {
    return Math.min(MAX_JOBS, maxHeapBytes / HEAP_BYTES_PER_JOB);
  }

  /**
   * The release over {@code input} (any format anonkit reads).
   *
   * @param experiments the public list of experiments; others are released as {@code other}
   * @param failed what a failed job is (the run's definition)
   * @param failureExpression the definition as {@code share/} may show it (literals redacted)
   */
  static Release of(Path input, List<String> experiments, MasterKey key, FailureDefinition failed,
      String failureExpression) throws IOException {
    return of(List.of(input), null, experiments, ReleaseSettings.DEFAULTS, key, failed, failureExpression, MAX_JOBS);
  }

  /** As {@link #of(Path, List, MasterKey, FailureDefinition, String)}, with a sample of {@code maxJobs} at most. */
  static Release of(Path input, List<String> experiments, MasterKey key, FailureDefinition failed,
      String failureExpression, long maxJobs) throws IOException {
    return of(List.of(input), null, experiments, ReleaseSettings.DEFAULTS, key, failed, failureExpression, maxJobs);
  }

  /**
   * The release over {@code inputs}, read in turn; {@code format} null: detected from each one's name or
   * content; {@code settings} give k, the distinct users per class, the suppression limit, the numeric
   * columns' intervals and the sites (MATCH_EXP_JOB_Site values) of the site's own pool, which the
   * hierarchy generalizes to {@code onsite}, the others to {@code offsite}. With more than
   * {@code maxJobs} finished jobs, over a sample of {@code maxJobs} of them:
   * those whose identity ({@code GlobalJobId}, else the whole record) has the smallest HMAC under a key
   * derived from {@code key} ({@value #SAMPLE_DOMAIN}), a uniform sample that is the same for any input
   * order or split and that no one without the key can tell.
   */
  static Release of(List<Path> inputs, org.anonkit.pipeline.io.RecordFormat format, List<String> experiments,
      ReleaseSettings settings, MasterKey key, FailureDefinition failed, String failureExpression, long maxJobs)
      throws IOException {
    List<String> onsite = settings.onsiteSites();
    java.util.Set<String> publicExperiments = new java.util.HashSet<>(experiments);
    List<String> columns = new ArrayList<>(COLUMNS);
    columns.add(USER);
    Sample sample = new Sample(columns.size(), maxJobs, sampleHash(key));
    long[] leftOut = {0};
    long[] onsiteJobs = {0}; // of all the finished jobs: none says that the onsite sites are not the data's
    java.util.Set<String> ownSites = java.util.Set.copyOf(onsite);
    DpByExperiment.readAll(inputs, format, new RecordHandler() {
      @Override
      public void record(FieldRecord r) {
        String owner = r.textOf("Owner");
        String status = number(r.textOf("JobStatus"));
        if (owner == null || !status.equals("3") && !status.equals("4")) {
          leftOut[0]++;
          return;
        }
        String exp = r.textOf("x509UserProxyVOName");
        String site = orNone(r.textOf("MATCH_EXP_JOB_Site"));
        if (ownSites.contains(site)) {
          onsiteJobs[0]++;
        }
        sample.offer(r, new String[] {
            exp != null && publicExperiments.contains(exp) ? exp : "other",
            site,
            number(r.textOf("RequestCpus")),
            number(r.textOf("RequestMemory")),
            number(r.textOf("RemoteWallClockTime")),
            failed.failed(r::textOf) ? "yes" : "no",
            // one user whatever the letter case: counted twice, jdoe and JDoe would make a class look more diverse
            DpByExperiment.lower(owner)});
      }

      @Override
      public void malformed(MalformedRecord m) {
        // the run quarantined it: not part of the data released
      }
    });
    if (sample.seen() == 0) {
      return new Release(null, List.of(), leftOut[0], 0, failureExpression, settings, 0, "no finished job with an Owner");
    }
    // the distinct values of each quasi-identifier (the columns before failed), for the table hierarchies
    int quasiIdentifiers = COLUMNS.indexOf("failed");
    List<TreeSet<String>> distinct = new ArrayList<>();
    for (int i = 0; i < quasiIdentifiers; i++) {
      distinct.add(new TreeSet<>());
    }
    Map<String, String> userIds = new HashMap<>(); // the model needs distinct users, not their names
    DataTable.Builder table = DataTable.builder(columns);
    sample.drain(row -> {
      for (int i = 0; i < quasiIdentifiers; i++) {
        distinct.get(i).add(row[i]);
      }
      int u = row.length - 1;
      row[u] = userIds.computeIfAbsent(row[u], o -> Integer.toString(userIds.size()));
      table.addRow(row);
    });
    long finished = sample.seen();
    KAnonymizer anonymizer = KAnonymizer.builder()
        .quasiIdentifier("experiment", tableOf(distinct.get(0), v -> List.of("*")))
        .quasiIdentifier("site", tableOf(distinct.get(1),
            v -> List.of(v.equals(NONE) ? NONE : ownSites.contains(v) ? "onsite" : "offsite", "*")))
        .quasiIdentifier("request_cpus", numeric(distinct.get(2), settings.hierarchy("request_cpus")))
        .quasiIdentifier("request_memory_mb", numeric(distinct.get(3), settings.hierarchy("request_memory_mb")))
        .quasiIdentifier("wall_time_s", numeric(distinct.get(4), settings.hierarchy("wall_time_s")))
        .model(PrivacyModel.kAnonymity(settings.k()))
        .model(PrivacyModel.distinctLDiversity(USER, settings.users()))
        .model(PrivacyModel.distinctLDiversity("failed", 2))
        .suppressionLimit(settings.suppression())
        .metric(UtilityMetric.LOSS)
        .build();
    KAnonResult result;
    try {
      result = anonymizer.anonymize(sorted(table.build(), columns));
    } catch (OutOfMemoryError e) { // the estimate fell short: what the search held is garbage once it unwinds
      return new Release(null, List.of(), leftOut[0], finished, failureExpression, settings, onsiteJobs[0], String.format(java.util.Locale.ROOT,
          "the search ran out of memory with %,d finished jobs (ANONKIT_JAVA_OPTS=-Xmx... gives it more)",
          Math.min(finished, maxJobs)));
    }
    List<String[]> rows = new ArrayList<>();
    if (result.found()) {
      // sorted by the released cells: the input's order would link a row to its record in share/data
      TreeMap<String[], long[]> counts = new TreeMap<>(java.util.Arrays::compare);
      for (int i = 0; i < result.rows(); i++) {
        // a suppressed row is * in every cell, its outcome (a sensitive attribute of the models) too:
        // the suppressed rows are one group the models were not checked on (seed 2, 1,000 jobs: 37 rows
        // of 7 users, all "no"), and whoever finds a target's class missing knows the target is among them
        counts.computeIfAbsent(result.outputRow(i).subList(0, COLUMNS.size()).toArray(new String[0]),
            k -> new long[1])[0]++;
      }
      counts.forEach((row, n) -> {
        for (long j = 0; j < n[0]; j++) {
          rows.add(row);
        }
      });
    }
    return new Release(result, rows, leftOut[0], finished, failureExpression, settings, onsiteJobs[0], null);
  }

  /** The linkage domain of the key that draws the sample: its own, so its HMACs match no token of share/. */
  static final String SAMPLE_DOMAIN = "anonkit-kanon-sample";

  /** The keyed hash that orders the jobs for the sample: the first 64 bits of an HMAC-SHA-256. */
  private static java.util.function.ToLongFunction<String> sampleHash(MasterKey key) {
    HmacSha256Pseudonymizer hmac = HmacSha256Pseudonymizer.create(TransformerContext.builder(HmacSha256Pseudonymizer.NAME)
        .parameters(Parameters.builder("kanon sample").put("encoding", "hex").put("length", 16L)
            .put("cacheSize", 0L).build())
        .masterKey(key).field("GlobalJobId").linkageDomain(SAMPLE_DOMAIN).build());
    return id -> Long.parseUnsignedLong(hmac.apply(id), 16);
  }

  /**
   * A job's identity for the sample: its {@code GlobalJobId}, else (none, or a blank one: every such job
   * would share one hash, and the sample would take them all or none, the tie going by the row) all its
   * fields (names folded, sorted).
   */
  static String identity(FieldRecord r) {
    String id = r.textOf("GlobalJobId");
    if (id != null && !id.isBlank()) {
      return "GlobalJobId\n" + id;
    }
    TreeMap<String, String> fields = new TreeMap<>();
    for (int i = 0; i < r.size(); i++) {
      fields.put(r.name(i).toLowerCase(java.util.Locale.ROOT), r.text(i)); // names are unique ignoring case
    }
    StringBuilder b = new StringBuilder("record");
    fields.forEach((n, v) -> b.append('\n').append(n).append('=').append(v.replace("\\", "\\\\").replace("\n", "\\n")));
    return b.toString();
  }

  /**
   * The finished jobs kept for the search: all of them up to {@code max}, then the {@code max} whose
   * identities hash lowest (ties, the same job read twice, broken by the row). Rows are held with their
   * cells interned per column (a pool repeats its experiments, sites and sizes). Not thread-safe.
   */
  private static final class Sample {
    private final long max;
    private final java.util.function.ToLongFunction<String> hash;
    private final List<Map<String, String>> interned = new ArrayList<>();
    // the kept jobs, highest hash first, so that the one a lower hash replaces is at the head
    private final java.util.PriorityQueue<Object[]> kept = new java.util.PriorityQueue<>(
        (a, b) -> -compareKept(a, b));
    private long seen;

    Sample(int columns, long max, java.util.function.ToLongFunction<String> hash) {
      this.max = max;
      this.hash = hash;
      for (int i = 0; i < columns; i++) {
        interned.add(new HashMap<>());
      }
    }

    void offer(FieldRecord r, String[] row) {
      seen++;
      Object[] job = {hash.applyAsLong(identity(r)), row};
      if (kept.size() < max) {
        kept.add(intern(job));
      } else if (compareKept(job, kept.peek()) < 0) {
        kept.poll();
        kept.add(intern(job));
      }
    }

    private Object[] intern(Object[] job) {
      String[] row = (String[]) job[1];
      for (int i = 0; i < row.length; i++) {
        Map<String, String> m = interned.get(i);
        String v = m.get(row[i]);
        if (v == null && m.size() < (1 << 16)) { // wall times: many values; past the bound a cell is kept as is
          m.put(row[i], row[i]);
        }
        row[i] = v != null ? v : row[i];
      }
      return job;
    }

    private static int compareKept(Object[] a, Object[] b) {
      int c = Long.compareUnsigned((Long) a[0], (Long) b[0]);
      return c != 0 ? c : java.util.Arrays.compare((String[]) a[1], (String[]) b[1]);
    }

    /** The finished jobs read. */
    long seen() {
      return seen;
    }

    /** Hands over the kept rows (in no particular order), releasing each. */
    void drain(java.util.function.Consumer<String[]> to) {
      interned.clear();
      for (Object[] job; (job = kept.poll()) != null; ) {
        to.accept((String[]) job[1]);
      }
    }
  }

  /**
   * The table's rows sorted by their released cells, in a new table: the search visits classes in the
   * order their first rows come, and sums the loss metric in that order, so rows in input order gave
   * the same jobs in another order (or split over other files) a report whose loss differed in its last
   * digit, and could break a tie between two transformations differently.
   */
  private static DataTable sorted(DataTable t, List<String> columns) {
    Integer[] order = new Integer[t.rowCount()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> {
      for (int c = 0; c < COLUMNS.size(); c++) {
        int d = t.value(a, c).compareTo(t.value(b, c));
        if (d != 0) {
          return d;
        }
      }
      return 0;
    });
    DataTable.Builder b = DataTable.builder(columns);
    String[] row = new String[columns.size()];
    for (int i : order) {
      for (int c = 0; c < row.length; c++) {
        row[c] = t.value(i, c);
      }
      b.addRow(row);
    }
    return b.build();
  }

  /** Writes {@code jobs-kanon.csv} and {@code .json} into {@code share}, each atomically; returns them by file name. */
  static Map<String, Path> write(Release r, Path share) throws IOException {
    return Releases.writeFiles(share, CSV_FILE, r.csv(), JSON_FILE, r.json());
  }

  /** A table hierarchy over the values seen: each value, then {@code above(value)} (coarsest {@code *} last). */
  private static Hierarchy tableOf(java.util.Collection<String> values,
      java.util.function.Function<String, List<String>> above) {
    List<List<String>> rows = new ArrayList<>();
    for (String v : values) {
      List<String> row = new ArrayList<>();
      row.add(v);
      row.addAll(above.apply(v));
      rows.add(row);
    }
    return Hierarchy.fromTable(rows);
  }

  /** A numeric rule hierarchy as a table over the values seen, with {@code none} above itself. */
  private static Hierarchy numeric(java.util.Collection<String> values, Hierarchy rules) {
    return tableOf(values, v -> {
      List<String> up = new ArrayList<>();
      for (int l = 1; l < rules.levels(); l++) {
        up.add(v.equals(NONE) && l < rules.levels() - 1 ? NONE : v.equals(NONE) ? "*" : rules.generalize(v, l));
      }
      return up;
    });
  }

  private static String orNone(String v) {
    return v == null || v.isEmpty() ? NONE : v;
  }

  /** A whole number as text (HTCondor writes some as reals: {@code 2000.0}), or {@code none}. */
  private static String number(String v) {
    if (v == null || !DECIMAL.matcher(v).matches()) {
      return NONE; // an expression (HTCondor's RequestMemory can be one), or "4f", " 4": no number to release
    }
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        return NONE;
      }
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    } catch (NumberFormatException e) {
      return NONE; // not reached: the pattern admits decimal numbers only
    }
  }

  /** A decimal number as JSON and ClassAds write one. */
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
}
