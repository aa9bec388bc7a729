package org.anonkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.PolicyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PolicyJson#write}: parse(write(p)) is p, write is a fixed point, and what a policy file cannot hold
 * is refused. Policies are compared with {@link #describe}, written here independently of the writer: every
 * part of a policy (rule and parameter order, value types, double bits) except the JSON paths.
 */
class PolicyJsonWriteTest {

  // ---------------------------------------------------------------- shipped policies

  static Stream<Path> shippedPolicies() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("..", "examples", "policies"))) {
      s.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    files.add(Path.of("..", "anon-pipeline", "src", "main", "resources", "org", "anonkit", "pipeline", "policies",
        "htcondor.json"));
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("shippedPolicies")
  void write_shippedPolicy_readsBackTheSamePolicy_andIsAFixedPoint(Path file) {
    Policy original = PolicyJson.read(file);
    String text = PolicyJson.write(original);
    Policy back = PolicyJson.parse(text);
    assertSamePolicy(back, original);
    assertThat(PolicyJson.write(back)).isEqualTo(text);
    for (String line : text.split("\n")) { // the layout's width (no single value is longer in these files)
      assertThat(line.length()).as(line).isLessThanOrEqualTo(PolicyWriter.WIDTH);
    }
  }

  /** The shipped policy keeps its file's shape: leading kept and dropped fields as lists, ClaimId under fields. */
  @Test
  void write_htcondor_keepsTheFilesShape() {
    Policy original = PolicyJson.read(Path.of("..", "examples", "policies", "htcondor.json"));
    String text = PolicyJson.write(original);
    assertThat(text).startsWith("{\n  \"name\": \"htcondor\",\n  \"version\": 1,\n  \"redaction\": \"[redacted]\",\n"
        + "  \"default\": {\"transformer\": \"scrub-text\", \"onFailure\": \"redact\"},\n  \"keep\": [\n");
    assertThat(text).contains("\n    \"ClaimId\": \"drop\",\n");
    assertThat(text).contains("\n  \"keepCheck\": {\"values\": \"scalars\"},\n");
    assertThat(text).contains("\"request_cpus\": [[2, 4, 8], [4]]");
    assertThat(text).contains("\"dp\": {\"epsilon\": 1.0, \"maxJobsPerUser\": 50}");
    assertThat(original.rules().get(0).field()).isEqualTo("ClusterId");
  }

  /** README's and the package Javadoc's example, as written there. */
  @Test
  void write_readmeExample(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Policy built = Policy.builder().name("mine").keep("JobStatus")
        .rule(FieldRule.transform("Owner", "hmac").linkageDomain("user").build()).build();
    Files.writeString(dir.resolve("mine.json"), PolicyJson.write(built)); // PolicyJson.read gives it back
    assertSamePolicy(PolicyJson.read(dir.resolve("mine.json")), built);
    assertThat(Files.readString(dir.resolve("mine.json"))).isEqualTo("""
        {
          "name": "mine",
          "version": 1,
          "redaction": "[redacted]",
          "default": "drop",
          "keep": ["JobStatus"],
          "fields": {
            "Owner": {"transformer": "hmac", "onFailure": "fail", "domain": "user"}
          }
        }
        """);
  }

  // ---------------------------------------------------------------- the layout, pinned

  @Test
  void write_emptyPolicyBuiltInCode() {
    assertThat(PolicyJson.write(Policy.builder().build())).isEqualTo("""
        {
          "name": "unnamed",
          "version": 1,
          "redaction": "[redacted]",
          "default": "drop",
          "fields": {}
        }
        """);
  }

  /**
   * Every choice of the layout, pinned: rules interleaved (only the leading runs become keep and drop),
   * rule keys in their order whatever the builder's, a rule broken when too long, filled lists, nested
   * lists, escapes, non-ASCII, numbers, empty objects and lists.
   */
  @Test
  void write_layout_isPinned() {
    List<Object> many = new ArrayList<>();
    for (long i = 0; i < 40; i++) {
      many.add(i * 1000);
    }
    Policy p = Policy.builder().name("t\u00e9st \"q\" \\ \t\n\u0001 \ud83d\ude00")
        .redactionMarker("<x>")
        .keep("A", "B")
        .drop("C")
        .rule(FieldRule.transform("Owner", "hmac").linkageDomain("user").onFailure(OnFailure.REDACT)
            .parameters(Parameters.builder().put("length", 16).put("ratio", 0.5).put("big", 1e21)
                .put("small", -2.5e-7).put("flag", false).build()).build())
        .keep("D")
        .rule(FieldRule.transform("Long", "scrub-text").parameters(Parameters.builder()
            .put("publicNamespaces", List.of("library", "opensciencegrid", "fermilab", "one-more-namespace"))
            .put("x", Parameters.empty()).put("y", List.of()).build()).build())
        .drop("E")
        .defaultRule(FieldRule.transform("*", "scrub-text").onFailure(OnFailure.REDACT).build())
        .extension("numbers", Parameters.builder().put("many", many).put("cuts", List.of(List.of(2L, 4L), List.of(4L)))
            .put("min", Long.MIN_VALUE).put("negZero", -0.0).put("one", 1.0).build())
        .extension("empty", Parameters.empty())
        .build();
    assertThat(PolicyJson.write(p)).isEqualTo("""
        {
          "name": "t\u00e9st \\"q\\" \\\\ \\t\\n\\u0001 \ud83d\ude00",
          "version": 1,
          "redaction": "<x>",
          "default": {"transformer": "scrub-text", "onFailure": "redact"},
          "keep": ["A", "B"],
          "drop": ["C"],
          "fields": {
            "Owner": {
              "transformer": "hmac",
              "params": {"length": 16, "ratio": 0.5, "big": 1.0E21, "small": -2.5E-7, "flag": false},
              "onFailure": "redact",
              "domain": "user"
            },
            "D": "keep",
            "Long": {
              "transformer": "scrub-text",
              "params": {
                "publicNamespaces": ["library", "opensciencegrid", "fermilab", "one-more-namespace"],
                "x": {},
                "y": []
              },
              "onFailure": "fail"
            },
            "E": "drop"
          },
          "numbers": {
            "many": [
              0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000, 13000, 14000, 15000,
              16000, 17000, 18000, 19000, 20000, 21000, 22000, 23000, 24000, 25000, 26000, 27000, 28000, 29000, 30000,
              31000, 32000, 33000, 34000, 35000, 36000, 37000, 38000, 39000
            ],
            "cuts": [[2, 4], [4]],
            "min": -9223372036854775808,
            "negZero": -0.0,
            "one": 1.0
          },
          "empty": {}
        }
        """);
    assertSamePolicy(PolicyJson.parse(PolicyJson.write(p)), p);
  }

  // ---------------------------------------------------------------- numbers

  @Test
  void number_knownValues() {
    String[][] cases = {
        {"1.0", "1.0"}, {"0.05", "0.05"}, {"100.0", "100.0"}, {"123.456", "123.456"}, {"9999999.0", "9999999.0"},
        {"1.0E7", "1.0E7"}, {"0.001", "0.001"}, {"9.99E-4", "9.99E-4"}, {"0.30000000000000004", "0.30000000000000004"},
        {"-1.5", "-1.5"}, {"1.0E23", "1.0E23"}, {"2.0E-3", "0.002"}, {"1.7976931348623157E308", "1.7976931348623157E308"},
        {"4.9E-324", "5.0E-324"}, {"2.2250738585072014E-308", "2.2250738585072014E-308"}, {"1234567.0", "1234567.0"},
        {"12345678.0", "1.2345678E7"},
    };
    for (String[] c : cases) {
      assertThat(PolicyWriter.number(Double.parseDouble(c[0]))).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(PolicyWriter.number(-0.0)).isEqualTo("-0.0");
    assertThat(PolicyWriter.number(0.0)).isEqualTo("0.0");
  }

  /**
   * Random doubles of every magnitude (random bits) and short decimals: each reads back with the same bits,
   * through Double.parseDouble and through the policy reader, with a point, and with no more significant
   * digits than Double.toString gives.
   */
  @Test
  void number_randomDoubles_readBackBitForBit_andAreNoLongerThanToString() {
    Random r = new Random(20261127L);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      double d = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong())
          : (r.nextInt(2_000_001) - 1_000_000) / Math.pow(10, r.nextInt(12));
      if (!Double.isFinite(d)) {
        continue;
      }
      String s = PolicyWriter.number(d);
      if (Double.doubleToRawLongBits(Double.parseDouble(s)) != Double.doubleToRawLongBits(d) || s.indexOf('.') < 0
          || significantDigits(s) > significantDigits(Double.toString(d))) {
        throw new AssertionError(s + " written for " + Double.toString(d));
      }
      values.add(d);
    }
    assertThat(values).hasSizeGreaterThan(49_000);
    Policy p = Policy.builder().extension("x", Parameters.builder().put("values", values).build()).build();
    assertThat(PolicyJson.parse(PolicyJson.write(p)).extension("x").get("values")).isEqualTo(values);
  }

  private static int significantDigits(String s) {
    String m = s.replaceFirst("^-", "").replaceFirst("E.*$", "").replace(".", "");
    return Math.max(1, m.replaceFirst("^0+", "").replaceFirst("0+$", "").length());
  }

  // ---------------------------------------------------------------- strings

  @Test
  void write_everyControlCharacter_nonAscii_andUnpairedSurrogates_roundTrip() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    all.append("\u00e9\u65e5\u672c\u2028\u2029\ufeff\uffff\ud83d\ude00");
    String lone = "a\ud800b\udc00c\ude00\ud83d"; // a high alone, two lows alone, a high at the end
    String name = all.toString();
    Policy p = Policy.builder().name(name).redactionMarker(lone)
        .keep(lone) // a string in "keep": unpaired surrogates are read back there, not in keys
        .extension("", Parameters.builder().put("", "").build()) // empty keys and values
        .rule(FieldRule.transform(name, lone).linkageDomain(lone)
            .parameters(Parameters.builder().put(name, lone).put("list", List.of(name, lone)).build()).build())
        .extension(name, Parameters.builder().put("x", name).build())
        .build();
    String text = PolicyJson.write(p);
    assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(text)).isTrue();
    assertThat(text).contains("\\u0000", "\\u001f", "\\b", "\\f", "\\n", "\\r", "\\t", "\\\"", "\\\\",
        "\u00e9\u65e5\u672c", "\ud83d\ude00", "a\\ud800b\\udc00c\\ude00\\ud83d\"");
    assertThat(text).doesNotContain("\\u007f").contains("\u007f");
    Policy back = PolicyJson.parse(text);
    assertSamePolicy(back, p);
    assertThat(PolicyJson.write(back)).isEqualTo(text);
    // through bytes, as a file is
    assertSamePolicy(PolicyJson.read(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))), p);
  }

  /** The reader cannot read an escaped unpaired surrogate in a key: refused, the parent's path named. */
  @Test
  void write_unpairedSurrogateInAKey_isRefused() {
    for (String lone : new String[] {"\ud800", "x\udc00", "\ud83d\ude00\ude00", "\ud83dx"}) {
      assertRefused(Policy.builder().keep("A").rule(FieldRule.transform(lone, "hmac").build()).build(), "$.fields",
          "unpaired surrogate");
      assertRefused(Policy.builder().drop("A").keep(lone).build(), "$.fields", "unpaired surrogate");
      assertRefused(Policy.builder().extension(lone, Parameters.empty()).build(), "$", "unpaired surrogate");
      assertRefused(Policy.builder().extension("x", Parameters.builder().put("p", Parameters.builder()
          .put(lone, 1).build()).build()).build(), "$.x.p", "unpaired surrogate");
      // as a string it is fine: in the leading "keep" run, and as a value
      Policy asString = Policy.builder().keep(lone).extension("x", Parameters.builder().put("v", lone).build()).build();
      assertSamePolicy(PolicyJson.parse(PolicyJson.write(asString)), asString);
    }
  }

  // ---------------------------------------------------------------- random policies

  /**
   * Seeded random policies built with the builders: rules of every action interleaved, every onFailure,
   * domains or none, parameters of every type nested in objects and lists, odd strings everywhere, sections.
   */
  @Test
  void write_randomPolicies_roundTripExactly() {
    Random r = new Random(0x5eed_b0b);
    Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
    for (int i = 0; i < 3000; i++) {
      Policy p = randomPolicy(r, seen);
      String text = PolicyJson.write(p);
      Policy back = PolicyJson.parse(text);
      assertSamePolicy(back, p);
      assertThat(PolicyJson.write(back)).isEqualTo(text);
    }
    for (Kind k : Kind.values()) { // the generator reached every kind of value, often
      assertThat(seen.getOrDefault(k, 0)).as(k.toString()).isGreaterThan(500);
    }
  }

  enum Kind { STRING, LONG, DOUBLE, BOOLEAN, LIST, OBJECT, KEEP, DROP, TRANSFORM, DOMAIN, SECTION, TRANSFORM_DEFAULT }

  private static Policy randomPolicy(Random r, Map<Kind, Integer> seen) {
    Policy.Builder b = Policy.builder();
    if (r.nextBoolean()) {
      b.name(randomString(r));
    }
    if (r.nextBoolean()) {
      b.redactionMarker(randomString(r));
    }
    Set<String> fields = new HashSet<>();
    int n = r.nextInt(10);
    for (int i = 0; i < n; i++) {
      String field = randomKey(r);
      if (field.isEmpty() || !fields.add(field.toLowerCase(Locale.ROOT))) {
        continue;
      }
      int action = r.nextInt(3);
      if (action == 0) {
        b.keep(field);
        count(seen, Kind.KEEP);
      } else if (action == 1) {
        b.drop(field);
        count(seen, Kind.DROP);
      } else {
        b.rule(randomTransform(r, field, seen));
        count(seen, Kind.TRANSFORM);
      }
    }
    if (r.nextBoolean()) {
      b.defaultRule(randomTransform(r, "*", seen));
      count(seen, Kind.TRANSFORM_DEFAULT);
    }
    Set<String> sections = new HashSet<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      String s = r.nextInt(4) == 0 ? List.of("vectors", "modes", "scrub", "releases").get(r.nextInt(4)) : randomKey(r);
      if (PolicyWriter.RESERVED.contains(s) || !sections.add(s)) {
        continue;
      }
      b.extension(s, randomParameters(r, 0, seen));
      count(seen, Kind.SECTION);
    }
    return b.build();
  }

  private static FieldRule randomTransform(Random r, String field, Map<Kind, Integer> seen) {
    String transformer;
    do {
      transformer = r.nextInt(3) == 0 ? List.of("hmac", "scrub-text", "ff1", "ip").get(r.nextInt(4)) : randomString(r);
    } while (transformer.equals("keep") || transformer.equals("drop"));
    FieldRule.Builder rb = FieldRule.transform(field, transformer)
        .onFailure(OnFailure.values()[r.nextInt(3)]);
    if (r.nextBoolean()) {
      String domain = randomString(r);
      if (!domain.isEmpty()) {
        rb.linkageDomain(domain);
        count(seen, Kind.DOMAIN);
      }
    }
    if (r.nextInt(4) != 0) {
      rb.parameters(randomParameters(r, 0, seen));
    }
    return rb.build();
  }

  private static Parameters randomParameters(Random r, int depth, Map<Kind, Integer> seen) {
    Parameters.Builder b = Parameters.builder();
    Set<String> names = new HashSet<>();
    for (int i = r.nextInt(depth == 0 ? 6 : 4); i > 0; i--) {
      String name = randomKey(r);
      if (!names.add(name)) {
        continue;
      }
      Object v = randomValue(r, depth, seen);
      if (v instanceof String) {
        b.put(name, (String) v);
      } else if (v instanceof Long) {
        b.put(name, (long) (Long) v);
      } else if (v instanceof Double) {
        b.put(name, (double) (Double) v);
      } else if (v instanceof Boolean) {
        b.put(name, (boolean) (Boolean) v);
      } else if (v instanceof Parameters) {
        b.put(name, (Parameters) v);
      } else {
        b.put(name, (List<?>) v);
      }
    }
    return b.build();
  }

  private static Object randomValue(Random r, int depth, Map<Kind, Integer> seen) {
    int kind = r.nextInt(depth < 4 ? 6 : 4);
    switch (kind) {
      case 0:
        count(seen, Kind.STRING);
        return randomString(r);
      case 1:
        count(seen, Kind.LONG);
        long[] special = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, 1L << 53};
        return r.nextBoolean() ? special[r.nextInt(special.length)] : r.nextLong() >> r.nextInt(64);
      case 2:
        count(seen, Kind.DOUBLE);
        double[] specials = {0.0, -0.0, 1.0, -1.0, 0.05, 1e7, 1e-3, Double.MIN_VALUE, Double.MAX_VALUE,
            Double.MIN_NORMAL, 0.1 + 0.2, 9007199254740993.0};
        double d;
        do {
          d = r.nextBoolean() ? specials[r.nextInt(specials.length)] : Double.longBitsToDouble(r.nextLong());
        } while (!Double.isFinite(d));
        return d;
      case 3:
        count(seen, Kind.BOOLEAN);
        return r.nextBoolean();
      case 4:
        count(seen, Kind.LIST);
        List<Object> list = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          list.add(randomValue(r, depth + 1, seen));
        }
        return list;
      default:
        count(seen, Kind.OBJECT);
        return randomParameters(r, depth + 1, seen);
    }
  }

  /** Short strings mixing ASCII, every kind of escape, non-ASCII, surrogate pairs and now and then a lone one. */
  private static String randomString(Random r) {
    String[] pieces = {"a", "Z", "_", "-", ".", " ", "*", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f",
        "\u00e9", "\u65e5", "\u2028", "\ufeff", "\ud83d\ude00", "keep", "drop", "Owner", "$", "[0]", "{}", ":", ","};
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(8); i >= 0; i--) {
      sb.append(r.nextInt(50) == 0 ? String.valueOf((char) (0xd800 + r.nextInt(0x800))) : pieces[r.nextInt(pieces.length)]);
    }
    return sb.toString();
  }

  /** A random string without unpaired surrogates, as keys must be. */
  private static String randomKey(Random r) {
    while (true) {
      String s = randomString(r);
      if (wellFormed(s)) {
        return s;
      }
    }
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static void count(Map<Kind, Integer> seen, Kind k) {
    seen.merge(k, 1, Integer::sum);
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void write_nanOrInfinity_isRefusedWithItsPath() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      Policy inRule = Policy.builder().rule(FieldRule.transform("Owner", "hmac")
          .parameters(Parameters.builder().put("ok", 1.5).put("ratio", bad).build()).build()).build();
      assertRefused(inRule, "$.fields.Owner.params.ratio", "NaN and infinite");
      Policy inList = Policy.builder().extension("releases", Parameters.builder()
          .put("dp", Parameters.builder().put("cuts", List.of(List.of(1.0, bad))).build()).build()).build();
      assertRefused(inList, "$.releases.dp.cuts[0][1]", "NaN and infinite");
      Policy inDefault = Policy.builder().defaultRule(FieldRule.transform("*", "scrub-text")
          .parameters(Parameters.builder().put("x", List.of(Parameters.builder().put("y", bad).build())).build())
          .build()).build();
      assertRefused(inDefault, "$.default.params.x[0].y", "NaN and infinite");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"name", "version", "redaction", "default", "keep", "drop", "fields"})
  void write_sectionNamedLikeAPolicyKey_isRefused(String section) {
    Policy p = Policy.builder().extension(section, Parameters.builder().put("a", 1).build()).build();
    assertRefused(p, "$." + section, "cannot be named like a policy key");
  }

  @ParameterizedTest
  @ValueSource(strings = {"keep", "drop"})
  void write_transformerNamedLikeAnAction_isRefused(String transformer) {
    assertRefused(Policy.builder().rule(FieldRule.transform("Owner", transformer).build()).build(),
        "$.fields.Owner.transformer", "reads it as the " + transformer + " action");
    assertRefused(Policy.builder().defaultRule(FieldRule.transform("*", transformer).build()).build(),
        "$.default.transformer", "reads it as the " + transformer + " action");
  }

  @Test
  void write_defaultRuleNamedOtherThanStar_isRefused() {
    assertRefused(Policy.builder().defaultRule(FieldRule.drop("Other")).build(), "$.default", "must be \"*\"");
    assertRefused(Policy.builder().defaultRule(FieldRule.transform("x", "scrub-text").build()).build(),
        "$.default", "must be \"*\"");
  }

  private static void assertRefused(Policy p, String path, String problem) {
    assertThatThrownBy(() -> PolicyJson.write(p)).isInstanceOf(PolicyException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((PolicyException) e).path()).isEqualTo(path));
  }

  // ---------------------------------------------------------------- the reader's limits, at the boundary

  /** Depth 64 (the policy object is 1, a section 2) is written and read; 65 is refused by both. */
  @Test
  void write_nesting_atTheReadersLimit() {
    Policy ok = Policy.builder().extension("x", nested(62, true)).build();
    String text = PolicyJson.write(ok);
    assertSamePolicy(PolicyJson.parse(text), ok);
    Policy okLists = Policy.builder().extension("x", nested(62, false)).build();
    assertSamePolicy(PolicyJson.parse(PolicyJson.write(okLists)), okLists);

    Policy tooDeep = Policy.builder().extension("x", nested(63, true)).build();
    assertThatThrownBy(() -> PolicyJson.write(tooDeep)).isInstanceOf(PolicyException.class)
        .hasMessageContaining("nested deeper than the 64 levels");
    assertThatThrownBy(() -> PolicyJson.write(Policy.builder().extension("x", nested(63, false)).build()))
        .isInstanceOf(PolicyException.class).hasMessageContaining("nested deeper than the 64 levels");
    // and the reader does refuse that depth: the writer's limit is the reader's
    String deeper = text.replace("\"a\": {}", "\"a\": {\"a\": {}}");
    assertThat(deeper).isNotEqualTo(text);
    assertThatThrownBy(() -> PolicyJson.parse(deeper)).isInstanceOf(PolicyException.class);
  }

  /** Parameters nested {@code levels} deep below the section: objects {"a": {"a": ...}}, or lists [[...]] in "a". */
  private static Parameters nested(int levels, boolean objects) {
    if (objects) {
      Parameters p = Parameters.empty();
      for (int i = 0; i < levels; i++) {
        p = Parameters.builder().put("a", p).build();
      }
      return p;
    }
    List<Object> l = List.of();
    for (int i = 1; i < levels; i++) {
      l = List.of(l);
    }
    return Parameters.builder().put("a", l).build();
  }

  @Test
  void write_strings_atTheReadersLimit() {
    String longest = "a".repeat(PolicyWriter.MAX_STRING);
    Policy ok = Policy.builder().extension("x", Parameters.builder().put("s", longest).build()).build();
    String text = PolicyJson.write(ok);
    assertSamePolicy(PolicyJson.parse(text), ok);
    assertThatThrownBy(() -> PolicyJson.parse(text.replace(longest, longest + "a"))).isInstanceOf(PolicyException.class);

    for (Policy p : List.of(
        Policy.builder().extension("x", Parameters.builder().put("s", longest + "a").build()).build(),
        Policy.builder().name(longest + "a").build(),
        Policy.builder().keep(longest + "a").build())) {
      assertThatThrownBy(() -> PolicyJson.write(p)).isInstanceOf(PolicyException.class)
          .hasMessageContaining("a string of 1048577 characters, over the 1048576")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("aaaa"));
    }
  }

  /** The reader counts a key in UTF-8 bytes (a string value in UTF-16 characters). */
  @Test
  void write_keys_atTheReadersLimit() {
    for (String c : new String[] {"a", "\n", "\u00e9", "\u65e5", "\ud83d\ude00"}) {
      int bytes = c.getBytes(StandardCharsets.UTF_8).length;
      String longest = c.repeat(PolicyWriter.MAX_NAME / bytes);
      Policy ok = Policy.builder().rule(FieldRule.transform(longest, "hmac").build())
          .extension("x", Parameters.builder().put(longest, 1).build()).build();
      String text = PolicyJson.write(ok);
      assertSamePolicy(PolicyJson.parse(text), ok);
      String longer = text.replace(quoted(longest), quoted(longest + c));
      assertThat(longer).isNotEqualTo(text);
      assertThatThrownBy(() -> PolicyJson.parse(longer)).isInstanceOf(PolicyException.class);

      assertThatThrownBy(() -> PolicyJson.write(Policy.builder()
          .extension("x", Parameters.builder().put(longest + c, 1).build()).build()))
          .isInstanceOf(PolicyException.class)
          .hasMessageContaining("a key of " + (PolicyWriter.MAX_NAME / bytes + 1) * bytes + " bytes in UTF-8")
          .satisfies(e -> assertThat(((PolicyException) e).path()).isEqualTo("$.x"));
      assertThatThrownBy(() -> PolicyJson.write(Policy.builder().rule(FieldRule.transform(longest + c, "hmac").build())
          .build())).isInstanceOf(PolicyException.class).satisfies(e -> assertThat(((PolicyException) e).path())
          .isEqualTo("$.fields"));
      // in "keep" a field name is a string, not a key: the longer limit applies
      Policy kept = Policy.builder().keep(longest + c).build();
      assertSamePolicy(PolicyJson.parse(PolicyJson.write(kept)), kept);
    }
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder();
    PolicyWriter.appendString(sb, s);
    return sb.toString();
  }

  /** 16 MiB in UTF-8 is written and read; one byte more is refused by both. */
  @Test
  void write_document_atTheReadersLimit() {
    String chunk = "\u00e9".repeat(PolicyWriter.MAX_STRING / 2); // 1 MiB of UTF-8 in 512 Ki characters
    int base = 100_000;
    int size = PolicyJson.write(bigPolicy(chunk, base)).getBytes(StandardCharsets.UTF_8).length;
    int exact = base + (int) (PolicyWriter.MAX_DOCUMENT - size);
    String text = PolicyJson.write(bigPolicy(chunk, exact));
    assertThat((long) text.getBytes(StandardCharsets.UTF_8).length).isEqualTo(PolicyWriter.MAX_DOCUMENT);
    assertSamePolicy(PolicyJson.parse(text), bigPolicy(chunk, exact));
    String oneMore = text.replace("\"bbb", "\"bbbb");
    assertThatThrownBy(() -> PolicyJson.parse(oneMore)).isInstanceOf(PolicyException.class);
    assertThatThrownBy(() -> PolicyJson.write(bigPolicy(chunk, exact + 1))).isInstanceOf(PolicyException.class)
        .hasMessageContaining((PolicyWriter.MAX_DOCUMENT + 1) + " bytes, over the " + PolicyWriter.MAX_DOCUMENT);
  }

  private static Policy bigPolicy(String chunk, int tail) {
    List<Object> strings = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      strings.add(chunk);
    }
    strings.add("b".repeat(tail));
    return Policy.builder().extension("big", Parameters.builder().put("s", strings).build()).build();
  }

  // ---------------------------------------------------------------- comparison, independent of the writer

  static void assertSamePolicy(Policy actual, Policy expected) {
    assertThat(describe(actual)).isEqualTo(describe(expected));
    // and the existing equality of parameters agrees
    for (int i = 0; i < expected.rules().size(); i++) {
      assertThat(actual.rules().get(i).parameters()).isEqualTo(expected.rules().get(i).parameters());
    }
    for (String s : expected.extensionNames()) {
      assertThat(actual.extension(s)).isEqualTo(expected.extension(s));
    }
  }

  /**
   * Everything of a policy but the JSON paths, in order, each value tagged with its type (doubles by their
   * bits): two policies with the same description behave alike everywhere.
   */
  static String describe(Policy p) {
    StringBuilder sb = new StringBuilder();
    sb.append("name ").append(quote(p.name())).append("\nredaction ").append(quote(p.redactionMarker()));
    for (FieldRule r : p.rules()) {
      describe(sb.append("\nrule "), r);
    }
    describe(sb.append("\ndefault "), p.defaultRule());
    sb.append("\nsections ").append(p.extensionNames().stream().map(PolicyJsonWriteTest::quote)
        .collect(Collectors.joining(",")));
    for (String s : p.extensionNames()) {
      describeValue(sb.append("\nsection ").append(quote(s)).append(' '), p.extension(s));
    }
    return sb.toString();
  }

  private static void describe(StringBuilder sb, FieldRule r) {
    sb.append(quote(r.field())).append(' ').append(r.action()).append(' ')
        .append(r.transformer() == null ? "-" : quote(r.transformer()))
        .append(" onFailure=").append(r.onFailure())
        .append(" domain=").append(r.linkageDomain() == null ? "-" : quote(r.linkageDomain())).append(' ');
    describeValue(sb, r.parameters());
  }

  private static void describeValue(StringBuilder sb, Object v) {
    if (v instanceof Parameters) {
      Parameters p = (Parameters) v;
      sb.append('{');
      for (String n : p.names()) {
        describeValue(sb.append(quote(n)).append('='), p.get(n));
        sb.append(';');
      }
      sb.append('}');
    } else if (v instanceof List) {
      sb.append('[');
      for (Object e : (List<?>) v) {
        describeValue(sb, e);
        sb.append(';');
      }
      sb.append(']');
    } else if (v instanceof String) {
      sb.append("S").append(quote((String) v));
    } else if (v instanceof Double) {
      sb.append("D").append(Long.toHexString(Double.doubleToRawLongBits((Double) v)));
    } else if (v instanceof Long) {
      sb.append("L").append(v);
    } else if (v instanceof Boolean) {
      sb.append("B").append(v);
    } else {
      throw new AssertionError("unexpected parameter type " + v.getClass());
    }
  }

  /** Length-prefixed and as UTF-16 code units in hex, so that no character can be confused with the framing. */
  private static String quote(String s) {
    StringBuilder sb = new StringBuilder().append(s.length()).append(':');
    for (int i = 0; i < s.length(); i++) {
      sb.append(Integer.toHexString(s.charAt(i))).append('.');
    }
    return sb.toString();
  }
}
