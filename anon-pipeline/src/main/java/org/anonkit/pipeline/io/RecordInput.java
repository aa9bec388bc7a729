package org.anonkit.pipeline.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.anonkit.InvalidInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * An open input of records: detects compression and format, reads the CSV header, and cuts the
 * stream into {@link Chunk}s of whole records for {@link ChunkParser}s on worker threads.
 *
 * <pre>{@code
 * try (RecordInput in = RecordInput.builder(path).open()) {   // format from extension / content
 *   ChunkParser parser = in.newParser();                       // one per worker
 *   for (Chunk c; (c = in.next()) != null; ) {
 *     parser.parse(c, handler);                                // usually on a worker thread
 *   }
 * }
 * }</pre>
 *
 * <p><b>Detection.</b> Compression: {@link Builder#compression} if set, else the file extension, else
 * the magic bytes. Format: {@link Builder#format} if set (the {@code --format} option), else the
 * extension ({@link RecordFormat#fromFileName}), else the content ({@link RecordFormat#sniff}); if
 * nothing matches, {@link Builder#open()} fails asking for an explicit format.
 *
 * <p><b>Bounds.</b> At most about {@code chunkBytes + maxRecordBytes} bytes are buffered whatever the
 * input size; a record longer than {@link Builder#maxRecordBytes(int)} becomes a malformed record
 * keeping only its first bytes.
 *
 * <p><b>Thread safety.</b> {@link #next()} and {@link #close()} must be called by one thread at a
 * time (the splitter thread); {@link #newParser()} and the accessors are thread-safe, and each
 * {@link ChunkParser} belongs to one worker.
 */
public final class RecordInput implements Closeable {
  /** Default upper bound of one record: 16 MiB. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;
  /** Default chunk size: 1 MiB of input, which keeps 2 to 64 workers busy without much memory. */
  public static final int DEFAULT_CHUNK_BYTES = 1 << 20;

  private final InputStream stream;
  private final RecordFormat format;
  private final Compression compression;
  private final Splitter splitter;
  private final List<String> columns;
  private final String[] columnArray;
  private final NameTable names;
  private final JsonFactory json;
  private final int maxRecord;
  private final org.anonkit.pipeline.io.spi.RecordSource source;
  private final List<org.anonkit.pipeline.io.spi.Column> schema;
  private long nextIndex;
  private long nextRow = 1;
  private Digesting digesting; // the file's bytes as read, when Builder.sha256 asked for them

  /** An input of an external format ({@link RecordFormat#external()}). */
  private RecordInput(RecordFormat format, org.anonkit.pipeline.io.spi.RecordSource source) {
    this.stream = null;
    this.names = null;
    this.format = format;
    this.compression = Compression.NONE;
    this.splitter = null;
    this.columnArray = null;
    this.schema = source.columns();
    List<String> cols = new java.util.ArrayList<>();
    for (org.anonkit.pipeline.io.spi.Column c : schema) {
      cols.add(c.name());
    }
    this.columns = List.copyOf(cols);
    this.json = null;
    this.maxRecord = 0;
    this.source = source;
  }

  private RecordInput(InputStream stream, RecordFormat format, Compression compression,
      Splitter splitter, String[] columns, NameTable names, JsonFactory json, int maxRecord) {
    this.stream = stream;
    this.names = names;
    this.format = format;
    this.compression = compression;
    this.splitter = splitter;
    this.columnArray = columns;
    this.columns = columns == null ? List.of() : List.of(columns);
    this.json = json;
    this.maxRecord = maxRecord;
    this.source = null;
    this.schema = List.of();
  }

  /** Starts configuring an input that reads the file {@code path}. */
  public static Builder builder(Path path) {
    return new Builder(Objects.requireNonNull(path, "path"), null);
  }

  /**
   * Starts configuring an input that reads an open stream (such as standard input). Compression is
   * recognized by magic bytes unless set; the stream is closed by {@link #close()}.
   */
  public static Builder builder(InputStream in) {
    return new Builder(null, Objects.requireNonNull(in, "in"));
  }

  /** The input's format, given or detected. */
  public RecordFormat format() {
    return format;
  }

  /** The input's compression, given or detected. */
  public Compression compression() {
    return compression;
  }

  /**
   * The CSV header's column names in order, or a columnar format's (Parquet) columns; empty for the
   * other formats. Immutable.
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * A columnar format's columns with their kinds and native types, in order (what a sink of the same
   * format needs to write them with the same types); empty for the byte formats. Immutable.
   */
  public List<org.anonkit.pipeline.io.spi.Column> schema() {
    return schema;
  }

  /**
   * A columnar format's stored (compressed) bytes per column over the whole input, in column order;
   * empty for the byte formats. Immutable.
   */
  public java.util.Map<String, Long> columnBytes() {
    return source == null ? java.util.Map.of() : source.columnBytes();
  }

  /**
   * The next chunk of whole records, or {@code null} at the end of the input. Chunks are numbered
   * from 0 and their rows follow on from one another.
   */
  public Chunk next() throws IOException {
    if (source != null) {
      org.anonkit.pipeline.io.spi.RecordBatch b = source.next();
      if (b == null) {
        return null;
      }
      Chunk c = new Chunk(nextIndex++, nextRow, b);
      nextRow += b.recordCount();
      return c;
    }
    return splitter.next();
  }

  /** A new parser for this input's chunks; one per worker thread. */
  public ChunkParser newParser() {
    if (source != null) {
      FieldRecord reuse = new FieldRecord();
      return (chunk, handler) -> chunk.batch.decode(chunk.firstRow(), reuse, handler);
    }
    switch (format) {
      case CSV:
        return new CsvParser(columnArray, maxRecord);
      case CONDOR:
        return new ClassAdParser(names, maxRecord);
      default:
        return new JsonRecordParser(json, names, maxRecord, null);
    }
  }

  /**
   * A new parser for a pass that needs only some fields: records may leave out the fields whose name
   * {@code wanted} rejects (JSON lines and condor-json then skip decoding their scalar values, Parquet
   * skips decoding their columns; the other formats return every field). Which records are malformed does not change. The predicate is
   * asked once per distinct name and parser. One parser per worker thread.
   */
  public ChunkParser newParser(java.util.function.Predicate<String> wanted) {
    java.util.Objects.requireNonNull(wanted, "wanted");
    if (source != null) {
      FieldRecord reuse = new FieldRecord();
      return (chunk, handler) -> chunk.batch.decode(chunk.firstRow(), reuse, handler, wanted);
    }
    switch (format) {
      case CSV:
      case CONDOR:
        return newParser();
      default:
        return new JsonRecordParser(json, names, maxRecord, wanted);
    }
  }

  /** Reads every remaining record on the calling thread, in order (a sequential convenience). */
  public void readAll(RecordHandler handler) throws IOException {
    ChunkParser p = newParser();
    for (Chunk c; (c = next()) != null; ) {
      p.parse(c, handler);
    }
  }

  /** Decompressed bytes read so far (for progress reports). */
  public long bytesRead() {
    return source != null ? source.bytesRead() : splitter.bytesRead();
  }

  /** Records (rows) cut into chunks so far, malformed ones included. */
  public long rowsSplit() {
    return source != null ? nextRow - 1 : splitter.rowsSplit();
  }

  /**
   * The SHA-256 of the input file's bytes (compressed, as stored), computed while it was read: reads
   * whatever the records did not need (a compressed stream's trailer) and returns the digest. Call it
   * once, after {@link #next()} returned null. Only for a file input opened with
   * {@link Builder#sha256(boolean)}.
   *
   * @throws IllegalStateException if the input was not opened that way
   * @throws IOException if the rest of the file cannot be read
   */
  public byte[] sha256() throws IOException {
    if (digesting == null) {
      throw new IllegalStateException("the input was not opened with Builder.sha256(true)");
    }
    return digesting.finish();
  }

  @Override
  public void close() throws IOException {
    if (source != null) {
      source.close();
    } else {
      stream.close();
    }
  }

  @Override
  public String toString() {
    return "RecordInput[" + format.cliName() + ", " + compression + "]";
  }

  /**
   * Configures and opens a {@link RecordInput}. Setters validate at once.
   *
   * <p><b>Not thread-safe.</b>
   */
  public static final class Builder {
    private final Path path;
    private final InputStream in;
    private RecordFormat format;
    private Compression compression;
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private int chunkBytes = DEFAULT_CHUNK_BYTES;
    private boolean sha256;

    private Builder(Path path, InputStream in) {
      this.path = path;
      this.in = in;
    }

    /** The input format ({@code --format}); when not set it is detected. */
    public Builder format(RecordFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** The compression; when not set it is detected from the extension or magic bytes. */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * The largest record accepted, in bytes (default 16 MiB, at least 1 KiB, at most 512 MiB).
     * Longer records are reported as malformed.
     */
    public Builder maxRecordBytes(int bytes) {
      if (bytes < 1024 || bytes > (512 << 20)) {
        throw new IllegalArgumentException("maxRecordBytes must be between 1024 and 512 MiB");
      }
      this.maxRecordBytes = bytes;
      return this;
    }

    /**
     * The target chunk size in input bytes (default 1 MiB, at least 1, at most 256 MiB); a chunk
     * closes at the first record end at or past it. Output does not depend on it. A columnar format
     * (Parquet) ignores it: its chunks are the input's row groups.
     */
    public Builder chunkBytes(int bytes) {
      if (bytes < 1 || bytes > (256 << 20)) {
        throw new IllegalArgumentException("chunkBytes must be between 1 and 256 MiB");
      }
      this.chunkBytes = bytes;
      return this;
    }

    /**
     * Whether to compute the SHA-256 of the file's bytes while reading it ({@link RecordInput#sha256()}),
     * so that a caller needing the checksum does not read the file a second time. Row formats read
     * from a file only.
     */
    public Builder sha256(boolean sha256) {
      this.sha256 = sha256;
      return this;
    }

    /**
     * Opens the input, detects what was not given, and reads the CSV header.
     *
     * @throws InvalidInputException if the format cannot be detected, or the CSV header is invalid
     *     or invalid
     * @throws IOException if the file cannot be read
     */
    public RecordInput open() throws IOException {
      RecordFormat ext = format;
      if (ext == null && path != null) {
        ext = Files.isDirectory(path) ? RecordFormat.PARQUET
            : RecordFormat.fromFileName(path.getFileName().toString()).orElse(null);
      }
      if (ext != null && ext.external()) {
        if (path == null) {
          throw new IllegalStateException("the " + ext.cliName() + " format reads files, not streams");
        }
        if (sha256) {
          throw new IllegalStateException("sha256 while reading is for row formats; " + ext.cliName()
              + " is read by column chunks");
        }
        return new RecordInput(ext, ExternalFormats.provider(ext).open(path));
      }
      if (sha256 && path == null) {
        throw new IllegalStateException("sha256 while reading is for file inputs");
      }
      InputStream raw = path != null ? Files.newInputStream(path) : in;
      Digesting digesting = sha256 ? new Digesting(raw) : null;
      try {
        RecordInput r = open(digesting != null ? digesting : raw);
        r.digesting = digesting;
        return r;
      } catch (IOException | RuntimeException e) {
        raw.close();
        throw e;
      }
    }

    /**
     * The format of a whole input that holds no record (nothing, blank lines, or only the banners and
     * {@code #} comments of {@code -long} output): it reads as zero records, in the format its name suggests ({@code .json}:
     * condor-json; {@code .ad}, {@code .history}, {@code .long}, {@code .txt} or any banner: condor;
     * else JSON lines), rather than failing detection while an empty {@code .jsonl} reads fine.
     */
    private static Optional<RecordFormat> formatOfEmpty(byte[] b, int from, int to, String fileName) {
      boolean banner = false;
      int i = from;
      while (i < to) {
        int eol = Framing.indexOfNewline(b, i, to);
        int le = eol < 0 ? to : eol;
        if (Framing.Condor.isContentLine(b, i, le)) {
          return Optional.empty();
        }
        for (int k = i; k < le && !banner; k++) {
          banner = !Framing.isBlank(b[k]); // not content, not blank: a banner or a comment
        }
        i = le + 1;
      }
      String n = Compression.stripSuffix(fileName).toLowerCase(java.util.Locale.ROOT);
      if (n.endsWith(".json")) {
        return Optional.of(RecordFormat.CONDOR_JSON);
      }
      if (banner || n.endsWith(".ad") || n.endsWith(".history") || n.endsWith(".long") || n.endsWith(".txt")) {
        return Optional.of(RecordFormat.CONDOR);
      }
      return Optional.of(RecordFormat.JSONL);
    }

    private RecordInput open(InputStream raw) throws IOException {
      BufferedInputStream buffered = new BufferedInputStream(raw, Compression.BUFFER);
      Compression comp = compression;
      if (comp == null) {
        comp = path != null ? Compression.fromFileName(path.getFileName().toString())
            : Compression.NONE;
        if (comp == Compression.NONE) {
          buffered.mark(8);
          byte[] magic = buffered.readNBytes(4);
          buffered.reset();
          comp = Compression.fromMagic(magic, magic.length);
        }
      }
      InputStream data = comp.decompress(buffered);
      byte[] head = new byte[1 << 16];
      int n = data.readNBytes(head, 0, head.length);
      int skip = n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb
          && (head[2] & 0xff) == 0xbf ? 3 : 0; // UTF-8 byte order mark
      RecordFormat fmt = format;
      if (fmt == null && path != null) {
        fmt = RecordFormat.fromFileName(path.getFileName().toString()).orElse(null);
      }
      if (fmt == null) {
        Optional<RecordFormat> sniffed = RecordFormat.sniff(head, n);
        if (sniffed.isEmpty() && n < head.length) {
          sniffed = formatOfEmpty(head, skip, n, path == null ? "" : path.getFileName().toString());
        }
        if (sniffed.isEmpty()) {
          throw new InvalidInputException("cannot detect the input format from the file name or "
              + "content; give it explicitly (--format jsonl|csv|condor|condor-json)");
        }
        fmt = sniffed.get();
      }
      byte[] start = Arrays.copyOfRange(head, skip, n);
      Framing framing = Framing.of(fmt);
      Splitter splitter = new Splitter(data, framing, chunkBytes, maxRecordBytes, start,
          start.length);
      String[] cols = null;
      NameTable table = new NameTable();
      if (fmt == RecordFormat.CSV) {
        byte[] h = splitter.header();
        if (h == null) {
          cols = new String[0]; // nothing but blank lines: no columns, no records (as an empty JSON lines input)
        } else {
          String[] why = new String[1];
          cols = CsvParser.header(h, table, why);
          if (cols == null) {
            throw new InvalidInputException(why[0]);
          }
          ((Framing.Csv) framing).blankLinesAreRecords = cols.length == 1;
        }
      }
      return new RecordInput(data, fmt, comp, splitter, cols, table,
          JsonSupport.factory(maxRecordBytes),
          maxRecordBytes);
    }
  }

  /** The SHA-256 of every byte read through it; {@link #finish} reads the rest first. Not thread-safe. */
  private static final class Digesting extends java.io.FilterInputStream {
    private final java.security.MessageDigest md;

    Digesting(InputStream in) {
      super(in);
      try {
        md = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        md.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        md.update(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(n, 8192)];
      long done = 0;
      while (done < n) {
        int r = read(buf, 0, (int) Math.min(buf.length, n - done));
        if (r <= 0) {
          break;
        }
        done += r;
      }
      return done; // skipped bytes are hashed too
    }

    @Override
    public boolean markSupported() {
      return false; // a reset would hash bytes twice
    }

    @Override
    public void mark(int limit) {
      // not supported (markSupported is false)
    }

    @Override
    public void reset() throws IOException {
      throw new IOException("mark/reset not supported");
    }

    byte[] finish() throws IOException {
      byte[] buf = new byte[1 << 16];
      while (read(buf, 0, buf.length) >= 0) {
        // the bytes the records did not need (a compressed stream's trailer, trailing garbage)
      }
      return md.digest();
    }
  }
}
