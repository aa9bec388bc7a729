package org.anonkit.pipeline.io;

import java.util.Locale;
import java.util.Optional;

/**
 * The record formats AnonKit reads and writes.
 *
 * <p><b>Detection</b> (what {@link RecordInput} does when no format is given): the file name first,
 * after removing a {@code .gz} or {@code .zst} suffix ({@link #fromFileName(String)}); if it says
 * nothing or only "some text" ({@code .json}, {@code .ad}, {@code .history}, {@code .txt},
 * {@code .long}), the content ({@link #sniff(byte[], int)}). CSV is guessed from content only as a header of
 * field names followed by a line with a comma.
 *
 * <p>Immutable; thread-safe.
 */
public enum RecordFormat {
  /** One JSON object per line ({@code .jsonl}, {@code .ndjson}); blank lines are skipped. */
  JSONL("jsonl"),
  /**
   * RFC 4180 CSV with a header row ({@code .csv}). Cells carry no kinds: a read cell is a
   * {@link FieldKind#STRING}, or {@link FieldKind#UNDEFINED} when empty and unquoted. Writing CSV
   * needs a column list ({@link RecordOutput.Builder#columns(java.util.List)}).
   */
  CSV("csv"),
  /**
   * HTCondor's {@code -long} ClassAd text ({@code condor_q -l}, {@code condor_history -l}):
   * {@code Name = value} lines; ads separated by blank lines, {@code *** ...} banners or
   * {@code -- Schedd: ...} headers (which are framing and are not kept).
   */
  CONDOR("condor"),
  /**
   * HTCondor's {@code -json}: a JSON array of objects (a bare sequence of objects is accepted too);
   * expressions are {@code "/Expr(...)/"} strings, read as {@link FieldKind#RAW}. Between objects the
   * reader is lenient on purpose: commas and brackets may be missing or repeated, since
   * {@code condor_q -json} over several schedds prints one array after another; every object itself is
   * parsed strictly, and anything else between objects is a malformed record.
   */
  CONDOR_JSON("condor-json"),
  /**
   * Apache Parquet ({@code .parquet}, or a directory of {@code .parquet} part files): columns map to
   * fields by name, a null is an absent field. Implemented by the optional {@code anon-parquet}
   * module (found through {@link org.anonkit.pipeline.io.spi.RecordFormatProvider}); without it on
   * the class path, opening a Parquet input or output fails saying so. Compression is inside the
   * format (ZSTD by default), never a {@code .gz}/{@code .zst} suffix.
   */
  PARQUET("parquet");

  private final String cliName;

  RecordFormat(String cliName) {
    this.cliName = cliName;
  }

  /**
   * The name used by {@code --format}: {@code jsonl}, {@code csv}, {@code condor}, {@code condor-json},
   * {@code parquet}.
   */
  public String cliName() {
    return cliName;
  }

  /**
   * Whether the format is implemented by a {@link org.anonkit.pipeline.io.spi.RecordFormatProvider}
   * outside this module ({@link #PARQUET}) rather than as bytes cut into chunks here.
   */
  public boolean external() {
    return this == PARQUET;
  }

  /**
   * The format named {@code name} ({@link #cliName()}, case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static RecordFormat fromName(String name) {
    for (RecordFormat f : values()) {
      if (f.cliName.equalsIgnoreCase(name.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format; use one of jsonl, csv, condor, condor-json, parquet");
  }

  /**
   * The format a file name implies, ignoring a {@code .gz}/{@code .zst} suffix: {@code .jsonl} and
   * {@code .ndjson} are JSONL, {@code .csv} is CSV, {@code .parquet} is Parquet; anything else (including {@code .json},
   * {@code .ad}, {@code .history}, {@code .txt}) is empty, meaning "look at the content".
   */
  public static Optional<RecordFormat> fromFileName(String fileName) {
    String n = Compression.stripSuffix(fileName).toLowerCase(Locale.ROOT);
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
      return Optional.of(JSONL);
    }
    if (n.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (n.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }

  /**
   * The format of (decompressed) content from its first bytes: a JSON array, or a first object
   * spread over several lines, is {@link #CONDOR_JSON}; a first line holding a whole JSON object is
   * {@link #JSONL}; a first line {@code Name = value} (after blank lines and banners) is
   * {@link #CONDOR}. A UTF-8 byte order mark is ignored.
   *
   * @return the format, or empty if the content matches none
   */
  public static Optional<RecordFormat> sniff(byte[] head, int length) {
    return Sniffer.sniff(head, length);
  }
}
