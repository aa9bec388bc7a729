package org.anonkit.pipeline.io.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.anonkit.InvalidInputException;

/**
 * The part files of a directory input of a columnar format: its {@code .parquet} files, sorted by name,
 * names starting with {@code .} or {@code _} left out (hidden files, Spark's {@code _SUCCESS} and
 * {@code _temporary}). One rule for the pipeline, which expands such a directory into its inputs, and
 * for a format's own reader opening one.
 *
 * <p>Immutable (static methods only) and thread-safe.
 */
public final class PartFiles {
  private PartFiles() {}

  /**
   * {@code dir}'s part files.
   *
   * @throws InvalidInputException if it holds none, or if a subdirectory (not hidden, not
   *     {@code _}-prefixed) holds a {@code .parquet} file at any depth: a partitioned dataset (Spark's
   *     {@code partitionBy}, Hive's {@code key=value} directories), whose files below would be left out
   *     and whose partition values are only in directory names; the message counts such subdirectories
   *     but names none (a partition value can be a user name)
   */
  public static List<Path> of(Path dir) throws IOException {
    List<Path> parts;
    List<Path> subs;
    try (Stream<Path> s = Files.list(dir)) {
      parts = s.filter(f -> Files.isRegularFile(f) && visible(f) && isParquet(f)).sorted()
          .collect(Collectors.toList());
    }
    try (Stream<Path> s = Files.list(dir)) {
      subs = s.filter(f -> Files.isDirectory(f) && visible(f)).collect(Collectors.toList());
    }
    long nested = 0;
    for (Path sub : subs) {
      try (Stream<Path> w = Files.walk(sub)) {
        if (w.anyMatch(f -> Files.isRegularFile(f) && isParquet(f))) {
          nested++;
        }
      }
    }
    if (nested > 0) {
      throw new InvalidInputException(dir.getFileName() + ": directory has .parquet files in " + nested
          + " subdirector" + (nested == 1 ? "y" : "ies") + " (a partitioned dataset?), which would be left out, "
          + "and a partition's value is only in a directory name; write the dataset without partitions, or give "
          + "each partition directory as an input (its value is then in no column)");
    }
    if (parts.isEmpty()) {
      throw new InvalidInputException(dir.getFileName() + ": directory holds no .parquet part files");
    }
    return parts;
  }

  private static boolean visible(Path f) {
    String n = f.getFileName().toString();
    return !n.startsWith(".") && !n.startsWith("_");
  }

  private static boolean isParquet(Path f) {
    return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
  }
}
