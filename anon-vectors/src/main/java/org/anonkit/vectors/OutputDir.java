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

  /**
   * The attributes a new file is created with: owner-only from its creation when {@code ownerOnly}
   * (a clear matrix or dictionary was readable by all, as the umask left it, until it was sealed).
   */
  static java.nio.file.attribute.FileAttribute<?>[] attributes(boolean ownerOnly) {
    return ownerOnly && POSIX
        ? new java.nio.file.attribute.FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new java.nio.file.attribute.FileAttribute<?>[0];
  }

  /** Creates {@code file} (replacing one there) with {@link #attributes}, for writing. */
  static java.io.OutputStream newFile(Path file, boolean ownerOnly) throws IOException {
    Files.deleteIfExists(file);
    return java.nio.channels.Channels.newOutputStream(java.nio.channels.FileChannel.open(file,
        java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE),
        attributes(ownerOnly)));
  }

  static void writeText(Path file, String text, boolean ownerOnly) {
    try (java.io.OutputStream os = newFile(file, ownerOnly)) {
      os.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file.getFileName(), e);
    }
    seal(file, ownerOnly);
  }
}
