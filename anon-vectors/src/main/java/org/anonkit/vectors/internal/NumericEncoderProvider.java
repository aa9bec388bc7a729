package org.anonkit.vectors.internal;

import java.util.List;
import org.anonkit.Encoder;
import org.anonkit.Encoder.ColumnType;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;

/**
 * {@code numeric}: passes a number through into one column of {@code type} ({@code float64}
 * default, {@code float32}, {@code int64}, {@code int32}). A missing value clears the validity bit
 * (the value slot holds 0, or NaN for floating-point types) instead of a sentinel like -1 that would
 * collide with real values. Immutable and thread-safe.
 */
public final class NumericEncoderProvider implements EncoderProvider {
  @Override
  public String name() {
    return "numeric";
  }

  @Override
  public String description() {
    return "number passthrough (float64, float32, int64, int32) with a validity bitmap";
  }

  @Override
  public Encoder create(EncoderContext context) {
    Parameters p = context.parameters().requireOnly("encoder 'numeric'", "type");
    String type = p.getChoice("type", "float64", "float64", "float32", "int64", "int32");
    switch (type) {
      case "int64":
        return new IntegerEncoder(ColumnType.INT64);
      case "int32":
        return new IntegerEncoder(ColumnType.INT32);
      case "float32":
        return new FloatEncoder(ColumnType.FLOAT32);
      default:
        return new FloatEncoder(ColumnType.FLOAT64);
    }
  }

  private static final class IntegerEncoder implements Encoder {
    private final List<Column> columns;
    private final boolean int32;

    IntegerEncoder(ColumnType type) {
      this.columns = List.of(Column.dense("", type));
      this.int32 = type == ColumnType.INT32;
    }

    @Override
    public List<Column> columns() {
      return columns;
    }

    @Override
    public void encode(CharSequence value, Output out) {
      if (value == null) {
        out.putMissing(0);
        return;
      }
      encodeLong(Numbers.parseLong(value), out);
    }

    @Override
    public void encodeLong(long value, Output out) {
      if (int32 && (int) value != value) {
        throw new org.anonkit.InvalidInputException("integer outside the int32 range; use type int64");
      }
      out.putLong(0, value);
    }
  }

  private static final class FloatEncoder implements Encoder {
    private final List<Column> columns;

    FloatEncoder(ColumnType type) {
      this.columns = List.of(Column.dense("", type));
    }

    @Override
    public List<Column> columns() {
      return columns;
    }

    @Override
    public void encode(CharSequence value, Output out) {
      if (value == null) {
        out.putMissing(0);
        return;
      }
      out.putDouble(0, Numbers.parseDouble(value));
    }

    @Override
    public void encodeLong(long value, Output out) {
      out.putDouble(0, value);
    }
  }
}
