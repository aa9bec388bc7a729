package org.anonkit.pipeline.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.Anonymizer;
import org.anonkit.FieldRule;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;
import org.anonkit.pipeline.testing.TaggingProvider;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code scrub-text} rules of one compiled policy share an instance where, and only where, that is sound. */
class ScrubTextSharingTest {
  private static final MasterKey KEY = MasterKey.generate("test-key", new SecureRandom());

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"hmac", "fpe"})
  void bundledPolicy_scrubRulesAlikeShareOneInstance_withTheOutputOfUnsharedOnes(String mode) throws IOException {
    JobGenerator g = JobGenerator.builder().seed(5).users(60).build();
    Path in = tmp.resolve("jobs.jsonl");
    g.write(in, 400);
    Policy policy = Pipeline.resolvePolicy(
        PolicyJson.parse(new String(Pipeline.bundledPolicy("htcondor"), StandardCharsets.UTF_8)), mode, g.userNames());
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    Anonymizer an = Anonymizer.compile(policy, KEY, registry);

    Transformer freeText = an.plan("StartdIpAddr").transformer();
    for (String f : List.of("LastPublicClaimId", "PublicClaimId", "MyAddress", "Environment", "Args", "HoldReason")) {
      assertThat(an.plan(f).transformer()).as(f).isSameAs(freeText);
    }
    assertThat(an.plan("SomeUnlistedAttribute").transformer()).isSameAs(freeText); // the default rule
    Transformer paths = an.plan("Cmd").transformer();
    assertThat(paths).isNotSameAs(freeText); // pathSegments: other parameters
    for (String f : List.of("UserLog", "Out", "Err", "x509userproxy")) {
      assertThat(an.plan(f).transformer()).as(f).isSameAs(paths);
    }
    Transformer directories = an.plan("Iwd").transformer();
    assertThat(directories).isNotSameAs(paths); // directoryPaths: other parameters again
    for (String f : List.of("RootDir", "SUBMIT_Iwd", "OrigIwd")) {
      assertThat(an.plan(f).transformer()).as(f).isSameAs(directories);
    }

    // the shared instances, fed every field in record order (a sinful string rewritten for StartdIpAddr
    // is found again in the same record's claim id), against a fresh unshared instance per field
    List<String[]> seen = new ArrayList<>();
    try (RecordInput input = RecordInput.builder(in).open()) {
      input.readAll(new RecordHandler() {
        @Override
        public void record(FieldRecord r) {
          for (int i = 0; i < r.size(); i++) {
            FieldRule rule = an.plan(r.name(i)).rule();
            if ("scrub-text".equals(rule.transformer())) {
              seen.add(new String[] {r.name(i), r.text(i), an.plan(r.name(i)).transformer().apply(r.text(i))});
            }
          }
        }

        @Override
        public void malformed(MalformedRecord m) {
          throw new AssertionError("generated record malformed");
        }
      });
    }
    assertThat(seen).hasSizeGreaterThan(400 * 15);
    java.util.Map<String, Transformer> unshared = new java.util.HashMap<>();
    int sinfuls = 0;
    for (String[] s : seen) {
      FieldRule rule = an.plan(s[0]).rule();
      Transformer alone = unshared.computeIfAbsent(s[0], f -> registry.create(TransformerContext.builder("scrub-text")
          .field(f).parameters(rule.parameters()).masterKey(KEY).registry(registry).build()));
      assertThat(s[2]).as("field %s", s[0]).isEqualTo(alone.apply(s[1]));
      sinfuls += s[1].startsWith("<") ? 1 : 0;
    }
    assertThat(sinfuls).isGreaterThan(400);
  }

  @Test
  void handlerWithoutDomain_keysDependOnTheField_rulesNotShared() {
    TransformerRegistry registry = TransformerRegistry.builder().add(new TaggingProvider("tag"))
        .add(new ScrubTextProvider()).build();
    Parameters withDomain = Parameters.builder()
        .put("user", Parameters.builder().put("transformer", "tag").put("domain", "user").build()).build();
    Parameters fieldKeyed = Parameters.builder()
        .put("user", Parameters.builder().put("transformer", "tag").build()).build();
    Policy policy = Policy.builder().name("p")
        .rule(FieldRule.transform("A", "scrub-text").parameters(withDomain).build())
        .rule(FieldRule.transform("B", "scrub-text").parameters(withDomain).build())
        .rule(FieldRule.transform("C", "scrub-text").parameters(fieldKeyed).build())
        .rule(FieldRule.transform("D", "scrub-text").parameters(fieldKeyed).build())
        .build();
    Anonymizer an = Anonymizer.compile(policy, KEY, registry);
    assertThat(an.plan("B").transformer()).isSameAs(an.plan("A").transformer());
    assertThat(an.plan("D").transformer()).isNotSameAs(an.plan("C").transformer());
    String text = "/home/jdoe/run.sh";
    assertThat(an.plan("A").transformer().apply(text)).isEqualTo(an.plan("B").transformer().apply(text));
    // keyed per field, the user's token differs between C and D: one instance for both would be wrong
    assertThat(an.plan("C").transformer().apply(text)).isNotEqualTo(an.plan("D").transformer().apply(text));
  }
}
