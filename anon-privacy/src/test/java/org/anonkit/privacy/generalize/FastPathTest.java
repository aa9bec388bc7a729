package org.anonkit.privacy.generalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.anonkit.InvalidInputException;
import org.anonkit.Transformer;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of the {@code generalize-*} functions against their general paths on many random
 * inputs: integer parsing against {@link Double#parseDouble}, integral interval labels (power-of-two
 * widths by shifting) against {@code Math.floorDiv} and {@link Numbers#format}, the IPv4 prefix against the byte-by-byte form, and fixed-offset time
 * truncation (minute to year) against the {@code ZonedDateTime} path, and a map hierarchy's composed table against its
 * level-by-level walk.
 */
class FastPathTest {
  private static final int N = 100_000;

  @Test
  void parseInteger_sameBitsAsParseDouble() {
    Random rnd = new Random(1);
    for (int i = 0; i < N; i++) {
      StringBuilder sb = new StringBuilder();
      int sign = rnd.nextInt(4);
      sb.append(sign == 0 ? "-" : sign == 1 ? "+" : "");
      int digits = 1 + rnd.nextInt(18);
      for (int d = 0; d < digits; d++) {
        sb.append((char) ('0' + (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(10))));
      }
      String s = sb.toString();
      assertThat(Double.doubleToRawLongBits(Numbers.parse(s))).as(s)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }
    for (String s : List.of("0", "-0", "+0", "000", "-000000000000000", "999999999999999", "-999999999999999",
        "1000000000000000", "9007199254740993", " 42 ")) {
      assertThat(Double.doubleToRawLongBits(Numbers.parse(s))).as(s)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s.trim())));
    }
  }

  @Test
  void parse_signsAloneAndMisplaced_stillFail() {
    for (String s : List.of("-", "+", "--1", "1-", "+-1", "1+1")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Numbers.parse(s)).as(s)
          .isInstanceOf(InvalidInputException.class).hasMessage("expected a decimal number");
    }
  }

  @Test
  void integralIntervals_sameLabelsAsNumbersFormat() {
    Random rnd = new Random(2);
    for (int i = 0; i < N; i++) {
      long origin = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong() % (1L << (1 + rnd.nextInt(51)));
      long width = rnd.nextBoolean() ? 1L << rnd.nextInt(52) // a power of two: the shift path
          : 1 + Math.abs(rnd.nextLong() % (1L << (1 + rnd.nextInt(51))));
      long x = rnd.nextLong() % (1L << (1 + rnd.nextInt(51)));
      IntervalFunction f = IntervalFunction.widths(origin, width);
      long lo = origin + width * Math.floorDiv(x - origin, width);
      String expected = "[" + Numbers.format(lo) + "," + Numbers.format(lo + width) + ")";
      assertThat(f.label(x, 0)).as("x=%s origin=%s width=%s", x, origin, width).isEqualTo(expected);
    }
    // around the 10^15 switch to Double.toString
    IntervalFunction f = IntervalFunction.widths(0, 1000);
    for (long x : new long[] {999_999_999_998_999L, 999_999_999_999_000L, 1_000_000_000_000_000L, -999_999_999_999_001L,
        -1_000_000_000_000_000L, -1_000_000_000_000_001L}) {
      long lo = Math.floorDiv(x, 1000) * 1000;
      assertThat(f.label(x, 0)).as("x=%s", x)
          .isEqualTo("[" + Numbers.format(lo) + "," + Numbers.format(lo + 1000) + ")");
    }
  }

  /** The IPv4 prefix as it was printed before its own branch: byte by byte through a StringBuilder. */
  private static String prefixByteByByte(byte[] address, int bits) {
    byte[] b = address.clone();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      b[i] = (byte) (b[i] & (0xff00 >> keep));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      sb.append(i == 0 ? "" : ".").append(b[i] & 0xff);
    }
    return sb.append('/').append(bits).toString();
  }

  @Test
  void ipv4Prefix_sameTextAsByteByByte() {
    Random rnd = new Random(3);
    byte[] a = new byte[4];
    for (int i = 0; i < N; i++) {
      rnd.nextBytes(a);
      int bits = rnd.nextInt(33);
      assertThat(IpFunction.prefix(a, bits)).isEqualTo(prefixByteByByte(a, bits));
    }
    for (int bits = 0; bits <= 32; bits++) {
      byte[] ones = {-1, -1, -1, -1};
      assertThat(IpFunction.prefix(ones, bits)).isEqualTo(prefixByteByByte(ones, bits));
    }
  }

  /** The IPv6 prefix as it was printed before its own branch: masked bytes, {@code Integer.toHexString} per group. */
  private static String prefix6ByGroups(byte[] address, int bits) {
    byte[] b = address.clone();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      b[i] = (byte) (b[i] & (0xff00 >> keep));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i += 2) {
      sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
    }
    return sb.append('/').append(bits).toString();
  }

  @Test
  void ipv6Prefix_sameTextAsGroupByGroup() {
    Random rnd = new Random(4);
    byte[] a = new byte[16];
    for (int i = 0; i < N; i++) {
      rnd.nextBytes(a);
      for (int k = 0; k < 16; k++) { // zero and short groups, as real addresses have
        if (rnd.nextInt(3) == 0) {
          a[k] = (byte) (rnd.nextBoolean() ? 0 : rnd.nextInt(16));
        }
      }
      int bits = rnd.nextInt(129);
      assertThat(IpFunction.prefix(a, bits)).isEqualTo(prefix6ByGroups(a, bits));
    }
    byte[] ones = new byte[16];
    java.util.Arrays.fill(ones, (byte) -1);
    for (int bits = 0; bits <= 128; bits++) {
      assertThat(IpFunction.prefix(ones, bits)).isEqualTo(prefix6ByGroups(ones, bits));
      assertThat(IpFunction.prefix(new byte[16], bits)).isEqualTo(prefix6ByGroups(new byte[16], bits));
    }
  }

  private static String orFailure(java.util.function.Supplier<String> s) {
    try {
      return s.get();
    } catch (InvalidInputException e) {
      return "failed: " + e.getMessage();
    }
  }

  @Test
  void fixedOffsetTime_sameAsZonedDateTime() {
    Random rnd = new Random(4);
    List<String> zones = List.of("UTC", "Z", "+05:30", "-09:00", "+14:00", "-18:00", "+00:00:01", "Etc/GMT+5");
    List<String> units = List.of("minute", "hour", "day", "week", "month", "year");
    int fast = 0;
    for (String zone : zones) {
      for (String format : List.of("epoch-seconds", "epoch-millis")) {
        TimeFunction f = new TimeFunction(format, ZoneId.of(zone), List.of("minute"));
        for (int i = 0; i < N / 8; i++) {
          long v;
          switch (rnd.nextInt(4)) {
            case 0:
              v = rnd.nextLong() % 4_000_000_000L; // 1843 to 2096 in seconds
              break;
            case 1:
              v = rnd.nextLong() % 4_000_000_000_000L; // the same years in millis
              break;
            case 2:
              v = ((1L << 52) - 5 + rnd.nextInt(10)) * (rnd.nextBoolean() ? 1 : -1); // the limit
              break;
            default:
              v = rnd.nextLong() >> rnd.nextInt(64);
          }
          String value = rnd.nextInt(50) == 0 ? " " + v : Long.toString(v);
          String unit = units.get(rnd.nextInt(units.size()));
          String fixed = orFailure(() -> f.truncateFixedOffset(value, unit));
          if (fixed == null) {
            continue;
          }
          fast++;
          assertThat(fixed).as("%s %s %s %s", zone, format, unit, value)
              .isEqualTo(orFailure(() -> f.truncate(value, unit)));
        }
      }
    }
    assertThat(fast).isGreaterThan(N / 2);
    // malformed values fail with the general path's messages
    TimeFunction f = new TimeFunction("epoch-seconds", ZoneId.of("UTC"), List.of("hour"));
    for (String bad : List.of("", "12a", "--1", "99999999999999999999", "1.5", " ")) {
      assertThat(orFailure(() -> f.truncateFixedOffset(bad, "hour")))
          .as(bad).startsWith("failed: ").isEqualTo(orFailure(() -> f.truncate(bad, "hour")));
    }
  }

  @Test
  void fixedOffsetTime_monthAndYear_atTheirEdges() {
    // month and year boundaries, leap days and years before 1970, in a zone east and one west of UTC
    for (String zone : List.of("UTC", "+05:30", "-09:00")) {
      TimeFunction f = new TimeFunction("epoch-seconds", ZoneId.of(zone), List.of("month", "year"));
      for (String date : List.of("2024-02-29T23:59:59", "2024-03-01T00:00:00", "2023-12-31T23:59:59", "2024-01-01T00:00:00",
          "1969-12-31T23:59:59", "1970-01-01T00:00:00", "1900-03-01T00:00:00", "1600-02-29T12:00:00", "-0001-06-15T00:00:00")) {
        long v = java.time.LocalDateTime.parse(date).atZone(ZoneId.of(zone)).toEpochSecond();
        for (long d = -1; d <= 1; d++) {
          String value = Long.toString(v + d);
          for (String unit : List.of("month", "year")) {
            assertThat(f.truncateFixedOffset(value, unit)).as("%s %s %s", zone, date, unit).isNotNull()
                .isEqualTo(f.truncate(value, unit));
          }
        }
      }
    }
  }

  @Test
  void fixedOffsetTime_zonesWithRules_takeTheGeneralPath() {
    Hierarchy chicago = Hierarchy.time("epoch-seconds", ZoneId.of("America/Chicago"), List.of("day"));
    assertThat(chicago.generalize("1700000123", 1)).isEqualTo("1699941600"); // 2023-11-14T00:00-06:00
  }

  @Test
  void composedMapLevels_sameValuesAndErrorsAsTheLevelWalk() {
    Random rnd = new Random(3);
    for (int round = 0; round < 300; round++) {
      int depth = 1 + rnd.nextInt(4);
      List<Map<String, String>> levels = new ArrayList<>();
      int keys = 1 + rnd.nextInt(40);
      for (int l = 0; l < depth; l++) {
        Map<String, String> m = new HashMap<>();
        int targets = 1 + rnd.nextInt(Math.max(1, keys / 2));
        // a key missing from the next level breaks some chains; "d" may be a key, so the default has a chain too
        for (int k = 0; k < keys; k++) {
          if (rnd.nextInt(8) != 0) {
            m.put(l == 0 ? "v" + k : "l" + l + "_" + k, "l" + (l + 1) + "_" + rnd.nextInt(targets));
          }
        }
        if (rnd.nextBoolean()) {
          m.put("d", "l" + (l + 1) + "_0");
        }
        if (m.isEmpty()) {
          m.put("v0", "l1_0");
        }
        levels.add(m);
        keys = targets;
      }
      String dflt = rnd.nextBoolean() ? null : "d";
      Hierarchy h = Hierarchy.map(levels, dflt);
      for (int l = 0; l < h.levels(); l++) {
        int level = l;
        Transformer t = h.asTransformer(level);
        for (int k = -1; k < 45; k++) {
          String v = k < 0 ? "d" : "v" + k;
          Object expected = outcome(() -> h.generalize(v, level));
          assertThat(outcome(() -> t.apply(v))).as("round %s level %s value %s", round, level, v).isEqualTo(expected);
        }
      }
    }
  }

  /** The value, or the error's class and message. */
  private static Object outcome(java.util.function.Supplier<String> f) {
    try {
      return f.get();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }
}
