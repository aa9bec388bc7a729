package org.anonkit.pipeline.io;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/** The jackson-core factory configuration shared by JSON readers and writers. */
final class JsonSupport {
  private JsonSupport() {}

  /** A thread-safe factory whose read limits follow the input's maximum record size. */
  static JsonFactory factory(int maxRecordBytes) {
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(maxRecordBytes)
            .maxNameLength(Math.min(maxRecordBytes, 1 << 16))
            .maxNestingDepth(64)
            .build())
        .rootValueSeparator((String) null)
        .build();
  }
}
