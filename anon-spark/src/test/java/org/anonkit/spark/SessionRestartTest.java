package org.anonkit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.anonkit.Policy;
import org.anonkit.key.KeySource;
import org.anonkit.key.KeySources;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second SparkContext in the same JVM (a notebook, a long-lived driver) gets its own dictionary:
 * broadcast ids restart at 0 with every context, so the per-JVM compiled-job cache must not be keyed
 * by them, or the second job would scrub free text against the first job's names.
 */
class SessionRestartTest {
  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("Owner", DataTypes.StringType, true),
      DataTypes.createStructField("HoldReason", DataTypes.StringType, true)));

  @TempDir Path tmp;

  @Test
  void anonymize_secondSessionSameJvm_scrubsItsOwnNames() {
    KeySource keys = KeySources.open("file:" + SparkTestSupport.keyFile(tmp, "restart").toAbsolutePath());
    Policy policy = SparkTestSupport.htcondor();
    assertThat(holdReason("alicezz", policy, keys)).doesNotContain("alicezz").startsWith("run by ");
    assertThat(holdReason("bobqq", policy, keys)).doesNotContain("bobqq").startsWith("run by ");
  }

  /** The anonymized HoldReason "run by NAME now" of a one-row job owned by NAME, in a fresh session. */
  private static String holdReason(String owner, Policy policy, KeySource keys) {
    SparkSession spark = SparkTestSupport.session("restart-" + owner);
    try {
      Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(owner, "run by " + owner + " now")), SCHEMA);
      assertThat(AnonKitSpark.dictionary(df, policy)).containsExactly(owner);
      return AnonKitSpark.anonymize(df, policy, keys).select("HoldReason").collectAsList().get(0).getString(0);
    } finally {
      spark.stop();
    }
  }
}
