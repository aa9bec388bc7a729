package org.anonkit.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.anonkit.KeyException;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads and writes master key files:
 * <pre>{@code {"format": "anonkit-master-key/v1", "id": "lab-2026", "created": "2026-11-25T14:00:00Z",
 *  "secret": "<base64, 32 bytes>"}}</pre>
 * ({@code "secretHex"} is accepted instead of {@code "secret"} when reading).
 *
 * <p><b>Security.</b> Files are written with owner-only permissions ({@code rw-------}), set when the
 * file is created, through a temporary file linked into place (a hard link, which the file system
 * creates only where no file is), and never overwrite an existing key, even one another writer
 * creates at the same moment (on a file system without hard links, a move that refuses an existing
 * file: there two writers racing for one path could both succeed).
 * When a key file is readable or writable by group or others, reading it logs a warning (through
 * {@link System.Logger}) and {@link #permissionProblem(Path)} reports it so command lines can print
 * it. Errors name the file and the problem, never the secret: syntax errors report line and column
 * only, because a parser message could quote part of the secret.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyFiles {
  /** The {@code format} written into every key file. */
  public static final String FORMAT = "anonkit-master-key/v1";

  private static final System.Logger LOG = System.getLogger(KeyFiles.class.getName());
  private static final JsonFactory FACTORY = new JsonFactory();
  /** The largest key file read (a generated one has under 200 bytes). */
  static final int MAX_FILE_BYTES = 64 * 1024;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /**
   * Reads the key file at {@code path}.
   *
   * @throws KeyException if it is missing, malformed, or holds a secret shorter than 16 bytes
   */
  public static MasterKey read(Path path) {
    byte[] content;
    try (java.io.InputStream in = Files.newInputStream(path)) {
      // bounded: a key file is a few hundred bytes, and --key-file /dev/zero (or a data file given by
      // mistake) must not read until memory runs out
      content = in.readNBytes(MAX_FILE_BYTES + 1);
      if (content.length > MAX_FILE_BYTES) {
        Arrays.fill(content, (byte) 0);
        throw new KeyException("key file " + path + " is larger than " + MAX_FILE_BYTES
            + " bytes; it is not an anonkit key file");
      }
    } catch (NoSuchFileException e) {
      throw new KeyException("key file not found: " + path + " (create one with 'anonkit keygen --out " + path + "')");
    } catch (IOException e) {
      throw new KeyException("cannot read key file " + path + ": " + e.getClass().getSimpleName());
    }
    String problem = permissionProblem(path);
    if (problem != null) {
      LOG.log(Level.WARNING, problem);
    }
    try {
      return parse(content, path.toString());
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /**
   * A warning if {@code path} is accessible to group or others, else {@code null} (also on file
   * systems without POSIX permissions).
   */
  public static String permissionProblem(Path path) {
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    if (view == null) {
      return null;
    }
    try {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      Set<PosixFilePermission> extra = EnumSet.copyOf(perms);
      extra.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE));
      if (extra.isEmpty()) {
        return null;
      }
      return "key file " + path + " is accessible to group or others (" + PosixFilePermissions.toString(perms)
          + "); restrict it with: chmod 600 " + path;
    } catch (IOException e) {
      return null;
    }
  }

  private static MasterKey parse(byte[] content, String source) {
    String id = null;
    SecretBytes secret = null;
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), content)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new KeyException("key file " + source + " must hold a JSON object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "id":
            id = text(p, t, source, name);
            break;
          case "format":
            if (!FORMAT.equals(text(p, t, source, name))) {
              throw new KeyException("key file " + source + " has an unsupported format; expected " + FORMAT);
            }
            break;
          case "secret":
          case "secretHex":
            if (secret != null) {
              throw new KeyException("key file " + source + " has more than one secret");
            }
            secret = decode(text(p, t, source, name), name.equals("secretHex"), source);
            break;
          default:
            p.skipChildren(); // "created", comments from other tools
        }
      }
    } catch (JacksonException e) {
      // Deliberately not chaining e: its message may quote secret characters.
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw new KeyException("key file " + source + " is not valid JSON" + where);
    }
    if (id == null || secret == null) {
      throw new KeyException("key file " + source + " needs \"id\" and \"secret\"");
    }
    return MasterKey.of(id, secret);
  }

  private static String text(JsonParser p, JsonToken t, String source, String name) {
    if (t != JsonToken.VALUE_STRING) {
      throw new KeyException("key file " + source + ": \"" + name + "\" must be a string");
    }
    return p.getString();
  }

  private static SecretBytes decode(String text, boolean hex, String source) {
    try {
      if (hex) {
        return SecretBytes.fromHex(text, SecretAccess.get());
      }
      byte[] raw = Base64.getDecoder().decode(text);
      try {
        return SecretBytes.copyOf(raw, SecretAccess.get());
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    } catch (IllegalArgumentException e) {
      throw new KeyException("key file " + source + ": the secret is not valid " + (hex ? "hex" : "base64"));
    }
  }

  /**
   * Writes {@code key} to a new file at {@code path} with owner-only permissions; folders of the path
   * that do not exist yet are created owner-only too.
   *
   * @throws KeyException if the file exists or cannot be written
   */
  public static void write(MasterKey key, Path path) {
    write(key, path, Clock.systemUTC());
  }

  static void write(MasterKey key, Path path, Clock clock) {
    if (Files.exists(path)) {
      throw new KeyException("refusing to overwrite existing key file " + path);
    }
    byte[] json = toJson(key, clock.instant());
    Path dir = path.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      createOwnerOnlyDirectories(dir);
      tmp = createOwnerOnly(dir, "." + path.getFileName() + ".");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(json);
      }
      // Not exists-then-rename: rename(2) replaces its target, so a key file created meanwhile (another
      // keygen) would be overwritten after its writer reported it written. A hard link is created
      // atomically and only where no file is; the temporary name is then deleted below.
      try {
        Files.createLink(path, tmp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
        // A file system without hard links (FAT, some network and FUSE mounts answer "Operation not
        // permitted"): a move without REPLACE_EXISTING still refuses a key that is there, but checks
        // before it renames, so two writers racing there can both succeed; the race above cannot.
        Files.move(tmp, path);
        tmp = null;
      }
    } catch (FileAlreadyExistsException e) {
      throw new KeyException("refusing to overwrite existing key file " + path);
    } catch (IOException e) {
      throw new KeyException("cannot write key file " + path + ": " + e.getClass().getSimpleName());
    } finally {
      Arrays.fill(json, (byte) 0);
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort; the temporary file is owner-only
        }
      }
    }
  }

  /**
   * Creates the key's missing folders owner-only ({@code rwx------}, as {@code ~/.ssh}): created as the
   * umask left them ({@code rwxr-xr-x}), {@code keygen --out ~/.anonkit/master.json} made a folder that
   * showed everyone which keys exist and when they change. Existing folders are left as they are.
   */
  private static void createOwnerOnlyDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * Creates an empty temporary file {@code <prefix><random>.tmp} in {@code dir}, readable by its owner
   * only (on POSIX file systems); a name of its own, so concurrent writers never share or delete it.
   */
  static Path createOwnerOnly(Path dir, String prefix) throws IOException {
    if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
      return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }

  private static byte[] toJson(MasterKey key, Instant created) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] raw = key.secret().toByteArray(SecretAccess.get());
    try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), buf)) {
      g.writeStartObject();
      g.writeStringProperty("format", FORMAT);
      g.writeStringProperty("id", key.id());
      g.writeStringProperty("created", created.toString());
      g.writeStringProperty("secret", Base64.getEncoder().encodeToString(raw));
      g.writeEndObject();
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
    buf.write('\n');
    return buf.toByteArray();
  }
}
