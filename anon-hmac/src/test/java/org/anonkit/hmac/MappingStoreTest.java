package org.anonkit.hmac;

import static org.anonkit.hmac.TestKeys.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingStoreTest {
  private static final MasterKey MASTER =
      MasterKey.of("site-2026", SecretBytes.fromHex("8c1f2e3d4c5b6a79887766554433221100ffeeddccbbaa99", SecretAccess.get()));

  @TempDir
  Path dir;

  static HmacSha256Pseudonymizer hmac(String field, String domain, Parameters params) {
    return HmacSha256Pseudonymizer.create(TransformerContext.builder("hmac").masterKey(MASTER).field(field)
        .linkageDomain(domain).parameters(params).build());
  }

  /** Realistic user column: distinct users with Zipf-like repeats, a few awkward characters. */
  static List<String> users(int distinct, int rows, long seed) {
    Random r = new Random(seed);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < distinct; i++) {
      names.add(i % 50 == 0 ? "o'brien, \"jr\" " + i + "\nnext" : i % 13 == 0 ? "müller" + i + "@fnal.gov" : "user" + i);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      out.add(names.get((int) (Math.pow(r.nextDouble(), 2.5) * distinct)));
    }
    out.addAll(names); // every user at least once
    return out;
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  @Test
  void write_jsonlAndCsv_sortedDeduplicatedWithMetadataAndOwnerOnly() throws Exception {
    HmacSha256Pseudonymizer owner = hmac("Owner", "user", params("prefix", "u_"));
    HmacSha256Pseudonymizer user = hmac("User", "user", params("prefix", "u_"));
    HmacSha256Pseudonymizer host = hmac("RemoteHost", null, params("encoding", "hex"));
    Path jsonl = dir.resolve("mapping.jsonl");
    Path csv = dir.resolve("mapping.csv");
    try (MappingStore store = MappingStore.builder().field("Owner", owner).field("User", user)
        .field("RemoteHost", host).tempDirectory(dir).build()) {
      for (String v : List.of("jdoe", "mu2epro", "jdoe", "jdoe", "alice")) {
        store.record("Owner", v, owner.apply(v));
      }
      store.record("User", "jdoe", user.apply("jdoe")); // same domain: same pair, listed once
      store.record("user", "bob", user.apply("bob")); // field names are case-insensitive
      store.record("RemoteHost", "wn1.fnal.gov", host.apply("wn1.fnal.gov"));
      assertThat(store.recordedRows()).isEqualTo(8);
      assertThat(store.write(jsonl, MappingFormat.JSONL)).isEqualTo(5);
      assertThat(store.write(csv, MappingFormat.CSV)).isEqualTo(5);
      assertThat(store.spilledRuns()).isZero();
    }
    List<String> lines = Files.readAllLines(jsonl);
    assertThat(lines.get(0)).startsWith("{\"format\":\"anonkit-mapping\",\"version\":1,\"sensitive\":true")
        .contains("{\"scope\":\"remotehost\",\"fields\":[\"RemoteHost\"],\"transformer\":\"hmac\",\"keyId\":\"site-2026\","
            + "\"encoding\":\"hex\",\"length\":20,\"bits\":80,\"prefix\":\"\"}")
        .contains("{\"scope\":\"user\",\"fields\":[\"Owner\",\"User\"],\"transformer\":\"hmac\",\"keyId\":\"site-2026\","
            + "\"encoding\":\"base32\",\"length\":16,\"bits\":80,\"prefix\":\"u_\"}");
    List<String> expectedUserTokens = new ArrayList<>();
    for (String v : List.of("jdoe", "mu2epro", "alice", "bob")) {
      expectedUserTokens.add(owner.apply(v));
    }
    Collections.sort(expectedUserTokens);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1)).isEqualTo("{\"scope\":\"remotehost\",\"token\":\"" + host.apply("wn1.fnal.gov")
        + "\",\"clear\":\"wn1.fnal.gov\"}");
    for (int i = 0; i < 4; i++) {
      assertThat(lines.get(2 + i)).startsWith("{\"scope\":\"user\",\"token\":\"" + expectedUserTokens.get(i) + "\"");
    }
    List<String> csvLines = Files.readAllLines(csv);
    assertThat(csvLines.get(0)).isEqualTo("scope,token,clear");
    assertThat(csvLines).hasSize(6);
    assertThat(csvLines.get(1)).isEqualTo("remotehost," + host.apply("wn1.fnal.gov") + ",wn1.fnal.gov");
    assertThat(read(dir.resolve("mapping.csv.meta.json")).trim()).isEqualTo(lines.get(0));
    for (Path p : List.of(jsonl, csv, dir.resolve("mapping.csv.meta.json"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("mapping.jsonl", "mapping.csv", "mapping.csv.meta.json");
    }
  }

  @Test
  void write_csvQuotingAndJsonEscaping_roundTripAwkwardValues() throws Exception {
    HmacSha256Pseudonymizer p = hmac("Owner", null, Parameters.empty());
    String awkward = "o'brien, \"jr\"\r\nline2\ttab\u0001 ☃ \uD83D\uDE00";
    try (MappingStore store = MappingStore.builder().field("Owner", p).build()) {
      store.record("Owner", awkward, p.apply(awkward));
      store.write(dir.resolve("m.csv"), MappingFormat.CSV);
      store.write(dir.resolve("m.jsonl"), MappingFormat.JSONL);
    }
    assertThat(read(dir.resolve("m.csv"))).isEqualTo("scope,token,clear\nowner," + p.apply(awkward)
        + ",\"o'brien, \"\"jr\"\"\r\nline2\ttab\u0001 ☃ \uD83D\uDE00\"\n");
    assertThat(Files.readAllLines(dir.resolve("m.jsonl")).get(1)).isEqualTo("{\"scope\":\"owner\",\"token\":\""
        + p.apply(awkward) + "\",\"clear\":\"o'brien, \\\"jr\\\"\\r\\nline2\\ttab\\u0001 ☃ \uD83D\uDE00\"}");
  }

  @Test
  void write_spillPathWithTinyMemoryBound_isByteIdenticalToInMemory() throws Exception {
    HmacSha256Pseudonymizer p = hmac("Owner", null, params("prefix", "u_"));
    HmacSha256Pseudonymizer q = hmac("x509UserProxySubject", null, Parameters.empty());
    List<String> column = users(3_000, 12_000, 7);
    Path inMemory = dir.resolve("a.jsonl");
    Path spilled = dir.resolve("b.jsonl");
    Path spillTemp = Files.createDirectory(dir.resolve("spill"));
    try (MappingStore big = MappingStore.builder().field("Owner", p).field("x509UserProxySubject", q).build();
        MappingStore tiny = MappingStore.builder().field("Owner", p).field("x509UserProxySubject", q)
            .maxPairsInMemory(1024).tempDirectory(spillTemp).build()) {
      for (String v : column) {
        big.record("Owner", v, p.apply(v));
        big.record("x509UserProxySubject", v, q.apply(v));
      }
      List<String> shuffled = new ArrayList<>(column);
      Collections.shuffle(shuffled, new Random(3));
      for (String v : shuffled) {
        tiny.record("x509UserProxySubject", v, q.apply(v));
        tiny.record("Owner", v, p.apply(v));
      }
      assertThat(big.write(inMemory, MappingFormat.JSONL)).isEqualTo(6_000);
      assertThat(big.spilledRuns()).isZero();
      assertThat(tiny.spilledRuns()).isGreaterThan(MappingStore.MAX_FAN_IN); // exercises multi-pass merging
      try (Stream<Path> s = Files.list(spillTemp)) {
        Path privateDir = s.findFirst().orElseThrow();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir))).isEqualTo("rwx------");
      }
      assertThat(tiny.write(spilled, MappingFormat.JSONL)).isEqualTo(6_000);
      assertThat(tiny.spilledRuns()).isLessThanOrEqualTo(MappingStore.MAX_FAN_IN);
      tiny.write(dir.resolve("b.csv"), MappingFormat.CSV);
      big.write(dir.resolve("a.csv"), MappingFormat.CSV);
    }
    assertThat(Files.readAllBytes(spilled)).isEqualTo(Files.readAllBytes(inMemory));
    assertThat(Files.readAllBytes(dir.resolve("b.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("a.csv")));
    try (Stream<Path> s = Files.list(spillTemp)) {
      assertThat(s).as("close() removes the private spill directory").isEmpty();
    }
  }

  @Test
  void record_concurrentThreads_giveTheSameFileAsOneThread() throws Exception {
    HmacSha256Pseudonymizer p = hmac("Owner", null, Parameters.empty());
    List<String> column = users(1_000, 16_000, 11);
    String[] tokens = new String[column.size()];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = p.apply(column.get(i));
    }
    Path one = dir.resolve("one.csv");
    Path many = dir.resolve("many.csv");
    try (MappingStore store = MappingStore.builder().field("Owner", p).build()) {
      for (int i = 0; i < tokens.length; i++) {
        store.record("Owner", column.get(i), tokens[i]);
      }
      store.write(one, MappingFormat.CSV);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (MappingStore store = MappingStore.builder().field("Owner", p).maxPairsInMemory(512).tempDirectory(dir).build()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int start = t;
        fs.add(pool.submit(() -> {
          for (int i = start; i < tokens.length; i += 4) {
            store.record("Owner", column.get(i), tokens[i]);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      assertThat(store.spilledRuns()).isPositive();
      store.write(many, MappingFormat.CSV);
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.readAllBytes(many)).isEqualTo(Files.readAllBytes(one));
  }

  @Test
  void record_twoValuesOneToken_inMemory_throwsNamingScopeNotValues() {
    // 1 Base32 character = 5 bits: 33 distinct values must collide (pigeonhole).
    HmacSha256Pseudonymizer p = hmac("Owner", null, params("length", 1, "allowShortTokens", true));
    try (MappingStore store = MappingStore.builder().field("Owner", p).build()) {
      Throwable t = catchThrowable(() -> {
        for (int i = 0; i < 33; i++) {
          store.record("Owner", "secret-user-" + i, p.apply("secret-user-" + i));
        }
      });
      assertThat(t).isInstanceOf(MappingCollisionException.class)
          .hasMessageContaining("scope 'owner'").hasMessageContaining("[Owner]").hasMessageContaining("5-bit")
          .hasMessageNotContaining("secret-user");
      assertThat(((MappingCollisionException) t).scope()).isEqualTo("owner");
      // Duplicates of an existing pair remain fine.
      store.record("Owner", "secret-user-0", p.apply("secret-user-0"));
    }
  }

  @Test
  void write_collisionAcrossSpilledRuns_throwsAndWritesNothing() throws Exception {
    // 2 Base32 characters = 10 bits (1024 tokens); 400 distinct values collide with near certainty.
    HmacSha256Pseudonymizer p = hmac("Owner", null, params("length", 2, "allowShortTokens", true));
    Path target = dir.resolve("mapping.jsonl");
    try (MappingStore store = MappingStore.builder().field("Owner", p).maxPairsInMemory(16).tempDirectory(dir).build()) {
      // Limit 1 pair per stripe: every new pair is spilled at once, so only the merge can see collisions.
      for (int i = 0; i < 400; i++) {
        store.record("Owner", "secret-user-" + i, p.apply("secret-user-" + i));
      }
      assertThat(store.spilledRuns()).isGreaterThan(0);
      Throwable t = catchThrowable(() -> store.write(target, MappingFormat.JSONL));
      assertThat(t).isInstanceOf(MappingCollisionException.class).hasMessageNotContaining("secret-user");
    }
    assertThat(target).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).as("no temporary files left behind").isEmpty();
    }
  }

  @Test
  void record_invalidUses_rejected() {
    HmacSha256Pseudonymizer p = hmac("Owner", null, Parameters.empty());
    HmacSha256Pseudonymizer hex = hmac("User", "user", params("encoding", "hex"));
    HmacSha256Pseudonymizer b32 = hmac("Owner", "user", Parameters.empty());
    assertThatThrownBy(() -> MappingStore.builder().field("User", hex).field("Owner", b32).build())
        .hasMessageContaining("scope 'user'");
    try (MappingStore store = MappingStore.builder().field("Owner", p).build()) {
      assertThatThrownBy(() -> store.record("Nope", "x", "y")).isInstanceOf(IllegalArgumentException.class);
      Throwable t = catchThrowable(() -> store.record("Owner", "secret-user\uD800", "tok"));
      assertThat(t).isInstanceOf(InvalidInputException.class).hasMessageNotContaining("secret-user");
      assertThat(store.toString()).isEqualTo("MappingStore{scopes=[owner], stripeLimit=15625, runs=0}");
    }
    MappingStore closed = MappingStore.builder().field("Owner", p).build();
    closed.close();
    assertThatThrownBy(() -> closed.record("Owner", "x", "y")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void forEach_spilledRuns_streamsTheFilesRowsInTokenOrderWithinTheMemoryBound() throws Exception {
    HmacSha256Pseudonymizer p = hmac("Owner", null, params("prefix", "u_"));
    HmacSha256Pseudonymizer q = hmac("RemoteHost", null, Parameters.empty());
    List<String> column = users(2_000, 8_000, 5);
    try (MappingStore store = MappingStore.builder().field("Owner", p).field("RemoteHost", q)
        .maxPairsInMemory(256).tempDirectory(dir).build()) {
      long peak = 0;
      for (String v : column) {
        store.record("Owner", v, p.apply(v));
        store.record("RemoteHost", v, q.apply(v));
        peak = Math.max(peak, store.pairsInMemory());
      }
      assertThat(peak).as("pairs held in memory").isLessThanOrEqualTo(256);
      assertThat(store.spilledRuns()).isPositive();
      List<String> streamed = new ArrayList<>();
      assertThat(store.forEach("owner", (token, clear) -> streamed.add(token + "\u0000" + clear))).isEqualTo(2_000);
      List<String> expected = new ArrayList<>();
      for (String v : new java.util.TreeSet<>(column)) {
        expected.add(p.apply(v) + "\u0000" + v);
      }
      Collections.sort(expected);
      assertThat(streamed).isEqualTo(expected);
      assertThatThrownBy(() -> store.forEach("Nope", (t, c) -> { })).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void field_otherTransformer_metadataNamesItAndCollisionsAreCaught() throws Exception {
    Path csv = dir.resolve("mapping-owner.csv");
    try (MappingStore store = MappingStore.builder().field("Owner", "user", "ff1", "site-2026").build()) {
      store.record("Owner", "jdoe", "qxzr");
      store.record("Owner", "alice", "bmwk");
      store.record("Owner", "jdoe", "qxzr");
      assertThat(store.write(csv, MappingFormat.CSV)).isEqualTo(2);
      Throwable t = catchThrowable(() -> store.record("Owner", "secret-user", "qxzr"));
      assertThat(t).isInstanceOf(MappingCollisionException.class).hasMessageContaining("scope 'user'")
          .hasMessageContaining("'ff1'").hasMessageNotContaining("secret-user").hasMessageNotContaining("qxzr");
    }
    assertThat(read(csv)).isEqualTo("scope,token,clear\nuser,bmwk,alice\nuser,qxzr,jdoe\n");
    assertThat(read(dir.resolve("mapping-owner.csv.meta.json")).trim()).isEqualTo("{\"format\":\"anonkit-mapping\","
        + "\"version\":1,\"sensitive\":true,\"columns\":[\"scope\",\"token\",\"clear\"],\"order\":\"scope,token\","
        + "\"scopes\":[{\"scope\":\"user\",\"fields\":[\"Owner\"],\"transformer\":\"ff1\",\"keyId\":\"site-2026\"}]}");
    assertThatThrownBy(() -> MappingStore.builder().field("Owner", "user", "ff1", "k1")
        .field("AcctGroupUser", "user", "ff1", "k2").build()).hasMessageContaining("scope 'user'");
  }
}
