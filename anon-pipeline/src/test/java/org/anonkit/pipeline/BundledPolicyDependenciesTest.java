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
              + "org\\.anonkit:anon-(fpe|cryptopan): add it as a dependency.*")
          .hasMessageContaining("org.anonkit:anon-cryptopan");
    }
    // fpe mode needs anon-fpe as well: both missing artifacts in one message, hostname and phone included,
    // which only the scrub section (scrub-text's handlers) names
    Policy fpe = Pipeline.resolvePolicy(
        PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8)), "fpe", List.of());
    assertThatThrownBy(() -> Anonymizer.compile(fpe, KEY, own))
        .hasMessageContaining("the policy also needs org.anonkit:anon-");
    TransformerRegistry withIp = TransformerRegistry.builder().add(new HmacTransformerProvider())
        .add(new ScrubTextProvider()) // what anon-cryptopan adds
        .add(TransformerRegistry.defaultRegistry().provider("ip"))
        .add(TransformerRegistry.defaultRegistry().provider("cryptopan"))
        .add(TransformerRegistry.defaultRegistry().provider("sinful")).build();
    assertThatThrownBy(() -> Anonymizer.compile(fpe, KEY, withIp))
        .hasMessageContaining("is in org.anonkit:anon-fpe: add it as a dependency")
        .hasMessageNotContaining("anon-cryptopan");
    Policy fpeScrubOnly = Policy.builder().name("scrub-only").defaultRule(fpe.defaultRule()).build();
    assertThatThrownBy(() -> Anonymizer.compile(fpeScrubOnly, KEY, withIp)) // a child only: hostname, phone
        .hasMessageMatching("at \\$\\.[a-z.]+\\.transformer: unknown transformer '(hostname|phone|ff1)'; .* is in "
            + "org\\.anonkit:anon-fpe: add it as a dependency.*");
    // the hmac mode (the default) with anon-cryptopan compiles
    Anonymizer.compile(Pipeline.resolvePolicy(
        PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8)), "hmac", List.of()),
        KEY, withIp);
    // with both added (on this test class path) each mode compiles
    Anonymizer.compile(fpe, KEY, TransformerRegistry.defaultRegistry());
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
