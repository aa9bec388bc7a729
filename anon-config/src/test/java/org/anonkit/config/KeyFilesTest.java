package org.anonkit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.anonkit.KeyException;
import org.anonkit.key.KeySources;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void write_thenRead_roundTripsWithOwnerOnlyPermissions() throws Exception {
    MasterKey key = MasterKey.generate("lab-2026", new SecureRandom());
    Path file = dir.resolve("keys/master.json");
    KeyFiles.write(key, file, Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(KeyFiles.permissionProblem(file)).isNull();
    MasterKey back = KeyFiles.read(file);
    assertThat(back.id()).isEqualTo("lab-2026");
    assertThat(back.secret().equalsConstantTime(key.secret())).isTrue();
    assertThat(Files.readString(file)).contains("\"format\":\"anonkit-master-key/v1\"").contains("2026-11-25T00:00:00Z");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void write_missingFolders_createdOwnerOnly_existingOnesLeftAsTheyAre() throws Exception {
    Path file = dir.resolve("home/.anonkit/master.json");
    Files.createDirectories(dir.resolve("home"));
    Files.setPosixFilePermissions(dir.resolve("home"), PosixFilePermissions.fromString("rwxr-xr-x"));
    KeyFiles.write(MasterKey.generate("k", new SecureRandom()), file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("home")))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void write_existingFile_isRefused() throws Exception {
    Path file = dir.resolve("k.json");
    Files.writeString(file, "precious");
    assertThatThrownBy(() -> KeyFiles.write(MasterKey.generate("k", new SecureRandom()), file))
        .isInstanceOf(KeyException.class).hasMessageContaining("refusing to overwrite");
    assertThat(Files.readString(file)).isEqualTo("precious");
  }

  @Test
  void permissionProblem_groupReadable_isReported() throws Exception {
    Path file = dir.resolve("k.json");
    KeyFiles.write(MasterKey.generate("k", new SecureRandom()), file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(KeyFiles.permissionProblem(file)).contains("chmod 600").contains("rw-r--r--");
    assertThat(KeyFiles.read(file).id()).isEqualTo("k"); // still readable, with a warning
  }

  @Test
  void read_hexSecret_andFileKeySource() throws Exception {
    Path file = dir.resolve("hex.json");
    Files.writeString(file, "{\"id\":\"h1\",\"secretHex\":\"000102030405060708090a0b0c0d0e0f\"}");
    assertThat(KeySources.open("file:" + file).load("h1").secret().size()).isEqualTo(16);
    assertThatThrownBy(() -> KeySources.open("file:" + file).load("other")).hasMessageContaining("'other'");
  }

  @Test
  void read_malformedFiles_neverEchoSecret() throws Exception {
    String secret = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"id\":\"k\",\"secret\":\"" + secret + "\" oops}");
    assertThatThrownBy(() -> KeyFiles.read(broken)).isInstanceOf(KeyException.class)
        .hasMessageContaining("not valid JSON").hasMessageNotContaining(secret.substring(0, 10))
        .hasNoCause();
    Path badB64 = dir.resolve("b64.json");
    Files.writeString(badB64, "{\"id\":\"k\",\"secret\":\"" + secret.replace('M', '*') + "\"}");
    assertThatThrownBy(() -> KeyFiles.read(badB64)).hasMessageContaining("not valid base64")
        .hasMessageNotContaining(secret.substring(0, 10));
    assertThatThrownBy(() -> KeyFiles.read(dir.resolve("missing.json"))).hasMessageContaining("anonkit keygen");
  }

  @Test
  void keySources_unknownScheme_listsFileAndEnv() {
    assertThatThrownBy(() -> KeySources.open("vault:x")).hasMessageContaining("[env, file]");
  }

  @Test
  void write_secretIsBase64OfTheKey() throws Exception {
    MasterKey key = MasterKey.generate("k", new SecureRandom());
    Path file = dir.resolve("k.json");
    KeyFiles.write(key, file);
    assertThat(Files.readString(file))
        .contains(Base64.getEncoder().encodeToString(key.secret().toByteArray(SecretAccess.get())));
  }

  /**
   * Two keygens racing for one file: exactly one may win, and the file must hold its key. The check
   * for an existing file and the rename were two steps, and rename replaces: the loser overwrote the
   * winner's key after the winner had reported it written (and both used one temporary name).
   */
  @Test
  void write_concurrentWritersToOnePath_exactlyOneWinsAndItsKeyStays() throws Exception {
    int writers = 8;
    for (int round = 0; round < 40; round++) {
      Path file = dir.resolve("race-" + round + ".json");
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
      java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String id = "writer-" + w;
        results.add(pool.submit(() -> {
          MasterKey key = MasterKey.generate(id, new SecureRandom());
          start.await();
          try {
            KeyFiles.write(key, file);
            return id;
          } catch (KeyException e) {
            assertThat(e.getMessage()).contains("refusing to overwrite");
            return null;
          }
        }));
      }
      java.util.List<String> winners = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<String> f : results) {
        String id = f.get();
        if (id != null) {
          winners.add(id);
        }
      }
      pool.shutdown();
      assertThat(winners).as("round %d", round).hasSize(1);
      assertThat(KeyFiles.read(file).id()).isEqualTo(winners.get(0));
      try (java.util.stream.Stream<Path> left = Files.list(dir)) {
        assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
      }
    }
  }

  /** A huge file (a data file given as --key-file, /dev/zero) was read whole into memory. */
  @Test
  void read_oversizedFile_refusedWithoutReadingItAll() throws Exception {
    Path big = dir.resolve("big.json");
    byte[] filler = new byte[KeyFiles.MAX_FILE_BYTES + 1];
    java.util.Arrays.fill(filler, (byte) ' ');
    filler[0] = '{';
    Files.write(big, filler);
    assertThatThrownBy(() -> KeyFiles.read(big)).isInstanceOf(KeyException.class)
        .hasMessageContaining("larger than");
    Path zero = Path.of("/dev/zero");
    if (Files.isReadable(zero)) {
      assertThatThrownBy(() -> KeyFiles.read(zero)).isInstanceOf(KeyException.class)
          .hasMessageContaining("larger than");
    }
  }
}
