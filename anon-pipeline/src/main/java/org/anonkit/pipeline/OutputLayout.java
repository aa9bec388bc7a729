package org.anonkit.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * The two halves of a run's output directory, so nobody has to guess what may leave the building:
 *
 * <pre>
 * OUT/share/      what may be given away: anonymized data (data/), vectors and ragged buffers by token,
 *                 failure statistics by token (failures.csv, failures.json), manifest.json
 * OUT/private/    owner-only (rwx------ directories, rw------- files): mapping files (mapping*),
 *                 failure statistics with clear names, clear vectors and dictionaries, the quarantine
 *                 of broken records (they hold clear values), the resume journal, a generated key
 * </pre>
 *
 * <p>On file systems without POSIX permissions the owner-only rule cannot be enforced; {@link #isProtected()}
 * says so and the run's summary warns.
 *
 * <p>Immutable and thread-safe.
 */
public final class OutputLayout {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private final Path root;
  private final Path share;
  private final Path privateDir;
  private final boolean posix;

  private OutputLayout(Path root) {
    this.root = root;
    this.share = root.resolve("share");
    this.privateDir = root.resolve("private");
    this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates (or reuses) {@code root/share} and {@code root/private}, the latter owner-only. */
  public static OutputLayout create(Path root) throws IOException {
    OutputLayout l = new OutputLayout(Objects.requireNonNull(root, "root").toAbsolutePath().normalize());
    Files.createDirectories(l.share);
    Files.createDirectories(l.privateDir);
    l.restrictDirectory(l.privateDir);
    return l;
  }

  public Path root() {
    return root;
  }

  /** The shareable half. */
  public Path share() {
    return share;
  }

  /** The owner-only half. */
  public Path privateDir() {
    return privateDir;
  }

  /** Whether owner-only permissions are enforced (POSIX file systems). */
  public boolean isProtected() {
    return posix;
  }

  /** Creates a sub-directory of {@code private/}, owner-only. */
  Path privateSubdir(String name) throws IOException {
    Path d = privateDir.resolve(name);
    Files.createDirectories(d);
    restrictDirectory(d);
    return d;
  }

  void restrictDirectory(Path dir) throws IOException {
    if (posix) {
      Files.setPosixFilePermissions(dir, DIR);
    }
  }

  void restrictFile(Path file) throws IOException {
    if (posix) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }

  /** Whether {@code p} lies under {@code private/}. */
  boolean isPrivate(Path p) {
    return p.toAbsolutePath().normalize().startsWith(privateDir);
  }

  /** Something that writes a file's content. */
  interface Content {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} atomically (temporary sibling, then rename); files under {@code private/}
   * are owner-only before any byte is written.
   */
  void writeAtomically(Path target, Content content) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      if (isPrivate(target)) {
        restrictFile(tmp);
      }
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        content.write(out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public String toString() {
    return "OutputLayout{" + root + "}";
  }
}
