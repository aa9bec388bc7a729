/**
 * AnonKit's pipeline: streaming readers and writers ({@link org.anonkit.pipeline.io}), the chunked
 * parallel runner, free-text scrubbing, statistics, manifest and the synthetic job-record generator.
 */
module org.anonkit.pipeline {
  requires org.anonkit.api;
  requires tools.jackson.core;
  requires com.github.luben.zstd_jni;

  exports org.anonkit.pipeline.io;
}
