package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.anonkit.InvalidInputException;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.anonkit.pipeline.testing.TaggingProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review 46's F2 end to end: a JSON key that reads as a value (an e-mail, an address, a path) was written in clear
 * as an output key, a CSV column, and in the manifest's per-field counts and share/README.md. Now its record is
 * malformed: counted and quarantined under private/, its reason giving the field's position.
 */
class FieldNamePipelineTest {
  private static final MasterKey KEY = MasterKey.generate("field-name-test", new SecureRandom());
  private static final List<String> NEEDLES = List.of("zqfieldname", "131.225.77.77", "zqjdoe", "zqmid");

  @TempDir static Path tmp;
  static List<String> lines;

  @BeforeAll
  static void generate() throws IOException {
    Path g = tmp.resolve("gen.jsonl");
    JobGenerator.builder().seed(46).users(40).build().write(g, 400);
    lines = new ArrayList<>(Files.readAllLines(g, StandardCharsets.UTF_8));
    for (String l : lines) {
      for (String n : NEEDLES) {
        assertThat(l.toLowerCase(Locale.ROOT)).doesNotContain(n);
      }
    }
  }

  /** The generated ads with four of them given a key that is no field name (rows 11, 101, 201, 301). */
  static List<String> withBadKeys() {
    List<String> out = new ArrayList<>(lines);
    out.set(10, out.get(10).replaceFirst("^\\{", "{\"zqfieldname@fnal.gov\": 1, "));
    out.set(100, out.get(100).replaceFirst("^\\{", "{\"131.225.77.77\": \"x\", "));
    out.set(200, out.get(200).replaceFirst("^\\{", "{\"/home/zqjdoe\": true, "));
    out.set(300, out.get(300).replaceFirst("\\}$", ", \"zqmid@x.example\": {\"a\": 1}}"));
    return out;
  }

  static Path write(String name, RecordFormat f, List<String> ads) throws IOException {
    Path p = tmp.resolve(name);
    String body = f == RecordFormat.JSONL ? String.join("\n", ads) + "\n" : "[\n" + String.join(",\n", ads) + "\n]\n";
    Files.writeString(p, body, StandardCharsets.UTF_8);
    return p;
  }

  static Pipeline.Builder pipeline(RecordFormat in, RecordFormat out) {
    Pipeline.Builder b = Pipeline.builder(PipelineTest.policy()).key(KEY)
        .registry(org.anonkit.TransformerRegistry.builder().add(new TaggingProvider("tag"))
            .add(new ScrubTextProvider()).build())
        .threads(2).chunkBytes(16 << 10).inputFormat(in).vectors(false);
    return out == null ? b : b.outputFormat(out);
  }

  @ParameterizedTest
  @CsvSource({"JSONL,", "JSONL,CSV", "CONDOR_JSON,", "CONDOR_JSON,CSV"})
  void keyThatIsNoFieldName_recordQuarantined_nameNowhereInShare(RecordFormat in, RecordFormat outFormat)
      throws IOException {
    String tag = in.name() + "-" + outFormat;
    Path input = write("bad-" + tag + (in == RecordFormat.JSONL ? ".jsonl" : ".json"), in, withBadKeys());
    Path out = tmp.resolve("out-" + tag);
    RunReport r = pipeline(in, outFormat).build().run(List.of(input), out);
    assertThat(r.rowsIn()).isEqualTo(400);
    assertThat(r.quarantined()).isEqualTo(4);
    assertThat(r.rowsOut()).isEqualTo(396);
    for (Path p : PipelineTest.walk(out.resolve("share"))) {
      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      for (String n : NEEDLES) {
        assertThat(text).as("%s holds %s", p, n).doesNotContain(n);
      }
    }
    String base = input.getFileName().toString().replaceFirst("\\.jsonl?$", "");
    Path quarantine = out.resolve("private/quarantine/" + base + ".quarantine");
    String q = Files.readString(quarantine);
    for (String n : NEEDLES) {
      assertThat(q).contains(n); // nothing lost: the records are kept, in clear, under private/
    }
    List<String> reasons = Files.readAllLines(out.resolve("private/quarantine/" + base + ".quarantine.reasons.tsv"));
    String all = String.join("\n", reasons);
    assertThat(all).contains("field 1's name is not a field name").doesNotContain("zq").doesNotContain("131.225");
    assertThat(reasons.stream().filter(l -> l.contains("'s name is not a field name")).count()).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({"JSONL", "CONDOR_JSON"})
  void keyThatIsNoFieldName_failOnMalformed_stopsNamingRowNotName(RecordFormat in) throws IOException {
    Path input = write("fail-" + in.name() + (in == RecordFormat.JSONL ? ".jsonl" : ".json"), in, withBadKeys());
    assertThatThrownBy(() -> pipeline(in, null).failOnMalformed(true).build().run(List.of(input),
        tmp.resolve("fail-out-" + in.name())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("row 11").hasMessageContaining("field 1's name is not a field name")
        .hasMessageNotContaining("zq").hasMessageNotContaining("fnal");
  }

  @ParameterizedTest
  @CsvSource({"JSONL", "CONDOR_JSON"})
  void cleanInput_nothingQuarantined(RecordFormat in) throws IOException {
    Path input = write("clean-" + in.name() + (in == RecordFormat.JSONL ? ".jsonl" : ".json"), in, lines);
    RunReport r = pipeline(in, null).build().run(List.of(input), tmp.resolve("clean-out-" + in.name()));
    assertThat(r.rowsIn()).isEqualTo(400);
    assertThat(r.quarantined()).isZero();
  }
}
