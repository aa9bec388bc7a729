package org.anonkit.vectors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * XXH64, the 64-bit xxHash of Yann Collet (specification: {@code doc/xxhash_spec.md} in
 * github.com/Cyan4973/xxHash), used for stable feature hashing.
 *
 * <p><b>Why XXH64.</b> Its output is fixed by a public specification and reproduced by every xxHash
 * binding (Python: {@code xxhash.xxh64_intdigest(s.encode("utf-8"), seed)}), so a bucket computed here
 * can be recomputed anywhere. It is tested against the reference implementation's sanity vectors.
 * The hash is not keyed and not a cryptographic primitive: feature hashing of already anonymized
 * tokens needs stability, not secrecy.
 *
 * <p>Strings are hashed as their UTF-8 bytes (unpaired surrogates become {@code '?'}, as in
 * {@link String#getBytes(java.nio.charset.Charset)}).
 *
 * <p>The static methods are thread-safe. An instance ({@link #newHasher()}) keeps a reusable UTF-8
 * scratch buffer so hashing a {@link CharSequence} allocates nothing once warmed up; instances are not
 * thread-safe.
 */
public final class Xxh64 {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] scratch = new byte[64];

  private Xxh64() {}

  /** A hasher with its own UTF-8 scratch buffer (not thread-safe). */
  public static Xxh64 newHasher() {
    return new Xxh64();
  }

  /** XXH64 of the UTF-8 encoding of {@code s}, reusing this hasher's scratch buffer. */
  public long hashUtf8(CharSequence s, long seed) {
    int n = s.length();
    if (scratch.length < 3 * n) {
      scratch = new byte[Math.max(3 * n, 2 * scratch.length)];
    }
    int len = Utf8.encode(s, scratch);
    return hash(scratch, 0, len, seed);
  }

  /** XXH64 of {@code data[offset, offset+length)} with {@code seed}. */
  public static long hash(byte[] data, int offset, int length, long seed) {
    Objects.checkFromIndexSize(offset, length, data.length);
    int p = offset;
    final int end = offset + length;
    long h;
    if (length >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      final int limit = end - 32;
      do {
        v1 = round(v1, (long) LONGS.get(data, p));
        v2 = round(v2, (long) LONGS.get(data, p + 8));
        v3 = round(v3, (long) LONGS.get(data, p + 16));
        v4 = round(v4, (long) LONGS.get(data, p + 24));
        p += 32;
      } while (p <= limit);
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12)
          + Long.rotateLeft(v4, 18);
      h = mergeRound(h, v1);
      h = mergeRound(h, v2);
      h = mergeRound(h, v3);
      h = mergeRound(h, v4);
    } else {
      h = seed + P5;
    }
    h += length;
    while (p + 8 <= end) {
      h ^= round(0, (long) LONGS.get(data, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (p + 4 <= end) {
      h ^= ((int) INTS.get(data, p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < end) {
      h ^= (data[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long mergeRound(long acc, long val) {
    acc ^= round(0, val);
    return acc * P1 + P4;
  }

  @Override
  public String toString() {
    return "Xxh64";
  }
}
