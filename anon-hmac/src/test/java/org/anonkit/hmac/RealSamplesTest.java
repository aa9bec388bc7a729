package org.anonkit.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.anonkit.Parameters;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTCondor job records (read from {@code shared/data/htcondor-samples} beside the repository when
 * present; never copied into the project): the user fields map to tokens, the mapping lists each user
 * once, and no clear user name survives in the tokens.
 */
class RealSamplesTest {
  private static final Pattern USER_FIELD =
      Pattern.compile("^\\s*\"?(Owner|User)\"?\\s*[=:]\\s*\"([^\"]+)\"", Pattern.MULTILINE);

  @TempDir Path dir;

  static Path samples() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data/htcondor-samples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void htcondorSamples_ownerAndUser_mapToTokensWithoutLeaks() throws IOException {
    Path samples = samples();
    Assumptions.assumeTrue(samples != null, "shared/data/htcondor-samples not found beside the repository; skipped");
    List<String[]> pairs = new ArrayList<>(); // field, value
    try (Stream<Path> files = Files.list(samples)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().matches("0\\d-.*"))::iterator) {
        Matcher m = USER_FIELD.matcher(Files.readString(f, StandardCharsets.UTF_8));
        while (m.find()) {
          pairs.add(new String[] {m.group(1), m.group(2)});
        }
      }
    }
    assertThat(pairs).hasSizeGreaterThanOrEqualTo(6);
    MasterKey master = MasterKey.of("samples", SecretBytes.fromHex("a1b2c3d4e5f60718293a4b5c6d7e8f90", SecretAccess.get()));
    HmacSha256Pseudonymizer owner = HmacSha256Pseudonymizer.create(TransformerContext.builder("hmac")
        .masterKey(master).field("Owner").parameters(Parameters.builder().put("prefix", "u_").build()).build());
    HmacSha256Pseudonymizer user = HmacSha256Pseudonymizer.create(TransformerContext.builder("hmac")
        .masterKey(master).field("User").parameters(Parameters.empty()).build());
    Set<String> distinct = new LinkedHashSet<>();
    StringBuilder shared = new StringBuilder(); // what would leave the building
    Path mapping = dir.resolve("mapping.jsonl");
    try (MappingStore store = MappingStore.builder().field("Owner", owner).field("User", user).build()) {
      for (String[] p : pairs) {
        HmacSha256Pseudonymizer h = p[0].equals("Owner") ? owner : user;
        String token = h.apply(p[1]);
        assertThat(token).matches(p[0].equals("Owner") ? "u_[a-z2-7]{16}" : "[a-z2-7]{16}");
        store.record(p[0], p[1], token);
        distinct.add(p[0] + "\u0000" + p[1]);
        shared.append(p[0]).append('=').append(token).append('\n');
      }
      assertThat(store.write(mapping, MappingFormat.JSONL)).isEqualTo(distinct.size());
    }
    for (String[] p : pairs) {
      String local = p[1].contains("@") ? p[1].substring(0, p[1].indexOf('@')) : p[1];
      assertThat(shared.toString()).doesNotContain(local);
      assertThat(Files.readString(mapping)).contains("\"clear\":\"" + p[1] + "\"");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mapping))).isEqualTo("rw-------");
  }
}
