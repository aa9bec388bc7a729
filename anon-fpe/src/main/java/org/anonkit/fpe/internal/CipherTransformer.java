package org.anonkit.fpe.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
 *
 * <p><b>Parameters</b> of {@code ff1} and {@code ff3-1} (a policy rule's {@code params}):
 * <ul>
 *   <li>{@code alphabet} ({@code digits}, the default, {@code lowercase}, {@code uppercase},
 *       {@code alphanumeric} = {@code 0-9a-z}, {@code alphanumeric-mixed}, {@code hex}), or {@code chars}
 *       (the alphabet's characters in numeral order), or {@code radix} (2 to 36 over {@code 0-9a-z}):
 *       exactly one of the three.
 *   <li>{@code tweak}: for {@code ff1} text whose UTF-8 bytes are the tweak (at most 4,096 bytes; at
 *       most {@value #MAX_TWEAK_WITH_SEPARATORS} with {@code separators}); for {@code ff3-1} 14
 *       hexadecimal digits (default: derived from the key).
 *   <li>{@code shortValues}: {@code fail} (the default) or {@code hmac}; see below.
 *   <li>{@code separators}: printable ASCII characters (U+0020 to U+007E) outside the alphabet that are
 *       kept where they are, e.g. {@code "._-"} for user names such as {@code jane.doe},
 *       {@code cms_prod} or {@code j-doe}; default none. The value's other characters (each in the
 *       alphabet) are encrypted together as one string: {@code jane.doe} becomes {@code xxxx.yyy}, its
 *       seven letters one FF1 input. A value without any separator is encrypted exactly as without
 *       this parameter (same token). A value with one is encrypted under a tweak that holds its
 *       <em>layout</em>: for {@code ff1} the configured tweak, a 0x00 byte and one byte per character
 *       of the value (the separator itself, or 0x00 for an encrypted character); for {@code ff3-1},
 *       whose tweak has 56 bits, the first 7 bytes of SHA-256 over the configured (or derived) tweak,
 *       0x00 and that layout. The layout is public anyway (the output shows the separators where they
 *       were), and without it {@code jane.doe}, {@code janed.oe} and {@code jane_doe} would encrypt
 *       their letters alike: one known pair would give away all its variants (as in
 *       {@link ClassCodec}). The domain is the radix to the number of non-separator characters; a
 *       value with fewer than the cipher's minimum (a value of separators only, {@code a.b}) is a
 *       short value. A separator that is also in the alphabet is refused.
 * </ul>
 */
final class CipherTransformer implements ReversibleTransformer {
  /**
   * The longest {@code ff1} tweak with {@code separators}: the layout ({@value ClassCodec#MAX_PART}
   * bytes at most) and its 0x00 are appended, and FF1 takes at most {@value Ff1Cipher#MAX_TWEAK_LENGTH}.
   */
  static final int MAX_TWEAK_WITH_SEPARATORS = Ff1Cipher.MAX_TWEAK_LENGTH - 1 - ClassCodec.MAX_PART;

  /** The cipher under a tweak that holds a value's layout (see the class comment). */
  @FunctionalInterface
  private interface LayoutCipher {
    String crypt(String kept, byte[] layout, boolean encrypt);
  }

  private final FormatPreservingCipher cipher;
  private final ClassCodec.ShortValues shortValues;
  private final ShortTokens tokens;
  private final String name;
  /** The kept separators; empty for none. */
  private final String separators;
  /** Null when {@link #separators} is empty. */
  private final LayoutCipher layoutCipher;

  CipherTransformer(String name, FormatPreservingCipher cipher, ClassCodec.ShortValues shortValues, DerivedKey key) {
    this(name, cipher, shortValues, key, "", null);
  }

  private CipherTransformer(String name, FormatPreservingCipher cipher, ClassCodec.ShortValues shortValues,
      DerivedKey key, String separators, LayoutCipher layoutCipher) {
    this.name = name;
    this.cipher = cipher;
    this.shortValues = shortValues;
    this.tokens = new ShortTokens(key, name);
    this.separators = separators;
    this.layoutCipher = separators.isEmpty() ? null : layoutCipher;
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

  /**
   * The {@code separators} parameter: "" when absent; each character printable ASCII, outside the
   * alphabet, given once.
   */
  static String separators(Parameters p, Alphabet alphabet) {
    String s = p.getString("separators", "");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new PolicyException(p.pathOf("separators"), "character " + (i + 1)
            + " is not printable ASCII (U+0020 to U+007E); separators must be");
      }
      if (alphabet.contains(c)) {
        throw new PolicyException(p.pathOf("separators"), "'" + c
            + "' is in the alphabet, so it cannot be a kept separator");
      }
      if (s.indexOf(c) != i) {
        throw new PolicyException(p.pathOf("separators"), "'" + c + "' is given twice");
      }
    }
    return s;
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
    String separators = separators(p, alphabet);
    if (!separators.isEmpty() && tweak.length > MAX_TWEAK_WITH_SEPARATORS) {
      throw new PolicyException(p.pathOf("tweak"), "at most " + MAX_TWEAK_WITH_SEPARATORS
          + " bytes with 'separators' (the value's layout is appended to it)");
    }
    LayoutCipher lc = (kept, layout, encrypt) -> {
      byte[] t = Arrays.copyOf(tweak, tweak.length + 1 + layout.length);
      System.arraycopy(layout, 0, t, tweak.length + 1, layout.length);
      return encrypt ? c.encrypt(kept, t) : c.decrypt(kept, t);
    };
    return new CipherTransformer(ctx.transformerName(), c, shortValues(p, defaultShort), key, separators, lc);
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
    byte[] base = tweak.clone();
    LayoutCipher lc = (kept, layout, encrypt) -> {
      MessageDigest md = sha256();
      md.update(base);
      md.update((byte) 0);
      md.update(layout);
      Ff3_1Cipher t = c.withTweak(Arrays.copyOf(md.digest(), Ff3_1Cipher.TWEAK_LENGTH));
      return encrypt ? t.encrypt(kept) : t.decrypt(kept);
    };
    return new CipherTransformer(ctx.transformerName(), c, shortValues(p, "fail"), key, separators(p, alphabet), lc);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String apply(CharSequence value) {
    Objects.requireNonNull(value, "value");
    checkLength(value);
    if (layoutCipher != null && hasSeparator(value)) {
      return withSeparators(value, true);
    }
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
    if (layoutCipher != null && hasSeparator(token)) {
      return withSeparators(token, false);
    }
    if (token.length() < cipher.minLength()) {
      throw shortToken(token.length(), "");
    }
    return cipher.decrypt(token);
  }

  private InvalidInputException shortToken(int n, String besides) {
    if (shortValues == ClassCodec.ShortValues.HMAC) {
      return new InvalidInputException("token is shorter than the FPE minimum, so it was tokenized irreversibly"
          + " with HMAC (shortValues: hmac); it cannot be decrypted");
    }
    return new InvalidInputException("token has " + n + " characters" + besides + "; at least "
        + cipher.minLength() + " are needed");
  }

  private boolean hasSeparator(CharSequence v) {
    for (int i = 0; i < v.length(); i++) {
      if (separators.indexOf(v.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * A value (or token) holding at least one kept separator: its other characters, in the alphabet,
   * encrypted (or decrypted) together under the layout's tweak and put back between the separators.
   */
  private String withSeparators(CharSequence v, boolean encrypt) {
    Alphabet a = cipher.alphabet();
    int len = v.length();
    byte[] layout = new byte[len];
    char[] kept = new char[len];
    int k = 0;
    for (int i = 0; i < len; i++) {
      char c = v.charAt(i);
      if (separators.indexOf(c) >= 0) {
        layout[i] = (byte) c;
      } else if (a.contains(c)) {
        kept[k++] = c;
      } else {
        throw new InvalidInputException("character at position " + i + " is outside the radix-" + a.radix()
            + " alphabet and not a kept separator");
      }
    }
    String besides = " besides its separators";
    if (k < cipher.minLength()) {
      if (!encrypt) {
        throw shortToken(k, besides);
      }
      if (shortValues == ClassCodec.ShortValues.FAIL) {
        throw new InvalidInputException("value has " + k + " characters" + besides + "; format-preserving"
            + " encryption with radix " + a.radix() + " needs at least " + cipher.minLength()
            + " (radix^minlen >= 1,000,000, NIST SP 800-38G Rev 1); set shortValues to hmac to tokenize such values");
      }
      // HMAC over the whole value, separators included; they stay in place
      long[] w = tokens.words(v, len);
      char[] out = new char[len];
      for (int i = 0; i < len; i++) {
        char c = v.charAt(i);
        out[i] = layout[i] != 0 ? c : a.charAt((int) (w[i] % a.radix()));
      }
      return new String(out);
    }
    String done = layoutCipher.crypt(new String(kept, 0, k), layout, encrypt);
    char[] out = new char[len];
    for (int i = 0, j = 0; i < len; i++) {
      out[i] = layout[i] != 0 ? v.charAt(i) : done.charAt(j++);
    }
    return new String(out);
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
    return "FpeTransformer{name=" + name + ", radix=" + cipher.alphabet().radix() + ", shortValues=" + shortValues
        + (separators.isEmpty() ? "" : ", separators=" + separators) + "}";
  }
}
