package org.anonkit.benchmarks.parquet;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.parquet.ParquetFiles;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RunReport;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.RecordInput;

/**
 * Compression as a result: generated job records written as Parquet+ZSTD (dictionary encoding on,
 * 65,536 rows per row group), anonymized by the pipeline into Parquet with the same writer, and the
 * stored bytes of every column compared, clear against anonymized (the same figures the run manifest's
 * {@code compression} section holds). Prints a Markdown table: totals, then the columns that grow most.
 *
 * <pre>
 * java [-Danonkit.parquet.dictionary=false] [-Danonkit.parquet.zstdLevel=N] \
 *     -cp anon-benchmarks/target/benchmarks.jar org.anonkit.benchmarks.parquet.ParquetCompressionReport \
 *     [--records N] [--mode hmac|fpe] [--policy FILE] [--top K]
 * </pre>
 *
 * Not thread-safe; a command-line harness.
 */
public final class ParquetCompressionReport {
  private ParquetCompressionReport() {}

  public static void main(String[] args) throws Exception {
    int records = 200_000;
    String mode = "hmac";
    Path policyFile = null;
    int top = 15;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--records":
          records = Integer.parseInt(args[i + 1]);
          break;
        case "--mode":
          mode = args[i + 1];
          break;
        case "--policy":
          policyFile = Path.of(args[i + 1]);
          break;
        case "--top":
          top = Integer.parseInt(args[i + 1]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("anonkit-parquet-compression");
    Path jsonl = dir.resolve("jobs.jsonl");
    JobGenerator.builder().seed(2024).build().write(jsonl, records);
    Path clear = dir.resolve("jobs.parquet");
    ParquetFiles.convert(jsonl, clear, ParquetFiles.DEFAULT_ROWS_PER_GROUP);
    byte[] policyBytes = policyFile != null ? Files.readAllBytes(policyFile) : Pipeline.bundledPolicy("htcondor");
    Policy policy = PolicyJson.read(new ByteArrayInputStream(policyBytes));
    RunReport r = Pipeline.builder(policy).policySource(policyBytes).mode(mode)
        .key(MasterKey.generate("compression", new SecureRandom())).threads(2).vectors(false).build()
        .run(List.of(clear), dir.resolve("out"));
    Path anon = r.dataFiles().get(0);
    Map<String, Long> c;
    Map<String, Long> a;
    try (RecordInput in = RecordInput.builder(clear).open()) {
      c = in.columnBytes();
    }
    try (RecordInput in = RecordInput.builder(anon).open()) {
      a = in.columnBytes();
    }
    Map<String, long[]> rows = new LinkedHashMap<>();
    c.forEach((k, v) -> rows.computeIfAbsent(k, x -> new long[2])[0] = v);
    a.forEach((k, v) -> rows.computeIfAbsent(k, x -> new long[2])[1] = v);
    long ct = 0;
    long at = 0;
    for (long[] v : rows.values()) {
      ct += v[0];
      at += v[1];
    }
    System.out.printf(Locale.ROOT, "records %,d; JSON lines %,d bytes; clear Parquet file %,d bytes; anonymized "
        + "Parquet file %,d bytes; mode %s; policy %s; %s%n", records, Files.size(jsonl), Files.size(clear),
        Files.size(anon), mode, policyFile == null ? "bundled htcondor" : policyFile.getFileName(),
        System.getProperty("anonkit.parquet.dictionary", "dictionary=true (default)"));
    System.out.printf(Locale.ROOT, "%n| column | clear bytes | anonymized bytes | anon/clear | delta |%n"
        + "|---|---:|---:|---:|---:|%n");
    System.out.printf(Locale.ROOT, "| **total (%d columns)** | %,d | %,d | %.3f | %+,d |%n", rows.size(), ct, at,
        (double) at / ct, at - ct);
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(rows.entrySet());
    sorted.sort((x, y) -> Long.compare(Math.abs(y.getValue()[1] - y.getValue()[0]),
        Math.abs(x.getValue()[1] - x.getValue()[0])));
    for (int i = 0; i < Math.min(top, sorted.size()); i++) {
      long[] v = sorted.get(i).getValue();
      System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %s | %+,d |%n", sorted.get(i).getKey(), v[0], v[1],
          v[0] == 0 ? "new" : String.format(Locale.ROOT, "%.2f", (double) v[1] / v[0]), v[1] - v[0]);
    }
    String manifest = Files.readString(dir.resolve("out/share/manifest.json"), StandardCharsets.UTF_8);
    int at0 = manifest.indexOf("\"compression\": {");
    System.out.println();
    System.out.println("manifest: " + manifest.substring(at0, manifest.indexOf("\"columns\"", at0)).trim());
    ParquetPipelineBenchmark.deleteTree(dir);
  }
}
