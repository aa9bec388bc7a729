package org.anonkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
  @TempDir Path tmp;

  private int run(String... args) {
    return new CommandLine(new GenerateCommand(new PrintStream(new ByteArrayOutputStream()))).execute(args);
  }

  @Test
  void generate_sameSeed_sameBytes_otherSeedOtherBytes() throws Exception {
    assertThat(run("--records", "500", "--seed", "7", "--out", tmp.resolve("a.jsonl").toString())).isZero();
    assertThat(run("--records", "500", "--seed", "7", "--out", tmp.resolve("b.jsonl").toString())).isZero();
    assertThat(run("--records", "500", "--seed", "8", "--out", tmp.resolve("c.jsonl").toString())).isZero();
    assertThat(Files.readAllBytes(tmp.resolve("a.jsonl"))).isEqualTo(Files.readAllBytes(tmp.resolve("b.jsonl")));
    assertThat(Files.readAllBytes(tmp.resolve("a.jsonl"))).isNotEqualTo(Files.readAllBytes(tmp.resolve("c.jsonl")));
    assertThat(Files.readAllLines(tmp.resolve("a.jsonl"))).hasSize(500);
  }

  @Test
  void generate_csvAndHistoryAndZstd_written() throws Exception {
    assertThat(run("--records", "50", "--out", tmp.resolve("x.csv").toString())).isZero();
    assertThat(Files.readAllLines(tmp.resolve("x.csv"))).hasSize(51).first().asString().startsWith("GlobalJobId,ClusterId");
    assertThat(run("--records", "50", "--out", tmp.resolve("x.history").toString())).isZero();
    assertThat(Files.readString(tmp.resolve("x.history"))).contains("Owner = \"").contains("\n\nGlobalJobId = ");
    assertThat(run("--records", "50", "--out", tmp.resolve("x.jsonl.zst").toString())).isZero();
    byte[] head = Files.readAllBytes(tmp.resolve("x.jsonl.zst"));
    assertThat(head[0] & 0xff).isEqualTo(0x28); // zstd magic 28 b5 2f fd
  }

  /** The ", or .parquet" hint of an unknown extension was appended to every builder error too. */
  @Test
  void generate_badUsersWithAKnownExtension_usageErrorWithoutTheExtensionHint() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = new CommandLine(new GenerateCommand(new PrintStream(new ByteArrayOutputStream())));
    cl.setErr(new java.io.PrintWriter(err, true));
    assertThat(cl.execute("--users", "0", "--out", tmp.resolve("u.jsonl").toString())).isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("users must be in")
        .doesNotContain("got 0, or .parquet");
    assertThat(tmp.resolve("u.jsonl")).doesNotExist();
    err.reset();
    assertThat(cl.execute("--records", "5", "--out", tmp.resolve("x.orc").toString())).isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(", or .parquet");
  }

  @Test
  void generate_unknownExtension_usageError() {
    assertThat(run("--records", "5", "--out", tmp.resolve("x.orc").toString())).isEqualTo(2); // .parquet is supported (anon-parquet)
  }
}
