package org.anonkit.vectors.internal;

import java.util.List;
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
    return new OneHotEncoder(new DictionaryOptions(p));
  }

  /**
   * The whole value is the one item, coded as it is (no split, no trim); an empty value, like a
   * missing one, is an empty list. The value goes to the dictionary itself, not through a view, so a
   * {@code String}'s cached hash code and {@code equals} serve the lookup.
   */
  static final class OneHotEncoder implements Encoder {
    private final DictionaryOptions options;
    private final Dictionary dictionary;

    OneHotEncoder(DictionaryOptions options) {
      this.options = options;
      this.dictionary = options.newDictionary();
    }

    @Override
    public List<Column> columns() {
      return MultiHotEncoderProvider.COLUMNS;
    }

    @Override
    public void encode(CharSequence value, Output out) {
      if (value == null || value.length() == 0) {
        return;
      }
      int code = dictionary.code(value);
      if (code >= 0) {
        out.addElement(0, code);
      } else if (!options.unknownMissing) {
        throw DictionaryOptions.unknown(value);
      }
    }

    @Override
    public List<String> dictionary() {
      return dictionary.values();
    }

    @Override
    public int[] finish() {
      return options.sorted ? dictionary.sort() : null;
    }
  }
}
