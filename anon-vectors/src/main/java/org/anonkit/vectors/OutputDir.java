package org.anonkit.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates output directories and files; owner-only permissions for clear (private) output. */
final class OutputDir {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OutputDir() {}

  static void create(Path dir, boolean ownerOnly) {
    try {
      Files.createDirectories(dir);
      if (ownerOnly && POSIX) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory " + dir, e);
    }
  }

  /** Restricts a written file to its owner when {@code ownerOnly}. */
  static void seal(Path file, boolean ownerOnly) {
    if (ownerOnly && POSIX) {
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot restrict permissions of " + file.getFileName(), e);
      }
    }
  }

  static void writeText(Path file, String text, boolean ownerOnly) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      seal(file, ownerOnly);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.getFileName(), e);
    }
  }
}
