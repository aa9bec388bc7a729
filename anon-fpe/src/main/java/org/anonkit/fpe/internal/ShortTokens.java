package org.anonkit.fpe.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;

/**
 * The pseudo-random words behind short-value tokens: HMAC-SHA256 under a sub-key
 * ({@code <purpose>/short-values}) of {@code part || 0x00 || UTF-8(value) || counter}, read as unsigned
 * 32-bit words. Deterministic, irreversible. Immutable and thread-safe (one {@link Mac} per thread).
 */
final class ShortTokens {
  private final byte[] part;
  private final SecretKeySpec macKey;
  private final ThreadLocal<Mac> mac;

  ShortTokens(DerivedKey key, String part) {
    this.part = part.getBytes(StandardCharsets.UTF_8);
    byte[] k = key.subKey("short-values", 32).secret().toByteArray(SecretAccess.get());
    this.macKey = new SecretKeySpec(k, "HmacSHA256");
    Arrays.fill(k, (byte) 0);
    this.mac = ThreadLocal.withInitial(this::newMac);
    newMac();
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(macKey);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** {@code count} unsigned 32-bit words for {@code value}. */
  long[] words(CharSequence value, int count) {
    Mac m = mac.get();
    byte[] v = value.toString().getBytes(StandardCharsets.UTF_8);
    long[] out = new long[count];
    byte[] block = null;
    int used = 32;
    int counter = 0;
    for (int i = 0; i < count; i++) {
      if (used == 32) {
        m.update(part);
        m.update((byte) 0);
        m.update(v);
        m.update((byte) (counter >>> 8));
        m.update((byte) counter++);
        block = m.doFinal();
        used = 0;
      }
      out[i] = ((block[used] & 0xffL) << 24) | ((block[used + 1] & 0xff) << 16)
          | ((block[used + 2] & 0xff) << 8) | (block[used + 3] & 0xff);
      used += 4;
    }
    return out;
  }

  @Override
  public String toString() {
    return "ShortTokens{key=<redacted>}";
  }
}
