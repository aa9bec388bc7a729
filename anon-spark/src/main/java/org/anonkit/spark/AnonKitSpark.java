package org.anonkit.spark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.anonkit.KeyException;
import org.anonkit.Policy;
import org.anonkit.key.KeySource;
import org.anonkit.pipeline.RecordAnonymizer;
import org.anonkit.pipeline.ScrubDictionary;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.vectors.VectorBatch;
import org.anonkit.vectors.VectorSchema;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * AnonKit on Apache Spark: a policy applied to a {@code DataFrame} with exactly the single-machine
 * pipeline's per-record code ({@link RecordAnonymizer}), so the same data, policy, mode and key give the
 * same values, byte for byte, as {@code anonkit run}.
 *
 * <h2>How {@link #anonymize} runs</h2>
 * <ol>
 *   <li><b>Dictionary pass</b> (when the policy's {@code dictionary} section and {@code scrub-text} call
 *       for it, see {@link ScrubDictionary}): a distributed distinct over the string columns that feed
 *       the dictionary, collected to the driver — the same set of user names the CLI's first pass finds.
 *       It is broadcast as an immutable list (a broadcast value is shared by every task thread of an
 *       executor).
 *   <li><b>Planning</b> on the driver: the policy is compiled once there (bad transformers, parameters or
 *       keys fail before any task runs) and the output schema is fixed (see "Columns" below). The policy
 *       travels to the executors as its canonical JSON ({@link org.anonkit.config.PolicyJson#write}), and
 *       the driver compiles what they will read back: a policy built in code is reported at the JSON paths
 *       of that text ({@code $.fields.Owner.params.length}), and one with a part no policy file can hold (a
 *       NaN parameter, a default rule not named {@code *}) is refused with a
 *       {@link org.anonkit.PolicyException} naming it.
 *   <li><b>Per partition</b> on the executors, lazily: each executor JVM opens the key source from its
 *       description, loads the key and compiles the policy once per job (cached, thread-safe); each
 *       partition gets its own {@link RecordAnonymizer}.
 * </ol>
 *
 * <h2>Keys</h2>
 * Only the key source's description ({@link KeySource#describe()}, e.g. {@code file:/etc/anonkit/key.json}
 * or {@code env:ANONKIT_MASTER_KEY}) and the key's public id travel in Spark closures; every executor
 * reopens the source with {@link org.anonkit.key.KeySources#open} and loads the key itself. So the
 * source must be reachable from every executor under the same description (a key file on a shared or
 * per-node path, an environment variable set on the executors, a KMS plugin), and the description must
 * open the same key on the driver — checked at once. Key bytes are never put in a closure, a broadcast,
 * a log line or a {@code toString}.
 *
 * <h2>Columns</h2>
 * A column the policy keeps or transforms stays, with its type; one it drops is omitted; nulls stay
 * null. String columns get exactly the pipeline's text. In numeric and boolean columns a transformed
 * value goes back into the column's type; a value that no longer fits (a token, the redaction marker)
 * follows the rule's {@code onFailure}: {@code redact} and {@code drop} write null, {@code fail} stops the
 * job. The {@code ipIntegers} fields get a nullable long column {@code <column>_u32}. Columns of other
 * types (struct, array, map, date, binary) may be kept or dropped, not transformed.
 *
 * <p>Stateless and thread-safe (static methods only).
 */
public final class AnonKitSpark {
  private AnonKitSpark() {}

  /**
   * {@link #anonymize(Dataset, Policy, KeySource, String)} in the default mode ({@code hmac}: the
   * policy as written).
   */
  public static Dataset<Row> anonymize(Dataset<Row> df, Policy policy, KeySource keySource) {
    return anonymize(df, policy, keySource, null);
  }

  /**
   * Applies {@code policy} in {@code mode} (a mode of the policy's {@code modes} section such as
   * {@code fpe}; {@code null} or {@code hmac} for the policy as written) to every row of {@code df}.
   * Runs the dictionary pass now (a Spark job) when the policy needs it; the anonymization itself is
   * lazy, like any transformation.
   *
   * @throws IllegalArgumentException if a column of a type that cannot be transformed is transformed,
   *     or an {@code _u32} twin would collide with an existing column
   * @throws org.anonkit.PolicyException if the policy does not compile (unknown mode, transformer, parameters)
   * @throws KeyException if the key cannot be loaded through the source's description
   */
  public static Dataset<Row> anonymize(Dataset<Row> df, Policy policy, KeySource keySource, String mode) {
    Objects.requireNonNull(df, "df");
    Objects.requireNonNull(policy, "policy");
    if (df.isStreaming() && ScrubDictionary.of(policy).needed()) {
      throw new IllegalArgumentException("a streaming Dataset cannot be scanned for the scrub-text dictionary "
          + "before it is anonymized; pass the names with anonymize(df, policy, keySource, mode, dictionary)");
    }
    return anonymize(df, policy, keySource, mode, dictionary(df, policy, mode));
  }

  /**
   * As {@link #anonymize(Dataset, Policy, KeySource, String)} with the scrub-text dictionary given
   * instead of collected (no first pass): for streaming Datasets, or when the names are already known
   * (from {@link #dictionary} on the whole data set, or a site's user list). Output equals the
   * pipeline's only when the names equal those its first pass finds on the same data.
   */
  public static Dataset<Row> anonymize(Dataset<Row> df, Policy policy, KeySource keySource, String mode,
      Collection<String> dictionary) {
    Objects.requireNonNull(df, "df");
    JobSpec spec = spec(policy, keySource, mode);
    List<String> names = List.copyOf(new TreeSet<>(dictionary));
    Broadcast<List<String>> b = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext())
        .broadcast(names); // an immutable list: shared by every task thread of an executor
    // compiled here first (bad policies and keys fail before any task); in local mode the tasks reuse it
    String namesKey = Partitions.Anonymize.namesKey(names);
    Compiled driver = Compiled.of(spec, namesKey, () -> names);
    RowCodec codec = RowCodec.plan(df.schema(), driver.prepared);
    return df.mapPartitions(new Partitions.Anonymize(spec, b, namesKey, codec), Encoders.row(codec.outSchema));
  }

  /**
   * The scrub-text dictionary of {@code df} under {@code policy}: the sorted user names its dictionary
   * fields hold and the namespaces of its container image fields (the CLI's first pass, run as a
   * distributed distinct; see {@link ScrubDictionary}). Empty when the policy has no
   * {@code dictionary} section or no {@code scrub-text} rule. Only string columns feed it. For a run of
   * the policy as written: {@code dictionary(df, policy, null)}.
   */
  public static List<String> dictionary(Dataset<Row> df, Policy policy) {
    return dictionary(df, policy, null);
  }

  /**
   * As {@link #dictionary(Dataset, Policy)} for a run in {@code mode} ({@code null} or {@code hmac}: the
   * policy as written): the container image fields are read with the rules of that mode, as
   * {@link ScrubDictionary#of(Policy, String)} reads them.
   *
   * @throws org.anonkit.PolicyException if the policy has no such mode
   */
  public static List<String> dictionary(Dataset<Row> df, Policy policy, String mode) {
    ScrubDictionary d = ScrubDictionary.of(policy, mode);
    if (!d.needed()) {
      return List.of();
    }
    List<Column> cols = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (d.feeds(f.name()) && f.dataType() instanceof org.apache.spark.sql.types.StringType) {
        cols.add(df.col(f.name()));
        names.add(f.name());
      }
    }
    if (cols.isEmpty()) {
      return List.of();
    }
    List<String> collected = df.select(cols.toArray(new Column[0]))
        .mapPartitions(new Partitions.CollectNames(PolicySnapshot.of(policy), mode, names.toArray(new String[0])),
            Encoders.STRING())
        .distinct()
        .collectAsList();
    return List.copyOf(new TreeSet<>(collected));
  }

  /**
   * A UDF applying {@code policy}'s rule for {@code field} to a string column (the default mode, no
   * scrub dictionary). See {@link #udf(Policy, KeySource, String, String, Collection)}.
   */
  public static UserDefinedFunction udf(Policy policy, KeySource keySource, String field) {
    return udf(policy, keySource, null, field, List.of());
  }

  /**
   * A UDF applying {@code policy}'s rule for {@code field} (in {@code mode}) to one string value, as
   * {@link #anonymize} would: a kept value comes back as is, a dropped one as null, a transformed one as
   * the transformer's output; a rejected value gets the rule's {@code onFailure} (the redaction marker,
   * null, or a failed task). Null stays null. {@code dictionary} is the scrub-text name list (for
   * example from {@link #dictionary}); it travels in the UDF's closure, so keep it to a few thousand
   * names or use {@link #anonymize}, which broadcasts it. Use it as
   * {@code df.withColumn("Owner", AnonKitSpark.udf(policy, keys, "Owner").apply(col("Owner")))}.
   *
   * @throws org.anonkit.PolicyException if the policy does not compile
   * @throws KeyException if the key cannot be loaded through the source's description
   */
  public static UserDefinedFunction udf(Policy policy, KeySource keySource, String mode, String field,
      Collection<String> dictionary) {
    Objects.requireNonNull(field, "field");
    JobSpec spec = spec(policy, keySource, mode);
    List<String> names = List.copyOf(new TreeSet<>(dictionary));
    Compiled.of(spec, names, () -> names); // compiles here: fails fast
    return functions.udf(new FieldUdf(spec, names, field), DataTypes.StringType).withName("anonkit_" + field);
  }

  /**
   * {@link #vectorize(Dataset, Policy, String, VectorBatch.Side)} for anonymized data
   * ({@link VectorBatch.Side#ANONYMIZED}).
   */
  public static long[] vectorize(Dataset<Row> df, Policy policy, String dir) {
    return vectorize(df, policy, dir, VectorBatch.Side.ANONYMIZED);
  }

  /**
   * Vectorizes {@code df} with the policy's {@code vectors} section, per partition, into
   * {@code dir/part-NNNNN/}: {@code vectors/} (the dense {@code .npy} columns, {@code X.npy},
   * dictionaries, {@code columns.json}) and {@code ragged/} (Awkward Array buffers), the layout the
   * pipeline writes under {@code share/vectors/anon} and {@code share/ragged}, plus {@code part.json}
   * (partition, rows, values the schema could not encode, which are missing in their rows as in the
   * pipeline, so that the files' rows stay those of the partition, and rows it rejected as a whole).
   * Dictionary codes are per partition (each part has its own dictionaries);
   * concatenate parts with {@link VectorBatch#concat} semantics if one numbering is needed. Runs a
   * Spark job now.
   *
   * <p>{@code dir} is a local path that every executor can write (a shared file system on a cluster);
   * anon-vectors writes with {@code java.nio}, not through Hadoop's file systems. Use
   * {@link VectorBatch.Side#CLEAR} only for clear data (files are then owner-only). A task streams its
   * rows to the files in batches (memory holds one batch, not the partition) inside its own staging
   * directory, renamed to {@code part-NNNNN} when complete: a retried or speculative attempt never
   * mixes its files with another's, and the first complete attempt wins (all write the same bytes).
   *
   * @return rows written per partition, indexed by partition id
   * @throws IllegalArgumentException if the policy has no {@code vectors} section, or the section names a
   *     column of a type the vectors do not read (date, timestamp, binary, nested: cast it first; its values
   *     would all be missing)
   */
  public static long[] vectorize(Dataset<Row> df, Policy policy, String dir, VectorBatch.Side side) {
    if (policy.extension("vectors").isEmpty()) {
      throw new IllegalArgumentException("policy '" + policy.name() + "' has no vectors section");
    }
    VectorSchema.fromParameters(policy.extension("vectors")); // validate on the driver
    StructField[] fs = df.schema().fields();
    String[] names = new String[fs.length];
    byte[] kinds = new byte[fs.length];
    for (int j = 0; j < fs.length; j++) {
      names[j] = fs[j].name();
      kinds[j] = RowCodec.kindOf(fs[j].dataType());
    }
    StructType result = DataTypes.createStructType(List.of(
        DataTypes.createStructField("partition", DataTypes.IntegerType, false),
        DataTypes.createStructField("rows", DataTypes.LongType, false),
        DataTypes.createStructField("skipped", DataTypes.LongType, false),
        DataTypes.createStructField("unencodable", DataTypes.LongType, false)));
    List<Row> parts = df.mapPartitions(
        new Partitions.Vectorize(PolicySnapshot.of(policy), dir, Objects.requireNonNull(side, "side"), names, kinds),
        Encoders.row(result)).collectAsList();
    int n = 0;
    for (Row r : parts) {
      n = Math.max(n, r.getInt(0) + 1);
    }
    long[] rows = new long[n];
    for (Row r : parts) {
      rows[r.getInt(0)] = r.getLong(1);
    }
    return rows;
  }

  private static JobSpec spec(Policy policy, KeySource keySource, String mode) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(keySource, "keySource");
    String description = keySource.describe();
    String keyId = keySource.load(null).id();
    Compiled.checkSameKey(description, keyId, description);
    return new JobSpec(PolicySnapshot.of(policy), mode, description, keyId);
  }

  /** A UDF over one field: the pipeline's record step on a one-field record, per thread. */
  static final class FieldUdf implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;
    private final JobSpec spec;
    private final List<String> names;
    private final String field;
    private transient volatile Compiled compiled; // looked up once per deserialized instance, not per value

    FieldUdf(JobSpec spec, List<String> names, String field) {
      this.spec = spec;
      this.names = names;
      this.field = field;
    }

    @Override
    public String call(String value) {
      if (value == null) {
        return null;
      }
      Compiled c = compiled;
      if (c == null) {
        c = Compiled.of(spec, names, () -> names);
        compiled = c;
      }
      FieldRecord r = c.threadRecord();
      r.reset(0, 0);
      r.add(field, FieldKind.STRING, value);
      c.threadAnonymizer().anonymize(r);
      return r.size() > 0 && r.name(0).equals(field) ? r.text(0) : null;
    }

    @Override
    public String toString() {
      return "FieldUdf{" + field + ", " + spec + "}";
    }
  }
}
