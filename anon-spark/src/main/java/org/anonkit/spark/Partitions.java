package org.anonkit.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.anonkit.InvalidInputException;
import org.anonkit.pipeline.RecordAnonymizer;
import org.anonkit.pipeline.ScrubDictionary;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.vectors.RecordView;
import org.anonkit.vectors.VectorBatch;
import org.anonkit.vectors.VectorSchema;
import org.anonkit.vectors.VectorWriter;
import org.anonkit.vectors.Vectorizer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** The functions Spark runs per partition. Each is serializable and carries no key material. */
final class Partitions {
  private Partitions() {}

  static int partitionId() {
    TaskContext t = TaskContext.get();
    return t == null ? 0 : t.partitionId();
  }

  /**
   * Anonymizes a partition: the job's policy compiled once per executor JVM ({@link Compiled}), one
   * {@link RecordAnonymizer} per partition (the pipeline's per-record step), rows converted by the
   * driver-planned {@link RowCodec}. Lazy: one row in, one row out.
   */
  static final class Anonymize implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final JobSpec spec;
    private final Broadcast<List<String>> names;
    private final String namesKey;
    private final RowCodec codec;

    Anonymize(JobSpec spec, Broadcast<List<String>> names, String namesKey, RowCodec codec) {
      this.spec = spec;
      this.names = names;
      this.namesKey = namesKey;
      this.codec = codec;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Compiled c = Compiled.of(spec, namesKey, names::value);
      RecordAnonymizer anonymizer = RecordAnonymizer.create(c.anonymizer, c.prepared);
      int partition = partitionId();
      RowCodec.Converter conv = codec.converter(partition);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row in = rows.next();
          FieldRecord r = conv.toRecord(in);
          try {
            anonymizer.anonymize(r);
          } catch (InvalidInputException e) {
            throw new InvalidInputException(e.reason() + " (Spark partition " + partition + ")", e.field(), e.row());
          }
          return conv.toRow(in, r);
        }
      };
    }

    /**
     * The cache key of a dictionary: the SHA-256 of its sorted names, computed on the driver, so that
     * executors read the broadcast only on a cache miss. Not the broadcast's id: ids restart at 0 with
     * every SparkContext, and a second context in the same JVM would get the first one's dictionary.
     */
    static String namesKey(List<String> sortedNames) {
      java.security.MessageDigest sha;
      try {
        sha = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
      for (String n : sortedNames) {
        byte[] b = n.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // length-prefixed: unambiguous whatever characters a name holds
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
        sha.update(b);
      }
      return "names:" + sortedNames.size() + ":" + java.util.HexFormat.of().formatHex(sha.digest());
    }

    @Override
    public String toString() {
      return "Anonymize{" + spec + "}";
    }
  }

  /**
   * The dictionary pass over one partition: the names the policy's dictionary fields contribute
   * ({@link ScrubDictionary}), deduplicated within the partition. {@code columns} are the input's
   * string columns that feed the dictionary, in the order of the rows' values: identity and container
   * image columns read a value differently; {@code mode} is the run's (null: the policy as written).
   */
  static final class CollectNames implements MapPartitionsFunction<Row, String> {
    private static final long serialVersionUID = 1L;
    private static final int SEEN_MAX = 1 << 16;
    private final PolicySnapshot policy;
    private final String mode;
    private final String[] columns;

    CollectNames(PolicySnapshot policy, String mode, String[] columns) {
      this.policy = policy;
      this.mode = mode;
      this.columns = columns.clone();
    }

    @Override
    public Iterator<String> call(Iterator<Row> rows) {
      ScrubDictionary d = ScrubDictionary.of(policy.toPolicy(), mode);
      // per column (identity and image columns read a string differently), the values already read
      List<Set<String>> seen = new ArrayList<>();
      for (int j = 0; j < columns.length; j++) {
        seen.add(new HashSet<>());
      }
      Set<String> out = new HashSet<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        for (int j = 0; j < r.size(); j++) {
          if (!r.isNullAt(j)) {
            String v = r.getString(j);
            Set<String> read = seen.get(j);
            if (read.size() == SEEN_MAX) {
              read.clear(); // bounded, as the pipeline's memo: a value read again adds nothing new
            }
            if (read.add(v)) {
              d.namesFrom(columns[j], v, out);
            }
          }
        }
      }
      return out.iterator();
    }

    @Override
    public String toString() {
      return "CollectNames{" + policy + ", mode=" + mode + "}";
    }
  }

  /**
   * Vectorizes a partition into {@code dir/part-NNNNN/}: {@code vectors/} and {@code ragged/} in the
   * anon-vectors layout the pipeline writes, and {@code part.json} (partition, rows, values the schema
   * could not encode, rows it rejected as a whole). A value the schema cannot encode (a ClassAd
   * expression in a numeric column) is missing in its row, as in the pipeline, so that row i of the
   * files is row i of the partition; only a row rejected as a whole (no field named) is left out.
   * Returns one row (partition, rows, skipped, unencodable).
   */
  static final class Vectorize implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final PolicySnapshot policy;
    private final String dir;
    private final VectorBatch.Side side;
    private final String[] names;
    private final byte[] kinds;
    private final int batchRows;

    Vectorize(PolicySnapshot policy, String dir, VectorBatch.Side side, String[] names, byte[] kinds) {
      this(policy, dir, side, names, kinds, BATCH_ROWS);
    }

    /** For tests: batches of {@code batchRows} rows (the files do not depend on it). */
    Vectorize(PolicySnapshot policy, String dir, VectorBatch.Side side, String[] names, byte[] kinds, int batchRows) {
      checkReadable(VectorSchema.fromParameters(policy.toPolicy().extension("vectors")), names, kinds);
      this.batchRows = batchRows;
      this.policy = policy;
      this.dir = dir;
      this.side = side;
      this.names = names;
      this.kinds = kinds;
    }

    /** Rows per batch handed to the writer: memory holds one batch, not the partition. */
    static final int BATCH_ROWS = 8192;

    /**
     * Refuses, on the driver, a column the vector schema names but whose Spark type the row view does not
     * read (a date, a timestamp, binary, an array, a struct, a map): each of its values would be missing
     * in the files, without a word (a {@code TimestampType} QDate came out as an all-missing column, where
     * the pipeline refuses a Parquet TIMESTAMP it would misread). Names no value.
     */
    static void checkReadable(VectorSchema schema, String[] names, byte[] kinds) {
      for (VectorSchema.Field f : schema.fields()) {
        for (int j = 0; j < names.length; j++) {
          if (kinds[j] == RowCodec.OTHER && names[j].equalsIgnoreCase(f.name())) {
            throw new IllegalArgumentException("column '" + names[j] + "' feeds the vectors' '" + f.encoder()
                + "' encoder but has a Spark type it does not read (a date, timestamp, binary or nested column; "
                + "every value would be missing): cast it first, a timestamp to epoch seconds with "
                + "col(\"" + names[j] + "\").cast(\"long\"), anything else to a string or number");
          }
        }
      }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      VectorSchema schema = VectorSchema.fromParameters(policy.toPolicy().extension("vectors"));
      RowView view = new RowView(names, kinds);
      int p = partitionId();
      String name = String.format(Locale.ROOT, "part-%05d", p);
      Path base = Paths.get(dir);
      TaskContext task = TaskContext.get();
      // each attempt writes its own staging directory, renamed into place when complete: a retried or
      // speculative attempt never mixes files with another one
      Path staging = base.resolve("." + name + "-attempt-"
          + (task == null ? java.util.UUID.randomUUID().toString() : Long.toString(task.taskAttemptId())));
      long rowsOut = 0;
      long skipped = 0;
      long unencodable = 0;
      try {
        Files.createDirectories(staging);
        try (VectorWriter writer = VectorWriter.create(schema, staging.resolve("vectors"), staging.resolve("ragged"),
            side)) {
          Vectorizer v = Vectorizer.create(schema);
          List<String> hidden = new ArrayList<>(2); // the current row's fields left missing
          int inBatch = 0;
          while (rows.hasNext()) {
            view.row = rows.next();
            try {
              unencodable += v.accept(view, hidden, field -> true); // an unencodable value is missing
              inBatch++;
            } catch (InvalidInputException e) { // rejected as a whole: the vectorizer rolled the row back
              skipped++;
            }
            hidden.clear();
            if (inBatch == batchRows) {
              VectorBatch batch = v.finish();
              rowsOut += batch.rows();
              writer.append(batch);
              v = Vectorizer.create(schema);
              inBatch = 0;
            }
          }
          VectorBatch last = v.finish(); // possibly empty: an empty partition still gets its files
          rowsOut += last.rows();
          writer.append(last);
          writer.commit();
        }
        Files.writeString(staging.resolve("part.json"), "{\"partition\":" + p + ",\"rows\":" + rowsOut
            + ",\"skipped\":" + skipped + ",\"valuesUnencodable\":" + unencodable + ",\"side\":\"" + side.name().toLowerCase(Locale.ROOT) + "\"}\n",
            StandardCharsets.UTF_8);
        Path target = base.resolve(name);
        try {
          Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (!Files.isDirectory(target)) {
            throw e;
          }
          // another attempt of this partition finished first (rename(2) refuses a non-empty target);
          // its files are the same: the output is deterministic
          deleteTree(staging);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write vectors of partition " + p + " under " + dir, e);
      }
      List<Row> out = new ArrayList<>(1);
      out.add(RowFactory.create(p, rowsOut, skipped, unencodable));
      return out.iterator();
    }

    private static void deleteTree(Path root) throws IOException {
      try (java.util.stream.Stream<Path> all = Files.walk(root)) {
        for (Path f : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(f);
        }
      }
    }

    @Override
    public String toString() {
      return "Vectorize{" + policy + " -> " + dir + ", " + side + "}";
    }
  }

  /** A {@link RecordView} over a row, with the texts the pipeline would read. Not thread-safe. */
  static final class RowView implements RecordView {
    private final String[] names;
    private final byte[] kinds;
    Row row;

    RowView(String[] names, byte[] kinds) {
      this.names = names;
      this.kinds = kinds;
    }

    @Override
    public int size() {
      return names.length;
    }

    @Override
    public CharSequence name(int i) {
      return names[i];
    }

    @Override
    public CharSequence value(int i) {
      return kinds[i] == RowCodec.OTHER ? null : RowCodec.text(row, i, kinds[i]);
    }
  }
}
