package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run layout, columns.json, the Awkward form (checked structurally), permissions, and leaks. */
class VectorSetLayoutTest {
  private static final Set<String> PRIMITIVES = Set.of("bool", "int8", "uint8", "int32", "uint32", "int64", "float32", "float64");

  @TempDir static Path run;
  private static List<JobGenerator.Job> jobs;

  @BeforeAll
  static void write() {
    TestAnonymizer anonymizer = new TestAnonymizer("layout-key");
    jobs = JobGenerator.generate(5, 20, 300);
    VectorSet set = VectorSet.create(JobGenerator.schema(), run);
    for (JobGenerator.Job job : jobs) {
      set.acceptClear(job.view());
      set.acceptAnonymized(anonymizer.anonymize(job).view());
    }
    set.finish();
  }

  @Test
  void layout_sharePrivateDirectoriesEachWithColumnsJson() {
    for (Path d : List.of(VectorSet.anonymizedVectorsDir(run), VectorSet.clearVectorsDir(run),
        VectorSet.anonymizedRaggedDir(run), VectorSet.clearRaggedDir(run))) {
      assertThat(d.resolve("columns.json")).as(d.toString()).exists();
    }
    assertThat(run.resolve("share/vectors/anon/X.npy")).exists();
    assertThat(run.resolve("share/ragged/form.json")).exists();
    assertThat(run.resolve("share/ragged/records.jsonl")).exists();
  }

  @Test
  void offsetsBuffers_fileNamesContainOffsets() throws IOException {
    for (String dir : new String[] {"share/ragged", "private/ragged"}) {
      Map<String, Object> meta = JsonTree.object(JsonTree.parse(run.resolve(dir).resolve("ragged.json")));
      for (Map.Entry<String, Object> e : JsonTree.object(meta.get("buffers")).entrySet()) {
        if (e.getKey().endsWith("-offsets")) {
          assertThat((String) e.getValue()).contains("offsets");
        }
        assertThat(run.resolve(dir).resolve((String) e.getValue())).exists();
      }
    }
  }

  @Test
  void columnsJson_describesEveryColumn() throws IOException {
    Map<String, Object> anon = JsonTree.object(JsonTree.parse(run.resolve("share/vectors/anon/columns.json")));
    Map<String, Object> clear = JsonTree.object(JsonTree.parse(run.resolve("private/vectors/clear/columns.json")));
    assertThat(anon.get("side")).isEqualTo("anonymized");
    assertThat(clear.get("side")).isEqualTo("clear");
    assertThat(anon.get("rows")).isEqualTo(300L);
    List<Object> cols = JsonTree.list(anon.get("columns"));
    List<Object> clearCols = JsonTree.list(clear.get("columns"));
    assertThat(cols).hasSameSizeAs(clearCols);
    for (int i = 0; i < cols.size(); i++) {
      Map<String, Object> c = JsonTree.object(cols.get(i));
      Map<String, Object> cc = JsonTree.object(clearCols.get(i));
      assertThat(c.get("name")).isEqualTo(cc.get("name"));
      assertThat(c.get("dtype")).isEqualTo(cc.get("dtype"));
      assertThat(c.keySet()).contains("name", "dtype", "encoder", "side", "file", "dictionary");
      assertThat(c.get("side")).isEqualTo("anonymized");
      assertThat(run.resolve("share/vectors/anon").resolve((String) c.get("file"))).exists();
      if (c.get("dictionary") != null) {
        assertThat(run.resolve("share/vectors/anon").resolve((String) c.get("dictionary"))).exists();
      }
    }
    Map<String, Object> owner = JsonTree.object(cols.get(0));
    assertThat(owner).containsEntry("name", "Owner").containsEntry("encoder", "categorical")
        .containsEntry("dtype", "<i4").containsEntry("dictionary", "Owner.dictionary.json");
    Map<String, Object> matrix = JsonTree.object(anon.get("matrix"));
    assertThat(matrix.get("shape")).isEqualTo(List.of(300L, (long) cols.size()));
  }

  /**
   * Structural validation of the Awkward form against the documented layout: the classes and keys
   * Awkward 2's {@code ak.forms.from_dict} reads, and for each buffer key
   * {@code "{form_key}-{attribute}"} (the default {@code buffer_key} of {@code ak.from_buffers}) a
   * file whose length fits: offsets have length + 1 entries, start at 0, never decrease, and the last
   * offset is the content's length. This mirrors how awkward's {@code reconstitute} reads buffers
   * (scikit-hep/awkward, src/awkward/operations/ak_from_buffers.py: NumpyForm reads
   * {@code "<key>-data"} with {@code count=length}; ListOffsetForm reads {@code "<key>-offsets"} with
   * {@code count=length+1} and gives its content {@code offsets[-1]} rows; RecordForm has no buffers
   * and gives each content the record length).
   */
  @Test
  void awkwardForm_structurallyValidForFromBuffers() throws IOException {
    for (String dir : new String[] {"share/ragged", "private/ragged"}) {
      Path d = run.resolve(dir);
      Map<String, Object> meta = JsonTree.object(JsonTree.parse(d.resolve("ragged.json")));
      Object form = JsonTree.parse(d.resolve("form.json"));
      assertThat(meta.get("form")).isEqualTo(form);
      Map<String, Object> buffers = JsonTree.object(meta.get("buffers"));
      Set<String> used = new HashSet<>();
      long length = (Long) meta.get("length");
      assertThat(length).isEqualTo(300L);
      validate(JsonTree.object(form), length, d, buffers, used);
      assertThat(used).isEqualTo(buffers.keySet());
      assertThat(JsonTree.object(form).get("fields")).isEqualTo(List.of("pairs", "Tags"));
    }
  }

  private static void validate(Map<String, Object> node, long length, Path dir, Map<String, Object> buffers,
      Set<String> used) throws IOException {
    String key = (String) node.get("form_key");
    assertThat(key).as("form_key").isNotBlank();
    assertThat(node.get("parameters")).isInstanceOf(Map.class);
    switch ((String) node.get("class")) {
      case "RecordArray": {
        List<Object> fields = JsonTree.list(node.get("fields"));
        List<Object> contents = JsonTree.list(node.get("contents"));
        assertThat(fields).hasSameSizeAs(contents).doesNotHaveDuplicates();
        for (Object c : contents) {
          validate(JsonTree.object(c), length, dir, buffers, used);
        }
        break;
      }
      case "ListOffsetArray": {
        assertThat(node.get("offsets")).isEqualTo("i64");
        String file = (String) buffers.get(key + "-offsets");
        assertThat(file).as(key + "-offsets").isNotNull().contains("offsets");
        used.add(key + "-offsets");
        long[] offsets = readLongs(dir.resolve(file));
        assertThat(offsets.length).isEqualTo(length + 1);
        assertThat(offsets[0]).isZero();
        for (int i = 1; i < offsets.length; i++) {
          assertThat(offsets[i]).isGreaterThanOrEqualTo(offsets[i - 1]);
        }
        validate(JsonTree.object(node.get("content")), offsets[offsets.length - 1], dir, buffers, used);
        break;
      }
      case "NumpyArray": {
        String primitive = (String) node.get("primitive");
        assertThat(PRIMITIVES).contains(primitive);
        assertThat(node.get("inner_shape")).isEqualTo(List.of());
        String file = (String) buffers.get(key + "-data");
        assertThat(file).as(key + "-data").isNotNull();
        used.add(key + "-data");
        String header = npyHeader(dir.resolve(file));
        String descr = primitive.equals("int32") ? "<i4" : primitive.equals("float64") ? "<f8" : "?";
        assertThat(header).contains("'descr': '" + descr + "'").contains("'shape': (" + length + ",)");
        break;
      }
      default:
        throw new AssertionError("unexpected form class " + node.get("class"));
    }
  }

  private static String npyHeader(Path f) throws IOException {
    byte[] b = Files.readAllBytes(f);
    int len = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    return new String(b, 10, len, StandardCharsets.US_ASCII);
  }

  private static long[] readLongs(Path f) throws IOException {
    byte[] b = Files.readAllBytes(f);
    String h = npyHeader(f);
    Matcher m = Pattern.compile("'shape': \\((\\d+),\\)").matcher(h);
    assertThat(m.find()).isTrue();
    assertThat(h).contains("'descr': '<i8'");
    int n = Integer.parseInt(m.group(1));
    int start = 10 + h.length();
    java.nio.LongBuffer lb = java.nio.ByteBuffer.wrap(b, start, n * 8).slice()
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    long[] out = new long[n];
    lb.get(out);
    return out;
  }

  @Test
  void privateSide_ownerOnlyPermissions() throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("private")))).isEqualTo("rwx------");
    try (Stream<Path> s = Files.walk(run.resolve("private"))) {
      for (Path p : s.collect(Collectors.toList())) {
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        assertThat(perms).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
  }

  @Test
  void shareSide_containsNoClearIdentifier() throws IOException {
    Set<String> secrets = new HashSet<>();
    for (JobGenerator.Job j : jobs) {
      secrets.add(j.fields.get("Owner"));
      secrets.add(j.fields.get("Site"));
      String ip = j.fields.get("StartdIpAddr");
      secrets.add(ip.substring(1, ip.indexOf(':')));
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(run.resolve("share"))) {
      s.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(text).as(f.toString()).doesNotContain(secret);
      }
    }
    // while the private side does hold them (so the scan above can see a leak)
    String clearDict = Files.readString(run.resolve("private/vectors/clear/Owner.dictionary.json"));
    assertThat(clearDict).contains(jobs.get(0).fields.get("Owner"));
  }
}
