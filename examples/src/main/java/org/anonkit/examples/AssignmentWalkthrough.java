package org.anonkit.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anonkit.Anonymizer;
import org.anonkit.FieldPlan;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.config.KeyFiles;
import org.anonkit.config.PolicyJson;
import org.anonkit.hmac.HmacSha256Pseudonymizer;
import org.anonkit.hmac.MappingFormat;
import org.anonkit.hmac.MappingStore;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.FailureDefinition;
import org.anonkit.pipeline.FailureStatistics;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RecordAnonymizer;
import org.anonkit.pipeline.RunReport;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.privacy.dp.DpAggregation;
import org.anonkit.privacy.dp.DpRelease;
import org.anonkit.privacy.dp.DpResult;
import org.anonkit.privacy.dp.FieldRow;
import org.anonkit.privacy.generalize.Hierarchy;
import org.anonkit.privacy.kanon.DataTable;
import org.anonkit.privacy.kanon.KAnonResult;
import org.anonkit.privacy.kanon.KAnonymizer;
import org.anonkit.privacy.kanon.PrivacyModel;

/**
 * The assignment, written the way a user of the library would: each step with the public API, on
 * generated HTCondor job ads.
 *
 * <ol>
 *   <li>anonymize the user field ({@code Owner}, HMAC tokens) and create a mapping file
 *       ({@link MappingStore}, under {@code private/});
 *   <li>anonymize the IP field ({@code JobsubClientIpAddress}, Crypto-PAn through the {@code ip}
 *       transformer) as a dotted string and as an unsigned 32-bit integer;
 *   <li>and 4. clear and anonymized vectors and the ragged dump: the policy's {@code vectors} section,
 *       written by the pipeline run at the end (anon-vectors);
 *   <li>which users' jobs fail and how often ({@link FailureDefinition}, {@link FailureStatistics}),
 *       by token, as counts and as fractions of the user's rows and of all rows;
 * </ol>
 * then two releases for recipients who need a formal model, from the same clear records:
 * <ol start="6">
 *   <li>failed jobs per experiment with differential privacy ({@link DpAggregation}: the user the
 *       privacy unit, each counted in one experiment with at most 50 jobs, the experiments public);
 *   <li>the finished jobs' site, requested memory and outcome as a k-anonymous table
 *       ({@link KAnonymizer}: every class at least 10 jobs of at least 5 users, failed and not);
 * </ol>
 * and finally the same thing at scale with the {@link Pipeline} (all cores, every field, manifest).
 *
 * <p>Not thread-safe (a command-line example); run {@link #main} with an output directory.
 */
public final class AssignmentWalkthrough {
  private final Path out;
  private final PrintStream log;

  public AssignmentWalkthrough(Path out, PrintStream log) {
    this.out = out;
    this.log = log;
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "walkthrough-out");
    new AssignmentWalkthrough(out, System.out).run(args.length > 1 ? Integer.parseInt(args[1]) : 5000);
  }

  /** What the walkthrough produced, for its test. */
  public static final class Result {
    public final Path mappingFile;
    public final List<String[]> ipRows; // clear, anonymized dotted, anonymized as integer
    public final FailureStatistics failures;
    public final DpRelease failedPerExperiment;
    public final KAnonResult finishedJobs;
    public final RunReport pipelineReport;

    Result(Path mappingFile, List<String[]> ipRows, FailureStatistics failures, DpRelease failedPerExperiment,
        KAnonResult finishedJobs, RunReport pipelineReport) {
      this.mappingFile = mappingFile;
      this.ipRows = ipRows;
      this.failures = failures;
      this.failedPerExperiment = failedPerExperiment;
      this.finishedJobs = finishedJobs;
      this.pipelineReport = pipelineReport;
    }
  }

  public Result run(int records) throws IOException {
    // Setup: a key (kept private), a policy, data.
    Path privateDir = out.resolve("private");
    Files.createDirectories(privateDir);
    MasterKey key = MasterKey.generate("walkthrough", new SecureRandom());
    KeyFiles.write(key, privateDir.resolve("key.json"));
    byte[] policyBytes = Pipeline.bundledPolicy("htcondor"); // = examples/policies/htcondor.json
    Policy policy = PolicyJson.parse(new String(policyBytes, java.nio.charset.StandardCharsets.UTF_8));
    Path input = privateDir.resolve("jobs.jsonl"); // clear data: private
    JobGenerator.builder().seed(42).build().write(input, records);

    // The policy compiled once: one ready transformer per field, keys derived per purpose. Its
    // pipeline sections (identity mode, scrub-text handlers) are resolved first.
    Policy resolved = Pipeline.resolvePolicy(policy, "hmac", List.of());
    Anonymizer anonymizer = Anonymizer.compile(resolved, key, TransformerRegistry.defaultRegistry());
    FieldPlan owner = anonymizer.plan("Owner");
    // spells user names as a run does before tokenizing them (case-folded: MRasmuss and mrasmuss are
    // one user, with the token the name gets in free text); not thread-safe, one per thread
    RecordAnonymizer spelling = RecordAnonymizer.create(anonymizer, resolved);
    FieldPlan ip = anonymizer.plan("JobsubClientIpAddress");
    FailureDefinition failed = FailureDefinition.of("exit");

    List<String[]> ipRows = new ArrayList<>();
    List<Map.Entry<String, Boolean>> userFailed = new ArrayList<>();
    List<FieldRow> jobs = new ArrayList<>(); // step 6: (Owner, experiment, failed) of each job
    DataTable.Builder finished = DataTable.builder(List.of("site", "request_memory_mb", "failed", "user")); // step 7
    Path mappingFile = privateDir.resolve("mapping-owner-step1.csv");
    MappingStore.Builder mappingBuilder = MappingStore.builder().tempDirectory(privateDir);
    if (owner.transformer() instanceof HmacSha256Pseudonymizer hmac) {
      mappingBuilder.field("Owner", hmac); // its encoding, length and prefix go into the metadata
    } else { // another deterministic transformer, such as ff1 in the fpe mode
      String scope = owner.rule().linkageDomain() != null ? owner.rule().linkageDomain() : "owner";
      mappingBuilder.field("Owner", scope, owner.rule().transformer(), key.id());
    }
    try (MappingStore mapping = mappingBuilder.build();
        RecordInput in = RecordInput.builder(input).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          // Step 5 needs the clear status fields: evaluate the failure definition first.
          boolean jobFailed = failed.failed(r::textOf);
          // Step 1: the user field becomes a token; the mapping records clear -> token.
          String clearOwner = spelling.spelling("Owner", r.text(r.indexOf("Owner")));
          String token = owner.transform("Owner", r.row(), clearOwner);
          mapping.record("Owner", clearOwner, token);
          // Step 2: the IP, prefix-preserving, as text and as a 32-bit integer.
          int i = r.indexOf("JobsubClientIpAddress");
          if (i >= 0) {
            String anonIp = ip.transform("JobsubClientIpAddress", r.row(), r.text(i));
            ipRows.add(new String[] {r.text(i), anonIp, Long.toString(ipv4ToUnsigned(anonIp))});
          }
          // Step 5: count per token.
          userFailed.add(new AbstractMap.SimpleImmutableEntry<>(token, jobFailed));
          // Steps 6 and 7 read the clear values too (their outputs hold none).
          String experiment = r.textOf("x509UserProxyVOName");
          Map<String, String> job = Map.of("Owner", clearOwner, "experiment", experiment == null ? "" : experiment,
              "failed", jobFailed ? "1" : "0");
          jobs.add(job::get);
          String status = r.textOf("JobStatus");
          String site = r.textOf("MATCH_EXP_JOB_Site");
          String memory = r.textOf("RequestMemory");
          if (("3".equals(status) || "4".equals(status)) && site != null && memory != null) {
            finished.addRow(site, memory, jobFailed ? "yes" : "no", clearOwner);
          }
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new IllegalStateException("generated data is well-formed: " + m);
        }
      });
      long rows = mapping.write(mappingFile, MappingFormat.CSV);
      log.printf(Locale.ROOT, "(1) Owner -> HMAC token; mapping of %d users in %s (owner-only)%n", rows, mappingFile);
    }
    String[] example = ipRows.get(0);
    log.printf(Locale.ROOT, "(2) JobsubClientIpAddress -> Crypto-PAn: %s as a 32-bit integer: %s%n", example[1], example[2]);
    FailureStatistics stats = FailureStatistics.of(failed, userFailed);
    log.println("(5) which users' jobs fail:");
    log.print(stats.table(10));

    // Step 6: failed jobs per experiment, differentially private (ε = 1, δ = 0: the experiments are
    // public, so none is chosen from the data). Noise from SecureRandom: each run gives other figures.
    List<List<String>> experiments = new ArrayList<>();
    for (String e : JobGenerator.virtualOrganizations()) {
      experiments.add(List.of(e));
    }
    DpRelease failedPerExperiment = DpAggregation.builder().privacyUnit("Owner").groupBy("experiment")
        .maxPartitionsContributed(1).maxContributionsPerPartition(50).partitions(experiments).epsilon(1.0)
        .build().sum(jobs, "failed", 0, 1);
    log.println("(6) failed jobs per experiment, epsilon 1:");
    for (DpResult e : failedPerExperiment.results()) {
      log.printf(Locale.ROOT, "    %-10s %6d%n", e.partition().get(0), Math.max(0, Math.round(e.value())));
    }

    // Step 7: the finished jobs as a k-anonymous table: site and requested memory generalized until every
    // class holds 10 jobs of 5 users and both outcomes (the user column is the model's, not released).
    KAnonResult table = KAnonymizer.builder()
        .quasiIdentifier("site", Hierarchy.map(List.of(Map.of("FermiGrid", "onsite")), "offsite"))
        .quasiIdentifier("request_memory_mb", Hierarchy.cutPoints(new double[] {2000, 4000, 8000}, new double[] {4000}))
        .model(PrivacyModel.kAnonymity(10))
        .model(PrivacyModel.distinctLDiversity("user", 5))
        .model(PrivacyModel.distinctLDiversity("failed", 2))
        .suppressionLimit(0.05)
        .build()
        .anonymize(finished.build());
    log.printf(Locale.ROOT, "(7) finished jobs, k-anonymous: levels %s, %d classes, %d of %d rows suppressed%n",
        table.levels(), table.classes(), table.suppressedRows(), table.rows());

    // All of it at scale: every field of the policy, all cores, manifest, share/ and private/.
    RunReport report = Pipeline.builder(policy).policySource(policyBytes).key(key).build()
        .run(List.of(input), out);
    log.printf(Locale.ROOT, "pipeline: %d rows -> %s; manifest %s%n", report.rowsOut(), report.dataFiles().get(0),
        report.files().get("manifest"));
    log.printf(Locale.ROOT, "(3) X_anon %s, X_clear %s; (4) ragged dump %s%n", report.files().get("vectors.anonymized"),
        report.files().get("vectors.clear"), report.files().get("ragged.anonymized"));
    return new Result(mappingFile, ipRows, stats, failedPerExperiment, table, report);
  }

  /**
   * The unsigned 32-bit value of a dotted IPv4 address. Written out here because the library has no public
   * conversion: a run computes the same value as the {@code JobsubClientIpAddress_u32} twin (the policy's
   * {@code ipIntegers} section, {@link RecordAnonymizer#anonymize}).
   */
  static long ipv4ToUnsigned(String dotted) {
    String[] p = dotted.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("not a dotted IPv4 address");
    }
    long v = 0;
    for (String s : p) {
      v = (v << 8) | Integer.parseInt(s);
    }
    return v;
  }
}
