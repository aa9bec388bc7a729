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

  /**
   * The canonical text: one for every spelling of a definition (a preset and its expression, field-name
   * case, white space, number spellings, string case, operand order, parentheses, repeats, double
   * negation), another for another definition.
   */
  @Test
  void canonical_oneTextPerDefinition() {
    String exit = FailureDefinition.of("exit").canonical();
    assertThat(exit).isEqualTo("exitbysignal == \"true\" || exitcode != 0");
    for (String same : new String[] {"EXIT", FailureDefinition.EXIT, "exitbysignal==TRUE||exitcode!=0.0",
        "(ExitBySignal == \"True\") || !!(ExitCode != -0) || ExitCode != 0e3", "ExitBySignal in (true) || ExitCode != \"0\""}) {
      assertThat(FailureDefinition.of(same).canonical()).as(same).isEqualTo(exit);
    }
    assertThat(FailureDefinition.of("status").canonical()).isEqualTo("jobstatus in (3, 5)")
        .isEqualTo(FailureDefinition.of("JobStatus in (5, 3)").canonical());
    // review 47: runs that collapse, double negations round runs, == runs and in lists, read to a fixed point
    String abc = FailureDefinition.of("A == 1 || B == 2 || C == 3").canonical();
    assertThat(abc).isEqualTo("a == 1 || b == 2 || c == 3");
    for (String same : new String[] {"!!(A == 1 || B == 2) || C == 3", "(A == 1 || B == 2) && (B == 2 || A == 1) || C == 3",
        "((A == 1 || B == 2) || (B == 2 || A == 1)) || !!!!(C == 3)", "C in (3) || !(!(A == 1 || B == 2))"}) {
      assertThat(FailureDefinition.of(same).canonical()).as(same).isEqualTo(abc);
    }
    assertThat(FailureDefinition.of("a == 1 || a == 2 || b > 0").canonical())
        .isEqualTo(FailureDefinition.of("b > 0 || a in (2, 1)").canonical()).isEqualTo("a in (1, 2) || b > 0");
    // not folded: != runs and in lists differ where the field is absent; && runs are no in lists
    assertThat(FailureDefinition.of("a != 1 && a != 2").canonical()).isNotEqualTo(FailureDefinition.of("!(a in (1, 2))")
        .canonical());
    assertThat(FailureDefinition.of("a == 1 && a == 2").canonical()).isEqualTo("a == 1 && a == 2");
    assertThat(FailureDefinition.of("fifemon").canonical()).isEqualTo("numjobcompletions == 0 && numjobstarts > 0");
    assertThat(FailureDefinition.of("(A == 0 || b == 1) && c in (3, 1, 3.0) || !(d == 2 && !defined(e))").canonical())
        .isEqualTo("!(!defined(e) && d == 2) || ((a == 0 || b == 1) && c in (1, 3))");
    assertThat(FailureDefinition.of("x == 100").canonical()).isEqualTo(FailureDefinition.of("X == 1e2").canonical())
        .isEqualTo("x == 1E+2");
    // other definitions, other texts
    assertThat(FailureDefinition.of("ExitCode != 1").canonical()).isNotEqualTo(FailureDefinition.of("ExitCode != 0")
        .canonical());
    assertThat(FailureDefinition.of("ExitCode != 0").canonical()).isNotEqualTo(exit);
    assertThat(FailureDefinition.of("Site == \"Fermi Grid\"").canonical()).isEqualTo("site == \"fermi grid\"");
  }

  /**
   * On 4,000 random definitions (a thousand of them one level deeper): two random spellings of each give one canonical text; the canonical text is
   * itself a definition, with the same canonical text, that fails the same records as the original (checked on
   * every record over three fields with values 0, 1, 2, x, X, true or none).
   */
  @Test
  void canonical_sameTextForRespellings_andTheSameVerdicts() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(46);
    String[] values = {null, "0", "1", "2", "x", "X", "true", "1.0"};
    List<Function<String, String>> records = new java.util.ArrayList<>();
    for (String a : values) {
      for (String b : values) {
        for (String c : values) {
          Map<String, String> m = new HashMap<>();
          m.put("a", a);
          m.put("b", b);
          m.put("c", c);
          records.add(m::get);
        }
      }
    }
    for (int n = 0; n < 4_000; n++) {
      Tree t = Tree.random(r, n < 3_000 ? 3 : 4);
      FailureDefinition one = FailureDefinition.of(t.spell(r));
      FailureDefinition two = FailureDefinition.of(t.spell(r));
      assertThat(two.canonical()).as(one.expression() + " / " + two.expression()).isEqualTo(one.canonical());
      FailureDefinition canonical = FailureDefinition.of(one.canonical());
      assertThat(canonical.canonical()).as(one.expression()).isEqualTo(one.canonical());
      for (Function<String, String> rec : records) {
        assertThat(canonical.failed(rec)).as(one.expression()).isEqualTo(one.failed(rec));
        assertThat(two.failed(rec)).as(two.expression()).isEqualTo(one.failed(rec));
      }
    }
  }

  /** A random expression over fields a, b and c, spelled in random ways that all mean it. */
  private record Tree(String kind, String field, String op, List<Integer> literals, List<Tree> operands) {
    private static final String[] OPS = {"==", "!=", "<", "<=", ">", ">="};
    /** Literal i's spellings: 0, 1, 2 as numbers, x, true. */
    private static final String[][] SPELLINGS = {{"0", "0.0", "-0", "\"0\"", "0e5"}, {"1", "1.0", "+1", "1e0", "\"1\""},
        {"2", "2.00", "0.2e1", "\"2\""}, {"x", "X", "\"x\"", "\"X\""}, {"true", "TRUE", "\"True\""}};

    static Tree random(java.util.SplittableRandom r, int depth) {
      String field = String.valueOf("abc".charAt(r.nextInt(3)));
      int kind = depth == 0 ? r.nextInt(3) : r.nextInt(6);
      switch (kind) {
        case 0:
          return new Tree("cmp", field, OPS[r.nextInt(OPS.length)], List.of(r.nextInt(SPELLINGS.length)), List.of());
        case 1: {
          List<Integer> lits = new java.util.ArrayList<>();
          for (int i = 1 + r.nextInt(3); i > 0; i--) {
            lits.add(r.nextInt(SPELLINGS.length));
          }
          return new Tree("in", field, "in", lits, List.of());
        }
        case 2:
          return new Tree("defined", field, null, List.of(), List.of());
        case 3:
          return new Tree("!", null, null, List.of(), List.of(random(r, depth - 1)));
        default: {
          List<Tree> ops = new java.util.ArrayList<>();
          for (int i = 2 + r.nextInt(2); i > 0; i--) {
            ops.add(random(r, depth - 1));
          }
          return new Tree(kind == 4 ? "||" : "&&", null, null, List.of(), ops);
        }
      }
    }

    String spell(java.util.SplittableRandom r) {
      String sp = r.nextBoolean() ? " " : "";
      String f = field == null ? null : r.nextBoolean() ? field : field.toUpperCase(Locale.ROOT);
      switch (kind) {
        case "cmp":
          return f + sp + op + sp + lit(r, literals.get(0));
        case "in": {
          List<String> lits = new java.util.ArrayList<>();
          for (int l : literals) {
            lits.add(lit(r, l));
          }
          java.util.Collections.shuffle(lits, new java.util.Random(r.nextLong()));
          if (r.nextInt(3) == 0) { // the same as a run of ==, in parentheses (review 47)
            List<String> eq = new java.util.ArrayList<>();
            for (String lit : lits) {
              eq.add(f + sp + "==" + sp + lit);
            }
            return "(" + String.join(sp + "||" + sp, eq) + ")";
          }
          return f + " in" + sp + "(" + String.join("," + sp, lits) + ")";
        }
        case "defined":
          return (r.nextBoolean() ? "defined" : "DEFINED") + "(" + f + ")";
        case "!": {
          String inner = "(" + operands.get(0).spell(r) + ")";
          return r.nextInt(4) == 0 ? "!(!(!" + inner + "))" : "!" + inner; // a double negation more now and then
        }
        default: {
          List<String> parts = new java.util.ArrayList<>();
          for (Tree t : operands) {
            // now and then an operand as a run that collapses to it, spelled twice (review 47)
            parts.add(r.nextInt(5) == 0 ? "((" + t.spell(r) + ")" + sp + (r.nextBoolean() ? "&&" : "||") + sp + "("
                + t.spell(r) + "))" : "(" + t.spell(r) + ")");
          }
          if (r.nextInt(4) == 0) {
            parts.add(parts.get(0)); // a repeat
          }
          java.util.Collections.shuffle(parts, new java.util.Random(r.nextLong())); // evaluation has no side effects
          String run = String.join(sp + kind + sp, parts);
          return r.nextInt(5) == 0 ? "!!(" + run + ")" : run; // a double negation round a run (review 47)
        }
      }
    }

    private static String lit(java.util.SplittableRandom r, int l) {
      return SPELLINGS[l][r.nextInt(SPELLINGS[l].length)];
    }
  }
}
