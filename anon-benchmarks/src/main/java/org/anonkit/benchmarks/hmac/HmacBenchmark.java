package org.anonkit.benchmarks.hmac;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.hmac.HmacSha256Pseudonymizer;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.spi.TransformerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Pseudonyms per second, one thread: {@code hmac} with its memo cache off and on, beside a plain
 * {@code javax.crypto.Mac} + the same Base32 encoding (16 characters, 80 bits) in the same run.
 *
 * <p>Columns (prepared in {@link #setUp()}, 2^20 values each, consumed in order):
 * <ul>
 *   <li>{@code usernames}: HTCondor {@code Owner}-like names ({@code jdoe}, {@code mu2epro}, ...),
 *       about a million distinct, so the cache misses almost always;
 *   <li>{@code emails}: the same as {@code name@fnal.gov} ({@code User} attribute);
 *   <li>{@code zipf5000}: 5,000 distinct usernames drawn with Zipf exponent s = 1.1, as a batch of job
 *       records repeats a few heavy users.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HmacBenchmark {
  private static final int SIZE = 1 << 20;
  private static final String[] SYLLABLES = {"j", "doe", "mu", "2e", "pro", "cms", "prod", "nova", "dune", "sam",
      "bel", "le", "ana", "min", "gm", "2", "uboone", "x", "ke", "lly", "ro", "ss", "wil", "son", "7", "tt"};

  @Param({"usernames", "emails", "zipf5000"})
  public String column;

  private String[] values;
  private int next;
  private Transformer cached;
  private Transformer uncached;
  private Mac mac;
  private final byte[] out = new byte[16];

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    Random r = new Random(20261125L);
    values = new String[SIZE];
    if (column.equals("zipf5000")) {
      String[] users = new String[5_000];
      for (int i = 0; i < users.length; i++) {
        users[i] = username(r, i);
      }
      double[] cdf = new double[users.length];
      double sum = 0;
      for (int k = 0; k < users.length; k++) {
        sum += 1.0 / Math.pow(k + 1, 1.1);
        cdf[k] = sum;
      }
      for (int i = 0; i < SIZE; i++) {
        double u = r.nextDouble() * sum;
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (cdf[mid] < u) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        values[i] = users[lo];
      }
    } else {
      for (int i = 0; i < SIZE; i++) {
        String u = username(r, i);
        values[i] = column.equals("emails") ? u + "@fnal.gov" : u;
      }
    }
    MasterKey master = MasterKey.of("bench", SecretBytes.fromHex("000102030405060708090a0b0c0d0e0f", SecretAccess.get()));
    TransformerContext.Builder ctx = TransformerContext.builder("hmac").masterKey(master).field("Owner");
    uncached = HmacSha256Pseudonymizer.create(ctx.parameters(Parameters.builder().put("cacheSize", 0L).build()).build());
    cached = HmacSha256Pseudonymizer.create(ctx.parameters(Parameters.empty()).build());
    byte[] key = master.derive("anonkit/v1/hmac/owner").secret().toByteArray(SecretAccess.get());
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    // The three must agree, or the comparison is meaningless.
    for (int i = 0; i < 1000; i++) {
      String a = uncached.apply(values[i]);
      if (!a.equals(cached.apply(values[i])) || !a.equals(baseline(values[i]))) {
        throw new IllegalStateException("implementations disagree");
      }
    }
    next = 0;
  }

  private static String username(Random r, int i) {
    StringBuilder sb = new StringBuilder();
    int parts = 1 + r.nextInt(3);
    for (int p = 0; p < parts; p++) {
      sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    if (i % 3 == 0) {
      sb.append(i % 1000);
    }
    return sb.toString();
  }

  private String nextValue() {
    String v = values[next];
    next = (next + 1) & (SIZE - 1);
    return v;
  }

  /** Ours, memo cache off: precomputed keyed states, two SHA-256 compressions per short value. */
  @Benchmark
  public String hmacUncached() {
    return uncached.apply(nextValue());
  }

  /** Ours with the default memo cache (65,536 entries). */
  @Benchmark
  public String hmacCached() {
    return cached.apply(nextValue());
  }

  /** Baseline: a reused javax.crypto.Mac (re-hashes the key pads per value) + the same Base32 encoding. */
  @Benchmark
  public String javaxMacBaseline() {
    return baseline(nextValue());
  }

  private static final byte[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".getBytes(StandardCharsets.US_ASCII);

  /**
   * The baseline: {@code Mac.doFinal} on the value's UTF-8 bytes, then the same Base32 code as ours
   * (40-bit groups, Latin-1 String), so the comparison isolates the HMAC computation.
   */
  private String baseline(String value) {
    byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    int i = 0;
    for (int g = 0; i < 16; g += 5) {
      long group = 0;
      for (int k = 0; k < 5; k++) {
        group = (group << 8) | (h[g + k] & 0xff);
      }
      for (int shift = 35; shift >= 0 && i < 16; shift -= 5) {
        out[i++] = BASE32[(int) (group >>> shift) & 31];
      }
    }
    return new String(out, 0, 16, StandardCharsets.ISO_8859_1);
  }
}
