package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Builds {@link ParquetReadOptions} without Hadoop. Part of anon-parquet, not of parquet-java: the
 * options' public builder always creates parquet-java's Hadoop codec factory and reads its record
 * filter through {@code ParquetInputFormat} (both load Hadoop classes), so anon-parquet calls the
 * options' package-private constructor from this package instead, with its own codec factory. The
 * constructor's signature is checked at compile time against the pinned parquet-java version.
 *
 * <p>Stateless; thread-safe. Internal to anon-parquet; not an API.
 */
public final class AnonKitReadOptions {
  private AnonKitReadOptions() {}

  /** Default options (parquet-java's defaults, no filters) with {@code codecs} for the pages. */
  public static ParquetReadOptions of(CompressionCodecFactory codecs) {
    return new ParquetReadOptions(
        false, // useSignedStringMinMax
        true, // useStatsFilter
        true, // useDictionaryFilter
        true, // useRecordFilter
        true, // useColumnIndexFilter
        false, // usePageChecksumVerification
        true, // useBloomFilter
        false, // useOffHeapDecryptBuffer
        false, // useHadoopVectoredIo
        FilterCompat.NOOP,
        ParquetMetadataConverter.NO_FILTER,
        codecs,
        new HeapByteBufferAllocator(),
        8 << 20, // maxAllocationSize, parquet-java's default
        new HashMap<>(),
        null, // no decryption
        null, // no metrics callback
        new PlainParquetConfiguration());
  }
}
