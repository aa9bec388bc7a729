package org.anonkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.SecretAccess;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/** Small providers for testing the core; not shipped. */
final class TestProviders {
  private TestProviders() {}

  /** "test-mac": hex HMAC-SHA256 of the value under the context key; rejects values containing '!'. */
  static final class MacProvider implements TransformerProvider {
    @Override
    public String name() {
      return "test-mac";
    }

    @Override
    public Transformer create(TransformerContext context) {
      context.parameters().requireOnly("transformer 'test-mac'", "length");
      int length = context.parameters().getInt("length", 64, 8, 64);
      byte[] key = context.key().secret().toByteArray(SecretAccess.get());
      return value -> {
        if (value.toString().indexOf('!') >= 0) {
          throw new InvalidInputException("value contains a forbidden character at position " + value.toString().indexOf('!'));
        }
        try {
          Mac mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(key, "HmacSHA256"));
          return HexFormat.of().formatHex(mac.doFinal(value.toString().getBytes(StandardCharsets.UTF_8))).substring(0, length);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      };
    }
  }

  /** "test-upper": keyless. */
  static final class UpperProvider implements TransformerProvider {
    @Override
    public String name() {
      return "test-upper";
    }

    @Override
    public boolean requiresKey() {
      return false;
    }

    @Override
    public Transformer create(TransformerContext context) {
      return value -> value.toString().toUpperCase(java.util.Locale.ROOT);
    }
  }

  /** A second provider claiming "test-mac". */
  static final class ImpostorProvider implements TransformerProvider {
    @Override
    public String name() {
      return "test-mac";
    }

    @Override
    public Transformer create(TransformerContext context) {
      return value -> "x";
    }
  }

  static TransformerRegistry registry() {
    return TransformerRegistry.builder().add(new MacProvider()).add(new UpperProvider()).build();
  }
}
