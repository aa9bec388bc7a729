package org.anonkit.benchmarks.vectors;

import org.anonkit.benchmarks.Zipf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.anonkit.Encoder;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.vectors.EncoderRegistry;
import org.anonkit.vectors.RecordView;
import org.anonkit.vectors.VectorBatch;
import org.anonkit.vectors.VectorSchema;
import org.anonkit.vectors.Vectorizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Values encoded per second (one thread = one core): each invocation encodes {@link #N} values, and
 * {@code @OperationsPerInvocation(N)} makes the score values/s.
 *
 * <ul>
 *   <li>{@code numericLong}: already-parsed integers (what a JSON/Parquet reader hands over) into an
 *       int64 column through the {@code numeric} encoder;
 *   <li>{@code numericText}: integers as text, parsed without allocation;
 *   <li>{@code dictionary}: Zipf-distributed user names through {@code categorical} (hits allocate nothing);
 *   <li>{@code hashed}: the same names through {@code hash} (XXH64 of UTF-8, 2^20 buckets);
 *   <li>{@code vectorizerRows}: whole 3-field records (numeric text, categorical, hashed) through the
 *       {@link Vectorizer} into its column arrays — field lookup included; score is values/s;
 *   <li>{@code boxedBaseline}: the naive conversion the seed notebook did, a {@code List<List<Object>>}
 *       of boxed values (Long, String) into {@code double[][]} with a {@code HashMap} dictionary and
 *       {@code String.hashCode()} buckets; score is values/s. Its inputs were boxed in setup, so it
 *       does not pay for boxing, and its Strings carry cached hash codes and compare by identity;
 *   <li>{@code boxedEndToEndBaseline}: the same naive conversion from the text records the
 *       vectorizer reads (boxing included): compare with {@code vectorizerAccept};
 *   <li>{@code ipv4Text} vs {@code ipv4JdkBaseline}: dotted-quad text into a {@code uint32} column
 *       through the {@code ipv4} encoder, and through {@code InetAddress.getByName} on the literal (no
 *       lookup); {@link #setup()} checks that both write the same column.
 * </ul>
 *
 * <p>Encoders write through an {@link Encoder.Output} that stores into a primitive array, exactly what
 * the vectorizer's column buffers do (minus their growth check). Run with {@code -prof gc} to see
 * {@code gc.alloc.rate.norm} ≈ 0 B/op for every path but the baseline.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class VectorEncodeBenchmark {
  static final int N = 4096;

  long[] longs;
  String[] numberTexts;
  String[] names;
  List<List<Object>> boxedRows;
  RecordView[] records;
  RecordView[] raggedRecords;

  Encoder numeric;
  Encoder categorical;
  Encoder hash;
  Encoder ipv4;
  String[] addresses;
  ArrayOutput out;

  /** Stores each value into a primitive array, as a column buffer does. */
  static final class ArrayOutput implements Encoder.Output {
    final long[] longs = new long[N];
    final double[] doubles = new double[N];
    int i;

    @Override
    public void putLong(int column, long value) {
      longs[i] = value;
    }

    @Override
    public void putDouble(int column, double value) {
      doubles[i] = value;
    }

    @Override
    public void putMissing(int column) {
      longs[i] = 0;
    }

    @Override
    public void addElement(int column, long value) {
      longs[i] = value;
    }
  }

  @Setup(Level.Trial)
  public void setup() {
    Random rnd = new Random(42);
    int distinct = 1000;
    Zipf zipf = new Zipf(distinct, 1.1);
    longs = new long[N];
    numberTexts = new String[N];
    names = new String[N];
    boxedRows = new ArrayList<>(N);
    records = new RecordView[N];
    for (int i = 0; i < N; i++) {
      longs[i] = 128 + rnd.nextInt(65536);
      numberTexts[i] = Long.toString(longs[i]);
      names[i] = String.format("user%04d@fnal.gov", zipf.next(rnd));
      boxedRows.add(List.of(longs[i], names[i], names[i]));
      records[i] = RecordView.of("RequestMemory", numberTexts[i], "Owner", names[i], "OwnerHash", names[i]);
    }
    // ragged records as a reader hands them over: canonical (interned) field-name instances, each
    // record a different subset and order of 12 attributes, 6 of them in the schema
    String[] attrs = {"RequestMemory", "Owner", "OwnerHash", "JobStatus", "ExitCode", "QDate", "Cmd", "Iwd",
        "Args", "RemoteHost", "GlobalJobId", "NumJobStarts"};
    raggedRecords = new RecordView[N];
    for (int i = 0; i < N; i++) {
      List<String> kv = new ArrayList<>();
      for (String a : attrs) {
        if (rnd.nextInt(4) != 0) {
          kv.add(a);
        }
      }
      java.util.Collections.shuffle(kv, rnd);
      String[] pairs = new String[kv.size() * 2];
      for (int k = 0; k < kv.size(); k++) {
        String a = kv.get(k);
        pairs[2 * k] = a;
        pairs[2 * k + 1] = a.equals("Owner") || a.equals("OwnerHash") ? names[i]
            : a.equals("JobStatus") ? Integer.toString(1 + rnd.nextInt(5)) : numberTexts[(i + k) % N];
      }
      raggedRecords[i] = RecordView.of(pairs);
    }
    EncoderRegistry registry = EncoderRegistry.defaultRegistry();
    numeric = registry.create("numeric", EncoderContext.of("m", Parameters.builder().put("type", "int64").build()));
    categorical = registry.create("categorical", EncoderContext.of("u", Parameters.empty()));
    hash = registry.create("hash", EncoderContext.of("h", Parameters.empty()));
    out = new ArrayOutput();
    for (String s : names) { // the dictionary is warm: a steady-state batch sees mostly known values
      categorical.encode(s, out);
    }
    ipv4 = registry.create("ipv4", EncoderContext.of("ip", Parameters.empty()));
    addresses = new String[N];
    for (int i = 0; i < N; i++) {
      int a = rnd.nextInt(10) != 0 ? 0x83e10000 | rnd.nextInt(1 << 16) : rnd.nextInt(); // 131.225/16 mostly
      addresses[i] = (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
    ipv4Text();
    long[] ours = out.longs.clone();
    ipv4JdkBaseline();
    if (!Arrays.equals(ours, out.longs)) {
      throw new IllegalStateException("the ipv4 encoder and the InetAddress baseline wrote different columns");
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long ipv4Text() {
    ArrayOutput o = out;
    for (int i = 0; i < N; i++) {
      o.i = i;
      ipv4.encode(addresses[i], o);
    }
    return o.longs[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long ipv4JdkBaseline() {
    ArrayOutput o = out;
    try {
      for (int i = 0; i < N; i++) {
        byte[] b = java.net.InetAddress.getByName(addresses[i]).getAddress();
        o.longs[i] = ((b[0] & 255L) << 24) | ((b[1] & 255) << 16) | ((b[2] & 255) << 8) | (b[3] & 255);
      }
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return o.longs[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long numericLong() {
    ArrayOutput o = out;
    for (int i = 0; i < N; i++) {
      o.i = i;
      numeric.encodeLong(longs[i], o);
    }
    return o.longs[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long numericText() {
    ArrayOutput o = out;
    for (int i = 0; i < N; i++) {
      o.i = i;
      numeric.encode(numberTexts[i], o);
    }
    return o.longs[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long dictionary() {
    ArrayOutput o = out;
    for (int i = 0; i < N; i++) {
      o.i = i;
      categorical.encode(names[i], o);
    }
    return o.longs[N - 1];
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long hashed() {
    ArrayOutput o = out;
    for (int i = 0; i < N; i++) {
      o.i = i;
      hash.encode(names[i], o);
    }
    return o.longs[N - 1];
  }

  /**
   * Per invocation: a fresh vectorizer sized for N rows, N records of 3 fields (3N values),
   * finish(). Its allocation is the output itself: 16 bytes of column storage per row plus one
   * String per distinct name entering the new dictionary.
   */
  @Benchmark
  @OperationsPerInvocation(3 * N)
  public VectorBatch vectorizerRows() {
    Vectorizer v = Vectorizer.create(VECTOR_SCHEMA, EncoderRegistry.defaultRegistry(), N);
    for (RecordView r : records) {
      v.accept(r);
    }
    return v.finish();
  }

  /** Steady state: one long-lived vectorizer (room for 2^23 rows, warm dictionary) accepting records. */
  @State(Scope.Thread)
  public static class SteadyState {
    Vectorizer vectorizer;

    @Setup(Level.Iteration)
    public void setup() {
      vectorizer = Vectorizer.create(VECTOR_SCHEMA, EncoderRegistry.defaultRegistry(), 1 << 23);
    }
  }

  /** N records of 3 fields into a long-lived vectorizer: the hot path alone (3N values). */
  @Benchmark
  @OperationsPerInvocation(3 * N)
  public int vectorizerAccept(SteadyState s) {
    Vectorizer v = s.vectorizer;
    if (v.rows() > (1 << 23) - N) {
      s.setup(); // rare: keep within the preallocated arrays
      v = s.vectorizer;
    }
    for (RecordView r : records) {
      v.accept(r);
    }
    return v.rows();
  }

  /**
   * N ragged records (varying attribute subsets and orders, canonical name instances) into a
   * long-lived vectorizer of a 6-field schema: field-name lookup dominates (score: records/s x 6).
   */
  @Benchmark
  @OperationsPerInvocation(6 * N)
  public int vectorizerAcceptRagged(RaggedState s) {
    Vectorizer v = s.vectorizer;
    if (v.rows() > (1 << 22) - N) {
      s.setup();
      v = s.vectorizer;
    }
    for (RecordView r : raggedRecords) {
      v.accept(r);
    }
    return v.rows();
  }

  /** A long-lived vectorizer of {@link #RAGGED_SCHEMA}. */
  @State(Scope.Thread)
  public static class RaggedState {
    Vectorizer vectorizer;

    @Setup(Level.Iteration)
    public void setup() {
      vectorizer = Vectorizer.create(RAGGED_SCHEMA, EncoderRegistry.defaultRegistry(), 1 << 22);
    }
  }

  static final VectorSchema RAGGED_SCHEMA = VectorSchema.builder()
      .field("RequestMemory", "numeric", Parameters.builder().put("type", "int64").build())
      .field("Owner", "categorical")
      .field("OwnerHash", "hash")
      .field("JobStatus", "categorical")
      .field("ExitCode", "numeric")
      .field("QDate", "timestamp")
      .pairs(true)
      .build();

  static final VectorSchema VECTOR_SCHEMA = VectorSchema.builder()
      .field("RequestMemory", "numeric", Parameters.builder().put("type", "int64").build())
      .field("Owner", "categorical")
      .field("OwnerHash", "hash")
      .pairs(false)
      .build();

  /**
   * The naive path end to end, from the same text records {@link #vectorizerAccept} reads: each
   * record becomes a {@code Map<String, Object>} of boxed values (as a naive JSON reader makes),
   * then the rows become a {@code double[][]} (3N values).
   */
  @Benchmark
  @OperationsPerInvocation(3 * N)
  public double[][] boxedEndToEndBaseline() {
    List<Map<String, Object>> rows = new ArrayList<>(records.length);
    for (RecordView r : records) {
      Map<String, Object> m = new HashMap<>();
      for (int i = 0; i < r.size(); i++) {
        String name = r.name(i).toString();
        String text = r.value(i).toString();
        m.put(name, name.equals("RequestMemory") ? (Object) Long.valueOf(text) : text);
      }
      rows.add(m);
    }
    Map<Object, Integer> dictionary = new HashMap<>();
    double[][] x = new double[rows.size()][];
    for (int r = 0; r < x.length; r++) {
      Map<String, Object> row = rows.get(r);
      double[] v = new double[3];
      v[0] = ((Number) row.get("RequestMemory")).doubleValue();
      v[1] = dictionary.computeIfAbsent(row.get("Owner"), k -> dictionary.size());
      v[2] = Math.floorMod(row.get("OwnerHash").hashCode(), 1 << 20);
      x[r] = v;
    }
    return x;
  }

  /** The naive conversion alone: already boxed rows into double[][] (3N values). */
  @Benchmark
  @OperationsPerInvocation(3 * N)
  public double[][] boxedBaseline() {
    Map<Object, Integer> dictionary = new HashMap<>();
    double[][] x = new double[boxedRows.size()][];
    for (int r = 0; r < x.length; r++) {
      List<Object> row = boxedRows.get(r);
      double[] v = new double[row.size()];
      Object m = row.get(0);
      v[0] = m instanceof Number ? ((Number) m).doubleValue() : Double.parseDouble(m.toString());
      v[1] = dictionary.computeIfAbsent(row.get(1), k -> dictionary.size());
      v[2] = Math.floorMod(row.get(2).hashCode(), 1 << 20);
      x[r] = v;
    }
    return x;
  }
}
