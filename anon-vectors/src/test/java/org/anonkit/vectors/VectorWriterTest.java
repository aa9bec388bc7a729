package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming {@link VectorWriter} writes, batch by batch, exactly the files that the in-memory
 * path wrote ({@code VectorBatch.concat(chunks)} then the previous {@code writeVectors} and
 * {@code writeRagged}, kept verbatim as {@link LegacyBatchWriter}): byte for byte, for random
 * chunkings, sorted and first-seen dictionaries, missing values, lists, with and without pairs.
 */
class VectorWriterTest {
  @TempDir Path tmp;

  /** Records with every encoder, sorted dictionaries with missing values, and ragged lists. */
  static VectorSchema schema(boolean pairs) {
    return VectorSchema.builder()
        .field("Owner", "categorical", Parameters.builder().put("order", "sorted").build())
        .field("Group", "categorical")
        .field("RequestMemory", "numeric", Parameters.builder().put("type", "int64").build())
        .field("Cpu", "numeric", Parameters.builder().put("type", "float32").build())
        .field("Wall", "numeric")
        .field("QDate", "timestamp")
        .field("Ip", "ipv4", Parameters.builder().put("prefixes", List.of(16L, 24L)).build())
        .field("Gpu", "boolean")
        .field("Job", "hash", Parameters.builder().put("buckets", 1024L).build())
        .field("Tags", "multi-hot", Parameters.builder().put("order", "sorted").build())
        .field("Kind", "one-hot")
        .field("Status", "categorical", Parameters.builder().put("vocabulary", List.of("idle", "run", "held"))
            .put("unknown", "missing").build())
        .pairs(pairs)
        .build();
  }

  static List<RecordView> records(long seed, int n) {
    Random rnd = new Random(seed);
    String[] tags = {"gpu", "cvmfs", "singularity", "highmem", "xrootd", "mpi", "zz", "aa"};
    String[] status = {"idle", "run", "held", "gone"};
    List<RecordView> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> kv = new ArrayList<>();
      if (rnd.nextInt(5) != 0) {
        kv.add("Owner");
        kv.add("user" + (char) ('z' - rnd.nextInt(26)) + rnd.nextInt(40));
      }
      kv.add("Group");
      kv.add("group_" + rnd.nextInt(9));
      if (rnd.nextInt(7) != 0) {
        kv.add("RequestMemory");
        kv.add(Long.toString(128 + rnd.nextInt(60000)));
      }
      if (rnd.nextInt(6) != 0) {
        kv.add("Cpu");
        kv.add(Float.toString(rnd.nextFloat() * 100));
      }
      kv.add("Wall");
      kv.add(Double.toString(Math.round(rnd.nextGaussian() * 1e5) / 100.0));
      kv.add("QDate");
      kv.add(Long.toString(1_600_000_000L + i * 31L));
      if (rnd.nextInt(9) != 0) {
        kv.add("Ip");
        kv.add("131.225." + rnd.nextInt(256) + "." + rnd.nextInt(256));
      }
      if (rnd.nextInt(3) != 0) {
        kv.add("Gpu");
        kv.add(rnd.nextBoolean() ? "true" : "false");
      }
      kv.add("Job");
      kv.add("job-" + i);
      if (rnd.nextInt(4) != 0) {
        StringBuilder t = new StringBuilder();
        for (String w : tags) {
          if (rnd.nextInt(3) == 0) {
            t.append(t.length() == 0 ? "" : ",").append(w);
          }
        }
        kv.add("Tags");
        kv.add(t.toString());
      }
      if (rnd.nextInt(2) == 0) {
        kv.add("Kind");
        kv.add("k" + (char) ('z' - rnd.nextInt(10)));
      }
      if (rnd.nextInt(4) != 0) {
        kv.add("Status");
        kv.add(status[rnd.nextInt(status.length)]);
      }
      out.add(RecordView.of(kv.toArray(new String[0])));
    }
    return out;
  }

  static List<VectorBatch> chunks(VectorSchema schema, List<RecordView> records, Random rnd, int maxChunk) {
    List<VectorBatch> chunks = new ArrayList<>();
    for (int i = 0; i < records.size(); ) {
      int n = 1 + rnd.nextInt(maxChunk);
      Vectorizer v = Vectorizer.create(schema);
      for (int k = i; k < Math.min(records.size(), i + n); k++) {
        v.accept(records.get(k));
      }
      chunks.add(v.finish());
      i += n;
    }
    return chunks;
  }

  @ParameterizedTest(name = "pairs={0}")
  @ValueSource(booleans = {true, false})
  void append_randomChunkings_byteIdenticalToConcatThenWrite(boolean pairs) throws IOException {
    VectorSchema schema = schema(pairs);
    List<RecordView> records = records(42, 2500);
    Random rnd = new Random(7);
    for (int trial = 0; trial < 4; trial++) {
      List<VectorBatch> chunks = chunks(schema, records, rnd, trial == 0 ? 5000 : trial == 1 ? 3 : 400);
      for (VectorBatch.Side side : VectorBatch.Side.values()) {
        Path expected = tmp.resolve("expected-" + pairs + trial + side);
        VectorBatch all = VectorBatch.concat(chunks);
        LegacyBatchWriter.writeVectors(all, expected.resolve("v"), side);
        LegacyBatchWriter.writeRagged(all, expected.resolve("r"), side);
        Path actual = tmp.resolve("actual-" + pairs + trial + side);
        try (VectorWriter w = VectorWriter.create(schema, actual.resolve("v"), actual.resolve("r"), side)) {
          for (VectorBatch b : chunks) {
            w.append(b);
          }
          assertThat(w.rows()).isEqualTo(records.size());
          w.commit();
        }
        assertSameFiles(actual, expected);
      }
    }
  }

  @Test
  void batchWriters_delegating_byteIdenticalToPreviousWriters() throws IOException {
    for (boolean pairs : new boolean[] {true, false}) {
      VectorSchema schema = schema(pairs);
      Vectorizer v = Vectorizer.create(schema);
      for (RecordView r : records(5, 900)) {
        v.accept(r);
      }
      VectorBatch b = v.finish();
      Path expected = tmp.resolve("e" + pairs);
      Path actual = tmp.resolve("a" + pairs);
      LegacyBatchWriter.writeVectors(b, expected.resolve("v"), VectorBatch.Side.ANONYMIZED);
      LegacyBatchWriter.writeRagged(b, expected.resolve("r"), VectorBatch.Side.CLEAR);
      b.writeVectors(actual.resolve("v"), VectorBatch.Side.ANONYMIZED);
      b.writeRagged(actual.resolve("r"), VectorBatch.Side.CLEAR);
      assertSameFiles(actual, expected);
    }
  }

  @Test
  void writeRagged_sameDirectoryAsVectors_keepsBothSetsOfFiles() throws IOException {
    Vectorizer v = Vectorizer.create(schema(true));
    for (RecordView r : records(9, 50)) {
      v.accept(r);
    }
    VectorBatch b = v.finish();
    Path dir = tmp.resolve("both");
    b.writeVectors(dir, VectorBatch.Side.ANONYMIZED);
    b.writeRagged(dir, VectorBatch.Side.ANONYMIZED);
    assertThat(dir.resolve("X.npy")).exists();
    assertThat(dir.resolve("pairs-offsets.npy")).exists();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".vectors-staging"));
    }
  }

  @Test
  void close_withoutCommit_leavesNoFiles() throws IOException {
    VectorSchema schema = schema(true);
    Path v = tmp.resolve("v");
    Path r = tmp.resolve("r");
    try (VectorWriter w = VectorWriter.create(schema, v, r, VectorBatch.Side.CLEAR)) {
      for (VectorBatch b : chunks(schema, records(3, 300), new Random(1), 100)) {
        w.append(b);
      }
    }
    try (Stream<Path> a = Files.list(v); Stream<Path> b = Files.list(r)) {
      assertThat(a).isEmpty();
      assertThat(b).isEmpty();
    }
  }

  @Test
  void commit_clearSide_ownerOnlyFilesAndDirectories() throws IOException {
    VectorSchema schema = schema(true);
    Path v = tmp.resolve("cv");
    Path r = tmp.resolve("cr");
    try (VectorWriter w = VectorWriter.create(schema, v, r, VectorBatch.Side.CLEAR)) {
      w.append(chunks(schema, records(3, 30), new Random(1), 100).get(0));
      w.commit();
    }
    for (Path dir : List.of(v, r)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
              .isEqualTo("rw-------");
        }
      }
    }
  }

  @Test
  void append_clearSide_stagedFilesOwnerOnlyWhileWriting() throws IOException {
    // the staged matrices of a run in progress (clear values) were created as the umask left them
    // (rw-r--r--) and restricted only at commit; a killed run left them so
    org.junit.jupiter.api.Assumptions.assumeTrue(
        tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    VectorSchema schema = schema(true);
    Path v = tmp.resolve("sv");
    Path r = tmp.resolve("sr");
    try (VectorWriter w = VectorWriter.create(schema, v, r, VectorBatch.Side.CLEAR)) {
      w.append(chunks(schema, records(3, 30), new Random(1), 100).get(0));
      int files = 0;
      for (Path dir : List.of(v, r)) {
        try (Stream<Path> s = Files.walk(dir)) {
          for (Path p : (Iterable<Path>) s::iterator) {
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            assertThat(perms).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            files += Files.isRegularFile(p) ? 1 : 0;
          }
        }
      }
      assertThat(files).as("staged files checked").isPositive();
    }
  }

  @Test
  void append_dictionaryPastMaxSizeOverTheRun_failsNamingFieldNotValue() {
    VectorSchema schema = VectorSchema.builder()
        .field("Owner", "categorical", Parameters.builder().put("max-size", 4L).build()).build();
    Vectorizer a = Vectorizer.create(schema);
    for (String u : List.of("alice", "bob", "carol")) {
      a.accept(RecordView.of("Owner", u));
    }
    Vectorizer b = Vectorizer.create(schema);
    for (String u : List.of("dave", "erin-distinctive-value")) {
      b.accept(RecordView.of("Owner", u));
    }
    try (VectorWriter w = VectorWriter.create(schema, tmp.resolve("m"), null, VectorBatch.Side.ANONYMIZED)) {
      w.append(a.finish());
      assertThatThrownBy(() -> w.append(b.finish())).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Owner").hasMessageContaining("max-size")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("erin").doesNotContain("dave"));
    }
  }

  @Test
  void commit_withoutBatches_isRejected() {
    try (VectorWriter w = VectorWriter.create(schema(true), tmp.resolve("e"), null, VectorBatch.Side.ANONYMIZED)) {
      assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
      assertThat(w.toString()).isEqualTo("VectorWriter{side=anonymized, rows=0}");
    }
  }

  static void assertSameFiles(Path actual, Path expected) throws IOException {
    TreeMap<String, byte[]> a = contents(actual);
    TreeMap<String, byte[]> e = contents(expected);
    assertThat(a.keySet()).isEqualTo(e.keySet());
    for (String k : e.keySet()) {
      assertThat(java.util.Arrays.equals(a.get(k), e.get(k))).as(k + " differs").isTrue();
    }
  }

  private static TreeMap<String, byte[]> contents(Path root) throws IOException {
    TreeMap<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          m.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
    }
    return m;
  }
}
