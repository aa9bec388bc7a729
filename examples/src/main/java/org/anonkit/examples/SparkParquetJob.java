package org.anonkit.examples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.KeySource;
import org.anonkit.key.KeySources;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.spark.AnonKitSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark job that anonymizes a Parquet dataset of HTCondor job records with the bundled HTCondor
 * policy and writes Parquet (ZSTD), for {@code spark-submit} (see examples/README.md):
 *
 * <pre>
 * spark-submit --class org.anonkit.examples.SparkParquetJob --jars "$JARS" examples/target/examples-0.1.0-SNAPSHOT.jar \
 *     IN.parquet OUT.parquet file:/shared/anonkit/master.json [hmac|fpe] [POLICY.json]
 * </pre>
 *
 * Arguments: the input (a Parquet file or directory, read by Spark's own reader), the output directory,
 * the key source ({@code file:PATH} readable at the same path on every executor, or
 * {@code env:VARIABLE} set on every executor), the mode ({@code hmac}, the default, or {@code fpe}),
 * and optionally a policy file (default: the bundled HTCondor policy).
 */
public final class SparkParquetJob {
  private SparkParquetJob() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 5) {
      System.err.println("usage: SparkParquetJob IN.parquet OUT.parquet KEY-SOURCE [hmac|fpe] [POLICY.json]");
      System.exit(2);
    }
    String mode = args.length > 3 ? args[3] : "hmac";
    Policy policy = args.length > 4
        ? PolicyJson.read(Path.of(args[4]))
        : PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8));
    KeySource keys = KeySources.open(args[2]);
    SparkSession spark = SparkSession.builder().appName("anonkit-parquet").getOrCreate();
    try {
      Dataset<Row> in = spark.read().parquet(args[0]);
      Dataset<Row> out = AnonKitSpark.anonymize(in, policy, keys, mode);
      out.write().mode(SaveMode.ErrorIfExists).option("compression", "zstd").parquet(args[1]);
      System.out.println("anonymized " + args[0] + " -> " + args[1] + " (policy " + policy.name() + ", mode "
          + mode + ", key " + keys.load(null).id() + ")");
    } finally {
      spark.stop();
    }
  }
}
