package org.anonkit.benchmarks.pipeline;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.anonkit.Anonymizer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.io.FieldRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code scrub-text} on the values of {@link ScrubTextBenchmark} (same ads, fields and policy), as they
 * are ({@code ascii}) and with every {@code e} and {@code a} written {@code é} and {@code à}
 * ({@code accented}), the dictionary's names likewise: the cost of text outside ASCII, where every
 * such character takes the scan's slower path (decoded, tested as a word character, folded and looked
 * up in the trie's non-ASCII edges). The accented values are a stress case, not realistic data: host
 * names, paths and DNs change shape too, so the other detectors find less in them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScrubTextUnicodeBenchmark {
  @Param({"ascii", "accented"})
  public String text;

  private Transformer[] transformers;
  private String[] values;

  private static String accent(String s) {
    return s.replace('e', 'é').replace('a', 'à');
  }

  @Setup
  public void setUp() throws IOException {
    GeneratedAds data = GeneratedAds.of(ScrubTextBenchmark.ADS);
    boolean accented = text.equals("accented");
    List<String> names = new ArrayList<>();
    for (String n : data.names) {
      names.add(accented ? accent(n) : n);
    }
    Anonymizer anonymizer = Anonymizer.compile(Pipeline.resolvePolicy(data.policy, null, names),
        MasterKey.generate("bench", new SecureRandom()), TransformerRegistry.defaultRegistry());
    List<Transformer> ts = new ArrayList<>();
    List<String> vs = new ArrayList<>();
    long nonAscii = 0;
    for (FieldRecord r : data.records) {
      for (int i = 0; i < r.size(); i++) {
        if (ScrubTextBenchmark.FIELDS.contains(r.name(i))) {
          String v = accented ? accent(r.text(i)) : r.text(i);
          ts.add(anonymizer.plan(r.name(i)).transformer());
          vs.add(v);
          nonAscii += v.chars().filter(c -> c >= 128).count();
        }
      }
    }
    transformers = ts.toArray(new Transformer[0]);
    values = vs.toArray(new String[0]);
    System.out.printf(Locale.ROOT, "%n%,d values (%s, %,d chars outside ASCII), %,d dictionary names%n",
        values.length, text, nonAscii, names.size());
  }

  @Benchmark
  @OperationsPerInvocation(ScrubTextBenchmark.ADS)
  public void scrubText(Blackhole bh) {
    for (int i = 0; i < values.length; i++) {
      bh.consume(transformers[i].apply(values[i]));
    }
  }
}
