package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Providers are declared both in module-info and META-INF/services, and found on the module path. */
class ProviderDeclarationTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  void moduleInfoProvides_equalsMetaInfServices() throws Exception {
    String moduleInfo = Files.readString(MODULE.resolve("src/main/java/module-info.java"));
    Matcher m = Pattern.compile("provides\\s+org\\.anonkit\\.spi\\.EncoderProvider\\s+with\\s+([^;]+);").matcher(moduleInfo);
    assertThat(m.find()).isTrue();
    Set<String> provides = new TreeSet<>();
    for (String s : m.group(1).split(",")) {
      provides.add(s.trim());
    }
    Set<String> services = new TreeSet<>();
    for (String line : Files.readAllLines(MODULE.resolve(
        "src/main/resources/META-INF/services/org.anonkit.spi.EncoderProvider"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        services.add(line.trim());
      }
    }
    assertThat(provides).hasSize(8).isEqualTo(services);
  }

  @Test
  void modulePath_serviceLoaderInLayer_findsAllEncoders() throws Exception {
    Path api = MODULE.resolve("../anon-api/target/classes").normalize();
    Path vectors = MODULE.resolve("target/classes");
    assumeThat(Files.exists(api.resolve("module-info.class")) && Files.exists(vectors.resolve("module-info.class")))
        .as("compiled module descriptors of anon-api and anon-vectors are needed").isTrue();
    ModuleFinder finder = ModuleFinder.of(api, vectors);
    ModuleLayer parent = ModuleLayer.boot();
    Configuration cf = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of("org.anonkit.vectors"));
    ModuleLayer layer = parent.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    Class<?> spi = layer.findLoader("org.anonkit.api").loadClass("org.anonkit.spi.EncoderProvider");
    List<String> names = new ArrayList<>();
    for (Object p : ServiceLoader.load(layer, spi)) {
      names.add((String) spi.getMethod("name").invoke(p));
      assertThat(p.getClass().getModule().getName()).isEqualTo("org.anonkit.vectors");
    }
    assertThat(new TreeSet<>(names)).containsExactly(
        "boolean", "categorical", "hash", "ipv4", "multi-hot", "numeric", "one-hot", "timestamp");
    assertThat(layer.findModule("org.anonkit.vectors").orElseThrow().getDescriptor().exports())
        .extracting(e -> e.source()).containsExactly("org.anonkit.vectors");
  }
}
