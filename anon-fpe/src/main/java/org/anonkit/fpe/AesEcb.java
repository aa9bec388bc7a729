package org.anonkit.fpe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.KeyException;

/**
 * Raw AES block encryption through the JCE ({@code AES/ECB/NoPadding}, AES-NI intrinsics on x86 and
 * ARMv8), one {@link Cipher} and scratch buffers per thread. Package-private.
 */
final class AesEcb {
  static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final SecretKeySpec key;
  private final ThreadLocal<Work> work;

  /** Per-thread state: the JCE cipher and reusable buffers. Not thread-safe. */
  static final class Work {
    final Cipher aes;
    final byte[] in = new byte[16];
    final byte[] out = new byte[16];
    int[] numerals = new int[64];
    char[] chars = new char[64];
    byte[] batchIn = new byte[16 * 64];
    byte[] batchOut = new byte[16 * 64];
    /** Lock-step batch state (see Ff1Cipher#encryptAll): per slot numerals, prefix, halves, index. */
    final int[][] batchNumerals = new int[64][];
    final Object[] batchPrefix = new Object[64];
    final long[] batchA = new long[64];
    final long[] batchB = new long[64];
    final int[] batchIndex = new int[64];

    Work(Cipher aes) {
      this.aes = aes;
    }

    int[] numerals(int n) {
      if (numerals.length < n) {
        numerals = new int[Math.max(n, numerals.length * 2)];
      }
      return numerals;
    }

    char[] chars(int n) {
      if (chars.length < n) {
        chars = new char[Math.max(n, chars.length * 2)];
      }
      return chars;
    }

    void batch(int blocks) {
      if (batchIn.length < 16 * blocks) {
        batchIn = new byte[16 * blocks];
        batchOut = new byte[16 * blocks];
      }
    }

    /** Encrypts {@code in} into {@code out}. */
    void encryptBlock() {
      try {
        aes.update(in, 0, 16, out, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES block encryption failed", e);
      }
    }

    void encryptBlock(byte[] src, int srcOff, byte[] dst, int dstOff) {
      try {
        aes.update(src, srcOff, 16, dst, dstOff);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES block encryption failed", e);
      }
    }

    void encryptBlocks(int blocks) {
      try {
        aes.update(batchIn, 0, 16 * blocks, batchOut, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES block encryption failed", e);
      }
    }

    /** Encrypts the block (hi, lo) (big-endian halves) and leaves the result in {@link #out}. */
    void encryptBlock(long hi, long lo) {
      BE_LONG.set(in, 0, hi);
      BE_LONG.set(in, 8, lo);
      encryptBlock();
    }
  }

  /** Wipes nothing of the caller's array; the caller wipes {@code keyBytes} after construction. */
  AesEcb(byte[] keyBytes) {
    int n = keyBytes.length;
    if (n != 16 && n != 24 && n != 32) {
      throw new KeyException("an AES key must have 16, 24 or 32 bytes; this one has " + n);
    }
    this.key = new SecretKeySpec(keyBytes, "AES");
    this.work = ThreadLocal.withInitial(this::newWork);
    newWork(); // fail now, not on first use, if AES is unavailable
  }

  private Work newWork() {
    try {
      Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key);
      return new Work(c);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB/NoPadding is not available in this JVM", e);
    }
  }

  Work work() {
    return work.get();
  }

  @Override
  public String toString() {
    return "AesEcb{key=<redacted>}";
  }
}
