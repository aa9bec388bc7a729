package org.anonkit.benchmarks.pipeline;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.anonkit.Anonymizer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.io.FieldRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * {@code scrub-text} on the HTCondor fields whose values never repeat from one job ad to the next
 * (so no field memo can serve them): the startd's sinful string, the last claim id, the environment,
 * the arguments, the global and jobsub job ids, the last remote host, the out and err names. The score
 * is nanoseconds per job ad, i.e. for all of one ad's values of these fields.
 *
 * <ul>
 *   <li>{@code scrubText}: the shipped policy's {@code scrub-text} rules (compiled from the bundled
 *       HTCondor policy with the data's dictionary and a random key; hmac and Crypto-PAn children),
 *       exactly what a pipeline worker calls;
 *   <li>{@code naiveRegexBaseline}: the textbook approach, one {@code replaceAll} per detector (e-mail,
 *       sinful string, DN, IPv4, host name, phone, user-name contexts, the dictionary's names as one
 *       case-insensitive alternation), each match replaced by a fixed marker. It computes no tokens, so
 *       it is a floor for that approach, not an equivalent of ours.
 * </ul>
 *
 * <p>Inputs: 2,000 ads from {@link JobGenerator} seed 1 (the pipeline benchmarks' data).
 *
 * <p>{@code caches}: the transformers cache the rewrites of composite spans (sinful strings, DNs,
 * e-mails) and their children memoize tokens. With {@code warm} (the figures published before review 25)
 * one compiled policy serves every invocation, so after the first one every such span is a hit: the 2,000
 * ads hold 1,145 distinct startd contacts in 1,938 {@code StartdIpAddr} values, and the claim ids
 * repeat them. A long run is near that (the generated pool's 60,000 ads have about 2,500 distinct
 * contacts), a short one is not. With {@code cold} the policy is compiled afresh before each invocation
 * (outside the measured time), so each distinct span misses once per pass, as in a run of 2,000 ads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScrubTextBenchmark {
  static final int ADS = 2_000;
  static final Set<String> FIELDS = Set.of("StartdIpAddr", "LastPublicClaimId", "Environment", "Args",
      "GlobalJobId", "JobsubJobId", "LastRemoteHost", "Out", "Err");

  @Param({"warm", "cold"})
  public String caches;

  private Transformer[] transformers;
  private String[] fields;
  private String[] values;
  private Pattern[] naive;
  private org.anonkit.Policy resolved;
  private MasterKey key;

  @Setup
  public void setUp() throws IOException {
    GeneratedAds data = GeneratedAds.of(ADS);
    List<String> names = data.names;
    resolved = Pipeline.resolvePolicy(data.policy, null, names);
    key = MasterKey.generate("bench", new SecureRandom());
    List<String> fs = new ArrayList<>();
    List<String> vs = new ArrayList<>();
    for (FieldRecord r : data.records) {
      for (int i = 0; i < r.size(); i++) {
        if (FIELDS.contains(r.name(i))) {
          fs.add(r.name(i));
          vs.add(r.text(i));
        }
      }
    }
    fields = fs.toArray(new String[0]);
    values = vs.toArray(new String[0]);
    compile();
    StringBuilder alternation = new StringBuilder();
    for (String n : names) {
      alternation.append(alternation.length() == 0 ? "" : "|").append(Pattern.quote(n));
    }
    naive = new Pattern[] {
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"),
      Pattern.compile("<[0-9\\[][^<>\\s]*:[0-9][^<>\\s]*>"),
      Pattern.compile("/(?:DC|C|O|OU|CN|UID)=[^/,;\"']*(?:/[A-Za-z][A-Za-z0-9.]*=[^/,;\"']*)+"),
      Pattern.compile("(?<![0-9.])(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)(?![0-9])"),
      Pattern.compile("\\b(?:[A-Za-z0-9-]+\\.){2,}(?:gov|edu|org|com|net|int|mil)\\b"),
      Pattern.compile("(?<![\\w.+-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{3}\\) ?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w-])"),
      Pattern.compile("(?:/home/|/users/|/uploads/[A-Za-z0-9._-]+/|GRID_USER=|USER=)[A-Za-z0-9._-]+"),
      Pattern.compile("\\b(?:" + alternation + ")\\b", Pattern.CASE_INSENSITIVE),
    };
    System.out.printf(Locale.ROOT, "%n%,d values of %d fields over %,d ads, %,d dictionary names%n",
        values.length, FIELDS.size(), ADS, names.size());
  }

  /** The policy compiled afresh: empty span caches and memos. */
  private void compile() {
    Anonymizer anonymizer = Anonymizer.compile(resolved, key, TransformerRegistry.defaultRegistry());
    transformers = new Transformer[fields.length];
    for (int i = 0; i < fields.length; i++) {
      transformers[i] = anonymizer.plan(fields[i]).transformer();
    }
  }

  /** With {@code cold}, a fresh compile before each invocation (an invocation takes milliseconds). */
  @Setup(Level.Invocation)
  public void coldCaches() {
    if (caches.equals("cold")) {
      compile();
    }
  }

  @Benchmark
  @OperationsPerInvocation(ADS)
  public void scrubText(Blackhole bh) {
    for (int i = 0; i < values.length; i++) {
      bh.consume(transformers[i].apply(values[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ADS)
  public void naiveRegexBaseline(Blackhole bh) {
    for (String v : values) {
      String s = v;
      for (Pattern p : naive) {
        s = p.matcher(s).replaceAll("[x]");
      }
      bh.consume(s);
    }
  }
}
