package org.anonkit.fpe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.anonkit.Parameters;
import org.anonkit.ReversibleTransformer;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.spi.TransformerContext;

final class TransformerTestSupport {
  static final MasterKey KEY;

  static {
    byte[] k = new byte[32];
    new SplittableRandom(20261125).nextBytes(k);
    KEY = MasterKey.of("test-key", SecretBytes.copyOf(k, SecretAccess.get()));
  }

  private TransformerTestSupport() {}

  static Transformer create(String name, String field, Parameters params) {
    return create(name, field, null, params, TransformerRegistry.defaultRegistry());
  }

  static Transformer create(String name, String field, String domain, Parameters params, TransformerRegistry registry) {
    return registry.create(TransformerContext.builder(name).field(field).linkageDomain(domain)
        .parameters(params).masterKey(KEY).registry(registry).build());
  }

  static ReversibleTransformer reversible(String name, String field, Parameters params) {
    Transformer t = create(name, field, params);
    assertThat(t).isInstanceOf(ReversibleTransformer.class);
    return (ReversibleTransformer) t;
  }

  /** Same length; digits, lower and upper case letters in the same places; every other character unchanged. */
  static void assertSameShape(String in, String out) {
    assertThat(out).hasSameSizeAs(in);
    for (int i = 0; i < in.length(); i++) {
      char a = in.charAt(i);
      char b = out.charAt(i);
      if (a >= '0' && a <= '9') {
        assertThat(b).as("position %d of a value", i).isBetween('0', '9');
      } else if (a >= 'a' && a <= 'z') {
        assertThat(b).as("position %d of a value", i).isBetween('a', 'z');
      } else if (a >= 'A' && a <= 'Z') {
        assertThat(b).as("position %d of a value", i).isBetween('A', 'Z');
      } else {
        assertThat(b).as("position %d of a value", i).isEqualTo(a);
      }
    }
  }
}
