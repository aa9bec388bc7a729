package org.anonkit.vectors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.anonkit.Encoder;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.vectors.Xxh64;
import org.junit.jupiter.api.Test;

/** The hash encoder's memo never changes a bucket, and switches itself off on unique values. */
class HashMemoTest {
  /** Captures the last value written. */
  static final class Last implements Encoder.Output {
    long value;

    @Override
    public void putLong(int column, long v) {
      value = v;
    }

    @Override
    public void putDouble(int column, double v) {
      throw new AssertionError();
    }

    @Override
    public void putMissing(int column) {
      value = -1;
    }

    @Override
    public void addElement(int column, long v) {
      throw new AssertionError();
    }
  }

  static Encoder encoder(long buckets) {
    return new HashEncoderProvider().create(EncoderContext.of("Owner",
        Parameters.builder().put("buckets", buckets).put("seed", 7L).build()));
  }

  @Test
  void encode_repeatedAndCollidingValues_bucketsEqualDirectXxh64() {
    Random rnd = new Random(1);
    for (long buckets : new long[] {1 << 20, 1000}) {
      Encoder e = encoder(buckets);
      Last out = new Last();
      for (int i = 0; i < 50_000; i++) {
        // Zipf-like repeats, fresh String objects (as a parser makes), a StringBuilder now and then
        String v = "user" + (int) (Math.pow(rnd.nextDouble(), 3) * 6000) + "@fnal.gov";
        CharSequence in = i % 97 == 0 ? new StringBuilder(v) : new String(v.toCharArray());
        e.encode(in, out);
        byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
        assertThat(out.value).as(v).isEqualTo(Long.remainderUnsigned(Xxh64.hash(utf8, 0, utf8.length, 7L), buckets));
      }
      assertThat(((HashEncoderProvider.HashEncoder) e).memoized()).isTrue();
      e.encode(null, out);
      assertThat(out.value).isEqualTo(-1);
    }
  }

  @Test
  void encode_uniqueValues_switchesMemoOffAndKeepsBuckets() {
    Encoder e = encoder(1 << 20);
    Last out = new Last();
    for (int i = 0; i < 3 * HashEncoderProvider.PROBE; i++) {
      String v = "fnpc" + i + ".fnal.gov#" + (i * 7919L) + ".0#1700000000";
      e.encode(v, out);
      byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
      assertThat(out.value).isEqualTo(Xxh64.hash(utf8, 0, utf8.length, 7L) & ((1 << 20) - 1));
    }
    assertThat(((HashEncoderProvider.HashEncoder) e).memoized()).isFalse();
  }
}
