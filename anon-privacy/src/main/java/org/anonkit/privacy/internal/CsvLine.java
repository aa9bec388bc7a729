package org.anonkit.privacy.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of delimiter-separated text (ARX tables and hierarchies) into cells, honouring
 * RFC 4180 double quotes ({@code ""} inside quotes is one quote). Not exported: shared by the
 * {@code generalize} and {@code kanon} packages only.
 *
 * <p>Stateless and thread-safe.
 */
public final class CsvLine {
  private CsvLine() {}

  /** The cells of {@code line}; an empty line gives one empty cell. */
  public static List<String> split(String line, char delimiter) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.length() == 0) {
        quoted = true;
      } else if (c == delimiter) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
