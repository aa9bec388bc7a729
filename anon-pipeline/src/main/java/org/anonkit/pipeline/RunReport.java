package org.anonkit.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Pipeline} run did: row counts, per-field outcome counts, failure statistics (by token)
 * and where every output is.
 *
 * <p>Immutable and thread-safe.
 */
public final class RunReport {
  private final long rowsIn;
  private final long rowsOut;
  private final long quarantined;
  private final long bytesIn;
  private final Map<String, long[]> fieldCounts;
  private final long[] otherFieldCounts;
  private final FailureStatistics failures;
  private final List<Path> dataFiles;
  private final Map<String, Path> files;
  private final List<String> resumedInputs;
  private final double seconds;
  private final OutputLayout layout;
  private final Pipeline.DictionaryInfo dictionary;

  RunReport(long rowsIn, long rowsOut, long quarantined, long bytesIn, Map<String, long[]> fieldCounts,
      long[] otherFieldCounts, FailureStatistics failures, List<Path> dataFiles, Map<String, Path> files, List<String> resumedInputs,
      double seconds, OutputLayout layout, Pipeline.DictionaryInfo dictionary) {
    this.dictionary = dictionary;
    this.rowsIn = rowsIn;
    this.rowsOut = rowsOut;
    this.quarantined = quarantined;
    this.bytesIn = bytesIn;
    this.fieldCounts = fieldCounts;
    this.otherFieldCounts = otherFieldCounts.clone();
    this.failures = failures;
    this.dataFiles = List.copyOf(dataFiles);
    this.files = Map.copyOf(files);
    this.resumedInputs = List.copyOf(resumedInputs);
    this.seconds = seconds;
    this.layout = layout;
  }

  /** Records read, malformed ones included. */
  public long rowsIn() {
    return rowsIn;
  }

  /** Records written. */
  public long rowsOut() {
    return rowsOut;
  }

  /** Malformed records written to the quarantine under {@code private/}. {@code rowsIn == rowsOut + quarantined}. */
  public long quarantined() {
    return quarantined;
  }

  /** Decompressed input bytes. */
  public long bytesIn() {
    return bytesIn;
  }

  /**
   * Per field (as spelt in the input), the counts {@code [transformed, kept, redacted, dropped, failed]}.
   * {@code failed} counts the values the field's transformer rejected; each is also counted as
   * {@code redacted} or {@code dropped}, as the rule's {@code onFailure} says (under {@code fail} the run
   * stops), so the first four sum to the field's values and {@code failed} is a subset. The arrays are copies. Every field the policy names is here; the others too, unless the input held
   * more than 16,384 distinct names besides the policy's (as the policy spells them): then the counts
   * of the fields the policy does not name are summed in {@link #otherFieldCounts()}, and those of other
   * spellings of the policy's fields ({@code OWNER} for its {@code Owner}) are under the policy's
   * spelling (per-field counts are kept in memory, and names that are data would grow them with the input).
   */
  public Map<String, long[]> fieldCounts() {
    Map<String, long[]> copy = new java.util.TreeMap<>();
    fieldCounts.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  /**
   * The counts of the fields the policy does not name, summed, when the input held more than 16,384
   * distinct names besides the policy's (see {@link #fieldCounts()}; the manifest's {@code otherFields});
   * all zero otherwise. A copy.
   */
  public long[] otherFieldCounts() {
    return otherFieldCounts.clone();
  }

  /** The outcome names in the order of {@link #fieldCounts()}'s arrays. */
  public static List<String> outcomes() {
    return List.of(FieldCounts.OUTCOMES);
  }

  /** Failure statistics by token. */
  public FailureStatistics failures() {
    return failures;
  }

  /** The anonymized data files under {@code share/data/}, one per input, in input order. */
  public List<Path> dataFiles() {
    return dataFiles;
  }

  /**
   * Other outputs by role: {@code manifest}, {@code failures.csv}, {@code failures.json},
   * {@code failures.clear.csv}, {@code mapping.<field>}, {@code quarantine}.
   */
  public Map<String, Path> files() {
    return files;
  }

  /** Inputs skipped by {@code --resume} because their output was already committed. */
  public List<String> resumedInputs() {
    return resumedInputs;
  }

  /**
   * Wall-clock seconds of the run, to its last output but the manifest ({@link Pipeline.Builder#beforeComplete}'s
   * step and the manifest not counted: the figure is the anonymizing run's).
   */
  public double seconds() {
    return seconds;
  }

  public OutputLayout layout() {
    return layout;
  }

  /**
   * Where the scrub dictionary came from: {@code supplied} (a single-pass run), {@code first-pass},
   * {@code supplied+first-pass}; {@code none} when the policy uses no dictionary.
   */
  public String dictionarySource() {
    return dictionary == null ? "none" : dictionary.source();
  }

  /** Whether the data was anonymized in one pass with the supplied, verified dictionary. */
  public boolean singlePass() {
    return dictionary != null && dictionary.singlePass();
  }

  /** Whether a single-pass attempt failed verification and the run was done in two passes. */
  public boolean singlePassFellBack() {
    return dictionary != null && dictionary.fallback();
  }

  /**
   * After a fallback, the records naming users missing from the supplied names (counted by the
   * first pass); 0 otherwise.
   */
  public long recordsMissingFromDictionary() {
    return dictionary == null ? 0 : dictionary.recordsMissing();
  }

  /**
   * Distinct names (case-folded as {@code scrub-text} compares them) in the scrub dictionary the run
   * compiled; 0 when none.
   */
  public int dictionaryNames() {
    return dictionary == null ? 0 : dictionary.names();
  }

  @Override
  public String toString() {
    return "RunReport{rowsIn=" + rowsIn + ", rowsOut=" + rowsOut + ", quarantined=" + quarantined + "}";
  }
}
