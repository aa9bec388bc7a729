/**
 * Apache Parquet input and output for the AnonKit pipeline, built on parquet-java without Hadoop at
 * run time.
 *
 * <p>Put this module on the class path and {@link org.anonkit.pipeline.io.RecordFormat#PARQUET}
 * works everywhere the pipeline takes a format: {@code anonkit run --in jobs.parquet}, a directory of
 * part files, {@link org.anonkit.pipeline.io.RecordInput} and {@link
 * org.anonkit.pipeline.io.RecordOutput}. The only public type is the service provider, {@link
 * org.anonkit.parquet.ParquetFormatProvider}; everything else is reached through the pipeline's
 * {@code RecordInput}/{@code RecordOutput}.
 *
 * <h2>Mapping</h2>
 * Each top-level column is a field; a null is an absent field (and an absent or {@code undefined}
 * field is written as null). Names match fields exactly, else ignoring ASCII case, as ClassAd
 * attribute names do. Types are kept on output: an integer column stays an integer column of the same
 * width, signedness and logical type (dates and timestamps too), a string stays a string, a double a
 * double. A value the policy transforms must still fit its column's type (an FPE'd number does; an
 * HMAC token in an integer column does not and fails the run, naming field and row). Columns a
 * row-format input (JSON lines, CSV, ClassAds) gives a Parquet output are typed from the kinds read:
 * integers {@code int64}, reals {@code double}, booleans {@code boolean}, the rest UTF-8 strings.
 *
 * <h2>Not supported (fail closed)</h2>
 * Nested columns (groups, lists, maps, repeated fields), {@code INT96}, {@code DECIMAL},
 * {@code FLOAT16}, {@code UUID}, {@code INTERVAL} and other fixed-length binary columns, and encrypted
 * files are rejected when the file is opened with an {@link org.anonkit.InvalidInputException} naming
 * the file and column. A corrupt file fails the same way, naming the file (never a value).
 *
 * <h2>Codecs</h2>
 * Written: ZSTD (zstd-jni, level 3) with dictionary encoding, one row group per pipeline chunk (for a
 * Parquet input: per input row group). Read: ZSTD, SNAPPY (pyarrow's default), GZIP, LZ4_RAW and
 * uncompressed, all without Hadoop (aircompressor for Snappy and LZ4, the JDK for GZIP).
 *
 * <h2>JPMS</h2>
 * parquet-java's jars split packages ({@code org.apache.parquet.io} is in both parquet-column and
 * parquet-common), so they cannot be on the module path; this module is therefore a class-path
 * library with the automatic module name {@code org.anonkit.parquet} and no {@code module-info}.
 */
package org.anonkit.parquet;
