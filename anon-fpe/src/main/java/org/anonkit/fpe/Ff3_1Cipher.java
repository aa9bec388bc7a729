package org.anonkit.fpe;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.anonkit.InvalidInputException;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;

/**
 * NIST SP 800-38G Rev 1 FF3-1 format-preserving encryption (AES-128/192/256, radix 2 to 65,536, a
 * tweak of exactly 56 bits). <b>Deprecated for new data; use {@link Ff1Cipher}.</b>
 *
 * <p><b>Warning.</b> FF3-1 is provided for interoperability with data already encrypted with it. Beyne
 * ("Linear Cryptanalysis of FF3-1 and FEA", CRYPTO 2021, IACR ePrint 2021/815) gave practical
 * distinguishing and message-recovery attacks on FF3-1 for small domains, and NIST's second public draft
 * of SP 800-38G Rev 1 (February 2025, csrc.nist.gov/pubs/sp/800/38/g/r1/2pd) withdraws FF3-1, leaving FF1
 * as the only approved FPE method. AnonKit's transformers default to FF1.
 *
 * <p><b>Domain rules enforced:</b> radix in [2, 2<sup>16</sup>]; length in [minlen, maxlen] with
 * radix<sup>minlen</sup> &ge; 1,000,000, minlen &ge; 2 and maxlen = 2&middot;floor(log<sub>radix</sub>(2<sup>96</sup>));
 * tweak exactly 7 bytes. Keys of 16, 24 or 32 bytes (the cipher uses the byte-reversed key, as the
 * standard specifies).
 *
 * <p>Immutable and thread-safe.
 *
 * @deprecated FF3-1 is withdrawn in the second public draft of SP 800-38G Rev 1 (2025) after Beyne's
 *     2021 attack on small domains; use {@link Ff1Cipher}. Kept to read data already encrypted with it.
 */
@Deprecated
public final class Ff3_1Cipher implements FormatPreservingCipher {
  /** The tweak length, in bytes (56 bits). */
  public static final int TWEAK_LENGTH = 7;

  static final int ROUNDS = 8;
  private static final long LONG_LIMIT = 1L << 55;

  private final Core core;
  private final byte[] tweak;
  private final int wl;
  private final int wr;

  static final class Core {
    final Alphabet alphabet;
    final int radix;
    final AesEcb aes;
    final String keyId;
    final int minLength;
    final int maxLength;
    final long[] pow;
    final int maxLongHalf;

    Core(DerivedKey key, Alphabet alphabet) {
      this.alphabet = Objects.requireNonNull(alphabet, "alphabet");
      this.radix = alphabet.radix();
      byte[] k = key.secret().toByteArray(SecretAccess.get());
      byte[] rev = new byte[k.length];
      for (int i = 0; i < k.length; i++) {
        rev[i] = k[k.length - 1 - i];
      }
      try {
        this.aes = new AesEcb(rev);
      } finally {
        Arrays.fill(k, (byte) 0);
        Arrays.fill(rev, (byte) 0);
      }
      this.keyId = key.keyId();
      this.minLength = Ff1Cipher.minLength(radix);
      BigInteger limit = BigInteger.ONE.shiftLeft(96);
      BigInteger r = BigInteger.valueOf(radix);
      int k96 = 0;
      BigInteger p = r;
      while (p.compareTo(limit) <= 0) {
        k96++;
        p = p.multiply(r);
      }
      this.maxLength = 2 * k96;
      long[] pw = new long[64];
      pw[0] = 1;
      int kmax = 0;
      while (kmax + 1 < pw.length && pw[kmax] <= LONG_LIMIT / radix) {
        pw[kmax + 1] = pw[kmax] * radix;
        kmax++;
      }
      this.pow = Arrays.copyOf(pw, kmax + 1);
      this.maxLongHalf = kmax;
    }
  }

  private Ff3_1Cipher(Core core, byte[] tweak, int wl, int wr) {
    this.core = core;
    this.tweak = tweak;
    this.wl = wl;
    this.wr = wr;
  }

  /**
   * FF3-1 with {@code key} (16, 24 or 32 bytes) over {@code alphabet}, with a 56-bit tweak.
   *
   * @throws IllegalArgumentException if the tweak is not exactly 7 bytes
   * @throws org.anonkit.KeyException if the key is not 16, 24 or 32 bytes long
   */
  public static Ff3_1Cipher create(DerivedKey key, Alphabet alphabet, byte[] tweak) {
    Objects.requireNonNull(key, "key");
    Core core = new Core(key, alphabet);
    if (core.minLength > core.maxLength) {
      throw new IllegalArgumentException("FF3-1 has no valid length for radix " + core.radix);
    }
    return withTweak(core, tweak);
  }

  /** The same key and alphabet with another 56-bit tweak. */
  public Ff3_1Cipher withTweak(byte[] tweak) {
    return withTweak(core, tweak);
  }

  private static Ff3_1Cipher withTweak(Core core, byte[] tweak) {
    Objects.requireNonNull(tweak, "tweak");
    if (tweak.length != TWEAK_LENGTH) {
      throw new IllegalArgumentException("FF3-1 tweak must be exactly 56 bits (7 bytes), got " + tweak.length + " bytes");
    }
    byte[] t = tweak.clone();
    // T_L = T[0..27] || 0^4, T_R = T[32..55] || T[28..31] || 0^4
    int wl = ((t[0] & 0xff) << 24) | ((t[1] & 0xff) << 16) | ((t[2] & 0xff) << 8) | (t[3] & 0xf0);
    int wr = ((t[4] & 0xff) << 24) | ((t[5] & 0xff) << 16) | ((t[6] & 0xff) << 8) | ((t[3] & 0x0f) << 4);
    return new Ff3_1Cipher(core, t, wl, wr);
  }

  /**
   * The original FF3 (SP 800-38G, 2016) with a 64-bit tweak, only to check the core against NIST's FF3
   * samples; FF3 itself is withdrawn and not offered publicly.
   */
  Ff3_1Cipher withFf3Tweak64(byte[] tweak64) {
    if (tweak64.length != 8) {
      throw new IllegalArgumentException("FF3 tweak must be 8 bytes");
    }
    int wl = (int) (((long) AesEcb.BE_LONG.get(tweak64, 0)) >>> 32);
    int wr = (int) ((long) AesEcb.BE_LONG.get(tweak64, 0));
    return new Ff3_1Cipher(core, tweak64.clone(), wl, wr);
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
    return core.maxLength;
  }

  /** A copy of the tweak. */
  public byte[] tweak() {
    return tweak.clone();
  }

  @Override
  public String encrypt(CharSequence value) {
    return crypt(value, true);
  }

  @Override
  public String decrypt(CharSequence value) {
    return crypt(value, false);
  }

  @Override
  public void encrypt(int[] x, int offset, int length) {
    checkNumerals(x, offset, length);
    run(core.aes.work(), x, offset, length, true);
  }

  @Override
  public void decrypt(int[] x, int offset, int length) {
    checkNumerals(x, offset, length);
    run(core.aes.work(), x, offset, length, false);
  }

  /** The spec-literal {@link BigInteger} path for any length, for tests that cross-check the fast path. */
  void cryptReference(int[] x, int offset, int length, boolean encrypt) {
    checkNumerals(x, offset, length);
    runBig(core.aes.work(), x, offset, length, encrypt);
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
    if (n < core.minLength || n > core.maxLength) {
      throw new InvalidInputException("value has " + n + " characters; FF3-1 with radix " + core.radix
          + " accepts " + core.minLength + " to " + core.maxLength
          + " (radix^minlen >= 1,000,000; maxlen = 2*floor(log_radix(2^96)), NIST SP 800-38G Rev 1)");
    }
  }

  private String crypt(CharSequence value, boolean encrypt) {
    int n = value.length();
    checkLength(n);
    AesEcb.Work w = core.aes.work();
    int[] x = w.numerals(n);
    core.alphabet.toNumerals(value, x);
    run(w, x, 0, n, encrypt);
    return core.alphabet.fromNumerals(x, n, w.chars(n));
  }

  private void run(AesEcb.Work w, int[] x, int off, int n, boolean encrypt) {
    int u = (n + 1) / 2;
    if (u <= core.maxLongHalf) {
      runLong(w, x, off, n, encrypt);
    } else {
      runBig(w, x, off, n, encrypt);
    }
  }

  /** Values are held as NUM(REV(A)) and NUM(REV(B)), so REV/STR never materialize between rounds. */
  private void runLong(AesEcb.Work w, int[] x, int off, int n, boolean encrypt) {
    long radix = core.radix;
    int u = (n + 1) / 2;
    int v = n - u;
    long powU = core.pow[u];
    long powV = core.pow[v];
    long a = 0;
    long bb = 0;
    for (int i = u - 1; i >= 0; i--) {
      a = a * radix + x[off + i];
    }
    for (int i = n - 1; i >= u; i--) {
      bb = bb * radix + x[off + i];
    }
    byte[] out = w.out;
    for (int step = 0; step < ROUNDS; step++) {
      int i = encrypt ? step : ROUNDS - 1 - step;
      boolean even = (i & 1) == 0;
      int wv = even ? wr : wl;
      long m = even ? powU : powV;
      long hi = ((long) (wv ^ i)) << 32;
      long lo = encrypt ? bb : a;
      // AES_REVB(K)(REVB(P)), then S = REVB(output): y = NUM(S) reads the output little-endian
      w.encryptBlock(Long.reverseBytes(lo), Long.reverseBytes(hi));
      long sHi = (long) AesEcb.LE_LONG.get(out, 8);
      long sLo = (long) AesEcb.LE_LONG.get(out, 0);
      long y = mod128(sHi, sLo, m);
      if (encrypt) {
        long c = a + y;
        if (c >= m) {
          c -= m;
        }
        a = bb;
        bb = c;
      } else {
        long c = bb - y;
        if (c < 0) {
          c += m;
        }
        bb = a;
        a = c;
      }
    }
    for (int i = 0; i < u; i++) {
      long q = a / radix;
      x[off + i] = (int) (a - q * radix);
      a = q;
    }
    for (int i = u; i < n; i++) {
      long q = bb / radix;
      x[off + i] = (int) (bb - q * radix);
      bb = q;
    }
  }

  /** (hi&middot;2<sup>64</sup> + lo) mod m, for m &le; 2<sup>55</sup>. */
  static long mod128(long hi, long lo, long m) {
    long r = Long.remainderUnsigned(hi, m);
    if (m <= (1L << 32)) {
      r = Long.remainderUnsigned((r << 32) | (lo >>> 32), m);
      return Long.remainderUnsigned((r << 32) | (lo & 0xffffffffL), m);
    }
    for (int s = 56; s >= 0; s -= 8) {
      r = ((r << 8) | ((lo >>> s) & 0xff)) % m;
    }
    return r;
  }

  private void runBig(AesEcb.Work w, int[] x, int off, int n, boolean encrypt) {
    BigInteger radix = BigInteger.valueOf(core.radix);
    int u = (n + 1) / 2;
    int v = n - u;
    BigInteger powU = radix.pow(u);
    BigInteger powV = radix.pow(v);
    BigInteger a = numRev(x, off, u, radix);
    BigInteger bb = numRev(x, off + u, v, radix);
    byte[] p = new byte[16];
    byte[] rp = new byte[16];
    byte[] out = new byte[16];
    byte[] s = new byte[16];
    for (int step = 0; step < ROUNDS; step++) {
      int i = encrypt ? step : ROUNDS - 1 - step;
      boolean even = (i & 1) == 0;
      int wv = (even ? wr : wl) ^ i;
      p[0] = (byte) (wv >>> 24);
      p[1] = (byte) (wv >>> 16);
      p[2] = (byte) (wv >>> 8);
      p[3] = (byte) wv;
      Ff1Cipher.writeFixed(encrypt ? bb : a, p, 4, 12);
      for (int k = 0; k < 16; k++) {
        rp[k] = p[15 - k];
      }
      w.encryptBlock(rp, 0, out, 0);
      for (int k = 0; k < 16; k++) {
        s[k] = out[15 - k];
      }
      BigInteger y = new BigInteger(1, s);
      BigInteger m = even ? powU : powV;
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
    strRev(a, x, off, u, radix);
    strRev(bb, x, off + u, v, radix);
  }

  private static BigInteger numRev(int[] x, int off, int len, BigInteger radix) {
    BigInteger r = BigInteger.ZERO;
    for (int i = len - 1; i >= 0; i--) {
      r = r.multiply(radix).add(BigInteger.valueOf(x[off + i]));
    }
    return r;
  }

  private static void strRev(BigInteger value, int[] x, int off, int len, BigInteger radix) {
    BigInteger v = value;
    for (int i = 0; i < len; i++) {
      BigInteger[] qr = v.divideAndRemainder(radix);
      x[off + i] = qr[1].intValue();
      v = qr[0];
    }
  }

  @Override
  public String toString() {
    return "Ff3_1Cipher{radix=" + core.radix + ", keyId=" + core.keyId + "}";
  }
}
