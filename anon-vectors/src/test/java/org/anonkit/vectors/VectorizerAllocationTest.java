package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.reflect.Method;
import java.util.List;
import org.anonkit.Parameters;
import org.junit.jupiter.api.Test;

/**
 * The vectorizer's hot path allocates nothing per value: after its dictionary has seen the values
 * and with arrays sized for the rows, accepting 200,000 records (1.2 million values) allocates (almost)
 * no bytes on the calling thread. Measured with the JDK's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean}); the encoders alone are measured with JMH
 * {@code -prof gc} in anon-benchmarks.
 */
class VectorizerAllocationTest {

  @Test
  void accept_warmDictionaryPresizedArrays_allocatesNothingPerValue() throws Exception {
    // reflection: the test compiles inside module org.anonkit.vectors, which does not read java.management
    Object threads;
    Method allocatedBytes;
    try {
      threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
      allocatedBytes.invoke(threads);
    } catch (ReflectiveOperationException | RuntimeException e) {
      threads = null;
      allocatedBytes = null;
    }
    assumeThat(allocatedBytes).as("per-thread allocation counters are not available on this JVM").isNotNull();
    VectorSchema schema = VectorSchema.builder()
        .field("RequestMemory", "numeric", Parameters.builder().put("type", "int64").build())
        .field("RemoteWallClockTime", "numeric")
        .field("Owner", "categorical")
        .field("OwnerHash", "hash")
        .field("StartdIpAddr", "ipv4", Parameters.builder().put("extract", true).put("prefixes", List.of(24L)).build())
        .field("WantGPU", "boolean")
        .pairs(false)
        .build();
    RecordView[] records = new RecordView[1000];
    for (int i = 0; i < records.length; i++) {
      String user = "user" + (i % 97) + "@fnal.gov";
      records[i] = RecordView.of("RequestMemory", Integer.toString(1000 + i), "RemoteWallClockTime", (i % 50) + ".25",
          "Owner", user, "OwnerHash", user, "StartdIpAddr", "<131.225." + (i % 7) + "." + (i % 200) + ":9618>",
          "WantGPU", i % 3 == 0 ? "true" : "false");
    }
    int rows = 220_000;
    Vectorizer v = Vectorizer.create(schema, EncoderRegistry.defaultRegistry(), rows);
    for (int i = 0; i < 20_000; i++) { // warm: dictionary entries, JIT, scratch buffers
      v.accept(records[i % records.length]);
    }
    long before = (Long) allocatedBytes.invoke(threads);
    for (int i = 0; i < 200_000; i++) {
      v.accept(records[i % records.length]);
    }
    long allocated = (Long) allocatedBytes.invoke(threads) - before;
    System.out.println("vectorizer hot path: " + allocated + " bytes allocated for 200000 records (1.2M values)");
    assertThat(v.rows()).isEqualTo(rows);
    // 1.2 million values; a single boxed value per record would be > 3 MB
    assertThat(allocated).as("bytes allocated while accepting 200,000 records").isLessThan(16 * 1024);
  }
}
