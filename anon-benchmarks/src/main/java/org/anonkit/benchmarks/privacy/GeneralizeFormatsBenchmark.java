package org.anonkit.benchmarks.privacy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.benchmarks.Ipv6Text;
import org.anonkit.spi.TransformerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The paths of {@code generalize-ip} and {@code generalize-time} that {@link GeneralizeBenchmark} does
 * not take (IPv6; other units, a zone with rules, ISO-8601 text), values per second on one thread, each
 * beside a naive version in the same run that gives the same text (checked in {@link #setup()} for every
 * input):
 *
 * <ul>
 *   <li>{@code ip6} ({@code generalize-ip}, {@code prefix6: 48}) vs {@code ip6Naive}:
 *       {@code InetAddress.getByName} on the literal (no lookup), bytes 6-15 cleared,
 *       {@code InetAddress.getByAddress(..).getHostAddress()} (the full, uncompressed form the
 *       transformer writes) and {@code "/48"} concatenated;
 *   <li>{@code dayUtc}, {@code monthUtc}, {@code dayChicago}, {@code monthChicago}
 *       ({@code generalize-time}, epoch seconds, {@code unit: day|month}, {@code zone: UTC|America/Chicago})
 *       vs the same names with {@code Naive}: {@code Long.parseLong},
 *       {@code ZonedDateTime.ofInstant(Instant.ofEpochSecond(..), zone).truncatedTo(DAYS)}, for a month
 *       {@code .withDayOfMonth(1)}, {@code toEpochSecond()} (the transformer takes its fixed-offset
 *       arithmetic path for a day in UTC, and goes through a {@code ZonedDateTime} otherwise);
 *   <li>{@code isoDayChicago}, {@code isoMonthUtc} ({@code format: iso}) vs the same names with
 *       {@code Naive}: {@code OffsetDateTime.parse(..).atZoneSameInstant(zone)}, truncated as above and
 *       written with {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} (which always writes the seconds, as
 *       the transformer does; {@code OffsetDateTime.toString()} would drop {@code :00});
 *   <li>{@code weekUtc}, {@code yearChicago} (epoch seconds) and {@code minuteMillisUtc}
 *       ({@code format: epoch-millis}) vs the same names with {@code Naive}: truncated to days, then
 *       {@code with(previousOrSame(MONDAY))} or {@code withDayOfYear(1)}; for the minute,
 *       {@code Instant.ofEpochMilli(..).truncatedTo(MINUTES).toEpochMilli()} (the transformer takes its
 *       fixed-offset path for the week and the minute in UTC, {@code ZonedDateTime} for the year in
 *       Chicago).
 * </ul>
 *
 * <p>Inputs: 4,096 values of each kind, consumed in order: IPv6 addresses mostly (9 in 10) from 40 /48s
 * under {@code 2001:db8::/32}, the others random global unicast {@code 2000::/3}, written in the
 * compressed RFC 5952 form (a run of zero groups as {@code ::}; half the addresses have groups 4-6
 * zero); epoch seconds over 2025 (so both DST changes of Chicago fall inside); ISO-8601 texts of the
 * same instants, 70% {@code Z}, 30% with a whole-hour offset in [-12, +12]; epoch milliseconds of the
 * same instants with a random millisecond.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GeneralizeFormatsBenchmark {
  private static final int N = 4096;
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  private String[] addresses6;
  private String[] epochs;
  private String[] isos;
  private String[] epochMillis;
  private Transformer ip6;
  private Transformer dayUtc;
  private Transformer monthUtc;
  private Transformer dayChicago;
  private Transformer monthChicago;
  private Transformer isoDayChicago;
  private Transformer isoMonthUtc;
  private Transformer weekUtc;
  private Transformer yearChicago;
  private Transformer minuteMillisUtc;
  private int next;

  @Setup(Level.Trial)
  public void setup() throws UnknownHostException {
    Random rnd = new Random(29);
    byte[][] p48 = new byte[40][];
    for (int i = 0; i < p48.length; i++) {
      byte[] p = new byte[6];
      rnd.nextBytes(p);
      p[0] = 0x20;
      p[1] = 0x01;
      p[2] = 0x0d;
      p[3] = (byte) 0xb8;
      p48[i] = p;
    }
    addresses6 = new String[N];
    epochs = new String[N];
    isos = new String[N];
    epochMillis = new String[N];
    for (int i = 0; i < N; i++) {
      byte[] a = new byte[16];
      rnd.nextBytes(a);
      if (rnd.nextInt(10) != 0) {
        System.arraycopy(p48[rnd.nextInt(p48.length)], 0, a, 0, 6);
      } else {
        a[0] = (byte) (0x20 | (a[0] & 0x1f));
      }
      if (rnd.nextBoolean()) {
        for (int k = 8; k < 14; k++) {
          a[k] = 0;
        }
      }
      addresses6[i] = Ipv6Text.rfc5952(a); // never IPv4-mapped: 2000::/3 or a /48 of it
      long s = 1_735_689_600L + rnd.nextInt(365 * 86_400);
      epochs[i] = Long.toString(s);
      epochMillis[i] = Long.toString(s * 1000 + rnd.nextInt(1000));
      Instant t = Instant.ofEpochSecond(s);
      isos[i] = rnd.nextInt(10) < 7 ? t.toString()
          : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(ZoneOffset.ofHours(rnd.nextInt(25) - 12)));
    }
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    ip6 = create(registry, "generalize-ip", Parameters.builder().put("prefix6", 48).build());
    dayUtc = time(registry, "day", "epoch-seconds", "UTC");
    monthUtc = time(registry, "month", "epoch-seconds", "UTC");
    dayChicago = time(registry, "day", "epoch-seconds", "America/Chicago");
    monthChicago = time(registry, "month", "epoch-seconds", "America/Chicago");
    isoDayChicago = time(registry, "day", "iso", "America/Chicago");
    isoMonthUtc = time(registry, "month", "iso", "UTC");
    weekUtc = time(registry, "week", "epoch-seconds", "UTC");
    yearChicago = time(registry, "year", "epoch-seconds", "America/Chicago");
    minuteMillisUtc = time(registry, "minute", "epoch-millis", "UTC");
    for (int i = 0; i < N; i++) {
      String e = epochs[i];
      String o = isos[i];
      check("ip6", i, ip6.apply(addresses6[i]), naiveIp6(addresses6[i]));
      check("dayUtc", i, dayUtc.apply(e), naiveEpoch(e, ZoneOffset.UTC, false));
      check("monthUtc", i, monthUtc.apply(e), naiveEpoch(e, ZoneOffset.UTC, true));
      check("dayChicago", i, dayChicago.apply(e), naiveEpoch(e, CHICAGO, false));
      check("monthChicago", i, monthChicago.apply(e), naiveEpoch(e, CHICAGO, true));
      check("isoDayChicago", i, isoDayChicago.apply(o), naiveIso(o, CHICAGO, false));
      check("isoMonthUtc", i, isoMonthUtc.apply(o), naiveIso(o, ZoneOffset.UTC, true));
      check("weekUtc", i, weekUtc.apply(e), naiveWeek(e));
      check("yearChicago", i, yearChicago.apply(e), naiveYear(e));
      check("minuteMillisUtc", i, minuteMillisUtc.apply(epochMillis[i]), naiveMinuteMillis(epochMillis[i]));
    }
  }

  private static void check(String what, int i, String ours, String naive) {
    if (!ours.equals(naive)) {
      throw new IllegalStateException("generalize " + what + " and its naive version disagree on input " + i + ": "
          + ours + " vs " + naive);
    }
  }

  private static Transformer create(TransformerRegistry registry, String name, Parameters p) {
    return registry.create(TransformerContext.builder(name).field("f").parameters(p).registry(registry).build());
  }

  private static Transformer time(TransformerRegistry registry, String unit, String format, String zone) {
    return create(registry, "generalize-time",
        Parameters.builder().put("unit", unit).put("format", format).put("zone", zone).build());
  }


  private static String naiveIp6(String text) throws UnknownHostException {
    byte[] b = InetAddress.getByName(text).getAddress();
    for (int k = 6; k < 16; k++) {
      b[k] = 0;
    }
    return InetAddress.getByAddress(b).getHostAddress() + "/48";
  }

  private static String naiveEpoch(String text, ZoneId zone, boolean month) {
    ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(text)), zone)
        .truncatedTo(ChronoUnit.DAYS);
    return Long.toString((month ? t.withDayOfMonth(1) : t).toEpochSecond());
  }

  private static String naiveWeek(String text) {
    return Long.toString(ZonedDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(text)), ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toEpochSecond());
  }

  private static String naiveYear(String text) {
    return Long.toString(ZonedDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(text)), CHICAGO)
        .truncatedTo(ChronoUnit.DAYS).withDayOfYear(1).toEpochSecond());
  }

  private static String naiveMinuteMillis(String text) {
    return Long.toString(Instant.ofEpochMilli(Long.parseLong(text)).truncatedTo(ChronoUnit.MINUTES).toEpochMilli());
  }

  private static String naiveIso(String text, ZoneId zone, boolean month) {
    ZonedDateTime t = OffsetDateTime.parse(text).atZoneSameInstant(zone).truncatedTo(ChronoUnit.DAYS);
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(month ? t.withDayOfMonth(1) : t);
  }

  private int index() {
    int i = next;
    next = (i + 1) & (N - 1);
    return i;
  }

  @Benchmark
  public String ip6() {
    return ip6.apply(addresses6[index()]);
  }

  @Benchmark
  public String ip6Naive() throws UnknownHostException {
    return naiveIp6(addresses6[index()]);
  }

  @Benchmark
  public String dayUtc() {
    return dayUtc.apply(epochs[index()]);
  }

  @Benchmark
  public String dayUtcNaive() {
    return naiveEpoch(epochs[index()], ZoneOffset.UTC, false);
  }

  @Benchmark
  public String monthUtc() {
    return monthUtc.apply(epochs[index()]);
  }

  @Benchmark
  public String monthUtcNaive() {
    return naiveEpoch(epochs[index()], ZoneOffset.UTC, true);
  }

  @Benchmark
  public String dayChicago() {
    return dayChicago.apply(epochs[index()]);
  }

  @Benchmark
  public String dayChicagoNaive() {
    return naiveEpoch(epochs[index()], CHICAGO, false);
  }

  @Benchmark
  public String monthChicago() {
    return monthChicago.apply(epochs[index()]);
  }

  @Benchmark
  public String monthChicagoNaive() {
    return naiveEpoch(epochs[index()], CHICAGO, true);
  }

  @Benchmark
  public String isoDayChicago() {
    return isoDayChicago.apply(isos[index()]);
  }

  @Benchmark
  public String isoDayChicagoNaive() {
    return naiveIso(isos[index()], CHICAGO, false);
  }

  @Benchmark
  public String isoMonthUtc() {
    return isoMonthUtc.apply(isos[index()]);
  }

  @Benchmark
  public String isoMonthUtcNaive() {
    return naiveIso(isos[index()], ZoneOffset.UTC, true);
  }

  @Benchmark
  public String weekUtc() {
    return weekUtc.apply(epochs[index()]);
  }

  @Benchmark
  public String weekUtcNaive() {
    return naiveWeek(epochs[index()]);
  }

  @Benchmark
  public String yearChicago() {
    return yearChicago.apply(epochs[index()]);
  }

  @Benchmark
  public String yearChicagoNaive() {
    return naiveYear(epochs[index()]);
  }

  @Benchmark
  public String minuteMillisUtc() {
    return minuteMillisUtc.apply(epochMillis[index()]);
  }

  @Benchmark
  public String minuteMillisUtcNaive() {
    return naiveMinuteMillis(epochMillis[index()]);
  }
}
