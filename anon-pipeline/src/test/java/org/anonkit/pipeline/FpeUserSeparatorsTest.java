package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.anonkit.FieldRule;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.config.PolicyJson;
import org.anonkit.key.MasterKey;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 41, F1: in fpe mode a user name holding '.', '_' or '-' (jane.doe, cms_prod, j-doe,
 * schedd_glideins8: common) was outside FF1's alphanumeric alphabet, so scrub-text wrote the marker
 * {@code [user]} (neither joinable nor reversible, yet counted as transformed) and an Owner rule with
 * {@code onFailure: fail} ended the run. The shipped policy's fpe user rules keep those characters
 * ({@code separators: "._-"}): each name gets one token, the same in its identity fields and in free
 * text, and the token decrypts back with the rule's transformer.
 */
class FpeUserSeparatorsTest {
  private static final MasterKey KEY = MasterKey.generate("fpe-separators-test", new SecureRandom());
  private static final List<String> NAMES = List.of("jane.doe", "cms_prod", "j-doe", "schedd_glideins8");

  @TempDir Path tmp;

  @Test
  void fpeMode_userNamesWithSeparators_tokenizedAlikeEverywhere_andDecryptBack() throws IOException {
    Path policyFile = HtcondorPolicyTest.policyFile();
    Policy policy = PolicyJson.read(policyFile);
    StringBuilder in = new StringBuilder();
    for (String u : NAMES) {
      in.append("{\"Owner\":\"").append(u).append("\",\"AcctGroupUser\":\"").append(u)
          .append("\",\"User\":\"").append(u).append("@fnal.gov\",\"Iwd\":\"/home/").append(u)
          .append("/work\",\"Environment\":\"GRID_USER=").append(u).append(" HOME=/home/").append(u)
          .append("\",\"x509userproxysubject\":\"/DC=org/DC=cilogon/C=US/O=Fermilab/OU=People/CN=Jane Roe/CN=UID:")
          .append(u).append("\",\"HoldReason\":\"Job held (by user ").append(u)
          .append(")\",\"GlobalJobId\":\"").append(u).append("@host.example.org#123.0#1700000000\"}\n");
    }
    Path input = tmp.resolve("in.jsonl");
    Files.writeString(input, in);
    Path out = tmp.resolve("out");
    RunReport r = Pipeline.builder(policy).policySource(Files.readAllBytes(policyFile)).mode("fpe").key(KEY)
        .threads(1).vectors(false).build().run(List.of(input), out);
    assertThat(r.rowsIn()).isEqualTo(NAMES.size()).isEqualTo(r.rowsOut());

    String data = Files.readString(r.dataFiles().get(0));
    assertThat(data).doesNotContain("[user]").doesNotContain(policy.redactionMarker());
    assertThat(LeakScanner.scan(out.resolve("share"), NAMES)).isEmpty();

    ReversibleTransformer owner = ruleTransformer(Pipeline.resolvePolicy(policy, "fpe", List.of()).rule("Owner"));
    List<String> lines = Files.readAllLines(r.dataFiles().get(0));
    for (int i = 0; i < NAMES.size(); i++) {
      String name = NAMES.get(i);
      String line = lines.get(i);
      String token = field(line, "Owner");
      assertThat(token).hasSameSizeAs(name).isNotEqualTo(name);
      for (int j = 0; j < name.length(); j++) {
        if ("._-".indexOf(name.charAt(j)) >= 0) {
          assertThat(token.charAt(j)).as("%s: separator %d kept", name, j).isEqualTo(name.charAt(j));
        }
      }
      assertThat(field(line, "AcctGroupUser")).isEqualTo(token);
      assertThat(field(line, "User")).startsWith(token + "@");
      assertThat(field(line, "Iwd")).isEqualTo("/home/" + token + "/work");
      assertThat(field(line, "Environment")).isEqualTo("GRID_USER=" + token + " HOME=/home/" + token);
      assertThat(field(line, "x509userproxysubject")).endsWith("/CN=UID:" + token);
      assertThat(field(line, "HoldReason")).isEqualTo("Job held (by user " + token + ")");
      assertThat(field(line, "GlobalJobId")).startsWith(token + "@");
      assertThat(owner.reverse(token)).as("decrypts back").isEqualTo(name);
    }
  }

  /** The rule's transformer, as {@code anonkit fpe --transformer ff1 --field Owner --domain user} builds it. */
  private static ReversibleTransformer ruleTransformer(FieldRule rule) {
    assertThat(rule.transformer()).isEqualTo("ff1");
    Parameters p = rule.parameters();
    assertThat(p.getString("separators", "")).isEqualTo("._-");
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    Transformer t = registry.create(TransformerContext.builder(rule.transformer()).field(rule.field())
        .linkageDomain(rule.linkageDomain()).parameters(p).masterKey(KEY).registry(registry).build());
    assertThat(t).isInstanceOf(ReversibleTransformer.class);
    return (ReversibleTransformer) t;
  }

  private static String field(String jsonLine, String name) {
    int i = jsonLine.indexOf("\"" + name + "\":\"");
    assertThat(i).as("field %s in %s", name, jsonLine).isNotNegative();
    i += name.length() + 4;
    return jsonLine.substring(i, jsonLine.indexOf('"', i));
  }
}
