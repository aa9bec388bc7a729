package org.anonkit.benchmarks.dp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * {@code ContributionBounder} of {@code anon-privacy} alone (the per-unit bounding inside
 * {@code DpAggregation}, without row access, value parsing, partition filtering or noise), rows per
 * second on one thread: each invocation bounds the {@link DpAggregationBenchmark#ROWS} job rows of
 * {@link DpAggregationBenchmark} (2,000 owners, Zipf(1.1), 10 × 14 partitions, L0 = 3, L∞ = 20, the same
 * seed), given as arrays of owner, partition key and clamped wall-clock minutes built in setup.
 *
 * <ul>
 *   <li>{@code bound}: a new bounder, {@code add} per row, {@code byPartition()}, then per partition the
 *       count and sum of the surviving values;
 *   <li>{@code boundNaive}: {@link DpAggregationBenchmark#naiveBound} (the naive bounding step of
 *       {@code DpAggregationBenchmark.countNaive/sumNaive}, reused: every row kept in a map per owner of
 *       partition → list of values, sorts by keyed hash at the end) over the same arrays, giving the same
 *       per-partition count and sum.
 * </ul>
 *
 * <p>The bounder is package-private, so it is reached through {@link MethodHandles#privateLookupIn}
 * (the benchmarks jar runs on the class path); the handles are {@code static final}, which the JIT
 * treats as constants and inlines like direct calls. {@link #setup()} throws unless both give the same
 * count and sum in every partition (the values are whole minutes, so both double sums are exact).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ContributionBounderBenchmark {
  static final int ROWS = DpAggregationBenchmark.ROWS;

  private static final MethodHandle NEW;
  private static final MethodHandle ADD;
  private static final MethodHandle BY_PARTITION;
  private static final VarHandle SIZE;
  private static final VarHandle VALUES;

  static {
    try {
      Class<?> bounder = Class.forName("org.anonkit.privacy.dp.ContributionBounder");
      Class<?> cell = Class.forName("org.anonkit.privacy.dp.ContributionBounder$Cell");
      MethodHandles.Lookup b = MethodHandles.privateLookupIn(bounder, MethodHandles.lookup());
      MethodHandles.Lookup c = MethodHandles.privateLookupIn(cell, MethodHandles.lookup());
      NEW = b.findConstructor(bounder, MethodType.methodType(void.class, int.class, int.class, long.class))
          .asType(MethodType.methodType(Object.class, int.class, int.class, long.class));
      ADD = b.findVirtual(bounder, "add", MethodType.methodType(void.class, String.class, List.class, double.class))
          .asType(MethodType.methodType(void.class, Object.class, String.class, List.class, double.class));
      BY_PARTITION = b.findVirtual(bounder, "byPartition", MethodType.methodType(Map.class))
          .asType(MethodType.methodType(Map.class, Object.class));
      SIZE = c.findVarHandle(cell, "size", int.class);
      VALUES = c.findVarHandle(cell, "values", double[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  String[] owners;
  List<String>[] keys;
  double[] values;

  @SuppressWarnings("unchecked")
  @Setup(Level.Trial)
  public void setup() throws Throwable {
    List<DpAggregationBenchmark.JobRow> rows = DpAggregationBenchmark.jobRows();
    owners = new String[ROWS];
    keys = new List[ROWS];
    values = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      DpAggregationBenchmark.JobRow r = rows.get(i);
      owners[i] = r.owner();
      keys[i] = Arrays.asList(r.experiment(), r.day()); // as DpAggregation builds its keys
      values[i] = Math.max(DpAggregationBenchmark.LOWER,
          Math.min(DpAggregationBenchmark.UPPER, Double.parseDouble(r.wallMinutes())));
    }
    Map<List<String>, double[]> ours = bound();
    Map<List<String>, double[]> naive = boundNaive();
    if (!ours.keySet().equals(naive.keySet())) {
      throw new IllegalStateException("the bounder and the naive bounding kept different partitions");
    }
    for (Map.Entry<List<String>, double[]> e : ours.entrySet()) {
      if (!Arrays.equals(e.getValue(), naive.get(e.getKey()))) {
        throw new IllegalStateException("the bounder and the naive bounding disagree in partition " + e.getKey()
            + ": " + Arrays.toString(e.getValue()) + " vs " + Arrays.toString(naive.get(e.getKey())));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  @SuppressWarnings("unchecked")
  public Map<List<String>, double[]> bound() throws Throwable {
    Object bounder = (Object) NEW.invokeExact(DpAggregationBenchmark.L0, DpAggregationBenchmark.LINF,
        DpAggregationBenchmark.SEED);
    String[] o = owners;
    List<String>[] k = keys;
    double[] v = values;
    for (int i = 0; i < ROWS; i++) {
      ADD.invokeExact(bounder, o[i], k[i], v[i]);
    }
    Map<?, ?> raw = (Map) BY_PARTITION.invokeExact(bounder);
    Map<List<String>, List<?>> cells = (Map<List<String>, List<?>>) raw;
    Map<List<String>, double[]> totals = new HashMap<>();
    for (Map.Entry<List<String>, List<?>> e : cells.entrySet()) {
      double[] t = new double[2];
      for (Object cell : e.getValue()) {
        int size = (int) SIZE.get(cell);
        double[] vs = (double[]) VALUES.get(cell);
        t[0] += size;
        for (int j = 0; j < size; j++) {
          t[1] += vs[j];
        }
      }
      totals.put(e.getKey(), t);
    }
    return totals;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Map<List<String>, double[]> boundNaive() {
    String[] o = owners;
    List<String>[] k = keys;
    double[] v = values;
    return DpAggregationBenchmark.naiveBound(ROWS, i -> o[i], i -> k[i], i -> v[i]);
  }
}
