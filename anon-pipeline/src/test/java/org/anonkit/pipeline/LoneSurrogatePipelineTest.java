package org.anonkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.anonkit.FieldRule;
import org.anonkit.OnFailure;
import org.anonkit.Parameters;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.generate.JobGenerator;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.scrub.ScrubTextProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Review 46's F6 end to end: an Owner holding a JSON escape of a lone surrogate stopped the whole run (its hmac
 * rule fails on a value with no UTF-8 form); the same escape in free text went through to the output. Both
 * records are now quarantined and the run goes on.
 */
class LoneSurrogatePipelineTest {
  private static final MasterKey KEY = MasterKey.generate("surrogate-test", new SecureRandom());
  private static final String BS = "\\";

  @TempDir Path tmp;

  static Policy policy() {
    return Policy.builder().name("surrogates")
        .rule(FieldRule.transform("Owner", "hmac").linkageDomain("user").build()) // onFailure: fail
        .keep("JobStatus", "ExitCode", "ClusterId", "ProcId")
        .defaultRule(FieldRule.transform("*", "scrub-text").onFailure(OnFailure.REDACT).build())
        .extension("scrub", Parameters.builder("$.scrub").put("user", hmac("user")).put("ip", hmac("ip"))
            .put("host", hmac("host")).put("phone", "redact").build())
        .build();
  }

  private static Parameters hmac(String domain) {
    return Parameters.builder().put("transformer", "hmac").put("domain", domain).build();
  }

  @ParameterizedTest
  @EnumSource(value = RecordFormat.class, names = {"JSONL", "CONDOR_JSON"})
  void loneSurrogateEscape_quarantined_runGoesOn(RecordFormat format) throws IOException {
    Path g = tmp.resolve("gen.jsonl");
    JobGenerator.builder().seed(6).users(20).build().write(g, 200);
    List<String> ads = new ArrayList<>(Files.readAllLines(g, StandardCharsets.UTF_8));
    ads.set(20, ads.get(20).replaceFirst("\"Owner\": *\"[^\"]*\"",
        Matcher.quoteReplacement("\"Owner\": \"zqowner" + BS + "ud800\"")));
    ads.set(40, ads.get(40).replaceFirst("^\\{",
        Matcher.quoteReplacement("{\"SubmitterNote\": \"group_dune.zqdoe" + BS + "uDC00\", ")));
    assertThat(ads.get(20)).contains("zqowner" + BS + "ud800");
    assertThat(ads.get(40)).contains("zqdoe" + BS + "uDC00");
    Path in = tmp.resolve(format == RecordFormat.JSONL ? "s.jsonl" : "s.json");
    Files.writeString(in, format == RecordFormat.JSONL ? String.join("\n", ads) + "\n"
        : "[\n" + String.join(",\n", ads) + "\n]\n", StandardCharsets.UTF_8);
    Path out = tmp.resolve("out");
    RunReport r = Pipeline.builder(policy()).key(KEY).inputFormat(format).vectors(false).threads(2)
        .registry(TransformerRegistry.builder().add(new org.anonkit.hmac.HmacTransformerProvider())
            .add(new ScrubTextProvider()).build())
        .build().run(List.of(in), out);
    assertThat(r.rowsIn()).isEqualTo(200);
    assertThat(r.quarantined()).isEqualTo(2);
    for (Path p : PipelineTest.walk(out.resolve("share"))) {
      String text = Files.readString(p, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
      assertThat(text).as(p.toString()).doesNotContain("zqowner").doesNotContain("zqdoe")
          .doesNotContain(BS + "ud800").doesNotContain(BS + "udc00")
          .doesNotContain("\u00ef\u00bf\u00bd"); // U+FFFD's UTF-8 bytes, read as Latin-1
    }
    String reasons = Files.readString(out.resolve("private/quarantine/s.quarantine.reasons.tsv"));
    assertThat(reasons).contains("21\t").contains("41\t").contains("unpaired UTF-16 surrogate").doesNotContain("zq");
    assertThat(Files.readString(out.resolve("private/quarantine/s.quarantine"))).contains("zqowner").contains("zqdoe");
  }
}
