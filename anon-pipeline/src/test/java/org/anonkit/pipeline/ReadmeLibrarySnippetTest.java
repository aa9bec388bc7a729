package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anonkit.Anonymizer;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Using the library" snippet, as written there, gives the token a pipeline run writes
 * (review 42, item 2: the snippet once called {@code plan("Owner").transform} on the value as written,
 * which gave {@code JDoe} another token than a run, which spells it {@code jdoe} first).
 */
class ReadmeLibrarySnippetTest {
  @TempDir Path tmp;

  @Test
  void snippet_givesTheTokensOfARun() throws IOException {
    MasterKey key = MasterKey.of("readme", SecretBytes.copyOf(new byte[32], SecretAccess.get()));
    byte[] policyBytes = Pipeline.bundledPolicy("htcondor");
    long row = 1;

    // --- the README snippet (PolicyJson.read(Path) there; the bundled policy here) ---
    Policy policy = PolicyJson.parse(new String(policyBytes, StandardCharsets.UTF_8));
    policy = Pipeline.resolvePolicy(policy, "hmac", List.of());
    Anonymizer anonymizer = Anonymizer.compile(policy, key, TransformerRegistry.defaultRegistry());
    RecordAnonymizer records = RecordAnonymizer.create(anonymizer, policy);
    String token = records.transform("Owner", row, "JDoe");
    // --- end of the snippet ---

    Path in = tmp.resolve("in.jsonl");
    Files.writeString(in, "{\"Owner\": \"JDoe\", \"ExitCode\": 0}\n{\"Owner\": \"jdoe\", \"ExitCode\": 0}\n");
    RunReport report = Pipeline.builder(PolicyJson.parse(new String(policyBytes, StandardCharsets.UTF_8)))
        .policySource(policyBytes).key(key).threads(1).build().run(List.of(in), tmp.resolve("out"));
    String data = Files.readString(report.dataFiles().get(0));
    assertThat(data).contains("\"Owner\":\"" + token + "\"");
    assertThat(data.split("\n")).hasSize(2).allMatch(l -> l.contains("\"Owner\":\"" + token + "\""));
    assertThat(records.transform("Owner", row, "jdoe")).isEqualTo(token);
    // the plan alone applies the transformer to the value as given: not a run's token for JDoe
    assertThat(records.plan("Owner").transform("Owner", row, "jdoe")).isEqualTo(token);
    assertThat(anonymizer.plan("Owner").transform("Owner", row, "JDoe")).isNotEqualTo(token);
  }
}
