package org.anonkit.privacy.kanon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.privacy.generalize.Hierarchy;

/** ARX's Adult table and its nine hierarchies, from test resources (see adult/SOURCE.md). */
final class Adult {
  static final List<String> COLUMNS = List.of("sex", "age", "race", "marital-status", "education",
      "native-country", "workclass", "occupation", "salary-class");

  private Adult() {}

  static BufferedReader open(String name) {
    InputStream in = Adult.class.getResourceAsStream("/adult/" + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource adult/" + name);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  static DataTable table() {
    try (BufferedReader r = open("adult.csv")) {
      return DataTable.readCsv(r, ';');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Hierarchy hierarchy(String attribute) {
    try (BufferedReader r = open("adult_hierarchy_" + attribute + ".csv")) {
      return Hierarchy.readCsv(r, ';');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Raw lines split on ';' (independent of DataTable), header first. */
  static List<String[]> rawLines(String name) {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = open(name)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty()) {
          out.add(line.split(";", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
