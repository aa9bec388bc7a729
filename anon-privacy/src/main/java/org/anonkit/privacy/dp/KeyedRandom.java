package org.anonkit.privacy.dp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;

/**
 * A keyed, reproducible source of noise for a release that must come out the same every time it is
 * made from the same data: the AES-256-CTR keystream (counter from zero) under the key
 * HMAC-SHA-256({@code key}, {@code context}), read as the random bits of a {@link RandomGenerator}.
 *
 * <p>The same key and context give the same noise; another context (make it the SHA-256 of the data
 * released) gives noise that nobody without the key can tell from independent noise, so a release is
 * as private as one drawn from {@code SecureRandom} (computationally: AES as a pseudorandom function),
 * and making the same release twice shows the same figures instead of two noisy views of one count
 * whose average would be more exact. Whoever holds the key can recompute the noise and remove it: use
 * it where the key holder may see the clear data anyway, as the data owner of an anonkit run does.
 *
 * <p>Not thread-safe (one per release). {@link #toString()} names no key material.
 */
public final class KeyedRandom implements RandomGenerator {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int BLOCK = 4096;

  private final Cipher keystream;
  private final byte[] zeros = new byte[BLOCK];
  private final byte[] buf = new byte[BLOCK];
  private int pos = BLOCK;

  private KeyedRandom(Cipher keystream) {
    this.keystream = keystream;
  }

  /**
   * The noise of {@code key} (use a key derived for this purpose alone) for {@code context}.
   *
   * @throws IllegalStateException if the JDK lacks HMAC-SHA-256 or AES-CTR (every JDK 17 has both)
   */
  public static KeyedRandom of(DerivedKey key, byte[] context) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(context, "context");
    byte[] k = key.secret().toByteArray(SecretAccess.get());
    byte[] aesKey = null;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(k, "HmacSHA256"));
      aesKey = mac.doFinal(context);
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(new byte[16]));
      return new KeyedRandom(c);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 or AES-CTR unavailable", e);
    } finally {
      Arrays.fill(k, (byte) 0);
      if (aesKey != null) {
        Arrays.fill(aesKey, (byte) 0);
      }
    }
  }

  @Override
  public long nextLong() {
    if (pos > BLOCK - Long.BYTES) {
      refill();
    }
    long v = (long) LONGS.get(buf, pos);
    pos += Long.BYTES;
    return v;
  }

  /** The next bytes of the keystream, in order. */
  @Override
  public void nextBytes(byte[] bytes) {
    int off = 0;
    while (off < bytes.length) {
      if (pos == BLOCK) {
        refill();
      }
      int n = Math.min(bytes.length - off, BLOCK - pos);
      System.arraycopy(buf, pos, bytes, off, n);
      pos += n;
      off += n;
    }
  }

  private void refill() {
    try {
      // a CTR encryption of zeros is the keystream; the counter runs on across calls
      keystream.update(zeros, 0, BLOCK, buf, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    pos = 0;
  }

  @Override
  public String toString() {
    return "KeyedRandom";
  }
}
