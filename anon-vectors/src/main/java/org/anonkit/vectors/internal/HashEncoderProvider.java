package org.anonkit.vectors.internal;

import java.util.List;
import org.anonkit.Encoder;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;
import org.anonkit.vectors.Xxh64;

/**
 * {@code hash}: feature hashing of a string into one of {@code buckets} (default 1,048,576; at most
 * 2^30) with {@code seed} (default 0): {@code bucket = Long.remainderUnsigned(XXH64(utf8(value),
 * seed), buckets)} into an {@code int32} column. Stable across runs, machines and languages (Python:
 * {@code xxhash.xxh64_intdigest(v.encode(), seed) % buckets}); needs no dictionary, so it suits
 * high-cardinality fields such as tokens.
 *
 * <p>Values repeat in job data (users, groups, sites), so each encoder keeps a direct-mapped memo of
 * the last {@value #MEMO} distinct {@code String} values it hashed (keyed by the String's cached hash
 * code; a hit costs an identity or {@code equals} check instead of UTF-8 encoding and XXH64). The memo
 * switches itself off when under a quarter of the first {@value #PROBE} lookups hit (unique values
 * such as job ids), and never changes a bucket. Other {@link CharSequence}s (reusable buffers) are
 * never memoized.
 *
 * <p>Immutable and thread-safe; its encoders are not.
 */
public final class HashEncoderProvider implements EncoderProvider {
  private static final List<Encoder.Column> COLUMNS = List.of(Encoder.Column.dense("", ColumnType.INT32));
  static final int MEMO = 4096;
  static final int PROBE = 4096;

  @Override
  public String name() {
    return "hash";
  }

  @Override
  public String description() {
    return "feature hashing: XXH64(UTF-8 value, seed) mod buckets into int32";
  }

  @Override
  public Encoder create(EncoderContext context) {
    Parameters p = context.parameters().requireOnly("encoder 'hash'", "buckets", "seed");
    long buckets = p.getLong("buckets", 1 << 20, 1, 1 << 30);
    long seed = p.getLong("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
    // for a power of two, h mod buckets (unsigned) is h & (buckets - 1): no 64-bit division
    long mask = Long.bitCount(buckets) == 1 ? buckets - 1 : -1;
    return new HashEncoder(Xxh64.newHasher(), seed, buckets, mask);
  }

  /** One field's hash encoder with its memo. Not thread-safe. */
  static final class HashEncoder implements Encoder {
    private final Xxh64 hasher;
    private final long seed;
    private final long buckets;
    private final long mask;
    private String[] memoKeys = new String[MEMO];
    private final int[] memoBuckets = new int[MEMO];
    private int lookups;
    private int hits;

    HashEncoder(Xxh64 hasher, long seed, long buckets, long mask) {
      this.hasher = hasher;
      this.seed = seed;
      this.buckets = buckets;
      this.mask = mask;
    }

    @Override
    public List<Column> columns() {
      return COLUMNS;
    }

    private int bucket(CharSequence value) {
      long h = hasher.hashUtf8(value, seed);
      return (int) (mask >= 0 ? h & mask : Long.remainderUnsigned(h, buckets));
    }

    @Override
    public void encode(CharSequence value, Output out) {
      if (value == null) {
        out.putMissing(0);
        return;
      }
      String[] keys = memoKeys;
      if (keys == null || !(value instanceof String)) {
        out.putLong(0, bucket(value));
        return;
      }
      String s = (String) value;
      int h = s.hashCode();
      int i = (h ^ (h >>> 16)) & (MEMO - 1);
      String k = keys[i];
      int b;
      if (k == s || (k != null && k.equals(s))) {
        b = memoBuckets[i];
        hits++;
      } else {
        b = bucket(s);
        keys[i] = s;
        memoBuckets[i] = b;
      }
      if (++lookups == PROBE && hits < PROBE / 4) {
        memoKeys = null; // unique values: the memo would only cost
      }
      out.putLong(0, b);
    }

    boolean memoized() {
      return memoKeys != null;
    }
  }
}
