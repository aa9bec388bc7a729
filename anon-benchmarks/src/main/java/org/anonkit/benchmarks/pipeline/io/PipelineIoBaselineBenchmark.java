package org.anonkit.benchmarks.pipeline.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.anonkit.pipeline.io.Chunk;
import org.anonkit.pipeline.io.ChunkParser;
import org.anonkit.pipeline.io.Compression;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.pipeline.io.RecordOutput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Baselines for {@link PipelineIoBenchmark}, on the same generated data (about 16 MiB):
 * <ul>
 *   <li>{@code jacksonJsonlCopy}: jackson-core 3 alone copying JSON lines token by token to a null
 *       stream (the floor any JSONL passthrough pays) vs {@code oursJsonlNull};</li>
 *   <li>{@code jacksonCsvRead}: jackson-dataformat-csv 3 reading rows as {@code String[]} vs
 *       {@code oursCsvParse} (split + parse into FieldRecords), which justifies the hand-rolled
 *       RFC 4180 splitter;</li>
 *   <li>{@code oursJsonlZstd} / {@code oursJsonlGzip}: JSONL passthrough to a compressed file.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class PipelineIoBaselineBenchmark {
  byte[] jsonl;
  byte[] csv;
  Path dir;
  final JsonFactory json = JsonFactory.builder().rootValueSeparator((String) null).build();
  final CsvMapper csvMapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

  @Setup(Level.Trial)
  public void setup() throws IOException {
    jsonl = JobAdData.encode(RecordFormat.JSONL, PipelineIoBenchmark.INPUT_BYTES, 2024);
    csv = JobAdData.encode(RecordFormat.CSV, PipelineIoBenchmark.INPUT_BYTES, 2024);
    dir = Files.createTempDirectory("anonkit-io-bench");
    System.out.println("\n[pipeline-io] jsonl " + jsonl.length + " bytes, csv " + csv.length
        + " bytes");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public long jacksonJsonlCopy() throws IOException {
    long n = 0;
    try (JsonParser p = json.createParser(ObjectReadContext.empty(), jsonl);
        JsonGenerator g = json.createGenerator(ObjectWriteContext.empty(),
            OutputStream.nullOutputStream())) {
      for (JsonToken t; (t = p.nextToken()) != null; ) {
        g.copyCurrentEvent(p);
        if (t == JsonToken.END_OBJECT && p.streamReadContext().inRoot()) {
          g.writeRaw('\n');
          n++;
        }
      }
    }
    return n;
  }

  @Benchmark
  public long oursJsonlNull(Blackhole bh) throws IOException {
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(jsonl))
        .format(RecordFormat.JSONL).open();
        RecordOutput out = RecordOutput.builder(OutputStream.nullOutputStream())
            .format(RecordFormat.JSONL).create()) {
      return PipelineIoBenchmark.run(in, out, bh);
    }
  }

  @Benchmark
  public long jacksonCsvRead(Blackhole bh) throws IOException {
    long n = 0;
    Iterator<String[]> it = csvMapper.readerFor(String[].class).readValues(csv);
    while (it.hasNext()) {
      String[] row = it.next();
      bh.consume(row[row.length - 1]);
      n++;
    }
    return n;
  }

  @Benchmark
  public long oursCsvParse(Blackhole bh) throws IOException {
    long n = 0;
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(csv))
        .format(RecordFormat.CSV).open()) {
      ChunkParser p = in.newParser();
      PipelineIoBenchmark.Sink sink = new PipelineIoBenchmark.Sink(bh, null);
      for (Chunk c; (c = in.next()) != null; ) {
        p.parse(c, sink);
        n += c.recordCount();
      }
    }
    return n;
  }

  @Benchmark
  public long oursJsonlZstd(Blackhole bh) throws IOException {
    return toFile("out.jsonl.zst", Compression.ZSTD, bh);
  }

  @Benchmark
  public long oursJsonlGzip(Blackhole bh) throws IOException {
    return toFile("out.jsonl.gz", Compression.GZIP, bh);
  }

  private long toFile(String name, Compression c, Blackhole bh) throws IOException {
    Path target = dir.resolve(name);
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(jsonl))
        .format(RecordFormat.JSONL).open();
        RecordOutput out = RecordOutput.builder(target).compression(c).create()) {
      return PipelineIoBenchmark.run(in, out, bh);
    } finally {
      Files.deleteIfExists(target);
    }
  }
}
