package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.anonkit.PolicyException;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pipeline's own policy sections ({@code failures}, {@code mapping}, {@code ipIntegers}, {@code keepCheck}). */
class PolicySectionsTest {
  private static final MasterKey KEY = MasterKey.generate("sections-test", new SecureRandom());

  @TempDir Path tmp;

  private static String policy(String sections) {
    return "{\"name\": \"t\", \"default\": \"drop\", \"keep\": [\"ExitCode\", \"JobStatus\"],\n"
        + " \"fields\": {\"Owner\": {\"transformer\": \"hmac\", \"domain\": \"user\"},"
        + " \"JobsubClientIpAddress\": {\"transformer\": \"hmac\"}}" + sections + "}";
  }

  /** A misspelt key used to be ignored: {"preset": "status"} counted failures with the exit definition. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'\"failures\": {\"preset\": \"status\"}'|$.failures.preset",
      "'\"failures\": {\"definition\": \"exit\", \"userfield\": \"User\"}'|$.failures.userfield",
      "'\"mapping\": {\"field\": [\"Owner\"]}'|$.mapping.field",
      "'\"ipIntegers\": {\"fields\": [\"JobsubClientIpAddress\"], \"suffix\": \"_int\"}'|$.ipIntegers.suffix",
      "'\"keepCheck\": {\"value\": \"scalars\"}'|$.keepCheck.value"})
  void section_unknownKey_rejectedWithItsPath(String section, String path) {
    assertThatThrownBy(() -> Pipeline.builder(PolicyJson.parse(policy(", " + section))).key(KEY).build())
        .isInstanceOf(PolicyException.class).hasMessageContaining(path).hasMessageContaining("unknown parameter");
  }

  @Test
  void failureExpression_literalOfAnAnonymizedField_neverReachesShare() throws IOException {
    Path in = tmp.resolve("jobs.jsonl");
    Files.writeString(in, "{\"Owner\": \"produser7\", \"ExitCode\": 1, \"JobStatus\": 4}\n"
        + "{\"Owner\": \"alice\", \"ExitCode\": 2, \"JobStatus\": 4}\n{\"Owner\": \"alice\", \"ExitCode\": 0, \"JobStatus\": 4}\n");
    Path out = tmp.resolve("out");
    RunReport r = Pipeline.builder(PolicyJson.parse(policy(""))).key(KEY)
        .failureDefinition(FailureDefinition.of("ExitCode != 0 && Owner != \"produser7\" && JobStatus != 3"))
        .build().run(List.of(in), out);
    assertThat(r.failures().fails()).isEqualTo(1);
    try (Stream<Path> files = Files.walk(out.resolve("share"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).as(f.toString()).doesNotContain("produser7");
      }
    }
    assertThat(Files.readString(out.resolve("share/manifest.json")))
        .contains("ExitCode != 0 && Owner != \\\"[redacted]\\\" && JobStatus != 3");
    assertThat(Files.readString(out.resolve("share/failures.json")))
        .contains("ExitCode != 0 && Owner != \\\"[redacted]\\\" && JobStatus != 3");
    assertThat(Files.readString(out.resolve("private/failures.clear.json"))).contains("produser7");
    // the report's statistics are by token and printed by the CLI: they show the expression as share/ does
    assertThat(r.failures().expression()).isEqualTo("ExitCode != 0 && Owner != \"[redacted]\" && JobStatus != 3");
    assertThat(r.failures().table(10)).doesNotContain("produser7").contains("Owner != \"[redacted]\"");
    assertThat(r.failures().relabel(t -> null).expression()).contains("produser7"); // the key holder's view
  }

  /** keepCheck's only values are "any" and "scalars"; anything else is refused with its path. */
  @Test
  void keepCheck_unknownValue_rejectedWithItsPath() {
    assertThatThrownBy(() -> Pipeline.builder(PolicyJson.parse(policy(", \"keepCheck\": {\"values\": \"all\"}")))
        .key(KEY).build()).isInstanceOf(PolicyException.class).hasMessageContaining("$.keepCheck.values");
  }

  /**
   * With keepCheck "scalars" a kept field keeps only numbers and booleans in clear: a string literal
   * compared with one in the failure definition is a value the run may replace, so share/ records it
   * redacted; a number compared with a kept field stays.
   */
  @Test
  void failureExpression_keepCheckScalars_stringLiteralOfAKeptFieldRedacted() throws IOException {
    Path in = tmp.resolve("jobs.jsonl");
    Files.writeString(in, "{\"Owner\": \"alice\", \"ExitCode\": 1, \"JobStatus\": \"held by jdoe\"}\n");
    Path out = tmp.resolve("out");
    RunReport r = Pipeline.builder(PolicyJson.parse(policy(", \"keepCheck\": {\"values\": \"scalars\"}"))).key(KEY)
        .failureDefinition(FailureDefinition.of("ExitCode != 0 || JobStatus == \"held by jdoe\""))
        .build().run(List.of(in), out);
    assertThat(r.failures().expression()).isEqualTo("ExitCode != 0 || JobStatus == \"[redacted]\"");
    assertThat(Files.readString(out.resolve("share/manifest.json"))).doesNotContain("held by jdoe");
    // the kept field's text took the default rule (drop here)
    assertThat(Files.readString(r.dataFiles().get(0))).doesNotContain("JobStatus").contains("\"ExitCode\":1");
  }

  /** An unknown mode used to pass build() and fail in run(), after OUT had been created and marked. */
  @Test
  void build_unknownMode_rejectedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> Pipeline.builder(PolicyJson.parse(policy(""))).key(KEY).mode("fpee").build())
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.modes").hasMessageContaining("fpee");
    assertThat(tmp.resolve("out")).doesNotExist();
  }
}
