package org.anonkit.benchmarks.vectors;

import org.anonkit.benchmarks.Zipf;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.anonkit.Encoder;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.vectors.EncoderRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code one-hot}, {@code multi-hot} and {@code boolean} encoders, values (rows) per second on one
 * thread, each beside a naive version in the same run that writes the same codes (checked in
 * {@link #setup()}): each invocation encodes {@link #N} rows ({@code @OperationsPerInvocation(N)}).
 *
 * <ul>
 *   <li>{@code oneHot} vs {@code oneHotNaive}: Zipf(1.1) site names from 200 distinct into one-element
 *       code lists; the naive version is a {@code HashMap<String, Integer>} in first-seen order
 *       ({@code computeIfAbsent} on {@code toString()}). Both dictionaries are warm (every value seen
 *       once in setup), as in a steady-state batch;
 *   <li>{@code multiHot} vs {@code multiHotNaive}: lists of 1-6 items from 30 distinct
 *       ({@code "cuda, avx2,sse4"}, spaces around some commas, some items repeated in a row); the naive
 *       version is {@code String.split(",")}, {@code trim()}, the same kind of map and a
 *       {@code LinkedHashSet} per row for the distinct codes;
 *   <li>{@code bool} vs {@code boolNaive}: {@code true/false/TRUE/False/1/0}; the naive version
 *       lower-cases the text and compares with {@code equals}.
 * </ul>
 *
 * <p>As in {@link VectorEncodeBenchmark}, the inputs are {@code String}s prepared in setup, so after the
 * first pass their hash codes are cached and the naive {@code HashMap} lookups of {@code oneHotNaive}
 * cost one hit each; the encoders read a {@code CharSequence} (a reader's slice) and hash it every time.
 * {@code multiHotNaive} splits into new strings, so it pays for hashing as the encoder does.
 *
 * <p>Codes go to an {@link Encoder.Output} that stores into primitive arrays (elements and row
 * offsets), as the vectorizer's buffers do; the naive versions store into the same kind of arrays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotEncodeBenchmark {
  static final int N = 4096;

  String[] sites;
  String[] lists;
  String[] bools;
  Encoder oneHot;
  Encoder multiHot;
  Encoder bool;
  Map<String, Integer> oneHotNaiveDictionary;
  Map<String, Integer> multiHotNaiveDictionary;
  ListOutput out;

  /** Elements of list columns and dense values, each row's list end in {@code ends}. */
  static final class ListOutput implements Encoder.Output {
    final long[] elements = new long[8 * N];
    final int[] ends = new int[N];
    final long[] dense = new long[N];
    int size;
    int row;

    void reset() {
      size = 0;
    }

    @Override
    public void putLong(int column, long value) {
      dense[row] = value;
    }

    @Override
    public void putDouble(int column, double value) {
      dense[row] = Double.doubleToRawLongBits(value);
    }

    @Override
    public void putMissing(int column) {
      dense[row] = -1;
    }

    @Override
    public void addElement(int column, long value) {
      elements[size++] = value;
    }
  }

  @Setup(Level.Trial)
  public void setup() {
    Random rnd = new Random(26);
    int distinct = 200;
    Zipf zipf = new Zipf(distinct, 1.1);
    String[] items = new String[30];
    for (int k = 0; k < items.length; k++) {
      items[k] = "feature" + k;
    }
    String[] boolWords = {"true", "false", "TRUE", "False", "1", "0"};
    sites = new String[N];
    lists = new String[N];
    bools = new String[N];
    for (int i = 0; i < N; i++) {
      int k = zipf.next(rnd);
      sites[i] = "Site_" + k + (k % 3 == 0 ? "_CE" : "");
      StringBuilder sb = new StringBuilder();
      int n = 1 + rnd.nextInt(6);
      for (int j = 0; j < n; j++) {
        if (j > 0) {
          sb.append(rnd.nextBoolean() ? ", " : ",");
        }
        sb.append(items[rnd.nextInt(items.length)]);
      }
      lists[i] = sb.toString();
      bools[i] = boolWords[rnd.nextInt(boolWords.length)];
    }
    EncoderRegistry registry = EncoderRegistry.defaultRegistry();
    oneHot = registry.create("one-hot", EncoderContext.of("site", Parameters.empty()));
    multiHot = registry.create("multi-hot", EncoderContext.of("features", Parameters.empty()));
    bool = registry.create("boolean", EncoderContext.of("flag", Parameters.empty()));
    oneHotNaiveDictionary = new HashMap<>();
    multiHotNaiveDictionary = new HashMap<>();
    out = new ListOutput();
    // warm dictionaries: every value seen once, in the same order on both sides
    oneHot();
    oneHotNaive();
    multiHot();
    multiHotNaive();
    check("one-hot", this::oneHot, this::oneHotNaive);
    check("multi-hot", this::multiHot, this::multiHotNaive);
    check("boolean", this::bool, this::boolNaive);
  }

  private void check(String what, Runnable candidate, Runnable naive) {
    Arrays.fill(out.dense, 42);
    candidate.run();
    long[] e = Arrays.copyOf(out.elements, out.size);
    int[] ends = out.ends.clone();
    long[] dense = out.dense.clone();
    Arrays.fill(out.dense, 42);
    naive.run();
    if (!Arrays.equals(e, Arrays.copyOf(out.elements, out.size)) || !Arrays.equals(ends, out.ends)
        || !Arrays.equals(dense, out.dense)) {
      throw new IllegalStateException("the " + what + " encoder and its naive version wrote different codes");
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int oneHot() {
    ListOutput o = out;
    o.reset();
    for (int i = 0; i < N; i++) {
      o.row = i;
      oneHot.encode(sites[i], o);
      o.ends[i] = o.size;
    }
    return o.size;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int oneHotNaive() {
    ListOutput o = out;
    Map<String, Integer> d = oneHotNaiveDictionary;
    o.reset();
    for (int i = 0; i < N; i++) {
      o.row = i;
      o.elements[o.size++] = d.computeIfAbsent(sites[i].toString(), k -> d.size());
      o.ends[i] = o.size;
    }
    return o.size;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int multiHot() {
    ListOutput o = out;
    o.reset();
    for (int i = 0; i < N; i++) {
      o.row = i;
      multiHot.encode(lists[i], o);
      o.ends[i] = o.size;
    }
    return o.size;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int multiHotNaive() {
    ListOutput o = out;
    Map<String, Integer> d = multiHotNaiveDictionary;
    o.reset();
    for (int i = 0; i < N; i++) {
      o.row = i;
      Set<Integer> codes = new LinkedHashSet<>();
      for (String item : lists[i].split(",")) {
        String t = item.trim();
        if (!t.isEmpty()) {
          codes.add(d.computeIfAbsent(t, k -> d.size()));
        }
      }
      for (int c : codes) {
        o.elements[o.size++] = c;
      }
      o.ends[i] = o.size;
    }
    return o.size;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long bool() {
    ListOutput o = out;
    o.reset();
    for (int i = 0; i < N; i++) {
      o.row = i;
      bool.encode(bools[i], o);
      o.ends[i] = o.size;
    }
    return o.dense[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long boolNaive() {
    ListOutput o = out;
    o.reset();
    for (int i = 0; i < N; i++) {
      o.row = i;
      String v = bools[i].toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("1")) {
        o.dense[i] = 1;
      } else if (v.equals("false") || v.equals("0")) {
        o.dense[i] = 0;
      } else {
        throw new IllegalArgumentException("not a boolean (length " + v.length() + ")");
      }
      o.ends[i] = o.size;
    }
    return o.dense[N - 1];
  }
}
