package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.anonkit.config.KeyFiles;
import org.anonkit.key.SecretAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeygenCommandTest {
  @TempDir Path dir;

  private int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void keygen_writesOwnerOnlyKeyAndNeverPrintsIt() throws Exception {
    Path file = dir.resolve("master.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(run(out, err, "keygen", "--out", file.toString(), "--id", "lab-1")).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    var key = KeyFiles.read(file);
    assertThat(key.id()).isEqualTo("lab-1");
    assertThat(key.secret().size()).isEqualTo(32);
    String secretB64 = java.util.Base64.getEncoder().encodeToString(key.secret().toByteArray(SecretAccess.get()));
    assertThat(out.toString() + err).contains("lab-1").doesNotContain(secretB64);
  }

  @Test
  void keygen_existingFile_isDataError() throws Exception {
    Path file = dir.resolve("k.json");
    Files.writeString(file, "x");
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, "keygen", "--out", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("refusing to overwrite");
  }

  @Test
  void usageErrors_exitWith2() {
    assertThat(run(new StringWriter(), new StringWriter(), "keygen")).isEqualTo(2);
    assertThat(run(new StringWriter(), new StringWriter(), "no-such-command")).isEqualTo(2);
    assertThat(run(new StringWriter(), new StringWriter())).isEqualTo(2);
    assertThat(run(new StringWriter(), new StringWriter(), "keygen", "--out", dir.resolve("x").toString(), "--id", "bad id"))
        .isEqualTo(2); // a bad --id is a usage error, like the others
  }

  @Test
  void help_isAvailableEverywhere() {
    StringWriter out = new StringWriter();
    assertThat(run(out, new StringWriter(), "--help")).isZero();
    assertThat(out.toString()).contains("keygen");
    StringWriter out2 = new StringWriter();
    assertThat(run(out2, new StringWriter(), "keygen", "--help")).isZero();
    assertThat(out2.toString()).contains("--out");
  }

  @Test
  void keygen_defaultId_endsWithTheKeysFingerprint() {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    assertThat(run(new StringWriter(), new StringWriter(), "keygen", "--out", a.toString())).isZero();
    assertThat(run(new StringWriter(), new StringWriter(), "keygen", "--out", b.toString())).isZero();
    var ka = KeyFiles.read(a);
    assertThat(ka.id()).matches("key-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]{6}").endsWith("-" + ka.fingerprint());
    assertThat(KeyFiles.read(b).id()).isNotEqualTo(ka.id());
  }
}
