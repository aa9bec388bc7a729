package org.anonkit.pipeline.generate;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Fills one job ad after another from a random stream; jobs come in clusters of one user, as a
 * schedd's history does. Not thread-safe.
 */
final class AdBuilder {
  /** The image most jobs run in: Fermilab's worker-node image, unpacked on CVMFS by OSG. */
  private static final String WORKER_IMAGE = "/cvmfs/singularity.opensciencegrid.org/fermilab/fnal-wn-sl7:latest";

  private static final int[] REQUEST_MEMORY = {1000, 2000, 2000, 2000, 2500, 4000, 4000, 8000};
  private static final String[] JOB_NAMES = {"mcsim", "reco", "ana", "gen_g4", "detsim", "calib", "keepup",
      "flatten", "hadd", "larsoft", "nusyst", "artdaq_ana"};
  private static final String[] SIGNAL_NAMES = {"9", "11", "6", "15"};

  private final Population pop;
  private final SplittableRandom r;

  final boolean[] set = new boolean[Attr.COUNT];
  final String[] str = new String[Attr.COUNT];
  final long[] num = new long[Attr.COUNT];

  // cluster state
  private Population.User user;
  private long cluster = 41_000_000;
  private int procsLeft;
  private int proc;
  private long qdate;
  private String schedd;
  private String scheddIp;
  private String sub;
  private String jobName;
  private String iwd;
  private String cmd;
  private String desired;
  private long requestMemory;
  private int requestCpus;
  private String role;
  private final StringBuilder sb = new StringBuilder(512);

  AdBuilder(Population pop, SplittableRandom r, long startEpoch) {
    this.pop = pop;
    this.r = r;
    this.qdate = startEpoch;
  }

  private void put(int attr, String v) {
    set[attr] = true;
    str[attr] = v;
  }

  private void put(int attr, long v) {
    set[attr] = true;
    num[attr] = v;
  }

  private void put(int attr, boolean v) {
    set[attr] = true;
    num[attr] = v ? 1 : 0;
  }

  private void newCluster() {
    user = pop.pickUser(r);
    cluster += 1 + r.nextInt(40);
    procsLeft = r.nextInt(3) == 0 ? 1 + r.nextInt(200) : 1 + r.nextInt(5);
    proc = -1;
    qdate += r.nextInt(90);
    int si = r.nextInt(pop.schedds.length);
    schedd = pop.schedds[si];
    scheddIp = pop.scheddIps[si];
    String exp = Population.EXPERIMENTS[user.experiment];
    String[] subs = Population.SUBGROUPS[user.experiment];
    sub = user.production ? subs[1 + r.nextInt(subs.length - 1)] : "analysis";
    role = user.production ? "Production" : "Analysis";
    jobName = JOB_NAMES[r.nextInt(JOB_NAMES.length)] + "_" + (100 + r.nextInt(900));
    switch (r.nextInt(4)) {
      case 0:
        iwd = "/pnfs/" + exp + "/scratch/users/" + user.name + "/" + jobName;
        break;
      case 1:
        iwd = user.home + "/" + exp + "/jobs/" + jobName;
        break;
      case 2:
        iwd = "/home/" + user.name + "/work/" + jobName;
        break;
      default:
        iwd = "/exp/" + exp + "/app/users/" + user.name + "/" + jobName;
        break;
    }
    cmd = r.nextBoolean()
        ? "/fife/local/scratch/uploads/" + exp + "/" + user.name + "/" + jobName + "/run_" + jobName + ".sh"
        : iwd + "/run.sh";
    StringBuilder d = new StringBuilder("FermiGrid");
    if (r.nextBoolean()) {
      d.append(",Nebraska,UCSD,MWT2");
    }
    if (r.nextInt(4) == 0) {
      d.append(",SU-ITS,BNL,RAL");
    }
    desired = d.toString();
    requestMemory = REQUEST_MEMORY[r.nextInt(REQUEST_MEMORY.length)];
    requestCpus = r.nextInt(8) == 0 ? 4 : 1;
  }

  private double gaussian() {
    // Box-Muller on the seeded stream (SplittableRandom has no nextGaussian in Java 17)
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private long logNormal(double median, double sigma) {
    return Math.max(1, Math.round(median * Math.exp(sigma * gaussian())));
  }

  void next() {
    Arrays.fill(set, false);
    if (procsLeft == 0) {
      newCluster();
    }
    procsLeft--;
    proc++;
    String exp = Population.EXPERIMENTS[user.experiment];
    String u = user.name;
    String jobId = cluster + "." + proc;

    put(Attr.GlobalJobId, schedd + "#" + jobId + "#" + qdate);
    put(Attr.ClusterId, cluster);
    put(Attr.ProcId, proc);
    put(Attr.Owner, u);
    put(Attr.User, u + "@fnal.gov");
    String group = "group_" + exp + "." + sub;
    put(Attr.AccountingGroup, group + "." + u);
    put(Attr.AcctGroup, group);
    put(Attr.AcctGroupUser, u);
    put(Attr.x509userproxysubject, user.dn);
    put(Attr.x509UserProxyEmail, user.email);
    put(Attr.x509UserProxyVOName, voName(exp));
    String fqan = "/" + exp + "/Role=" + role + "/Capability=NULL";
    put(Attr.x509UserProxyFirstFQAN, fqan);
    if (r.nextInt(3) != 0) {
      put(Attr.x509UserProxyFQAN, user.dn + "," + fqan + ",/" + exp + "/Role=NULL/Capability=NULL");
    }
    put(Attr.x509userproxy, "/var/lib/jobsub/creds/proxies/" + exp + "/x509cc_" + u + "_" + role);
    put(Attr.JobsubClientDN, user.dn);
    put(Attr.JobsubClientIpAddress, user.clientIp);
    if (r.nextBoolean()) {
      put(Attr.JobsubClientKerberosPrincipal, u + "@FNAL.GOV");
    }
    put(Attr.JobsubClientVersion, "1.3.4");
    put(Attr.JobsubJobId, jobId + "@" + schedd);
    if (r.nextInt(10) == 0) {
      put(Attr.NotifyUser, user.email);
    }
    put(Attr.SubmitHost, schedd);
    put(Attr.JobUniverse, 5);
    put(Attr.QDate, qdate);
    put(Attr.RequestCpus, requestCpus);
    put(Attr.RequestMemory, requestMemory);
    put(Attr.RequestDisk, 10_485_760L);
    put(Attr.DESIRED_Sites, desired);
    put(Attr.Iwd, iwd);
    put(Attr.Cmd, cmd);
    sb.setLength(0);
    sb.append("--config ").append("/pnfs/").append(exp).append("/persistent/users/").append(u)
        .append("/fcl/").append(jobName).append(".fcl -n ").append(50 + r.nextInt(950))
        .append(" --seed ").append(r.nextInt(1_000_000));
    if (r.nextInt(5) == 0) {
      sb.append(" -o root://fndca1.fnal.gov:1094/pnfs/fnal.gov/usr/").append(exp).append("/scratch/users/")
          .append(u).append("/out");
    }
    put(Attr.Args, sb.toString());
    sb.setLength(0);
    sb.append("CLUSTER=").append(cluster).append(" PROCESS=").append(proc).append(" CONDOR_ID=").append(jobId)
        .append(" JOBSUBJOBID=").append(jobId).append('@').append(schedd)
        .append(" GRID_USER=").append(u).append(" EXPERIMENT=").append(exp)
        .append(" IFDH_BASE_URI=http://samweb.fnal.gov:8480/sam/").append(exp).append("/api")
        .append(" JOBSUB_GROUP=").append(exp);
    if (r.nextBoolean()) {
      sb.append(" SAM_USER=").append(u).append(" SAM_STATION=").append(exp);
    }
    put(Attr.Environment, sb.toString());
    put(Attr.SingularityImage, user.imageNamespace == null ? WORKER_IMAGE
        : "/cvmfs/singularity.opensciencegrid.org/" + user.imageNamespace + "/" + exp + "-analysis:v3");
    String logDir = "/fife/local/scratch/uploads/" + exp + "/" + u + "/" + jobName;
    put(Attr.UserLog, logDir + "/" + jobName + "_" + cluster + ".log");
    put(Attr.Out, jobName + "_" + cluster + "_" + proc + ".out");
    put(Attr.Err, jobName + "_" + cluster + "_" + proc + ".err");
    if (r.nextBoolean()) {
      put(Attr.TransferInput, "run_" + jobName + ".sh," + user.home + "/setup_" + exp + ".sh");
    }
    put(Attr.Requirements, "(TARGET.Arch == \"X86_64\") && (TARGET.OpSys == \"LINUX\") && "
        + "stringListIMember(TARGET.GLIDEIN_Site, DESIRED_Sites) && (TARGET.Memory >= RequestMemory) "
        + "&& (TARGET.HasFileTransfer)");
    if (r.nextInt(4) == 0) {
      put(Attr.WantCheckpoint, false);
    }

    outcome(u, exp);
  }

  /** The virtual organization of an experiment's proxies: its own, but mu2e's is fermilab's. */
  static String voName(String experiment) {
    return "mu2e".equals(experiment) ? "fermilab" : experiment;
  }

  private void outcome(String u, String exp) {
    double x = r.nextDouble();
    long start = qdate + 30 + logNormal(600, 1.5);
    long wall = Math.min(logNormal(3600, 1.2), 200_000);
    long memUse = Math.max(50, Math.round(requestMemory * Math.min(3.0, Math.exp(0.35 * gaussian() - 0.5))));
    Population.Worker w = pop.pickWorker(r);
    // as in HTCondor (real samples 01 and 03): 0 until the job completes, when completed() sets it
    put(Attr.CompletionDate, 0);
    if (x < 0.03) { // idle
      put(Attr.JobStatus, 1);
      put(Attr.NumJobStarts, 0);
      put(Attr.NumJobCompletions, 0);
      put(Attr.EnteredCurrentStatus, qdate);
      return;
    }
    int slot = 1 + r.nextInt(32);
    // The startd that runs the job lives for a while (a site's for days, a glidein for hours) and runs
    // job after job: its address with its sock name, its glidein name and its claim ids' birth time
    // are shared by every job it runs, as in a real pool (a real claim id in the samples carries
    // sequence number 8,788 of its startd).
    long life = w.site.equals("FermiGrid") ? 3 * 86_400 : 12 * 3_600;
    long id = mix(w.host.hashCode() * 0x9E3779B97F4A7C15L + w.ip.hashCode());
    long phase = Long.remainderUnsigned(id, life);
    long incarnation = Math.floorDiv(start + phase, life);
    long birth = incarnation * life - phase;
    long startd = mix(id + incarnation);
    int startdPid = 1000 + (int) Long.remainderUnsigned(startd, 60000);
    String sinful = sinful(w, startdPid);
    put(Attr.StartdIpAddr, sinful);
    put(Attr.StartdPrincipal, "execute-side@matchsession/" + w.ip);
    put(Attr.MATCH_EXP_JOB_Site, w.site);
    put(Attr.JobStartDate, start);
    put(Attr.JobCurrentStartDate, start);
    String slotName = "slot1_" + slot + "@" + (w.site.equals("FermiGrid") ? "" : "glidein_" + startdPid + "_"
        + Long.remainderUnsigned(startd >>> 17, 1_000_000_000) + "@") + w.host;
    // claims handed out so far: one every few minutes per slot of a busy startd
    long seq = 1 + (start - birth) / 40 + r.nextInt(40);
    String claim = sinful + "#" + birth + "#" + seq + "#...";
    if (x < 0.08) { // running
      put(Attr.JobStatus, 2);
      put(Attr.NumJobStarts, 1);
      put(Attr.NumJobCompletions, 0);
      put(Attr.RemoteHost, slotName);
      put(Attr.PublicClaimId, claim);
      put(Attr.EnteredCurrentStatus, start);
      put(Attr.MemoryUsage, memUse);
      return;
    }
    put(Attr.LastRemoteHost, slotName);
    put(Attr.LastPublicClaimId, claim);
    put(Attr.LastJobStatus, 2);
    long userCpu = Math.round(wall * requestCpus * (0.5 + 0.45 * r.nextDouble()));
    put(Attr.RemoteUserCpu, userCpu);
    put(Attr.RemoteSysCpu, Math.round(userCpu * 0.02 * r.nextDouble()));
    put(Attr.MemoryUsage, memUse);
    put(Attr.ResidentSetSize, memUse * 1024);
    put(Attr.DiskUsage, logNormal(200_000, 1.0));
    int restarts = r.nextInt(20) == 0 ? 1 + r.nextInt(3) : 0;
    put(Attr.NumRestarts, restarts);
    // A restarted job ran (and was evicted) before its last run: JobStartDate is its first start,
    // JobCurrentStartDate its last (a minute to match again after each eviction), and, as HTCondor
    // defines them, RemoteWallClockTime sums every run and CumulativeSlotTime is that times the slot's
    // weight (its cpus). The runs' times are the same draws as before, so the random stream is unchanged.
    long earlier = restarts * logNormal(600, 1.0);
    long lastStart = start + earlier + 60L * restarts;
    put(Attr.JobCurrentStartDate, lastStart);
    long end = lastStart + wall;
    put(Attr.RemoteWallClockTime, wall + earlier);
    put(Attr.CumulativeSlotTime, (wall + earlier) * requestCpus);
    boolean failed = r.nextDouble() < user.failProb;
    if (!failed) {
      completed(end, restarts, 0, false);
      return;
    }
    double mode = r.nextDouble();
    if (mode < 0.55) {
      int[] codes = {1, 1, 1, 2, 65, 127, 134, 137, 255};
      completed(end, restarts, codes[r.nextInt(codes.length)], false);
    } else if (mode < 0.70) {
      completed(end, restarts, 0, true);
    } else if (mode < 0.90) {
      held(u, exp, w, slotName, end, restarts, memUse);
    } else {
      put(Attr.JobStatus, 3);
      put(Attr.NumJobStarts, 1 + restarts);
      put(Attr.NumJobCompletions, 0);
      if (r.nextBoolean()) {
        put(Attr.EnteredCurrentStatus, end);
        put(Attr.RemoveReason, "via condor_rm (by user " + u + ")");
      } else {
        // the expression removes a job held for more than a day: it was held (status 5) at the end of
        // its run and removed at the next periodic evaluation (every 60 s) after the day had passed
        put(Attr.LastJobStatus, 5);
        put(Attr.NumHolds, 1);
        put(Attr.EnteredCurrentStatus, end + 86_400 + 60);
        put(Attr.RemoveReason, "The job attribute PeriodicRemove expression '(JobStatus == 5 && (CurrentTime - "
            + "EnteredCurrentStatus) > 86400)' evaluated to TRUE");
      }
    }
  }

  private void completed(long end, int restarts, int exitCode, boolean bySignal) {
    put(Attr.JobStatus, 4);
    put(Attr.CompletionDate, end);
    put(Attr.EnteredCurrentStatus, end);
    put(Attr.NumJobStarts, 1 + restarts);
    put(Attr.NumJobCompletions, 1);
    put(Attr.ExitBySignal, bySignal);
    if (bySignal) {
      put(Attr.ExitSignal, Long.parseLong(SIGNAL_NAMES[r.nextInt(SIGNAL_NAMES.length)]));
      put(Attr.ExitStatus, 0);
    } else {
      put(Attr.ExitCode, exitCode);
      put(Attr.ExitStatus, exitCode);
    }
  }

  private void held(String u, String exp, Population.Worker w, String slotName, long end, int restarts, long memUse) {
    put(Attr.JobStatus, 5);
    put(Attr.EnteredCurrentStatus, end);
    put(Attr.NumHolds, 1);
    put(Attr.NumJobStarts, 1 + restarts);
    put(Attr.NumJobCompletions, 0);
    put(Attr.HoldReasonSubCode, 0);
    int kind = r.nextInt(6);
    String reason;
    int code;
    switch (kind) {
      case 0:
      case 1:
        code = 34;
        long peak = Math.max(memUse, requestMemory + 1 + r.nextInt(4000));
        // MemoryUsage is HTCondor's ((ResidentSetSize + 1023) / 1024): both report the peak
        put(Attr.MemoryUsage, peak);
        put(Attr.ResidentSetSize, peak * 1024);
        reason = "Error from " + slotName + ": Job has gone over memory limit of " + requestMemory
            + " megabytes. Peak usage: " + peak + " megabytes.";
        break;
      case 2:
        // the access point failed to send an input file: HTCondor's UploadFileError (13, as the
        // new-style "Transfer input files failure" below), with the errno as its subcode; 12 is an
        // output transfer's DownloadFileError
        code = 13;
        put(Attr.HoldReasonSubCode, 2);
        reason = "Error from " + slotName + ": SHADOW at " + pickSchedIp() + " failed to send file(s) to <"
            + w.ip + ":9618>: error reading from /pnfs/" + exp + "/scratch/users/" + u + "/" + jobName
            + "/input.root: (errno 2) No such file or directory";
        break;
      case 3:
        code = 13;
        put(Attr.HoldReasonSubCode, 13);
        reason = "Transfer input files failure at execution point " + slotName + " using protocol https. "
            + "Details: reading from file " + user.home + "/" + jobName + "/setup.tar: (errno 13) Permission denied";
        break;
      case 4:
        code = 3;
        put(Attr.NumJobCompletions, 1);
        put(Attr.ExitCode, 1);
        put(Attr.ExitBySignal, false);
        reason = "The job attribute OnExitHold expression '(ExitBySignal == true) || (ExitCode != 0)' evaluated to TRUE";
        break;
      default:
        code = 1;
        reason = r.nextBoolean()
            ? "via condor_hold (by user " + u + ")"
            : "Held by operator: " + user.fullName + " (" + user.email + ", " + user.phone
                + ") over scratch quota on " + w.host + " [" + w.ip + "]";
        break;
    }
    put(Attr.HoldReasonCode, code);
    put(Attr.HoldReason, reason);
  }

  private String pickSchedIp() {
    return scheddIp;
  }

  /** A 64-bit mix (SplitMix64's finalizer): spreads a worker's and its startd's identity over all bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private String sinful(Population.Worker w, int pid) {
    sb.setLength(0);
    sb.append('<').append(w.ip).append(":9618?addrs=").append(w.ip).append("-9618");
    if (w.ip6 != null) {
      sb.append("+[").append(w.ip6.replace(':', '-')).append("]-9618");
    }
    sb.append("&alias=").append(w.host).append("&noUDP&sock=startd_").append(pid).append('_')
        .append(Integer.toHexString(0x1000 + (pid * 31 & 0xfff))).append('>');
    return sb.toString();
  }

  // ---- emitters ----

  /**
   * Attribute {@code i}'s value when it is a number or a boolean, written alike in every format; false
   * (nothing written) for a string or an expression.
   */
  private boolean appendScalar(JobGenerator.AsciiSink s, int i) {
    switch (Attr.TYPE[i]) {
      case Attr.INT:
        s.append(num[i]);
        return true;
      case Attr.REAL:
        s.append(num[i]).append(".0");
        return true;
      case Attr.BOOL:
        s.append(num[i] != 0 ? "true" : "false");
        return true;
      default:
        return false;
    }
  }

  void writeJson(JobGenerator.AsciiSink s) {
    s.append('{');
    boolean first = true;
    for (int i = 0; i < Attr.COUNT; i++) {
      if (!set[i]) {
        continue;
      }
      if (!first) {
        s.append(',');
      }
      first = false;
      s.append('"').append(Attr.NAME[i]).append("\":");
      if (!appendScalar(s, i)) {
        jsonString(s, str[i]);
      }
    }
    s.append("}\n");
  }

  private static void jsonString(JobGenerator.AsciiSink s, String v) {
    s.append('"');
    for (int i = 0, n = v.length(); i < n; i++) {
      char c = v.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    s.append('"');
  }

  void writeCsv(JobGenerator.AsciiSink s) {
    for (int i = 0; i < Attr.COUNT; i++) {
      if (i > 0) {
        s.append(',');
      }
      if (!set[i]) {
        continue;
      }
      if (!appendScalar(s, i)) {
        csvField(s, str[i]);
      }
    }
    s.append("\r\n");
  }

  private static void csvField(JobGenerator.AsciiSink s, String v) {
    boolean quote = v.isEmpty();
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      s.append(v);
      return;
    }
    s.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') {
        s.append('"');
      }
      s.append(c);
    }
    s.append('"');
  }

  void writeCondor(JobGenerator.AsciiSink s) {
    for (int i = 0; i < Attr.COUNT; i++) {
      if (!set[i]) {
        continue;
      }
      s.append(Attr.NAME[i]).append(" = ");
      if (Attr.TYPE[i] == Attr.EXPR) {
        s.append(str[i]);
      } else if (!appendScalar(s, i)) {
        s.append('"');
        String v = str[i];
        for (int k = 0; k < v.length(); k++) {
          char c = v.charAt(k);
          if (c == '"' || c == '\\') {
            s.append('\\');
          }
          s.append(c);
        }
        s.append('"');
      }
      s.append('\n');
    }
  }
}
