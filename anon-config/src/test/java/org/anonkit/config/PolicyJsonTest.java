package org.anonkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.anonkit.Anonymizer;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;
import org.junit.jupiter.api.Test;

class PolicyJsonTest {

  @Test
  void parse_fullPolicy() {
    Policy p = PolicyJson.parse("""
        {
          "name": "htcondor",
          "version": 1,
          "redaction": "<gone>",
          "default": {"transformer": "scrub-text", "onFailure": "redact"},
          "keep": ["JobStatus", "ExitCode"],
          "drop": ["Environment"],
          "fields": {
            "Owner": {"transformer": "hmac", "params": {"length": 16, "prefix": "u_", "ratio": 0.5,
                      "suffixes": [".fnal.gov", ".cern.ch"], "nested": {"a": true}}, "domain": "user"},
            "RemoteHost": "hostname",
            "RequestMemory": "keep",
            "Env": "drop"
          },
          "failures": {"preset": "exit"}
        }
        """);
    assertThat(p.name()).isEqualTo("htcondor");
    assertThat(p.redactionMarker()).isEqualTo("<gone>");
    FieldRule owner = p.rule("owner");
    assertThat(owner.transformer()).isEqualTo("hmac");
    assertThat(owner.linkageDomain()).isEqualTo("user");
    assertThat(owner.onFailure()).isEqualTo(OnFailure.FAIL);
    assertThat(owner.parameters().getInt("length", 0, 0, 100)).isEqualTo(16);
    assertThat(owner.parameters().getDouble("ratio", 0)).isEqualTo(0.5);
    assertThat(owner.parameters().getStringList("suffixes")).containsExactly(".fnal.gov", ".cern.ch");
    assertThat(owner.parameters().getParameters("nested").getBoolean("a", false)).isTrue();
    assertThat(owner.path()).isEqualTo("$.fields.Owner");
    assertThat(p.rule("remotehost").transformer()).isEqualTo("hostname");
    assertThat(p.rule("JOBSTATUS").action()).isEqualTo(FieldRule.Action.KEEP);
    assertThat(p.rule("environment").action()).isEqualTo(FieldRule.Action.DROP);
    assertThat(p.rule("HoldReason").transformer()).isEqualTo("scrub-text");
    assertThat(p.defaultRule().onFailure()).isEqualTo(OnFailure.REDACT);
    assertThat(p.extension("failures").getString("preset", null)).isEqualTo("exit");
  }

  @Test
  void parse_defaultKeep_isRejectedAsNotFailClosed() {
    assertThatThrownBy(() -> PolicyJson.parse("{\"default\": \"keep\", \"fields\": {}}"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("fail-closed");
  }

  @Test
  void parse_sameFieldTwiceInDifferentCase_isRejected() {
    assertThatThrownBy(() -> PolicyJson.parse("{\"keep\": [\"Owner\"], \"fields\": {\"OWNER\": \"hmac\"}}"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.fields.OWNER");
  }

  @Test
  void parse_errors_nameThePathAndLine() {
    assertThatThrownBy(() -> PolicyJson.parse("{\"fields\": {\"Owner\": {\"transformer\": \"hmac\",\n \"onFailure\": \"ignore\"}}}"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("at $.fields.Owner.onFailure")
        .hasMessageContaining("fail, redact, drop")
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> PolicyJson.parse("{\"fields\": {\"Owner\": {\"transfomer\": \"hmac\"}}}"))
        .hasMessageContaining("$.fields.Owner.transfomer").hasMessageContaining("unknown rule key");
    assertThatThrownBy(() -> PolicyJson.parse("{\"fields\": {\"Owner\": {\"transformer\": \"hmac\", \"params\": {\"x\": null}}}}"))
        .hasMessageContaining("$.fields.Owner.params.x");
    assertThatThrownBy(() -> PolicyJson.parse("{\"fields\": {}, \"feilds\": 3}"))
        .hasMessageContaining("$.feilds").hasMessageContaining("unknown policy key");
    assertThatThrownBy(() -> PolicyJson.parse("{\"name\": \"x\"}")).hasMessageContaining("$.fields");
    assertThatThrownBy(() -> PolicyJson.parse("{\"fields\": {\"Owner\": }")).hasMessageContaining("malformed policy JSON (line 1");
  }

  @Test
  void parseParameters_readsAnyObject_withPathErrors() {
    var params = PolicyJson.parseParameters("{\"fields\": {\"Owner\": \"categorical\"}, \"pairs\": true, \"n\": [1, 2.5]}");
    assertThat(params.getParameters("fields").getString("Owner", null)).isEqualTo("categorical");
    assertThat(params.getBoolean("pairs", false)).isTrue();
    assertThatThrownBy(() -> PolicyJson.parseParameters("{\"a\": {\"b\": null}}"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.a.b");
    assertThatThrownBy(() -> PolicyJson.parseParameters("[1]")).hasMessageContaining("expected a JSON object");
  }

  /** Lists of lists (a hierarchy's levels of cut points) read as unmodifiable nested lists; null inside stays refused. */
  @Test
  void parseParameters_nestedLists() {
    var params = PolicyJson.parseParameters("{\"cuts\": [[2, 4, 8], [4], [], [[\"a\", true]]]}");
    assertThat(params.get("cuts")).isEqualTo(java.util.List.of(java.util.List.of(2L, 4L, 8L), java.util.List.of(4L),
        java.util.List.of(), java.util.List.of(java.util.List.of("a", true))));
    @SuppressWarnings("unchecked")
    java.util.List<Object> inner = (java.util.List<Object>) ((java.util.List<?>) params.get("cuts")).get(0);
    assertThatThrownBy(() -> inner.add(16L)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> PolicyJson.parseParameters("{\"cuts\": [[2, null]]}"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.cuts[0][1]");
    assertThatThrownBy(() -> org.anonkit.Parameters.builder("$").put("cuts",
        java.util.List.of(java.util.List.of(1L, new Object())))).isInstanceOf(PolicyException.class)
        .hasMessageContaining("$.cuts[0][1]");
  }

  /** A key given twice was resolved silently: the last "default" or "transformer" won, both "keep"s applied. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "'{\"default\": \"drop\", \"default\": \"hmac\", \"fields\": {}}'|$.default|duplicate policy key",
      "'{\"keep\": [\"JobStatus\"], \"keep\": [\"Owner\"], \"fields\": {}}'|$.keep|duplicate policy key",
      "'{\"fields\": {}, \"fields\": {\"Owner\": \"keep\"}}'|$.fields|duplicate policy key",
      "'{\"fields\": {}, \"failures\": {}, \"failures\": {\"definition\": \"status\"}}'|$.failures|duplicate policy key",
      "'{\"fields\": {\"Owner\": {\"transformer\": \"hmac\", \"transformer\": \"ff1\"}}}'|$.fields.Owner.transformer|duplicate rule key",
      "'{\"fields\": {\"Owner\": {\"transformer\": \"hmac\", \"onFailure\": \"fail\", \"onFailure\": \"redact\"}}}'|$.fields.Owner.onFailure|duplicate rule key"})
  void parse_keyGivenTwice_rejectedWithItsPath(String json, String path, String message) {
    assertThatThrownBy(() -> PolicyJson.parse(json)).isInstanceOf(PolicyException.class)
        .hasMessageContaining(path).hasMessageContaining(message);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "{\"fields\": {\"HoldReason\": \"needs-chars\"}} | $.fields.HoldReason.params.chars",
      "{\"fields\": {\"HoldReason\": {\"transformer\": \"needs-chars\"}}} | $.fields.HoldReason.params.chars",
      "{\"default\": \"needs-chars\", \"fields\": {}} | $.default.params.chars",
      "{\"default\": {\"transformer\": \"needs-chars\", \"onFailure\": \"redact\"}, \"fields\": {}} | $.default.params.chars",
  })
  void compile_ruleWithoutParams_missingParameterNamesItsJsonPath(String json, String path) {
    // a rule given without "params" had parameters whose path was "$": 'at $.chars: ...'
    TransformerProvider needsChars = new TransformerProvider() {
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
    Policy policy = PolicyJson.parse(json);
    assertThatThrownBy(() -> Anonymizer.compile(policy, null, TransformerRegistry.builder().add(needsChars).build()))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("at " + path + ": required string parameter is missing");
  }

  /**
   * Review 42, item 1: a malformed policy (a data file given as the policy, a typo) must not have its
   * text repeated in the error, where it reaches logs and consoles; the message gives where, not what.
   */
  @Test
  void malformedJson_errorsGivePathLineAndColumn_neverTheInput() {
    String[][] cases = {
        // input, expected path, expected line, expected column
        {"jdoe.secret,3,alice@example.org\n", "$", "line 1, column 1"},
        {"{\"fields\": {\"Owner\": jdoeSecret}}", "$.fields.Owner", "line 1, column 22"},
        {"{\"fields\": {\"Owner\": \"hmac\"},\n \"keep\": [\"A\", Secret7]}", "$.keep[1]", "line 2, column 16"},
        {"{\"fields\": {\"Owner\": \"jdoe\u0001Secret\"}}", "$.fields.Owner", "line 1"},
        {"{\"fields\": {\"Owner\": \"jdoeSecret", "$.fields.Owner", "line 1"},
        {"{\"fields\": {\"Owner\": \"a\\qSecret\"}}", "$.fields.Owner", "line 1"},
        {"{\"fields\": {\"Owner\": {\"transformer\": \"hmac\", \"params\": {\"length\": 1e99999Secret}}}}",
            "$.fields.Owner.params.length", "line 1"},
        {"{\"fields\": {}} {\"Owner\": \"jdoeSecret\"}", "$", "line 1"},
        {"{\"fields\": {\"Owner\": [1, 2}, \"x\": \"jdoeSecret\"}", "$.fields.Owner[1]", "line 1"},
    };
    for (String[] c : cases) {
      for (boolean parameters : new boolean[] {false, true}) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
            () -> {
              if (parameters) {
                PolicyJson.parseParameters(c[0]);
              } else {
                PolicyJson.parse(c[0]);
              }
            });
        assertThat(thrown).as(c[0]).isInstanceOf(PolicyException.class);
        String m = thrown.getMessage();
        assertThat(m).as(c[0]).doesNotContainIgnoringCase("secret").doesNotContain("jdoe").doesNotContain("alice")
            .contains(c[2]);
        assertThat(thrown.getCause()).as(c[0]).isNull(); // jackson's exception, message and all, is not chained
        if (m.contains("malformed")) { // a syntax error; the rest are this class's own errors, which name the path too
          assertThat(((PolicyException) thrown).path()).as(c[0]).isEqualTo(c[1]);
          assertThat(m).as(c[0]).startsWith("at " + c[1] + ": malformed ");
        }
      }
    }
    assertThatThrownBy(() -> PolicyJson.parse("jdoe"))
        .hasMessage("at $: malformed policy JSON (line 1, column 1): a bare word where a JSON value was expected"
            + " (strings need double quotes)");
    assertThatThrownBy(() -> PolicyJson.read(new java.io.ByteArrayInputStream(
        "{\"fields\": {\"Owner\": jdoe}}".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .hasMessageNotContaining("jdoe").hasMessageContaining("$.fields.Owner");
  }
}
