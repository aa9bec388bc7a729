package org.anonkit.privacy.dp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Rows of src/test/resources/dp/reference-values.csv (computed by reference_values.py, SciPy). */
final class ReferenceValues {
  private ReferenceValues() {}

  static Stream<Arguments> rows(String kind) {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = ReferenceValues.class.getResourceAsStream("/dp/reference-values.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = r.readLine(); // header
      int row = 1;
      while ((line = r.readLine()) != null) {
        row++;
        String[] f = line.split(",");
        if (f[0].equals(kind)) {
          out.add(Arguments.of(kind + "-row" + row, Double.parseDouble(f[1]),
              Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[5])));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.stream();
  }
}
