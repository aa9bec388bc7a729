package org.anonkit.benchmarks.vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The lifecycle the file-writing benchmarks share: the subclass's trial setup sets {@link #root} (a
 * temporary directory); each invocation writes into a fresh {@link #target} under it, deleted after the
 * invocation, outside the measured time; the root is deleted after the trial. Also the helpers their
 * setup checks use. Not thread-safe (JMH thread-scoped state).
 */
public abstract class FreshDirectories {
  Path root;
  Path target;
  int run;

  @Setup(Level.Invocation)
  public void nextTarget() {
    target = root.resolve("out" + (run++));
  }

  @TearDown(Level.Invocation)
  public void deleteTarget() throws IOException {
    delete(target);
  }

  @TearDown(Level.Trial)
  public void deleteRoot() throws IOException {
    delete(root);
  }

  /** Visible files (no hidden staging folders) by relative name. */
  static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = dir.relativize(p).toString();
        if (Files.isRegularFile(p) && !rel.startsWith(".") && !rel.contains("/.")) {
          out.put(rel, Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** Throws unless {@code other} (written by {@code whose}) holds the same files, bytes included, as {@code reference}. */
  static void requireSameFiles(Map<String, byte[]> reference, Map<String, byte[]> other, String whose, String referenceName) {
    if (!reference.keySet().equals(other.keySet())) {
      throw new IllegalStateException(whose + " wrote other files: " + other.keySet() + " instead of " + reference.keySet());
    }
    for (String name : reference.keySet()) {
      if (!Arrays.equals(reference.get(name), other.get(name))) {
        throw new IllegalStateException(whose + "'s " + name + " differs from " + referenceName + "'s");
      }
    }
  }
}
