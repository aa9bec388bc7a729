/**
 * Streaming, chunked, parallel-friendly readers and writers for job records: JSON lines, CSV
 * (RFC 4180 with a header), HTCondor's {@code -long} ClassAd text and HTCondor's {@code -json}
 * format, optionally gzip- or zstd-compressed; and Parquet, implemented outside this module (the
 * optional {@code anon-parquet}) through {@link org.anonkit.pipeline.io.spi}.
 *
 * <h2>Architecture</h2>
 * <pre>
 *  file ─► RecordInput (1 thread: decompress, cut into Chunks of whole records, count rows)
 *             │  Chunk (bytes + record ranges + first row)
 *             ▼
 *          ChunkParser (1 per worker) ─► FieldRecord (reused) ─► RecordHandler
 *                                                            │
 *          ChunkSerializer (1 per worker) ◄─ FieldRecord ────┘
 *             │  SerializedChunk (bytes of one chunk)
 *             ▼
 *          RecordOutput (1 thread: appends chunks in input order, adds framing, compresses,
 *                        writes to a temp file, renames on commit)
 * </pre>
 * The splitter ({@link org.anonkit.pipeline.io.RecordInput#next()}) does only a cheap byte scan; all
 * decoding (UTF-8 validation, escapes, JSON) happens in {@link org.anonkit.pipeline.io.ChunkParser}s
 * on worker threads, and all encoding in {@link org.anonkit.pipeline.io.ChunkSerializer}s. Output is
 * byte-identical for any number of workers and any chunk size, as long as chunks are appended in
 * index order.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (RecordInput in = RecordInput.builder(inPath).open();           // --format: .format(f)
 *      RecordOutput out = RecordOutput.builder(outPath)
 *          .format(in.format())                                        // or --output-format
 *          .columns(in.columns())                                      // CSV output only
 *          .create()) {
 *   // per worker thread:
 *   ChunkParser parser = in.newParser();
 *   ChunkSerializer ser = out.newSerializer();
 *   // splitter thread: c = in.next(); worker: parser.parse(c, handler) where handler.record(r)
 *   // edits r (r.set / r.setString / r.remove, r.indexOf is case-insensitive) and calls
 *   // ser.write(r); then ser.finish(c.index()). Sink thread: out.append(chunk) in index order.
 *   out.commit();                                                      // else close() deletes
 * }
 * }</pre>
 * For a single thread, {@link org.anonkit.pipeline.io.RecordInput#readAll(RecordHandler)} and
 * {@link org.anonkit.pipeline.io.RecordOutput#write(FieldRecord)} do the same without chunks.
 *
 * <h2>Hostile input</h2>
 * Records are bounded ({@link org.anonkit.pipeline.io.RecordInput.Builder#maxRecordBytes(int)});
 * a longer one, invalid UTF-8, a line that is not {@code Name = value}, broken JSON, a JSON key that is
 * no field name ({@link org.anonkit.pipeline.io.FieldNames}), a JSON string escaping an unpaired UTF-16
 * surrogate or a CSV row with
 * the wrong number of cells becomes a {@link org.anonkit.pipeline.io.MalformedRecord} with its row,
 * line and raw bytes (for a quarantine file). It never stops the other records of its chunk, and
 * error messages never contain input values.
 */
package org.anonkit.pipeline.io;
