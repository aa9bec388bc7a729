package org.anonkit.vectors.internal;

import java.util.List;
import org.anonkit.Encoder;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.InvalidInputException;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;

/**
 * {@code boolean}: {@code true}/{@code false} (any case, as ClassAds write them) or {@code 1}/{@code 0}
 * into one {@code bool} column. Immutable and thread-safe.
 */
public final class BooleanEncoderProvider implements EncoderProvider {
  private static final List<Encoder.Column> COLUMNS = List.of(Encoder.Column.dense("", ColumnType.BOOL));

  @Override
  public String name() {
    return "boolean";
  }

  @Override
  public String description() {
    return "true/false or 1/0 to a bool column";
  }

  @Override
  public Encoder create(EncoderContext context) {
    context.parameters().requireOnly("encoder 'boolean'");
    return new Encoder() {
      @Override
      public List<Column> columns() {
        return COLUMNS;
      }

      @Override
      public void encode(CharSequence value, Output out) {
        if (value == null) {
          out.putMissing(0);
        } else if (is(value, "true") || is(value, "1")) {
          out.putLong(0, 1);
        } else if (is(value, "false") || is(value, "0")) {
          out.putLong(0, 0);
        } else {
          throw new InvalidInputException("expected true, false, 1 or 0; got text of length " + value.length());
        }
      }

      @Override
      public void encodeLong(long value, Output out) {
        if (value != 0 && value != 1) {
          throw new InvalidInputException("expected 0 or 1 for a boolean");
        }
        out.putLong(0, value);
      }
    };
  }

  private static boolean is(CharSequence v, String word) {
    int n = word.length();
    if (v.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (Character.toLowerCase(v.charAt(i)) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
