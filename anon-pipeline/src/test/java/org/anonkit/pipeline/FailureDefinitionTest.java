package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.anonkit.PolicyException;
import org.junit.jupiter.api.Test;

class FailureDefinitionTest {
  private static Function<String, String> rec(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i].toLowerCase(Locale.ROOT), kv[i + 1]);
    }
    return m::get;
  }

  @Test
  void presets_matchTheirDocumentedMeaning() {
    FailureDefinition exit = FailureDefinition.of("exit");
    assertThat(exit.failed(rec("ExitCode", "1"))).isTrue();
    assertThat(exit.failed(rec("ExitCode", "0", "ExitBySignal", "false"))).isFalse();
    assertThat(exit.failed(rec("ExitBySignal", "true"))).isTrue();
    assertThat(exit.failed(rec("JobStatus", "5"))).as("no exit code: undefined, not failed").isFalse();
    FailureDefinition status = FailureDefinition.of("STATUS");
    assertThat(status.name()).isEqualTo("status");
    assertThat(status.failed(rec("JobStatus", "5"))).isTrue();
    assertThat(status.failed(rec("JobStatus", "3"))).isTrue();
    assertThat(status.failed(rec("JobStatus", "4"))).isFalse();
    FailureDefinition fife = FailureDefinition.of("fifemon");
    assertThat(fife.failed(rec("NumJobStarts", "2", "NumJobCompletions", "0"))).isTrue();
    assertThat(fife.failed(rec("NumJobStarts", "0", "NumJobCompletions", "0"))).isFalse();
    assertThat(fife.failed(rec("NumJobStarts", "1", "NumJobCompletions", "1"))).isFalse();
  }

  @Test
  void custom_expressions_inNotDefinedParenthesesStrings() {
    FailureDefinition d = FailureDefinition.of("(HoldReasonCode in (12, 13, 34) || !(ExitCode == 0)) && defined(Owner)");
    assertThat(d.name()).isEqualTo("custom");
    assertThat(d.fields()).contains("holdreasoncode", "exitcode", "owner");
    assertThat(d.failed(rec("HoldReasonCode", "34", "Owner", "a"))).isTrue();
    assertThat(d.failed(rec("HoldReasonCode", "34"))).isFalse();
    assertThat(d.failed(rec("ExitCode", "2", "Owner", "a"))).isTrue();
    assertThat(FailureDefinition.of("Site == \"FermiGrid\"").failed(rec("Site", "fermigrid"))).isTrue();
    assertThat(FailureDefinition.of("RemoteWallClockTime >= 3600.5").failed(rec("RemoteWallClockTime", "3601.0"))).isTrue();
    assertThat(FailureDefinition.of("Site < 3").failed(rec("Site", "abc"))).as("text is not ordered").isFalse();
  }

  @Test
  void malformedExpression_rejectedWithPositionNotValue() {
    assertThatThrownBy(() -> FailureDefinition.of("ExitCode !! 0")).isInstanceOf(PolicyException.class)
        .hasMessageContaining("position");
    assertThatThrownBy(() -> FailureDefinition.of("(ExitCode == 1")).isInstanceOf(PolicyException.class);
    assertThatThrownBy(() -> FailureDefinition.of("ExitCode == \"open")).isInstanceOf(PolicyException.class);
  }

  @Test
  void statistics_fractionsAndOrderAndRelabel() throws Exception {
    FailureStatistics s = FailureStatistics.of(FailureDefinition.of("exit"), List.of(
        e("b", true), e("a", true), e("a", false), e("b", true), e("c", false), e(null, true)));
    assertThat(s.rows()).isEqualTo(6);
    assertThat(s.fails()).isEqualTo(4);
    assertThat(s.entries()).extracting(FailureStatistics.Entry::user).containsExactly("b", "(none)", "a", "c");
    java.io.StringWriter w = new java.io.StringWriter();
    s.writeCsv(w);
    assertThat(w.toString()).startsWith(FailureStatistics.CSV_HEADER + "\n")
        .contains("b,2,2,1.000000,0.333333\n").contains("a,1,2,0.500000,0.166667\n").contains("c,0,1,0.000000,0.000000\n");
    FailureStatistics clear = s.relabel(Map.of("a", "alice", "b", "bob")::get);
    assertThat(clear.entries()).extracting(FailureStatistics.Entry::user).containsExactly("bob", "(none)", "alice", "c");
    java.io.StringWriter j = new java.io.StringWriter();
    s.writeJson(j);
    assertThat(j.toString()).contains("\"rows\": 6").contains("\"user\": \"b\", \"fails\": 2, \"total\": 2");
    assertThat(s.table(2)).contains("TOTAL").contains("2 more users");
  }

  private static Map.Entry<String, Boolean> e(String u, boolean f) {
    return new AbstractMap.SimpleImmutableEntry<>(u, f);
  }

  @Test
  void numbers_compareExactly_notAsJavaDoubles() {
    FailureDefinition exit = FailureDefinition.of("exit");
    // Double.parseDouble reads Java's float suffixes and hex: "0d" would be exit code 0, not failed
    for (String notANumber : new String[] {"0d", "0f", "0D", "0x0p0", " 0", "0 "}) {
      assertThat(exit.failed(rec("ExitCode", notANumber))).as(notANumber).isTrue();
    }
    assertThat(exit.failed(rec("ExitCode", "-0"))).isFalse();
    assertThat(exit.failed(rec("ExitCode", "0.0"))).isFalse();
    assertThat(exit.failed(rec("ExitCode", "0e5"))).isFalse();
    assertThat(exit.failed(rec("ExitCode", "-1"))).isTrue();
    assertThat(exit.failed(rec("ExitCode", "99999999999999999999999999"))).isTrue();
    // beyond 2^53 a double cannot tell these apart
    FailureDefinition big = FailureDefinition.of("ClusterId == 9007199254740993");
    assertThat(big.failed(rec("ClusterId", "9007199254740992"))).isFalse();
    assertThat(big.failed(rec("ClusterId", "9007199254740993"))).isTrue();
    assertThat(FailureDefinition.of("JobId > 123456789012345678901").failed(rec("JobId", "123456789012345678902")))
        .isTrue();
    assertThat(FailureDefinition.of("X == 1e400").failed(rec("X", "10e399"))).isTrue();
    assertThat(FailureDefinition.of("X < 1").failed(rec("X", "1e-400"))).isTrue();
  }

  @Test
  void expression_literalsOfAnonymizedFields_redactedForSharing() {
    FailureDefinition d = FailureDefinition.of("ExitCode != 0 && Owner != \"produser\" && Uid in (5123, 6000)");
    assertThat(d.expression(f -> f.equals("exitcode")))
        .isEqualTo("ExitCode != 0 && Owner != \"[redacted]\" && Uid in (\"[redacted]\", \"[redacted]\")");
    assertThat(d.expression(f -> true)).isEqualTo(d.expression());
    assertThat(d.toString()).doesNotContain("produser").doesNotContain("5123");
    assertThat(FailureDefinition.of("exit").expression(f -> false))
        .isEqualTo("ExitCode != \"[redacted]\" || ExitBySignal == \"[redacted]\"");
  }
}
