package org.anonkit.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.anonkit.Encoder.ColumnType;

/**
 * Writes NumPy {@code .npy} files, format version 1.0: the magic {@code \x93NUMPY}, version
 * {@code 1 0}, a little-endian {@code uint16} header length, an ASCII header
 * {@code {'descr': '<i8', 'fortran_order': False, 'shape': (n,), }} padded with spaces and ending in
 * a newline so that the data starts at a multiple of 64 bytes (as NumPy writes it), then the
 * elements, little-endian, in C order. {@code numpy.load(path, mmap_mode="r")} maps such a file
 * without copying.
 *
 * <p>Data is written from the caller's buffer through a {@link FileChannel}: a direct little-endian
 * {@link ByteBuffer} is written as is; other buffers (heap arrays) are moved by bulk copies of 1 MiB
 * into one direct staging buffer (a memory copy on little-endian hosts), never element by element.
 *
 * <p>The static methods are thread-safe (each call uses its own channel and staging buffer).
 */
public final class NpyWriter {
  private static final int ALIGN = 64;
  private static final int CHUNK = 1 << 20;

  private NpyWriter() {}

  /**
   * Writes {@code data} (from its position to its limit) as an array of {@code type} and
   * {@code shape}; the product of the shape must equal the number of elements. A {@link ByteBuffer}
   * holds raw little-endian bytes of the type.
   */
  public static void write(Path file, Buffer data, ColumnType type, long... shape) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(data, "data");
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape");
      }
      count = Math.multiplyExact(count, d);
    }
    long elements = data instanceof ByteBuffer ? data.remaining() / type.byteSize() : data.remaining();
    if (data instanceof ByteBuffer && data.remaining() % type.byteSize() != 0) {
      throw new IllegalArgumentException("byte buffer length is not a multiple of the element size");
    }
    if (elements != count) {
      throw new IllegalArgumentException("shape holds " + count + " elements but the buffer has " + elements);
    }
    checkBufferType(data, type);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, ByteBuffer.wrap(header(type.numpyDescr(), shape)));
      writeData(ch, data);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.getFileName(), e);
    }
  }

  /** Writes raw little-endian bytes with an explicit numpy {@code descr} (e.g. {@code "|u1"}). */
  static void writeRaw(Path file, ByteBuffer bytes, String descr, long... shape) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, ByteBuffer.wrap(header(descr, shape)));
      writeFully(ch, bytes.duplicate());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.getFileName(), e);
    }
  }

  /** Writes a 1-D {@code long[]} ({@code <i8}). */
  public static void write(Path file, long[] data, int offset, int length) {
    write(file, LongBuffer.wrap(data, offset, length), ColumnType.INT64, length);
  }

  /** Writes a 1-D {@code int[]} ({@code <i4}). */
  public static void write(Path file, int[] data, int offset, int length) {
    write(file, IntBuffer.wrap(data, offset, length), ColumnType.INT32, length);
  }

  /** Writes a 1-D {@code double[]} ({@code <f8}). */
  public static void write(Path file, double[] data, int offset, int length) {
    write(file, DoubleBuffer.wrap(data, offset, length), ColumnType.FLOAT64, length);
  }

  /** Writes a row-major {@code rows x cols} matrix of doubles ({@code <f8}, C order). */
  public static void writeMatrix(Path file, double[] data, int rows, int cols) {
    write(file, DoubleBuffer.wrap(data, 0, Math.multiplyExact(rows, cols)), ColumnType.FLOAT64, rows, cols);
  }

  private static void checkBufferType(Buffer data, ColumnType type) {
    boolean ok;
    switch (type) {
      case INT64:
        ok = data instanceof LongBuffer;
        break;
      case FLOAT64:
        ok = data instanceof DoubleBuffer;
        break;
      case INT32:
      case UINT32:
        ok = data instanceof IntBuffer;
        break;
      case FLOAT32:
        ok = data instanceof FloatBuffer;
        break;
      default:
        ok = false;
    }
    if (!ok && !(data instanceof ByteBuffer)) {
      throw new IllegalArgumentException("a " + data.getClass().getSimpleName() + " cannot hold "
          + type.primitiveName() + " elements");
    }
  }

  /** The complete header (magic to newline) for {@code descr} and {@code shape}; length a multiple of 64. */
  static byte[] header(String descr, long... shape) {
    StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
        .append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      dict.append(shape[i]);
      if (shape.length == 1 || i < shape.length - 1) {
        dict.append(',');
      }
      if (i < shape.length - 1) {
        dict.append(' ');
      }
    }
    dict.append("), }");
    int preamble = 10; // magic (6) + version (2) + header length (2)
    int total = preamble + dict.length() + 1;
    int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
    int headerLen = padded - preamble;
    if (headerLen > 0xFFFF) {
      throw new IllegalArgumentException("shape too long for an .npy 1.0 header");
    }
    while (dict.length() < headerLen - 1) {
      dict.append(' ');
    }
    dict.append('\n');
    byte[] out = new byte[padded];
    out[0] = (byte) 0x93;
    byte[] magic = "NUMPY".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, out, 1, 5);
    out[6] = 1;
    out[7] = 0;
    out[8] = (byte) (headerLen & 0xFF);
    out[9] = (byte) (headerLen >>> 8);
    byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, out, preamble, text.length);
    return out;
  }

  private static void writeData(FileChannel ch, Buffer data) throws IOException {
    writeData(ch, data, data instanceof ByteBuffer ? null
        : ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN));
  }

  /**
   * Writes {@code data} at the channel's position through {@code staging} (a little-endian buffer
   * of at least 8 bytes, e.g. direct; its content is overwritten).
   */
  static void writeData(FileChannel ch, Buffer data, ByteBuffer staging) throws IOException {
    if (data instanceof ByteBuffer) {
      writeFully(ch, ((ByteBuffer) data).duplicate());
      return;
    }
    int chunk = staging.capacity();
    if (data instanceof LongBuffer) {
      LongBuffer src = ((LongBuffer) data).duplicate();
      while (src.hasRemaining()) {
        int n = Math.min(src.remaining(), chunk / 8);
        staging.clear();
        staging.asLongBuffer().put(src.slice().limit(n));
        src.position(src.position() + n);
        staging.limit(n * 8);
        writeFully(ch, staging);
      }
    } else if (data instanceof DoubleBuffer) {
      DoubleBuffer src = ((DoubleBuffer) data).duplicate();
      while (src.hasRemaining()) {
        int n = Math.min(src.remaining(), chunk / 8);
        staging.clear();
        staging.asDoubleBuffer().put(src.slice().limit(n));
        src.position(src.position() + n);
        staging.limit(n * 8);
        writeFully(ch, staging);
      }
    } else if (data instanceof IntBuffer) {
      IntBuffer src = ((IntBuffer) data).duplicate();
      while (src.hasRemaining()) {
        int n = Math.min(src.remaining(), chunk / 4);
        staging.clear();
        staging.asIntBuffer().put(src.slice().limit(n));
        src.position(src.position() + n);
        staging.limit(n * 4);
        writeFully(ch, staging);
      }
    } else if (data instanceof FloatBuffer) {
      FloatBuffer src = ((FloatBuffer) data).duplicate();
      while (src.hasRemaining()) {
        int n = Math.min(src.remaining(), chunk / 4);
        staging.clear();
        staging.asFloatBuffer().put(src.slice().limit(n));
        src.position(src.position() + n);
        staging.limit(n * 4);
        writeFully(ch, staging);
      }
    } else {
      throw new IllegalArgumentException("unsupported buffer " + data.getClass().getSimpleName());
    }
  }

  static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}
