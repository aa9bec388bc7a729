package org.anonkit.benchmarks.fpe;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.anonkit.fpe.Alphabet;
import org.anonkit.fpe.Ff3_1Cipher;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.fpe.FPEEngine;
import org.bouncycastle.crypto.fpe.FPEFF3_1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * FF3-1 encryption throughput (kept to read data already encrypted with it; new data uses FF1),
 * AnonKit's {@link Ff3_1Cipher} against BouncyCastle's {@code FPEFF3_1Engine} (default AES engine) in
 * the same run, on the inputs of {@link Ff1Benchmark}: 10-digit decimals and 12-character base-36
 * strings, AES-256, a 56-bit tweak, 4,096 random inputs prepared in setup. As there, BouncyCastle is
 * given its native input (one numeral per byte, pre-converted, output into a reused array) and AnonKit is
 * measured from String to String. {@link #setup()} checks that both give the same ciphertext for every
 * input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@SuppressWarnings("deprecation") // Ff3_1Cipher is deprecated for new data, and is what is measured here
public class Ff3_1Benchmark {
  private static final int INPUTS = 4096;

  @Param({"decimal10", "base36x12"})
  public String shape;

  private String[] values;
  private byte[][] numerals;
  private Ff3_1Cipher anonkit;
  private FPEEngine bouncyCastle;
  private byte[] bcOut;
  private int next;

  @Setup
  public void setup() {
    int radix = shape.equals("decimal10") ? 10 : 36;
    int length = shape.equals("decimal10") ? 10 : 12;
    Alphabet alphabet = radix == 10 ? Alphabet.digits() : Alphabet.alphanumeric();
    SplittableRandom rnd = new SplittableRandom(42);
    byte[] key = new byte[32];
    rnd.nextBytes(key);
    byte[] tweak = "JobOwnr".getBytes(StandardCharsets.US_ASCII); // 7 bytes
    anonkit = Ff3_1Cipher.create(DerivedKey.direct(SecretBytes.copyOf(key, SecretAccess.get())), alphabet, tweak);
    bouncyCastle = new FPEFF3_1Engine(AESEngine.newInstance());
    bouncyCastle.init(true, new FPEParameters(new KeyParameter(key), radix, tweak));
    Numerals inputs = new Numerals(rnd, alphabet, radix, length, INPUTS);
    values = inputs.values;
    numerals = inputs.numerals;
    bcOut = new byte[length];
    for (int i = 0; i < INPUTS; i++) {
      bouncyCastle.processBlock(numerals[i], 0, length, bcOut, 0);
      if (!anonkit.encrypt(values[i]).equals(inputs.text(bcOut))) {
        throw new IllegalStateException("AnonKit and BouncyCastle FF3-1 disagree");
      }
    }
  }

  @Benchmark
  public String anonkitFf3_1() {
    return anonkit.encrypt(values[next++ & (INPUTS - 1)]);
  }

  @Benchmark
  public byte[] bouncyCastleFf3_1() {
    byte[] in = numerals[next++ & (INPUTS - 1)];
    bouncyCastle.processBlock(in, 0, in.length, bcOut, 0);
    return bcOut;
  }
}
