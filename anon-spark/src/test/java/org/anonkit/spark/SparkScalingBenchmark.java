package org.anonkit.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.anonkit.Policy;
import org.anonkit.key.KeySource;
import org.anonkit.key.KeySources;
import org.anonkit.pipeline.generate.JobGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Spark scaling harness (not a unit test, not JMH: Spark is not in the benchmarks jar): generates job ads
 * once, stores them as Parquet (ZSTD) with Spark's writer, then times, in this JVM's {@code local[N]}
 * session, after one warm-up round, {@code rounds} rounds of:
 *
 * <ul>
 *   <li>{@code passthrough}: read Parquet, write to Spark's {@code noop} sink (the baseline);
 *   <li>{@code anonymize}: read Parquet, {@link AnonKitSpark#anonymize} with the HTCondor policy (the
 *       dictionary pass included), write to {@code noop};
 *   <li>{@code anonymize-parquet}: the same, written as Parquet (ZSTD).
 * </ul>
 *
 * Run once per thread count, each in a fresh JVM, e.g.:
 * <pre>
 * mvn -B -q -o -pl anon-spark -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/spark-cp.txt -Dmdep.includeScope=test
 * OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED ..."   # the list in anon-spark's pom (surefire argLine)
 * for n in 1 2; do java -Xmx4g $OPENS \
 *     -cp "anon-spark/target/test-classes:anon-spark/target/classes:$(cat /tmp/spark-cp.txt)" \
 *     org.anonkit.spark.SparkScalingBenchmark /tmp/spark-bench $n 100000 3; done
 * </pre>
 * Arguments: work directory, threads (local[N]), records, rounds. Prints one line per round and a
 * median per task, in records/s and input MB/s (JSON-lines bytes of the same records), wall and per
 * CPU-second of the whole process (JIT and GC threads included).
 */
public final class SparkScalingBenchmark {
  private SparkScalingBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    long records = Long.parseLong(args[2]);
    int rounds = Integer.parseInt(args[3]);
    Files.createDirectories(work);
    Path jsonl = work.resolve("jobs-" + records + ".jsonl");
    if (!Files.exists(jsonl)) {
      JobGenerator.builder().seed(1).build().write(jsonl, records);
    }
    long jsonBytes = Files.size(jsonl);
    Path key = work.resolve("bench-key.json");
    if (!Files.exists(key)) {
      SparkTestSupport.keyFile(work, "bench-key");
    }
    KeySource keys = KeySources.open("file:" + key.toAbsolutePath());
    Policy policy = SparkTestSupport.htcondor();
    SparkSession spark = SparkSession.builder().appName("anonkit-scaling").master("local[" + threads + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", Integer.toString(2 * threads))
        .config("spark.sql.parquet.compression.codec", "zstd")
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    Path parquet = work.resolve("jobs-" + records + ".parquet");
    if (!Files.exists(parquet)) {
      StructType schema = spark.read().json(jsonl.toString()).schema();
      spark.read().schema(schema).json(jsonl.toString()).repartition(8).write().parquet(parquet.toString());
    }
    System.out.printf(Locale.ROOT, "# local[%d], %d records, %.1f MB as JSON lines, parquet input %s, %d cores visible%n",
        threads, records, jsonBytes / 1e6, parquet.getFileName(), Runtime.getRuntime().availableProcessors());
    String[] tasks = {"passthrough", "anonymize", "anonymize-parquet"};
    double[][] secs = new double[tasks.length][rounds];
    double[][] cpus = new double[tasks.length][rounds];
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int round = -1; round < rounds; round++) {
      for (int t = 0; t < tasks.length; t++) {
        long t0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        Dataset<Row> in = spark.read().parquet(parquet.toString());
        switch (tasks[t]) {
          case "passthrough":
            in.write().format("noop").mode("overwrite").save();
            break;
          case "anonymize":
            AnonKitSpark.anonymize(in, policy, keys).write().format("noop").mode("overwrite").save();
            break;
          default:
            AnonKitSpark.anonymize(in, policy, keys).write().mode("overwrite")
                .parquet(work.resolve("out-" + threads + ".parquet").toString());
            break;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        if (round >= 0) {
          secs[t][round] = s;
          cpus[t][round] = cpu;
          System.out.printf(Locale.ROOT, "round %d %-18s %7.2f s  %9.0f records/s  %6.1f MB/s  %7.2f CPU-s  %6.1f MB/CPU-s%n",
              round, tasks[t], s, records / s, jsonBytes / 1e6 / s, cpu, jsonBytes / 1e6 / cpu);
        }
      }
    }
    List<String> summary = new ArrayList<>();
    for (int t = 0; t < tasks.length; t++) {
      double[] v = secs[t].clone();
      Arrays.sort(v);
      double m = v[v.length / 2];
      double[] c = cpus[t].clone();
      Arrays.sort(c);
      double mc = c[c.length / 2];
      summary.add(String.format(Locale.ROOT,
          "median local[%d] %-18s %7.2f s  %9.0f records/s  %6.1f MB/s  %7.2f CPU-s  %6.1f MB/CPU-s",
          threads, tasks[t], m, records / m, jsonBytes / 1e6 / m, mc, jsonBytes / 1e6 / mc));
    }
    summary.forEach(System.out::println);
    spark.stop();
  }
}
