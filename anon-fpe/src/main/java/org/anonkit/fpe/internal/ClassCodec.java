package org.anonkit.fpe.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.anonkit.InvalidInputException;
import org.anonkit.fpe.Alphabet;
import org.anonkit.fpe.Ff1Cipher;
import org.anonkit.key.DerivedKey;

/**
 * Encrypts a value so that every character keeps its class: digits stay digits, lowercase letters stay
 * lowercase, uppercase stay uppercase, and the configured separators stay where they are.
 *
 * <p><b>Construction.</b> The classed positions define a mixed-radix domain of size
 * N = &prod; r<sub>i</sub> (r = 10 or 26). The value's index in that domain is encrypted with FF1 over
 * radix 2 on L = ceil(log<sub>2</sub> N) bits, cycle-walking (re-encrypting while the result is
 * &ge; N; fewer than 2 encryptions on average), which is a permutation of exactly that domain. The FF1
 * tweak is {@code UTF-8(part) || 0x00 || layout}: the part's name (e.g. {@code email/local}) and the
 * value's layout, one byte per character ({@code 0} for a digit, {@code a} or {@code A} for a lower- or
 * upper-case letter, the separator itself), which the output shows anyway. Without the layout, values
 * differing only in case or separators ({@code john.smith}, {@code JohnSmith}, {@code john_smith}) have
 * the same mixed-radix index and so encrypted to the same letters and digits, cased and punctuated the
 * same way as their inputs: one known pair gave away all its variants, and anyone could tell which
 * outputs were variants of one another. Domains below 1,000,000 (SP 800-38G Rev 1's minimum)
 * are "short values": by policy an error, or an HMAC-SHA256-derived token with the same classes and
 * separators, which is deterministic but <em>irreversible</em> and may collide.
 *
 * <p>Immutable and thread-safe.
 */
final class ClassCodec {
  static final long MIN_DOMAIN = 1_000_000L;

  enum ShortValues {
    HMAC,
    FAIL;

    static ShortValues parse(String s) {
      return s.equals("hmac") ? HMAC : FAIL;
    }
  }

  private final Ff1Cipher binary;
  private final byte[] part;
  private final String separators;
  private final ShortValues shortValues;
  private final ShortTokens tokens;

  /**
   * @param key the transformer's key (32 bytes): FF1 uses it directly; the short-value HMAC a sub-key
   * @param part the name of the value's part, the start of every FF1 tweak and the HMAC context
   */
  ClassCodec(DerivedKey key, String part, String separators, ShortValues shortValues) {
    this.binary = Ff1Cipher.create(key, Alphabet.codeUnits(2));
    this.part = part.getBytes(StandardCharsets.UTF_8);
    this.separators = separators;
    this.shortValues = shortValues;
    this.tokens = new ShortTokens(key, part);
  }

  /** 10 for digits, 26 for ASCII letters, 0 for a separator; throws for anything else. */
  private int radixAt(CharSequence v, int i) {
    char c = v.charAt(i);
    if (c >= '0' && c <= '9') {
      return 10;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      return 26;
    }
    if (separators.indexOf(c) >= 0) {
      return 0;
    }
    throw new InvalidInputException("character at position " + i
        + " is neither an ASCII letter, a digit nor a kept separator");
  }

  private static int digit(char c) {
    return c <= '9' ? c - '0' : c <= 'Z' ? c - 'A' : c - 'a';
  }

  private static char symbol(char like, int d) {
    return like <= '9' ? (char) ('0' + d) : like <= 'Z' ? (char) ('A' + d) : (char) ('a' + d);
  }

  String encrypt(CharSequence v) {
    return crypt(v, true);
  }

  String decrypt(CharSequence v) {
    return crypt(v, false);
  }

  /** Whether {@code v} is too short for FPE, i.e. handled by the short-value policy. */
  boolean isShort(CharSequence v) {
    BigInteger n = BigInteger.ONE;
    for (int i = 0; i < v.length(); i++) {
      int r = radixAt(v, i);
      if (r != 0) {
        n = n.multiply(BigInteger.valueOf(r));
        if (n.compareTo(BigInteger.valueOf(MIN_DOMAIN)) >= 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The longest part encrypted (a DNS label has at most 63 characters, an e-mail local part 64, a DN
   * attribute value a few hundred): a part's mixed-radix number costs time quadratic in its length, so a
   * hostile 160,000-character local part took two minutes; such values are rejected at once instead.
   */
  static final int MAX_PART = 1024;

  private String crypt(CharSequence v, boolean encrypt) {
    int len = v.length();
    if (len > MAX_PART) {
      throw new InvalidInputException("value part of " + len + " characters is longer than the " + MAX_PART
          + " this format-preserving transformer encrypts");
    }
    int[] radix = new int[len];
    // the FF1 tweak: part || 0x00 || layout (see the class comment)
    byte[] tweak = Arrays.copyOf(part, part.length + 1 + len);
    long prod = 1;
    boolean big = false;
    BigInteger bigProd = null;
    for (int i = 0; i < len; i++) {
      int r = radixAt(v, i);
      radix[i] = r;
      char c = v.charAt(i);
      tweak[part.length + 1 + i] = (byte) (r == 0 ? c : r == 10 ? '0' : c <= 'Z' ? 'A' : 'a');
      if (r == 0) {
        continue;
      }
      if (!big && prod > (Long.MAX_VALUE >> 6) / r) {
        big = true;
        bigProd = BigInteger.valueOf(prod);
      }
      if (big) {
        bigProd = bigProd.multiply(BigInteger.valueOf(r));
      } else {
        prod *= r;
      }
    }
    if (!big && prod < MIN_DOMAIN) {
      if (shortValues == ShortValues.FAIL) {
        throw new InvalidInputException("value has too few letters and digits for format-preserving encryption"
            + " (domain " + prod + " < 1,000,000, NIST SP 800-38G Rev 1); set shortValues to hmac to tokenize such values");
      }
      if (!encrypt) {
        throw new InvalidInputException("value is in the short-value domain, which is tokenized irreversibly"
            + " with HMAC (shortValues: hmac); it cannot be decrypted");
      }
      return hmacToken(v, radix);
    }
    char[] out = new char[len];
    if (!big) {
      long x = 0;
      for (int i = 0; i < len; i++) {
        if (radix[i] != 0) {
          x = x * radix[i] + digit(v.charAt(i));
        }
      }
      int bits = 64 - Long.numberOfLeadingZeros(prod - 1);
      int[] num = new int[bits];
      do {
        for (int i = bits - 1; i >= 0; i--) {
          num[i] = (int) (x & 1);
          x >>>= 1;
        }
        if (encrypt) {
          binary.encrypt(num, 0, bits, tweak);
        } else {
          binary.decrypt(num, 0, bits, tweak);
        }
        for (int i = 0; i < bits; i++) {
          x = (x << 1) | num[i];
        }
      } while (x >= prod);
      for (int i = len - 1; i >= 0; i--) {
        char c = v.charAt(i);
        if (radix[i] == 0) {
          out[i] = c;
        } else {
          out[i] = symbol(c, (int) (x % radix[i]));
          x /= radix[i];
        }
      }
    } else {
      BigInteger x = BigInteger.ZERO;
      for (int i = 0; i < len; i++) {
        if (radix[i] != 0) {
          x = x.multiply(BigInteger.valueOf(radix[i])).add(BigInteger.valueOf(digit(v.charAt(i))));
        }
      }
      int bits = bigProd.subtract(BigInteger.ONE).bitLength();
      int[] num = new int[bits];
      do {
        for (int i = 0; i < bits; i++) {
          num[i] = x.testBit(bits - 1 - i) ? 1 : 0;
        }
        if (encrypt) {
          binary.encrypt(num, 0, bits, tweak);
        } else {
          binary.decrypt(num, 0, bits, tweak);
        }
        x = BigInteger.ZERO;
        for (int i = 0; i < bits; i++) {
          x = x.shiftLeft(1).or(BigInteger.valueOf(num[i]));
        }
      } while (x.compareTo(bigProd) >= 0);
      for (int i = len - 1; i >= 0; i--) {
        char c = v.charAt(i);
        if (radix[i] == 0) {
          out[i] = c;
        } else {
          BigInteger[] qr = x.divideAndRemainder(BigInteger.valueOf(radix[i]));
          out[i] = symbol(c, qr[1].intValue());
          x = qr[0];
        }
      }
    }
    return new String(out);
  }

  private String hmacToken(CharSequence v, int[] radix) {
    long[] w = tokens.words(v, v.length());
    char[] out = new char[v.length()];
    for (int i = 0; i < out.length; i++) {
      char c = v.charAt(i);
      out[i] = radix[i] == 0 ? c : symbol(c, (int) (w[i] % radix[i]));
    }
    return new String(out);
  }

  @Override
  public String toString() {
    return "ClassCodec{shortValues=" + shortValues + "}";
  }
}
