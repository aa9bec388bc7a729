package org.anonkit.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.anonkit.FieldRule;
import org.anonkit.InvalidInputException;
import org.anonkit.OnFailure;
import org.anonkit.Policy;
import org.anonkit.pipeline.RecordAnonymizer;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How the columns of a DataFrame map to the fields of a {@link FieldRecord} and back, planned once on
 * the driver from the input schema and the prepared policy.
 *
 * <p>Column by column: a string column's value is a {@link FieldKind#STRING}; integral columns give
 * {@link FieldKind#INTEGER} (decimal text), float and double columns {@link FieldKind#REAL}
 * ({@link Double#toString}; NaN and infinities as strings), decimals their plain text, booleans
 * {@link FieldKind#BOOLEAN}; a null is an absent field. The output keeps every column the policy does
 * not drop, with its type: a transformed value goes back into the column's type, and one that no
 * longer fits it (a token in a numeric column, the redaction marker) follows the rule's
 * {@code onFailure} — {@code redact} and {@code drop} write null (a typed column cannot hold the
 * marker), {@code fail} stops the job. The policy's {@code ipIntegers} fields get a nullable long twin
 * column {@code <column>_u32}, as the pipeline writes them. Columns of other types (structs, arrays,
 * maps, dates, binary) may only be kept or dropped, and with the policy's {@code keepCheck}
 * {@code "scalars"} only dates and timestamps may be kept (a list or nested value copied as it is would
 * pass what the pipeline scrubs); a kept column's value that keepCheck sends to the default rule follows
 * that rule's {@code onFailure}.
 *
 * <p>Immutable after planning; each partition uses its own {@link Converter} (not thread-safe).
 */
final class RowCodec implements Serializable {
  private static final long serialVersionUID = 1L;
  static final byte STR = 0;
  static final byte INT = 1;
  static final byte DBL = 2;
  static final byte DEC = 3;
  static final byte BOOL = 4;
  static final byte OTHER = 5;

  final String[] names;
  final byte[] kinds;
  final DataType[] types;
  final int[] outIndex; // per input column; -1 if dropped
  final OnFailure[] onFailure;
  final String[] twinNames;
  final int[] twinOut;
  final StructType outSchema;

  private RowCodec(StructType in, Policy prepared) {
    StructField[] fs = in.fields();
    int n = fs.length;
    names = new String[n];
    kinds = new byte[n];
    types = new DataType[n];
    outIndex = new int[n];
    onFailure = new OnFailure[n];
    List<StructField> out = new ArrayList<>();
    Map<String, Integer> lower = new HashMap<>();
    boolean scalarsOnly = RecordAnonymizer.keepsScalarsOnly(prepared);
    for (int j = 0; j < n; j++) {
      names[j] = fs[j].name();
      types[j] = fs[j].dataType();
      kinds[j] = kindOf(types[j]);
      FieldRule rule = prepared.rule(names[j]);
      // a kept value that keepCheck does not keep takes the default rule, with that rule's onFailure
      boolean checkedKeep = scalarsOnly && rule.action() == FieldRule.Action.KEEP;
      onFailure[j] = checkedKeep ? prepared.defaultRule().onFailure() : rule.onFailure();
      if (rule.action() == FieldRule.Action.DROP) {
        outIndex[j] = -1;
        continue;
      }
      if (kinds[j] == OTHER && rule.action() == FieldRule.Action.TRANSFORM) {
        throw new IllegalArgumentException("column '" + names[j] + "' has type " + types[j].simpleString()
            + " and the policy transforms it (" + rule.transformer() + "); only string, numeric and boolean "
            + "columns can be transformed: convert it (e.g. to_json or cast to string) or keep/drop it in the policy");
      }
      if (kinds[j] == OTHER && checkedKeep && !isDateOrTime(types[j])) {
        // copied as it is, it would pass what the pipeline scrubs (a list or nested ad in a kept field)
        throw new IllegalArgumentException("column '" + names[j] + "' has type " + types[j].simpleString()
            + " and the policy keeps it with keepCheck \"scalars\", which keeps only numbers, booleans and empty "
            + "values in clear: convert it (e.g. to_json) so that its text takes the default rule, or drop it in "
            + "the policy");
      }
      outIndex[j] = out.size();
      out.add(DataTypes.createStructField(names[j], types[j], true));
      lower.put(names[j].toLowerCase(Locale.ROOT), j);
    }
    List<String> tn = new ArrayList<>();
    List<Integer> to = new ArrayList<>();
    for (String f : RecordAnonymizer.ipIntegerFields(prepared)) {
      for (int j = 0; j < n; j++) {
        if (outIndex[j] >= 0 && names[j].equalsIgnoreCase(f) && kinds[j] == STR) {
          String twin = names[j] + RecordAnonymizer.IP_INTEGER_SUFFIX;
          if (lower.containsKey(twin.toLowerCase(Locale.ROOT)) || tn.contains(twin)) {
            throw new IllegalArgumentException("column '" + twin + "' already exists; the policy's ipIntegers "
                + "section would add it as the integer twin of '" + names[j] + "'");
          }
          tn.add(twin);
          to.add(out.size());
          out.add(DataTypes.createStructField(twin, DataTypes.LongType, true));
        }
      }
    }
    twinNames = tn.toArray(new String[0]);
    twinOut = to.stream().mapToInt(Integer::intValue).toArray();
    outSchema = DataTypes.createStructType(out);
  }

  /** Dates and timestamps: values that hold no text, kept as they are with keepCheck too. */
  private static boolean isDateOrTime(DataType t) {
    String name = t.typeName();
    return name.equals("date") || name.startsWith("timestamp");
  }

  static RowCodec plan(StructType in, Policy prepared) {
    return new RowCodec(in, prepared);
  }

  static byte kindOf(DataType t) {
    if (t instanceof StringType) {
      return STR;
    }
    if (t instanceof LongType || t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType) {
      return INT;
    }
    if (t instanceof DoubleType || t instanceof FloatType) {
      return DBL;
    }
    if (t instanceof DecimalType) {
      return DEC;
    }
    if (t instanceof BooleanType) {
      return BOOL;
    }
    return OTHER;
  }

  /** The text of column {@code j} of {@code row} as the pipeline would read it, or null for null. */
  static String text(Row row, int j, byte kind) {
    if (row.isNullAt(j)) {
      return null;
    }
    switch (kind) {
      case STR:
        return row.getString(j);
      case INT:
        return Long.toString(((Number) row.get(j)).longValue());
      case DBL: {
        Object v = row.get(j);
        return v instanceof Float ? Float.toString((Float) v) : Double.toString((Double) v);
      }
      case DEC:
        return row.getDecimal(j).toPlainString();
      case BOOL:
        return row.getBoolean(j) ? "true" : "false";
      default:
        return String.valueOf(row.get(j));
    }
  }

  static FieldKind fieldKind(byte kind, String text) {
    switch (kind) {
      case INT:
        return FieldKind.INTEGER;
      case DBL:
        return isFinite(text) ? FieldKind.REAL : FieldKind.STRING;
      case DEC:
        return text.indexOf('.') >= 0 ? FieldKind.REAL : FieldKind.INTEGER;
      case BOOL:
        return FieldKind.BOOLEAN;
      default:
        return FieldKind.STRING;
    }
  }

  private static boolean isFinite(String doubleText) {
    char c = doubleText.charAt(doubleText.length() - 1);
    return c >= '0' && c <= '9';
  }

  Converter converter(int partition) {
    return new Converter(partition);
  }

  /** Converts rows of one partition. Not thread-safe. */
  final class Converter {
    private final int partition;
    private final Map<String, Integer> column = new HashMap<>();
    private final String[] texts = new String[names.length];
    private final FieldRecord record = new FieldRecord();
    private long row;

    Converter(int partition) {
      this.partition = partition;
      for (int j = 0; j < names.length; j++) {
        column.put(names[j], j);
      }
      for (int t = 0; t < twinNames.length; t++) {
        column.put(twinNames[t], -1 - t);
      }
    }

    /** The record of {@code in}'s kept and transformed columns (reused: valid until the next call). */
    FieldRecord toRecord(Row in) {
      row++;
      record.reset(row, 0);
      for (int j = 0; j < names.length; j++) {
        texts[j] = null;
        if (outIndex[j] < 0 || kinds[j] == OTHER) {
          continue;
        }
        String t = text(in, j, kinds[j]);
        if (t != null) {
          texts[j] = t;
          record.add(names[j], fieldKind(kinds[j], t), t);
        }
      }
      return record;
    }

    /** The output row of {@code in} after {@code record} (from {@link #toRecord}) was anonymized. */
    Row toRow(Row in, FieldRecord r) {
      Object[] out = new Object[outSchema.size()];
      for (int j = 0; j < names.length; j++) {
        if (outIndex[j] >= 0 && kinds[j] == OTHER) {
          out[outIndex[j]] = in.get(j);
        }
      }
      for (int i = 0; i < r.size(); i++) {
        Integer c = column.get(r.name(i));
        if (c == null) {
          throw new IllegalStateException("the anonymizer produced a field that is no column");
        }
        if (c < 0) {
          out[twinOut[-1 - c]] = Long.parseLong(r.text(i));
        } else {
          out[outIndex[c]] = value(in, c, r.text(i));
        }
      }
      return org.apache.spark.sql.RowFactory.create(out);
    }

    private Object value(Row in, int j, String text) {
      if (kinds[j] == STR) {
        return text;
      }
      if (text.equals(texts[j])) {
        return in.get(j); // unchanged: the original typed value
      }
      try {
        switch (kinds[j]) {
          case INT: {
            long v = Long.parseLong(text);
            if (!Long.toString(v).equals(text)) {
              // e.g. ff1 over digits gives "0022158": as a number it would lose its zeros (and its inverse)
              throw new NumberFormatException("not the canonical form of a number");
            }
            return narrow(v, types[j]);
          }
          case DBL:
            if (leadingZero(text)) {
              throw new NumberFormatException("leading zero");
            }
            return types[j] instanceof FloatType ? (Object) Float.parseFloat(text) : (Object) Double.parseDouble(text);
          case DEC: {
            DecimalType d = (DecimalType) types[j];
            if (leadingZero(text)) {
              throw new NumberFormatException("leading zero");
            }
            BigDecimal v = new BigDecimal(text).setScale(d.scale(), RoundingMode.UNNECESSARY);
            if (v.precision() > d.precision()) {
              throw new NumberFormatException("precision");
            }
            return v;
          }
          case BOOL:
            if (text.equals("true") || text.equals("false")) {
              return Boolean.valueOf(text);
            }
            throw new NumberFormatException("not a boolean");
          default:
            throw new IllegalStateException("no conversion for column kind " + kinds[j]);
        }
      } catch (NumberFormatException | ArithmeticException e) {
        if (onFailure[j] == OnFailure.FAIL) {
          throw new InvalidInputException("the transformed value does not fit the column's type "
              + types[j].simpleString() + " (Spark partition " + partition + "); make the column a string or "
              + "choose another transformer", names[j], row);
        }
        return null; // redact or drop: a typed column cannot hold the marker
      }
    }

    /** Whether a number's text starts with a zero that a numeric column would not keep ({@code 012.5}). */
    private static boolean leadingZero(String t) {
      int i = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
      return t.length() > i + 1 && t.charAt(i) == '0' && Character.isDigit(t.charAt(i + 1));
    }

    private Object narrow(long v, DataType t) {
      if (t instanceof LongType) {
        return v;
      }
      if (t instanceof IntegerType && v == (int) v) {
        return (int) v;
      }
      if (t instanceof ShortType && v == (short) v) {
        return (short) v;
      }
      if (t instanceof ByteType && v == (byte) v) {
        return (byte) v;
      }
      throw new NumberFormatException("out of range");
    }
  }
}
