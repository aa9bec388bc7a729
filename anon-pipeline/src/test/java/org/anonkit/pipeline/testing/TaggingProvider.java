package org.anonkit.pipeline.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.anonkit.InvalidInputException;
import org.anonkit.Transformer;
import org.anonkit.key.SecretAccess;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Test-scope keyed transformer: {@code <name>_<first 8 hex of SHA-256(key || value)>}. Rejects values
 * starting with {@code "bad"} so failure paths can be exercised.
 */
public final class TaggingProvider implements TransformerProvider {
  private final String name;

  public TaggingProvider(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Transformer create(TransformerContext context) {
    byte[] key = context.key().secret().toByteArray(SecretAccess.get());
    String tag = name.replace('-', '_');
    return value -> {
      String v = value.toString();
      if (v.startsWith("bad")) {
        throw new InvalidInputException("value starts with a rejected prefix (length " + v.length() + ")");
      }
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(key);
        byte[] h = md.digest(v.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder(tag).append('_');
        for (int i = 0; i < 4; i++) {
          sb.append(Character.forDigit((h[i] >> 4) & 15, 16)).append(Character.forDigit(h[i] & 15, 16));
        }
        return sb.toString();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
