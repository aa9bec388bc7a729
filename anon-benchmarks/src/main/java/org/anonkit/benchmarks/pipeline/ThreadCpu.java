package org.anonkit.benchmarks.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM's long-lived threads, read from {@code /proc/self/task/<tid>/stat} (Linux): the
 * calling thread, the GC threads and the JIT compiler threads. Threads that start and end within a
 * measured interval (a run's pool) are what the process CPU time leaves over. Not thread-safe; a
 * benchmark helper.
 */
final class ThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on every Linux we run on

  private ThreadCpu() {}

  /** {@code [calling thread, GC, JIT]} CPU nanoseconds so far, or null without {@code /proc}. */
  static long[] snapshot() {
    if (!Files.isDirectory(TASKS)) {
      return null;
    }
    long self = -1;
    try {
      self = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    } catch (IOException | RuntimeException e) {
      return null;
    }
    long[] v = new long[3];
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(TASKS)) {
      for (Path t : ds) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        int close = stat.lastIndexOf(')');
        String comm = stat.substring(stat.indexOf('(') + 1, close);
        String[] f = stat.substring(close + 2).split(" ");
        long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK; // utime + stime
        if (Long.parseLong(t.getFileName().toString()) == self) {
          v[0] += nanos;
        } else if (comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
          v[1] += nanos;
        } else if (comm.contains("CompilerThre")) {
          v[2] += nanos;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return v;
  }

  /**
   * {@code [pool and other short-lived threads, calling thread, GC, JIT]} nanoseconds between two
   * snapshots, given the process CPU time of the interval; null if either snapshot is.
   */
  static long[] split(long[] before, long[] after, long processNanos) {
    if (before == null || after == null) {
      return null;
    }
    long main = after[0] - before[0];
    long gc = after[1] - before[1];
    long jit = after[2] - before[2];
    return new long[] {Math.max(0, processNanos - main - gc - jit), main, gc, jit};
  }
}
