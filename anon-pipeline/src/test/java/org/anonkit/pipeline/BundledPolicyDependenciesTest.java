package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.anonkit.Anonymizer;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import org.anonkit.ProviderException;
import org.anonkit.TransformerRegistry;
import org.anonkit.config.PolicyJson;
import org.anonkit.hmac.HmacTransformerProvider;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.junit.jupiter.api.Test;

/**
 * Review 42, item 4: anon-fpe and anon-cryptopan are not dependencies of anon-pipeline (test scope here),
 * so a library user who compiles the bundled HTCondor policy with anon-pipeline's own dependencies alone
 * must be told which artifact to add, not only that a transformer is unknown.
 */
class BundledPolicyDependenciesTest {
  private static final MasterKey KEY = MasterKey.generate("bundled", new SecureRandom());

  @Test
  void bundledPolicy_withAnonPipelinesOwnDependencies_namesTheArtifactToAdd() {
    // what anon-pipeline's compile and runtime dependencies provide: hmac (anon-hmac) and scrub-text
    TransformerRegistry own = TransformerRegistry.builder()
        .add(new HmacTransformerProvider()).add(new ScrubTextProvider()).build();
    for (String mode : List.of("hmac", "fpe")) {
      Policy p = Pipeline.resolvePolicy(
          PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8)), mode, List.of());
      assertThatThrownBy(() -> Anonymizer.compile(p, KEY, own))
          .as(mode)
          .isInstanceOf(PolicyException.class)
          .hasMessageMatching("(?s)at \\$\\..*: unknown transformer '[a-z0-9-]+'; transformer '[a-z0-9-]+' is in "
              + "org\\.anonkit:anon-(fpe|cryptopan): add it as a dependency.*");
    }
    // with both added (on this test class path) it compiles
    Anonymizer.compile(Pipeline.resolvePolicy(
        PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8)), "hmac", List.of()),
        KEY, TransformerRegistry.defaultRegistry());
  }

  @Test
  void everyTransformerFoundHere_hasItsArtifactInTheMessage() {
    TransformerRegistry none = TransformerRegistry.builder().build();
    assertThat(TransformerRegistry.defaultRegistry().names()).contains("hmac", "ip", "ff1", "scrub-text");
    for (String name : TransformerRegistry.defaultRegistry().names()) {
      assertThatThrownBy(() -> none.provider(name)).as(name)
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("transformer '" + name + "' is in org.anonkit:anon-");
    }
  }
}
