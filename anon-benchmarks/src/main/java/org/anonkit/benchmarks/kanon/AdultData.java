package org.anonkit.benchmarks.kanon;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anonkit.privacy.generalize.Hierarchy;
import org.anonkit.privacy.kanon.DataTable;
import org.anonkit.privacy.kanon.KAnonymizer;

/** Locates ARX's Adult table (anon-privacy test resources, or shared/data/adult) and builds searches. */
final class AdultData {
  static final List<String> COLUMNS = List.of("sex", "age", "race", "marital-status", "education",
      "native-country", "workclass", "occupation", "salary-class");

  private AdultData() {}

  static Path directory() {
    String prop = System.getProperty("anonkit.adult");
    if (prop != null) {
      return Path.of(prop);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      for (Path c : List.of(p.resolve("anon-privacy/src/test/resources/adult"), p.resolve("shared/data/adult"))) {
        if (Files.isRegularFile(c.resolve("adult.csv"))) {
          return c;
        }
      }
    }
    throw new IllegalStateException("Adult data not found: run from the repository or set -Danonkit.adult=DIR");
  }

  static DataTable table(Path dir) throws IOException {
    try (Reader r = Files.newBufferedReader(dir.resolve("adult.csv"), StandardCharsets.UTF_8)) {
      return DataTable.readCsv(r, ';');
    }
  }

  static KAnonymizer.Builder builder(Path dir, List<String> qis) throws IOException {
    KAnonymizer.Builder b = KAnonymizer.builder();
    for (String q : qis) {
      try (Reader r = Files.newBufferedReader(dir.resolve("adult_hierarchy_" + q + ".csv"), StandardCharsets.UTF_8)) {
        b.quasiIdentifier(q, Hierarchy.readCsv(r, ';'));
      }
    }
    return b;
  }
}
