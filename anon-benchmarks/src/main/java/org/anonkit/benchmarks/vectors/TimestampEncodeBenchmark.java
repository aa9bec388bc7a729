package org.anonkit.benchmarks.vectors;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.anonkit.Encoder;
import org.anonkit.Parameters;
import org.anonkit.benchmarks.vectors.VectorEncodeBenchmark.ArrayOutput;
import org.anonkit.spi.EncoderContext;
import org.anonkit.vectors.EncoderRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code timestamp} encoder of {@code anon-vectors} (int64 epoch seconds out; epoch seconds in
 * unless said otherwise), values per second on one thread: each invocation encodes {@link #N} texts into a
 * primitive array through {@link VectorEncodeBenchmark.ArrayOutput}.
 *
 * <ul>
 *   <li>{@code epochText} / {@code epochTextJdk}: HTCondor-style epoch seconds ({@code QDate}: ten
 *       digits, one in eight with a millisecond fraction such as {@code 1764159000.125}), through the
 *       encoder (its own allocation-free number parser, then {@code floor(d·1000)} and a floor division)
 *       and through the JDK the careful way: {@code new BigDecimal(text)}, moved three places and
 *       floored to exact milliseconds, {@code Instant.ofEpochMilli(ms).getEpochSecond()};
 *   <li>{@code isoText} / {@code isoTextJdk}: ISO-8601 texts (70% {@code 2026-11-26T12:34:56Z}, 20%
 *       with milliseconds, 10% with a {@code +01:00}-style offset), through the encoder (it checks the
 *       text is not a number, then {@code Instant.parse}, falling back to {@code OffsetDateTime.parse})
 *       and through {@code OffsetDateTime.parse(text).toInstant()}, the usual JDK call for a date-time
 *       with an offset;
 *   <li>{@code epochTextMs}, {@code epochTextUs}, {@code epochTextNs} / the same names with {@code Jdk}:
 *       epoch text in {@code input-unit: ms|us|ns} (integers of 13, 16 and 19 digits, as Parquet
 *       {@code TIMESTAMP} columns and their CSV exports hold them; one in eight milliseconds texts has a
 *       three-digit microsecond fraction), through the encoder (the same digit parser; the whole part in
 *       the input unit, floor-divided to milliseconds) and through {@code new BigDecimal(text)} moved
 *       0, 3 or 6 places left and floored to exact milliseconds, {@code Instant.ofEpochMilli(ms)
 *       .getEpochSecond()};
 *   <li>{@code longUs}, {@code longNs} / {@code longUsJdk}, {@code longNsJdk}: the typed
 *       {@link Encoder#encodeLong} path, for a value a reader already holds as an integer (an
 *       {@code INT64} timestamp column; {@code input-unit: us|ns}; the same instants as the text
 *       columns, as microseconds or nanoseconds), against
 *       {@code Instant.EPOCH.plus(v, ChronoUnit.MICROS)} ({@code .plusNanos(v)} for nanoseconds)
 *       {@code .getEpochSecond()};
 *   <li>{@code epochTextOutMs} / {@code epochTextOutMsJdk}: the {@code epochText} inputs with
 *       {@code unit: ms} (int64 epoch milliseconds out), against the same {@code BigDecimal} floor to
 *       milliseconds, {@code Instant.ofEpochMilli(ms).toEpochMilli()};
 *   <li>{@code epochTextZeroMissing} / {@code epochTextZeroMissingJdk}: the {@code epochText} inputs with
 *       one in sixteen replaced by {@code 0} (HTCondor's "never", as in {@code CompletionDate = 0}) and
 *       {@code zero: missing}, against the {@code epochText} baseline that first asks
 *       {@code BigDecimal.signum() == 0} and then writes a missing value (the benchmarks' output stores
 *       a missing value as 0, so the check compares the other values).
 * </ul>
 *
 * <p>Both baselines take one branch on the text (a {@code 'T'} means a date-time), so they accept
 * somewhat more than the encoder (an exponent, a leading {@code '+'}) and, on the ISO side, somewhat
 * less ({@code Instant.parse} also takes a leap second {@code :60}); the unit baselines have no ISO branch.
 * On these inputs each pair writes the same values, and {@link #setup()} throws unless each pair writes
 * the same column.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TimestampEncodeBenchmark {
  static final int N = VectorEncodeBenchmark.N;

  String[] epochs;
  String[] isos;
  String[] epochsMs;
  String[] epochsUs;
  String[] epochsNs;
  String[] epochsWithZeros;
  long[] longsUs;
  long[] longsNs;
  Encoder timestamp;
  Encoder timestampMs;
  Encoder timestampUs;
  Encoder timestampNs;
  Encoder timestampOutMs;
  Encoder timestampZeroMissing;
  ArrayOutput out;

  @Setup(Level.Trial)
  public void setup() {
    Random rnd = new Random(28);
    epochs = new String[N];
    isos = new String[N];
    long base = 1_764_000_000L; // 2025-11-24
    for (int i = 0; i < N; i++) {
      long s = base + rnd.nextInt(30 * 86_400);
      epochs[i] = rnd.nextInt(8) == 0 ? s + "." + String.format("%03d", rnd.nextInt(1000)) : Long.toString(s);
      Instant t = Instant.ofEpochSecond(base + rnd.nextInt(30 * 86_400));
      int kind = rnd.nextInt(10);
      if (kind < 7) {
        isos[i] = t.toString();
      } else if (kind < 9) {
        isos[i] = t.plusMillis(1 + rnd.nextInt(999)).toString();
      } else {
        int hours = rnd.nextInt(25) - 12;
        isos[i] = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
            t.atOffset(java.time.ZoneOffset.ofHours(hours))); // seconds always written
      }
    }
    Random rnd2 = new Random(29);
    epochsMs = new String[N];
    epochsUs = new String[N];
    epochsNs = new String[N];
    longsUs = new long[N];
    longsNs = new long[N];
    for (int i = 0; i < N; i++) {
      long us = (base + rnd2.nextInt(30 * 86_400)) * 1_000_000L + rnd2.nextInt(1_000_000);
      long ms = Math.floorDiv(us, 1000L);
      epochsMs[i] = rnd2.nextInt(8) == 0 ? ms + "." + String.format("%03d", us % 1000) : Long.toString(ms);
      epochsUs[i] = Long.toString(us);
      long ns = us * 1000 + rnd2.nextInt(1000);
      epochsNs[i] = Long.toString(ns);
      longsUs[i] = us;
      longsNs[i] = ns;
    }
    epochsWithZeros = epochs.clone();
    for (int i = 0; i < N; i += 16) {
      epochsWithZeros[(i + rnd2.nextInt(16)) % N] = "0";
    }
    timestampOutMs = EncoderRegistry.defaultRegistry().create("timestamp",
        EncoderContext.of("t", Parameters.builder().put("unit", "ms").build()));
    timestampZeroMissing = EncoderRegistry.defaultRegistry().create("timestamp",
        EncoderContext.of("t", Parameters.builder().put("zero", "missing").build()));
    timestampMs = unit("ms");
    timestampUs = unit("us");
    timestampNs = unit("ns");
    timestamp = EncoderRegistry.defaultRegistry().create("timestamp", EncoderContext.of("t", Parameters.empty()));
    out = new ArrayOutput();
    check("epoch seconds", this::epochText, this::epochTextJdk);
    check("ISO-8601", this::isoText, this::isoTextJdk);
    check("epoch ms", this::epochTextMs, this::epochTextMsJdk);
    check("epoch us", this::epochTextUs, this::epochTextUsJdk);
    check("epoch ns", this::epochTextNs, this::epochTextNsJdk);
    check("int64 us", this::longUs, this::longUsJdk);
    check("int64 ns", this::longNs, this::longNsJdk);
    check("epoch seconds to ms", this::epochTextOutMs, this::epochTextOutMsJdk);
    check("epoch seconds, zero missing", this::epochTextZeroMissing, this::epochTextZeroMissingJdk);
  }

  private static Encoder unit(String inputUnit) {
    return EncoderRegistry.defaultRegistry().create("timestamp",
        EncoderContext.of("t", Parameters.builder().put("input-unit", inputUnit).build()));
  }

  private void check(String what, Runnable ours, Runnable jdk) {
    ours.run();
    long[] a = out.longs.clone();
    jdk.run();
    if (!Arrays.equals(a, out.longs)) {
      for (int i = 0; i < N; i++) {
        if (a[i] != out.longs[i]) {
          throw new IllegalStateException("the timestamp encoder and the JDK baseline disagree on the " + what
              + " input " + i + ": " + a[i] + " vs " + out.longs[i]);
        }
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochText() {
    return encodeAll(epochs);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextJdk() {
    return jdkAll(epochs);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long isoText() {
    return encodeAll(isos);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long isoTextJdk() {
    return jdkAll(isos);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextMs() {
    return encodeAll(timestampMs, epochsMs);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextMsJdk() {
    return jdkAll(epochsMs, 0);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextUs() {
    return encodeAll(timestampUs, epochsUs);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextUsJdk() {
    return jdkAll(epochsUs, 3);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextNs() {
    return encodeAll(timestampNs, epochsNs);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextNsJdk() {
    return jdkAll(epochsNs, 6);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long longUs() {
    return encodeLongAll(timestampUs, longsUs);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long longUsJdk() {
    long[] out = this.out.longs;
    long[] in = longsUs;
    for (int i = 0; i < N; i++) {
      out[i] = Instant.EPOCH.plus(in[i], ChronoUnit.MICROS).getEpochSecond();
    }
    return out[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long longNs() {
    return encodeLongAll(timestampNs, longsNs);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long longNsJdk() {
    long[] out = this.out.longs;
    long[] in = longsNs;
    for (int i = 0; i < N; i++) {
      out[i] = Instant.EPOCH.plusNanos(in[i]).getEpochSecond();
    }
    return out[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextOutMs() {
    return encodeAll(timestampOutMs, epochs);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextOutMsJdk() {
    long[] longs = out.longs;
    for (int i = 0; i < N; i++) {
      long ms = new BigDecimal(epochs[i]).movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
      longs[i] = Instant.ofEpochMilli(ms).toEpochMilli();
    }
    return longs[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextZeroMissing() {
    return encodeAll(timestampZeroMissing, epochsWithZeros);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long epochTextZeroMissingJdk() {
    long[] longs = out.longs;
    for (int i = 0; i < N; i++) {
      String t = epochsWithZeros[i];
      BigDecimal d = new BigDecimal(t);
      longs[i] = d.signum() == 0 ? 0 // missing, as the output stores it
          : Instant.ofEpochMilli(d.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact()).getEpochSecond();
    }
    return longs[N - 1];
  }

  private long encodeAll(String[] texts) {
    return encodeAll(timestamp, texts);
  }

  private long encodeAll(Encoder encoder, String[] texts) {
    ArrayOutput o = out;
    for (int i = 0; i < N; i++) {
      o.i = i;
      encoder.encode(texts[i], o);
    }
    return o.longs[N - 1];
  }

  private long encodeLongAll(Encoder encoder, long[] values) {
    ArrayOutput o = out;
    for (int i = 0; i < N; i++) {
      o.i = i;
      encoder.encodeLong(values[i], o);
    }
    return o.longs[N - 1];
  }

  /** Epoch seconds of epoch text in units of 10^-(3 + shift) s: exact milliseconds, then seconds. */
  private long jdkAll(String[] texts, int shift) {
    long[] longs = out.longs;
    for (int i = 0; i < N; i++) {
      long ms = new BigDecimal(texts[i]).movePointLeft(shift).setScale(0, RoundingMode.FLOOR).longValueExact();
      longs[i] = Instant.ofEpochMilli(ms).getEpochSecond();
    }
    return longs[N - 1];
  }

  private long jdkAll(String[] texts) {
    long[] longs = out.longs;
    for (int i = 0; i < N; i++) {
      longs[i] = jdk(texts[i]);
    }
    return longs[N - 1];
  }

  /** Epoch seconds of a text: an epoch number in seconds, or an ISO-8601 date-time with offset. */
  static long jdk(String text) {
    try {
      if (text.indexOf('T') < 0) {
        long ms = new BigDecimal(text).movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
        return Instant.ofEpochMilli(ms).getEpochSecond();
      }
      return OffsetDateTime.parse(text).toInstant().getEpochSecond();
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new IllegalArgumentException("expected an epoch number or an ISO-8601 time with offset", e);
    }
  }
}
