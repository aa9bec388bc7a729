package org.anonkit.pipeline.io;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/** The jackson-core factory configuration shared by JSON readers and writers. */
final class JsonSupport {
  private JsonSupport() {}

  /**
   * A thread-safe factory whose read limits follow the input's maximum record size. Its buffers are
   * recycled per thread: a parser is created for every record, on the pipeline's few platform worker
   * threads, and jackson's default pool, one concurrent deque per factory, has every record's parser
   * take and return its buffers there, the workers' caches passing the deque's ends back and forth.
   */
  static JsonFactory factory(int maxRecordBytes) {
    return JsonFactory.builder()
        .recyclerPool(JsonRecyclerPools.threadLocalPool())
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(maxRecordBytes)
            .maxNameLength(Math.min(maxRecordBytes, 1 << 16))
            .maxNestingDepth(64)
            .build())
        .rootValueSeparator((String) null)
        .build();
  }
}
