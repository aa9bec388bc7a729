package org.anonkit.vectors.internal;

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
    long perMs = switch (p.getChoice("input-unit", "s", "s", "ms", "us", "ns")) {
      case "s" -> 0; // seconds: multiplied, not divided
      case "ms" -> 1;
      case "us" -> 1_000;
      default -> 1_000_000;
    };
    boolean zeroMissing = p.getChoice("zero", "value", "value", "missing").equals("missing");
    return new TimestampEncoder(perMs, outMs, zeroMissing);
  }

  private static final class TimestampEncoder implements Encoder {
    private static final List<Column> COLUMNS = List.of(Column.dense("", ColumnType.INT64));
    private final long perMs; // input units per millisecond; 0 for seconds
    private final boolean outMs;
    private final boolean zeroMissing;

    TimestampEncoder(long perMs, boolean outMs, boolean zeroMissing) {
      this.perMs = perMs;
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
        double d = Numbers.parseDouble(value);
        if (d == 0 && zeroMissing) {
          out.putMissing(0);
          return;
        }
        long ms = perMs == 0 ? (long) Math.floor(d * 1000.0)
            : perMs == 1 ? (long) Math.floor(d)
            : Math.floorDiv(integral(value) ? Numbers.parseLong(value) : (long) Math.floor(d), perMs);
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
        }
      }
      out.putLong(0, outMs ? ms : Math.floorDiv(ms, 1000L));
    }

    @Override
    public void encodeLong(long value, Output out) {
      if (value == 0 && zeroMissing) {
        out.putMissing(0);
        return;
      }
      long ms = perMs == 0 ? Math.multiplyExact(value, 1000L) : Math.floorDiv(value, perMs);
      out.putLong(0, outMs ? ms : Math.floorDiv(ms, 1000L));
    }
  }

  /** Whether a numeric text (digits, an optional leading '-', maybe a '.') has no fraction. */
  private static boolean integral(CharSequence v) {
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) == '.') {
        return false;
      }
    }
    return true;
  }
}
