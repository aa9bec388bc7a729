package org.anonkit.fpe.internal;

import java.util.Objects;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.ReversibleTransformer;
import org.anonkit.fpe.Alphabet;
import org.anonkit.fpe.Ff1Cipher;
import org.anonkit.key.DerivedKey;
import org.anonkit.spi.TransformerContext;

/**
 * Phone numbers: the digits are encrypted together with FF1 (radix 10); {@code +}, spaces, dashes,
 * dots and parentheses stay where they are; the country code after a leading {@code +} is kept
 * ({@code keepCountryCode}, default true): its length is {@code countryCodeLength} if given, else the
 * digits before the first separator when there are at most 3 of them, else none is kept. Immutable and
 * thread-safe.
 */
final class PhoneTransformer implements ReversibleTransformer {
  private static final String SEPARATORS = "+ -.()";

  private final CipherTransformer digits;
  private final boolean keepCountryCode;
  private final int countryCodeLength;

  private PhoneTransformer(CipherTransformer digits, boolean keepCountryCode, int countryCodeLength) {
    this.digits = digits;
    this.keepCountryCode = keepCountryCode;
    this.countryCodeLength = countryCodeLength;
  }

  static PhoneTransformer create(TransformerContext ctx) {
    Parameters p = ctx.parameters().requireOnly("transformer 'phone'", "keepCountryCode", "countryCodeLength", "shortValues");
    boolean keep = p.getBoolean("keepCountryCode", true);
    int ccLen = p.getInt("countryCodeLength", 0, 1, 3);
    DerivedKey key = ctx.key();
    Ff1Cipher c = Ff1Cipher.create(key, Alphabet.digits()).withTweak("phone/digits".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new PhoneTransformer(new CipherTransformer("phone", c, CipherTransformer.shortValues(p, "hmac"), key), keep, ccLen);
  }

  @Override
  public String apply(CharSequence value) {
    return crypt(value, true);
  }

  @Override
  public String reverse(CharSequence token) {
    return crypt(token, false);
  }

  private String crypt(CharSequence value, boolean encrypt) {
    String v = Objects.requireNonNull(value, "value").toString();
    int n = v.length();
    int start = 0; // first digit position that is encrypted
    int plus = v.indexOf('+');
    if (plus >= 0) {
      for (int i = 0; i < plus; i++) {
        if (v.charAt(i) != ' ' && v.charAt(i) != '(') {
          throw new InvalidInputException("'+' may only start a phone number (position " + plus + ")");
        }
      }
      if (v.indexOf('+', plus + 1) >= 0) {
        throw new InvalidInputException("phone number has more than one '+'");
      }
      start = plus + 1;
      if (keepCountryCode) {
        int run = 0;
        while (start + run < n && Character.isDigit(v.charAt(start + run)) && v.charAt(start + run) <= '9') {
          run++;
        }
        int cc = countryCodeLength > 0 ? Math.min(countryCodeLength, run) : run <= 3 && start + run < n ? run : 0;
        start += cc;
      }
    }
    StringBuilder d = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        if (i >= start) {
          d.append(c);
        }
      } else if (SEPARATORS.indexOf(c) < 0) {
        throw new InvalidInputException("character at position " + i + " is not a digit, '+', space, '-', '.' or parenthesis");
      }
    }
    if (d.length() == 0) {
      throw new InvalidInputException("phone number has no digits to encrypt");
    }
    String t = encrypt ? digits.apply(d) : digits.reverse(d);
    char[] out = v.toCharArray();
    int k = 0;
    for (int i = start; i < n; i++) {
      if (out[i] >= '0' && out[i] <= '9') {
        out[i] = t.charAt(k++);
      }
    }
    return new String(out);
  }

  @Override
  public String toString() {
    return "PhoneTransformer{keepCountryCode=" + keepCountryCode + "}";
  }
}
