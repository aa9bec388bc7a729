package org.anonkit.vectors.internal;

import org.anonkit.Encoder;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;

/**
 * {@code one-hot}: a single-valued categorical field as a ragged {@code int32} list column holding
 * the value's dictionary code (one element; none when missing): the sparse form of a one-hot vector,
 * in the same layout as {@code multi-hot}. Dictionary options as for {@code categorical}. Immutable
 * and thread-safe; its encoders are not.
 */
public final class OneHotEncoderProvider implements EncoderProvider {
  @Override
  public String name() {
    return "one-hot";
  }

  @Override
  public String description() {
    return "categorical value to a ragged one-element list of its int32 dictionary code";
  }

  @Override
  public Encoder create(EncoderContext context) {
    Parameters p = context.parameters().requireOnly("encoder 'one-hot'", DictionaryOptions.NAMES);
    return new MultiHotEncoderProvider.ListEncoder(new DictionaryOptions(p), null, false);
  }
}
