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
 * high-cardinality fields such as tokens. Immutable and thread-safe; its encoders are not.
 */
public final class HashEncoderProvider implements EncoderProvider {
  private static final List<Encoder.Column> COLUMNS = List.of(Encoder.Column.dense("", ColumnType.INT32));

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
    Xxh64 hasher = Xxh64.newHasher();
    // for a power of two, h mod buckets (unsigned) is h & (buckets - 1): no 64-bit division
    long mask = Long.bitCount(buckets) == 1 ? buckets - 1 : -1;
    return new Encoder() {
      @Override
      public List<Column> columns() {
        return COLUMNS;
      }

      @Override
      public void encode(CharSequence value, Output out) {
        if (value == null) {
          out.putMissing(0);
          return;
        }
        long h = hasher.hashUtf8(value, seed);
        out.putLong(0, mask >= 0 ? h & mask : Long.remainderUnsigned(h, buckets));
      }
    };
  }
}
