// Scratch measurement behind docs/benchmarks/parquet.md section 3 (not compiled by the build). Run:
//   java -Xmx2g -cp anon-benchmarks/target/benchmarks.jar:$HOME/.m2/repository/org/duckdb/duckdb_jdbc/2.0.0.1/duckdb_jdbc-2.0.0.1.jar \
//       docs/benchmarks/parquet-read-bench.java FILE.parquet 4 anon-parquet|duckdb-1|duckdb-all
// (fetch the DuckDB jar first: mvn dependency:get -Dartifact=org.duckdb:duckdb_jdbc:2.0.0.1 -Dtransitive=false)
import java.nio.file.*;
import java.sql.*;
import java.util.*;
import org.anonkit.pipeline.io.*;

/** Scratch measurement (not part of the project): anon-parquet reader vs DuckDB JDBC on one file. */
public class ReadBench {
  public static void main(String[] a) throws Exception {
    Path f = Path.of(a[0]);
    int reps = Integer.parseInt(a[1]);
    String which = a[2];
    long size = Files.size(f);
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      long chars = 0, rows = 0;
      if (which.equals("anon-parquet")) {
        try (RecordInput in = RecordInput.builder(f).open()) {
          final long[] c = new long[2];
          in.readAll(new RecordHandler() {
            public void record(FieldRecord rec) { c[0]++; for (int i = 0; i < rec.size(); i++) c[1] += rec.text(i).length(); }
            public void malformed(MalformedRecord m) {}
          });
          rows = c[0]; chars = c[1];
        }
      } else {
        int threads = which.equals("duckdb-1") ? 1 : Runtime.getRuntime().availableProcessors();
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = conn.createStatement()) {
          st.execute("SET threads=" + threads);
          try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + f + "')")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              rows++;
              for (int i = 1; i <= n; i++) { String s = rs.getString(i); if (s != null) chars += s.length(); }
            }
          }
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "%s rep %d: %d rows, %d chars, %.2f s, %.1f MB/s (file bytes), %.0f rows/s%n",
          which, r, rows, chars, s, size / 1e6 / s, rows / s);
    }
  }
}
