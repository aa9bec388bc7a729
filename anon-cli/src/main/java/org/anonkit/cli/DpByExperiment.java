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
import org.anonkit.pipeline.io.AtomicFile;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.privacy.dp.DpAggregation;
import org.anonkit.privacy.dp.DpRelease;
import org.anonkit.privacy.dp.DpResult;
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
 * <p>Neighbouring datasets differ in all jobs of one user ({@code Owner}, the privacy unit). Each user
 * counts in at most {@value #MAX_EXPERIMENTS} experiment ({@code x509UserProxyVOName}) with at most
 * {@value #MAX_JOBS} jobs (a seeded choice drops the rest), so the figures count bounded contributions,
 * not every job. The experiments are public (a laboratory's list of experiments is), so each gets a
 * figure, with noise, whether or not the data hold it, and jobs of other experiments are left out; ε =
 * {@value #EPSILON} in all, δ = 0: half for the job counts, half for the failed counts (the run's failure
 * definition). Noise scale: L0·L∞/(ε/2) = 100 for each figure, whatever the data size: with the demo's
 * few hundred users the failed figures are mostly noise; they sharpen as the users (and their jobs) grow.
 * Discrete Laplace noise from anon-privacy's {@link DpAggregation}, drawn from a {@link KeyedRandom}
 * under a key derived from the master key ({@value #PURPOSE}) with a hash of the jobs counted (the sum
 * modulo 2^256 of each one's SHA-256 over user, experiment and failed bit: in any order) as context: the same key and jobs give the same figures,
 * whatever file holds them (JSON lines or Parquet, with or without records that are quarantined or of
 * other experiments), so the output stays reproducible and the same figures are never released with two
 * noises; only the key holder, who has the clear data anyway, can remove the noise.
 *
 * <p>Not thread-safe; one per release.
 */
final class DpByExperiment {
  static final double EPSILON = 1.0;
  static final int MAX_EXPERIMENTS = 1;
  static final int MAX_JOBS = 50;
  static final String PURPOSE = "anonkit/demo/dp-noise";
  static final String UNIT = "Owner";
  static final String EXPERIMENT = "x509UserProxyVOName";

  /**
   * The release: one line per released experiment (sorted); and how many jobs had no privacy unit, an
   * exact figure outside the model, for the operator's console only (never in {@code share/}).
   */
  record Release(List<String[]> rows, long withoutUnit, String failureExpression) {
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
            + "with a hash of the jobs counted (in any order) as context");
        g.writeNumberProperty("epsilon", EPSILON);
        g.writeNumberProperty("delta", 0);
        g.writeStringProperty("privacyUnit", UNIT);
        g.writeName("groupBy");
        g.writeStartArray();
        g.writeString(EXPERIMENT);
        g.writeEndArray();
        g.writeNumberProperty("maxPartitionsContributed", MAX_EXPERIMENTS);
        g.writeNumberProperty("maxContributionsPerPartition", MAX_JOBS);
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
    // a job is three small numbers here (user id, experiment id, failed), about 9 bytes, not its record
    Map<String, Integer> users = new HashMap<>();
    Map<String, Integer> experimentIds = new HashMap<>();
    List<String> experimentNames = new ArrayList<>();
    Jobs jobsRead = new Jobs();
    long[] withoutUnit = {0};
    java.util.Set<String> released = new java.util.HashSet<>(experiments);
    // the noise's context: a hash of the multiset of jobs counted (user, experiment, failed), which
    // alone decide the figures; not of the input's bytes, or the same jobs read from another file (the
    // same data as Parquet, one more quarantined record, another field) would get fresh noise: two
    // noisy views of the same figures, whose average is more exact. A sum of the jobs' SHA-256 modulo
    // 2^256 does not depend on their order either: the same history exported in another order keys
    // the same noise
    MessageDigest job = sha256();
    long[] counted = new long[4];
    try (RecordInput in = RecordInput.builder(input).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          String unit = value(r, UNIT);
          if (unit == null) {
            withoutUnit[0]++; // nobody to protect by the model, nobody to count: left out, and counted
            return;
          }
          String exp = value(r, EXPERIMENT);
          String group = exp == null ? "" : exp;
          if (!released.contains(group)) {
            return; // no figure for its experiment: it changes none, so it neither counts nor keys the noise
          }
          int e = experimentIds.computeIfAbsent(group, k -> {
            experimentNames.add(k);
            return experimentNames.size() - 1;
          });
          boolean f = failed.failed(n -> value(r, n));
          update(job, unit);
          update(job, group);
          job.update((byte) (f ? 1 : 0));
          addModulo256(counted, job.digest());
          jobsRead.add(users.computeIfAbsent(unit, k -> users.size()), e, f);
        }

        @Override
        public void malformed(MalformedRecord m) {
          // the run quarantined it: not part of the data released
        }
      });
    }
    Iterable<FieldRow> rows = jobsRead.rows(experimentNames);
    java.nio.ByteBuffer context = java.nio.ByteBuffer.allocate(32);
    for (long word : counted) {
      context.putLong(word);
    }
    KeyedRandom noise = KeyedRandom.of(key.derive(PURPOSE), context.array());
    PrivacyAccountant budget = PrivacyAccountant.basic(new PrivacyBudget(EPSILON, 0));
    List<List<String>> groups = new ArrayList<>();
    for (String e : experiments) {
      groups.add(List.of(e));
    }
    DpAggregation jobs = DpAggregation.builder().privacyUnit(UNIT).groupBy(EXPERIMENT)
        .maxPartitionsContributed(MAX_EXPERIMENTS).maxContributionsPerPartition(MAX_JOBS).partitions(groups)
        .epsilon(EPSILON / 2).seed(noise.nextLong()).random(noise).accountant(budget).build();
    DpRelease all = jobs.count(rows);
    DpRelease fails = jobs.sum(rows, "failed", 0, 1);
    Map<String, long[]> byExperiment = new TreeMap<>();
    for (DpResult r : all.results()) {
      byExperiment.computeIfAbsent(r.partition().get(0), e -> new long[2])[0] = Math.max(0, Math.round(r.value()));
    }
    for (DpResult r : fails.results()) {
      long[] v = byExperiment.get(r.partition().get(0));
      if (v != null) { // clamped to what is possible: 0 <= failed <= jobs (post-processing)
        v[1] = Math.min(v[0], Math.max(0, Math.round(r.value())));
      }
    }
    List<String[]> out = new ArrayList<>();
    byExperiment.forEach((e, v) -> out.add(new String[] {e, Long.toString(v[0]), Long.toString(v[1])}));
    return new Release(out, withoutUnit[0], failureExpression);
  }

  /** Writes {@code failures-dp.csv} and {@code failures-dp.json} into {@code share}, each atomically. */
  static void write(Release r, Path share) throws IOException {
    writeAtomically(share.resolve("failures-dp.csv"), r.csv());
    writeAtomically(share.resolve("failures-dp.json"), r.json());
  }

  static void writeAtomically(Path target, String text) throws IOException {
    // as share/'s other files: the umask's permissions, forced to disk before the rename, no temporary
    // file left behind when writing fails
    try (AtomicFile f = AtomicFile.create(target)) {
      f.stream().write(text.getBytes(StandardCharsets.UTF_8));
      f.commit();
    }
  }

  /** The jobs read, as parallel arrays; rows are views made while iterating. Not thread-safe. */
  private static final class Jobs {
    private int[] user = new int[1024];
    private int[] experiment = new int[1024];
    private final java.util.BitSet failed = new java.util.BitSet();
    private int size;

    void add(int u, int e, boolean f) {
      if (size == user.length) {
        user = java.util.Arrays.copyOf(user, size * 2);
        experiment = java.util.Arrays.copyOf(experiment, size * 2);
      }
      user[size] = u;
      experiment[size] = e;
      failed.set(size, f);
      size++;
    }

    Iterable<FieldRow> rows(List<String> experimentNames) {
      return () -> new java.util.Iterator<>() {
        private int i;

        @Override
        public boolean hasNext() {
          return i < size;
        }

        @Override
        public FieldRow next() {
          if (i >= size) {
            throw new java.util.NoSuchElementException();
          }
          int k = i++;
          String u = Integer.toString(user[k]); // the privacy unit's identity: any stable key will do
          String e = experimentNames.get(experiment[k]);
          String f = failed.get(k) ? "1" : "0";
          return field -> field.equals(UNIT) ? u : field.equals(EXPERIMENT) ? e : field.equals("failed") ? f : null;
        }
      };
    }
  }

  /** The value of field {@code name} as text, or {@code null} when absent or undefined. */
  static String value(FieldRecord r, String name) {
    int i = r.indexOf(name);
    return i < 0 || r.kind(i) == FieldKind.UNDEFINED ? null : r.text(i);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code acc += digest} modulo 2^256, {@code acc} as four 64-bit words, most significant first. */
  static void addModulo256(long[] acc, byte[] digest) {
    java.nio.ByteBuffer words = java.nio.ByteBuffer.wrap(digest);
    long carry = 0;
    for (int i = 3; i >= 0; i--) {
      long d = words.getLong(8 * i);
      long sum = acc[i] + d;
      long c1 = Long.compareUnsigned(sum, acc[i]) < 0 ? 1 : 0;
      long sum2 = sum + carry;
      long c2 = Long.compareUnsigned(sum2, sum) < 0 ? 1 : 0;
      acc[i] = sum2;
      carry = c1 | c2;
    }
  }

  /** Feeds {@code s} to {@code md} as its UTF-8 length (4 bytes) and bytes: unambiguous in a sequence. */
  private static void update(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
    md.update(b);
  }
}
