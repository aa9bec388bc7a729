package org.anonkit.privacy.generalize;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import org.anonkit.InvalidInputException;

/** Timestamps truncated to minute, hour, day, week (ISO, Monday), month or year in a zone. */
final class TimeFunction implements LevelFunction {
  /** Granularities in order; week is not nested in month or year. */
  static final List<String> UNITS = List.of("minute", "hour", "day", "week", "month", "year");
  static final List<String> FORMATS = List.of("epoch-seconds", "epoch-millis", "iso");

  /**
   * Epoch values below this magnitude take the fixed-offset path; far from the ends of the
   * {@code Instant} and {@code LocalDateTime} ranges, where the general path throws.
   */
  private static final long FIXED_OFFSET_LIMIT = 1L << 52;

  private final String format;
  private final ZoneId zone;
  private final String[] units;
  /**
   * The zone's offset when the format is an epoch and the zone never changes offset (UTC,
   * {@code +01:00}): truncating to any unit is then arithmetic on local seconds (and, for a month or
   * a year, on the local epoch day), the same result as through {@code ZonedDateTime} without building
   * one. {@code null} otherwise.
   */
  private final Integer fixedOffsetSeconds;

  TimeFunction(String format, ZoneId zone, List<String> units) {
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("time format must be one of " + FORMATS);
    }
    if (units.isEmpty()) {
      throw new IllegalArgumentException("give at least one time unit");
    }
    int prev = -1;
    for (String u : units) {
      int i = UNITS.indexOf(u);
      if (i < 0) {
        throw new IllegalArgumentException("time unit must be one of " + UNITS);
      }
      if (i <= prev) {
        throw new IllegalArgumentException("time units must go from fine to coarse, each once");
      }
      if (prev == UNITS.indexOf("week") && i > prev) {
        throw new IllegalArgumentException(
            "a week is not nested in a month or year: a hierarchy cannot go from week to " + u);
      }
      prev = i;
    }
    this.format = format;
    this.zone = zone;
    this.units = units.toArray(new String[0]);
    this.fixedOffsetSeconds = !format.equals("iso") && zone.getRules().isFixedOffset()
        ? zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() : null;
  }

  @Override
  public int levels() {
    return units.length + 2;
  }

  @Override
  public String apply(String value, int level) {
    if (fixedOffsetSeconds != null && level > 0 && level < levels() - 1) {
      String fixed = truncateFixedOffset(value, units[level - 1]);
      if (fixed != null) {
        return fixed;
      }
    }
    ZonedDateTime t = parse(value);
    if (level == levels() - 1) {
      return "*";
    }
    return print(truncate(t, units[level - 1]));
  }

  /** The value truncated to {@code unit}, for the single-level transformer. */
  String truncate(String value, String unit) {
    return print(truncate(parse(value), unit));
  }

  /**
   * The fixed-offset path: the value truncated to a minute, hour, day, week, month or year, or
   * {@code null} for the general path (a value beyond {@link #FIXED_OFFSET_LIMIT}). Validates as
   * {@link #parse} does, with the same messages.
   */
  String truncateFixedOffset(String value, String unit) {
    long v = parseLong(value.trim());
    if (Math.abs(v) >= FIXED_OFFSET_LIMIT) {
      return null;
    }
    boolean millis = format.equals("epoch-millis");
    int offset = fixedOffsetSeconds;
    long local = (millis ? Math.floorDiv(v, 1000) : v) + offset;
    long truncated;
    switch (unit) {
      case "minute":
        truncated = Math.floorDiv(local, 60) * 60;
        break;
      case "hour":
        truncated = Math.floorDiv(local, 3600) * 3600;
        break;
      case "day":
        truncated = Math.floorDiv(local, 86_400) * 86_400;
        break;
      case "week": // epoch day 0, 1970-01-01, was a Thursday: Monday is 3 days before
        long day = Math.floorDiv(local, 86_400);
        truncated = (day - Math.floorMod(day + 3, 7)) * 86_400;
        break;
      case "month": // the local date's first day (LocalDate.ofEpochDay is arithmetic, no zone rules)
        truncated = LocalDate.ofEpochDay(Math.floorDiv(local, 86_400)).withDayOfMonth(1).toEpochDay() * 86_400;
        break;
      case "year":
        truncated = LocalDate.ofEpochDay(Math.floorDiv(local, 86_400)).withDayOfYear(1).toEpochDay() * 86_400;
        break;
      default: // the constructor admits only UNITS
        throw new IllegalStateException(unit.toLowerCase(Locale.ROOT));
    }
    long epochSeconds = truncated - offset;
    return Long.toString(millis ? epochSeconds * 1000 : epochSeconds);
  }

  private ZonedDateTime parse(String value) {
    String s = value.trim();
    try {
      switch (format) {
        case "epoch-seconds":
          return Instant.ofEpochSecond(parseLong(s)).atZone(zone);
        case "epoch-millis":
          return Instant.ofEpochMilli(parseLong(s)).atZone(zone);
        default:
          return OffsetDateTime.parse(s).atZoneSameInstant(zone);
      }
    } catch (DateTimeException | ArithmeticException e) {
      throw new InvalidInputException("expected a timestamp in format " + format);
    }
  }

  private long parseLong(String s) {
    if (s.isEmpty() || s.length() > 19) {
      throw new InvalidInputException("expected an integer timestamp (" + format + "), got "
          + s.length() + " characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-')) {
        throw new InvalidInputException("expected an integer timestamp (" + format
            + "); character at position " + i + " is not a digit");
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("expected an integer timestamp (" + format + ")");
    }
  }

  private static ZonedDateTime truncate(ZonedDateTime t, String unit) {
    switch (unit) {
      case "minute":
        return t.truncatedTo(ChronoUnit.MINUTES);
      case "hour":
        return t.truncatedTo(ChronoUnit.HOURS);
      case "day":
        return t.truncatedTo(ChronoUnit.DAYS);
      case "week":
        return t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case "month":
        return t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case "year":
        return t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
      default:
        throw new IllegalStateException(unit.toLowerCase(Locale.ROOT));
    }
  }

  private String print(ZonedDateTime t) {
    switch (format) {
      case "epoch-seconds":
        return Long.toString(t.toEpochSecond());
      case "epoch-millis":
        return Long.toString(t.toInstant().toEpochMilli());
      default:
        return t.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
  }
}
