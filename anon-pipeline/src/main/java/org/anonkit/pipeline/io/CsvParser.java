package org.anonkit.pipeline.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes RFC 4180 rows against the input's header. A quoted cell is a {@link FieldKind#STRING}
 * ({@code ""} inside it is one quote), an empty unquoted cell is {@link FieldKind#UNDEFINED}, any
 * other cell a {@link FieldKind#STRING}.
 */
final class CsvParser extends BaseParser {
  private final String[] columns;
  private final StringBuilder sb = new StringBuilder();

  /** {@code columns} null parses any number of cells (the header row itself). */
  CsvParser(String[] columns, int maxRecord) {
    super(maxRecord);
    this.columns = columns;
  }

  @Override
  String decode(byte[] b, int s, int e, long line) {
    if (e > s && b[e - 1] == '\n') {
      e--;
    }
    if (e > s && b[e - 1] == '\r') {
      e--;
    }
    int i = s;
    int cell = 0;
    while (true) {
      if (columns != null && cell >= columns.length) {
        return "row has more cells than the header's " + columns.length;
      }
      String name = columns == null ? "" : columns[cell];
      if (i < e && b[i] == '"') {
        int j = i + 1;
        boolean escapes = false;
        while (true) {
          if (j >= e) {
            return cellName(cell) + ": unterminated quoted cell";
          }
          if (b[j] == '"') {
            if (j + 1 < e && b[j + 1] == '"') {
              escapes = true;
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        String text = escapes ? unquote(b, i + 1, j)
            : new String(b, i + 1, j - i - 1, StandardCharsets.UTF_8);
        record.addUnchecked(name, FieldKind.STRING, text);
        i = j + 1;
        if (i < e && b[i] != ',') {
          return cellName(cell) + ": text after a closing quote";
        }
      } else {
        int j = i;
        while (j < e && b[j] != ',') {
          if (b[j] == '"') {
            return cellName(cell) + ": quote inside an unquoted cell";
          }
          j++;
        }
        if (j == i) {
          record.addUnchecked(name, FieldKind.UNDEFINED, "");
        } else {
          record.addUnchecked(name, FieldKind.STRING, new String(b, i, j - i, StandardCharsets.UTF_8));
        }
        i = j;
      }
      cell++;
      if (i >= e) {
        break;
      }
      i++; // the comma
      if (i == e) { // a trailing comma: one more, empty cell
        if (columns != null && cell >= columns.length) {
          return "row has more cells than the header's " + columns.length;
        }
        record.addUnchecked(columns == null ? "" : columns[cell], FieldKind.UNDEFINED, "");
        cell++;
        break;
      }
    }
    if (columns != null && cell != columns.length) {
      return "row has " + cell + " cells, the header has " + columns.length;
    }
    return null;
  }

  private String unquote(byte[] b, int from, int to) {
    String raw = new String(b, from, to - from, StandardCharsets.UTF_8);
    sb.setLength(0);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      sb.append(c);
      if (c == '"') {
        i++; // skip the doubled quote
      }
    }
    return sb.toString();
  }

  /** Parses a header row into column names; returns null with {@code why[0]} set if invalid. */
  static String[] header(byte[] h, NameTable table, String[] why) {
    if (Utf8.firstInvalid(h, 0, h.length) >= 0) {
      why[0] = "CSV header is not valid UTF-8";
      return null;
    }
    CsvParser p = new CsvParser(null, Integer.MAX_VALUE); // no header yet: any cell count
    p.record.reset(0, 1);
    String err = p.decode(h, 0, h.length, 1);
    if (err != null) {
      why[0] = "CSV header: " + err;
      return null;
    }
    List<String> names = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < p.record.size(); i++) {
      String n = p.record.text(i);
      if (n.isEmpty()) {
        why[0] = "CSV header: column " + (i + 1) + " has no name";
        return null;
      }
      if (!FieldNames.isFieldName(n)) {
        // a CSV written without a header (as condor_history -af:, writes it) would otherwise have its first
        // record taken for the header and its values written, in clear, as column names
        why[0] = "CSV header: column " + (i + 1) + " is not a field name (" + FieldNames.RULE
            + "); does the input lack a header row?";
        return null;
      }
      if (!seen.add(n.toLowerCase(java.util.Locale.ROOT))) {
        why[0] = "CSV header: column " + (i + 1) + " repeats the name of an earlier column"
            + " (field names are case-insensitive)";
        return null;
      }
      names.add(table.fieldName(n));
    }
    return names.toArray(new String[0]);
  }

  /** Cell {@code cell} as a reason names it: its number, and its column's name when the header is known. */
  private String cellName(int cell) {
    return columns == null || cell >= columns.length ? "cell " + (cell + 1)
        : "cell " + (cell + 1) + " (" + columns[cell] + ")";
  }
}
