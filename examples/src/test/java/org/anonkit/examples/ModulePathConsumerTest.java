package org.anonkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.anonkit.Transformer;
import org.anonkit.config.PolicyJson;
import org.anonkit.cryptopan.CryptoPan;
import org.anonkit.fpe.Ff1Cipher;
import org.anonkit.hmac.HmacSha256Pseudonymizer;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.vectors.VectorSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JPMS application that {@code requires} one AnonKit module compiles against the types that module's
 * exported signatures name (anon-api's {@code Policy}, {@code MasterKey}, {@code DerivedKey},
 * {@code Transformer}, ...) without also requiring {@code org.anonkit.api}: each module that exposes
 * anon-api types requires it transitively.
 */
class ModulePathConsumerTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "org.anonkit.pipeline | org.anonkit.Policy p = null; org.anonkit.key.MasterKey k = null;"
          + " Object b = org.anonkit.pipeline.Pipeline.builder(p).key(k);",
      "org.anonkit.hmac | org.anonkit.Transformer t = org.anonkit.hmac.HmacSha256Pseudonymizer.create("
          + "org.anonkit.spi.TransformerContext.builder(\"hmac\").build());",
      "org.anonkit.fpe | org.anonkit.key.DerivedKey k = null; Object c = org.anonkit.fpe.Ff1Cipher.create(k, null);",
      "org.anonkit.cryptopan | org.anonkit.key.DerivedKey k = null; Object c = org.anonkit.cryptopan.CryptoPan.create(k);",
      "org.anonkit.config | org.anonkit.Policy p = org.anonkit.config.PolicyJson.parse(\"{}\");",
      "org.anonkit.vectors | org.anonkit.Encoder e = null;",
  })
  void requiresOneModule_usesTheApiTypesItsSignaturesName_compiles(String module, String body) throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src.resolve("app"));
    Files.writeString(src.resolve("module-info.java"), "module app { requires " + module + "; }\n");
    Files.writeString(src.resolve("app/App.java"),
        "package app;\npublic final class App {\n  static void use() {\n    " + body + "\n  }\n}\n");

    List<Path> modulePath = new ArrayList<>();
    for (Class<?> c : List.of(Transformer.class, PolicyJson.class, HmacSha256Pseudonymizer.class, Ff1Cipher.class,
        CryptoPan.class, VectorSet.class, Pipeline.class, tools.jackson.core.JsonParser.class,
        com.github.luben.zstd.Zstd.class)) {
      modulePath.add(location(c));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("-d", tmp.resolve("out").toString(), "--module-path",
        modulePath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
    try (Stream<Path> files = Files.walk(src)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    int rc = javac.run(null, out, out, args.toArray(String[]::new));
    assertThat(rc).as("%s", out).isZero();
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
