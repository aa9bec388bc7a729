package org.anonkit.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.junit.jupiter.api.Test;

class KeyedRandomTest {
  private static final DerivedKey KEY = MasterKey.generate("dp-test", new SecureRandom()).derive("dp-noise");

  private static byte[] bytes(KeyedRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  @Test
  void sameKeyAndContext_sameNoise_otherContextOrKey_otherNoise() {
    byte[] ctx = "sha256-of-the-data".getBytes(StandardCharsets.UTF_8);
    KeyedRandom a = KeyedRandom.of(KEY, ctx);
    KeyedRandom b = KeyedRandom.of(KEY, ctx);
    for (int i = 0; i < 2000; i++) { // past one 4 KiB refill
      assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }
    assertThat(bytes(KeyedRandom.of(KEY, "other".getBytes(StandardCharsets.UTF_8)), 64)).isNotEqualTo(bytes(KeyedRandom.of(KEY, ctx), 64));
    DerivedKey other = MasterKey.generate("dp-test-2", new SecureRandom()).derive("dp-noise");
    assertThat(bytes(KeyedRandom.of(other, ctx), 64)).isNotEqualTo(bytes(KeyedRandom.of(KEY, ctx), 64));
  }

  /** The stream is AES-256 of the counter blocks 0, 1, 2, ... under HMAC-SHA-256(key, context): checked with AES/ECB. */
  @Test
  void stream_isAesOfTheCounterBlocks_underTheHmacOfTheContext() throws Exception {
    byte[] ctx = {1, 2, 3};
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.secret().toByteArray(SecretAccess.get()), "HmacSHA256"));
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(mac.doFinal(ctx), "AES"));
    KeyedRandom r = KeyedRandom.of(KEY, ctx);
    byte[] got = bytes(r, 4096 + 32); // across the refill
    for (int block : new int[] {0, 1, 255, 256, 257}) {
      byte[] counter = new byte[16];
      counter[15] = (byte) block;
      counter[14] = (byte) (block >>> 8);
      byte[] want = ecb.doFinal(counter);
      byte[] at = java.util.Arrays.copyOfRange(got, 16 * block, 16 * block + 16);
      assertThat(at).as("block %d", block).isEqualTo(want);
    }
    // nextLong reads the same stream, big-endian
    KeyedRandom s = KeyedRandom.of(KEY, ctx);
    long first = s.nextLong();
    assertThat(first).isEqualTo(java.nio.ByteBuffer.wrap(got, 0, 8).getLong());
  }

  @Test
  void doubles_lookUniform_andToStringNamesNoKey() {
    KeyedRandom r = KeyedRandom.of(KEY, new byte[0]);
    double sum = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      double d = r.nextDouble();
      assertThat(d).isBetween(0.0, 1.0);
      sum += d;
    }
    assertThat(sum / n).isBetween(0.49, 0.51);
    assertThat(r.toString()).isEqualTo("KeyedRandom");
  }
}
