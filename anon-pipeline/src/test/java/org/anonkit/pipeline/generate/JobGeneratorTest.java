package org.anonkit.pipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobGeneratorTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"jobs.jsonl", "jobs.csv", "jobs.history", "jobs.jsonl.zst", "jobs.history.gz"})
  void write_everyFormat_readsBackWithoutMalformedRecords(String name) throws IOException {
    Path f = tmp.resolve(name);
    JobGenerator.builder().seed(9).users(30).build().write(f, 700);
    long[] n = {0};
    try (RecordInput in = RecordInput.builder(f).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          n[0]++;
          assertThat(r.indexOf("Owner")).isNotNegative();
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError("malformed: " + m);
        }
      });
    }
    assertThat(n[0]).isEqualTo(700);
  }

  @Test
  void records_areConsistentAndRealistic() throws IOException {
    Path f = tmp.resolve("c.jsonl");
    JobGenerator g = JobGenerator.builder().seed(4).build();
    g.write(f, 5000);
    Map<String, Integer> perUser = new HashMap<>();
    Set<String> experiments = new HashSet<>();
    int[] held = {0};
    int[] signal = {0};
    try (RecordInput in = RecordInput.builder(f).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          String status = text(r, "JobStatus");
          String owner = text(r, "Owner");
          perUser.merge(owner, 1, Integer::sum);
          assertThat(text(r, "User")).isEqualTo(owner + "@fnal.gov");
          assertThat(text(r, "x509userproxysubject")).endsWith("/CN=UID:" + owner);
          assertThat(text(r, "Environment")).contains("GRID_USER=" + owner).contains("EXPERIMENT=");
          experiments.add(text(r, "x509UserProxyVOName"));
          if (status.equals("5")) {
            held[0]++;
            assertThat(text(r, "HoldReason")).isNotNull();
            assertThat(text(r, "HoldReasonCode")).isNotNull();
          } else {
            assertThat(text(r, "HoldReason")).isNull();
          }
          if ("true".equals(text(r, "ExitBySignal"))) {
            signal[0]++;
            assertThat(text(r, "ExitCode")).isNull();
            assertThat(text(r, "ExitSignal")).isNotNull();
          }
          if (status.equals("4")) {
            assertThat(num(r, "CompletionDate")).isPositive();
            assertThat(text(r, "NumJobCompletions")).isEqualTo("1");
          } else {
            // HTCondor's value for a job that has not completed (real samples 01 and 03)
            assertThat(text(r, "CompletionDate")).isEqualTo("0");
          }
          if (status.equals("1")) {
            assertThat(text(r, "NumJobStarts")).isEqualTo("0");
          }
          String ip = text(r, "StartdIpAddr");
          if (ip != null) {
            assertThat(ip).startsWith("<").contains(":9618?addrs=");
          }
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError("malformed");
        }
      });
    }
    assertThat(experiments).contains("dune", "nova", "uboone", "icarus", "fermilab");
    assertThat(held[0]).isPositive();
    assertThat(signal[0]).isPositive();
    // Zipf: the busiest user submits far more than the median one
    int max = perUser.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int[] sorted = perUser.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    assertThat(max).isGreaterThan(10 * sorted[sorted.length / 2]);
    assertThat(g.sensitiveValues()).contains(g.userNames().get(0));
  }

  /**
   * What analytics compute from an ad must be possible: a restarted job's runs fit between its first
   * start ({@code JobStartDate}) and its end, its last run starts later ({@code JobCurrentStartDate}),
   * {@code RemoteWallClockTime} sums its runs and {@code CumulativeSlotTime} is that times its cpus (the
   * HTCondor manual's definitions; real sample 04 has four starts, sample 03 4 cpus);
   * {@code MemoryUsage} is {@code (ResidentSetSize + 1023) / 1024}; a job removed by the periodic
   * expression for jobs held a day was held first, a day before; an input transfer failure has
   * HTCondor's code for it.
   */
  @Test
  void records_timesCountersMemoryAndHoldCodesAgree_asHtcondorDefinesThem() throws IOException {
    Path f = tmp.resolve("t.jsonl");
    JobGenerator.builder().seed(3).build().write(f, 20_000);
    int[] restarted = {0};
    int[] heldForMemory = {0};
    int[] removedAfterHold = {0};
    int[] inputTransfer = {0};
    try (RecordInput in = RecordInput.builder(f).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          long q = num(r, "QDate");
          Long first = numOrNull(r, "JobStartDate");
          Long last = numOrNull(r, "JobCurrentStartDate");
          long entered = num(r, "EnteredCurrentStatus");
          assertThat(entered).isGreaterThanOrEqualTo(q);
          if (first == null) {
            return;
          }
          assertThat(first).isGreaterThanOrEqualTo(q);
          assertThat(last).isGreaterThanOrEqualTo(first);
          long starts = num(r, "NumJobStarts");
          if (starts > 1) {
            restarted[0]++;
            assertThat(last).as("a restarted job's last start").isGreaterThan(first);
          }
          Long wall = numOrNull(r, "RemoteWallClockTime");
          if (wall != null) {
            assertThat(entered - first).as("time since the first start").isGreaterThanOrEqualTo(wall);
            assertThat(wall).as("the last run is one of the runs").isGreaterThanOrEqualTo(
                num(r, "CompletionDate") > 0 ? num(r, "CompletionDate") - last : 0);
            assertThat(num(r, "CumulativeSlotTime")).isEqualTo(wall * num(r, "RequestCpus"));
          }
          Long rss = numOrNull(r, "ResidentSetSize");
          if (rss != null) {
            assertThat(num(r, "MemoryUsage")).isEqualTo((rss + 1023) / 1024);
          }
          if ("34".equals(text(r, "HoldReasonCode"))) {
            heldForMemory[0]++;
          }
          String hold = text(r, "HoldReason");
          if (hold != null && (hold.contains("SHADOW at") || hold.contains("Transfer input files failure"))) {
            // an input file the access point could not send: UploadFileError / TransferInputError (13),
            // the errno as subcode (HTCondor's shadow; 12 is an output transfer's code)
            inputTransfer[0]++;
            assertThat(text(r, "HoldReasonCode")).isEqualTo("13");
            assertThat(hold).contains("(errno " + text(r, "HoldReasonSubCode") + ")");
          }
          String removed = text(r, "RemoveReason");
          if (removed != null && removed.contains("JobStatus == 5")) {
            removedAfterHold[0]++;
            assertThat(text(r, "LastJobStatus")).isEqualTo("5");
            assertThat(num(r, "NumHolds")).isPositive();
            assertThat(entered - first - wall).isGreaterThan(86_400);
          }
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError("malformed");
        }
      });
    }
    assertThat(restarted[0]).isPositive();
    assertThat(heldForMemory[0]).isPositive();
    assertThat(removedAfterHold[0]).isPositive();
    assertThat(inputTransfer[0]).isPositive();
  }

  private static long num(FieldRecord r, String name) {
    Long v = numOrNull(r, name);
    assertThat(v).as(name).isNotNull();
    return v;
  }

  private static Long numOrNull(FieldRecord r, String name) {
    String t = text(r, name);
    return t == null ? null : (long) Double.parseDouble(t);
  }

  /**
   * A startd runs job after job, as in a real pool: its address (with its sock name) repeats across
   * the jobs it runs, every claim id begins with its startd's address, one startd's claims share its
   * birth time and number later claims higher, and a glidein's slot names carry its startd's pid.
   */
  @Test
  void startds_runManyJobs_andTheirClaimIdsFollowThem() throws IOException {
    Path f = tmp.resolve("s.jsonl");
    JobGenerator.builder().seed(5).build().write(f, 6000);
    Map<String, Integer> jobsPerStartd = new HashMap<>();
    Map<String, Set<String>> birthsPerStartd = new HashMap<>();
    Map<String, long[]> firstClaim = new HashMap<>(); // startd -> {start, seq} of its earliest job seen
    int[] later = {0};
    int[] compared = {0};
    try (RecordInput in = RecordInput.builder(f).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          String startd = text(r, "StartdIpAddr");
          if (startd == null) {
            return;
          }
          jobsPerStartd.merge(startd, 1, Integer::sum);
          String claim = text(r, "LastPublicClaimId") != null ? text(r, "LastPublicClaimId") : text(r, "PublicClaimId");
          assertThat(claim).startsWith(startd + "#").endsWith("#...");
          String[] parts = claim.substring(startd.length() + 1).split("#");
          long birth = Long.parseLong(parts[0]);
          long seq = Long.parseLong(parts[1]);
          long start = Long.parseLong(text(r, "JobStartDate"));
          assertThat(birth).isLessThanOrEqualTo(start);
          birthsPerStartd.computeIfAbsent(startd, k -> new HashSet<>()).add(parts[0]);
          long[] prev = firstClaim.putIfAbsent(startd, new long[] {start, seq});
          if (prev != null && start > prev[0] + 3_600) {
            compared[0]++;
            if (seq > prev[1]) {
              later[0]++;
            }
          }
          String slot = text(r, "LastRemoteHost") != null ? text(r, "LastRemoteHost") : text(r, "RemoteHost");
          String pid = startd.replaceAll(".*&sock=startd_([0-9]+)_.*", "$1");
          if (slot.contains("@glidein_")) {
            assertThat(slot).contains("@glidein_" + pid + "_");
          }
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError("malformed");
        }
      });
    }
    int jobs = jobsPerStartd.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(jobs).isGreaterThan(5000);
    // far fewer startds than jobs: most jobs share their startd with others
    assertThat(jobsPerStartd.size()).isLessThan(jobs / 2);
    assertThat(birthsPerStartd.values()).allSatisfy(b -> assertThat(b).hasSize(1));
    assertThat(compared[0]).isPositive();
    assertThat(later[0]).isEqualTo(compared[0]);
  }

  @Test
  void write_sameSeed_identical_otherSeed_different() throws IOException {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    JobGenerator.builder().seed(1).build().write(a, JobGenerator.Format.CONDOR, 300);
    JobGenerator.builder().seed(1).build().write(b, JobGenerator.Format.CONDOR, 300);
    JobGenerator.builder().seed(2).build().write(c, JobGenerator.Format.CONDOR, 300);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray()).isNotEqualTo(c.toByteArray());
  }

  private static String text(FieldRecord r, String name) {
    int i = r.indexOf(name);
    return i < 0 ? null : r.text(i);
  }
}
