package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VectorizeCommandTest {
  private static final String SCHEMA = "{\"fields\": {"
      + "\"Owner\": {\"encoder\": \"categorical\", \"params\": {\"order\": \"sorted\"}},"
      + "\"RequestMemory\": {\"encoder\": \"numeric\", \"params\": {\"type\": \"int64\"}},"
      + "\"StartdIpAddr\": {\"encoder\": \"ipv4\", \"params\": {\"extract\": true, \"prefixes\": [24]}},"
      + "\"Tags\": \"multi-hot\"}}";

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    VectorizeCommand cmd = new VectorizeCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CommandLine(cmd).execute(args);
  }

  private Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void vectorize_anonymizedAndClear_writesRunLayout() throws Exception {
    Path schema = file("schema.json", SCHEMA);
    Path anon = file("anon.jsonl",
        "{\"Owner\": \"t1f2e\", \"RequestMemory\": 2048, \"StartdIpAddr\": \"<10.1.2.3:9618>\", \"Tags\": [\"a1\", \"b2\"]}\n"
            + "{\"Owner\": \"t9a0c\", \"RequestMemory\": null, \"Other\": {\"ignored\": false}}\n");
    Path clear = file("clear.jsonl",
        "{\"Owner\": \"alice@fnal.gov\", \"RequestMemory\": 2048, \"StartdIpAddr\": \"<131.225.7.8:9618>\", \"Tags\": [\"gpu\", \"cms\"]}\n"
            + "{\"Owner\": \"bob@fnal.gov\", \"RequestMemory\": null}\n");
    Path outDir = dir.resolve("run");
    int code = run("", "--schema", schema.toString(), "--in", anon.toString(), "--clear", clear.toString(),
        "--out", outDir.toString());
    // an object-valued field not in the schema still fails closed: flatten first
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).contains("Other").doesNotContain("ignored");

    Files.writeString(anon, Files.readString(anon).replace(", \"Other\": {\"ignored\": false}", ""));
    err.reset();
    code = run("", "--schema", schema.toString(), "--in", anon.toString(), "--clear", clear.toString(),
        "--out", outDir.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("vectorized 2 records");
    for (String f : new String[] {"share/vectors/anon/columns.json", "share/vectors/anon/X.npy",
        "share/vectors/anon/Owner.npy", "share/vectors/anon/RequestMemory.validity.npy",
        "share/vectors/anon/StartdIpAddr.p24.npy", "share/ragged/pairs-offsets.npy",
        "share/ragged/list.Tags-offsets.npy", "share/ragged/form.json", "share/ragged/records.jsonl",
        "private/vectors/clear/columns.json", "private/ragged/ragged.json", "private/vectors/clear/Owner.dictionary.json"}) {
      assertThat(outDir.resolve(f)).as(f).exists();
    }
    assertThat(Files.readString(outDir.resolve("private/vectors/clear/Owner.dictionary.json"))).contains("alice@fnal.gov");
    assertThat(Files.readString(outDir.resolve("share/vectors/anon/Owner.dictionary.json"))).doesNotContain("alice");
    assertThat(Files.readString(outDir.resolve("share/ragged/records.jsonl")).lines().count()).isEqualTo(2);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outDir.resolve("private")))).isEqualTo("rwx------");
    }
  }

  @Test
  void vectorize_policyWithVectorsSection_andStdin() throws Exception {
    Path policy = file("policy.json", "{\"name\": \"p\", \"fields\": {}, \"vectors\": " + SCHEMA + "}");
    int code = run("{\"Owner\": \"x\"}\n\n{\"Owner\": \"y\", \"Tags\": \"q,r\"}\n",
        "--schema", policy.toString(), "--in", "-", "--out", dir.resolve("r2").toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("vectorized 2 records");
    assertThat(dir.resolve("r2/private")).doesNotExist();
  }

  @Test
  void vectorize_badValue_exit1WithoutEchoingIt() throws Exception {
    Path schema = file("schema.json", SCHEMA);
    Path anon = file("anon.jsonl", "{\"RequestMemory\": \"lots-of-secret-memory\"}\n");
    int code = run("", "--schema", schema.toString(), "--in", anon.toString(), "--out", dir.resolve("r").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("RequestMemory").contains("row 1").doesNotContain("lots-of-secret-memory");
  }

  @Test
  void vectorize_sidesOfDifferentLength_exit1() throws Exception {
    Path schema = file("schema.json", SCHEMA);
    Path anon = file("anon.jsonl", "{\"Owner\": \"a\"}\n{\"Owner\": \"b\"}\n");
    Path clear = file("clear.jsonl", "{\"Owner\": \"alice\"}\n");
    int code = run("", "--schema", schema.toString(), "--in", anon.toString(), "--clear", clear.toString(),
        "--out", dir.resolve("r").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("same records").doesNotContain("alice");
  }

  @Test
  void vectorize_malformedJsonl_exit1() throws Exception {
    Path schema = file("schema.json", SCHEMA);
    Path anon = file("anon.jsonl", "{\"Owner\": \"secret-owner\"\n");
    assertThat(run("", "--schema", schema.toString(), "--in", anon.toString(), "--out", dir.resolve("r").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("line 1").doesNotContain("secret-owner");
  }

  @Test
  void vectorize_usageErrors_exit2() throws Exception {
    Path anon = file("anon.jsonl", "{}\n");
    assertThat(run("", "--schema", dir.resolve("missing.json").toString(), "--in", anon.toString(),
        "--out", dir.toString())).isEqualTo(2);
    Path bad = file("bad.json", "{\"fields\": {\"Owner\": \"no-such-encoder\"}}");
    assertThat(run("", "--schema", bad.toString(), "--in", anon.toString(), "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-encoder").contains("available");
    Path badParam = file("bad2.json", "{\"fields\": {\"Owner\": {\"encoder\": \"hash\", \"params\": {\"bucket\": 3}}}}");
    assertThat(run("", "--schema", badParam.toString(), "--in", anon.toString(), "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("$.fields.Owner.params.bucket");
    assertThat(run("", "--in", anon.toString())).isEqualTo(2);
  }
}
