package org.anonkit.vectors;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import org.anonkit.Encoder.ColumnType;

/**
 * One dense column: a primitive array of its type that grows geometrically, and a bitmap of missing
 * rows (bit {@code i % 8} of byte {@code i / 8}, 1 = missing) allocated at the first missing value,
 * so columns without missing values pay nothing; {@link #validityBitmap()} returns Arrow's validity
 * form (1 = present). Not thread-safe.
 */
final class ColumnBuffer {
  final ColumnType type;
  int size;
  long[] longs;
  double[] doubles;
  int[] ints;
  float[] floats;
  byte[] bytes;
  byte[] missingBits; // 1 = missing; null while nothing is missing
  int missing;

  ColumnBuffer(ColumnType type, int capacity) {
    this.type = type;
    int c = Math.max(16, capacity);
    switch (type) {
      case INT64:
        longs = new long[c];
        break;
      case FLOAT64:
        doubles = new double[c];
        break;
      case INT32:
      case UINT32:
        ints = new int[c];
        break;
      case FLOAT32:
        floats = new float[c];
        break;
      default:
        bytes = new byte[c];
    }
  }

  private int capacity() {
    switch (type) {
      case INT64:
        return longs.length;
      case FLOAT64:
        return doubles.length;
      case INT32:
      case UINT32:
        return ints.length;
      case FLOAT32:
        return floats.length;
      default:
        return bytes.length;
    }
  }

  private void grow() {
    int n = RaggedArray.OffsetsBuilder.grow(capacity(), size + 1);
    switch (type) {
      case INT64:
        longs = Arrays.copyOf(longs, n);
        break;
      case FLOAT64:
        doubles = Arrays.copyOf(doubles, n);
        break;
      case INT32:
      case UINT32:
        ints = Arrays.copyOf(ints, n);
        break;
      case FLOAT32:
        floats = Arrays.copyOf(floats, n);
        break;
      default:
        bytes = Arrays.copyOf(bytes, n);
    }
  }

  void putLong(long v) {
    switch (type) {
      case INT64:
        if (size == longs.length) {
          grow();
        }
        longs[size++] = v;
        return;
      case INT32:
      case UINT32:
        if (size == ints.length) {
          grow();
        }
        ints[size++] = (int) v;
        return;
      case BOOL:
        if (size == bytes.length) {
          grow();
        }
        bytes[size++] = (byte) (v != 0 ? 1 : 0);
        return;
      default:
        putDouble(v);
    }
  }

  void putDouble(double v) {
    switch (type) {
      case FLOAT64:
        if (size == doubles.length) {
          grow();
        }
        doubles[size++] = v;
        return;
      case FLOAT32:
        if (size == floats.length) {
          grow();
        }
        floats[size++] = (float) v;
        return;
      default:
        throw new IllegalStateException("an encoder wrote a floating-point value into a "
            + type.primitiveName() + " column");
    }
  }

  void putMissing() {
    int row = size;
    switch (type) {
      case FLOAT64:
        putDouble(Double.NaN);
        break;
      case FLOAT32:
        putDouble(Float.NaN);
        break;
      default:
        putLong(0);
    }
    if (missingBits == null) {
      missingBits = new byte[Math.max(16, (capacity() + 7) >>> 3)];
    } else if ((row >>> 3) >= missingBits.length) {
      missingBits = Arrays.copyOf(missingBits, Math.max(missingBits.length * 2, (row >>> 3) + 1));
    }
    missingBits[row >>> 3] |= (byte) (1 << (row & 7));
    missing++;
  }

  boolean isValid(int row) {
    return missingBits == null || (row >>> 3) >= missingBits.length
        || (missingBits[row >>> 3] & (1 << (row & 7))) == 0;
  }

  double getDouble(int row) {
    switch (type) {
      case INT64:
        return longs[row];
      case FLOAT64:
        return doubles[row];
      case INT32:
        return ints[row];
      case UINT32:
        return ints[row] & 0xFFFFFFFFL;
      case FLOAT32:
        return floats[row];
      default:
        return bytes[row];
    }
  }

  long getLong(int row) {
    switch (type) {
      case INT64:
        return longs[row];
      case INT32:
        return ints[row];
      case UINT32:
        return ints[row] & 0xFFFFFFFFL;
      case BOOL:
        return bytes[row];
      default:
        throw new IllegalStateException("column is " + type.primitiveName() + ", use getDouble");
    }
  }

  /** A heap buffer viewing the first {@code size} elements; no copy. */
  Buffer data() {
    switch (type) {
      case INT64:
        return LongBuffer.wrap(longs, 0, size).slice();
      case FLOAT64:
        return DoubleBuffer.wrap(doubles, 0, size).slice();
      case INT32:
      case UINT32:
        return IntBuffer.wrap(ints, 0, size).slice();
      case FLOAT32:
        return FloatBuffer.wrap(floats, 0, size).slice();
      default:
        return ByteBuffer.wrap(bytes, 0, size).slice();
    }
  }

  /**
   * The validity bitmap in Arrow's layout ({@code ceil(size / 8)} bytes, bit {@code i % 8} of byte
   * {@code i / 8} set when row {@code i} is present, unused high bits 0), or null when nothing is
   * missing. One pass over {@code size / 8} bytes.
   */
  byte[] validityBitmap() {
    if (missingBits == null) {
      return null;
    }
    int n = (size + 7) >>> 3;
    byte[] v = new byte[n];
    for (int i = 0; i < n; i++) {
      v[i] = (byte) ~(i < missingBits.length ? missingBits[i] : 0);
    }
    if ((size & 7) != 0) {
      v[n - 1] &= (byte) ((1 << (size & 7)) - 1);
    }
    return v;
  }

  void remap(int[] remap) {
    for (int i = 0; i < size; i++) {
      if (isValid(i)) {
        ints[i] = remap[ints[i]];
      }
    }
  }
}
