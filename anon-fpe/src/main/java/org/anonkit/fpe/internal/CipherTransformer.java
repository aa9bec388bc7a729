package org.anonkit.fpe.internal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ReversibleTransformer;
import org.anonkit.fpe.Alphabet;
import org.anonkit.fpe.Ff1Cipher;
import org.anonkit.fpe.Ff3_1Cipher;
import org.anonkit.fpe.FormatPreservingCipher;
import org.anonkit.key.DerivedKey;
import org.anonkit.spi.TransformerContext;

/**
 * A whole value encrypted within one alphabet, keeping its length: the {@code ff1}, {@code ff3-1} and
 * {@code numeric-id} transformers. Values shorter than the cipher's minimum length follow the
 * short-value policy (error, or an irreversible HMAC token in the same alphabet). Immutable and
 * thread-safe.
 */
final class CipherTransformer implements ReversibleTransformer {
  private final FormatPreservingCipher cipher;
  private final ClassCodec.ShortValues shortValues;
  private final ShortTokens tokens;
  private final String name;

  CipherTransformer(String name, FormatPreservingCipher cipher, ClassCodec.ShortValues shortValues, DerivedKey key) {
    this.name = name;
    this.cipher = cipher;
    this.shortValues = shortValues;
    this.tokens = new ShortTokens(key, name);
  }

  static Alphabet alphabet(Parameters p) {
    int given = (p.has("alphabet") ? 1 : 0) + (p.has("chars") ? 1 : 0) + (p.has("radix") ? 1 : 0);
    if (given != 1) {
      throw new PolicyException(p.path(), "give exactly one of 'alphabet', 'chars' or 'radix'");
    }
    if (p.has("chars")) {
      try {
        return Alphabet.of(p.requireString("chars"));
      } catch (IllegalArgumentException e) {
        throw new PolicyException(p.pathOf("chars"), e.getMessage());
      }
    }
    if (p.has("radix")) {
      return Alphabet.ofRadix(p.getInt("radix", 10, 2, 36));
    }
    switch (p.getChoice("alphabet", "digits", "digits", "lowercase", "uppercase", "alphanumeric",
        "alphanumeric-mixed", "hex")) {
      case "lowercase":
        return Alphabet.lowercase();
      case "uppercase":
        return Alphabet.uppercase();
      case "alphanumeric":
        return Alphabet.alphanumeric();
      case "alphanumeric-mixed":
        return Alphabet.alphanumericMixedCase();
      case "hex":
        return Alphabet.hex();
      default:
        return Alphabet.digits();
    }
  }

  static ClassCodec.ShortValues shortValues(Parameters p, String defaultValue) {
    return ClassCodec.ShortValues.parse(p.getChoice("shortValues", defaultValue, "hmac", "fail"));
  }

  static CipherTransformer ff1(TransformerContext ctx, Alphabet alphabet, String defaultShort) {
    Parameters p = ctx.parameters();
    DerivedKey key = ctx.key();
    byte[] tweak = p.getString("tweak", "").getBytes(StandardCharsets.UTF_8);
    if (tweak.length > Ff1Cipher.MAX_TWEAK_LENGTH) {
      throw new PolicyException(p.pathOf("tweak"), "at most " + Ff1Cipher.MAX_TWEAK_LENGTH + " bytes");
    }
    Ff1Cipher c = Ff1Cipher.create(key, alphabet).withTweak(tweak);
    return new CipherTransformer(ctx.transformerName(), c, shortValues(p, defaultShort), key);
  }

  @SuppressWarnings("deprecation") // FF3-1 is offered for interoperability only
  static CipherTransformer ff31(TransformerContext ctx, Alphabet alphabet) {
    Parameters p = ctx.parameters();
    DerivedKey key = ctx.key();
    byte[] tweak;
    if (p.has("tweak")) {
      String hex = p.requireString("tweak");
      if (!hex.matches("[0-9A-Fa-f]{14}")) {
        throw new PolicyException(p.pathOf("tweak"), "FF3-1 tweak must be 14 hexadecimal digits (56 bits)");
      }
      tweak = new byte[7];
      for (int i = 0; i < 7; i++) {
        tweak[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
      }
    } else {
      tweak = key.subKey("ff3-1-tweak", 7).secret().toByteArray(org.anonkit.key.SecretAccess.get());
    }
    Ff3_1Cipher c = Ff3_1Cipher.create(key, alphabet, tweak);
    return new CipherTransformer(ctx.transformerName(), c, shortValues(p, "fail"), key);
  }

  @Override
  public String apply(CharSequence value) {
    Objects.requireNonNull(value, "value");
    checkLength(value);
    if (value.length() < cipher.minLength()) {
      return shortValue(value);
    }
    return cipher.encrypt(value);
  }

  /**
   * Values longer than {@value ClassCodec#MAX_PART} characters are refused, as the format-aware
   * transformers refuse such parts: FF1's cost grows with the square of the length (a 160,000-digit value
   * took 13 s), so one hostile field could stall a run; no identity is that long.
   */
  private static void checkLength(CharSequence value) {
    if (value.length() > ClassCodec.MAX_PART) {
      throw new InvalidInputException("value of " + value.length() + " characters is longer than the "
          + ClassCodec.MAX_PART + " this format-preserving transformer encrypts");
    }
  }

  @Override
  public String reverse(CharSequence token) {
    Objects.requireNonNull(token, "token");
    checkLength(token);
    if (token.length() < cipher.minLength()) {
      if (shortValues == ClassCodec.ShortValues.HMAC) {
        throw new InvalidInputException("token is shorter than the FPE minimum, so it was tokenized irreversibly"
            + " with HMAC (shortValues: hmac); it cannot be decrypted");
      }
      throw new InvalidInputException("token has " + token.length() + " characters; at least "
          + cipher.minLength() + " are needed");
    }
    return cipher.decrypt(token);
  }

  private String shortValue(CharSequence value) {
    Alphabet a = cipher.alphabet();
    int n = value.length();
    for (int i = 0; i < n; i++) {
      if (!a.contains(value.charAt(i))) {
        throw new InvalidInputException("character at position " + i + " is outside the radix-" + a.radix() + " alphabet");
      }
    }
    if (shortValues == ClassCodec.ShortValues.FAIL) {
      throw new InvalidInputException("value has " + n + " characters; format-preserving encryption with radix "
          + a.radix() + " needs at least " + cipher.minLength()
          + " (radix^minlen >= 1,000,000, NIST SP 800-38G Rev 1); set shortValues to hmac to tokenize such values");
    }
    long[] w = tokens.words(value, n);
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = a.charAt((int) (w[i] % a.radix()));
    }
    return new String(out);
  }

  @Override
  public String toString() {
    return "FpeTransformer{name=" + name + ", radix=" + cipher.alphabet().radix() + ", shortValues=" + shortValues + "}";
  }
}
