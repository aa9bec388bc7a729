/**
 * AnonKit's pipeline: streaming readers and writers ({@link org.anonkit.pipeline.io}), the chunked
 * parallel runner ({@link org.anonkit.pipeline}), free-text scrubbing ({@code scrub-text},
 * {@link org.anonkit.pipeline.scrub}), failure statistics, run manifests and the synthetic job-record
 * generator ({@link org.anonkit.pipeline.generate}).
 */
module org.anonkit.pipeline {
  requires transitive org.anonkit.api;
  requires org.anonkit.config;
  requires org.anonkit.vectors;
  requires org.anonkit.hmac;
  requires tools.jackson.core;
  requires com.github.luben.zstd_jni;

  exports org.anonkit.pipeline;
  exports org.anonkit.pipeline.generate;
  exports org.anonkit.pipeline.io;
  exports org.anonkit.pipeline.io.spi;
  exports org.anonkit.pipeline.scrub;

  uses org.anonkit.pipeline.io.spi.RecordFormatProvider;

  provides org.anonkit.spi.TransformerProvider with
      org.anonkit.pipeline.scrub.ScrubTextProvider;
}
