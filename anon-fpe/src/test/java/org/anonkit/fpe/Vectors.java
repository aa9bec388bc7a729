package org.anonkit.fpe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.junit.jupiter.params.provider.Arguments;

/** Reads {@code src/test/resources/vectors/*.txt}: {@code id | key | tweak | alphabet | pt | ct}. */
final class Vectors {
  private Vectors() {}

  record Vector(String id, String keyHex, String tweakHex, String alphabet, String plaintext, String ciphertext) {
    DerivedKey key() {
      return DerivedKey.direct(SecretBytes.fromHex(keyHex, SecretAccess.get()));
    }

    byte[] tweak() {
      return hex(tweakHex);
    }

    Alphabet alphabetObject() {
      return alphabet.startsWith("radix:")
          ? Alphabet.ofRadix(Integer.parseInt(alphabet.substring(6)))
          : Alphabet.of(alphabet.substring("chars:".length()));
    }

    @Override
    public String toString() {
      return id;
    }
  }

  static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  static List<Arguments> load(String resource) {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /vectors/" + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\|", -1);
        if (f.length != 6) {
          throw new IllegalStateException("malformed vector line in " + resource);
        }
        Vector v = new Vector(f[0].trim(), f[1].trim(), f[2].trim(), f[3].trim(), f[4].trim(), f[5].trim());
        out.add(Arguments.of(v.id(), v));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
