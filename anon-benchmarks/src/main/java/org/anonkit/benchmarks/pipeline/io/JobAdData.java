package org.anonkit.benchmarks.pipeline.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.anonkit.pipeline.io.ChunkSerializer;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordOutput;

/**
 * Simple, seeded HTCondor-job-ad-like records for I/O benchmarks: about 45 attributes of mixed
 * kinds, Zipf-distributed users and experiments, varying attribute sets. Not the project's
 * generator (that belongs to the pipeline); just realistic enough shapes and sizes for parsing.
 */
final class JobAdData {
  private JobAdData() {}

  /** A skewed rank in [0, n): rank k has probability about proportional to k^(-2/3), Zipf-like. */
  private static int zipf(Random r, int n, double unused) {
    double u = r.nextDouble();
    return (int) (n * u * u * u);
  }

  static List<FieldRecord> records(int count, long seed) {
    Random r = new Random(seed);
    String[] exps = {"dune", "nova", "uboone", "icarus", "mu2e", "minerva", "sbnd"};
    List<FieldRecord> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int user = zipf(r, 2000, 1.1);
      String owner = "user" + user;
      String exp = exps[zipf(r, exps.length, 1.2)];
      long cluster = 40_000_000L + i / 50;
      FieldRecord a = new FieldRecord();
      s(a, "Owner", owner);
      s(a, "User", owner + "@fnal.gov");
      s(a, "AccountingGroup", "group_" + exp + ".prod.mcsim." + owner);
      s(a, "x509userproxysubject", "/DC=org/DC=cilogon/C=US/O=Fermi National Accelerator Laboratory"
          + "/OU=People/CN=User Number " + user + "/CN=UID:" + owner);
      n(a, "ClusterId", cluster);
      n(a, "ProcId", i % 50);
      s(a, "GlobalJobId", "jobsub0" + (1 + i % 3) + ".fnal.gov#" + cluster + "." + (i % 50) + "#"
          + (1_600_000_000L + i));
      n(a, "QDate", 1_600_000_000L + i * 7L);
      n(a, "JobStatus", 1 + r.nextInt(5));
      n(a, "ExitCode", r.nextInt(10) == 0 ? 1 + r.nextInt(255) : 0);
      b(a, "ExitBySignal", r.nextInt(50) == 0);
      String node = "fnpc" + (1000 + r.nextInt(9000)) + ".fnal.gov";
      String ip = "131.225." + r.nextInt(256) + "." + r.nextInt(256);
      s(a, "RemoteHost", "slot1_" + r.nextInt(32) + "@" + node);
      s(a, "LastRemoteHost", "slot1_" + r.nextInt(32) + "@" + node);
      s(a, "StartdIpAddr", "<" + ip + ":9618?addrs=" + ip + "-9618&alias=" + node
          + "&noUDP&sock=startd_" + r.nextInt(99999) + ">");
      s(a, "Iwd", "/pnfs/" + exp + "/scratch/users/" + owner + "/job_" + i);
      s(a, "Cmd", "/grid/fermiapp/" + exp + "/bin/run_" + r.nextInt(40) + ".sh");
      s(a, "Args", "--nevents " + (100 * (1 + r.nextInt(100))) + " --seed " + r.nextInt());
      s(a, "Environment", "GRID_USER=" + owner + " EXPERIMENT=" + exp + " CLUSTER=" + cluster);
      d(a, "RemoteWallClockTime", Math.round(Math.exp(8 + r.nextGaussian()) * 10) / 10.0);
      d(a, "RemoteUserCpu", Math.round(Math.exp(7.5 + r.nextGaussian()) * 10) / 10.0);
      d(a, "RemoteSysCpu", Math.round(Math.exp(3 + r.nextGaussian()) * 10) / 10.0);
      n(a, "RequestMemory", 2000 * (1 + r.nextInt(4)));
      n(a, "MemoryUsage", (long) Math.exp(7 + r.nextGaussian()));
      n(a, "ResidentSetSize_RAW", (long) Math.exp(14 + r.nextGaussian()));
      n(a, "RequestCpus", 1 + r.nextInt(2));
      n(a, "RequestDisk", 10_000_000L);
      n(a, "DiskUsage", (long) Math.exp(10 + r.nextGaussian()));
      n(a, "NumJobStarts", r.nextInt(3));
      n(a, "NumJobCompletions", r.nextInt(2));
      n(a, "CumulativeSlotTime", r.nextInt(100_000));
      n(a, "JobUniverse", 5);
      n(a, "EnteredCurrentStatus", 1_600_000_000L + i * 11L);
      n(a, "CompletionDate", 1_600_000_000L + i * 13L);
      s(a, "MATCH_EXP_JOB_Site", r.nextInt(10) == 0 ? "BNL" : "FermiGrid");
      s(a, "JobsubClientIpAddress", "131.225.67." + r.nextInt(256));
      s(a, "JobsubJobId", cluster + "." + (i % 50) + "@jobsub0" + (1 + i % 3) + ".fnal.gov");
      s(a, "JobsubClientDN", "/DC=org/DC=cilogon/C=US/O=Fermi National Accelerator Laboratory"
          + "/OU=People/CN=User Number " + user + "/CN=UID:" + owner);
      a.add("Requirements", FieldKind.RAW, "(TARGET.Arch == \"X86_64\") && (TARGET.OpSys == \"LINUX\")"
          + " && (TARGET.Disk >= RequestDisk) && (TARGET.Memory >= RequestMemory)");
      a.add("PeriodicRemove", FieldKind.RAW, "(JobStatus == 2) && (time() - EnteredCurrentStatus > "
          + (3600 * (1 + r.nextInt(48))) + ")");
      if (r.nextInt(4) == 0) {
        s(a, "HoldReason", "Error from slot1_3@" + node + ": Job has gone over memory limit of "
            + (2000 * (1 + r.nextInt(4))) + " megabytes. Peak usage: " + r.nextInt(9000)
            + " megabytes.");
        n(a, "HoldReasonCode", 34);
      } else {
        a.add("HoldReason", FieldKind.UNDEFINED, "");
      }
      if (r.nextBoolean()) {
        s(a, "DESIRED_Sites", "FermiGrid,BNL,Caltech,Nebraska,Wisconsin");
        n(a, "JOB_EXPECTED_MAX_LIFETIME", 3600 * (1 + r.nextInt(24)));
      }
      out.add(a);
    }
    return out;
  }

  static List<String> columns(List<FieldRecord> records) {
    List<String> cols = new ArrayList<>();
    for (FieldRecord r : records) {
      for (int i = 0; i < r.size(); i++) {
        if (!cols.contains(r.name(i))) {
          cols.add(r.name(i));
        }
      }
    }
    return cols;
  }

  /** The records encoded in a format, about {@code targetBytes} long. */
  static byte[] encode(RecordFormat format, int targetBytes, long seed) {
    List<FieldRecord> sample = records(200, seed);
    List<String> cols = columns(sample);
    ByteArrayOutputStream bos = new ByteArrayOutputStream(targetBytes + (1 << 20));
    try (RecordOutput out = RecordOutput.builder(bos).format(format).columns(cols).create()) {
      ChunkSerializer s = out.newSerializer();
      long chunk = 0;
      int batch = 0;
      while (out.byteCount() < targetBytes) {
        for (FieldRecord r : records(2000, seed + batch)) {
          s.write(r);
        }
        batch++;
        out.append(s.finish(chunk++));
      }
      out.commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  private static void s(FieldRecord a, String n, String v) {
    a.add(n, FieldKind.STRING, v);
  }

  private static void n(FieldRecord a, String n, long v) {
    a.add(n, FieldKind.INTEGER, Long.toString(v));
  }

  private static void d(FieldRecord a, String n, double v) {
    a.add(n, FieldKind.REAL, Double.toString(v));
  }

  private static void b(FieldRecord a, String n, boolean v) {
    a.add(n, FieldKind.BOOLEAN, Boolean.toString(v));
  }
}
