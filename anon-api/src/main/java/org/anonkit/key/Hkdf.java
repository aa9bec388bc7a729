package org.anonkit.key;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA-256 (RFC 5869). Package-private: callers derive through {@link MasterKey}. */
final class Hkdf {
  static final int HASH_LEN = 32;
  static final int MAX_OUTPUT = 255 * HASH_LEN;

  private Hkdf() {}

  /** HKDF-Extract(salt, IKM) → PRK. An empty or {@code null} salt means HashLen zero bytes (§2.2). */
  static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] s = (salt == null || salt.length == 0) ? new byte[HASH_LEN] : salt;
    Mac mac = hmac(s);
    return mac.doFinal(ikm);
  }

  /**
   * HKDF-Expand(PRK, info, L) → OKM. Every intermediate block T(i) is computed into one buffer, which is
   * zeroed before returning (T(i) is key material: the last one holds output bytes beyond L).
   */
  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length <= 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF output length must be in [1, " + MAX_OUTPUT + "], got " + length);
    }
    Mac mac = hmac(prk);
    byte[] okm = new byte[length];
    byte[] t = new byte[HASH_LEN];
    try {
      int written = 0;
      for (int i = 1; written < length; i++) {
        if (i > 1) {
          mac.update(t); // T(i) = HMAC(PRK, T(i-1) | info | i), T(0) empty
        }
        mac.update(info);
        mac.update((byte) i);
        mac.doFinal(t, 0);
        int n = Math.min(HASH_LEN, length - written);
        System.arraycopy(t, 0, okm, written, n);
        written += n;
      }
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException("HmacSHA256 output is " + HASH_LEN + " bytes", e);
    } finally {
      Arrays.fill(t, (byte) 0);
    }
    return okm;
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java SE platform", e);
    }
  }
}
