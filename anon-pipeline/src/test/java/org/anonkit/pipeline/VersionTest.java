package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VersionTest {
  /** Manifests and resume journals record the build's version, which used to be a constant kept by hand. */
  @Test
  void version_isTheParentPomsVersion() throws IOException {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher m = Pattern.compile("<artifactId>anonkit-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertThat(m.find()).as("the parent pom's version").isTrue();
    assertThat(Pipeline.VERSION).isEqualTo(m.group(1));
  }
}
