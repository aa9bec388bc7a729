package org.anonkit.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.Policy;
import org.anonkit.config.KeyFiles;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.apache.spark.sql.SparkSession;

/** One local[2] session per test class, the bundled policy, key files and the pipeline's reader. */
final class SparkTestSupport {
  private SparkTestSupport() {}

  static SparkSession session(String name) {
    return SparkSession.builder()
        .appName(name)
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        // small splits: a few hundred generated job ads span several partitions
        .config("spark.sql.files.maxPartitionBytes", "256k")
        .config("spark.sql.files.openCostInBytes", "4k")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate();
  }

  static Policy htcondor() {
    return PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8));
  }

  /** A new key written to {@code dir/name.json}, returned with its file. */
  static Path keyFile(Path dir, String id) {
    Path p = dir.resolve(id + ".json");
    KeyFiles.write(MasterKey.generate(id, new SecureRandom()), p);
    return p;
  }

  /** Every record of {@code file}, read by the pipeline's own reader (copies). */
  static List<FieldRecord> read(Path file) throws IOException {
    List<FieldRecord> out = new ArrayList<>();
    try (RecordInput in = RecordInput.builder(file).open()) {
      in.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          out.add(r.copy());
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError("malformed record at row " + m.row());
        }
      });
    }
    return out;
  }
}
