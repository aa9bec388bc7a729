package org.anonkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.FailureDefinition;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.privacy.dp.DpAggregation;
import org.anonkit.privacy.dp.FieldRow;
import org.anonkit.privacy.dp.KeyedRandom;
import org.anonkit.privacy.dp.PrivacyAccountant;
import org.anonkit.privacy.dp.PrivacyBudget;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Step (6) of the main job: jobs and failed jobs per experiment with differential privacy, computed
 * from the clear input, for recipients who need a formal guarantee on aggregates rather than the
 * per-token statistics of {@code failures.csv}.
 *
 * <p>Neighbouring datasets differ in all jobs of one user ({@code Owner}, the privacy unit, in any
 * letter case: {@code jdoe} and {@code JDoe} are one unit). Each user
 * counts in at most {@value #MAX_EXPERIMENTS} experiment ({@code x509UserProxyVOName}) with at most
 * m jobs ({@code maxJobsPerUser} of the policy's {@code releases.dp} section, default 50: {@link
 * ReleaseSettings}), so the figures count bounded contributions, not every job: the experiment with
 * most of the user's jobs (ties: the first by name), and of a user's n jobs there, f failed, min(n, m)
 * counted, of which failed f·min(n, m)/n rounded half up. That choice is a function of each user's jobs
 * alone (so the sensitivity stays L0·L∞), and of their multiset, not their order: a seeded sample of 50 in
 * input order gave the same jobs in another order, or split over two files, other failed figures. The
 * experiments are public (a laboratory's list of experiments is), so each gets a figure, with noise,
 * whether or not the data hold it, and jobs of other experiments are left out; ε (the section's
 * {@code epsilon}, default 1) in all, δ = 0: half for the job counts, half for the failed counts (the run's failure definition). Each
 * experiment is released on its own: after the bounding a user changes one experiment's figures only,
 * so the experiments spend the same ε side by side (parallel composition). Noise scale:
 * L0·L∞/(ε/2) (100 with the defaults) for each figure, whatever the data size: with the demo's few hundred users the failed
 * figures are mostly noise; they sharpen as the users (and their jobs) grow. Discrete Laplace noise from
 * anon-privacy's {@link DpAggregation}, drawn from a {@link KeyedRandom} under a key derived from the
 * master key ({@value #PURPOSE}) with, as context, a hash of what determines the figure it hides and
 * nothing else: for the job count, the experiment's name, its exact bounded job count, ε and m
 * ({@link #jobsHash}); for the failed count, the name, the exact bounded failed count, the failure
 * definition's canonical text ({@link FailureDefinition#canonical}), ε and m ({@link #failedHash}). (One
 * noise at two scales would give the figure away, hence ε and m.) Each figure is a function of the key and
 * the figure its noise hides, whatever file, order, jobs beyond the bounds, other listed experiments or,
 * for the job count, failure definition came with it, so the output stays reproducible and the same
 * figure is never released with two noises (whose average would be more exact) unless ε or m changes: a
 * release under other parameters spends its own ε, and the two together cost the sum (sequential
 * composition). The failed counts of another failure definition are other figures, with noise of their
 * own even where their values agree, so a run with another definition is a new release of the failed
 * counts, costing their ε/2 once more, and repeats the job counts byte for byte (keyed by both figures, in
 * noise scheme 1, another definition drew the job counts' noise afresh: two draws of one count to average,
 * review 46). Without the key, the noise of other figures looks independent (AES as a
 * pseudorandom function); only the key holder, who has the clear data anyway, can remove it. The price:
 * the noise is not fresh across runs under one master key and one release label, so two such runs do not
 * compose to 2ε: a figure repeats exactly when it did not change and gets other noise when it did, which
 * tells whoever holds both runs' files, without noise, which experiments' bounded figures changed. A
 * release label ({@code anonkit run --dp-release}) goes into the context too: runs under different labels
 * get independent noise and compose (ε each).
 *
 * <p>Not thread-safe; one per release.
 */
final class DpByExperiment {
  static final int MAX_EXPERIMENTS = 1;
  static final String PURPOSE = "anonkit/demo/dp-noise";
  /**
   * How the noise is keyed, written into {@code failures-dp.json} ({@code noiseScheme}) and raised whenever a
   * change of code gives the same data, key and label other noise: 1 (the files had no such field) = both
   * figures' noise keyed by both figures; 2 = the job count's by the job count, the failed count's by the
   * failed count and the failure definition (2026-11-27, review 46).
   */
  static final int NOISE_SCHEME = 2;
  /** The release's files in {@code share/}. */
  static final String CSV_FILE = "failures-dp.csv";
  static final String JSON_FILE = "failures-dp.json";
  static final String UNIT = "Owner";
  static final String EXPERIMENT = "x509UserProxyVOName";

  /**
   * The release: one line per released experiment (sorted); and how many jobs had no privacy unit, and
   * whether none with one was of a listed experiment: exact facts outside the model, for the operator's
   * console only (never in {@code share/}).
   */
  record Release(List<String[]> rows, long withoutUnit, boolean noneListed, String failureExpression,
      ReleaseSettings settings) {
    /** Each figure's noise scale: L0·L∞ / (ε/2), the sensitivity over each figure's half of the budget. */
    double noiseScale() {
      return MAX_EXPERIMENTS * settings.maxJobsPerUser() / (settings.epsilon() / 2);
    }

    String csv() {
      java.io.StringWriter w = new java.io.StringWriter();
      try {
        DpCommand.writeCsvLine(w, List.of("experiment", "jobs_dp", "failed_dp"));
        for (String[] r : rows) {
          DpCommand.writeCsvLine(w, List.of(r));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
      }
      return w.toString();
    }

    String json() {
      java.io.StringWriter w = new java.io.StringWriter();
      try (JsonGenerator g = new JsonFactory().createGenerator(ObjectWriteContext.empty(), w)) {
        g.writeStartObject();
        g.writeStringProperty("mechanism", "discrete Laplace; noise keyed by a key derived from the master key, "
            + "with a hash of the exact figure it hides as context (a job count: the experiment and its count; a "
            + "failed count: the experiment, its count and the failure definition): the same figure, the same noise");
        g.writeNumberProperty("noiseScheme", NOISE_SCHEME);
        g.writeStringProperty("composition", "parallel: each experiment released on its own, each user counted in "
            + "one; epsilon is the whole release's");
        if (!settings.dpRelease().isEmpty()) {
          g.writeStringProperty("release", settings.dpRelease());
        }
        g.writeNumberProperty("epsilon", settings.epsilon());
        g.writeNumberProperty("delta", 0);
        g.writeStringProperty("privacyUnit", UNIT);
        g.writeName("groupBy");
        g.writeStartArray();
        g.writeString(EXPERIMENT);
        g.writeEndArray();
        g.writeNumberProperty("maxPartitionsContributed", MAX_EXPERIMENTS);
        g.writeNumberProperty("maxContributionsPerPartition", settings.maxJobsPerUser());
        g.writeNumberProperty("noiseScale", noiseScale());
        g.writeStringProperty("bounding", "each user counts in the experiment with most of their jobs (ties: the "
            + "first by name), with at most " + settings.maxJobsPerUser() + " of them, failed ones in proportion (rounded half up): "
            + "a function of the user's jobs, in any order");
        g.writeStringProperty("groups", "public: the experiments named by the caller");
        g.writeStringProperty("failed", failureExpression);
        g.writeName("experiments");
        g.writeStartArray();
        for (String[] r : rows) {
          g.writeStartObject();
          g.writeStringProperty("experiment", r[0]);
          g.writeNumberProperty("jobs", Long.parseLong(r[1]));
          g.writeNumberProperty("failed", Long.parseLong(r[2]));
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      return w.append('\n').toString();
    }
  }

  private DpByExperiment() {}

  /**
   * The release over {@code input} (any format anonkit reads).
   *
   * @param experiments the public list of experiments (virtual organizations) to release a figure for
   * @param failed what a failed job is (the run's definition)
   * @param failureExpression the definition as {@code share/} may show it (literals redacted)
   */
  static Release of(Path input, List<String> experiments, MasterKey key, FailureDefinition failed,
      String failureExpression) throws IOException {
    return of(List.of(input), null, experiments, ReleaseSettings.DEFAULTS, key, failed, failureExpression);
  }

  /**
   * The release over {@code inputs}, read in turn.
   *
   * @param format the inputs' format, or null: detected from each one's name or content
   * @param settings epsilon and the jobs counted per user
   */
  static Release of(List<Path> inputs, org.anonkit.pipeline.io.RecordFormat format, List<String> experiments,
      ReleaseSettings settings, MasterKey key, FailureDefinition failed, String failureExpression)
      throws IOException {
    int maxJobs = settings.maxJobsPerUser();
    double epsilon = settings.epsilon();
    // per user and experiment, two counts (jobs, failed), not the jobs' records
    Map<String, Integer> users = new HashMap<>();
    Map<String, Integer> experimentIds = new HashMap<>();
    List<String> experimentNames = new ArrayList<>();
    Tallies tallies = new Tallies();
    long[] withoutUnit = {0};
    long[] unlisted = {0}; // jobs with an Owner of another experiment
    java.util.Set<String> released = new java.util.HashSet<>(experiments);
    readAll(inputs, format, new RecordHandler() {
      @Override
      public void record(FieldRecord r) {
        // one person whatever the letter case (jdoe and JDoe): two units would let them count 100 jobs;
        // merging two real users who differ in case only bounds them more, which is the safe side
        String unit = lower(r.textOf(UNIT));
        if (unit == null) {
          withoutUnit[0]++; // nobody to protect by the model, nobody to count: left out, and counted
          return;
        }
        String exp = r.textOf(EXPERIMENT);
        String group = exp == null ? "" : exp;
        if (!released.contains(group)) {
          unlisted[0]++;
          return; // no figure for its experiment: it changes none, so it neither counts nor keys the noise
        }
        int e = experimentIds.computeIfAbsent(group, k -> {
          experimentNames.add(k);
          return experimentNames.size() - 1;
        });
        boolean f = failed.failed(r::textOf);
        tallies.add(users.computeIfAbsent(unit, k -> users.size()), e, f);
      }

      @Override
      public void malformed(MalformedRecord m) {
        // the run quarantined it: not part of the data released
      }
    });
    Map<Integer, long[]> bounded = tallies.bounded(experimentNames, maxJobs);
    // each experiment released on its own: after the bounding every user contributes to one experiment
    // only, so the experiments hold disjoint users, and each may spend the whole epsilon (parallel
    // composition), half on its job count and half on its failed count. Each figure's noise context is a
    // hash of that exact figure (with the experiment's name), which alone that noise hides:
    // not of the input's bytes, nor of its jobs, nor of the other experiments' figures, or the same
    // figures from another file (the same data as Parquet, one more quarantined record, the jobs in
    // another order or split over files), from other jobs (a user's 61st job beyond the 50 counted) or
    // beside another list of experiments would get fresh noise: noisy views to average. The job count's noise is keyed by the job count alone, the failed count's by the failed count and the
    // failure definition (its canonical text): a run with another definition (same data, key, label)
    // repeats every job count byte for byte instead of drawing its noise afresh (keyed by both figures, it
    // did: two draws of one count to average, review 46's F4), and is a new release of the failed counts
    Map<String, long[]> figures = figures(experiments, bounded, experimentNames);
    Map<String, long[]> byExperiment = new TreeMap<>();
    org.anonkit.key.DerivedKey noiseKey = key.derive(PURPOSE);
    for (Map.Entry<String, long[]> f : figures.entrySet()) {
      String e = f.getKey();
      PrivacyAccountant budget = PrivacyAccountant.basic(new PrivacyBudget(epsilon, 0));
      Iterable<FieldRow> rows = Tallies.rows(bounded, experimentNames, e);
      long jobs = Math.max(0, Math.round(query(e, maxJobs, epsilon / 2, budget,
          KeyedRandom.of(noiseKey, jobsHash(e, f.getValue()[0], settings))).count(rows).results().get(0).value()));
      long failedJobs = Math.round(query(e, maxJobs, epsilon / 2, budget,
          KeyedRandom.of(noiseKey, failedHash(e, f.getValue()[1], failed, settings))).sum(rows, "failed", 0, 1)
          .results().get(0).value());
      // clamped to what is possible: 0 <= failed <= jobs (post-processing)
      byExperiment.put(e, new long[] {jobs, Math.min(jobs, Math.max(0, failedJobs))});
    }
    List<String[]> out = new ArrayList<>();
    byExperiment.forEach((e, v) -> out.add(new String[] {e, Long.toString(v[0]), Long.toString(v[1])}));
    return new Release(out, withoutUnit[0], unlisted[0] > 0 && experimentNames.isEmpty(), failureExpression,
        settings);
  }

  /** One figure's query over experiment {@code e}'s bounded rows, its noise from {@code noise}, charged to {@code budget}. */
  private static DpAggregation query(String e, int maxJobs, double epsilon, PrivacyAccountant budget,
      KeyedRandom noise) {
    return DpAggregation.builder().privacyUnit(UNIT).groupBy(EXPERIMENT).maxPartitionsContributed(MAX_EXPERIMENTS)
        .maxContributionsPerPartition(maxJobs).partitions(List.of(List.of(e))).epsilon(epsilon)
        .seed(noise.nextLong()).random(noise).accountant(budget).build();
  }

  /**
   * Reads every record of {@code inputs} in turn into {@code handler}, as the run read them (the
   * releases beside a run read its clear inputs again).
   *
   * @param format the inputs' format, or null: detected from each one's name or content
   */
  static void readAll(List<Path> inputs, org.anonkit.pipeline.io.RecordFormat format, RecordHandler handler)
      throws IOException {
    for (Path input : inputs) {
      RecordInput.Builder b = RecordInput.builder(input);
      if (format != null) {
        b.format(format);
      }
      try (RecordInput in = b.open()) {
        in.readAll(handler);
      }
    }
  }

  /** Writes {@code failures-dp.csv} and {@code .json} into {@code share}, each atomically; returns them by file name. */
  static Map<String, Path> write(Release r, Path share) throws IOException {
    return Releases.writeFiles(share, CSV_FILE, r.csv(), JSON_FILE, r.json());
  }

  /**
   * Jobs and failed jobs per user and experiment, and the bounded contributions they make. Not
   * thread-safe.
   */
  private static final class Tallies {
    // key: user id << 32 | experiment id; value: {jobs, failed}
    private final Map<Long, long[]> counts = new HashMap<>();

    void add(int user, int experiment, boolean failed) {
      long[] c = counts.computeIfAbsent((long) user << 32 | experiment, k -> new long[2]);
      c[0]++;
      if (failed) {
        c[1]++;
      }
    }

    /**
     * Each user's contributions, by user id: in the experiment with most of their jobs (ties: the first
     * name), min(n, maxJobs) jobs, failed in proportion, rounded half up, as {experiment id, jobs, failed}.
     */
    Map<Integer, long[]> bounded(List<String> experimentNames, int maxJobs) {
      Map<Integer, long[]> most = new TreeMap<>(); // user -> {experiment, n, f}
      counts.forEach((k, c) -> {
        int user = (int) (k >>> 32);
        int e = (int) (long) k;
        long[] m = most.get(user);
        if (m == null || c[0] > m[1] || c[0] == m[1]
            && experimentNames.get(e).compareTo(experimentNames.get((int) m[0])) < 0) {
          most.put(user, new long[] {e, c[0], c[1]});
        }
      });
      most.replaceAll((user, m) -> {
        long n = m[1];
        long kept = Math.min(n, maxJobs);
        long failedKept = (2 * m[2] * kept + n) / (2 * n); // f * kept / n, rounded half up, exactly
        return new long[] {m[0], kept, failedKept};
      });
      return most;
    }

    /**
     * The bounded contributions to {@code experiment} as rows, made while iterating (each DP query
     * iterates once).
     */
    static Iterable<FieldRow> rows(Map<Integer, long[]> bounded, List<String> experimentNames, String experiment) {
      return () -> new java.util.Iterator<>() {
        private final java.util.Iterator<Map.Entry<Integer, long[]>> users = bounded.entrySet().stream()
            .filter(u -> experimentNames.get((int) u.getValue()[0]).equals(experiment)).iterator();
        private String user;
        private String group;
        private long left;
        private long failedLeft;

        @Override
        public boolean hasNext() {
          while (left == 0 && users.hasNext()) {
            Map.Entry<Integer, long[]> next = users.next();
            user = Integer.toString(next.getKey()); // the privacy unit's identity: any stable key will do
            group = experimentNames.get((int) next.getValue()[0]);
            left = next.getValue()[1];
            failedLeft = next.getValue()[2];
          }
          return left > 0;
        }

        @Override
        public FieldRow next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          left--;
          String u = user;
          String e = group;
          String f = failedLeft-- > 0 ? "1" : "0";
          return field -> field.equals(UNIT) ? u : field.equals(EXPERIMENT) ? e : field.equals("failed") ? f : null;
        }
      };
    }
  }

  /**
   * A user as the run's tokens tell users apart: its canonical spelling, the one the user fields are
   * tokenized in (case-folded, white space collapsed; see {@code RecordAnonymizer}), so that one DP or
   * k-anonymity unit is one token of {@code share/} (on ASCII, lower case); null stays null.
   */
  static String lower(String s) {
    return s == null ? null : org.anonkit.pipeline.scrub.ScrubTextProvider.spellUserName(s);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The exact figures: each listed experiment's bounded jobs and failed jobs (0 and 0 where none counts). */
  static Map<String, long[]> figures(List<String> experiments, Map<Integer, long[]> bounded,
      List<String> experimentNames) {
    Map<String, long[]> figures = new TreeMap<>();
    for (String e : experiments) {
      figures.put(e, new long[2]);
    }
    for (long[] c : bounded.values()) {
      long[] f = figures.get(experimentNames.get((int) c[0]));
      f[0] += c[1];
      f[1] += c[2];
    }
    return figures;
  }

  /**
   * The context of an experiment's job-count noise: SHA-256 of {@code jobs} (a tag), its name, its exact
   * bounded job count, and the release's parameters (the same figure under another epsilon or bound gets
   * noise of its own, as one noise drawn at two scales would give the exact figure away). Nothing else:
   * the failure definition and the failed count do not change the job count, so they must not change
   * its noise.
   */
  static byte[] jobsHash(String experiment, long jobs, ReleaseSettings settings) {
    MessageDigest md = sha256();
    update(md, "jobs");
    update(md, experiment);
    md.update(java.nio.ByteBuffer.allocate(8).putLong(jobs).array());
    md.update(settings.dpContext());
    return md.digest();
  }

  /**
   * The context of an experiment's failed-count noise: SHA-256 of {@code failed} (a tag), its name, its exact
   * bounded failed count, the failure definition's canonical text ({@link FailureDefinition#canonical}: the
   * count of another definition is another figure, with noise of its own, even where it has the same
   * value; one definition however spelled, the same noise) and the release's parameters.
   */
  static byte[] failedHash(String experiment, long failedJobs, FailureDefinition definition, ReleaseSettings settings) {
    MessageDigest md = sha256();
    update(md, "failed");
    update(md, experiment);
    md.update(java.nio.ByteBuffer.allocate(8).putLong(failedJobs).array());
    update(md, definition.canonical());
    md.update(settings.dpContext());
    return md.digest();
  }

  /** Feeds {@code s} to {@code md} as its UTF-8 length (4 bytes) and bytes: unambiguous in a sequence. */
  private static void update(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
    md.update(b);
  }
}
