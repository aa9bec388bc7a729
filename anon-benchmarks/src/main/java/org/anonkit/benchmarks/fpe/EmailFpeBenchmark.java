package org.anonkit.benchmarks.fpe;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.anonkit.Parameters;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.spi.TransformerContext;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A format-aware FPE transformer, values per second on one thread: {@code email} (domain kept, its
 * default) on HTCondor {@code User}-like addresses, beside a naive BouncyCastle version in the same run
 * that computes the same output. The other class-preserving transformers ({@code hostname},
 * {@code phone}, {@code dn}) share the same codec, so this one stands for them.
 *
 * <p>The codec keeps each character's class (digit, lowercase, uppercase) and the separators
 * {@code . _ - +}: the local part's letters and digits are one mixed-radix number, encrypted with FF1
 * over radix 2 on its bit length, cycle-walking while the result is outside the domain. The baseline
 * does exactly that with {@code BigInteger} and BouncyCastle's {@code FPEFF1Engine} (same key, tweak
 * {@code email/local || 0x00 || layout}, the layout one byte per character: {@code 0} digit, {@code a}
 * or {@code A} letter, the separator itself; BouncyCastle takes a tweak only with its key, so the
 * baseline re-initializes the engine per value, an AES key schedule more than AnonKit's path does);
 * {@link #setup()} checks that both give the same address for every input.
 *
 * <p>Inputs: 4,096 addresses prepared in setup, local parts of 6 to 12 lowercase letters and digits
 * with an occasional {@code .} or {@code _} (domains of at least 10^6, so the transformer never takes
 * its short-value HMAC path), at one of three domains.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmailFpeBenchmark {
  private static final int INPUTS = 4096;
  private static final String[] DOMAINS = {"fnal.gov", "cern.ch", "physics.example.edu"};

  private String[] values;
  private Transformer email;
  private FPEEngine bouncyCastle;
  private KeyParameter key;
  private int next;

  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(42);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    DerivedKey k = DerivedKey.direct(SecretBytes.copyOf(key, SecretAccess.get()));
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    email = registry.create(TransformerContext.builder("email").field("User").parameters(Parameters.empty())
        .registry(registry).directKey(k).build());
    bouncyCastle = new FPEFF1Engine(AESEngine.newInstance());
    this.key = new KeyParameter(key);
    values = new String[INPUTS];
    String symbols = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < INPUTS; i++) {
      int n = 6 + rnd.nextInt(7);
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < n; j++) {
        if (j == n / 2 && rnd.nextInt(8) == 0) {
          sb.append(rnd.nextBoolean() ? '.' : '_');
        }
        sb.append(symbols.charAt(j == 0 ? rnd.nextInt(26) : rnd.nextInt(symbols.length())));
      }
      values[i] = sb.append('@').append(DOMAINS[rnd.nextInt(DOMAINS.length)]).toString();
    }
    for (String v : values) {
      if (!email.apply(v).equals(naive(v))) {
        throw new IllegalStateException("the email transformer and the BouncyCastle baseline disagree");
      }
    }
  }

  @Benchmark
  public String emailTransformer() {
    return email.apply(values[next++ & (INPUTS - 1)]);
  }

  @Benchmark
  public String bouncyCastleBaseline() {
    return naive(values[next++ & (INPUTS - 1)]);
  }

  /** The local part's class-preserving FF1 encryption, written plainly with BigInteger and BouncyCastle. */
  private String naive(String v) {
    int at = v.indexOf('@');
    String local = v.substring(0, at);
    BigInteger x = BigInteger.ZERO;
    BigInteger domain = BigInteger.ONE;
    for (int i = 0; i < local.length(); i++) {
      int r = radix(local.charAt(i));
      if (r != 0) {
        x = x.multiply(BigInteger.valueOf(r)).add(BigInteger.valueOf(digit(local.charAt(i))));
        domain = domain.multiply(BigInteger.valueOf(r));
      }
    }
    int bits = domain.subtract(BigInteger.ONE).bitLength();
    byte[] part = "email/local".getBytes(StandardCharsets.UTF_8);
    byte[] tweak = java.util.Arrays.copyOf(part, part.length + 1 + local.length());
    for (int i = 0; i < local.length(); i++) {
      char ch = local.charAt(i);
      int r = radix(ch);
      tweak[part.length + 1 + i] = (byte) (r == 0 ? ch : r == 10 ? '0' : ch <= 'Z' ? 'A' : 'a');
    }
    bouncyCastle.init(true, new FPEParameters(key, 2, tweak));
    byte[] in = new byte[bits];
    byte[] out = new byte[bits];
    do {
      for (int i = 0; i < bits; i++) {
        in[i] = (byte) (x.testBit(bits - 1 - i) ? 1 : 0);
      }
      bouncyCastle.processBlock(in, 0, bits, out, 0);
      x = BigInteger.ZERO;
      for (int i = 0; i < bits; i++) {
        x = x.shiftLeft(1).or(BigInteger.valueOf(out[i]));
      }
    } while (x.compareTo(domain) >= 0);
    char[] c = local.toCharArray();
    for (int i = c.length - 1; i >= 0; i--) {
      int r = radix(c[i]);
      if (r != 0) {
        BigInteger[] qr = x.divideAndRemainder(BigInteger.valueOf(r));
        int d = qr[1].intValue();
        c[i] = c[i] <= '9' ? (char) ('0' + d) : c[i] <= 'Z' ? (char) ('A' + d) : (char) ('a' + d);
        x = qr[0];
      }
    }
    return new String(c) + v.substring(at);
  }

  private static int radix(char c) {
    return c >= '0' && c <= '9' ? 10 : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? 26 : 0;
  }

  private static int digit(char c) {
    return c <= '9' ? c - '0' : c <= 'Z' ? c - 'A' : c - 'a';
  }
}
