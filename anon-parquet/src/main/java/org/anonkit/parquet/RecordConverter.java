package org.anonkit.parquet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Materializes Parquet records straight into a {@link FieldRecord}: one field per non-null column,
 * in column order. <b>Not thread-safe</b>: one per worker.
 */
final class RecordConverter extends RecordMaterializer<FieldRecord> {
  private final Root root;
  FieldRecord target;

  RecordConverter(MessageType schema, List<String> names) {
    this.root = new Root(schema, names, this);
  }

  @Override
  public FieldRecord getCurrentRecord() {
    return target;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private static final class Root extends GroupConverter {
    private final Converter[] fields;

    Root(MessageType schema, List<String> names, RecordConverter owner) {
      fields = new Converter[schema.getFieldCount()];
      for (int i = 0; i < fields.length; i++) {
        Type t = schema.getType(i);
        fields[i] = new Field(names.get(i), ColumnTypes.codec(t.asPrimitiveType()), owner);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return fields[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }

  private static final class Field extends PrimitiveConverter {
    private final String name;
    private final ColumnTypes.Codec codec;
    private final RecordConverter owner;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    Field(String name, ColumnTypes.Codec codec, RecordConverter owner) {
      this.name = name;
      this.codec = codec;
      this.owner = owner;
    }

    @Override
    public void addBinary(Binary value) {
      owner.target.add(name, FieldKind.STRING, decode(value));
    }

    private String decode(Binary value) {
      byte[] b = value.getBytesUnsafe();
      boolean ascii = true;
      for (byte x : b) {
        if (x < 0) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        return new String(b, StandardCharsets.ISO_8859_1);
      }
      try {
        CharBuffer c = utf8.reset().decode(ByteBuffer.wrap(b));
        return c.toString();
      } catch (CharacterCodingException e) {
        throw new InvalidInputException("value is not valid UTF-8", name, owner.target.row());
      }
    }

    @Override
    public void addBoolean(boolean value) {
      owner.target.add(name, FieldKind.BOOLEAN, value ? "true" : "false");
    }

    @Override
    public void addInt(int value) {
      owner.target.add(name, FieldKind.INTEGER,
          codec == ColumnTypes.Codec.UINT32 ? Long.toString(Integer.toUnsignedLong(value)) : Integer.toString(value));
    }

    @Override
    public void addLong(long value) {
      owner.target.add(name, FieldKind.INTEGER,
          codec == ColumnTypes.Codec.UINT64 ? Long.toUnsignedString(value) : Long.toString(value));
    }

    @Override
    public void addFloat(float value) {
      addReal(Float.isFinite(value), Float.toString(value));
    }

    @Override
    public void addDouble(double value) {
      addReal(Double.isFinite(value), Double.toString(value));
    }

    private void addReal(boolean finite, String text) {
      // Java's shortest round-trip text is a JSON number when finite ("1.0E10" included);
      // NaN and the infinities are not, so they travel as strings (written back as the same double)
      owner.target.add(name, finite ? FieldKind.REAL : FieldKind.STRING, text);
    }
  }
}
