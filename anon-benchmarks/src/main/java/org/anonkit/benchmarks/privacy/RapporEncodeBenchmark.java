package org.anonkit.benchmarks.privacy;

import org.anonkit.benchmarks.Zipf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.privacy.rappor.RapporEncoder;
import org.anonkit.privacy.rappor.RapporParameters;
import org.anonkit.privacy.rappor.RapporReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RAPPOR client encoding (value → Bloom filter → permanent → instantaneous randomized response),
 * reports per second on one thread, with the default parameters (k = 16 bits, h = 2, 64 cohorts,
 * f = 0.5, p = 0.5, q = 0.75):
 *
 * <ul>
 *   <li>{@code encode}: {@link RapporEncoder#encode};
 *   <li>{@code encodeNaivePerBit}: the same construction written bit by bit, as the paper describes it
 *       and a first version would: {@code boolean[]} Bloom filter, PRR and IRR, one branch per bit, each
 *       Bernoulli draw compared bit by bit, the report assembled at the end. Same coins: the Bloom bits
 *       from MD5(cohort ‖ value), the PRR from HMAC-SHA256(secret, value), the IRR from the same kind of
 *       generator with the same seed and the same dyadic thresholds. It keeps one {@code MessageDigest}
 *       and one {@code Mac} initialized once with the secret (the encoder looks up its thread's
 *       {@code Mac}, keyed with the secret of the encoder that used it last), so this baseline does a
 *       little less work;
 *   <li>{@code encodeNewClient} vs {@code encodeNewClientNaive}: one report from a new client each time
 *       (how simulations and the decoder benchmark use RAPPOR: many clients, a report or a few each),
 *       the encoder created and used once against the naive encoder created and used once, which gets
 *       its own {@code Mac} and {@code MessageDigest} (the encoder keys its thread's {@code Mac} again).
 * </ul>
 *
 * <p>Inputs: 4,096 values (Zipf(1.1) over 1,000 application names), consumed in order. {@link #setup()}
 * runs both with identically seeded generators over every input and throws unless every report is
 * equal. The client secret is a fixed test key, never printed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RapporEncodeBenchmark {
  private static final int N = 4096;

  private String[] values;
  private RapporParameters params;
  private RapporEncoder encoder;
  private NaiveRappor naive;
  private int next;
  private DerivedKey secret;
  private byte[] secretBytes;

  @Setup(Level.Trial)
  public void setup() throws GeneralSecurityException {
    byte[] k = new byte[32];
    new Random(42).nextBytes(k);
    secret = DerivedKey.direct(SecretBytes.copyOf(k, SecretAccess.get()));
    secretBytes = k.clone();
    params = RapporParameters.defaults();
    int cohort = 17;
    Random rnd = new Random(26);
    int distinct = 1000;
    Zipf zipf = new Zipf(distinct, 1.1);
    values = new String[N];
    for (int i = 0; i < N; i++) {
      int j = zipf.next(rnd);
      values[i] = "app-" + j + "/" + (j * 7919 % 100) + ".sh";
    }
    RapporEncoder checkEncoder = RapporEncoder.create(params, cohort, secret, new SplittableRandom(5));
    NaiveRappor checkNaive = new NaiveRappor(params, cohort, k, new SplittableRandom(5));
    for (int i = 0; i < N; i++) {
      RapporReport a = checkEncoder.encode(values[i]);
      RapporReport b = checkNaive.encode(values[i]);
      if (!a.equals(b)) {
        throw new IllegalStateException("the naive RAPPOR encoder disagrees with RapporEncoder on input " + i);
      }
      RapporReport c = RapporEncoder.create(params, i & 63, secret, new SplittableRandom(i)).encode(values[i]);
      RapporReport d = new NaiveRappor(params, i & 63, k, new SplittableRandom(i)).encode(values[i]);
      if (!c.equals(d)) {
        throw new IllegalStateException("a new naive RAPPOR client disagrees with a new RapporEncoder on input " + i);
      }
    }
    encoder = RapporEncoder.create(params, cohort, secret, new SplittableRandom(9));
    naive = new NaiveRappor(params, cohort, k, new SplittableRandom(9));
    Arrays.fill(k, (byte) 0);
  }

  /** The construction bit by bit, with boolean arrays. */
  static final class NaiveRappor {
    private final RapporParameters params;
    private final int cohort;
    private final Mac mac;
    private final MessageDigest md5;
    private final RandomGenerator random;
    private final long pThreshold;
    private final long qThreshold;

    NaiveRappor(RapporParameters params, int cohort, byte[] secret, RandomGenerator random)
        throws GeneralSecurityException {
      this.params = params;
      this.cohort = cohort;
      this.mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      this.md5 = MessageDigest.getInstance("MD5");
      this.random = random;
      this.pThreshold = (long) Math.rint(Math.scalb(params.p(), 62));
      this.qThreshold = (long) Math.rint(Math.scalb(params.q(), 62));
    }

    RapporReport encode(String value) {
      int k = params.numBits();
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      md5.reset();
      md5.update(ByteBuffer.allocate(4).putInt(cohort).array());
      byte[] h = md5.digest(utf8);
      boolean[] bloom = new boolean[k];
      for (int i = 0; i < params.numHashes(); i++) {
        bloom[(h[i] & 0xFF) % k] = true;
      }
      byte[] coins = mac.doFinal(utf8);
      boolean[] prr = new boolean[k];
      for (int i = 0; i < k; i++) {
        int b = coins[i] & 0xFF;
        boolean uniform = (b & 1) == 1;
        boolean randomize = (b >>> 1) < params.f() * 128;
        prr[i] = randomize ? uniform : bloom[i];
      }
      boolean[] irr = new boolean[k];
      for (int i = 0; i < k; i++) {
        long threshold = prr[i] ? qThreshold : pThreshold;
        irr[i] = (random.nextLong() >>> 2) < threshold;
      }
      long bits = 0;
      for (int i = 0; i < k; i++) {
        if (irr[i]) {
          bits |= 1L << i;
        }
      }
      return new RapporReport(cohort, bits);
    }
  }

  private int index() {
    int i = next;
    next = (i + 1) & (N - 1);
    return i;
  }

  @Benchmark
  public RapporReport encode() {
    return encoder.encode(values[index()]);
  }

  @Benchmark
  public RapporReport encodeNaivePerBit() {
    return naive.encode(values[index()]);
  }

  @Benchmark
  public RapporReport encodeNewClient() {
    int i = index();
    return RapporEncoder.create(params, i & 63, secret, new SplittableRandom(i)).encode(values[i]);
  }

  @Benchmark
  public RapporReport encodeNewClientNaive() throws GeneralSecurityException {
    int i = index();
    return new NaiveRappor(params, i & 63, secretBytes, new SplittableRandom(i)).encode(values[i]);
  }
}
