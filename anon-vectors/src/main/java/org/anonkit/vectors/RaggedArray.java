package org.anonkit.vectors;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.anonkit.Encoder.ColumnType;

/**
 * A ragged array in the Arrow / Awkward layout: {@code length} rows, an {@code offsets} buffer of
 * {@code length + 1} 64-bit integers (starting at 0, non-decreasing) and a flat {@code values} buffer;
 * row {@code i} is {@code values[offsets[i] .. offsets[i+1])}. Values are {@code int32},
 * {@code int64} or {@code float64}.
 *
 * <p>{@link #wrap} views caller buffers without copying (heap or direct, e.g. memory-mapped) after
 * validating the offsets; {@link #intRow}/{@link #longRow}/{@link #doubleRow} return read-only views
 * of one row without copying. Builders grow their arrays geometrically (amortized O(1) per element,
 * no quadratic copying). Offsets are 64-bit on disk as Arrow's {@code LargeList}; in memory a Java
 * buffer holds at most 2^31 - 1 values.
 *
 * <p>Immutable (views are read-only) and thread-safe, provided the wrapped buffers are not modified.
 * {@code toString} never prints values.
 */
public final class RaggedArray {
  private final LongBuffer offsets;
  private final Buffer values;
  private final ColumnType type;
  private final int length;

  private RaggedArray(LongBuffer offsets, Buffer values, ColumnType type) {
    this.offsets = offsets.asReadOnlyBuffer();
    this.values = readOnly(values);
    this.type = type;
    this.length = offsets.remaining() - 1;
  }

  private static Buffer readOnly(Buffer b) {
    if (b instanceof IntBuffer) {
      return ((IntBuffer) b).slice().asReadOnlyBuffer();
    } else if (b instanceof LongBuffer) {
      return ((LongBuffer) b).slice().asReadOnlyBuffer();
    }
    return ((DoubleBuffer) b).slice().asReadOnlyBuffer();
  }

  /** Wraps {@code offsets} and int32 {@code values} (from their positions) without copying. */
  public static RaggedArray wrap(LongBuffer offsets, IntBuffer values) {
    return validated(offsets, values, ColumnType.INT32);
  }

  /** Wraps {@code offsets} and int64 {@code values} (from their positions) without copying. */
  public static RaggedArray wrap(LongBuffer offsets, LongBuffer values) {
    return validated(offsets, values, ColumnType.INT64);
  }

  /** Wraps {@code offsets} and float64 {@code values} (from their positions) without copying. */
  public static RaggedArray wrap(LongBuffer offsets, DoubleBuffer values) {
    return validated(offsets, values, ColumnType.FLOAT64);
  }

  /**
   * Wraps another array's offsets with new values of the same count (e.g. the values of a second
   * field of the same rows), sharing the offsets buffer.
   */
  public RaggedArray withValues(DoubleBuffer values) {
    return validated(offsets, values, ColumnType.FLOAT64);
  }

  /** As {@link #withValues(DoubleBuffer)} for int32 values. */
  public RaggedArray withValues(IntBuffer values) {
    return validated(offsets, values, ColumnType.INT32);
  }

  private static RaggedArray validated(LongBuffer offsets, Buffer values, ColumnType type) {
    Objects.requireNonNull(offsets, "offsets");
    Objects.requireNonNull(values, "values");
    LongBuffer o = offsets.slice();
    int n = o.remaining();
    if (n < 1) {
      throw new IllegalArgumentException("offsets must hold length + 1 >= 1 entries");
    }
    if (o.get(0) != 0) {
      throw new IllegalArgumentException("offsets[0] must be 0, got " + o.get(0));
    }
    long prev = 0;
    for (int i = 1; i < n; i++) {
      long v = o.get(i);
      if (v < prev) {
        throw new IllegalArgumentException("offsets must be non-decreasing: offsets[" + i + "] = " + v
            + " < offsets[" + (i - 1) + "] = " + prev);
      }
      prev = v;
    }
    if (prev != values.remaining()) {
      throw new IllegalArgumentException("the last offset (" + prev + ") must equal the number of values ("
          + values.remaining() + ")");
    }
    return new RaggedArray(o, values, type);
  }

  /** The number of rows. */
  public int length() {
    return length;
  }

  /** The total number of values. */
  public int valueCount() {
    return values.limit();
  }

  /** The type of the values. */
  public ColumnType valueType() {
    return type;
  }

  /** Where row {@code i} starts in the values. */
  public long start(int i) {
    Objects.checkIndex(i, length);
    return offsets.get(i);
  }

  /** Where row {@code i} ends (exclusive) in the values. */
  public long end(int i) {
    Objects.checkIndex(i, length);
    return offsets.get(i + 1);
  }

  /** The number of values in row {@code i}. */
  public int rowLength(int i) {
    return (int) (end(i) - start(i));
  }

  /** A read-only view of the offsets ({@code length + 1} entries); no copy. */
  public LongBuffer offsets() {
    return offsets.duplicate();
  }

  /** A read-only view of all values; no copy. Cast to the type-specific buffer ({@link #valueType()}). */
  public Buffer values() {
    return readOnly(values);
  }

  /** Row {@code i} of an int32 array, as a read-only view without copying. */
  public IntBuffer intRow(int i) {
    requireType(ColumnType.INT32);
    return ((IntBuffer) values).slice((int) start(i), rowLength(i));
  }

  /** Row {@code i} of an int64 array, as a read-only view without copying. */
  public LongBuffer longRow(int i) {
    requireType(ColumnType.INT64);
    return ((LongBuffer) values).slice((int) start(i), rowLength(i));
  }

  /** Row {@code i} of a float64 array, as a read-only view without copying. */
  public DoubleBuffer doubleRow(int i) {
    requireType(ColumnType.FLOAT64);
    return ((DoubleBuffer) values).slice((int) start(i), rowLength(i));
  }

  /** The value at flat index {@code k} as a double (any value type). */
  public double getDouble(int k) {
    switch (type) {
      case INT32:
        return ((IntBuffer) values).get(k);
      case INT64:
        return ((LongBuffer) values).get(k);
      default:
        return ((DoubleBuffer) values).get(k);
    }
  }

  /** The value at flat index {@code k} as a long (integer value types). */
  public long getLong(int k) {
    switch (type) {
      case INT32:
        return ((IntBuffer) values).get(k);
      case INT64:
        return ((LongBuffer) values).get(k);
      default:
        throw new IllegalStateException("values are " + type.primitiveName() + ", not integers");
    }
  }

  private void requireType(ColumnType t) {
    if (type != t) {
      throw new IllegalStateException("values are " + type.primitiveName() + ", not " + t.primitiveName());
    }
  }

  @Override
  public String toString() {
    return "RaggedArray{length=" + length + ", values=" + valueCount() + " x " + type.primitiveName() + "}";
  }

  /** A builder of int32 ragged arrays. Not thread-safe. */
  public static IntBuilder intBuilder() {
    return new IntBuilder();
  }

  /** A builder of float64 ragged arrays. Not thread-safe. */
  public static DoubleBuilder doubleBuilder() {
    return new DoubleBuilder();
  }

  /** Growable offsets shared by the builders. */
  abstract static class OffsetsBuilder {
    long[] offsets = new long[16];
    int rows;
    int count;

    /** Ends the current row. */
    public final void endRow() {
      if (rows + 2 > offsets.length) {
        offsets = Arrays.copyOf(offsets, grow(offsets.length, rows + 2));
      }
      offsets[++rows] = count;
    }

    /** The number of rows ended so far. */
    public final int rows() {
      return rows;
    }

    /** The number of values added so far. */
    public final int valueCount() {
      return count;
    }

    final LongBuffer offsetBuffer() {
      return LongBuffer.wrap(offsets, 0, rows + 1).slice();
    }

    static int grow(int current, int needed) {
      long n = Math.max((long) current + (current >> 1) + 16, needed);
      if (n > Integer.MAX_VALUE - 8) {
        if (needed > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("a ragged array holds at most 2^31 - 9 values or rows");
        }
        n = Integer.MAX_VALUE - 8;
      }
      return (int) n;
    }
  }

  /** Builds an int32 {@link RaggedArray}: {@link #add} values, {@link #endRow()} after each row. Not thread-safe. */
  public static final class IntBuilder extends OffsetsBuilder {
    private int[] values = new int[64];

    private IntBuilder() {}

    /** Appends {@code v} to the current row. */
    public IntBuilder add(int v) {
      if (count == values.length) {
        values = Arrays.copyOf(values, grow(values.length, count + 1));
      }
      values[count++] = v;
      return this;
    }

    /** The value at flat index {@code k}. */
    int get(int k) {
      return values[k];
    }

    /** Replaces every value {@code v} by {@code remap[v]} (dictionary renumbering). */
    void remap(int[] remap) {
      for (int k = 0; k < count; k++) {
        values[k] = remap[values[k]];
      }
    }

    /** The array so far, viewing this builder's arrays (do not add afterwards). */
    public RaggedArray build() {
      return new RaggedArray(offsetBuffer(), IntBuffer.wrap(values, 0, count).slice(), ColumnType.INT32);
    }
  }

  /** Builds a float64 {@link RaggedArray}: {@link #add} values, {@link #endRow()} after each row. Not thread-safe. */
  public static final class DoubleBuilder extends OffsetsBuilder {
    private double[] values = new double[64];

    private DoubleBuilder() {}

    /** Appends {@code v} to the current row. */
    public DoubleBuilder add(double v) {
      if (count == values.length) {
        values = Arrays.copyOf(values, grow(values.length, count + 1));
      }
      values[count++] = v;
      return this;
    }

    double get(int k) {
      return values[k];
    }

    void set(int k, double v) {
      values[k] = v;
    }

    /** The array so far, viewing this builder's arrays (do not add afterwards). */
    public RaggedArray build() {
      return new RaggedArray(offsetBuffer(), DoubleBuffer.wrap(values, 0, count).slice(), ColumnType.FLOAT64);
    }
  }

}
