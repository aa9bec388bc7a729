package org.anonkit.privacy.generalize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.anonkit.InvalidInputException;

/** An explicit hierarchy table: each row a value and its generalizations, coarsest last (ARX). */
final class TableFunction implements LevelFunction {
  private final Map<String, String[]> rows;
  private final List<String> domain;
  private final int levels;

  TableFunction(List<List<String>> table) {
    if (table.isEmpty()) {
      throw new IllegalArgumentException("a hierarchy table needs at least one row");
    }
    int width = table.get(0).size();
    if (width < 1) {
      throw new IllegalArgumentException("a hierarchy table needs at least one column");
    }
    Map<String, String[]> m = new HashMap<>();
    List<String> d = new ArrayList<>();
    for (int r = 0; r < table.size(); r++) {
      List<String> row = table.get(r);
      if (row.size() != width) {
        throw new IllegalArgumentException("hierarchy row " + (r + 1) + " has " + row.size()
            + " columns; the first row has " + width);
      }
      String[] arr = row.toArray(new String[0]);
      if (m.putIfAbsent(arr[0], arr) != null) {
        throw new IllegalArgumentException("hierarchy row " + (r + 1) + " repeats the value of an earlier row");
      }
      d.add(arr[0]);
    }
    // Each level must be a function of the previous one (a tree), or generalization is ill-defined.
    for (int l = 1; l + 1 < width; l++) {
      Map<String, String> parent = new HashMap<>();
      for (String[] row : m.values()) {
        String prev = parent.putIfAbsent(row[l], row[l + 1]);
        if (prev != null && !prev.equals(row[l + 1])) {
          throw new IllegalArgumentException("hierarchy is not a tree: a value of level " + l
              + " has two different generalizations at level " + (l + 1));
        }
      }
    }
    this.rows = m;
    this.domain = Collections.unmodifiableList(d);
    this.levels = width;
  }

  @Override
  public int levels() {
    return levels;
  }

  @Override
  public String apply(String value, int level) {
    String[] row = rows.get(value);
    if (row == null) {
      throw new InvalidInputException("value is not in the hierarchy table (" + rows.size() + " values)");
    }
    return row[level];
  }

  /** The leaves, in table order. */
  List<String> domain() {
    return domain;
  }
}
