package org.anonkit.benchmarks.pipeline.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.anonkit.pipeline.io.Chunk;
import org.anonkit.pipeline.io.ChunkParser;
import org.anonkit.pipeline.io.ChunkSerializer;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.pipeline.io.RecordOutput;
import org.anonkit.pipeline.io.SerializedChunk;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread throughput of the pipeline's I/O layer per format, on about 16 MiB of generated
 * job-ad-like records: {@code parse} (split + decode into FieldRecords), {@code passthroughNull}
 * (parse + serialize, output discarded), {@code passthroughFile} (parse + serialize + framing
 * through {@link RecordOutput} to an atomic file). Each op processes the whole input; MB/s =
 * {@code inputBytes / (ms/op) / 1000}. The input size per format is printed in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class PipelineIoBenchmark {
  static final int INPUT_BYTES = 16 << 20;

  @Param({"jsonl", "csv", "condor", "condor-json"})
  public String format;

  byte[] input;
  RecordFormat fmt;
  Path dir;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    fmt = RecordFormat.fromName(format);
    input = JobAdData.encode(fmt, INPUT_BYTES, 2024);
    dir = Files.createTempDirectory("anonkit-io-bench");
    System.out.println("\n[pipeline-io] " + format + " input: " + input.length + " bytes");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(dir);
  }

  RecordInput open() throws IOException {
    return RecordInput.builder(new ByteArrayInputStream(input)).format(fmt).open();
  }

  /** Consumes records without keeping them. */
  static final class Sink implements RecordHandler {
    final Blackhole bh;
    final ChunkSerializer ser;

    Sink(Blackhole bh, ChunkSerializer ser) {
      this.bh = bh;
      this.ser = ser;
    }

    @Override
    public void record(FieldRecord record) {
      if (ser != null) {
        ser.write(record);
      } else {
        bh.consume(record.text(record.size() - 1));
      }
    }

    @Override
    public void malformed(MalformedRecord record) {
      throw new AssertionError(record.toString());
    }
  }

  @Benchmark
  public long parse(Blackhole bh) throws IOException {
    long n = 0;
    try (RecordInput in = open()) {
      ChunkParser p = in.newParser();
      Sink sink = new Sink(bh, null);
      for (Chunk c; (c = in.next()) != null; ) {
        p.parse(c, sink);
        n += c.recordCount();
      }
    }
    return n;
  }

  @Benchmark
  public long passthroughNull(Blackhole bh) throws IOException {
    try (RecordInput in = open();
        RecordOutput out = RecordOutput.builder(OutputStream.nullOutputStream()).format(fmt)
            .columns(in.columns()).create()) {
      return run(in, out, bh);
    }
  }

  @Benchmark
  public long passthroughFile(Blackhole bh) throws IOException {
    Path target = dir.resolve("out." + format);
    try (RecordInput in = open();
        RecordOutput out = RecordOutput.builder(target).format(fmt).columns(in.columns())
            .create()) {
      return run(in, out, bh);
    } finally {
      Files.deleteIfExists(target);
    }
  }

  static long run(RecordInput in, RecordOutput out, Blackhole bh) throws IOException {
    ChunkParser p = in.newParser();
    ChunkSerializer s = out.newSerializer();
    Sink sink = new Sink(bh, s);
    for (Chunk c; (c = in.next()) != null; ) {
      p.parse(c, sink);
      SerializedChunk sc = s.finish(c.index());
      out.append(sc);
    }
    out.commit();
    return out.byteCount();
  }
}
