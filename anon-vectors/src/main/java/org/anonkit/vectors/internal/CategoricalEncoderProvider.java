package org.anonkit.vectors.internal;

import java.util.List;
import org.anonkit.Encoder;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;

/**
 * {@code categorical}: each distinct value gets a dense {@code int32} code, in first-seen order (the
 * default) or sorted order ({@code order: "sorted"}: codes are renumbered once at the end), or from a
 * fixed {@code vocabulary}. The dictionary (code → value) is written next to the columns. Looking up a
 * value already seen allocates nothing. Immutable and thread-safe; its encoders are not.
 */
public final class CategoricalEncoderProvider implements EncoderProvider {
  private static final List<Encoder.Column> COLUMNS = List.of(Encoder.Column.codes(""));

  @Override
  public String name() {
    return "categorical";
  }

  @Override
  public String description() {
    return "distinct values to dense int32 dictionary codes (first-seen or sorted order)";
  }

  @Override
  public Encoder create(EncoderContext context) {
    Parameters p = context.parameters().requireOnly("encoder 'categorical'", DictionaryOptions.NAMES);
    DictionaryOptions options = new DictionaryOptions(p);
    Dictionary dictionary = options.newDictionary();
    return new Encoder() {
      @Override
      public List<Column> columns() {
        return COLUMNS;
      }

      @Override
      public void encode(CharSequence value, Output out) {
        if (value == null) {
          out.putMissing(0);
          return;
        }
        int code = dictionary.code(value);
        if (code < 0) {
          if (!options.unknownMissing) {
            throw DictionaryOptions.unknown(value);
          }
          out.putMissing(0);
          return;
        }
        out.putLong(0, code);
      }

      @Override
      public List<String> dictionary() {
        return dictionary.values();
      }

      @Override
      public int[] finish() {
        return options.sorted ? dictionary.sort() : null;
      }
    };
  }
}
