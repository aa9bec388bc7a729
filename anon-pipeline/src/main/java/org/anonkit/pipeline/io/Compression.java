package org.anonkit.pipeline.io;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Stream compression, chosen by file extension ({@code .gz}, {@code .zst}) and, for input, also
 * recognized by magic bytes.
 *
 * <p>zstd is the better choice for large outputs: at level 3 it compresses several times faster
 * than the JDK's gzip, which would otherwise cap a whole pipeline (see docs/benchmarks/pipeline-io.md).
 *
 * <p>Immutable; thread-safe. The streams it returns are not thread-safe.
 */
public enum Compression {
  /** No compression. */
  NONE(""),
  /**
   * gzip (RFC 1952) through the JDK's inflater; multi-member input is read whole, and bytes after a
   * member that are not another member (other than NUL padding) are an error, never a silent end.
   */
  GZIP(".gz"),
  /**
   * Zstandard through zstd-jni; default level {@value #DEFAULT_ZSTD_LEVEL}. An empty input (no frame
   * at all) is an error, as an empty gzip input is.
   */
  ZSTD(".zst");

  /** The zstd level used unless another is configured. */
  public static final int DEFAULT_ZSTD_LEVEL = 3;

  static final int BUFFER = 1 << 16;

  private final String suffix;

  Compression(String suffix) {
    this.suffix = suffix;
  }

  /** The file name suffix: {@code ""}, {@code ".gz"} or {@code ".zst"}. */
  public String suffix() {
    return suffix;
  }

  /** The compression a file name's extension names ({@code .gz}, {@code .zst}), else {@link #NONE}. */
  public static Compression fromFileName(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      return GZIP;
    }
    if (n.endsWith(".zst") || n.endsWith(".zstd")) {
      return ZSTD;
    }
    return NONE;
  }

  /** The compression whose magic bytes start {@code head}, else {@link #NONE}. */
  public static Compression fromMagic(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  static String stripSuffix(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    for (String s : new String[] {".gz", ".zst", ".zstd"}) {
      if (n.endsWith(s)) {
        return fileName.substring(0, fileName.length() - s.length());
      }
    }
    return fileName;
  }

  /** Wraps {@code in} to decompress it; {@link #NONE} returns {@code in} itself. */
  public InputStream decompress(InputStream in) throws IOException {
    switch (this) {
      case GZIP:
        return new GzipMembers(in, BUFFER);
      case ZSTD:
        // zstd-jni reads an empty input as no data; an empty file is no zstd stream (the zstd tool
        // refuses it, and an empty run writes a frame), so it fails as an empty .gz does
        return new ZstdInputStreamNoFinalizer(new NotEmpty(in, "empty zstd input (no zstd frame)"));
      default:
        return in;
    }
  }

  /** Fails the first read that finds the input empty; otherwise passes every read through. */
  private static final class NotEmpty extends java.io.FilterInputStream {
    private final String emptyMessage;
    private boolean seen;

    NotEmpty(InputStream in, String emptyMessage) {
      super(in);
      this.emptyMessage = emptyMessage;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      check(c < 0 ? -1 : 1);
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (len > 0) {
        check(n);
      }
      return n;
    }

    private void check(int n) throws IOException {
      if (!seen) {
        if (n < 0) {
          throw new java.io.EOFException(emptyMessage);
        }
        seen = n > 0;
      }
    }
  }

  /**
   * Wraps {@code out} to compress into it at the given zstd level (ignored by the others);
   * {@link #NONE} returns {@code out} itself. Closing the result finishes the compressed stream and
   * closes {@code out}.
   */
  public OutputStream compress(OutputStream out, int zstdLevel) throws IOException {
    return compress(out, zstdLevel, 0);
  }

  /**
   * Like {@link #compress(OutputStream, int)}; {@code zstdWorkers} > 0 lets zstd compress in that
   * many threads of its own. The compressed bytes are the same for every value >= 1 (they differ
   * from those of 0, the single-threaded mode).
   */
  OutputStream compress(OutputStream out, int zstdLevel, int zstdWorkers) throws IOException {
    switch (this) {
      case GZIP:
        return new GZIPOutputStream(out, BUFFER);
      case ZSTD:
        ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, zstdLevel);
        if (zstdWorkers > 0) {
          z.setWorkers(zstdWorkers);
        }
        return z;
      default:
        return out;
    }
  }
}
