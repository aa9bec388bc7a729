/**
 * Encoders into primitive columns, ragged offsets/values buffers, and writers for .npy and Awkward
 * Array buffers. JDK and anon-api only.
 */
module org.anonkit.vectors {
  requires transitive org.anonkit.api;

  exports org.anonkit.vectors;

  uses org.anonkit.spi.EncoderProvider;

  provides org.anonkit.spi.EncoderProvider with
      org.anonkit.vectors.internal.NumericEncoderProvider,
      org.anonkit.vectors.internal.TimestampEncoderProvider,
      org.anonkit.vectors.internal.BooleanEncoderProvider,
      org.anonkit.vectors.internal.Ipv4EncoderProvider,
      org.anonkit.vectors.internal.CategoricalEncoderProvider,
      org.anonkit.vectors.internal.HashEncoderProvider,
      org.anonkit.vectors.internal.MultiHotEncoderProvider,
      org.anonkit.vectors.internal.OneHotEncoderProvider;
}
