package org.anonkit.pipeline.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.json.JsonFactory;

/**
 * The sequential end of a pipeline: takes {@link SerializedChunk}s in input order, adds the framing
 * that spans chunks (CSV header; condor-json's {@code [}, the {@code ,} between objects of different
 * chunks and the closing {@code ]}), compresses, and writes to a file that appears only on
 * {@link #commit()} (through {@link AtomicFile}) or to a stream.
 *
 * <pre>{@code
 * try (RecordOutput out = RecordOutput.builder(target).format(in.format()).columns(in.columns()).create()) {
 *   ChunkSerializer ser = out.newSerializer();                 // one per worker
 *   ... ser.write(record) for each record of chunk c ...
 *   out.append(ser.finish(c.index()));                          // in chunk order
 *   out.commit();                                               // else close() deletes the temp file
 * }
 * }</pre>
 *
 * <p><b>Format.</b> {@link Builder#format} if set (the pipeline passes the input's format unless
 * {@code --output-format} says otherwise), else the target's extension ({@code .jsonl}, {@code .csv});
 * else {@link Builder#create()} fails. <b>CSV needs columns</b>: {@link Builder#columns(List)} is
 * required for CSV output (the pipeline passes the CSV input's header minus dropped fields, or the
 * policy's column list when converting from another format); fields without a column are left out
 * and counted ({@link ChunkSerializer#omittedFields()}), and missing ones are empty cells. An empty
 * column list gives an empty file (no header): the output of an input without records.
 *
 * <p><b>Compression</b>: {@link Builder#compression} if set, else by extension ({@code .gz},
 * {@code .zst}). zstd defaults to level {@value Compression#DEFAULT_ZSTD_LEVEL} with one worker
 * thread of its own ({@link Builder#zstdWorkers(int)}).
 *
 * <p><b>Thread safety.</b> {@link #append}, {@link #write}, {@link #commit} and {@link #close} must
 * be called by one thread at a time; {@link #newSerializer()} and the accessors are thread-safe.
 */
public final class RecordOutput implements Closeable {
  private static final byte[] JSON_OPEN = "[\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_SEP = ",\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_CLOSE = "\n]\n".getBytes(StandardCharsets.US_ASCII);
  private static final int WRITE_FLUSH_BYTES = 1 << 20;

  private final RecordFormat format;
  private final Compression compression;
  private final List<String> columns;
  private final AtomicFile file;
  private final OutputStream out;
  private final JsonFactory json = JsonSupport.factory(Integer.MAX_VALUE >> 1);

  private boolean started;
  private boolean anyRecord;
  private boolean finished;
  private long lastIndex = Long.MIN_VALUE;
  private long records;
  private long bytes;
  private ChunkSerializer own;
  private long ownIndex;
  private org.anonkit.pipeline.io.spi.RecordSink sink;

  private RecordOutput(RecordFormat format, Compression compression, List<String> columns,
      AtomicFile file, OutputStream out) {
    this.format = format;
    this.compression = compression;
    this.columns = columns;
    this.file = file;
    this.out = out;
  }

  /** Starts configuring an output that writes the file {@code target} atomically. */
  public static Builder builder(Path target) {
    return new Builder(Objects.requireNonNull(target, "target"), null);
  }

  /**
   * Starts configuring an output that writes to an open stream (such as standard output); not
   * atomic. {@link #commit()} finishes and flushes the stream; {@link #close()} closes it.
   */
  public static Builder builder(OutputStream out) {
    return new Builder(null, Objects.requireNonNull(out, "out"));
  }

  /** The output format. */
  public RecordFormat format() {
    return format;
  }

  /** The output compression. */
  public Compression compression() {
    return compression;
  }

  /** The CSV columns (empty for other formats). Immutable. */
  public List<String> columns() {
    return columns;
  }

  /** A new serializer for this output's format; one per worker thread. */
  public ChunkSerializer newSerializer() {
    if (sink != null) {
      return new Serializers.External(sink.newEncoder());
    }
    return Serializers.of(format, json, columns);
  }

  /**
   * A columnar format's stored (compressed) bytes per column of what was written so far, in column
   * order; empty for the byte formats. Immutable.
   */
  public java.util.Map<String, Long> columnBytes() {
    return sink == null ? java.util.Map.of() : sink.columnBytes();
  }

  /**
   * Appends one chunk's bytes. Chunks must come in increasing {@link SerializedChunk#index()} order
   * (the order of the input), which makes the output byte-identical for any number of workers.
   *
   * @throws IllegalStateException if the index is not greater than the previous one, or after
   *     {@link #commit()}
   */
  public void append(SerializedChunk chunk) throws IOException {
    if (chunk.index() <= lastIndex) {
      throw new IllegalStateException("chunk " + chunk.index() + " appended after chunk "
          + lastIndex + "; append in input order");
    }
    flushOwn();
    lastIndex = chunk.index();
    appendBytes(chunk);
  }

  private void appendBytes(SerializedChunk chunk) throws IOException {
    if (finished) {
      throw new IllegalStateException("output already committed or closed");
    }
    start();
    if (sink != null) {
      if (chunk.recordCount() > 0) {
        sink.append(chunk.bytes(), chunk.byteLength(), chunk.recordCount());
        bytes += chunk.byteLength();
        records += chunk.recordCount();
        anyRecord = true;
      }
      return;
    }
    if (chunk.recordCount() > 0) {
      if (format == RecordFormat.CONDOR_JSON && anyRecord) {
        out.write(JSON_SEP);
        bytes += JSON_SEP.length;
      }
      out.write(chunk.bytes(), 0, chunk.byteLength());
      bytes += chunk.byteLength();
      records += chunk.recordCount();
      anyRecord = true;
    }
  }

  /**
   * Writes one record on the calling thread (a sequential convenience, buffered internally); may be
   * mixed with {@link #append} as long as order is kept. For Parquet every 65,536 records make a row
   * group.
   *
   * @throws org.anonkit.InvalidInputException if the record cannot be written in this format
   *     (nothing of it is written)
   */
  public void write(FieldRecord record) throws IOException {
    if (finished) {
      throw new IllegalStateException("output already committed or closed");
    }
    if (own == null) {
      own = newSerializer();
    }
    own.write(record);
    ownIndex++;
    // a columnar format's batch is a row group: larger batches compress better
    if (ownIndex % (sink != null ? 65536 : 1024) == 0) {
      SerializedChunk c = own.finish(lastIndex);
      appendBytes(c);
    }
  }

  private void flushOwn() throws IOException {
    if (own != null) {
      appendBytes(own.finish(lastIndex));
    }
  }

  private void start() throws IOException {
    if (started) {
      return;
    }
    started = true;
    if (format == RecordFormat.CSV && !columns.isEmpty()) { // no columns: an empty input's empty output
      ByteSink h = new ByteSink(256);
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          h.write(',');
        }
        Serializers.Csv.writeCell(h, columns.get(i), true);
      }
      h.write('\r');
      h.write('\n');
      out.write(h.buf, 0, h.len);
      bytes += h.len;
    } else if (format == RecordFormat.CONDOR_JSON) {
      out.write(JSON_OPEN);
      bytes += JSON_OPEN.length;
    }
  }

  /** Records written so far. */
  public long recordCount() {
    return records;
  }

  /** Uncompressed bytes written so far, framing included. */
  public long byteCount() {
    return bytes;
  }

  /**
   * Writes the closing framing, finishes compression and makes the file appear under its name
   * (or flushes the stream). An output with no records is still a valid, empty file of its format
   * (a CSV header, {@code [ ]} for condor-json).
   */
  public void commit() throws IOException {
    flushOwn();
    if (finished) {
      throw new IllegalStateException("output already committed or closed");
    }
    start();
    if (format == RecordFormat.CONDOR_JSON) {
      byte[] close = anyRecord ? JSON_CLOSE : new byte[] {']', '\n'};
      out.write(close);
      bytes += close.length;
    }
    finished = true;
    if (sink != null) {
      sink.finish();
    }
    if (file != null) {
      out.close(); // finishes the compressed stream; the file channel stays for commit
      file.commit();
    } else {
      if (out instanceof Finishing) {
        ((Finishing) out).finish();
      }
      out.flush();
    }
  }

  /**
   * The SHA-256 of a committed file output's bytes (computed while they were written), or null for an
   * output to a stream.
   *
   * @throws IllegalStateException before {@link #commit()}
   */
  public byte[] sha256() {
    if (file == null) {
      return null;
    }
    return file.sha256();
  }

  /** Closes; if {@link #commit()} was not called, a file output is deleted (nothing half-written). */
  @Override
  public void close() throws IOException {
    finished = true;
    if (sink != null) {
      sink.close();
    }
    if (file != null) {
      file.close();
    } else {
      out.close();
    }
  }

  @Override
  public String toString() {
    return "RecordOutput[" + format.cliName() + ", " + compression + "]";
  }

  /** A stream whose compressed tail can be finished without closing what is below. */
  private interface Finishing {
    void finish() throws IOException;
  }

  /**
   * Configures and creates a {@link RecordOutput}. Setters validate at once.
   *
   * <p><b>Not thread-safe.</b>
   */
  public static final class Builder {
    private final Path target;
    private final OutputStream stream;
    private RecordFormat format;
    private Compression compression;
    private int zstdLevel = Compression.DEFAULT_ZSTD_LEVEL;
    private int zstdWorkers = 1;
    private List<String> columns;
    private List<org.anonkit.pipeline.io.spi.Column> schema;
    private boolean ownerOnly;

    private Builder(Path target, OutputStream stream) {
      this.target = target;
      this.stream = stream;
    }

    /**
     * Creates the target file readable and writable by its owner only, from the moment it exists (on a
     * file system with POSIX permissions; elsewhere the file system's default applies): for records in
     * clear. Default: the process's default permissions.
     */
    public Builder ownerOnly() {
      this.ownerOnly = true;
      return this;
    }

    /** The output format; when not set, taken from the target's extension. */
    public Builder format(RecordFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** The compression; when not set, taken from the target's extension. */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /** The zstd level, 1 to 19 (default 3). */
    public Builder zstdLevel(int level) {
      if (level < 1 || level > 19) {
        throw new IllegalArgumentException("zstdLevel must be between 1 and 19");
      }
      this.zstdLevel = level;
      return this;
    }

    /**
     * Threads zstd compresses in, besides the caller's (default 1; 0 compresses on the thread that
     * appends). Compression is the sink's main cost (about 340 MB/s per core at level 3), so a
     * parallel pipeline should give it several. The output is byte-identical for every value >= 1,
     * so a run's checksums do not depend on it; 0 gives other (equally valid) bytes.
     */
    public Builder zstdWorkers(int workers) {
      if (workers < 0 || workers > 256) {
        throw new IllegalArgumentException("zstdWorkers must be between 0 and 256");
      }
      this.zstdWorkers = workers;
      return this;
    }

    /**
     * The CSV columns, in order (required for CSV output; ignored by the other formats). Names must
     * be non-empty and distinct; fields match them exactly, else ignoring ASCII case.
     */
    public Builder columns(List<String> columns) {
      List<String> copy = List.copyOf(columns);
      List<String> seen = new ArrayList<>();
      for (String c : copy) {
        if (c.isEmpty()) {
          throw new IllegalArgumentException("CSV column names must not be empty");
        }
        if (seen.contains(c)) {
          throw new IllegalArgumentException("CSV column names must be distinct (column "
              + (seen.size() + 1) + " repeats one)");
        }
        seen.add(c);
      }
      this.columns = copy;
      return this;
    }

    /**
     * The columns of a columnar output (Parquet; required there, ignored by the other formats): names,
     * kinds and, for columns read from an input of the same format, native types. Records' fields
     * match them exactly, else ignoring ASCII case.
     */
    public Builder schema(List<org.anonkit.pipeline.io.spi.Column> schema) {
      List<org.anonkit.pipeline.io.spi.Column> copy = List.copyOf(schema);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (org.anonkit.pipeline.io.spi.Column c : copy) {
        if (!seen.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
          throw new IllegalArgumentException("column names must be distinct ignoring case (column "
              + seen.size() + " repeats one)");
        }
      }
      this.schema = copy;
      return this;
    }

    /**
     * Creates the output (a temporary file next to the target, for a file).
     *
     * @throws IllegalStateException if the format is neither set nor implied by the extension, or
     *     CSV output has no columns
     */
    public RecordOutput create() throws IOException {
      RecordFormat fmt = format;
      Compression comp = compression;
      if (target != null) {
        String name = target.getFileName().toString();
        if (fmt == null) {
          Optional<RecordFormat> f = RecordFormat.fromFileName(name);
          fmt = f.orElseThrow(() -> new IllegalStateException(
              "output format not set and not implied by the file name; set it"));
        }
        if (comp == null) {
          comp = Compression.fromFileName(name);
        }
      }
      if (fmt == null) {
        throw new IllegalStateException("output format not set");
      }
      if (comp == null) {
        comp = Compression.NONE;
      }
      if (fmt == RecordFormat.CSV && columns == null) {
        throw new IllegalStateException("CSV output needs a column list (Builder.columns)");
      }
      List<String> cols = fmt == RecordFormat.CSV ? columns : List.of();
      if (fmt.external()) {
        return createExternal(fmt);
      }
      if (target != null) {
        AtomicFile file = createFile();
        try {
          OutputStream base = new BufferedOutputStream(file.stream(), 1 << 16);
          return new RecordOutput(fmt, comp, cols, file,
              comp.compress(base, zstdLevel, zstdWorkers));
        } catch (IOException | RuntimeException e) {
          file.close();
          throw e;
        }
      }
      OutputStream s = stream;
      OutputStream wrapped;
      if (comp == Compression.NONE) {
        wrapped = s;
      } else {
        wrapped = new FinishingStream(comp.compress(new NonClosing(s), zstdLevel, zstdWorkers), s);
      }
      return new RecordOutput(fmt, comp, cols, null, wrapped);
    }

    private AtomicFile createFile() throws IOException {
      Path dir = target.toAbsolutePath().getParent();
      if (ownerOnly && java.nio.file.Files.getFileStore(dir).supportsFileAttributeView("posix")) {
        return AtomicFile.create(target, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      }
      return AtomicFile.create(target);
    }

    private RecordOutput createExternal(RecordFormat fmt) throws IOException {
      if (schema == null || schema.isEmpty()) {
        throw new IllegalStateException(fmt.cliName() + " output needs its columns (Builder.schema); "
            + "the pipeline takes them from " + fmt.cliName() + " input");
      }
      if (compression != null && compression != Compression.NONE) {
        throw new IllegalStateException(fmt.cliName() + " output compresses inside the format; "
            + "do not set a stream compression");
      }
      org.anonkit.pipeline.io.spi.RecordFormatProvider provider = ExternalFormats.provider(fmt);
      List<String> names = new ArrayList<>();
      for (org.anonkit.pipeline.io.spi.Column c : schema) {
        names.add(c.name());
      }
      AtomicFile file = target != null ? createFile() : null;
      try {
        OutputStream base = file != null ? new BufferedOutputStream(file.stream(), 1 << 16)
            : new NonClosing(stream);
        RecordOutput o = new RecordOutput(fmt, Compression.NONE, List.copyOf(names), file, base);
        o.sink = provider.create(base, schema);
        return o;
      } catch (IOException | RuntimeException e) {
        if (file != null) {
          file.close();
        }
        throw e;
      }
    }
  }

  /** Lets a compressor be finished (closed) while the caller's stream stays open until close(). */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  private static final class FinishingStream extends java.io.FilterOutputStream
      implements Finishing {
    private final OutputStream underlying;
    private boolean done;

    FinishingStream(OutputStream compressor, OutputStream underlying) {
      super(compressor);
      this.underlying = underlying;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void finish() throws IOException {
      if (!done) {
        done = true;
        out.close();
      }
    }

    @Override
    public void close() throws IOException {
      try {
        finish();
      } finally {
        underlying.close();
      }
    }
  }
}
