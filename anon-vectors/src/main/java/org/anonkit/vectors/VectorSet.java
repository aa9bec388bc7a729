package org.anonkit.vectors;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The high-level entry: one schema, one run output directory, records pushed one at a time for the
 * anonymized side and (optionally) the clear side; {@link #finish()} writes every file in the run
 * layout:
 *
 * <pre>
 * runDir/share/vectors/anon/    anonymized dense columns, X.npy, dictionaries, columns.json
 * runDir/share/ragged/          anonymized ragged buffers, form.json, ragged.json, records.jsonl
 * runDir/private/vectors/clear/ clear dense columns (owner-only permissions)
 * runDir/private/ragged/        clear ragged buffers (owner-only permissions)
 * </pre>
 *
 * <pre>{@code
 * VectorSet vectors = VectorSet.create(VectorSchema.fromParameters(policy.extension("vectors")), runDir);
 * for (each record) {
 *   vectors.acceptClear(clearView);          // optional: the data owner's matrix
 *   vectors.acceptAnonymized(anonymizedView);
 * }
 * vectors.finish();
 * }</pre>
 *
 * <p>Both sides use the same schema, so X_clear and X_anon have the same shape and column order;
 * {@link #finish()} checks that both sides got the same number of rows. Columns are held in memory
 * until {@link #finish()} (8 bytes or less per value); split very large inputs into several runs or
 * chunks.
 *
 * <p>Not thread-safe.
 */
public final class VectorSet {
  private final Path runDir;
  private final Vectorizer anonymized;
  private final Vectorizer clear;
  private boolean clearUsed;
  private VectorBatch anonymizedBatch;
  private VectorBatch clearBatch;

  private VectorSet(VectorSchema schema, Path runDir, EncoderRegistry registry) {
    this.runDir = Objects.requireNonNull(runDir, "runDir");
    this.anonymized = Vectorizer.create(schema, registry);
    this.clear = Vectorizer.create(schema, registry);
  }

  /** A set writing under {@code runDir} with the encoders {@link java.util.ServiceLoader} finds. */
  public static VectorSet create(VectorSchema schema, Path runDir) {
    return new VectorSet(schema, runDir, EncoderRegistry.defaultRegistry());
  }

  /** A set writing under {@code runDir} with the encoders of {@code registry}. */
  public static VectorSet create(VectorSchema schema, Path runDir, EncoderRegistry registry) {
    return new VectorSet(schema, runDir, registry);
  }

  /** The directory of anonymized dense vectors: {@code share/vectors/anon}. */
  public static Path anonymizedVectorsDir(Path runDir) {
    return runDir.resolve("share").resolve("vectors").resolve("anon");
  }

  /** The directory of anonymized ragged buffers: {@code share/ragged}. */
  public static Path anonymizedRaggedDir(Path runDir) {
    return runDir.resolve("share").resolve("ragged");
  }

  /** The directory of clear dense vectors: {@code private/vectors/clear}. */
  public static Path clearVectorsDir(Path runDir) {
    return runDir.resolve("private").resolve("vectors").resolve("clear");
  }

  /** The directory of clear ragged buffers: {@code private/ragged}. */
  public static Path clearRaggedDir(Path runDir) {
    return runDir.resolve("private").resolve("ragged");
  }

  /** Adds an anonymized record as the next anonymized row. */
  public void acceptAnonymized(RecordView record) {
    anonymized.accept(record);
  }

  /** Adds a clear record as the next clear row (the data owner's copy; written owner-only). */
  public void acceptClear(RecordView record) {
    clearUsed = true;
    clear.accept(record);
  }

  /** Rows accepted so far on the anonymized side. */
  public int anonymizedRows() {
    return anonymized.rows();
  }

  /**
   * Writes all files. The clear side is written only if a clear record was accepted.
   *
   * @throws IllegalStateException if both sides were used with different row counts
   */
  public void finish() {
    if (clearUsed && clear.rows() != anonymized.rows()) {
      throw new IllegalStateException("the clear side has " + clear.rows() + " rows and the anonymized side "
          + anonymized.rows() + "; push every record to both sides so the matrices align");
    }
    anonymizedBatch = anonymized.finish();
    anonymizedBatch.writeVectors(anonymizedVectorsDir(runDir), VectorBatch.Side.ANONYMIZED);
    anonymizedBatch.writeRagged(anonymizedRaggedDir(runDir), VectorBatch.Side.ANONYMIZED);
    if (clearUsed) {
      OutputDir.create(runDir.resolve("private"), true);
      OutputDir.create(runDir.resolve("private").resolve("vectors"), true);
      clearBatch = clear.finish();
      clearBatch.writeVectors(clearVectorsDir(runDir), VectorBatch.Side.CLEAR);
      clearBatch.writeRagged(clearRaggedDir(runDir), VectorBatch.Side.CLEAR);
    }
  }

  /** The anonymized batch, after {@link #finish()}. */
  public Optional<VectorBatch> anonymizedBatch() {
    return Optional.ofNullable(anonymizedBatch);
  }

  /** The clear batch, after {@link #finish()} if a clear record was accepted. */
  public Optional<VectorBatch> clearBatch() {
    return Optional.ofNullable(clearBatch);
  }

  @Override
  public String toString() {
    return "VectorSet{rows=" + anonymized.rows() + ", clear=" + clearUsed + "}";
  }
}
