package org.anonkit.benchmarks.vectors;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.anonkit.vectors.NpyWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing a 32 MiB int64 column ({@code size} = 4 Mi elements) to a file in the system temp
 * directory: {@link NpyWriter} (bulk 1 MiB copies into a direct buffer, FileChannel) against the
 * ceiling (one FileChannel write of a ready direct buffer: what the disk and page cache allow) and a
 * naive per-element baseline, {@code DataOutputStream.writeLong(Long.reverseBytes(v))} after the same
 * header, which writes the same file ({@link #setup()} checks that the two files are equal byte for
 * byte). Score: operations (files) per second; MB/s = score x 32 MiB.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class NpyWriteBenchmark {
  @Param({"4194304"})
  int size;

  long[] column;
  byte[] header;
  ByteBuffer ready;
  Path dir;
  Path file;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Random rnd = new Random(1);
    column = new long[size];
    for (int i = 0; i < size; i++) {
      column[i] = rnd.nextLong();
    }
    ready = ByteBuffer.allocateDirect(size * 8).order(ByteOrder.LITTLE_ENDIAN);
    ready.asLongBuffer().put(column);
    dir = Files.createTempDirectory("anonkit-npy-bench");
    file = dir.resolve("column.npy");
    // the baseline writes NpyWriter's header, then each element little-endian: the same file
    NpyWriter.write(file, column, 0, size);
    header = java.util.Arrays.copyOf(Files.readAllBytes(file), (int) (Files.size(file) - 8L * size));
    Path ours = dir.resolve("ours.npy");
    Files.move(file, ours);
    perElementBaseline();
    boolean same = Files.mismatch(ours, file) == -1;
    Files.delete(ours);
    if (!same) {
      throw new IllegalStateException("perElementBaseline and NpyWriter wrote different files");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public long npyWriter() throws IOException {
    NpyWriter.write(file, column, 0, size);
    return Files.size(file);
  }

  @Benchmark
  public long rawChannelCeiling() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ready.duplicate();
      while (b.hasRemaining()) {
        ch.write(b);
      }
      return ch.size();
    }
  }

  @Benchmark
  public long perElementBaseline() throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.write(header);
      for (long v : column) {
        out.writeLong(Long.reverseBytes(v));
      }
      return out.size();
    }
  }
}
