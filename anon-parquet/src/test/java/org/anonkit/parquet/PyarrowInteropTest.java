package org.anonkit.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.anonkit.InvalidInputException;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.spi.Column;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-language checks: pyarrow (and DuckDB, when installed) read what anon-parquet writes, and
 * anon-parquet reads what pyarrow writes with each of its codecs. Skipped, saying why, when
 * {@code python3 -c 'import pyarrow'} fails ({@code pip install pyarrow duckdb} enables them).
 */
class PyarrowInteropTest {
  @TempDir static Path tmp;
  static boolean pyarrow;
  static boolean duckdb;

  @BeforeAll
  static void probe() {
    pyarrow = python("import pyarrow") != null;
    duckdb = pyarrow && python("import duckdb") != null;
    if (pyarrow) {
      // one interpreter writes every codec's file (starting python with pyarrow costs about a second)
      String ok = python(String.join("\n",
          "import sys, pyarrow as pa, pyarrow.parquet as pq",
          "n = 2000",
          "t = pa.table({'User': [f'user{i % 13}@fnal.gov' if i % 10 else None for i in range(n)],",
          "  'ClusterId': pa.array(range(n), pa.int64()), 'Small': pa.array([i % 100 for i in range(n)], pa.int32()),",
          "  'Ts': pa.array([1_700_000_000_000 + i for i in range(n)], pa.timestamp('ms')),",
          "  'Wall': [i * 0.25 for i in range(n)], 'Held': [i % 3 == 0 for i in range(n)]})",
          "for codec in ['snappy', 'zstd', 'gzip', 'lz4', 'none']:",
          "  pq.write_table(t, sys.argv[1] + '/theirs-' + codec + '.parquet', compression=codec, row_group_size=700,",
          "    data_page_version='2.0' if codec == 'zstd' else '1.0')",
          "pq.write_table(pa.table({'Owner': ['jdoe'], 'Tags': [['a', 'b']]}), sys.argv[1] + '/nested.parquet')",
          "print('ok')"), tmp.toString());
      assertThat(ok).isEqualTo("ok\n");
    }
  }

  /** Runs python3 with a script and arguments; its stdout, or null if it fails or is missing. */
  static String python(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      if (p.exitValue() != 0) {
        System.err.println("python3 failed: " + new String(err, StandardCharsets.UTF_8));
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static void needPyarrow() {
    assumeTrue(pyarrow, "pyarrow is not installed for python3 (pip install pyarrow duckdb); interop test skipped");
  }

  @Test
  void pyarrow_readsWhatWeWrite_valuesTypesAndZstd() throws IOException {
    needPyarrow();
    Path p = tmp.resolve("ours.parquet");
    List<Column> cols = List.of(
        new Column("Owner", FieldKind.STRING, null),
        new Column("NumJobStarts", FieldKind.INTEGER, "optional int32 x (INTEGER(32,true))"),
        new Column("Ip_u32", FieldKind.INTEGER, "optional int32 x (INTEGER(32,false))"),
        new Column("QDate", FieldKind.INTEGER, null),
        new Column("Mem", FieldKind.REAL, null),
        new Column("Ok", FieldKind.BOOLEAN, null));
    List<FieldRecord> recs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      recs.add(ParquetFormatTest.rec("Owner", FieldKind.STRING, i % 7 == 0 ? "ü-" + i : "user" + (i % 5),
          "NumJobStarts", FieldKind.INTEGER, Integer.toString(i - 100), "Ip_u32", FieldKind.INTEGER,
          Long.toString(4294967295L - i), "QDate", FieldKind.INTEGER, Long.toString(1_700_000_000L + i),
          "Mem", FieldKind.REAL, (i / 4.0) + "", "Ok", FieldKind.BOOLEAN, i % 2 == 0 ? "true" : "false"));
    }
    FieldRecord sparse = new FieldRecord();
    sparse.add("Mem", FieldKind.REAL, "1.5");
    recs.add(sparse);
    ParquetFormatTest.write(p, cols, recs, 128);
    String out = python(String.join("\n",
        "import sys, pyarrow.parquet as pq",
        "f = pq.ParquetFile(sys.argv[1]); t = f.read()",
        "print(t.schema.to_string(show_schema_metadata=False).replace('\\n', ';'))",
        "md = f.metadata",
        "print(md.num_rows, md.num_row_groups)",
        "print(sorted({md.row_group(g).column(c).compression for g in range(md.num_row_groups) for c in range(md.num_columns)}))",
        "print(sorted({e for g in range(md.num_row_groups) for c in range(md.num_columns) for e in md.row_group(g).column(c).encodings}))",
        "r = t.to_pylist()",
        "print(r[0]); print(r[8]); print(r[299]); print(r[300])"), p.toString());
    assertThat(out).isNotNull();
    String[] lines = out.split("\n");
    assertThat(lines[0]).contains("Owner: string").contains("NumJobStarts: int32").contains("Ip_u32: uint32")
        .contains("QDate: int64").contains("Mem: double").contains("Ok: bool");
    assertThat(lines[1]).isEqualTo("301 3");
    assertThat(lines[2]).isEqualTo("['ZSTD']");
    assertThat(lines[3]).contains("PLAIN_DICTIONARY"); // dictionary encoding (format v1 data pages)
    assertThat(lines[4]).isEqualTo("{'Owner': 'ü-0', 'NumJobStarts': -100, 'Ip_u32': 4294967295, "
        + "'QDate': 1700000000, 'Mem': 0.0, 'Ok': True}");
    assertThat(lines[5]).contains("'Owner': 'user3'").contains("'NumJobStarts': -92");
    assertThat(lines[6]).contains("'Ip_u32': 4294966996").contains("'Mem': 74.75").contains("'Ok': False");
    assertThat(lines[7]).isEqualTo("{'Owner': None, 'NumJobStarts': None, 'Ip_u32': None, 'QDate': None, "
        + "'Mem': 1.5, 'Ok': None}");
    if (duckdb) {
      String d = python("import sys, duckdb; print(duckdb.sql(\"select count(*), count(Owner), sum(NumJobStarts), "
          + "max(Ip_u32) from read_parquet('\" + sys.argv[1] + \"')\").fetchall())", p.toString());
      assertThat(d).isEqualTo("[(301, 300, 14850, 4294967295)]\n");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"snappy", "zstd", "gzip", "lz4", "none"})
  void weRead_whatPyarrowWrites_eachCodec(String codec) throws IOException {
    needPyarrow();
    Path p = tmp.resolve("theirs-" + codec + ".parquet");
    List<FieldRecord> back = ParquetFormatTest.readAll(p);
    assertThat(back).hasSize(2000);
    FieldRecord r0 = back.get(0);
    assertThat(r0.indexOf("User")).isEqualTo(-1); // null: absent
    assertThat(r0.text(r0.indexOf("ClusterId"))).isEqualTo("0");
    FieldRecord r = back.get(1234);
    assertThat(r.text(r.indexOf("user"))).isEqualTo("user12@fnal.gov");
    assertThat(r.text(r.indexOf("ClusterId"))).isEqualTo("1234");
    assertThat(r.text(r.indexOf("Small"))).isEqualTo("34");
    assertThat(r.text(r.indexOf("Ts"))).isEqualTo("1700000001234");
    assertThat(r.text(r.indexOf("Wall"))).isEqualTo("308.5");
    assertThat(r.kind(r.indexOf("Held"))).isEqualTo(FieldKind.BOOLEAN);
    assertThat(r.row()).isEqualTo(1235);
  }

  @Test
  void nestedColumns_failClosedNamingColumn() {
    needPyarrow();
    Path p = tmp.resolve("nested.parquet");
    assertThatThrownBy(() -> ParquetFormatTest.readAll(p))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nested.parquet").hasMessageContaining("Tags").hasMessageContaining("nested")
        .hasMessageNotContaining("jdoe");
  }
}
