package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads the real HTCondor records in {@code ../shared/data/htcondor-samples/} (public files with real
 * PII; read in place, never copied into the project). Skipped when the folder is absent.
 */
class HtcondorSamplesTest {

  /**
   * The sample's content without its provenance header: {@code #} / {@code //} comment lines, and
   * for the JSON sample also the {@code condor_q -nobatch} text line that precedes the object.
   */
  private static byte[] load(String file) throws IOException {
    Path dir = IoTesting.samplesDir();
    assumeTrue(dir != null, "shared/data/htcondor-samples not found beside the repository; skipped");
    Path p = dir.resolve(file);
    assumeTrue(Files.exists(p), file + " absent; skipped");
    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.startsWith("#") && !l.startsWith("//"))
        .collect(Collectors.toList());
    if (file.contains(".json")) {
      while (!lines.isEmpty() && !lines.get(0).startsWith("{") && !lines.get(0).startsWith("[")) {
        lines.remove(0);
      }
    }
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "01-htcondor-test.old.ad.txt, CONDOR, 1, 96",
      "02-fermilab-fifebatch-dune-2017.ads.txt, CONDOR, 2, 45",
      "03-chtc-held-job-2022.ad.txt, CONDOR, 1, 135",
      "04-osg-jlab-held-job-2021.json.txt, CONDOR_JSON, 1, 176"})
  void sample_parsesDetectsAndRoundTrips(String file, RecordFormat format, int ads, int firstAdAttrs)
      throws IOException {
    byte[] data = load(file);
    assertThat(RecordFormat.sniff(data, data.length)).contains(format);
    for (int chunk : new int[] {1, 1000, 1 << 20}) {
      IoTesting.Result r = IoTesting.read(data, null, chunk);
      assertThat(r.malformed).as("malformed records").isEmpty();
      assertThat(r.records).hasSize(ads);
      assertThat(r.records.get(0).size()).isEqualTo(firstAdAttrs);
      for (RecordFormat out : new RecordFormat[] {format, RecordFormat.JSONL, RecordFormat.CONDOR,
          RecordFormat.CONDOR_JSON}) {
        byte[] written = IoTesting.write(r.records, out, List.of(), 1);
        IoTesting.Result again = IoTesting.read(written, out, chunk);
        assertThat(again.malformed).isEmpty();
        assertThat(again.records).hasSameSizeAs(r.records);
        for (int i = 0; i < ads; i++) {
          assertThat(again.records.get(i).sameFields(r.records.get(i)))
              .as("%s via %s, ad %d", file, out, i + 1).isTrue();
        }
      }
    }
  }

  /**
   * The -long samples read as they are, provenance header and all: its '#' lines are comments, as
   * HTCondor takes them (the first ad of each was quarantined); the same ads as without the header.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"01-htcondor-test.old.ad.txt, 1", "02-fermilab-fifebatch-dune-2017.ads.txt, 2",
      "03-chtc-held-job-2022.ad.txt, 1"})
  void condorSample_asPublished_headerCommentsSkipped(String file, int ads) throws IOException {
    byte[] stripped = load(file);
    byte[] raw = Files.readAllBytes(IoTesting.samplesDir().resolve(file));
    assertThat(new String(raw, StandardCharsets.UTF_8)).startsWith("#");
    assertThat(RecordFormat.sniff(raw, raw.length)).contains(RecordFormat.CONDOR);
    IoTesting.Result asIs = IoTesting.read(raw, null, 1 << 20);
    IoTesting.Result clean = IoTesting.read(stripped, null, 1 << 20);
    assertThat(asIs.malformed).isEmpty();
    assertThat(asIs.records).hasSize(ads).hasSameSizeAs(clean.records);
    for (int i = 0; i < ads; i++) {
      assertThat(asIs.records.get(i).sameFields(clean.records.get(i))).as("ad %d", i + 1).isTrue();
    }
  }

  /** The JSON sample as published: its object read, its six header lines quarantined, one malformed row each. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"04-osg-jlab-held-job-2021.json.txt"})
  void jsonSample_asPublished_headerLinesQuarantinedOneEach(String file) throws IOException {
    load(file); // skips when absent
    byte[] raw = Files.readAllBytes(IoTesting.samplesDir().resolve(file));
    IoTesting.Result r = IoTesting.read(raw, RecordFormat.CONDOR_JSON, 1 << 20);
    assertThat(r.records).hasSize(1);
    assertThat(r.records.get(0).size()).isEqualTo(176);
    assertThat(r.malformed).extracting(MalformedRecord::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"01-htcondor-test.old.ad.txt", "03-chtc-held-job-2022.ad.txt"})
  void condorSample_literalKinds(String file) throws IOException {
    FieldRecord ad = IoTesting.read(load(file), RecordFormat.CONDOR, 1 << 20).records.get(0);
    assertThat(ad.kind(ad.indexOf("owner"))).isEqualTo(FieldKind.STRING);
    assertThat(ad.kind(ad.indexOf("JOBSTATUS"))).isEqualTo(FieldKind.INTEGER);
    assertThat(ad.kind(ad.indexOf("ExitBySignal"))).isEqualTo(FieldKind.BOOLEAN);
    assertThat(ad.kind(ad.indexOf("Requirements"))).isEqualTo(FieldKind.RAW);
    assertThat(ad.kind(ad.indexOf("RemoteSysCpu"))).isEqualTo(FieldKind.REAL);
    if (file.startsWith("01")) {
      assertThat(ad.kind(ad.indexOf("HoldReason"))).isEqualTo(FieldKind.UNDEFINED);
      assertThat(ad.text(ad.indexOf("CurrentTime"))).isEqualTo("time()");
    } else {
      assertThat(ad.kind(ad.indexOf("NumHoldsByReason"))).isEqualTo(FieldKind.RAW);
      assertThat(ad.text(ad.indexOf("NumHoldsByReason"))).isEqualTo("[ JobOutOfResources = 1 ]");
      String resource = ad.text(ad.indexOf("JOBGLIDEIN_ResourceName"));
      assertThat(resource).contains("\"Local Job\"").doesNotContain("\\\"");
      assertThat(ad.text(ad.indexOf("ActivationTeardownDuration")))
          .isEqualTo("-8382063121022416774");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"04-osg-jlab-held-job-2021.json.txt"})
  void jsonSample_exprStringsAreRaw(String file) throws IOException {
    FieldRecord ad = IoTesting.read(load(file), RecordFormat.CONDOR_JSON, 1 << 20).records.get(0);
    int i = ad.indexOf("OnExitHold");
    assertThat(ad.kind(i)).isEqualTo(FieldKind.RAW);
    assertThat(ad.text(i)).isEqualTo("(ExitBySignal == true) || (ExitCode != 0)");
    assertThat(ad.kind(ad.indexOf("CPUsUsage"))).isEqualTo(FieldKind.REAL);
    assertThat(ad.kind(ad.indexOf("Owner"))).isEqualTo(FieldKind.STRING);
    // -long output writes the expression as ClassAd source
    byte[] longForm = IoTesting.write(List.of(ad), RecordFormat.CONDOR, List.of(), 1);
    assertThat(new String(longForm, StandardCharsets.UTF_8))
        .contains("\nOnExitHold = (ExitBySignal == true) || (ExitCode != 0)\n");
  }
}
