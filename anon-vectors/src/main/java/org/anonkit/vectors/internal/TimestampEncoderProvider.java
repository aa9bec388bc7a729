package org.anonkit.vectors.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.anonkit.Encoder;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;

/**
 * {@code timestamp}: a time into one {@code int64} column of epoch seconds ({@code unit: "s"},
 * default) or milliseconds ({@code "ms"}). Input is an epoch number in {@code input-unit} ({@code s}
 * default, as HTCondor writes {@code QDate}; {@code ms}, {@code us} or {@code ns}, as Parquet
 * {@code TIMESTAMP} columns store it), or an ISO-8601 instant/offset date-time
 * ({@code 2021-03-04T05:06:07Z}; this rarer path parses with {@code java.time} and allocates).
 * {@code zero: "missing"} reads the epoch number 0 as a missing value (validity bit cleared), as
 * HTCondor writes its times of events that have not happened ({@code CompletionDate = 0} for a job not
 * completed); the default, {@code "value"}, keeps it as 1970-01-01.
 *
 * <p>An epoch number is converted exactly: the result is the floor of its value in the output unit,
 * computed from its decimal digits (never through a {@code double}, which would round
 * {@code 1764159000.9999999999} up to the next second), and a value whose milliseconds are outside the
 * int64 range is an {@link InvalidInputException}, not a clamped number.
 * Immutable and thread-safe.
 */
public final class TimestampEncoderProvider implements EncoderProvider {
  @Override
  public String name() {
    return "timestamp";
  }

  @Override
  public String description() {
    return "epoch number or ISO-8601 time to int64 epoch seconds or milliseconds";
  }

  @Override
  public Encoder create(EncoderContext context) {
    Parameters p = context.parameters().requireOnly("encoder 'timestamp'", "unit", "input-unit", "zero");
    boolean outMs = p.getChoice("unit", "s", "s", "ms").equals("ms");
    long perSecond = switch (p.getChoice("input-unit", "s", "s", "ms", "us", "ns")) {
      case "s" -> 1;
      case "ms" -> 1_000;
      case "us" -> 1_000_000;
      default -> 1_000_000_000;
    };
    boolean zeroMissing = p.getChoice("zero", "value", "value", "missing").equals("missing");
    return new TimestampEncoder(perSecond, outMs, zeroMissing);
  }

  private static final class TimestampEncoder implements Encoder {
    private static final List<Column> COLUMNS = List.of(Column.dense("", ColumnType.INT64));
    private final long perSecond; // input units per second: 1, 1e3, 1e6 or 1e9
    private final boolean outMs;
    private final boolean zeroMissing;

    TimestampEncoder(long perSecond, boolean outMs, boolean zeroMissing) {
      this.perSecond = perSecond;
      this.outMs = outMs;
      this.zeroMissing = zeroMissing;
    }

    @Override
    public List<Column> columns() {
      return COLUMNS;
    }

    @Override
    public void encode(CharSequence value, Output out) {
      if (value == null) {
        out.putMissing(0);
        return;
      }
      int n = value.length();
      boolean numeric = n > 0;
      for (int i = 0; i < n && numeric; i++) {
        char c = value.charAt(i);
        numeric = (c >= '0' && c <= '9') || (i == 0 && c == '-') || c == '.';
      }
      if (numeric) {
        if (zeroMissing && isZero(value)) {
          epochMillis(value, perSecond); // still a well-formed number
          out.putMissing(0);
          return;
        }
        long ms = epochMillis(value, perSecond);
        out.putLong(0, outMs ? ms : Math.floorDiv(ms, 1000L));
        return;
      }
      long ms;
      String s = value.toString();
      try {
        ms = Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          ms = OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e2) {
          throw new InvalidInputException("expected an epoch number or an ISO-8601 time with offset; got text of length " + n);
        } catch (java.time.DateTimeException | ArithmeticException e2) {
          throw new InvalidInputException("ISO-8601 time out of the int64 millisecond range");
        }
      } catch (java.time.DateTimeException | ArithmeticException e) {
        throw new InvalidInputException("ISO-8601 time out of the int64 millisecond range");
      }
      out.putLong(0, outMs ? ms : Math.floorDiv(ms, 1000L));
    }

    @Override
    public void encodeLong(long value, Output out) {
      if (value == 0 && zeroMissing) {
        out.putMissing(0);
        return;
      }
      long ms;
      try {
        ms = perSecond == 1 ? Math.multiplyExact(value, 1000L) : Math.floorDiv(value, perSecond / 1000);
      } catch (ArithmeticException e) {
        throw new InvalidInputException(OUT_OF_RANGE);
      }
      out.putLong(0, outMs ? ms : Math.floorDiv(ms, 1000L));
    }
  }

  private static final String OUT_OF_RANGE = "epoch number out of the int64 millisecond range";

  /** Whether an epoch number (as {@link #epochMillis} takes it) is zero: {@code 0}, {@code -0.000}. */
  static boolean isZero(CharSequence v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= '1' && c <= '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code floor(value * 1000 / perSecond)}: the epoch number {@code v} (digits with an optional leading
   * '-' and at most one '.', at least one digit; anything else is an {@link InvalidInputException}) in
   * milliseconds, exactly. With {@code v = sign * (W + F)}, {@code W} its whole part and {@code F} its
   * fraction: in seconds, {@code X = 1000 W + floor(1000 F)}, else {@code X = W}, and a flag for the
   * fraction left over; a negative value with a leftover is {@code -(X + 1)} plus a positive fraction
   * below one, which no floor division by an integer sees. Long arithmetic for whole parts below 2^63
   * (up to 19 significant digits, as nanoseconds since 2001 have; 15 fraction digits kept, the rest only
   * tested for nonzero), {@link BigDecimal} on at most 42 digits for 19 to 25 from 2^63 up (and seconds
   * that overflow); beyond, out of range. Linear in the text's length, however long.
   */
  static long epochMillis(CharSequence v, long perSecond) {
    int n = v.length();
    boolean neg = v.charAt(0) == '-';
    int i = neg ? 1 : 0;
    long whole = 0;
    int wholeDigits = 0;
    int significant = 0; // whole digits from the first nonzero one
    int firstSignificant = -1;
    for (; i < n && v.charAt(i) != '.'; i++) {
      int d = v.charAt(i) - '0'; // only digits here (the caller's scan), '-' at 0 only
      wholeDigits++;
      if (d != 0 || significant > 0) {
        if (significant++ == 0) {
          firstSignificant = i;
        }
        if (significant <= 19) {
          whole = whole * 10 + d; // 19 digits stay below 2^64: exact as an unsigned long
        }
      }
    }
    int dot = i;
    long fraction = 0;
    long scale = 1; // 10^k for the k fraction digits kept
    boolean leftover = false; // a nonzero digit beyond those kept
    int fractionDigits = 0;
    if (i < n) {
      for (i++; i < n; i++) {
        char c = v.charAt(i);
        if (c == '.') {
          throw Numbers.notANumber(v, "a number");
        }
        if (fractionDigits < 15) {
          fraction = fraction * 10 + (c - '0');
          scale *= 10;
        } else {
          leftover |= c != '0';
        }
        fractionDigits++;
      }
    }
    if (wholeDigits + fractionDigits == 0) {
      throw Numbers.notANumber(v, "a number");
    }
    if (significant > 25) {
      throw new InvalidInputException(OUT_OF_RANGE); // >= 10^25 input units: beyond int64 ms in any unit
    }
    if (significant > 19 || whole < 0) { // 20 digits or more, or 19 at 2^63 and above
      return epochMillisExact(v, neg, firstSignificant, dot, fractionDigits, leftover, perSecond);
    }
    long x;
    long divisor;
    if (perSecond == 1) {
      try {
        x = Math.addExact(Math.multiplyExact(whole, 1000L), fraction * 1000 / scale);
      } catch (ArithmeticException e) { // 2^63 ms or more before the sign: only -2^63 itself fits
        return epochMillisExact(v, neg, firstSignificant, dot, fractionDigits, leftover, perSecond);
      }
      leftover |= fraction * 1000 % scale != 0;
      divisor = 1;
    } else {
      x = whole;
      leftover |= fraction != 0;
      divisor = perSecond / 1000;
    }
    return Math.floorDiv(neg ? -x - (leftover ? 1 : 0) : x, divisor);
  }

  /**
   * {@link #epochMillis} of {@code v}, a number of 19 to 25 significant whole digits from 2^63 up, or of
   * seconds at 2^63 ms or more, from its significant whole digits ({@code v[firstSignificant, dot)}), its
   * first 15 fraction digits and whether a nonzero digit follows them (written as one more digit '1',
   * which changes no floor): at most 42 digits, whatever the text's length.
   */
  private static long epochMillisExact(CharSequence v, boolean neg, int firstSignificant, int dot, int fractionDigits,
      boolean leftover, long perSecond) {
    CharSequence fraction = fractionDigits == 0 ? "" : v.subSequence(dot + 1, dot + 1 + Math.min(15, fractionDigits));
    String digits = (neg ? "-" : "") + v.subSequence(firstSignificant, dot) + "." + fraction + (leftover ? "1" : "");
    try {
      return new BigDecimal(digits).movePointRight(3).divide(BigDecimal.valueOf(perSecond), 0, RoundingMode.FLOOR)
          .longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidInputException(OUT_OF_RANGE);
    }
  }
}
