package org.anonkit.benchmarks.dp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;
import org.anonkit.privacy.dp.FieldRow;
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
 * {@code DpAggregation}, without its noise, released-partition loop or sums), rows per second on one
 * thread: each invocation bounds the {@link DpAggregationBenchmark#ROWS} job rows of
 * {@link DpAggregationBenchmark} (2,000 owners, Zipf(1.1), 140 public partitions, L0 = 3, L∞ = 20,
 * the same seed, wall-clock minutes clamped to [0, 1000]) and returns the survivors per partition.
 *
 * <ul>
 *   <li>{@code bound}: rows read as {@link NaiveBounding} reads them (owner, an {@code Arrays.asList}
 *       key, the public-partition filter, {@code Double.parseDouble} of the trimmed value, finite check,
 *       clamp), each handed to a new bounder's {@code add}, then {@code byPartition()};
 *   <li>{@code boundNaive}: {@link NaiveBounding#bound}, the naive bounding the bench-28 DP baselines
 *       share (the same steps as {@code DpAggregationBenchmark}'s inline naive version): every row kept
 *       in a map per owner of partition → list of values, sorts by keyed hash at the end.
 * </ul>
 *
 * <p>The row reading is the same code on both sides, so the difference is the bounding. The bounder is
 * package-private, so it is reached through {@link MethodHandles#privateLookupIn} (the benchmarks jar
 * runs on the class path); the handles are {@code static final}, constants to the JIT, which inlines
 * them like direct calls. {@link #setup()} throws unless both keep the same partitions and, in each,
 * the same multiset of values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ContributionBounderBenchmark {
  static final int ROWS = DpAggregationBenchmark.ROWS;
  private static final String[] GROUP_BY = {"experiment", "day"};

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

  List<DpAggregationBenchmark.JobRow> rows;
  Set<List<String>> allowed;

  @SuppressWarnings("unchecked")
  @Setup(Level.Trial)
  public void setup() throws Throwable {
    rows = DpAggregationBenchmark.jobRows();
    allowed = new HashSet<>(DpAggregationBenchmark.publicPartitions());
    Map<List<String>, double[]> ours = new HashMap<>();
    for (Map.Entry<?, ?> e : bound().entrySet()) {
      DoubleStream.Builder all = DoubleStream.builder();
      for (Object cell : (List<?>) e.getValue()) {
        double[] vs = (double[]) VALUES.get(cell);
        for (int j = 0; j < (int) SIZE.get(cell); j++) {
          all.add(vs[j]);
        }
      }
      ours.put(List.copyOf((List<String>) e.getKey()), all.build().sorted().toArray());
    }
    Map<List<String>, double[]> naive = new HashMap<>();
    for (Map.Entry<List<String>, List<double[]>> e : boundNaive().entrySet()) {
      naive.put(e.getKey(), e.getValue().stream().flatMapToDouble(Arrays::stream).sorted().toArray());
    }
    if (!ours.keySet().equals(naive.keySet())) {
      throw new IllegalStateException("the bounder and the naive bounding kept different partitions");
    }
    for (Map.Entry<List<String>, double[]> e : ours.entrySet()) {
      if (!Arrays.equals(e.getValue(), naive.get(e.getKey()))) {
        throw new IllegalStateException("the bounder and the naive bounding kept different values in partition "
            + e.getKey() + ": " + e.getValue().length + " vs " + naive.get(e.getKey()).length + " values");
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Map<?, ?> bound() throws Throwable {
    Object bounder = (Object) NEW.invokeExact(DpAggregationBenchmark.L0, DpAggregationBenchmark.LINF,
        DpAggregationBenchmark.SEED);
    for (FieldRow row : rows) {
      String unit = row.get("Owner");
      if (unit == null) {
        throw new IllegalArgumentException("privacy unit field is missing");
      }
      String[] key = new String[GROUP_BY.length];
      for (int i = 0; i < key.length; i++) {
        String v = row.get(GROUP_BY[i]);
        key[i] = v == null ? "" : v;
      }
      List<String> partition = Arrays.asList(key);
      if (!allowed.contains(partition)) {
        continue;
      }
      double v = Double.parseDouble(row.get("wall").trim());
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("value is not a finite number");
      }
      v = Math.max(DpAggregationBenchmark.LOWER, Math.min(DpAggregationBenchmark.UPPER, v));
      ADD.invokeExact(bounder, unit, partition, v);
    }
    return (Map) BY_PARTITION.invokeExact(bounder);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public Map<List<String>, List<double[]>> boundNaive() {
    return NaiveBounding.bound(rows, "Owner", GROUP_BY, allowed, "wall", DpAggregationBenchmark.LOWER,
        DpAggregationBenchmark.UPPER, DpAggregationBenchmark.L0, DpAggregationBenchmark.LINF,
        DpAggregationBenchmark.SEED);
  }
}
