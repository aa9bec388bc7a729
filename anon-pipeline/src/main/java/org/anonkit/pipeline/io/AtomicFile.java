package org.anonkit.pipeline.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A file that appears under its name only when complete: bytes go to a temporary file in the same
 * directory ({@code .<name>.<random>.tmp}), and {@link #commit()} forces them to disk and renames the
 * temporary file over the target (atomically where the file system allows). {@link #close()} without
 * a commit deletes the temporary file, so a crashed or failed run never leaves a half-written output.
 *
 * <pre>{@code
 * try (AtomicFile f = AtomicFile.create(target)) {
 *   f.stream().write(bytes);
 *   f.commit();
 * }
 * }</pre>
 *
 * <p><b>Not thread-safe.</b>
 */
public final class AtomicFile implements Closeable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final OutputStream stream;
  private final java.security.MessageDigest digest; // of every byte written through stream()
  private byte[] sha256;
  private boolean done;

  private AtomicFile(Path target, Path temp, FileChannel channel) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    try {
      this.digest = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    OutputStream raw = Channels.newOutputStream(channel);
    this.stream = new java.io.FilterOutputStream(raw) {
      @Override
      public void write(int b) throws IOException {
        digest.update((byte) b);
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        digest.update(b, off, len);
        out.write(b, off, len);
      }

      @Override
      public void close() {
        // the file is finished by commit() or abandoned by AtomicFile.close()
      }
    };
  }

  /**
   * Starts writing {@code target}; its directory must exist. {@code attributes} apply to the
   * temporary file from its creation, and so to the target (for example
   * {@code PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))} for a
   * mapping file that must never be readable by others, not even for a moment).
   */
  public static AtomicFile create(Path target, FileAttribute<?>... attributes) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    String name = abs.getFileName().toString();
    Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
    FileChannel ch = FileChannel.open(temp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes);
    return new AtomicFile(abs, temp, ch);
  }

  /** The final path. */
  public Path target() {
    return target;
  }

  /**
   * The stream into the temporary file (unbuffered: write large blocks or wrap it). Closing it does
   * nothing; {@link #commit()} or {@link #close()} ends the file.
   */
  public OutputStream stream() {
    return stream;
  }

  /**
   * Forces the bytes to disk, closes the temporary file and renames it to the target, replacing any
   * file there.
   *
   * @throws IllegalStateException if already committed or closed
   */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("already committed or closed");
    }
    done = true;
    byte[] sum = digest.digest();
    try {
      channel.force(true);
      channel.close();
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      sha256 = sum;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /**
   * The SHA-256 of the committed file's bytes, computed as they were written (so a caller that needs
   * the checksum does not read the file again).
   *
   * @throws IllegalStateException before {@link #commit()}
   */
  public byte[] sha256() {
    if (sha256 == null) {
      throw new IllegalStateException("not committed");
    }
    return sha256.clone();
  }

  /** Deletes the temporary file unless {@link #commit()} succeeded; idempotent. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  @Override
  public String toString() {
    return "AtomicFile[" + target.getFileName() + "]";
  }
}
