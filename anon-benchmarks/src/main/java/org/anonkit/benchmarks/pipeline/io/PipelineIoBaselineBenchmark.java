package org.anonkit.benchmarks.pipeline.io;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.anonkit.pipeline.io.Compression;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.RecordHandler;
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
 *   <li>{@code oursJsonlZstd} / {@code oursJsonlGzip}: JSONL passthrough to a compressed file;</li>
 *   <li>{@code naiveCondorRead} vs {@code oursCondorParse}: HTCondor {@code -long} text read the naive
 *       way ({@code BufferedReader} lines, {@code name = value} split at the first {@code " = "}, string
 *       literals unquoted, one {@code LinkedHashMap} per ad) and by our parser into FieldRecords;</li>
 *   <li>{@code jacksonCondorJsonRead} vs {@code oursCondorJsonParse}: {@code condor_q -json} output (a
 *       JSON array of ads) read by jackson-core into one {@code LinkedHashMap} per ad (scalars as text,
 *       {@code /Expr(..)/} unwrapped, {@code null} as empty) and by our parser.</li>
 * </ul>
 *
 * <p>{@link #setup()} checks that each naive reader yields the same ads as our parser: the same number,
 * and in each the same names in the same order with the same texts (an undefined value as empty text).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class PipelineIoBaselineBenchmark {
  byte[] jsonl;
  byte[] csv;
  byte[] condor;
  byte[] condorJson;
  Path dir;
  final JsonFactory json = JsonFactory.builder().rootValueSeparator((String) null).build();
  final CsvMapper csvMapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

  @Setup(Level.Trial)
  public void setup() throws IOException {
    jsonl = JobAdData.encode(RecordFormat.JSONL, PipelineIoBenchmark.INPUT_BYTES, 2024);
    csv = JobAdData.encode(RecordFormat.CSV, PipelineIoBenchmark.INPUT_BYTES, 2024);
    condor = JobAdData.encode(RecordFormat.CONDOR, PipelineIoBenchmark.INPUT_BYTES, 2024);
    condorJson = JobAdData.encode(RecordFormat.CONDOR_JSON, PipelineIoBenchmark.INPUT_BYTES, 2024);
    dir = Files.createTempDirectory("anonkit-io-bench");
    System.out.println("\n[pipeline-io] jsonl " + jsonl.length + " bytes, csv " + csv.length
        + " bytes, condor " + condor.length + " bytes, condor-json " + condorJson.length + " bytes");
    check(condor, RecordFormat.CONDOR, naiveCondorAds(condor, null));
    check(condorJson, RecordFormat.CONDOR_JSON, jacksonCondorJsonAds(condorJson, null));
  }

  /** Our parser's ads of {@code input} must be {@code naive}'s: same count, names, order and texts. */
  static void check(byte[] input, RecordFormat format, List<Map<String, String>> naive) throws IOException {
    List<FieldRecord> ours = new ArrayList<>();
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(input)).format(format).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          ours.add(r.copy());
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new IllegalStateException("malformed generated record");
        }
      });
    }
    if (ours.size() != naive.size()) {
      throw new IllegalStateException(format + ": ours read " + ours.size() + " ads, the baseline " + naive.size());
    }
    for (int i = 0; i < ours.size(); i++) {
      FieldRecord r = ours.get(i);
      List<Map.Entry<String, String>> n = new ArrayList<>(naive.get(i).entrySet());
      boolean same = n.size() == r.size();
      for (int k = 0; same && k < n.size(); k++) {
        same = n.get(k).getKey().equals(r.name(k)) && n.get(k).getValue().equals(r.text(k));
      }
      if (!same) {
        throw new IllegalStateException(format + ": ours and the baseline differ on ad " + i);
      }
    }
  }

  /** The naive -long reader: every ad as a map of name to text, or, with a Blackhole, only consumed. */
  static List<Map<String, String>> naiveCondorAds(byte[] input, Blackhole bh) throws IOException {
    List<Map<String, String>> ads = bh == null ? new ArrayList<>() : null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input),
        StandardCharsets.UTF_8), 1 << 16)) {
      Map<String, String> ad = new LinkedHashMap<>();
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) {
          if (!ad.isEmpty()) {
            if (ads != null) {
              ads.add(ad);
            } else {
              bh.consume(ad);
            }
            ad = new LinkedHashMap<>();
          }
          continue;
        }
        if (line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf(" = ");
        String value = line.substring(eq + 3);
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
          value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        } else if (value.equals("undefined")) {
          value = "";
        }
        ad.put(line.substring(0, eq), value);
      }
      if (!ad.isEmpty()) {
        if (ads != null) {
          ads.add(ad);
        } else {
          bh.consume(ad);
        }
      }
    }
    return ads;
  }

  /** The jackson-core reader of condor_q -json: every ad as a map of name to text, or only consumed. */
  List<Map<String, String>> jacksonCondorJsonAds(byte[] input, Blackhole bh) {
    List<Map<String, String>> ads = bh == null ? new ArrayList<>() : null;
    try (JsonParser p = json.createParser(ObjectReadContext.empty(), input)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalStateException("expected an array of ads");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        Map<String, String> ad = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          JsonToken t = p.nextToken();
          String value = t == JsonToken.VALUE_NULL ? "" : p.getString();
          if (t == JsonToken.VALUE_STRING && value.startsWith("/Expr(") && value.endsWith(")/")) {
            value = value.substring(6, value.length() - 2);
          }
          ad.put(name, value);
        }
        if (ads != null) {
          ads.add(ad);
        } else {
          bh.consume(ad);
        }
      }
    }
    return ads;
  }

  @Benchmark
  public void naiveCondorRead(Blackhole bh) throws IOException {
    naiveCondorAds(condor, bh);
  }

  @Benchmark
  public long oursCondorParse(Blackhole bh) throws IOException {
    return PipelineIoHarness.parse(condor, RecordFormat.CONDOR, bh);
  }

  @Benchmark
  public void jacksonCondorJsonRead(Blackhole bh) {
    jacksonCondorJsonAds(condorJson, bh);
  }

  @Benchmark
  public long oursCondorJsonParse(Blackhole bh) throws IOException {
    return PipelineIoHarness.parse(condorJson, RecordFormat.CONDOR_JSON, bh);
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
    return PipelineIoHarness.parse(csv, RecordFormat.CSV, bh);
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
