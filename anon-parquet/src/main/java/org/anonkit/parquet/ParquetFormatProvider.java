package org.anonkit.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.anonkit.pipeline.io.RecordFormat;
import org.anonkit.pipeline.io.spi.Column;
import org.anonkit.pipeline.io.spi.RecordFormatProvider;
import org.anonkit.pipeline.io.spi.RecordSink;
import org.anonkit.pipeline.io.spi.RecordSource;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The {@link RecordFormat#PARQUET} format for the AnonKit pipeline, found by {@link
 * java.util.ServiceLoader}; users never call it directly: they open a {@code RecordInput} or
 * {@code RecordOutput} (or run the pipeline) on a {@code .parquet} file or a directory of part files.
 *
 * <p><b>Output settings</b> (read once, from system properties, when the provider is loaded):
 * {@code anonkit.parquet.codec} ({@code zstd}, the default, or {@code uncompressed}),
 * {@code anonkit.parquet.zstdLevel} (1 to 19, default 3), {@code anonkit.parquet.dictionary}
 * ({@code true}, the default, or {@code false}), {@code anonkit.parquet.pageBytes} (default 1 MiB).
 * Reading needs no settings: the codec of each page is in the file.
 *
 * <p>Immutable; thread-safe.
 */
public final class ParquetFormatProvider implements RecordFormatProvider {
  private final Settings settings;
  /** Why the system properties were rejected, reported when the format is used (not at loading). */
  private final IllegalArgumentException badSettings;

  /**
   * The provider with the settings given by system properties (see the class description). Invalid
   * settings do not fail here, inside {@link java.util.ServiceLoader} (where the cause would be lost
   * behind "provider not found"), but at the first {@link #open} or {@link #create}, with their reason.
   */
  public ParquetFormatProvider() {
    Settings s = null;
    IllegalArgumentException bad = null;
    try {
      s = Settings.fromSystemProperties();
    } catch (IllegalArgumentException e) {
      bad = e;
    }
    this.settings = s;
    this.badSettings = bad;
  }

  private Settings settings() {
    if (badSettings != null) {
      throw new IllegalArgumentException(badSettings.getMessage(), badSettings);
    }
    return settings;
  }

  @Override
  public RecordFormat format() {
    return RecordFormat.PARQUET;
  }

  @Override
  public RecordSource open(Path path) throws IOException {
    return ParquetSource.open(path, settings().readOptions());
  }

  @Override
  public RecordSink create(OutputStream out, List<Column> columns) throws IOException {
    Settings s = settings();
    return new ParquetSink(out, columns, s, s.readOptions());
  }

  @Override
  public String toString() {
    return "ParquetFormatProvider[" + (badSettings != null ? "invalid settings" : settings) + "]";
  }

  /** Writer settings. Immutable; thread-safe. */
  static final class Settings {
    final CompressionCodecName codec;
    final int zstdLevel;
    final boolean dictionary;
    final int pageBytes;
    final long rowGroupBytes = 128L << 20;
    final ParquetCodecs codecs;
    final ParquetProperties props;

    Settings(CompressionCodecName codec, int zstdLevel, boolean dictionary, int pageBytes) {
      if (codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
        throw new IllegalArgumentException("anonkit.parquet.codec must be zstd or uncompressed");
      }
      if (zstdLevel < 1 || zstdLevel > 19) {
        throw new IllegalArgumentException("anonkit.parquet.zstdLevel must be between 1 and 19");
      }
      if (pageBytes < 1024 || pageBytes > (64 << 20)) {
        throw new IllegalArgumentException("anonkit.parquet.pageBytes must be between 1 KiB and 64 MiB");
      }
      this.codec = codec;
      this.zstdLevel = zstdLevel;
      this.dictionary = dictionary;
      this.pageBytes = pageBytes;
      this.codecs = new ParquetCodecs(zstdLevel);
      this.props = ParquetProperties.builder()
          .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
          .withDictionaryEncoding(dictionary)
          .withPageSize(pageBytes)
          .withDictionaryPageSize(pageBytes)
          .build();
    }

    static Settings fromSystemProperties() {
      String codec = System.getProperty("anonkit.parquet.codec", "zstd");
      CompressionCodecName c;
      try {
        c = ParquetSink.codecOf(codec);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("anonkit.parquet.codec must be zstd or uncompressed");
      }
      return new Settings(c, Integer.getInteger("anonkit.parquet.zstdLevel", 3),
          Boolean.parseBoolean(System.getProperty("anonkit.parquet.dictionary", "true")),
          Integer.getInteger("anonkit.parquet.pageBytes", 1 << 20));
    }

    ParquetProperties properties() {
      return props;
    }

    ParquetReadOptions readOptions() {
      return org.apache.parquet.AnonKitReadOptions.of(codecs);
    }

    @Override
    public String toString() {
      return "codec=" + codec + ", zstdLevel=" + zstdLevel + ", dictionary=" + dictionary + ", pageBytes="
          + pageBytes;
    }
  }
}
