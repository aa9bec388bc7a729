package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.anonkit.Encoder.ColumnType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-language check: python3 + numpy loads every .npy we write with {@code mmap_mode="r"}; every
 * value numpy sees must equal the Java value, and numpy's reconstruction of each ragged directory
 * from its buffers must equal records.jsonl. Skipped (with the reason) where python3 or numpy is
 * missing.
 */
class NumpyInteropTest {
  @TempDir static Path run;
  private static VectorSet set;
  private static Map<String, Object> files;
  private static Map<String, Object> ragged;

  @BeforeAll
  static void writeAndLoadWithNumpy() throws Exception {
    TestAnonymizer anonymizer = new TestAnonymizer("interop-key");
    set = VectorSet.create(JobGenerator.schema(), run);
    for (JobGenerator.Job job : JobGenerator.generate(99, 40, 700)) {
      set.acceptClear(job.view());
      set.acceptAnonymized(anonymizer.anonymize(job).view());
    }
    set.finish();
    String skip = pythonWithNumpy();
    if (skip != null) {
      return;
    }
    Path script = run.resolve("npy_check.py");
    try (InputStream in = NumpyInteropTest.class.getResourceAsStream("/interop/npy_check.py")) {
      Files.copy(in, script);
    }
    Path out = run.resolve("numpy-view.json");
    Process p = new ProcessBuilder("python3", script.toString(), run.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    Map<String, Object> view = JsonTree.object(JsonTree.parse(out));
    files = JsonTree.object(view.get("files"));
    ragged = JsonTree.object(view.get("ragged"));
  }

  private static String pythonWithNumpy() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "python3 is present but cannot import numpy";
      }
      return null;
    } catch (IOException | InterruptedException e) {
      return "python3 is not installed";
    }
  }

  private static void assumeNumpy() {
    String skip = pythonWithNumpy();
    assumeThat(skip).as("numpy interop skipped: " + skip).isNull();
  }

  @Test
  void everyNpy_loadsWithMmapAsVersion10CContiguousAligned() {
    assumeNumpy();
    assertThat(files).isNotEmpty();
    for (Map.Entry<String, Object> e : files.entrySet()) {
      Map<String, Object> f = JsonTree.object(e.getValue());
      assertThat(f.get("memmap")).as(e.getKey()).isEqualTo(true);
      assertThat(f.get("c_contiguous")).as(e.getKey()).isEqualTo(true);
      assertThat(f.get("version")).as(e.getKey()).isEqualTo(List.of(1L, 0L));
      assertThat((Long) f.get("data_offset") % 64).as(e.getKey()).isZero();
    }
    try (var walk = Files.walk(run)) {
      long npy = walk.filter(x -> x.toString().endsWith(".npy")).count();
      assertThat(files).hasSize((int) npy);
    } catch (IOException ex) {
      throw new AssertionError(ex);
    }
  }

  @Test
  void denseColumnsAndMatrix_numpyValuesEqualJava() {
    assumeNumpy();
    for (String side : new String[] {"share/vectors/anon/", "private/vectors/clear/"}) {
      VectorBatch b = side.startsWith("share") ? set.anonymizedBatch().orElseThrow() : set.clearBatch().orElseThrow();
      for (int c = 0; c < b.columnCount(); c++) {
        String name = b.columnNames().get(c);
        Map<String, Object> f = JsonTree.object(files.get(side + name + ".npy"));
        assertThat(f).as(side + name).isNotNull();
        assertThat(f.get("dtype")).isEqualTo(b.columnType(c).numpyDescr());
        assertThat(f.get("shape")).isEqualTo(List.of((long) b.rows()));
        List<Object> values = JsonTree.list(f.get("values"));
        for (int r = 0; r < b.rows(); r++) {
          Object v = values.get(r);
          ColumnType t = b.columnType(c);
          if (t == ColumnType.BOOL) {
            assertThat(v).isEqualTo(b.getLong(c, r) == 1);
          } else if (t == ColumnType.FLOAT64 || t == ColumnType.FLOAT32) {
            if (b.isValid(c, r)) {
              assertThat(((Number) v).doubleValue()).isEqualTo(b.getDouble(c, r));
            } else {
              assertThat(v).isNull();
            }
          } else {
            assertThat(((Number) v).longValue()).as(side + name + "[" + r + "]").isEqualTo(b.getLong(c, r));
          }
        }
        Map<String, Object> validity = JsonTree.object(files.get(side + name + ".validity.npy"));
        if (b.missingCount(c) > 0) {
          List<Object> bits = JsonTree.list(validity.get("values"));
          assertThat(validity.get("dtype")).isEqualTo("|u1");
          for (int r = 0; r < b.rows(); r++) {
            boolean bit = ((((Number) bits.get(r >>> 3)).intValue() >> (r & 7)) & 1) == 1;
            assertThat(bit).isEqualTo(b.isValid(c, r));
          }
        } else {
          assertThat(validity).isNull();
        }
      }
      Map<String, Object> x = JsonTree.object(files.get(side + "X.npy"));
      assertThat(x.get("shape")).isEqualTo(List.of((long) b.rows(), (long) b.columnCount()));
      double[] m = b.toMatrix();
      List<Object> xv = JsonTree.list(x.get("values"));
      for (int i = 0; i < m.length; i++) {
        if (Double.isNaN(m[i])) {
          assertThat(xv.get(i)).isNull();
        } else {
          assertThat(((Number) xv.get(i)).doubleValue()).isEqualTo(m[i]);
        }
      }
    }
  }

  @Test
  void raggedBuffers_numpyRebuildsRecordsJsonl() {
    assumeNumpy();
    assertThat(ragged.keySet()).containsExactlyInAnyOrder("share/ragged", "private/ragged");
    for (Object o : ragged.values()) {
      Map<String, Object> r = JsonTree.object(o);
      assertThat(r.get("rows")).isEqualTo(700L);
      assertThat(r.get("mismatches")).isEqualTo(0L);
    }
    VectorBatch b = set.anonymizedBatch().orElseThrow();
    List<Object> offsets = JsonTree.list(JsonTree.object(files.get("share/ragged/pairs-offsets.npy")).get("values"));
    assertThat(offsets).hasSize(b.rows() + 1);
    for (int i = 0; i <= b.rows(); i++) {
      assertThat(offsets.get(i)).isEqualTo(b.pairFields().offsets().get(i));
    }
    List<Object> tags = JsonTree.list(JsonTree.object(files.get("share/ragged/list.Tags-data.npy")).get("values"));
    assertThat(tags).hasSize(b.list("Tags").valueCount());
    for (int k = 0; k < tags.size(); k++) {
      assertThat(tags.get(k)).isEqualTo(b.list("Tags").getLong(k));
    }
  }
}
