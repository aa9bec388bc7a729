package org.anonkit.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import org.anonkit.pipeline.io.AtomicFile;

/**
 * The two halves of a run's output directory, so nobody has to guess what may leave the building:
 *
 * <pre>
 * OUT/share/      what may be given away: anonymized data (data/), vectors and ragged buffers by token,
 *                 failure statistics by token (failures.csv, failures.json), manifest.json;
 *                 INCOMPLETE.txt while a run writes (and after one failed): share nothing then
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

  /**
   * Creates (or reuses) {@code root/share} and {@code root/private}, the latter owner-only.
   *
   * @throws IOException also if the two are not separate folders: one of them a symbolic link into the
   *     other (or both to one folder), which would put clear values under {@code share/}
   */
  public static OutputLayout create(Path root) throws IOException {
    OutputLayout l = new OutputLayout(Objects.requireNonNull(root, "root").toAbsolutePath().normalize());
    for (Path d : new Path[] {l.share, l.privateDir}) {
      try {
        Files.createDirectories(d);
      } catch (java.nio.file.FileAlreadyExistsException e) { // its message was the path alone
        throw new IOException("cannot create the output's " + d.getFileName() + "/ folder: " + d
            + " exists and is no directory (a file, or a symbolic link to nothing)", e);
      }
    }
    l.requireSeparate(l.privateDir);
    l.restrictDirectory(l.privateDir);
    return l;
  }

  /**
   * Refuses a folder of {@code private/} (or {@code private/} itself) whose real path lies inside
   * {@code share/}, or a {@code share/} inside it: a symbolic link such as {@code private -> share/x}
   * made every clear file of the run (mapping, journal, clear vectors) part of {@code share/}, and the
   * run still ended as complete. Checked before anything is written into the folder.
   */
  private void requireSeparate(Path privateFolder) throws IOException {
    Path realShare = share.toRealPath();
    Path realPrivate = privateDir.toRealPath();
    Path real = privateFolder.toRealPath();
    String where = privateFolder.equals(privateDir) ? "private/" : "private/" + privateDir.relativize(privateFolder);
    if (real.startsWith(realShare) || realShare.startsWith(real)) {
      throw new IOException("the output's " + where + " and share/ are not separate folders (" + where + " resolves to "
          + real + ", share/ to " + realShare + "; a symbolic link?): clear values would be written into share/. "
          + "Make private/ and share/ two separate folders");
    }
    if (!real.startsWith(realPrivate)) {
      throw new IOException("the output's " + where + " resolves to " + real + ", outside private/ (" + realPrivate
          + "; a symbolic link?): clear values would be written there. Remove the link");
    }
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
    requireSeparate(d);
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
   * Writes {@code target} atomically (temporary sibling, forced to disk, then renamed); files under
   * {@code private/} are owner-only before any byte is written, files under {@code share/} get the
   * permissions the umask gives, as the data files beside them. (With {@code Files.createTempFile} the
   * manifest and failure statistics were owner-only while the data files were not, and they were
   * renamed without being forced to disk: after a power failure the manifest that declares
   * {@code share/} complete could be empty.)
   */
  void writeAtomically(Path target, Content content) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] attributes = isPrivate(target) && posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    try (AtomicFile file = AtomicFile.create(target, attributes)) {
      try (OutputStream out = new java.io.BufferedOutputStream(file.stream(), 1 << 16)) {
        content.write(out);
      } catch (IOException e) {
        throw named(target, e);
      }
      try {
        file.commit();
      } catch (IOException e) {
        throw named(target, e);
      }
    }
  }

  /** A write error naming its output: a full disk said "No space left on device" alone. */
  private IOException named(Path target, IOException e) {
    if (e instanceof java.nio.file.FileSystemException) {
      return e; // names its file
    }
    String where = target.startsWith(root) ? root.relativize(target).toString() : target.toString();
    return new IOException("cannot write " + where + ": " + (e.getMessage() != null ? e.getMessage()
        : e.getClass().getSimpleName()), e);
  }

  /**
   * Names of the temporary files anonkit's writers create beside their targets and rename when done:
   * {@code .<name>.<base-36 random>.tmp} ({@link org.anonkit.pipeline.io.AtomicFile}: data files,
   * quarantine, {@link #writeAtomically}; an unsigned 64-bit random, 10 to 13 digits but for one in
   * 5,000) and {@code .<name><decimal random>.tmp} (14 to 20 digits; anon-hmac's mapping files and
   * earlier versions' {@link #writeAtomically}: {@code Files.createTempFile} with prefix {@code .<name>}
   * or {@code .<name>.}).
   */
  static final java.util.regex.Pattern TEMPORARY_FILE =
      java.util.regex.Pattern.compile("\\..+(?:\\.[0-9a-z]{10,13}|[0-9]{14,20})\\.tmp");

  /** Staging folders of anon-vectors' {@code VectorWriter} inside a vectors folder. */
  static final java.util.regex.Pattern VECTOR_STAGING = java.util.regex.Pattern.compile("\\.vectors-staging-[0-9a-f]{1,16}");

  /**
   * Deletes what an interrupted run (a killed process) left half-written under {@code share/} and
   * {@code private/}: regular files named like anonkit's temporary files ({@link #TEMPORARY_FILE}) and
   * folders named like the vector writer's staging folders ({@link #VECTOR_STAGING}), at any depth;
   * nothing else. Symbolic links are neither followed nor deleted. Two runs must never write into
   * one output directory at once (this would delete the other's files in progress): {@link Pipeline}
   * holds {@code private/run.lock} locked while it runs.
   *
   * @return the number of files and folders deleted
   */
  int removeLeftoverTemporaryFiles() throws IOException {
    int[] removed = new int[1];
    for (Path top : new Path[] {share, privateDir}) {
      if (!Files.isDirectory(top, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.walkFileTree(top, new java.nio.file.SimpleFileVisitor<Path>() {
        @Override
        public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a)
            throws IOException {
          if (!dir.equals(top) && VECTOR_STAGING.matcher(dir.getFileName().toString()).matches()) {
            deleteTree(dir);
            removed[0]++;
            return java.nio.file.FileVisitResult.SKIP_SUBTREE;
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a)
            throws IOException {
          if (a.isRegularFile() && TEMPORARY_FILE.matcher(file.getFileName().toString()).matches()) {
            Files.delete(file);
            removed[0]++;
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    }
    return removed[0];
  }

  /** Deletes {@code dir} and what it holds (links themselves, never their targets). */
  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<Path>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a)
          throws IOException {
        Files.delete(file);
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }

  @Override
  public String toString() {
    return "OutputLayout{" + root + "}";
  }
}
