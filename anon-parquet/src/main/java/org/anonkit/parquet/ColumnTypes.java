package org.anonkit.parquet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anonkit.InvalidInputException;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldNames;
import org.anonkit.pipeline.io.spi.Column;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** Parquet types ↔ pipeline columns; what anon-parquet supports. Stateless. */
final class ColumnTypes {
  private ColumnTypes() {}

  /** How a column's values are decoded and encoded. */
  enum Codec {
    BOOLEAN, INT32, UINT32, INT64, UINT64, FLOAT, DOUBLE, STRING
  }

  /**
   * The pipeline columns of a file schema.
   *
   * @throws InvalidInputException naming the file and column for a nested or unsupported column
   */
  static List<Column> columns(MessageType schema, String file) {
    List<Column> out = new ArrayList<>();
    Map<String, String> folded = new HashMap<>();
    for (Type t : schema.getFields()) {
      // the name first, before any message that names the column: a name is written, in clear, as the output's
      // column and in the manifest, so one that reads as a value (an e-mail, an address, a number, a path) is
      // refused by its position, as a CSV header's cell is (FieldNames: one rule for every format)
      if (t.getName().isEmpty()) {
        // no field can be named so (nor matched by a policy rule): a data error, not the caller's
        throw new InvalidInputException(file + ": column " + (out.size() + 1) + " has an empty name; name it first");
      }
      if (!FieldNames.isFieldName(t.getName())) {
        throw new InvalidInputException(file + ": column " + (out.size() + 1) + "'s name is not a field name ("
            + FieldNames.RULE + "); rename the column first");
      }
      PrimitiveType p = check(t, file);
      // field names are case-insensitive (ClassAd attributes; the policy and the row formats' duplicate
      // check fold them): a row naming Owner twice is refused in JSON and ClassAds, so is such a schema
      String first = folded.putIfAbsent(t.getName().toLowerCase(Locale.ROOT), t.getName());
      if (first != null) {
        throw new InvalidInputException(file + ": columns '" + first + "' and '" + t.getName() + "' differ only in "
            + "case; field names are case-insensitive (as ClassAd attribute names), so a row would name the field "
            + "twice: rename or drop one of them first");
      }
      out.add(new Column(t.getName(), kind(codec(p)), nativeType(p)));
    }
    return out;
  }

  /** The column's type, checked to be flat and supported. */
  static PrimitiveType check(Type t, String file) {
    if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
      throw new InvalidInputException(file + ": column '" + t.getName() + "' is nested (group, list, map or "
          + "repeated); anon-parquet reads flat columns only: flatten it first (e.g. with Spark or DuckDB)");
    }
    PrimitiveType p = t.asPrimitiveType();
    codecOrNull(p, file);
    return p;
  }

  static Codec codec(PrimitiveType p) {
    return codecOrNull(p, "?");
  }

  private static Codec codecOrNull(PrimitiveType p, String file) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        return Codec.BOOLEAN;
      case INT32:
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
          break;
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
            && !((LogicalTypeAnnotation.IntLogicalTypeAnnotation) a).isSigned()) {
          return Codec.UINT32;
        }
        return Codec.INT32;
      case INT64:
        if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
          break;
        }
        if (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
            && !((LogicalTypeAnnotation.IntLogicalTypeAnnotation) a).isSigned()) {
          return Codec.UINT64;
        }
        return Codec.INT64;
      case FLOAT:
        return Codec.FLOAT;
      case DOUBLE:
        return Codec.DOUBLE;
      case BINARY:
        if (a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return Codec.STRING;
        }
        break;
      default:
        break;
    }
    throw new InvalidInputException(file + ": column '" + p.getName() + "' has type " + p.getPrimitiveTypeName()
        + (p.getLogicalTypeAnnotation() == null ? "" : " (" + p.getLogicalTypeAnnotation() + ")")
        + ", which anon-parquet does not support (supported: boolean, int32, int64 with their integer, date, "
        + "time and timestamp annotations, float, double, UTF-8 binary); cast it first");
  }

  static FieldKind kind(Codec c) {
    switch (c) {
      case BOOLEAN:
        return FieldKind.BOOLEAN;
      case FLOAT:
      case DOUBLE:
        return FieldKind.REAL;
      case STRING:
        return FieldKind.STRING;
      default:
        return FieldKind.INTEGER;
    }
  }

  /** The type as {@code optional <primitive> x <annotation>}, parseable back by {@link #primitive}. */
  static String nativeType(PrimitiveType p) {
    return Types.optional(p.getPrimitiveTypeName()).as(p.getLogicalTypeAnnotation()).named("x").toString();
  }

  /** The output type of a pipeline column: its native type if it has one, else from its kind. */
  static PrimitiveType primitive(Column c) {
    if (Column.UINT32.equals(c.nativeType())) {
      return Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(32, false)).named(c.name());
    }
    if (c.nativeType() != null) {
      PrimitiveType p;
      try {
        p = MessageTypeParser.parseMessageType("message m {\n" + c.nativeType() + ";\n}").getType(0)
            .asPrimitiveType();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("column '" + c.name() + "': not a Parquet primitive type description");
      }
      PrimitiveType out = Types.optional(p.getPrimitiveTypeName()).as(p.getLogicalTypeAnnotation())
          .named(c.name());
      check(out, "output");
      return out;
    }
    switch (c.kind()) {
      case INTEGER:
        return Types.optional(PrimitiveTypeName.INT64).named(c.name());
      case REAL:
        return Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
      case BOOLEAN:
        return Types.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
      default:
        return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
    }
  }

  static MessageType schema(List<Column> columns) {
    List<Type> fields = new ArrayList<>();
    for (Column c : columns) {
      fields.add(primitive(c));
    }
    return new MessageType("anonkit", fields);
  }
}
