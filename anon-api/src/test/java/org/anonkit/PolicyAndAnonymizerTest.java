package org.anonkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.junit.jupiter.api.Test;

class PolicyAndAnonymizerTest {
  private static final MasterKey KEY = MasterKey.of("k1",
      SecretBytes.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", SecretAccess.get()));

  private static Policy policy() {
    return Policy.builder()
        .name("t")
        .rule(FieldRule.transform("Owner", "test-mac").linkageDomain("user").build())
        .rule(FieldRule.transform("AcctGroupUser", "test-mac").linkageDomain("user").build())
        .rule(FieldRule.transform("RemoteHost", "test-mac").onFailure(OnFailure.REDACT).build())
        .keep("JobStatus")
        .drop("Environment")
        .build();
  }

  @Test
  void rule_matchesFieldNamesCaseInsensitively() {
    Policy p = policy();
    assertThat(p.rule("OWNER").transformer()).isEqualTo("test-mac");
    assertThat(p.rule("jobstatus").action()).isEqualTo(FieldRule.Action.KEEP);
    assertThat(p.names("environment")).isTrue();
  }

  @Test
  void unlistedField_followsFailClosedDefault() {
    Policy p = policy();
    assertThat(p.rule("HoldReason").action()).isEqualTo(FieldRule.Action.DROP);
    assertThatThrownBy(() -> Policy.builder().defaultRule(FieldRule.keep("*")))
        .isInstanceOf(PolicyException.class).hasMessageContaining("fail-closed");
  }

  @Test
  void builder_duplicateFieldInAnotherCase_isRejected() {
    assertThatThrownBy(() -> Policy.builder().keep("Owner").drop("owner"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("case-insensitive");
  }

  @Test
  void fieldsInOneLinkageDomain_shareTokens_othersDoNot() {
    Anonymizer a = Anonymizer.compile(policy(), KEY, TestProviders.registry());
    String owner = a.plan("Owner").transform("Owner", 1, "jdoe");
    assertThat(a.plan("acctgroupuser").transform("AcctGroupUser", 1, "jdoe")).isEqualTo(owner);
    assertThat(a.plan("RemoteHost").transform("RemoteHost", 1, "jdoe")).isNotEqualTo(owner);
    assertThat(a.keyId()).isEqualTo("k1");
  }

  @Test
  void transform_rejectedValue_namesFieldAndRowButNotValue() {
    Anonymizer a = Anonymizer.compile(policy(), KEY, TestProviders.registry());
    assertThatThrownBy(() -> a.plan("Owner").transform("Owner", 42, "secret!user"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("field 'Owner', row 42: ")
        .hasMessageNotContaining("secret")
        .satisfies(e -> assertThat(((InvalidInputException) e).row()).isEqualTo(42));
  }

  @Test
  void compile_unknownTransformer_namesPathAndAvailable() {
    Policy p = Policy.builder().rule(FieldRule.transform("Owner", "nope").path("$.fields.Owner").build()).build();
    assertThatThrownBy(() -> Anonymizer.compile(p, KEY, TestProviders.registry()))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("$.fields.Owner")
        .hasMessageContaining("test-mac");
  }

  @Test
  void compile_keyedTransformerWithoutKey_failsClearly() {
    assertThatThrownBy(() -> Anonymizer.compile(policy(), null, TestProviders.registry()))
        .isInstanceOf(KeyException.class).hasMessageContaining("needs a key");
  }

  @Test
  void compile_invalidParameter_namesItsPath() {
    Policy p = Policy.builder().rule(FieldRule.transform("Owner", "test-mac")
        .parameters(Parameters.builder("$.fields.Owner.params").put("length", 3).build()).build()).build();
    assertThatThrownBy(() -> Anonymizer.compile(p, KEY, TestProviders.registry()))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.fields.Owner.params.length")
        .hasMessageContaining("[8, 64]");
    Policy q = Policy.builder().rule(FieldRule.transform("Owner", "test-mac")
        .parameters(Parameters.builder("$.fields.Owner.params").put("lenght", 3).build()).build()).build();
    assertThatThrownBy(() -> Anonymizer.compile(q, KEY, TestProviders.registry()))
        .hasMessageContaining("unknown parameter").hasMessageContaining("lenght");
  }

  @Test
  void parameters_typedGetters_reportPathAndRule() {
    Parameters p = Parameters.builder("$.x").put("s", "a").put("n", 5).put("l", List.of("a", "b")).build();
    assertThat(p.getString("s", null)).isEqualTo("a");
    assertThat(p.getStringList("l")).containsExactly("a", "b");
    assertThatThrownBy(() -> p.getInt("s", 0, 0, 10)).hasMessageContaining("$.x.s");
    assertThatThrownBy(() -> p.getChoice("s", "b", "hex", "base32")).hasMessageContaining("[hex, base32]");
    assertThat(p.toString()).isEqualTo("Parameters[s, n, l]");
  }

  @Test
  void parametersBuilder_putFrom_copiesEachKindAsItIs_andRefusesMissingOrDuplicate() {
    Parameters nested = Parameters.builder("$.x.o").put("k", true).build();
    Parameters from = Parameters.builder("$.x").put("s", "a").put("n", 5).put("d", 0.5).put("b", false)
        .put("o", nested).put("l", List.of(List.of(1L, 2L), "c")).build();
    Parameters.Builder b = Parameters.builder("$.y");
    for (String name : from.names()) {
      b.putFrom(from, name);
    }
    Parameters copy = b.build();
    assertThat(copy).isEqualTo(from);
    assertThat(copy.path()).isEqualTo("$.y");
    assertThatThrownBy(() -> Parameters.builder("$.y").putFrom(from, "missing"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.x");
    assertThatThrownBy(() -> Parameters.builder("$.y").put("s", "z").putFrom(from, "s"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.y.s");
  }
}
