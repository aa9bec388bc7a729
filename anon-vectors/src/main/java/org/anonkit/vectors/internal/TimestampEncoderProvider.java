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
 * default, or {@code ms}) as HTCondor writes {@code QDate}, or an ISO-8601 instant/offset date-time
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
    boolean inMs = p.getChoice("input-unit", "s", "s", "ms").equals("ms");
    boolean zeroMissing = p.getChoice("zero", "value", "value", "missing").equals("missing");
    return new TimestampEncoder(inMs, outMs, zeroMissing);
  }

  private static final class TimestampEncoder implements Encoder {
    private static final List<Column> COLUMNS = List.of(Column.dense("", ColumnType.INT64));
    private final boolean inMs;
    private final boolean outMs;
    private final boolean zeroMissing;

    TimestampEncoder(boolean inMs, boolean outMs, boolean zeroMissing) {
      this.inMs = inMs;
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
        long ms = inMs ? (long) Math.floor(d) : (long) Math.floor(d * 1000.0);
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
      long ms = inMs ? value : Math.multiplyExact(value, 1000L);
      out.putLong(0, outMs ? ms : Math.floorDiv(ms, 1000L));
    }
  }
}
