package org.anonkit.pipeline.generate;

import java.util.ArrayList;
import java.util.List;

/** The attributes the generator may write, in output order, with their ClassAd types. */
final class Attr {
  static final int STRING = 0;
  static final int INT = 1;
  static final int REAL = 2; // stored as a whole number, printed with ".0"
  static final int BOOL = 3;
  static final int EXPR = 4; // an unquoted ClassAd expression (a JSON/CSV string elsewhere)

  private static final List<String> NAMES = new ArrayList<>();
  private static final List<Integer> TYPES = new ArrayList<>();

  private static int def(String name, int type) {
    NAMES.add(name);
    TYPES.add(type);
    return NAMES.size() - 1;
  }

  static final int GlobalJobId = def("GlobalJobId", STRING);
  static final int ClusterId = def("ClusterId", INT);
  static final int ProcId = def("ProcId", INT);
  static final int Owner = def("Owner", STRING);
  static final int User = def("User", STRING);
  static final int AccountingGroup = def("AccountingGroup", STRING);
  static final int AcctGroup = def("AcctGroup", STRING);
  static final int AcctGroupUser = def("AcctGroupUser", STRING);
  static final int x509userproxysubject = def("x509userproxysubject", STRING);
  static final int x509UserProxyEmail = def("x509UserProxyEmail", STRING);
  static final int x509UserProxyVOName = def("x509UserProxyVOName", STRING);
  static final int x509UserProxyFirstFQAN = def("x509UserProxyFirstFQAN", STRING);
  static final int x509UserProxyFQAN = def("x509UserProxyFQAN", STRING);
  static final int x509userproxy = def("x509userproxy", STRING);
  static final int JobsubClientDN = def("JobsubClientDN", STRING);
  static final int JobsubClientIpAddress = def("JobsubClientIpAddress", STRING);
  static final int JobsubClientKerberosPrincipal = def("JobsubClientKerberosPrincipal", STRING);
  static final int JobsubClientVersion = def("JobsubClientVersion", STRING);
  static final int JobsubJobId = def("JobsubJobId", STRING);
  static final int NotifyUser = def("NotifyUser", STRING);
  static final int SubmitHost = def("SubmitHost", STRING);
  static final int JobUniverse = def("JobUniverse", INT);
  static final int JobStatus = def("JobStatus", INT);
  static final int LastJobStatus = def("LastJobStatus", INT);
  static final int ExitCode = def("ExitCode", INT);
  static final int ExitBySignal = def("ExitBySignal", BOOL);
  static final int ExitSignal = def("ExitSignal", INT);
  static final int ExitStatus = def("ExitStatus", INT);
  static final int HoldReason = def("HoldReason", STRING);
  static final int HoldReasonCode = def("HoldReasonCode", INT);
  static final int HoldReasonSubCode = def("HoldReasonSubCode", INT);
  static final int RemoveReason = def("RemoveReason", STRING);
  static final int QDate = def("QDate", INT);
  static final int JobStartDate = def("JobStartDate", INT);
  static final int JobCurrentStartDate = def("JobCurrentStartDate", INT);
  static final int CompletionDate = def("CompletionDate", INT);
  static final int EnteredCurrentStatus = def("EnteredCurrentStatus", INT);
  static final int NumJobStarts = def("NumJobStarts", INT);
  static final int NumJobCompletions = def("NumJobCompletions", INT);
  static final int NumRestarts = def("NumRestarts", INT);
  static final int NumHolds = def("NumHolds", INT);
  static final int RequestCpus = def("RequestCpus", INT);
  static final int RequestMemory = def("RequestMemory", INT);
  static final int RequestDisk = def("RequestDisk", INT);
  static final int MemoryUsage = def("MemoryUsage", INT);
  static final int ResidentSetSize = def("ResidentSetSize", INT);
  static final int DiskUsage = def("DiskUsage", INT);
  static final int RemoteWallClockTime = def("RemoteWallClockTime", REAL);
  static final int CumulativeSlotTime = def("CumulativeSlotTime", REAL);
  static final int RemoteUserCpu = def("RemoteUserCpu", REAL);
  static final int RemoteSysCpu = def("RemoteSysCpu", REAL);
  static final int RemoteHost = def("RemoteHost", STRING);
  static final int LastRemoteHost = def("LastRemoteHost", STRING);
  static final int StartdIpAddr = def("StartdIpAddr", STRING);
  static final int StartdPrincipal = def("StartdPrincipal", STRING);
  static final int PublicClaimId = def("PublicClaimId", STRING);
  static final int LastPublicClaimId = def("LastPublicClaimId", STRING);
  static final int MATCH_EXP_JOB_Site = def("MATCH_EXP_JOB_Site", STRING);
  static final int DESIRED_Sites = def("DESIRED_Sites", STRING);
  static final int Iwd = def("Iwd", STRING);
  static final int Cmd = def("Cmd", STRING);
  static final int Args = def("Args", STRING);
  static final int Environment = def("Environment", STRING);
  static final int SingularityImage = def("SingularityImage", STRING);
  static final int UserLog = def("UserLog", STRING);
  static final int Out = def("Out", STRING);
  static final int Err = def("Err", STRING);
  static final int TransferInput = def("TransferInput", STRING);
  static final int Requirements = def("Requirements", EXPR);
  static final int WantCheckpoint = def("WantCheckpoint", BOOL);

  static final int COUNT = NAMES.size();
  static final String[] NAME = NAMES.toArray(new String[0]);
  static final int[] TYPE = TYPES.stream().mapToInt(Integer::intValue).toArray();

  private Attr() {}

  static void csvHeader(JobGenerator.AsciiSink sink) {
    for (int i = 0; i < COUNT; i++) {
      if (i > 0) {
        sink.append(',');
      }
      sink.append(NAME[i]);
    }
    sink.append("\r\n");
  }
}
