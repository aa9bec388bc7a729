package org.anonkit.hmac;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.anonkit.Parameters;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.spi.TransformerContext;

/** Shared helpers for the anon-hmac tests. */
final class TestKeys {
  private TestKeys() {}

  static TransformerContext direct(String keyHex, Parameters parameters) {
    return TransformerContext.builder("hmac")
        .directKey(DerivedKey.direct(SecretBytes.fromHex(keyHex, SecretAccess.get())))
        .parameters(parameters)
        .build();
  }

  static Parameters params(Object... nameValue) {
    Parameters.Builder b = Parameters.builder();
    for (int i = 0; i < nameValue.length; i += 2) {
      String name = (String) nameValue[i];
      Object v = nameValue[i + 1];
      if (v instanceof String) {
        b.put(name, (String) v);
      } else if (v instanceof Integer) {
        b.put(name, (long) (Integer) v);
      } else if (v instanceof Boolean) {
        b.put(name, (Boolean) v);
      } else {
        throw new IllegalArgumentException(name);
      }
    }
    return b.build();
  }

  static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  static String toHex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }

  /** Reference Base32 (RFC 4648, lowercase, unpadded) written the slow, obvious way: via a bit string. */
  static String base32Reference(byte[] data) {
    StringBuilder bits = new StringBuilder();
    for (byte b : data) {
      String s = Integer.toBinaryString(b & 0xff);
      bits.append("0".repeat(8 - s.length())).append(s);
    }
    while (bits.length() % 5 != 0) {
      bits.append('0');
    }
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < bits.length(); i += 5) {
      out.append(alphabet.charAt(Integer.parseInt(bits.substring(i, i + 5), 2)));
    }
    return out.toString();
  }

  /** Non-comment lines of a vector file, split on '|'. */
  static List<String[]> vectorLines(String resource) {
    try (InputStream in = TestKeys.class.getResourceAsStream("/vectors/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      List<String[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          rows.add(line.split("\\|", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
