package org.anonkit.parquet;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page codecs without Hadoop: ZSTD through zstd-jni (compress and decompress), SNAPPY and
 * LZ4_RAW through aircompressor's pure-Java decoders, GZIP through the JDK, and UNCOMPRESSED.
 *
 * <p>Every compressor and decompressor it returns is stateless, so one factory and its codecs are
 * <b>thread-safe</b>: row groups read on one thread are decompressed on worker threads.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  private final int zstdLevel;

  ParquetCodecs(int zstdLevel) {
    this.zstdLevel = zstdLevel;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    switch (codec) {
      case ZSTD:
        return new Compressor(codec, zstdLevel);
      case UNCOMPRESSED:
        return new Compressor(codec, 0);
      default:
        throw new IllegalArgumentException("anon-parquet writes ZSTD or UNCOMPRESSED pages, not " + codec);
    }
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    switch (codec) {
      case ZSTD:
      case SNAPPY:
      case GZIP:
      case LZ4_RAW:
      case UNCOMPRESSED:
        return new Decompressor(codec);
      default:
        throw new UnsupportedCodecException(codec);
    }
  }

  @Override
  public void release() {
    // stateless
  }

  /** A page codec the reader does not support; turned into a typed error naming the file. */
  static final class UnsupportedCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final CompressionCodecName codec;

    UnsupportedCodecException(CompressionCodecName codec) {
      super("unsupported Parquet codec " + codec + " (readable: ZSTD, SNAPPY, GZIP, LZ4_RAW, UNCOMPRESSED)");
      this.codec = codec;
    }
  }

  private static final class Compressor implements BytesInputCompressor {
    private final CompressionCodecName codec;
    private final int level;

    Compressor(CompressionCodecName codec, int level) {
      this.codec = codec;
      this.level = level;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      return BytesInput.from(Zstd.compress(bytes.toByteArray(), level));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {
      // stateless
    }
  }

  private static final class Decompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    Decompressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      byte[] in = bytes.toByteArray();
      return BytesInput.from(decode(in, 0, in.length, uncompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      byte[] out = codec == CompressionCodecName.UNCOMPRESSED ? in : decode(in, 0, compressedSize, uncompressedSize);
      output.put(out, 0, uncompressedSize);
      output.flip();
    }

    private byte[] decode(byte[] in, int off, int len, int size) throws IOException {
      byte[] out = new byte[size];
      int n;
      switch (codec) {
        case ZSTD:
          long r = Zstd.decompressByteArray(out, 0, size, in, off, len);
          if (Zstd.isError(r)) {
            throw new IOException("corrupt ZSTD page");
          }
          n = (int) r;
          break;
        case SNAPPY:
          n = new SnappyDecompressor().decompress(in, off, len, out, 0, size);
          break;
        case LZ4_RAW:
          n = new Lz4Decompressor().decompress(in, off, len, out, 0, size);
          break;
        case GZIP:
          try (InputStream z = new GZIPInputStream(new java.io.ByteArrayInputStream(in, off, len))) {
            n = z.readNBytes(out, 0, size);
          }
          break;
        default:
          throw new UnsupportedCodecException(codec);
      }
      if (n != size) {
        throw new IOException("corrupt " + codec + " page (size mismatch)");
      }
      return out;
    }

    @Override
    public void release() {
      // stateless
    }
  }
}
