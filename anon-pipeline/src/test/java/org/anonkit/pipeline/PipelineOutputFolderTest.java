package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output folders an adversarial review set up: {@code private/} linked into {@code share/}, a second
 * run into a folder another run is writing, an input that lies inside {@code share/}.
 */
class PipelineOutputFolderTest {
  private static final MasterKey KEY = MasterKey.generate("folder-test", new java.security.SecureRandom());

  @TempDir static Path tmp;
  static Path input;

  @BeforeAll
  static void generate() throws IOException {
    input = tmp.resolve("jobs.jsonl");
    JobGenerator.builder().seed(29).users(20).build().write(input, 200);
  }

  /** Owner to tokens with its mapping (clear owners under private/), a few fields kept. */
  private static Pipeline pipeline() {
    return PipelineResumeSafetyTest.builder(PipelineResumeSafetyTest.strict(), KEY).mappingFields(List.of("Owner"))
        .build();
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void run_privateLinkedIntoShare_refused_noClearFileUnderShare() throws IOException {
    // a symbolic link private -> share/x used to put the mapping (clear owners), the journal and the
    // clear failure statistics under share/x, and the run ended as complete (manifest, no INCOMPLETE.txt)
    Path out = tmp.resolve("linked");
    Files.createDirectories(out.resolve("share/x"));
    Files.createSymbolicLink(out.resolve("private"), Path.of("share/x"));

    assertThatThrownBy(() -> pipeline().run(List.of(input), out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("private/ and share/ are not separate folders");
    assertThat(files(out.resolve("share"))).isEmpty();
  }

  @Test
  void run_shareLinkedToPrivate_refused() throws IOException {
    Path out = tmp.resolve("share-link");
    Files.createDirectories(out.resolve("private"));
    Files.createSymbolicLink(out.resolve("share"), Path.of("private"));

    assertThatThrownBy(() -> pipeline().run(List.of(input), out))
        .isInstanceOf(IOException.class).hasMessageContaining("not separate folders");
    assertThat(files(out.resolve("private"))).isEmpty();
  }

  @Test
  void run_privateSubfolderLinkedIntoShare_refused() throws IOException {
    // private/journal -> ../share/j would have put the journal (it holds the mapping) under share/
    Path out = tmp.resolve("journal-link");
    Files.createDirectories(out.resolve("share/j"));
    Files.createDirectories(out.resolve("private"));
    Files.createSymbolicLink(out.resolve("private/journal"), Path.of("../share/j"));

    assertThatThrownBy(() -> pipeline().run(List.of(input), out))
        .isInstanceOf(IOException.class).hasMessageContaining("private/journal and share/ are not separate folders");
    assertThat(files(out.resolve("share/j"))).isEmpty();
    assertThat(out.resolve("share/manifest.json")).doesNotExist();
  }

  @Test
  void run_privateADanglingLink_errorSaysWhat() throws IOException {
    // the message was "/tmp/.../out/private" alone
    Path out = tmp.resolve("dangling");
    Files.createDirectories(out);
    Files.createSymbolicLink(out.resolve("private"), tmp.resolve("no-such-folder"));
    assertThatThrownBy(() -> pipeline().run(List.of(input), out))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot create the output's private/ folder").hasMessageContaining("exists and is no directory");
  }

  @Test
  void writeAtomically_failingWrite_namesTheFile_leavesNoTemporaryFile() throws IOException {
    // a full disk while writing the journal, failures.json or the manifest said "No space left on device" alone
    Path out = tmp.resolve("write-error");
    OutputLayout layout = OutputLayout.create(out);
    assertThatThrownBy(() -> layout.writeAtomically(layout.share().resolve("failures.json"), o -> {
      o.write(new byte[100_000]);
      throw new IOException("No space left on device");
    })).isInstanceOf(IOException.class).hasMessage("cannot write share/failures.json: No space left on device");
    assertThat(files(out)).isEmpty();
  }

  /**
   * The manifest and failure statistics under share/ get the permissions the data files beside them get
   * (the umask's); before, they were owner-only (Files.createTempFile), so a share/ copied or served as
   * is lacked its manifest. Under private/ every file stays owner-only.
   */
  @Test
  void run_shareFilesAllWithTheUmasksPermissions_privateFilesOwnerOnly() throws IOException {
    Path out = tmp.resolve("permissions");
    pipeline().run(List.of(input), out);
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(out).supportsFileAttributeView("posix"),
        "no POSIX permissions here");
    String data;
    try (java.util.stream.Stream<Path> s = Files.list(out.resolve("share/data"))) {
      data = perms(s.findFirst().orElseThrow());
    }
    // under a umask of 077 the data files are owner-only too, and this test could not tell the difference
    org.junit.jupiter.api.Assumptions.assumeFalse(data.equals("rw-------"), "umask 077");
    for (String f : List.of("manifest.json", "failures.csv", "failures.json", "README.md")) {
      assertThat(perms(out.resolve("share").resolve(f))).as(f).isEqualTo(data);
    }
    try (java.util.stream.Stream<Path> s = Files.walk(out.resolve("private"))) {
      for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        assertThat(perms(f)).as(out.relativize(f).toString()).isEqualTo("rw-------");
      }
    }
  }

  /**
   * An earlier run's releases of other data (anonkit's differentially private figures and k-anonymous
   * job table) are deleted by the next run into the folder, also one that makes none: they stayed
   * beside the new run's complete share/, figures of 3,000 jobs beside a run of 200. The names are the
   * caller's ({@code releaseNames}; the pipeline had anonkit's four built in); other files stay.
   */
  @Test
  void run_intoAFolderWithEarlierReleases_deletesTheNamedOnes() throws IOException {
    Path out = tmp.resolve("after-demo");
    Files.createDirectories(out.resolve("share"));
    List<String> releases = List.of("failures-dp.csv", "failures-dp.json", "jobs-kanon.csv", "jobs-kanon.json");
    for (String f : releases) {
      Files.writeString(out.resolve("share").resolve(f), "figures of other data\n");
    }
    PipelineResumeSafetyTest.builder(PipelineResumeSafetyTest.strict(), KEY).releaseNames(releases.subList(0, 3))
        .build().run(List.of(input), out);
    for (String f : releases.subList(0, 3)) {
      assertThat(out.resolve("share").resolve(f)).doesNotExist();
    }
    assertThat(out.resolve("share/jobs-kanon.json")).as("not named").isRegularFile();
    assertThat(out.resolve("share/manifest.json")).isRegularFile();
    for (String bad : List.of("manifest.json", Pipeline.INCOMPLETE, Pipeline.README, "data", "../x", "a/b", "", "..")) {
      assertThatThrownBy(() -> Pipeline.builder(PipelineResumeSafetyTest.strict()).releaseNames(List.of(bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static String perms(Path p) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void run_privateLinkedToAnotherFolder_stillRuns_andThatFolderIsOwnerOnly() throws IOException {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere-private"));
    Path out = tmp.resolve("private-elsewhere");
    Files.createDirectories(out);
    Files.createSymbolicLink(out.resolve("private"), elsewhere);

    pipeline().run(List.of(input), out);
    assertThat(elsewhere.resolve("mapping-owner.csv")).exists();
    assertThat(out.resolve("share/manifest.json")).exists();
    if (Files.getFileStore(elsewhere).supportsFileAttributeView("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void run_whileAnotherRunHoldsTheFolder_refusedAndNothingChanged() throws IOException {
    // two runs into one OUT deleted each other's temporary files, and the one that ended first deleted the
    // other's INCOMPLETE.txt: the folder said complete while the second still wrote into it
    Path out = tmp.resolve("busy");
    pipeline().run(List.of(input), out);
    Map<String, String> share = PipelineTest.checksums(out.resolve("share"));
    Path leftover = Files.writeString(out.resolve("share/data/.jobs.anon.jsonl.1x9zq3k2b7.tmp"), "the other run's");

    try (FileChannel ch = FileChannel.open(out.resolve("private/" + Pipeline.LOCK), StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      assertThatThrownBy(() -> pipeline().run(List.of(input), out))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another anonkit run is writing into").hasMessageContaining("nothing was changed");
      assertThat(leftover).as("the other run's file in progress").exists();
      Files.delete(leftover);
      assertThat(PipelineTest.checksums(out.resolve("share"))).isEqualTo(share);
      assertThat(out.resolve("share/" + Pipeline.INCOMPLETE)).doesNotExist();
    }
    // once it is released, the next run goes ahead
    pipeline().run(List.of(input), out);
    assertThat(PipelineTest.checksums(out.resolve("share"))).isEqualTo(share);
  }

  @Test
  void beforeComplete_runsUnderTheLockWhileIncomplete_andItsFailureLeavesShareIncomplete() throws IOException {
    // anonkit run --experiments wrote its releases into share/ after the run had let go of its lock and
    // deleted INCOMPLETE.txt: a second run into the folder could start in between (its share/ then got the
    // first run's figures), and a release that failed (the k-anonymous table out of memory) left a share/
    // that said complete
    Path out = tmp.resolve("completion");
    boolean[] called = {false};
    PipelineResumeSafetyTest.builder(PipelineResumeSafetyTest.strict(), KEY).mappingFields(List.of("Owner"))
        .beforeComplete(report -> {
          called[0] = true;
          assertThat(report.layout().share()).isEqualTo(out.toAbsolutePath().normalize().resolve("share"));
          // every other output is in place, the manifest comes after (it lists what this step writes)
          assertThat(report.files()).containsKeys("failures.csv", "mapping.Owner").doesNotContainKey("manifest");
          assertThat(out.resolve("share/failures.csv")).exists();
          assertThat(out.resolve("share/manifest.json")).doesNotExist();
          assertThat(out.resolve("share/" + Pipeline.INCOMPLETE)).as("still marked incomplete").exists();
          assertThatThrownBy(() -> pipeline().run(List.of(input), out)).as("a second run meanwhile")
              .isInstanceOf(IOException.class).hasMessageContaining("another anonkit run is writing into");
          return Map.of("extra.csv", Files.writeString(report.layout().share().resolve("extra.csv"), "x\n"));
        }).build().run(List.of(input), out);
    assertThat(called[0]).isTrue();
    assertThat(out.resolve("share/extra.csv")).exists();
    assertThat(out.resolve("share/" + Pipeline.INCOMPLETE)).doesNotExist();
    // the manifest lists it with its size and checksum, as the data files
    String manifest = Files.readString(out.resolve("share/manifest.json"));
    assertThat(manifest).contains("\"releases\": [\n    {\"path\": \"share/extra.csv\", \"bytes\": 2, \"sha256\": \""
        + Pipeline.sha256(out.resolve("share/extra.csv")) + "\"}\n  ],")
        .contains("\"extra.csv\": \"share/extra.csv\"");

    Path failed = tmp.resolve("completion-failed");
    assertThatThrownBy(() -> PipelineResumeSafetyTest.builder(PipelineResumeSafetyTest.strict(), KEY)
        .mappingFields(List.of("Owner")).beforeComplete(report -> {
          throw new IOException("the release failed");
        }).build().run(List.of(input), failed)).isInstanceOf(IOException.class).hasMessage("the release failed");
    assertThat(failed.resolve("share/" + Pipeline.INCOMPLETE)).as("share/ must not look complete").exists();

    // what it reports must be a file of this run's output, named apart from the run's own
    Path outside = Files.writeString(tmp.resolve("outside.csv"), "x\n");
    for (Map<String, Path> reported : List.of(Map.of("extra.csv", outside), Map.of("failures.csv", outside),
        Map.of("folder", tmp.resolve("bad-report/share")))) {
      Path bad = tmp.resolve("bad-report");
      assertThatThrownBy(() -> PipelineResumeSafetyTest.builder(PipelineResumeSafetyTest.strict(), KEY)
          .mappingFields(List.of("Owner")).beforeComplete(report -> reported).build().run(List.of(input), bad))
          .as("%s", reported.keySet()).isInstanceOf(IllegalStateException.class).hasMessageContaining("last step reported");
      assertThat(bad.resolve("share/" + Pipeline.INCOMPLETE)).exists();
      assertThat(bad.resolve("share/manifest.json")).doesNotExist();
    }
  }

  /**
   * The last step's files go into share/manifest.json as releases, with their checksums: only its own
   * files of share/ may be. It could name one "manifest" (the manifest's own entry then overwrote it in
   * the report, while the manifest listed the step's file under that name), report the manifest, the
   * INCOMPLETE marker or one of the run's own outputs under another name, a file under private/ (its
   * SHA-256 then went into share/), or one reached through a symbolic link to a folder outside.
   */
  @Test
  void beforeComplete_reportedFiles_onlyItsOwnFilesOfShare() throws IOException {
    Path outsideDir = Files.createDirectories(tmp.resolve("outside-dir"));
    List<java.util.function.Function<RunReport, Map<String, Path>>> bad = List.of(
        r -> Map.of("manifest", write(r.layout().share().resolve("extra.csv"))),
        r -> Map.of("m", write(r.layout().share().resolve("manifest.json"))),
        r -> Map.of("marker", r.layout().share().resolve(Pipeline.INCOMPLETE)),
        r -> Map.of("own", r.files().get("failures.csv")),
        r -> Map.of("mapping", r.files().get("mapping.Owner")),
        r -> Map.of("private", write(r.layout().privateDir().resolve("extra.csv"))),
        r -> Map.of("a", write(r.layout().share().resolve("a.csv")), "b", r.layout().share().resolve("a.csv")),
        r -> {
          try {
            Files.createSymbolicLink(r.layout().share().resolve("linked"), outsideDir);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return Map.of("linked", write(r.layout().share().resolve("linked/x.csv")));
        });
    for (int i = 0; i < bad.size(); i++) {
      java.util.function.Function<RunReport, Map<String, Path>> step = bad.get(i);
      Path out = tmp.resolve("reported-" + i);
      assertThatThrownBy(() -> PipelineResumeSafetyTest.builder(PipelineResumeSafetyTest.strict(), KEY)
          .mappingFields(List.of("Owner")).beforeComplete(step::apply).build().run(List.of(input), out))
          .as("case %d", i).isInstanceOf(IllegalStateException.class).hasMessageContaining("last step reported");
      assertThat(out.resolve("share/" + Pipeline.INCOMPLETE)).as("case %d", i).exists();
    }
  }

  private static Path write(Path f) {
    try {
      Files.createDirectories(f.getParent());
      return Files.writeString(f, "x\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void run_inputInsideShare_refusedBeforeAnythingIsWritten_inputKept() throws IOException {
    // an input under share/data named *.anon.* was deleted by the run as an earlier run's data file (and
    // one of any name would be given away, clear, with a share/ that the manifest says is complete)
    Path out = tmp.resolve("input-inside");
    pipeline().run(List.of(input), out);
    Path inside = Files.copy(input, out.resolve("share/data/again.anon.jsonl"));
    Map<String, String> share = PipelineTest.checksums(out.resolve("share"));

    assertThatThrownBy(() -> pipeline().run(List.of(inside), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input again.anon.jsonl lies inside the output's share/ folder");
    assertThat(inside).exists();
    assertThat(PipelineTest.checksums(out.resolve("share"))).isEqualTo(share);

    // under private/ an input is fine (the demo keeps its clear input there)
    Path priv = Files.copy(input, out.resolve("private/jobs.jsonl"));
    pipeline().run(List.of(priv), out);
    assertThat(priv).exists();
  }

  @Test
  void run_inputIsAPipe_errorSaysItIsNoRegularFile() throws Exception {
    // "cannot read input fifo.jsonl after 0 record(s), 65,536 bytes (decompressed): Illegal seek" did not say why
    Path fifo = tmp.resolve("fifo.jsonl");
    Process mk;
    try {
      mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no mkfifo here: " + e.getMessage());
      return;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
    // refused before it is opened: no writer is needed, and a run that opened it would wait (for good,
    // without a writer: the timeout below); with a writer serving it on every open, the second pass read
    // other bytes, and the run failed as if the input had changed, timing-dependent (JDK 25)
    Path out = tmp.resolve("from-a-pipe");
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () ->
        assertThatThrownBy(() -> PipelineResumeSafetyTest.builder(PipelineTest.policy(), KEY).build().run(List.of(fifo), out))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("cannot read input fifo.jsonl")
            .hasMessageContaining("not a regular file"));
    assertThat(out).as("refused before anything is written").doesNotExist();
  }
}
