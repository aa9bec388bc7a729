package org.anonkit.privacy.kanon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import org.anonkit.InvalidInputException;
import org.anonkit.privacy.internal.CsvLine;

/**
 * A table of string cells held column by column, dictionary-encoded: each column keeps its distinct
 * values once and one {@code int} code per row, so tens of millions of rows fit in memory.
 *
 * <p>{@code toString()} names the columns and the row count only, never a value.
 *
 * <p>Immutable and thread-safe once built; the {@link Builder} is not thread-safe.
 */
public final class DataTable {
  private final List<String> columns;
  private final int rows;
  private final int[][] codes; // [column][row]
  private final String[][] dictionaries; // [column][code]

  private DataTable(List<String> columns, int rows, int[][] codes, String[][] dictionaries) {
    this.columns = columns;
    this.rows = rows;
    this.codes = codes;
    this.dictionaries = dictionaries;
  }

  /** Starts a table with the given column names (distinct). */
  public static Builder builder(List<String> columns) {
    return new Builder(columns);
  }

  /**
   * Reads a delimited text table whose first line is the header. Double quotes may enclose a cell
   * ({@code ""} inside is a quote); blank lines are skipped.
   *
   * @throws InvalidInputException if a line has the wrong number of cells (the message names the
   *     line, not its content)
   */
  public static DataTable readCsv(Reader in, char delimiter) throws IOException {
    BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    String header = r.readLine();
    if (header == null) {
      throw new InvalidInputException("the table is empty: expected a header line");
    }
    if (!header.isEmpty() && header.charAt(0) == '\uFEFF') {
      header = header.substring(1);
    }
    Builder b = builder(CsvLine.split(header, delimiter));
    long line = 1;
    String[] cells = new String[b.width];
    for (String s = r.readLine(); s != null; s = r.readLine()) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      List<String> parts = CsvLine.split(s, delimiter);
      if (parts.size() != cells.length) {
        throw new InvalidInputException("line " + line + " has " + parts.size() + " cells; the header has "
            + cells.length);
      }
      b.addRow(parts.toArray(cells));
    }
    return b.build();
  }

  /** The column names, in order. */
  public List<String> columns() {
    return columns;
  }

  /** The index of {@code column}, or -1. */
  public int columnIndex(String column) {
    return columns.indexOf(column);
  }

  public int rowCount() {
    return rows;
  }

  /** The cell at {@code row}, {@code column}. */
  public String value(int row, int column) {
    Objects.checkIndex(row, rows);
    return dictionaries[column][codes[column][row]];
  }

  /** The number of distinct values of {@code column}. */
  public int distinctValues(int column) {
    return dictionaries[column].length;
  }

  int[] codes(int column) {
    return codes[column];
  }

  String[] dictionary(int column) {
    return dictionaries[column];
  }

  @Override
  public String toString() {
    return "DataTable{columns=" + columns + ", rows=" + rows + "}";
  }

  /** Builds a {@link DataTable} row by row. Not thread-safe. */
  public static final class Builder {
    private final List<String> columns;
    private final int width;
    private final List<Object2IntOpenHashMap<String>> lookup = new ArrayList<>();
    private final List<List<String>> values = new ArrayList<>();
    private int[][] codes;
    private int rows;

    private Builder(List<String> columns) {
      this.columns = List.copyOf(columns);
      this.width = columns.size();
      if (width == 0) {
        throw new IllegalArgumentException("a table needs at least one column");
      }
      if (new HashSet<>(this.columns).size() != width) {
        throw new IllegalArgumentException("column names must be distinct");
      }
      for (int i = 0; i < width; i++) {
        Object2IntOpenHashMap<String> m = new Object2IntOpenHashMap<>();
        m.defaultReturnValue(-1);
        lookup.add(m);
        values.add(new ArrayList<>());
      }
      codes = new int[width][1024];
    }

    /** Appends a row; {@code cells} must have one non-null cell per column. */
    public Builder addRow(String... cells) {
      if (cells.length != width) {
        throw new IllegalArgumentException("row " + (rows + 1) + " has " + cells.length + " cells; the table has "
            + width + " columns");
      }
      if (rows == codes[0].length) {
        int cap = rows > (1 << 29) ? Integer.MAX_VALUE - 8 : rows * 2;
        for (int c = 0; c < width; c++) {
          codes[c] = Arrays.copyOf(codes[c], cap);
        }
      }
      for (int c = 0; c < width; c++) {
        String v = Objects.requireNonNull(cells[c], "cell");
        Object2IntOpenHashMap<String> m = lookup.get(c);
        int code = m.getInt(v);
        if (code < 0) {
          code = m.size();
          m.put(v, code);
          values.get(c).add(v);
        }
        codes[c][rows] = code;
      }
      rows++;
      return this;
    }

    /** Appends a row. */
    public Builder addRow(List<String> cells) {
      return addRow(cells.toArray(new String[0]));
    }

    public DataTable build() {
      int[][] exact = new int[width][];
      String[][] dict = new String[width][];
      for (int c = 0; c < width; c++) {
        exact[c] = Arrays.copyOf(codes[c], rows);
        dict[c] = values.get(c).toArray(new String[0]);
      }
      return new DataTable(Collections.unmodifiableList(columns), rows, exact, dict);
    }
  }
}
