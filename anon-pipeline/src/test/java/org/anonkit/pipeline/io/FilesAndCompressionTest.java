package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.anonkit.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilesAndCompressionTest {
  @TempDir Path dir;

  private static final List<String> COLUMNS = List.of("Owner", "User", "ClusterId", "HoldReason",
      "Cmd", "RemoteWallClockTime", "ExitBySignal", "x509userproxysubject", "Environment", "Args",
      "ProcId");

  private List<FieldRecord> writeFile(Path target, RecordFormat format, List<FieldRecord> records)
      throws IOException {
    try (RecordOutput out = RecordOutput.builder(target).format(format).columns(COLUMNS).create()) {
      for (FieldRecord r : records) {
        out.write(r);
      }
      out.commit();
      assertThat(out.recordCount()).isEqualTo(records.size());
    }
    return records;
  }

  private List<FieldRecord> readFile(Path p) throws IOException {
    IoTesting.Result r = new IoTesting.Result();
    try (RecordInput in = RecordInput.builder(p).chunkBytes(1000).open()) {
      in.readAll(r);
    }
    assertThat(r.malformed).isEmpty();
    return r.records;
  }

  @ParameterizedTest
  @CsvSource({
      "out.jsonl, JSONL, NONE", "out.jsonl.gz, JSONL, GZIP", "out.jsonl.zst, JSONL, ZSTD",
      "out.csv.zst, CSV, ZSTD", "out.history.gz, CONDOR, GZIP", "out.ad.zst, CONDOR, ZSTD",
      "out.json.zst, CONDOR_JSON, ZSTD", "out.json, CONDOR_JSON, NONE", "out.txt, CONDOR, NONE"})
  void file_roundTrip_detectsCompressionAndFormat(String name, RecordFormat format,
      Compression compression) throws IOException {
    Path p = dir.resolve(name);
    List<FieldRecord> records = IoTesting.randomRecords(5, 300, format != RecordFormat.CSV);
    writeFile(p, format, records);
    try (InputStream raw = Files.newInputStream(p)) {
      byte[] magic = raw.readNBytes(4);
      assertThat(Compression.fromMagic(magic, magic.length)).isEqualTo(compression);
    }
    try (RecordInput in = RecordInput.builder(p).open()) {
      assertThat(in.format()).isEqualTo(format);
      assertThat(in.compression()).isEqualTo(compression);
    }
    List<FieldRecord> back = readFile(p);
    assertThat(back).hasSize(records.size());
    if (format != RecordFormat.CSV) {
      for (int i = 0; i < records.size(); i++) {
        assertThat(back.get(i).sameFields(records.get(i))).isTrue();
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(p); // no temp file left behind
    }
  }

  @Test
  void compressedInput_withoutExtension_detectedByMagic() throws IOException {
    Path zst = dir.resolve("data.zst");
    writeFile(zst, RecordFormat.JSONL, IoTesting.randomRecords(1, 50, true));
    Path renamed = Files.move(zst, dir.resolve("data.bin"));
    try (RecordInput in = RecordInput.builder(renamed).open()) {
      assertThat(in.compression()).isEqualTo(Compression.ZSTD);
      assertThat(in.format()).isEqualTo(RecordFormat.JSONL);
    }
  }

  private static byte[] gzip(String text) throws IOException {
    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(bos)) {
      z.write(IoTesting.utf8(text));
    }
    return bos.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      bos.writeBytes(p);
    }
    return bos.toByteArray();
  }

  private static String jsonl(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append("{\"Owner\":\"jdoe-secret\",\"ProcId\":").append(i).append("}\n");
    }
    return sb.toString();
  }

  @Test
  void gzip_multiMemberAndNulPadding_readWhole() throws IOException {
    byte[] two = concat(gzip(jsonl(0, 300)), gzip(jsonl(300, 600)), gzip(""));
    assertThat(IoTesting.read(two, RecordFormat.JSONL, 1000).records).hasSize(600);
    byte[] padded = concat(two, new byte[5000]);
    assertThat(IoTesting.read(padded, RecordFormat.JSONL, 1000).records).hasSize(600);
    Path f = Files.write(dir.resolve("two.jsonl.gz"), two);
    assertThat(readFile(f)).hasSize(600);
  }

  /**
   * The JDK's GZIPInputStream ends without an error where bytes after a member are not a gzip header,
   * so a damaged concatenation lost every member after the damage: 300 of 600 records read, run
   * successful.
   */
  @Test
  void gzip_garbageAfterAMember_isAnError_notASilentEnd() throws IOException {
    byte[] junk = IoTesting.utf8("JUNK jdoe-secret JUNK JUNK JUNK");
    for (byte[] damaged : List.of(
        concat(gzip(jsonl(0, 300)), junk, gzip(jsonl(300, 600))),
        concat(gzip(jsonl(0, 300)), junk),
        concat(gzip(jsonl(0, 300)), new byte[] {0, 0, 7}, gzip(jsonl(300, 600))),
        concat(gzip(jsonl(0, 300)), java.util.Arrays.copyOf(gzip(jsonl(300, 600)), 5)))) {
      assertThatThrownBy(() -> IoTesting.read(damaged, RecordFormat.JSONL, 1000))
          .hasCauseInstanceOf(IOException.class)
          .hasMessageNotContaining("jdoe")
          .hasMessageContaining("offset");
      Path f = Files.write(dir.resolve("damaged.jsonl.gz"), damaged);
      assertThatThrownBy(() -> readFile(f)).isInstanceOf(IOException.class)
          .hasMessageNotContaining("jdoe");
    }
  }

  /**
   * One gzip member written by hand (RFC 1952 section 2.3) with the optional header fields that
   * {@code GZIPOutputStream} never writes but other tools do: {@code gzip(1)} and Python name the file
   * (FNAME), bgzip adds an extra field (FEXTRA) to every block, some writers a comment or a header CRC.
   */
  private static byte[] member(String text, int flags) {
    byte[] payload = IoTesting.utf8(text);
    java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
    d.setInput(payload);
    d.finish();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      body.write(buf, 0, d.deflate(buf));
    }
    d.end();
    java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
    m.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 0xff});
    if ((flags & 4) != 0) { // FEXTRA: bgzip's BC subfield
      m.writeBytes(new byte[] {6, 0, 'B', 'C', 2, 0, 0, 0});
    }
    if ((flags & 8) != 0) { // FNAME
      m.writeBytes(IoTesting.utf8("jobs.jsonl\0"));
    }
    if ((flags & 16) != 0) { // FCOMMENT
      m.writeBytes(IoTesting.utf8("written by hand\0"));
    }
    if ((flags & 2) != 0) { // FHCRC: the low 16 bits of the header's CRC-32
      java.util.zip.CRC32 h = new java.util.zip.CRC32();
      h.update(m.toByteArray());
      m.writeBytes(new byte[] {(byte) h.getValue(), (byte) (h.getValue() >>> 8)});
    }
    m.writeBytes(body.toByteArray());
    java.util.zip.CRC32 c = new java.util.zip.CRC32();
    c.update(payload);
    for (long v : new long[] {c.getValue(), payload.length}) {
      m.writeBytes(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }
    return m.toByteArray();
  }

  @Test
  void gzip_optionalHeaderFields_andBgzipBlocks_readWhole() throws IOException {
    for (int flags : new int[] {0, 2, 4, 8, 16, 2 | 4 | 8 | 16}) {
      byte[] two = concat(member(jsonl(0, 300), flags), member(jsonl(300, 600), flags));
      assertThat(IoTesting.read(two, RecordFormat.JSONL, 1000).records).as("flags %d", flags).hasSize(600);
    }
    // bgzip: many small members with an extra field each, then an empty end-of-file member
    List<byte[]> blocks = new ArrayList<>();
    for (int i = 0; i < 600; i += 7) {
      blocks.add(member(jsonl(i, Math.min(600, i + 7)), 4));
    }
    blocks.add(member("", 4));
    assertThat(IoTesting.read(concat(blocks.toArray(new byte[0][])), RecordFormat.JSONL, 1000).records)
        .hasSize(600);
    // a reserved flag bit: not a member this reader can skip safely
    assertThatThrownBy(() -> IoTesting.read(member(jsonl(0, 3), 32), RecordFormat.JSONL, 1000))
        .hasRootCauseMessage("reserved flags set in gzip member at offset 0");
  }

  /** An empty compressed file is no stream (an empty run writes a frame or a member): it fails. */
  @Test
  void emptyCompressedFile_isAnError_anEmptyStreamIsNoRecords() throws IOException {
    Path zst = Files.write(dir.resolve("empty.jsonl.zst"), new byte[0]);
    assertThatThrownBy(() -> readFile(zst)).isInstanceOf(IOException.class)
        .hasMessageContaining("empty zstd input");
    Path gz = Files.write(dir.resolve("empty.jsonl.gz"), new byte[0]);
    assertThatThrownBy(() -> readFile(gz)).isInstanceOf(IOException.class)
        .hasMessageContaining("empty gzip input");
    java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
    Compression.ZSTD.compress(frame, 3).close();
    assertThat(frame.size()).isPositive();
    assertThat(readFile(Files.write(dir.resolve("frame.jsonl.zst"), frame.toByteArray()))).isEmpty();
    assertThat(readFile(Files.write(dir.resolve("member.jsonl.gz"), gzip("")))).isEmpty();
  }

  @Test
  void gzip_cutOffOrCorrupt_isAnError() throws IOException {
    byte[] whole = gzip(jsonl(0, 300));
    assertThatThrownBy(() -> IoTesting.read(java.util.Arrays.copyOf(whole, whole.length / 2),
        RecordFormat.JSONL, 1000)).hasRootCauseMessage("Unexpected end of ZLIB input stream");
    assertThatThrownBy(() -> IoTesting.read(java.util.Arrays.copyOf(whole, whole.length - 3),
        RecordFormat.JSONL, 1000)).hasRootCauseInstanceOf(java.io.EOFException.class);
    byte[] badCrc = whole.clone();
    badCrc[badCrc.length - 6] ^= 1;
    assertThatThrownBy(() -> IoTesting.read(badCrc, RecordFormat.JSONL, 1000))
        .hasRootCauseMessage("Corrupt GZIP trailer");
  }

  @Test
  void ownerOnly_targetIsOwnerOnly_whateverTheUmask() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"),
        "POSIX permissions");
    List<FieldRecord> records = IoTesting.randomRecords(3, 10, true);
    String[] perms = new String[2];
    for (int k = 0; k < 2; k++) { // the process default first, then owner-only
      Path p = dir.resolve("perm-" + k + ".jsonl");
      RecordOutput.Builder b = RecordOutput.builder(p);
      try (RecordOutput out = (k == 1 ? b.ownerOnly() : b).create()) {
        for (FieldRecord r : records) {
          out.write(r);
        }
        out.commit();
      }
      perms[k] = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
    assertThat(perms[1]).isEqualTo("rw-------");
    // under a umask of 077 the default is owner-only too, and this test could not tell the option did it
    org.junit.jupiter.api.Assumptions.assumeFalse(perms[0].equals("rw-------"), "umask 077");
  }

  @Test
  void zstdOutput_sameBytesForAnyWorkerCount() throws IOException {
    List<FieldRecord> records = IoTesting.randomRecords(8, 3000, true);
    byte[] reference = null;
    for (int workers : new int[] {1, 2, 4}) {
      Path p = dir.resolve("w" + workers + ".jsonl.zst");
      try (RecordOutput out = RecordOutput.builder(p).zstdWorkers(workers).create()) {
        for (FieldRecord r : records) {
          out.write(r);
        }
        out.commit();
      }
      byte[] bytes = Files.readAllBytes(p);
      if (reference == null) {
        reference = bytes;
      }
      assertThat(bytes).isEqualTo(reference);
      assertThat(readFile(p)).hasSize(records.size());
    }
  }

  @Test
  void resumedRun_reappendsPersistedChunks_sameFileAsOneRun() throws IOException {
    List<FieldRecord> records = IoTesting.randomRecords(12, 90, true);
    Path whole = dir.resolve("whole.json");
    Path resumed = dir.resolve("resumed.json");
    List<byte[]> persisted = new ArrayList<>();
    try (RecordOutput out = RecordOutput.builder(whole).format(RecordFormat.CONDOR_JSON).create()) {
      ChunkSerializer s = out.newSerializer();
      for (int c = 0; c < 3; c++) {
        for (FieldRecord r : records.subList(c * 30, c * 30 + 30)) {
          s.write(r);
        }
        SerializedChunk chunk = s.finish(c);
        java.io.ByteArrayOutputStream disk = new java.io.ByteArrayOutputStream();
        chunk.writeTo(disk); // what a run would commit per chunk
        persisted.add(disk.toByteArray());
        out.append(chunk);
      }
      out.commit();
    }
    try (RecordOutput out = RecordOutput.builder(resumed).format(RecordFormat.CONDOR_JSON)
        .create()) {
      out.append(SerializedChunk.of(0, 30, persisted.get(0))); // committed before the crash
      out.append(SerializedChunk.of(1, 30, persisted.get(1)));
      ChunkSerializer s = out.newSerializer(); // chunk 2 is redone
      for (FieldRecord r : records.subList(60, 90)) {
        s.write(r);
      }
      out.append(s.finish(2));
      out.commit();
    }
    assertThat(Files.readAllBytes(resumed)).isEqualTo(Files.readAllBytes(whole));
  }

  @Test
  void uncommittedOutput_leavesNoFile() throws IOException {
    Path p = dir.resolve("never.jsonl.zst");
    try (RecordOutput out = RecordOutput.builder(p).create()) {
      for (FieldRecord r : IoTesting.randomRecords(2, 2000, true)) {
        out.write(r);
      }
      // no commit: as if the run failed
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void atomicFile_replacesOnlyOnCommit() throws IOException {
    Path p = dir.resolve("manifest.json");
    Files.writeString(p, "old");
    try (AtomicFile f = AtomicFile.create(p)) {
      f.stream().write(IoTesting.utf8("new"));
      assertThat(Files.readString(p)).isEqualTo("old");
      f.commit();
    }
    assertThat(Files.readString(p)).isEqualTo("new");
    try (AtomicFile f = AtomicFile.create(p)) {
      f.stream().write(IoTesting.utf8("half"));
    }
    assertThat(Files.readString(p)).isEqualTo("new");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(p);
    }
  }

  @Test
  void atomicFile_sha256_isTheCommittedBytesDigest() throws Exception {
    Path p = dir.resolve("digest.bin");
    byte[] block = new byte[100_000];
    new java.util.Random(3).nextBytes(block);
    try (AtomicFile f = AtomicFile.create(p)) {
      f.stream().write(7); // the single-byte path too
      f.stream().write(block, 10, block.length - 10);
      assertThatThrownBy(f::sha256).isInstanceOf(IllegalStateException.class);
      f.commit();
      assertThat(f.sha256()).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
  }

  @Test
  void output_zstdFile_sha256IsTheCompressedFilesDigest() throws Exception {
    Path p = dir.resolve("digest.jsonl.zst");
    RecordOutput out = RecordOutput.builder(p).format(RecordFormat.JSONL).compression(Compression.ZSTD).create();
    try (out) {
      for (FieldRecord r : IoTesting.randomRecords(5, 200, true)) {
        out.write(r);
      }
      out.commit();
    }
    assertThat(out.sha256()).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  @Test
  void input_sha256WhileReading_isTheStoredFilesDigest_compressedOrNot() throws Exception {
    byte[] plain = IoTesting.write(IoTesting.randomRecords(9, 300, true), RecordFormat.JSONL, List.of(), 50);
    for (Compression c : new Compression[] {Compression.NONE, Compression.GZIP, Compression.ZSTD}) {
      Path p = dir.resolve("in.jsonl" + c.suffix());
      java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
      try (java.io.OutputStream z = c.compress(stored, 3)) {
        z.write(plain);
      }
      byte[] bytes = stored.toByteArray();
      if (c == Compression.GZIP) {
        bytes = java.util.Arrays.copyOf(bytes, bytes.length + 5); // trailing bytes the records never need
      }
      Files.write(p, bytes);
      long records = 0;
      try (RecordInput in = RecordInput.builder(p).sha256(true).open()) {
        for (Chunk ch; (ch = in.next()) != null; ) {
          records += ch.recordCount();
        }
        assertThat(in.sha256()).as("%s", c).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
      }
      assertThat(records).isEqualTo(300);
    }
    try (RecordInput in = RecordInput.builder(dir.resolve("in.jsonl")).open()) {
      assertThatThrownBy(in::sha256).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void output_outOfOrderAppend_rejected() throws IOException {
    try (RecordOutput out = RecordOutput.builder(dir.resolve("x.jsonl")).create()) {
      ChunkSerializer s = out.newSerializer();
      out.append(s.finish(3));
      assertThatThrownBy(() -> out.append(s.finish(2))).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void csvOutput_withoutColumns_rejected() {
    assertThatThrownBy(() -> RecordOutput.builder(dir.resolve("x.csv")).create())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("column");
  }

  @Test
  void unknownContent_asksForFormat() throws IOException {
    Path p = dir.resolve("mystery.txt");
    Files.writeString(p, "hello world\n");
    assertThatThrownBy(() -> RecordInput.builder(p).open())
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("--format");
  }

  @Test
  void csvHeader_duplicateColumn_rejectedWithoutEcho() {
    assertThatThrownBy(() -> IoTesting.read(IoTesting.utf8("secretcol,secretcol\n1,2\n"),
        RecordFormat.CSV, 100))
        .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("secretcol");
  }

  @Test
  void csv_singleColumn_blankLineIsAnUndefinedCell() {
    List<FieldRecord> records = new ArrayList<>();
    for (String v : new String[] {"a", "", null, "b"}) {
      FieldRecord r = new FieldRecord();
      if (v == null) {
        r.add("Owner", FieldKind.UNDEFINED, "");
      } else {
        r.add("Owner", FieldKind.STRING, v);
      }
      records.add(r);
    }
    byte[] bytes = IoTesting.write(records, RecordFormat.CSV, List.of("Owner"), 2);
    List<FieldRecord> back = IoTesting.read(bytes, RecordFormat.CSV, 3).records;
    assertThat(back).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(back.get(i).sameFields(records.get(i))).isTrue();
    }
  }
}
