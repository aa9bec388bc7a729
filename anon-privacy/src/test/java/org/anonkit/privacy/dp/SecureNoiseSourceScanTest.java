package org.anonkit.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No floating-point noise on a release path: the dp and rappor sources never call nextGaussian,
 * nextExponential, nextDouble, nextFloat or Math.random, and never take a logarithm of a random draw
 * (the inverse-CDF construction that Mironov 2012 broke).
 */
class SecureNoiseSourceScanTest {
  private static final Pattern FORBIDDEN = Pattern.compile(
      "nextGaussian|nextExponential|nextDouble|nextFloat|Math\\.random"
          + "|(Math|StrictMath)\\.log1?p?\\([^;]*(random|rng|next[A-Z])");

  @Test
  void dpAndRapporSources_haveNoFloatingPointSampling() throws IOException {
    Path root = Paths.get("src/main/java/org/anonkit/privacy");
    List<String> hits = new ArrayList<>();
    int files = 0;
    for (String pkg : new String[] {"dp", "rappor"}) {
      Path dir = root.resolve(pkg);
      assertThat(dir).isDirectory();
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
          files++;
          List<String> lines = Files.readAllLines(p);
          for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String code = line.trim();
            if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
              continue; // Javadoc may name what is forbidden
            }
            if (FORBIDDEN.matcher(line).find()) {
              hits.add(p.getFileName() + ":" + (i + 1) + ": " + code);
            }
          }
        }
      }
    }
    assertThat(files).isGreaterThan(5);
    assertThat(hits).isEmpty();
  }

  @Test
  void pattern_catchesTheClassicMistakes() {
    assertThat(FORBIDDEN.matcher("double n = rng.nextGaussian() * sigma;").find()).isTrue();
    assertThat(FORBIDDEN.matcher("x = -b * Math.log(rng.nextDouble());").find()).isTrue();
    assertThat(FORBIDDEN.matcher("x = -b * Math.log(1 - random.nextLong());").find()).isTrue();
    assertThat(FORBIDDEN.matcher("double l = Math.log(1.25 / delta);").find()).isFalse();
  }
}
