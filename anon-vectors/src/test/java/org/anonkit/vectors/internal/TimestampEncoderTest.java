package org.anonkit.vectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.anonkit.Encoder;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.vectors.EncoderRegistry;
import org.junit.jupiter.api.Test;

/** The {@code timestamp} encoder's epoch numbers against exact decimal arithmetic ({@link BigDecimal}). */
class TimestampEncoderTest {
  private static final String[] INPUT_UNITS = {"s", "ms", "us", "ns"};
  private static final long[] PER_SECOND = {1, 1_000, 1_000_000, 1_000_000_000};

  /** What the encoder wrote: a long, or missing (null). */
  private static Long encode(String inputUnit, String unit, String zero, String text) {
    Parameters p = Parameters.builder().put("input-unit", inputUnit).put("unit", unit).put("zero", zero).build();
    Encoder e = EncoderRegistry.defaultRegistry().create("timestamp", EncoderContext.of("t", p));
    Long[] got = new Long[1];
    boolean[] missing = new boolean[1];
    e.encode(text, new Encoder.Output() {
      @Override
      public void putLong(int column, long value) {
        got[0] = value;
      }

      @Override
      public void putDouble(int column, double value) {
        throw new AssertionError();
      }

      @Override
      public void putMissing(int column) {
        missing[0] = true;
      }

      @Override
      public void addElement(int column, long value) {
        throw new AssertionError();
      }
    });
    assertThat(missing[0] || got[0] != null).isTrue();
    return missing[0] ? null : got[0];
  }

  /** floor(value in the output unit), or null when it is outside int64 milliseconds. */
  private static Long reference(String text, long perSecond, boolean outMs) {
    BigDecimal ms = new BigDecimal(text).movePointRight(3).divide(BigDecimal.valueOf(perSecond), 0, RoundingMode.FLOOR);
    BigInteger m = ms.toBigIntegerExact();
    if (m.bitLength() > 63) {
      return null;
    }
    long l = m.longValueExact();
    return outMs ? l : Math.floorDiv(l, 1000L);
  }

  @Test
  void epochNumbers_areFlooredExactly_inEveryUnit() {
    Random rnd = new Random(28);
    for (int t = 0; t < 40_000; t++) {
      StringBuilder s = new StringBuilder();
      if (rnd.nextInt(3) == 0) {
        s.append('-');
      }
      int whole = rnd.nextInt(8) == 0 ? rnd.nextInt(22) : 1 + rnd.nextInt(19);
      for (int i = 0; i < whole; i++) {
        s.append((char) ('0' + (rnd.nextInt(4) == 0 ? 9 : rnd.nextInt(10))));
      }
      if (whole == 0 || rnd.nextBoolean()) {
        s.append('.');
        int fraction = (whole == 0 ? 1 : 0) + rnd.nextInt(26);
        int nines = rnd.nextInt(3);
        for (int i = 0; i < fraction; i++) {
          // runs of 9s and 0s: the cases a double rounds across a unit
          s.append((char) ('0' + (nines == 0 ? 9 : nines == 1 ? (rnd.nextInt(6) == 0 ? rnd.nextInt(10) : 0) : rnd.nextInt(10))));
        }
      }
      String text = s.toString();
      int u = rnd.nextInt(4);
      boolean outMs = rnd.nextBoolean();
      Long expected = reference(text, PER_SECOND[u], outMs);
      if (expected == null) {
        assertThatThrownBy(() -> encode(INPUT_UNITS[u], outMs ? "ms" : "s", "value", text)).as(text)
            .isInstanceOf(InvalidInputException.class).hasMessageNotContaining(text.replace("-", ""));
      } else {
        assertThat(encode(INPUT_UNITS[u], outMs ? "ms" : "s", "value", text)).as("%s %s", text, INPUT_UNITS[u])
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void longFractionsNearAUnit_areNotRoundedUp() {
    assertThat(encode("s", "s", "value", "1764159000.9999999999")).isEqualTo(1764159000L);
    assertThat(encode("s", "ms", "value", "1764159000.0009999999")).isEqualTo(1764159000000L);
    assertThat(encode("s", "ms", "value", "-1764159000.0009999999")).isEqualTo(-1764159000001L);
    assertThat(encode("ns", "ms", "value", "1700000000999999999.9")).isEqualTo(1700000000999L);
    assertThat(encode("s", "s", "value", "1700000000.125")).isEqualTo(1700000000L);
    assertThat(encode("s", "ms", "value", ".5")).isEqualTo(500L);
    assertThat(encode("s", "ms", "value", "1.")).isEqualTo(1000L);
  }

  /** Whole parts of 19 digits, the nanoseconds since 2001: long arithmetic below 2^63, exact above. */
  @Test
  void nineteenDigitWholeParts_aroundTwoToThe63_exactInEveryUnit() {
    String[] wholes = {"1000000000000000000", "1764159000123456789", "9223372036854775806", "9223372036854775807",
        "9223372036854775808", "9223372036854775809", "9999999999999999999", "0009223372036854775807"};
    String[] fractions = {"", ".0", ".5", ".000000000000000000001", ".999999999999999999999"};
    for (String w : wholes) {
      for (String f : fractions) {
        for (String sign : new String[] {"", "-"}) {
          String text = sign + w + f;
          for (int u = 0; u < INPUT_UNITS.length; u++) {
            for (boolean outMs : new boolean[] {false, true}) {
              Long expected = reference(text, PER_SECOND[u], outMs);
              String unit = INPUT_UNITS[u];
              if (expected == null) {
                assertThatThrownBy(() -> encode(unit, outMs ? "ms" : "s", "value", text)).as(text)
                    .isInstanceOf(InvalidInputException.class).hasMessageNotContaining(w);
              } else {
                assertThat(encode(unit, outMs ? "ms" : "s", "value", text)).as("%s %s", text, unit).isEqualTo(expected);
              }
            }
          }
        }
      }
    }
  }

  /** Huge texts (a record may be megabytes) cost their length, not the square of it, and stay exact. */
  @Test
  void hugeTexts_areLinear_andExact() {
    String zeros = "0".repeat(2_000_000);
    String nines = "9".repeat(2_000_000);
    assertThat(encode("s", "s", "value", zeros + "1700000000")).isEqualTo(1700000000L);
    assertThat(encode("s", "ms", "value", "1700000000." + nines)).isEqualTo(1700000000999L);
    assertThat(encode("s", "ms", "value", "-1700000000." + zeros + "1")).isEqualTo(-1700000000001L);
    assertThat(encode("ns", "ms", "value", "1700000000999999999." + nines)).isEqualTo(1700000000999L);
    assertThat(encode("ns", "ms", "value", zeros + "9223372036854775807999999." + nines)).isEqualTo(Long.MAX_VALUE);
    assertThat(encode("s", "ms", "value", "-9223372036854775.808")).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> encode("ns", "s", "value", nines)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("range");
    assertThatThrownBy(() -> encode("s", "s", "value", "-9223372036854775.8081")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("range");
  }

  @Test
  void zero_isMissingOnlyWhenAsked_inAnySpelling() {
    for (String z : new String[] {"0", "-0", "0.000", ".0", "0."}) {
      assertThat(encode("s", "s", "missing", z)).as(z).isNull();
      assertThat(encode("s", "s", "value", z)).as(z).isEqualTo(0L);
    }
    assertThat(encode("s", "s", "missing", "0.0000000000000000000001")).isEqualTo(0L);
    assertThatThrownBy(() -> encode("s", "s", "missing", "0.0.0")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void malformedAndOutOfRange_failClosed_withoutTheValue() {
    for (String bad : new String[] {"-", ".", "1.2.3", "-.", "12-3"}) {
      assertThatThrownBy(() -> encode("s", "s", "value", bad)).as(bad).isInstanceOf(InvalidInputException.class);
    }
    String huge = "92233720368547758070";
    assertThatThrownBy(() -> encode("s", "s", "value", huge)).isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining(huge).hasMessageContaining("range");
    assertThatThrownBy(() -> encode("s", "ms", "value", "9223372036854776")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("range");
    Encoder e = EncoderRegistry.defaultRegistry().create("timestamp", EncoderContext.of("t", Parameters.empty()));
    assertThatThrownBy(() -> e.encodeLong(Long.MAX_VALUE / 10, new Encoder.Output() {
      @Override
      public void putLong(int column, long value) {
        throw new AssertionError("out of range: " + value);
      }

      @Override
      public void putDouble(int column, double value) {}

      @Override
      public void putMissing(int column) {}

      @Override
      public void addElement(int column, long value) {}
    })).isInstanceOf(InvalidInputException.class).hasMessageContaining("range");
  }
}
