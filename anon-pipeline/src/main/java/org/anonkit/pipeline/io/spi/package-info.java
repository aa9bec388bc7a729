/**
 * Service-provider interface for record formats implemented outside {@code anon-pipeline}: columnar
 * formats such as Parquet ({@code anon-parquet}) that need libraries the core pipeline does not
 * carry.
 *
 * <p>A {@link org.anonkit.pipeline.io.spi.RecordFormatProvider} is found with
 * {@link java.util.ServiceLoader} (declared in {@code module-info} with {@code provides} and in
 * {@code META-INF/services/org.anonkit.pipeline.io.spi.RecordFormatProvider}) when a
 * {@link org.anonkit.pipeline.io.RecordInput} or {@link org.anonkit.pipeline.io.RecordOutput} of its
 * {@link org.anonkit.pipeline.io.RecordFormat} is opened; when no provider is on the class or module
 * path, opening fails with an error naming the module to add. Discovery is lazy, cached and
 * thread-safe.
 *
 * <p>The contract mirrors the byte formats' chunked design: a {@link
 * org.anonkit.pipeline.io.spi.RecordSource} hands out {@link org.anonkit.pipeline.io.spi.RecordBatch}es
 * of whole records on one thread (cheap: raw, still-encoded data), which worker threads decode; each
 * worker's {@link org.anonkit.pipeline.io.spi.BatchEncoder} turns one batch of records into
 * self-contained bytes, and the {@link org.anonkit.pipeline.io.spi.RecordSink} appends those in input
 * order. So the output is byte-identical for any thread count, as for the other formats.
 */
package org.anonkit.pipeline.io.spi;
