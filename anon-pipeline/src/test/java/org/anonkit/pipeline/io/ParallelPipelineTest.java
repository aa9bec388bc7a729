package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The architecture the pipeline runner uses: one splitter thread, N workers each with its own parser
 * and serializer, one sink appending in chunk order. Output must not depend on N or the chunk size.
 */
class ParallelPipelineTest {

  static byte[] passthrough(byte[] input, RecordFormat format, int threads, int chunkBytes,
      AtomicLong malformed) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ThreadLocal<ChunkParser> parsers = new ThreadLocal<>();
    ThreadLocal<ChunkSerializer> serializers = new ThreadLocal<>();
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (RecordInput in = RecordInput.builder(new ByteArrayInputStream(input)).format(format)
        .chunkBytes(chunkBytes).open();
        RecordOutput out = RecordOutput.builder(bos).format(format).columns(in.columns())
            .create()) {
      ArrayDeque<Future<SerializedChunk>> inFlight = new ArrayDeque<>();
      for (Chunk c; (c = in.next()) != null; ) {
        Chunk chunk = c;
        inFlight.add(pool.submit(() -> {
          ChunkParser p = parsers.get();
          if (p == null) {
            parsers.set(p = in.newParser());
          }
          ChunkSerializer s = serializers.get();
          if (s == null) {
            serializers.set(s = out.newSerializer());
          }
          ChunkSerializer ser = s;
          p.parse(chunk, new RecordHandler() {
            @Override
            public void record(FieldRecord record) {
              ser.write(record);
            }

            @Override
            public void malformed(MalformedRecord record) {
              malformed.incrementAndGet();
            }
          });
          return ser.finish(chunk.index());
        }));
        while (inFlight.size() > threads * 2) { // bounded queue
          out.append(inFlight.poll().get());
        }
      }
      while (!inFlight.isEmpty()) {
        out.append(inFlight.poll().get());
      }
      out.commit();
    } finally {
      pool.shutdown();
    }
    return bos.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = "PARQUET", mode = EnumSource.Mode.EXCLUDE) // Parquet: anon-parquet
  void passthrough_anyThreadsAndChunks_byteIdentical(RecordFormat format) throws Exception {
    List<String> cols = List.of("Owner", "User", "ClusterId", "HoldReason", "Cmd",
        "RemoteWallClockTime", "ExitBySignal", "x509userproxysubject", "Environment", "Args",
        "ProcId");
    byte[] input = IoTesting.write(IoTesting.randomRecords(99, 3000, format != RecordFormat.CSV),
        format, cols, 100);
    AtomicLong bad = new AtomicLong();
    byte[] reference = passthrough(input, format, 1, 1 << 20, bad);
    assertThat(reference).isEqualTo(input); // canonical output reproduces itself
    for (int threads : new int[] {2, 4}) {
      for (int chunk : new int[] {1, 777, 65536}) {
        assertThat(passthrough(input, format, threads, chunk, bad)).isEqualTo(reference);
      }
    }
    assertThat(bad.get()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = {"JSONL", "CONDOR"})
  void passthrough_withMalformedRecords_countsThemWhateverTheThreads(RecordFormat format)
      throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      if (format == RecordFormat.JSONL) {
        sb.append(i % 97 == 0 ? "{\"a\": broken\n" : "{\"a\":" + i + "}\n");
      } else {
        sb.append(i % 97 == 0 ? "not an attribute\n\n" : "A = " + i + "\n\n");
      }
    }
    byte[] input = IoTesting.utf8(sb.toString());
    byte[] ref = null;
    for (int threads : new int[] {1, 3}) {
      AtomicLong bad = new AtomicLong();
      byte[] out = passthrough(input, format, threads, 500, bad);
      assertThat(bad.get()).isEqualTo(21);
      if (ref == null) {
        ref = out;
      }
      assertThat(out).isEqualTo(ref);
    }
  }

}
