package org.anonkit.hmac;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.anonkit.InvalidInputException;
import org.anonkit.PolicyException;

/**
 * Records which clear value became which token ("anonymize the user field and create a mapping"),
 * proves no two clear values share a token, and writes the mapping file.
 *
 * <p><b>Warning: the mapping file is as sensitive as the clear data.</b> It reverses every token it
 * lists. It is created with owner-only permissions ({@code rw-------}, set atomically at creation on
 * POSIX file systems) and belongs in a run's {@code private/} directory, never in {@code share/}.
 *
 * <p><b>Scopes.</b> Each registered field maps into a scope: its linkage domain, or else its
 * lower-cased name (the same rule as key derivation). Fields are registered with their
 * {@link HmacSha256Pseudonymizer}, or, for tokens another deterministic transformer makes (such as
 * {@code ff1} in a format-preserving policy mode), with {@link Builder#field(String, String, String, String)}. Fields of one domain share a key, so they share
 * tokens, and their pairs are listed once under the domain. A token is unique within its scope: two
 * different clear values with one token raise {@link MappingCollisionException} (naming the scope and
 * its fields, never values), either at once in {@link #record} or, for pairs already spilled, in
 * {@link #write}; never silently.
 *
 * <p><b>Bounded memory.</b> Pairs are deduplicated in memory in {@value #STRIPES} lock stripes
 * (chosen by token), at most {@code maxPairsInMemory} distinct pairs in all (roughly 150-250 bytes each
 * on the heap). Job data repeats a few thousand users millions of times, so usually nothing leaves
 * memory. When a stripe fills, its pairs are sorted by (scope, token, clear) and spilled as a sorted
 * run to a private temporary directory (owner-only, {@code rwx------}; files {@code rw-------}), and
 * the stripe starts empty. {@link #write} k-way merges the runs with what is still in memory
 * (in passes of at most {@value #MAX_FAN_IN} runs), dropping duplicate pairs and checking adjacent
 * rows for collisions, and streams the result to the file; {@link #forEach} streams one field's
 * pairs the same way (e.g. to relabel statistics or copy pairs into another store). So billions of rows need only the memory
 * bound plus one buffer per run; disk holds each distinct pair about once per spill in which it
 * reappears. {@link #close()} deletes the temporary directory.
 *
 * <p><b>Files.</b> See {@link MappingFormat}: rows sorted by scope then token, deterministic for a
 * given set of pairs whatever the thread count or spill pattern; a metadata object (first JSONL line,
 * or {@code <file>.meta.json} beside a CSV) names each scope's fields, transformer and key id, and for
 * {@code hmac} scopes the encoding, length, bits and prefix. Files are written to a temporary file in the target directory and renamed
 * into place, so readers never see a partial mapping.
 *
 * <p>Thread-safe: any number of threads may call {@link #record} concurrently. Call {@link #write}
 * once recording is finished (it may be called again, e.g. for both formats).
 */
public final class MappingStore implements Closeable {
  /** Default bound on distinct pairs held in memory. */
  public static final long DEFAULT_MAX_PAIRS_IN_MEMORY = 250_000;
  /** Number of lock stripes. */
  public static final int STRIPES = 16;
  /** Most runs merged in one pass. */
  public static final int MAX_FAN_IN = 64;

  private static final System.Logger LOG = System.getLogger(MappingStore.class.getName());
  private static final FileAttribute<?> PRIVATE_FILE =
      PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
  private static final FileAttribute<?> PRIVATE_DIR = PosixFilePermissions.asFileAttribute(EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
  private static final Comparator<Row> ORDER = Comparator.<Row>comparingInt(r -> r.scope)
      .thenComparing(r -> r.token).thenComparing(r -> r.clear);

  private final List<Scope> scopes; // sorted by name; index = position
  private final Map<String, Scope> byField; // registered name and lower-cased name -> scope
  private final Stripe[] stripes;
  private final long stripeLimit;
  private final Path tempParent;
  private final LongAdder recorded = new LongAdder();

  private final Object runLock = new Object();
  private final List<Path> runs = new ArrayList<>(); // guarded by runLock
  private Path tempDir; // guarded by runLock
  private volatile boolean closed;

  private MappingStore(Builder b) {
    Map<String, Scope> sorted = new TreeMap<>();
    for (Map.Entry<String, Scope> e : b.fields.entrySet()) {
      Scope p = e.getValue();
      Scope s = sorted.get(p.name);
      if (s == null) {
        sorted.put(p.name, p.copy());
      } else if (!s.sameTokens(p)) {
        throw new PolicyException(null, "fields " + s.fields + " and '" + e.getKey() + "' share the scope '"
            + p.name + "' but not the transformer, key id, encoding, length and prefix; they cannot share a mapping");
      }
      sorted.get(p.name).fields.add(e.getKey());
    }
    this.scopes = List.copyOf(sorted.values());
    Map<String, Scope> lookup = new HashMap<>();
    for (int i = 0; i < scopes.size(); i++) {
      Scope s = scopes.get(i);
      s.index = i;
      for (String f : s.fields) {
        lookup.put(f, s);
        lookup.put(f.toLowerCase(Locale.ROOT), s);
      }
    }
    this.byField = lookup;
    this.stripes = new Stripe[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(scopes.size());
    }
    this.stripeLimit = Math.max(1, b.maxPairsInMemory / STRIPES);
    this.tempParent = b.tempDirectory;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records that {@code field}'s value {@code clear} became {@code token}. Repeats of a pair are
   * free (deduplicated in memory).
   *
   * @throws MappingCollisionException if another clear value already has this token in the scope
   * @throws InvalidInputException if {@code clear} is not valid UTF-16 (it could not be written)
   * @throws IllegalArgumentException if {@code field} was not registered
   * @throws UncheckedIOException if spilling to the temporary directory fails
   */
  public void record(String field, CharSequence clear, String token) {
    Objects.requireNonNull(clear, "clear");
    Objects.requireNonNull(token, "token");
    Scope scope = scopeOf(field);
    int h = token.hashCode();
    Stripe stripe = stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
    recorded.increment();
    synchronized (stripe) {
      checkOpen();
      HashMap<String, String> map = stripe.byScope[scope.index];
      String existing = map.get(token);
      if (existing != null) {
        if (existing.contentEquals(clear)) {
          return;
        }
        throw scope.collision();
      }
      String c = clear.toString();
      checkUtf16(c);
      map.put(token, c);
      if (++stripe.size >= stripeLimit) {
        spill(stripe);
      }
    }
  }

  private Scope scopeOf(String field) {
    Scope s = byField.get(field);
    if (s == null) {
      s = byField.get(field.toLowerCase(Locale.ROOT));
      if (s == null) {
        throw new IllegalArgumentException("field '" + field + "' was not registered with this mapping store");
      }
    }
    return s;
  }

  private static void checkUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidInputException("clear value has an unpaired surrogate at character " + i
            + "; it cannot be written as UTF-8");
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("mapping store is closed");
    }
  }

  /** Rows recorded so far, repeats included. */
  public long recordedRows() {
    return recorded.sum();
  }

  /** Runs spilled to disk so far (0 while everything fits in memory). */
  public int spilledRuns() {
    synchronized (runLock) {
      return runs.size();
    }
  }

  /** Distinct pairs held in memory now (at most about {@code maxPairsInMemory}; the rest are spilled). */
  public long pairsInMemory() {
    long n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.size;
      }
    }
    return n;
  }

  /**
   * Streams every distinct pair of {@code field}'s scope recorded so far to {@code action}
   * (token, clear), in token order, merging the spilled runs as {@link #write} does: memory stays
   * bounded whatever the number of pairs.
   *
   * @return the number of pairs passed to {@code action}
   * @throws MappingCollisionException if two clear values share a token in the scope
   * @throws IllegalArgumentException if {@code field} was not registered
   * @throws UncheckedIOException if reading the spilled runs fails
   */
  public long forEach(String field, BiConsumer<String, String> action) {
    Objects.requireNonNull(action, "action");
    int scope = scopeOf(field).index;
    checkOpen();
    List<RunSource> sources = new ArrayList<>();
    try {
      collectSources(sources);
      return merge(sources, r -> {
        if (r.scope == scope) {
          action.accept(r.token, r.clear);
        }
      }, scope);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the mapping's spilled runs", e);
    } finally {
      for (RunSource s : sources) {
        s.closeQuietly();
      }
    }
  }

  private void collectSources(List<RunSource> sources) throws IOException {
    for (Stripe s : stripes) {
      List<Row> rows;
      synchronized (s) {
        rows = s.snapshot();
      }
      if (!rows.isEmpty()) {
        sources.add(new ListSource(rows));
      }
    }
    synchronized (runLock) {
      compactRuns();
      for (Path run : runs) {
        sources.add(new FileSource(run));
      }
    }
  }

  // ---- spilling ----

  /** Sorts the stripe's pairs into a run file and empties it. Caller holds the stripe's lock. */
  private void spill(Stripe stripe) {
    List<Row> rows = stripe.snapshot();
    try {
      Path run;
      synchronized (runLock) {
        run = createPrivateFile(tempDir(), "run-", ".bin");
        runs.add(run);
      }
      writeRun(run, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("mapping store could not spill to its temporary directory", e);
    }
    stripe.clear();
  }

  private Path tempDir() throws IOException {
    if (tempDir == null) {
      Path parent = tempParent != null ? tempParent : Path.of(System.getProperty("java.io.tmpdir"));
      tempDir = isPosix(parent)
          ? Files.createTempDirectory(parent, "anonkit-mapping-", PRIVATE_DIR)
          : Files.createTempDirectory(parent, "anonkit-mapping-");
    }
    return tempDir;
  }

  private static void writeRun(Path run, List<Row> sortedRows) throws IOException {
    try (RunWriter w = new RunWriter(run)) {
      for (Row r : sortedRows) {
        w.row(r);
      }
    }
  }

  // ---- writing ----

  /**
   * Writes the mapping of every pair recorded so far to {@code file} (replacing it atomically), with
   * owner-only permissions; for {@link MappingFormat#CSV} also {@code <file>.meta.json}.
   *
   * @return the number of rows (distinct pairs) written
   * @throws MappingCollisionException if two clear values share a token in a scope; nothing is written
   * @throws UncheckedIOException if reading runs or writing the file fails
   */
  public long write(Path file, MappingFormat format) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    checkOpen();
    List<RunSource> sources = new ArrayList<>();
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      collectSources(sources);
      String meta = metadataJson();
      tmp = createPrivateFile(dir, "." + file.getFileName() + ".", ".tmp");
      long rows;
      try (Writer out = newUtf8Writer(tmp)) {
        if (format == MappingFormat.JSONL) {
          out.write(meta);
          out.write('\n');
          rows = merge(sources, r -> writeJsonRow(out, r), -1);
        } else {
          out.write("scope,token,clear\n");
          rows = merge(sources, r -> writeCsvRow(out, r), -1);
        }
      }
      moveIntoPlace(tmp, file);
      tmp = null;
      if (format == MappingFormat.CSV) {
        Path sidecar = file.resolveSibling(file.getFileName() + ".meta.json");
        tmp = createPrivateFile(dir, "." + sidecar.getFileName() + ".", ".tmp");
        try (Writer out = newUtf8Writer(tmp)) {
          out.write(meta);
          out.write('\n');
        }
        moveIntoPlace(tmp, sidecar);
        tmp = null;
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write mapping file " + file, e);
    } finally {
      for (RunSource s : sources) {
        s.closeQuietly();
      }
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "could not delete temporary mapping file " + tmp);
        }
      }
    }
  }

  /** Merges runs in passes until at most {@link #MAX_FAN_IN} remain. Caller holds runLock. */
  private void compactRuns() throws IOException {
    while (runs.size() > MAX_FAN_IN) {
      List<Path> batch = new ArrayList<>(runs.subList(0, MAX_FAN_IN));
      Path merged = createPrivateFile(tempDir(), "run-", ".bin");
      List<RunSource> in = new ArrayList<>();
      boolean done = false;
      try (RunWriter w = new RunWriter(merged)) {
        for (Path p : batch) {
          in.add(new FileSource(p));
        }
        merge(in, w::row, -1);
        done = true;
      } finally {
        for (RunSource s : in) {
          s.closeQuietly();
        }
        if (!done) {
          Files.deleteIfExists(merged);
        }
      }
      runs.removeAll(batch);
      runs.add(merged);
      for (Path p : batch) {
        Files.deleteIfExists(p);
      }
    }
  }

  private interface RowSink {
    void row(Row r) throws IOException;
  }

  /**
   * K-way merge: drops duplicate pairs, throws on two clear values under one token; counts the rows
   * passed to {@code sink} (of {@code scope} only, unless it is -1).
   */
  private long merge(List<RunSource> sources, RowSink sink, int scope) throws IOException {
    PriorityQueue<RunSource> queue = new PriorityQueue<>(Math.max(1, sources.size()),
        (a, b) -> ORDER.compare(a.current(), b.current()));
    for (RunSource s : sources) {
      if (s.advance()) {
        queue.add(s);
      }
    }
    Row previous = null;
    long written = 0;
    while (!queue.isEmpty()) {
      RunSource s = queue.poll();
      Row r = s.current();
      if (previous != null && previous.scope == r.scope && previous.token.equals(r.token)) {
        if (!previous.clear.equals(r.clear)) {
          throw scopes.get(r.scope).collision();
        }
      } else {
        sink.row(r);
        if (scope < 0 || r.scope == scope) {
          written++;
        }
        previous = r;
      }
      if (s.advance()) {
        queue.add(s);
      }
    }
    return written;
  }

  private void writeCsvRow(Writer out, Row r) throws IOException {
    csvField(out, scopes.get(r.scope).name);
    out.write(',');
    csvField(out, r.token);
    out.write(',');
    csvField(out, r.clear);
    out.write('\n');
  }

  private static void csvField(Writer out, String s) throws IOException {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!quote) {
      out.write(s);
      return;
    }
    out.write('"');
    out.write(s.replace("\"", "\"\""));
    out.write('"');
  }

  private void writeJsonRow(Writer out, Row r) throws IOException {
    StringBuilder sb = new StringBuilder(64 + r.clear.length());
    sb.append("{\"scope\":");
    jsonString(sb, scopes.get(r.scope).name);
    sb.append(",\"token\":");
    jsonString(sb, r.token);
    sb.append(",\"clear\":");
    jsonString(sb, r.clear);
    sb.append("}\n");
    out.append(sb);
  }

  static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  /** The metadata object: first JSONL line, and the CSV sidecar. */
  String metadataJson() {
    StringBuilder sb = new StringBuilder("{\"format\":\"anonkit-mapping\",\"version\":1,\"sensitive\":true,");
    sb.append("\"columns\":[\"scope\",\"token\",\"clear\"],\"order\":\"scope,token\",\"scopes\":[");
    for (int i = 0; i < scopes.size(); i++) {
      Scope s = scopes.get(i);
      sb.append(i == 0 ? "" : ",").append("{\"scope\":");
      jsonString(sb, s.name);
      sb.append(",\"fields\":[");
      for (int j = 0; j < s.fields.size(); j++) {
        if (j > 0) {
          sb.append(',');
        }
        jsonString(sb, s.fields.get(j));
      }
      sb.append("],\"transformer\":");
      jsonString(sb, s.transformer);
      sb.append(",\"keyId\":");
      if (s.keyId == null) {
        sb.append("null");
      } else {
        jsonString(sb, s.keyId);
      }
      if (s.encoding != null) {
        sb.append(",\"encoding\":\"").append(s.encoding.policyName()).append("\",\"length\":").append(s.length)
            .append(",\"bits\":").append(s.encoding.bits(s.length)).append(",\"prefix\":");
        jsonString(sb, s.prefix);
      }
      sb.append('}');
    }
    return sb.append("]}").toString();
  }

  // ---- files ----

  private static boolean isPosix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  static Path createPrivateFile(Path dir, String prefix, String suffix) throws IOException {
    if (isPosix(dir)) {
      return Files.createTempFile(dir, prefix, suffix, PRIVATE_FILE);
    }
    LOG.log(Level.WARNING, "file system of " + dir + " has no POSIX permissions; restrict access to "
        + "mapping files with its own access controls");
    return Files.createTempFile(dir, prefix, suffix);
  }

  private static Writer newUtf8Writer(Path file) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
        StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes the temporary directory and its runs. Idempotent. */
  @Override
  public void close() {
    closed = true;
    synchronized (runLock) {
      for (Path p : runs) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "could not delete mapping run " + p);
        }
      }
      runs.clear();
      if (tempDir != null) {
        try {
          Files.deleteIfExists(tempDir);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "could not delete mapping temporary directory " + tempDir);
        }
        tempDir = null;
      }
    }
    for (Stripe s : stripes) {
      synchronized (s) {
        s.clear();
      }
    }
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (Scope s : scopes) {
      names.add(s.name);
    }
    return "MappingStore{scopes=" + names + ", stripeLimit=" + stripeLimit + ", runs=" + spilledRuns() + "}";
  }

  // ---- internals ----

  private static final class Scope {
    final String name;
    final List<String> fields = new ArrayList<>();
    final String transformer;
    final String keyId;
    final TokenEncoding encoding; // null for tokens of another transformer
    final int length;
    final String prefix;
    int index;

    Scope(String name, HmacSha256Pseudonymizer p) {
      this(name, HmacSha256Pseudonymizer.NAME, p.keyId(), p.encoding(), p.length(), p.prefix());
    }

    Scope(String name, String transformer, String keyId, TokenEncoding encoding, int length, String prefix) {
      this.name = name;
      this.transformer = transformer;
      this.keyId = keyId;
      this.encoding = encoding;
      this.length = length;
      this.prefix = prefix;
    }

    Scope copy() {
      return new Scope(name, transformer, keyId, encoding, length, prefix);
    }

    boolean sameTokens(Scope p) {
      return transformer.equals(p.transformer) && Objects.equals(keyId, p.keyId) && encoding == p.encoding
          && length == p.length && Objects.equals(prefix, p.prefix);
    }

    MappingCollisionException collision() {
      return new MappingCollisionException(name, String.valueOf(fields), encoding == null ? "'" + transformer + "'"
          : length + "-character " + encoding.policyName() + " (" + encoding.bits(length) + "-bit)");
    }
  }

  /** A (scope, token, clear) triple. Holds a clear value: never printed. */
  private static final class Row {
    final int scope;
    final String token;
    final String clear;

    Row(int scope, String token, String clear) {
      this.scope = scope;
      this.token = token;
      this.clear = clear;
    }

    @Override
    public String toString() {
      return "Row";
    }
  }

  private static final class Stripe {
    final HashMap<String, String>[] byScope; // token -> clear
    long size;

    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of generic maps
    Stripe(int scopes) {
      byScope = new HashMap[scopes];
      for (int i = 0; i < scopes; i++) {
        byScope[i] = new HashMap<>();
      }
    }

    List<Row> snapshot() {
      Row[] rows = new Row[(int) size];
      int n = 0;
      for (int i = 0; i < byScope.length; i++) {
        for (Map.Entry<String, String> e : byScope[i].entrySet()) {
          rows[n++] = new Row(i, e.getKey(), e.getValue());
        }
      }
      Arrays.sort(rows, 0, n, ORDER);
      return Arrays.asList(rows).subList(0, n);
    }

    void clear() {
      for (HashMap<String, String> m : byScope) {
        m.clear();
      }
      size = 0;
    }
  }

  private interface RunSource {
    boolean advance() throws IOException;

    Row current();

    void closeQuietly();
  }

  private static final class ListSource implements RunSource {
    private final List<Row> rows;
    private int next;
    private Row current;

    ListSource(List<Row> rows) {
      this.rows = rows;
    }

    @Override
    public boolean advance() {
      if (next >= rows.size()) {
        return false;
      }
      current = rows.get(next++);
      return true;
    }

    @Override
    public Row current() {
      return current;
    }

    @Override
    public void closeQuietly() {}
  }

  /** Run file: per row a byte 1, scope index (int), token, clear; a byte 0 at the end. Strings as length + UTF-16 chars. */
  private static final class RunWriter implements Closeable {
    private final DataOutputStream out;

    RunWriter(Path file) throws IOException {
      this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    void row(Row r) throws IOException {
      out.writeByte(1);
      out.writeInt(r.scope);
      writeString(r.token);
      writeString(r.clear);
    }

    private void writeString(String s) throws IOException {
      out.writeInt(s.length());
      out.writeChars(s);
    }

    @Override
    public void close() throws IOException {
      out.writeByte(0);
      out.close();
    }
  }

  private static final class FileSource implements RunSource {
    private final DataInputStream in;
    private Row current;

    FileSource(Path file) throws IOException {
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    @Override
    public boolean advance() throws IOException {
      if (in.readByte() == 0) {
        return false;
      }
      int scope = in.readInt();
      String token = readString();
      current = new Row(scope, token, readString());
      return true;
    }

    private String readString() throws IOException {
      int n = in.readInt();
      char[] c = new char[n];
      for (int i = 0; i < n; i++) {
        c[i] = in.readChar();
      }
      return new String(c);
    }

    @Override
    public Row current() {
      return current;
    }

    @Override
    public void closeQuietly() {
      try {
        in.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing a mapping run failed");
      }
    }
  }

  /** Builds a {@link MappingStore}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Scope> fields = new LinkedHashMap<>();
    private long maxPairsInMemory = DEFAULT_MAX_PAIRS_IN_MEMORY;
    private Path tempDirectory;

    private Builder() {}

    /**
     * Records pairs of {@code field}, pseudonymized by {@code pseudonymizer} (whose scope, key id,
     * encoding, length and prefix go into the file's metadata).
     */
    public Builder field(String field, HmacSha256Pseudonymizer pseudonymizer) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(pseudonymizer, "pseudonymizer");
      return add(field, new Scope(pseudonymizer.domain(), pseudonymizer));
    }

    /**
     * Records pairs of {@code field} whose tokens another deterministic transformer makes (for
     * example {@code ff1} in a policy's format-preserving mode): {@code scope} is the linkage domain
     * (or lower-cased field name) within which tokens must be unique; {@code transformer} (its
     * provider name) and {@code keyId} (null for a keyless transformer) go into the metadata.
     */
    public Builder field(String field, String scope, String transformer, String keyId) {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(transformer, "transformer");
      return add(field, new Scope(scope, transformer, keyId, null, 0, null));
    }

    private Builder add(String field, Scope scope) {
      if (fields.putIfAbsent(field, scope) != null) {
        throw new IllegalArgumentException("field '" + field + "' is already registered");
      }
      return this;
    }

    /** Bound on distinct pairs kept in memory before spilling (at least {@value #STRIPES}). */
    public Builder maxPairsInMemory(long pairs) {
      if (pairs < STRIPES) {
        throw new IllegalArgumentException("maxPairsInMemory must be at least " + STRIPES + ", got " + pairs);
      }
      this.maxPairsInMemory = pairs;
      return this;
    }

    /**
     * Where the private spill directory is created; default {@code java.io.tmpdir}. Prefer the run's
     * {@code private/} directory: spilled runs hold clear values until {@link #close()}.
     */
    public Builder tempDirectory(Path directory) {
      this.tempDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    public MappingStore build() {
      if (fields.isEmpty()) {
        throw new IllegalArgumentException("register at least one field");
      }
      return new MappingStore(this);
    }
  }
}
