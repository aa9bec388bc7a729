package org.anonkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.anonkit.KeyException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The master key id a key holder's command expects: {@code --key-id ID}, or the id a run recorded in its
 * {@code share/manifest.json} ({@code --manifest FILE}: {@code "key": {"id": ...}}). The key source then
 * refuses a key with another id ({@link org.anonkit.key.KeySource#load}), so decrypting with the wrong key
 * file fails instead of printing plausible wrong values (review 41 F5). Ids made by {@code anonkit keygen}
 * and {@code anonkit demo} end with the key's fingerprint, so two keys do not share one.
 *
 * <p>Stateless.
 */
final class ExpectedKey {
  private static final JsonFactory JSON = new JsonFactory();

  private ExpectedKey() {}

  /**
   * The id to pass to {@code KeySource.load}: {@code keyId}, the manifest's, or null for none.
   *
   * @param usage makes the command's usage error (exit 2) when both are given and differ
   * @throws KeyException if the manifest cannot be read or records no key id (a data error)
   */
  static String of(String keyId, Path manifest, Function<String, ? extends RuntimeException> usage) {
    if (manifest == null) {
      return keyId;
    }
    String recorded = read(manifest);
    if (keyId != null && !keyId.equals(recorded)) {
      throw usage.apply("--key-id '" + keyId + "' differs from the key id of --manifest " + manifest + " ('"
          + recorded + "'); give one of them");
    }
    return recorded;
  }

  /** The {@code key.id} of a run's manifest. */
  static String read(Path manifest) {
    String id = section(manifest, "key").get("id");
    if (id == null) {
      throw new KeyException("manifest " + manifest + " records no key id (\"key\": {\"id\": ...})");
    }
    return id;
  }

  /**
   * The string members of the manifest's top-level object {@code name} ({@code "key"}, {@code "policy"}),
   * in their order; empty when it has none. Other members (numbers, objects) are skipped.
   *
   * @throws KeyException if the manifest cannot be read or is not JSON (a data error)
   */
  static Map<String, String> section(Path manifest, String name) {
    String text;
    try {
      text = Files.readString(manifest);
    } catch (NoSuchFileException e) {
      throw new KeyException("no such manifest: " + manifest);
    } catch (IOException e) {
      throw new KeyException("cannot read manifest " + manifest + ": " + e.getClass().getSimpleName());
    }
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String member = p.currentName();
          JsonToken t = p.nextToken();
          if (member.equals(name) && t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
              String inner = p.currentName();
              JsonToken v = p.nextToken();
              if (v == JsonToken.VALUE_STRING) {
                out.putIfAbsent(inner, p.getString());
              }
              p.skipChildren();
            }
            break;
          }
          p.skipChildren();
        }
      }
    } catch (JacksonException e) {
      throw new KeyException("manifest " + manifest + " is not valid JSON");
    }
    return out;
  }
}
