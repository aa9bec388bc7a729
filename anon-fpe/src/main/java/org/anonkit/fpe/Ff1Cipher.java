package org.anonkit.fpe;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.anonkit.InvalidInputException;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;

/**
 * NIST SP 800-38G Rev 1 FF1 format-preserving encryption with AES-128, -192 or -256 (chosen by the key
 * length) over any radix from 2 to 65,536. AnonKit's default FPE method.
 *
 * <p><b>Domain rules enforced</b> (SP 800-38G Rev 1 §5.2 and Algorithms 7/8): radix in [2, 2<sup>16</sup>];
 * length n in [minlen, maxlen] with radix<sup>minlen</sup> &ge; 1,000,000 and minlen &ge; 2; maxlen is
 * bounded by Java's string length (below 2<sup>31</sup>, so inside the standard's 2<sup>32</sup>); tweaks of
 * 0 to {@value #MAX_TWEAK_LENGTH} bytes (the implementation's maxTlen).
 *
 * <p><b>Speed.</b> AES is the JCE's {@code AES/ECB/NoPadding} (AES-NI intrinsics), one instance per thread.
 * For this cipher's tweak the CBC-MAC state after P and the tweak-only blocks of Q is cached per length,
 * so a round costs one AES block when radix<sup>ceil(n/2)</sup> &le; 2<sup>55</sup> (then all arithmetic is on
 * {@code long}); longer values take a {@link BigInteger} path. {@link #encryptAll} runs many values in
 * lock-step so that one JCE call carries one block per value.
 *
 * <p><b>Security guarantees.</b> See {@link FormatPreservingCipher}. The key never leaves this object and
 * {@link #toString()} prints the radix and key id only.
 *
 * <p>Immutable and thread-safe.
 */
public final class Ff1Cipher implements FormatPreservingCipher {
  /** The longest tweak accepted, in bytes (SP 800-38G's maxTlen is the implementation's choice). */
  public static final int MAX_TWEAK_LENGTH = 4096;

  static final int ROUNDS = 10;
  private static final long LONG_LIMIT = 1L << 55;

  private final Core core;
  private final byte[] tweak;
  /** For this tweak, per length n: the CBC-MAC state folded with the constant part of Q's last block. */
  private final Prefix[] prefixes;

  /** What depends only on the key and radix. Immutable and thread-safe. */
  static final class Core {
    final Alphabet alphabet;
    final int radix;
    final AesEcb aes;
    final String keyId;
    final int minLength;
    final long[] pow; // pow[k] = radix^k while radix^k <= 2^55
    final int maxLongHalf;

    Core(DerivedKey key, Alphabet alphabet) {
      this.alphabet = Objects.requireNonNull(alphabet, "alphabet");
      this.radix = alphabet.radix();
      byte[] k = key.secret().toByteArray(SecretAccess.get());
      try {
        this.aes = new AesEcb(k);
      } finally {
        Arrays.fill(k, (byte) 0);
      }
      this.keyId = key.keyId();
      this.minLength = minLength(radix);
      long[] p = new long[64];
      p[0] = 1;
      int kmax = 0;
      while (kmax + 1 < p.length && p[kmax] <= LONG_LIMIT / radix) {
        p[kmax + 1] = p[kmax] * radix;
        kmax++;
      }
      this.pow = Arrays.copyOf(p, kmax + 1);
      this.maxLongHalf = kmax;
    }
  }

  /** The CBC-MAC of P and the tweak-only part of Q for one length, as (hi, lo) of the last block's mask. */
  static final class Prefix {
    final long hi;
    final long lo;
    final int u;
    final int v;
    final int b;
    final int d;
    final long powU;
    final long powV;

    Prefix(long hi, long lo, int u, int v, int b, int d, long powU, long powV) {
      this.hi = hi;
      this.lo = lo;
      this.u = u;
      this.v = v;
      this.b = b;
      this.d = d;
      this.powU = powU;
      this.powV = powV;
    }
  }

  private Ff1Cipher(Core core, byte[] tweak) {
    this.core = core;
    this.tweak = tweak;
    this.prefixes = new Prefix[2 * core.maxLongHalf + 1];
  }

  /**
   * FF1 with {@code key} (16, 24 or 32 bytes: AES-128/192/256) over {@code alphabet}, with the empty
   * tweak.
   *
   * @throws org.anonkit.KeyException if the key is not 16, 24 or 32 bytes long
   */
  public static Ff1Cipher create(DerivedKey key, Alphabet alphabet) {
    Objects.requireNonNull(key, "key");
    return new Ff1Cipher(new Core(key, alphabet), new byte[0]);
  }

  /** The same key and alphabet with another tweak (copied); shares the per-thread AES state. */
  public Ff1Cipher withTweak(byte[] tweak) {
    checkTweak(tweak);
    return new Ff1Cipher(core, tweak.clone());
  }

  /** The least n &ge; 2 with radix<sup>n</sup> &ge; 1,000,000. */
  static int minLength(int radix) {
    if (radix < 2 || radix > 65536) {
      throw new IllegalArgumentException("radix must be in [2, 65536], got " + radix);
    }
    int n = 1;
    long p = radix;
    while (p < 1_000_000L) {
      p *= radix;
      n++;
    }
    return Math.max(2, n);
  }

  private static void checkTweak(byte[] tweak) {
    Objects.requireNonNull(tweak, "tweak");
    if (tweak.length > MAX_TWEAK_LENGTH) {
      throw new IllegalArgumentException("FF1 tweak has " + tweak.length + " bytes; at most "
          + MAX_TWEAK_LENGTH + " are accepted");
    }
  }

  @Override
  public Alphabet alphabet() {
    return core.alphabet;
  }

  @Override
  public int minLength() {
    return core.minLength;
  }

  @Override
  public int maxLength() {
    return Integer.MAX_VALUE - 16;
  }

  /** A copy of this cipher's tweak. */
  public byte[] tweak() {
    return tweak.clone();
  }

  @Override
  public String encrypt(CharSequence value) {
    return crypt(value, tweak, true);
  }

  @Override
  public String decrypt(CharSequence value) {
    return crypt(value, tweak, false);
  }

  /** Encrypts with a tweak given for this call (0 to {@value #MAX_TWEAK_LENGTH} bytes). */
  public String encrypt(CharSequence value, byte[] tweak) {
    checkTweak(tweak);
    return crypt(value, tweak, true);
  }

  /** Decrypts with a tweak given for this call. */
  public String decrypt(CharSequence value, byte[] tweak) {
    checkTweak(tweak);
    return crypt(value, tweak, false);
  }

  @Override
  public void encrypt(int[] x, int offset, int length) {
    checkNumerals(x, offset, length);
    run(core.aes.work(), x, offset, length, tweak, true);
  }

  @Override
  public void decrypt(int[] x, int offset, int length) {
    checkNumerals(x, offset, length);
    run(core.aes.work(), x, offset, length, tweak, false);
  }

  /**
   * Encrypts numerals {@code x[offset .. offset+length)} in place with a tweak given for this call (0 to
   * {@value #MAX_TWEAK_LENGTH} bytes).
   */
  public void encrypt(int[] x, int offset, int length, byte[] tweak) {
    checkTweak(tweak);
    checkNumerals(x, offset, length);
    run(core.aes.work(), x, offset, length, tweak, true);
  }

  /** Decrypts numerals in place with a tweak given for this call. */
  public void decrypt(int[] x, int offset, int length, byte[] tweak) {
    checkTweak(tweak);
    checkNumerals(x, offset, length);
    run(core.aes.work(), x, offset, length, tweak, false);
  }

  /** The spec-literal {@link BigInteger} path for any length, for tests that cross-check the fast path. */
  void cryptReference(int[] x, int offset, int length, boolean encrypt) {
    checkNumerals(x, offset, length);
    runBig(core.aes.work(), x, offset, length, tweak, encrypt);
  }

  /**
   * Encrypts {@code values[i]} into {@code out[i]} for every i, running up to 64 values in lock-step so
   * one JCE call carries one AES block per value. Same results as {@link #encrypt(CharSequence)}; if a
   * value is rejected, the exception says which index.
   */
  public void encryptAll(CharSequence[] values, String[] out) {
    cryptAll(values, out, true);
  }

  /** The inverse of {@link #encryptAll}. */
  public void decryptAll(CharSequence[] values, String[] out) {
    cryptAll(values, out, false);
  }

  private void checkNumerals(int[] x, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, x.length);
    checkLength(length);
    int r = core.radix;
    for (int i = offset; i < offset + length; i++) {
      if (x[i] < 0 || x[i] >= r) {
        throw new InvalidInputException("numeral at position " + (i - offset) + " is outside [0, " + r + ")");
      }
    }
  }

  private void checkLength(int n) {
    if (n < core.minLength) {
      throw new InvalidInputException("value has " + n + " characters; FF1 with radix " + core.radix
          + " needs at least " + core.minLength + " (radix^minlen >= 1,000,000, NIST SP 800-38G Rev 1)");
    }
    if (n > maxLength()) {
      throw new InvalidInputException("value has " + n + " characters; FF1 accepts at most " + maxLength());
    }
  }

  private String crypt(CharSequence value, byte[] t, boolean encrypt) {
    int n = value.length();
    checkLength(n);
    AesEcb.Work w = core.aes.work();
    int[] x = w.numerals(n);
    core.alphabet.toNumerals(value, x);
    run(w, x, 0, n, t, encrypt);
    return core.alphabet.fromNumerals(x, n, w.chars(n));
  }

  private void run(AesEcb.Work w, int[] x, int off, int n, byte[] t, boolean encrypt) {
    int v = n - n / 2;
    if (v <= core.maxLongHalf) {
      Prefix p = t == tweak ? cachedPrefix(w, n) : prefix(w, n, t);
      runLong(w, p, x, off, n, encrypt);
    } else {
      runBig(w, x, off, n, t, encrypt);
    }
  }

  private Prefix cachedPrefix(AesEcb.Work w, int n) {
    Prefix p = prefixes[n];
    if (p == null) {
      p = prefix(w, n, tweak);
      prefixes[n] = p; // racy but safe: Prefix has only final fields
    }
    return p;
  }

  /** Builds P, runs the CBC-MAC over P and every block of Q before the last, folds in the last block's constant bytes. */
  private Prefix prefix(AesEcb.Work w, int n, byte[] t) {
    int u = n / 2;
    int v = n - u;
    long powV = core.pow[v];
    int bits = 64 - Long.numberOfLeadingZeros(powV - 1);
    int b = (bits + 7) / 8;
    int d = 4 * ((b + 3) / 4) + 4;
    byte[] y = w.out;
    writeP(w.in, core.radix, u, n, t.length);
    w.encryptBlock();
    int pad = Math.floorMod(-t.length - b - 1, 16);
    int q = t.length + pad + 1 + b;
    byte[] qb = new byte[q];
    System.arraycopy(t, 0, qb, 0, t.length);
    for (int j = 0; j + 16 < q; j += 16) {
      for (int k = 0; k < 16; k++) {
        w.in[k] = (byte) (y[k] ^ qb[j + k]);
      }
      w.encryptBlock();
    }
    long hi = (long) AesEcb.BE_LONG.get(y, 0) ^ (long) AesEcb.BE_LONG.get(qb, q - 16);
    long lo = (long) AesEcb.BE_LONG.get(y, 8) ^ (long) AesEcb.BE_LONG.get(qb, q - 8);
    return new Prefix(hi, lo, u, v, b, d, core.pow[u], powV);
  }

  static void writeP(byte[] p, int radix, int u, int n, int t) {
    p[0] = 1;
    p[1] = 2;
    p[2] = 1;
    p[3] = (byte) (radix >>> 16);
    p[4] = (byte) (radix >>> 8);
    p[5] = (byte) radix;
    p[6] = 10;
    p[7] = (byte) u;
    p[8] = (byte) (n >>> 24);
    p[9] = (byte) (n >>> 16);
    p[10] = (byte) (n >>> 8);
    p[11] = (byte) n;
    p[12] = (byte) (t >>> 24);
    p[13] = (byte) (t >>> 16);
    p[14] = (byte) (t >>> 8);
    p[15] = (byte) t;
  }

  private void runLong(AesEcb.Work w, Prefix p, int[] x, int off, int n, boolean encrypt) {
    long radix = core.radix;
    int u = p.u;
    long a = 0;
    long bb = 0;
    for (int i = 0; i < u; i++) {
      a = a * radix + x[off + i];
    }
    for (int i = u; i < n; i++) {
      bb = bb * radix + x[off + i];
    }
    int shift = 8 * p.b;
    byte[] r = w.out;
    if (encrypt) {
      for (int i = 0; i < ROUNDS; i++) {
        w.encryptBlock(p.hi, p.lo ^ ((long) i << shift) ^ bb);
        long m = (i & 1) == 0 ? p.powU : p.powV;
        long y = reduce(r, p.d, m);
        long c = a + y;
        if (c >= m) {
          c -= m;
        }
        a = bb;
        bb = c;
      }
    } else {
      for (int i = ROUNDS - 1; i >= 0; i--) {
        w.encryptBlock(p.hi, p.lo ^ ((long) i << shift) ^ a);
        long m = (i & 1) == 0 ? p.powU : p.powV;
        long y = reduce(r, p.d, m);
        long c = bb - y;
        if (c < 0) {
          c += m;
        }
        bb = a;
        a = c;
      }
    }
    for (int i = u - 1; i >= 0; i--) {
      long q = a / radix;
      x[off + i] = (int) (a - q * radix);
      a = q;
    }
    for (int i = n - 1; i >= u; i--) {
      long q = bb / radix;
      x[off + i] = (int) (bb - q * radix);
      bb = q;
    }
  }

  /** NUM of the first d (8 or 12) bytes of r, modulo m (m &le; 2<sup>55</sup>). */
  static long reduce(byte[] r, int d, long m) {
    long hi = (long) AesEcb.BE_LONG.get(r, 0);
    long y = Long.remainderUnsigned(hi, m);
    if (d == 8) {
      return y;
    }
    long next = ((long) AesEcb.BE_LONG.get(r, 8)) >>> 32;
    if (m <= (1L << 32)) {
      return Long.remainderUnsigned((y << 32) | next, m);
    }
    for (int s = 24; s >= 0; s -= 8) {
      y = ((y << 8) | ((next >>> s) & 0xff)) % m;
    }
    return y;
  }

  // ---- general path: arbitrary lengths with BigInteger, straight from Algorithms 7 and 8 ----

  private void runBig(AesEcb.Work w, int[] x, int off, int n, byte[] t, boolean encrypt) {
    int radix = core.radix;
    int u = n / 2;
    int v = n - u;
    BigInteger bigRadix = BigInteger.valueOf(radix);
    BigInteger powU = bigRadix.pow(u);
    BigInteger powV = u == v ? powU : bigRadix.pow(v);
    int b = (powV.subtract(BigInteger.ONE).bitLength() + 7) / 8;
    int d = 4 * ((b + 3) / 4) + 4;
    byte[] pBlock = new byte[16];
    writeP(pBlock, radix, u, n, t.length);
    int pad = Math.floorMod(-t.length - b - 1, 16);
    byte[] q = new byte[t.length + pad + 1 + b];
    System.arraycopy(t, 0, q, 0, t.length);
    BigInteger a = num(x, off, u, bigRadix);
    BigInteger bb = num(x, off + u, v, bigRadix);
    byte[] s = new byte[((d + 15) / 16) * 16];
    byte[] mac = new byte[16];
    byte[] blk = new byte[16];
    for (int step = 0; step < ROUNDS; step++) {
      int i = encrypt ? step : ROUNDS - 1 - step;
      q[q.length - b - 1] = (byte) i;
      writeFixed(encrypt ? bb : a, q, q.length - b, b);
      // R = PRF(P || Q): CBC-MAC with a zero IV
      w.encryptBlock(pBlock, 0, mac, 0);
      for (int j = 0; j < q.length; j += 16) {
        for (int k = 0; k < 16; k++) {
          blk[k] = (byte) (mac[k] ^ q[j + k]);
        }
        w.encryptBlock(blk, 0, mac, 0);
      }
      System.arraycopy(mac, 0, s, 0, 16);
      for (int j = 1; j * 16 < d; j++) {
        for (int k = 0; k < 16; k++) {
          blk[k] = mac[k];
        }
        blk[12] ^= (byte) (j >>> 24);
        blk[13] ^= (byte) (j >>> 16);
        blk[14] ^= (byte) (j >>> 8);
        blk[15] ^= (byte) j;
        w.encryptBlock(blk, 0, s, 16 * j);
      }
      BigInteger y = new BigInteger(1, Arrays.copyOf(s, d));
      BigInteger m = (i & 1) == 0 ? powU : powV;
      if (encrypt) {
        BigInteger c = a.add(y).mod(m);
        a = bb;
        bb = c;
      } else {
        BigInteger c = bb.subtract(y).mod(m);
        bb = a;
        a = c;
      }
    }
    str(a, x, off, u, bigRadix);
    str(bb, x, off + u, v, bigRadix);
  }

  static BigInteger num(int[] x, int off, int len, BigInteger radix) {
    BigInteger r = BigInteger.ZERO;
    for (int i = 0; i < len; i++) {
      r = r.multiply(radix).add(BigInteger.valueOf(x[off + i]));
    }
    return r;
  }

  static void str(BigInteger value, int[] x, int off, int len, BigInteger radix) {
    BigInteger v = value;
    for (int i = len - 1; i >= 0; i--) {
      BigInteger[] qr = v.divideAndRemainder(radix);
      x[off + i] = qr[1].intValue();
      v = qr[0];
    }
  }

  /** Writes {@code value} as {@code len} big-endian bytes at {@code out[off..]}. */
  static void writeFixed(BigInteger value, byte[] out, int off, int len) {
    byte[] raw = value.toByteArray();
    Arrays.fill(out, off, off + len, (byte) 0);
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, off + len - copy, copy);
  }

  // ---- batch: many values in lock-step ----

  private void cryptAll(CharSequence[] values, String[] out, boolean encrypt) {
    if (values.length != out.length) {
      throw new IllegalArgumentException("values and out differ in length: " + values.length + " vs " + out.length);
    }
    AesEcb.Work w = core.aes.work();
    final int chunk = 64;
    w.batch(chunk);
    int[][] xs = w.batchNumerals;
    Object[] ps = w.batchPrefix;
    long[] as = w.batchA;
    long[] bs = w.batchB;
    int[] idx = w.batchIndex;
    long radix = core.radix;
    for (int start = 0; start < values.length; start += chunk) {
      int k = 0;
      for (int j = start; j < Math.min(values.length, start + chunk); j++) {
        CharSequence value = values[j];
        int n = value.length();
        try {
          checkLength(n);
          if (n - n / 2 > core.maxLongHalf) {
            out[j] = crypt(value, tweak, encrypt);
            continue;
          }
          int[] x = xs[k] != null && xs[k].length >= n ? xs[k] : new int[Math.max(n, 32)];
          core.alphabet.toNumerals(value, x);
          xs[k] = x;
        } catch (InvalidInputException e) {
          throw new InvalidInputException("value at index " + j + ": " + e.reason());
        }
        Prefix p = cachedPrefix(w, n);
        ps[k] = p;
        int[] x = xs[k];
        long a = 0;
        long bb = 0;
        for (int i = 0; i < p.u; i++) {
          a = a * radix + x[i];
        }
        for (int i = p.u; i < n; i++) {
          bb = bb * radix + x[i];
        }
        as[k] = a;
        bs[k] = bb;
        idx[k] = j;
        k++;
      }
      byte[] in = w.batchIn;
      byte[] res = w.batchOut;
      for (int step = 0; step < ROUNDS; step++) {
        int i = encrypt ? step : ROUNDS - 1 - step;
        for (int e = 0; e < k; e++) {
          Prefix p = (Prefix) ps[e];
          AesEcb.BE_LONG.set(in, 16 * e, p.hi);
          AesEcb.BE_LONG.set(in, 16 * e + 8, p.lo ^ ((long) i << (8 * p.b)) ^ (encrypt ? bs[e] : as[e]));
        }
        w.encryptBlocks(k);
        for (int e = 0; e < k; e++) {
          Prefix p = (Prefix) ps[e];
          long m = (i & 1) == 0 ? p.powU : p.powV;
          long y = reduceAt(res, 16 * e, p.d, m);
          if (encrypt) {
            long c = as[e] + y;
            if (c >= m) {
              c -= m;
            }
            as[e] = bs[e];
            bs[e] = c;
          } else {
            long c = bs[e] - y;
            if (c < 0) {
              c += m;
            }
            bs[e] = as[e];
            as[e] = c;
          }
        }
      }
      for (int e = 0; e < k; e++) {
        Prefix p = (Prefix) ps[e];
        int[] x = xs[e];
        int n = p.u + p.v;
        long a = as[e];
        long bb = bs[e];
        for (int i = p.u - 1; i >= 0; i--) {
          long q = a / radix;
          x[i] = (int) (a - q * radix);
          a = q;
        }
        for (int i = n - 1; i >= p.u; i--) {
          long q = bb / radix;
          x[i] = (int) (bb - q * radix);
          bb = q;
        }
        out[idx[e]] = core.alphabet.fromNumerals(x, n, w.chars(n));
      }
    }
  }

  private static long reduceAt(byte[] r, int off, int d, long m) {
    long hi = (long) AesEcb.BE_LONG.get(r, off);
    long y = Long.remainderUnsigned(hi, m);
    if (d == 8) {
      return y;
    }
    long next = ((long) AesEcb.BE_LONG.get(r, off + 8)) >>> 32;
    if (m <= (1L << 32)) {
      return Long.remainderUnsigned((y << 32) | next, m);
    }
    for (int s = 24; s >= 0; s -= 8) {
      y = ((y << 8) | ((next >>> s) & 0xff)) % m;
    }
    return y;
  }

  @Override
  public String toString() {
    return "Ff1Cipher{radix=" + core.radix + ", keyId=" + core.keyId + ", tweakLength=" + tweak.length + "}";
  }
}
