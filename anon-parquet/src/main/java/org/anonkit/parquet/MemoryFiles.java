package org.anonkit.parquet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/** parquet-java's file abstractions over byte arrays and plain streams. */
final class MemoryFiles {
  private MemoryFiles() {}

  /** An output file over one stream: no block size, and creating it again writes on (see {@link Out}). */
  private abstract static class StreamFile implements OutputFile {
    abstract OutputStream stream();

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return positioned(stream());
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return positioned(stream());
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }

  /** A Parquet file being written into memory. Not thread-safe. */
  static final class Out extends StreamFile {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

    @Override
    OutputStream stream() {
      return bytes;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      bytes.reset();
      return positioned(bytes);
    }
  }

  /** An output file whose stream is {@code out} (left open by the stream's close). */
  static OutputFile over(OutputStream out) {
    return new StreamFile() {
      @Override
      OutputStream stream() {
        return out;
      }
    };
  }

  /** Counts position; close() only flushes, so the caller keeps the stream. */
  static PositionOutputStream positioned(OutputStream out) {
    return new PositionOutputStream() {
      private long pos;

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        pos++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        pos += len;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    };
  }

  /** A Parquet file held in memory. Immutable; thread-safe. */
  static final class In implements InputFile {
    private final byte[] data;
    private final int length;

    In(byte[] data, int length) {
      this.data = data;
      this.length = length;
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() {
      return new Seekable(data, length);
    }
  }

  private static final class Seekable extends DelegatingSeekableInputStream {
    private final Stream stream;

    Seekable(byte[] data, int length) {
      this(new Stream(data, length));
    }

    private Seekable(Stream s) {
      super(s);
      this.stream = s;
    }

    @Override
    public long getPos() {
      return stream.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > stream.length()) {
        throw new IOException("seek outside the buffer");
      }
      stream.seekTo((int) newPos);
    }
  }

  private static final class Stream extends ByteArrayInputStream {
    Stream(byte[] data, int length) {
      super(data, 0, length);
    }

    int position() {
      return pos;
    }

    int length() {
      return count;
    }

    void seekTo(int p) {
      pos = p;
    }
  }
}
