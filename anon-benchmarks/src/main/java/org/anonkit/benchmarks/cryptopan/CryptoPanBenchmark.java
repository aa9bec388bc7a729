package org.anonkit.benchmarks.cryptopan;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.anonkit.cryptopan.CryptoPan;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Crypto-PAn throughput, addresses per second on one thread: {@link CryptoPan} (one ECB call per
 * address, prefix caches) against {@link NaiveCryptoPanBaseline} (one JCE call per bit), same inputs,
 * same run.
 *
 * <p>Distributions ({@code dist}), 2^20 addresses prepared in setup so the caches cannot simply hold
 * the whole input:
 * <ul>
 *   <li>{@code realistic}: 90% from 40 /24 subnets chosen with Zipf(1.1) popularity (host byte uniform),
 *       10% uniformly random addresses -- what job records and flow logs of one site look like;
 *   <li>{@code uniform}: uniformly random IPv4 addresses (worst case for the caches; the 64K-entry /16
 *       table is warm after the first pass, so 16 of 32 positions are computed);
 *   <li>IPv6 {@code realistic}: 90% from 40 /64s (Zipf), random interface ids, 10% random; IPv6
 *       {@code uniform}: random 128-bit values (no cache helps: all 128 positions computed).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoPanBenchmark {
  private static final int N = 1 << 20;
  private static final int BATCH = 1024;

  @Param({"realistic", "uniform"})
  public String dist;

  private CryptoPan pan;
  private NaiveCryptoPanBaseline naive;
  private int[] v4;
  private long[] v6High;
  private long[] v6Low;
  private int pos4;
  private int pos6;
  private final long[] out6 = new long[2];

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] k = new byte[32];
    new Random(42).nextBytes(k);
    DerivedKey key = DerivedKey.direct(SecretBytes.copyOf(k, SecretAccess.get()));
    pan = CryptoPan.create(key);
    naive = new NaiveCryptoPanBaseline(key);
    Random rnd = new Random(7);
    boolean realistic = dist.equals("realistic");
    int subnets = 40;
    double[] cdf = zipfCdf(subnets, 1.1);
    int[] p24 = new int[subnets];
    long[] p64 = new long[subnets];
    for (int i = 0; i < subnets; i++) {
      p24[i] = rnd.nextInt() & 0xffffff00;
      p64[i] = rnd.nextLong();
    }
    v4 = new int[N];
    v6High = new long[N];
    v6Low = new long[N];
    for (int i = 0; i < N; i++) {
      if (realistic && rnd.nextInt(10) != 0) {
        int s = pick(cdf, rnd.nextDouble());
        v4[i] = p24[s] | rnd.nextInt(256);
        v6High[i] = p64[s];
        v6Low[i] = rnd.nextLong();
      } else {
        v4[i] = rnd.nextInt();
        v6High[i] = rnd.nextLong();
        v6Low[i] = rnd.nextLong();
      }
    }
    for (int i = 0; i < 2000; i++) {
      if (pan.anonymizeIpv4(v4[i]) != naive.anonymizeIpv4(v4[i])) {
        throw new IllegalStateException("optimized and naive Crypto-PAn disagree on IPv4");
      }
    }
    long[] a = new long[2];
    for (int i = 0; i < 200; i++) {
      pan.anonymizeIpv6(v6High[i], v6Low[i], a);
      naive.anonymizeIpv6(v6High[i], v6Low[i], out6);
      if (a[0] != out6[0] || a[1] != out6[1]) {
        throw new IllegalStateException("optimized and naive Crypto-PAn disagree on IPv6");
      }
    }
  }

  private static double[] zipfCdf(int n, double s) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  private static int pick(double[] cdf, double u) {
    for (int i = 0; i < cdf.length; i++) {
      if (u <= cdf[i]) {
        return i;
      }
    }
    return cdf.length - 1;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ipv4CryptoPan() {
    int acc = 0;
    int p = pos4;
    for (int i = 0; i < BATCH; i++) {
      acc ^= pan.anonymizeIpv4(v4[p]);
      p = (p + 1) & (N - 1);
    }
    pos4 = p;
    return acc;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ipv4NaiveBaseline() throws Exception {
    int acc = 0;
    int p = pos4;
    for (int i = 0; i < BATCH; i++) {
      acc ^= naive.anonymizeIpv4(v4[p]);
      p = (p + 1) & (N - 1);
    }
    pos4 = p;
    return acc;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH / 8)
  public long ipv6CryptoPan() {
    long acc = 0;
    int p = pos6;
    for (int i = 0; i < BATCH / 8; i++) {
      pan.anonymizeIpv6(v6High[p], v6Low[p], out6);
      acc ^= out6[0] ^ out6[1];
      p = (p + 1) & (N - 1);
    }
    pos6 = p;
    return acc;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH / 8)
  public long ipv6NaiveBaseline() throws Exception {
    long acc = 0;
    int p = pos6;
    for (int i = 0; i < BATCH / 8; i++) {
      naive.anonymizeIpv6(v6High[p], v6Low[p], out6);
      acc ^= out6[0] ^ out6[1];
      p = (p + 1) & (N - 1);
    }
    pos6 = p;
    return acc;
  }
}
