package org.anonkit.benchmarks.pipeline;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.anonkit.Anonymizer;
import org.anonkit.FieldPlan;
import org.anonkit.FieldRule;
import org.anonkit.InvalidInputException;
import org.anonkit.OnFailure;
import org.anonkit.Policy;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.pipeline.Pipeline;
import org.anonkit.pipeline.RecordAnonymizer;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-record step of a pipeline worker, {@link RecordAnonymizer#anonymize}, with the bundled
 * HTCondor policy on whole generated job ads; score in ns per ad (each ad is copied first, in every
 * case, since anonymizing works in place). Each invocation anonymizes 10,000 ads with a fresh
 * {@link RecordAnonymizer}, so its field memos see the stream once, as a worker does, and switch
 * themselves off for the never-repeating fields after their first 4,096 lookups (reusing one instance
 * across invocations would serve every value from the memo). The transformers' own span memos are
 * shared and stay warm, as in a long run.
 *
 * <ul>
 *   <li>{@code anonymizeClustered}: ads in the generator's order, where consecutive ads come from one
 *       submission and repeat their owner, DN, paths (as condor_history dumps do): the field memo's
 *       previous-value shortcut serves most repeated values without hashing;
 *   <li>{@code anonymizeShuffled}: the same ads in a fixed random order, so consecutive values differ
 *       and repeated ones go through the memo's hash table;
 *   <li>{@code naiveTransformers}: the naive baseline, in the clustered order: the plan looked up per
 *       field and each transformed field's transformer called directly (no memo, no counts), with the
 *       same edits to the record as {@code anonymize} (dropped fields removed, results written back,
 *       {@code onFailure} applied, the {@code ipIntegers} twins appended), so both produce the same
 *       records; {@link #setUp()} checks that they do on every ad.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecordAnonymizerBenchmark {
  static final int ADS = 10_000;

  private List<FieldRecord> clustered;
  private List<FieldRecord> shuffled;
  private Anonymizer compiled;
  private Policy prepared;
  private String marker;
  private List<String> ipIntegerFields;

  @Setup
  public void setUp() throws IOException {
    GeneratedAds data = GeneratedAds.of(ADS);
    prepared = Pipeline.resolvePolicy(data.policy, null, data.names);
    compiled = Anonymizer.compile(prepared, MasterKey.generate("bench", new SecureRandom()),
        TransformerRegistry.defaultRegistry());
    clustered = data.records;
    shuffled = new ArrayList<>(clustered);
    Collections.shuffle(shuffled, new Random(7));
    marker = prepared.redactionMarker();
    ipIntegerFields = RecordAnonymizer.ipIntegerFields(prepared);
    // the baseline must compute what the candidate computes, or the ratio means nothing
    RecordAnonymizer anonymizer = RecordAnonymizer.create(compiled, prepared);
    for (FieldRecord r : clustered) {
      FieldRecord ours = r.copy();
      anonymizer.anonymize(ours);
      FieldRecord naive = r.copy();
      naiveAnonymize(naive);
      if (!ours.sameFields(naive)) {
        throw new IllegalStateException("naiveTransformers and anonymize disagree on ad " + r.row());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ADS)
  public void anonymizeClustered(Blackhole bh) {
    anonymizeAll(clustered, bh);
  }

  @Benchmark
  @OperationsPerInvocation(ADS)
  public void anonymizeShuffled(Blackhole bh) {
    anonymizeAll(shuffled, bh);
  }

  private void anonymizeAll(List<FieldRecord> records, Blackhole bh) {
    RecordAnonymizer anonymizer = RecordAnonymizer.create(compiled, prepared); // fresh field memos
    for (FieldRecord r : records) {
      FieldRecord c = r.copy();
      anonymizer.anonymize(c);
      bh.consume(c);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ADS)
  public void naiveTransformers(Blackhole bh) {
    for (FieldRecord r : clustered) {
      FieldRecord c = r.copy();
      naiveAnonymize(c);
      bh.consume(c);
    }
  }

  /** What {@link RecordAnonymizer#anonymize} does to a record, written plainly: no memo, no counts. */
  private void naiveAnonymize(FieldRecord c) {
    for (int i = 0; i < c.size(); i++) {
      String name = c.name(i);
      if (isTwin(name)) { // the input's own twin: replaced by the one appended below
        c.remove(i--);
        continue;
      }
      FieldPlan p = compiled.plan(name);
      if (p.action() == FieldRule.Action.DROP) {
        c.remove(i--);
      } else if (p.action() == FieldRule.Action.TRANSFORM && c.kind(i) != FieldKind.UNDEFINED) {
        FieldKind kind = c.kind(i);
        String text = c.text(i);
        String out;
        try {
          out = p.transformer().apply(text);
        } catch (InvalidInputException e) {
          if (p.onFailure() == OnFailure.REDACT) {
            c.setString(i, marker);
          } else if (p.onFailure() == OnFailure.DROP) {
            c.remove(i--);
          } else {
            throw e;
          }
          continue;
        }
        if (!out.equals(text) || kind == FieldKind.STRING) {
          c.set(i, kind == FieldKind.RAW ? FieldKind.RAW : FieldKind.STRING, out);
        }
      }
    }
    for (String f : ipIntegerFields) {
      int i = c.indexOf(f);
      if (i >= 0 && c.kind(i) != FieldKind.UNDEFINED) {
        long v = ipv4(c.text(i));
        if (v >= 0) {
          c.add(c.name(i) + RecordAnonymizer.IP_INTEGER_SUFFIX, FieldKind.INTEGER, Long.toString(v));
        }
      }
    }
  }

  private boolean isTwin(String name) {
    for (String f : ipIntegerFields) {
      if (name.equalsIgnoreCase(f + RecordAnonymizer.IP_INTEGER_SUFFIX)) {
        return true;
      }
    }
    return false;
  }

  /** A dotted IPv4 address's unsigned value by a regular expression and {@code Integer.parseInt}, or -1. */
  private static long ipv4(String s) {
    if (!DOTTED_QUAD.matcher(s).matches()) {
      return -1;
    }
    long v = 0;
    for (String part : s.split("\\.")) {
      int b = Integer.parseInt(part);
      if (b > 255) {
        return -1;
      }
      v = (v << 8) | b;
    }
    return v;
  }

  private static final java.util.regex.Pattern DOTTED_QUAD =
      java.util.regex.Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");
}
