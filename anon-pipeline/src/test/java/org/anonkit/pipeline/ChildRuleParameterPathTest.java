package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anonkit.Anonymizer;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.config.PolicyJson;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rules and handlers written without {@code "params"} in the places the pipeline reads them (a
 * scrub-text handler, a mode's field rule) report a missing or unknown setting at its JSON path: their
 * parameters were {@code Parameters.empty()}, whose path is {@code "$"} ('at $.chars: ...'), and an
 * unknown handler transformer was reported at the rule's path only.
 */
class ChildRuleParameterPathTest {
  /** A keyless transformer that requires a {@code chars} parameter. */
  static final TransformerProvider NEEDS_CHARS = new TransformerProvider() {
    @Override
    public String name() {
      return "needs-chars";
    }

    @Override
    public boolean requiresKey() {
      return false;
    }

    @Override
    public Transformer create(TransformerContext context) {
      String chars = context.parameters().requireOnly("transformer 'needs-chars'", "chars").requireString("chars");
      return v -> chars;
    }
  };
  static final TransformerRegistry REGISTRY =
      TransformerRegistry.builder().add(NEEDS_CHARS).add(new ScrubTextProvider()).build();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "scrub handler without params | {\"fields\": {\"HoldReason\": {\"transformer\": \"scrub-text\", \"params\": "
          + "{\"user\": {\"transformer\": \"needs-chars\"}}}}} | hmac"
          + " | at $.fields.HoldReason.params.user.params.chars: required string parameter is missing",
      "scrub handler of an unknown transformer | {\"fields\": {\"HoldReason\": {\"transformer\": \"scrub-text\", "
          + "\"params\": {\"user\": {\"transformer\": \"needs-charz\"}}}}} | hmac"
          + " | at $.fields.HoldReason.params.user.transformer: unknown transformer 'needs-charz'",
      "scrub section handler without params | {\"fields\": {\"HoldReason\": \"scrub-text\"}, \"scrub\": "
          + "{\"user\": {\"transformer\": \"needs-chars\"}}} | hmac"
          + " | at $.scrub.user.params.chars: required string parameter is missing",
      "mode rule shorthand | {\"fields\": {\"Owner\": \"drop\"}, \"modes\": {\"fpe\": {\"fields\": "
          + "{\"Owner\": \"needs-chars\"}}}} | fpe | at $.modes.fpe.fields.Owner.params.chars: required string parameter is missing",
      "mode rule object without params | {\"fields\": {\"Owner\": \"drop\"}, \"modes\": {\"fpe\": {\"fields\": "
          + "{\"Owner\": {\"transformer\": \"needs-chars\"}}}}} | fpe"
          + " | at $.modes.fpe.fields.Owner.params.chars: required string parameter is missing",
  })
  void compile_settingMissingOrUnknown_namesItsJsonPath(String what, String json, String mode, String message) {
    Policy policy = Pipeline.resolvePolicy(PolicyJson.parse(json), mode, List.of());
    assertThatThrownBy(() -> Anonymizer.compile(policy, null, REGISTRY))
        .isInstanceOf(PolicyException.class).hasMessageStartingWith(message);
  }
}
