package org.anonkit.benchmarks.fpe;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.anonkit.fpe.Alphabet;
import org.anonkit.fpe.Ff1Cipher;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * FF1 encryption throughput, AnonKit against BouncyCastle's {@code FPEFF1Engine} (default AES engine)
 * in the same run: 10-digit decimals (radix 10) and 12-character base-36 strings, AES-256, a 9-byte
 * tweak, 4,096 distinct random inputs prepared in setup (a cipher's cost does not depend on the value's
 * frequency, so no Zipf here). BouncyCastle is given its native input (one numeral per byte,
 * pre-converted); AnonKit is measured from String to String, one value at a time and in batches.
 * {@link #setup()} checks that all three give the same ciphertext for every input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ff1Benchmark {
  private static final int INPUTS = 4096;
  private static final int BATCH = 64;

  @Param({"decimal10", "base36x12"})
  public String shape;

  private String[] values;
  private byte[][] numerals;
  private Ff1Cipher anonkit;
  private FPEEngine bouncyCastle;
  private byte[] bcOut;
  private String[] batchIn;
  private String[] batchOut;
  private int next;

  @Setup
  public void setup() {
    int radix = shape.equals("decimal10") ? 10 : 36;
    int length = shape.equals("decimal10") ? 10 : 12;
    Alphabet alphabet = radix == 10 ? Alphabet.digits() : Alphabet.alphanumeric();
    SplittableRandom rnd = new SplittableRandom(42);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    byte[] tweak = "JobOwner1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    anonkit = Ff1Cipher.create(DerivedKey.direct(SecretBytes.copyOf(key, SecretAccess.get())), alphabet).withTweak(tweak);
    bouncyCastle = new FPEFF1Engine(AESEngine.newInstance());
    bouncyCastle.init(true, new FPEParameters(new KeyParameter(key), radix, tweak));
    Numerals inputs = new Numerals(rnd, alphabet, radix, length, INPUTS);
    values = inputs.values;
    numerals = inputs.numerals;
    bcOut = new byte[length];
    batchIn = new String[BATCH];
    batchOut = new String[BATCH];
    // the three must compute the same ciphertexts, or the ratios mean nothing
    for (int i = 0; i < BATCH; i++) {
      batchIn[i] = values[i];
    }
    anonkit.encryptAll(batchIn, batchOut);
    for (int i = 0; i < INPUTS; i++) {
      bouncyCastle.processBlock(numerals[i], 0, length, bcOut, 0);
      String ours = anonkit.encrypt(values[i]);
      if (!ours.equals(inputs.text(bcOut)) || i < BATCH && !ours.equals(batchOut[i])) {
        throw new IllegalStateException("AnonKit and BouncyCastle FF1 disagree");
      }
    }
  }

  @Benchmark
  public String anonkitFf1() {
    String v = values[next++ & (INPUTS - 1)];
    return anonkit.encrypt(v);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void anonkitFf1Batch64(Blackhole bh) {
    int start = next;
    next += BATCH;
    for (int i = 0; i < BATCH; i++) {
      batchIn[i] = values[(start + i) & (INPUTS - 1)];
    }
    anonkit.encryptAll(batchIn, batchOut);
    bh.consume(batchOut);
  }

  @Benchmark
  public byte[] bouncyCastleFf1() {
    byte[] in = numerals[next++ & (INPUTS - 1)];
    bouncyCastle.processBlock(in, 0, in.length, bcOut, 0);
    return bcOut;
  }
}
