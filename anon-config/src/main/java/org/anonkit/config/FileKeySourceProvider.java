package org.anonkit.config;

import java.nio.file.Path;
import org.anonkit.KeyException;
import org.anonkit.key.KeySource;
import org.anonkit.key.MasterKey;
import org.anonkit.spi.KeySourceProvider;

/**
 * The {@code file} key source: {@code file:/path/to/key.json} reads a key file written by
 * {@code anonkit keygen} (see {@link KeyFiles}). Public only so {@link java.util.ServiceLoader} can
 * instantiate it; use {@link org.anonkit.key.KeySources#open(String)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class FileKeySourceProvider implements KeySourceProvider {
  @Override
  public String name() {
    return "file";
  }

  @Override
  public KeySource open(String location) {
    if (location.isEmpty()) {
      throw new KeyException("file key source needs a path: file:/path/to/key.json");
    }
    Path path = Path.of(location);
    return new KeySource() {
      @Override
      public MasterKey load(String keyId) {
        MasterKey key = KeyFiles.read(path);
        if (keyId != null && !keyId.equals(key.id())) {
          throw new KeyException("key file " + path + " holds key '" + key.id() + "', not '" + keyId + "'");
        }
        return key;
      }

      @Override
      public String describe() {
        return "file:" + path;
      }

      @Override
      public String toString() {
        return "FileKeySource{" + path + "}";
      }
    };
  }
}
