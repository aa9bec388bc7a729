/**
 * The AnonKit pipeline: chunked parallel runs of a policy over job records, free-text scrubbing
 * ({@code scrub-text}), failure statistics, run manifests and a synthetic HTCondor job generator.
 */
module org.anonkit.pipeline {
  requires org.anonkit.api;
  requires tools.jackson.core;
  requires com.github.luben.zstd_jni;

  exports org.anonkit.pipeline.generate;
  exports org.anonkit.pipeline.scrub;

  provides org.anonkit.spi.TransformerProvider with
      org.anonkit.pipeline.scrub.ScrubTextProvider;
}
