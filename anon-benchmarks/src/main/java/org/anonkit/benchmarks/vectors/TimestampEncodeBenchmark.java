package org.anonkit.benchmarks.vectors;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * The {@code timestamp} encoder of {@code anon-vectors} (default parameters: epoch seconds in, int64
 * epoch seconds out), values per second on one thread: each invocation encodes {@link #N} texts into a
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
 *       with an offset.
 * </ul>
 *
 * <p>Both baselines take one branch on the text (a {@code 'T'} means a date-time), so they accept
 * somewhat more than the encoder (an exponent, a leading {@code '+'}) and, on the ISO side, somewhat
 * less ({@code Instant.parse} also takes a leap second {@code :60}); on these inputs all four write
 * the same values, and {@link #setup()} throws unless each pair writes the same column.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TimestampEncodeBenchmark {
  static final int N = VectorEncodeBenchmark.N;

  String[] epochs;
  String[] isos;
  Encoder timestamp;
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
    timestamp = EncoderRegistry.defaultRegistry().create("timestamp", EncoderContext.of("t", Parameters.empty()));
    out = new ArrayOutput();
    check("epoch seconds", this::epochText, this::epochTextJdk);
    check("ISO-8601", this::isoText, this::isoTextJdk);
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

  private long encodeAll(String[] texts) {
    ArrayOutput o = out;
    for (int i = 0; i < N; i++) {
      o.i = i;
      timestamp.encode(texts[i], o);
    }
    return o.longs[N - 1];
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
