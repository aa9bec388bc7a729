package org.anonkit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import org.anonkit.config.PolicyJson;
import org.junit.jupiter.api.Test;

/** The snapshot is the policy's canonical JSON: a cache key that ignores paths only, and fails closed. */
class PolicySnapshotTest {

  private static Policy policy(Parameters params, String... keepFirst) {
    return Policy.builder().name("snap").keep(keepFirst)
        .rule(FieldRule.transform("Owner", "hmac").parameters(params).linkageDomain("user")
            .onFailure(OnFailure.REDACT).build())
        .drop("Env")
        .extension("vectors", Parameters.builder().put("fields", Parameters.builder().put("Owner", "categorical")
            .put("ExitCode", "numeric").build()).build())
        .build();
  }

  @Test
  void snapshot_serialized_readsBackTheSamePolicy() throws IOException, ClassNotFoundException {
    Policy p = policy(Parameters.builder().put("length", 16).put("ratio", 0.25).put("l", List.of(1L, 2.5, "x")).build(),
        "JobStatus");
    PolicySnapshot s = PolicySnapshot.of(p);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    PolicySnapshot back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (PolicySnapshot) in.readObject();
    }
    assertThat(back).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(back.name()).isEqualTo("snap");
    Policy q = back.toPolicy();
    assertThat(PolicyJson.write(q)).isEqualTo(PolicyJson.write(p));
    assertThat(q.rule("owner").parameters()).isEqualTo(p.rule("owner").parameters());
    assertThat(q.rules()).extracting(FieldRule::field).containsExactly("JobStatus", "Owner", "Env");
    assertThat(q.extension("vectors").getParameters("fields").names()).containsExactly("Owner", "ExitCode");
  }

  /** Built in code (paths "$") or read from its file: one snapshot, one cache entry. */
  @Test
  void snapshot_ignoresPathsOnly() {
    Policy inCode = policy(Parameters.builder().put("length", 16).build(), "JobStatus");
    Policy fromFile = PolicyJson.parse(PolicyJson.write(inCode));
    assertThat(fromFile.rule("Owner").path()).isEqualTo("$.fields.Owner");
    assertThat(PolicySnapshot.of(fromFile)).isEqualTo(PolicySnapshot.of(inCode))
        .hasSameHashCodeAs(PolicySnapshot.of(inCode));

    PolicySnapshot s = PolicySnapshot.of(inCode);
    assertThat(PolicySnapshot.of(policy(Parameters.builder().put("length", 17).build(), "JobStatus"))).isNotEqualTo(s);
    assertThat(PolicySnapshot.of(policy(Parameters.builder().put("length", 16.0).build(), "JobStatus"))).isNotEqualTo(s);
    assertThat(PolicySnapshot.of(policy(Parameters.builder().put("length", 16).build(), "jobstatus"))).isNotEqualTo(s);
    assertThat(PolicySnapshot.of(policy(Parameters.builder().put("length", 16).build()))).isNotEqualTo(s);
  }

  @Test
  void snapshot_ofAPolicyNoFileCanHold_isRefusedNamingThePath() {
    Policy nan = policy(Parameters.builder().put("ratio", Double.NaN).build());
    assertThatThrownBy(() -> PolicySnapshot.of(nan)).isInstanceOf(PolicyException.class)
        .satisfies(e -> assertThat(((PolicyException) e).path()).isEqualTo("$.fields.Owner.params.ratio"));
    Policy otherDefault = Policy.builder().defaultRule(FieldRule.transform("rest", "scrub-text").build()).build();
    assertThatThrownBy(() -> PolicySnapshot.of(otherDefault)).isInstanceOf(PolicyException.class)
        .hasMessageContaining("$.default");
  }

  @Test
  void toString_namesThePolicyNotItsContent() {
    Policy p = policy(Parameters.builder().put("prefix", "Zq9xDistinctive").build());
    assertThat(PolicySnapshot.of(p).toString()).contains("snap").doesNotContain("Zq9xDistinctive").doesNotContain("Owner");
  }
}
