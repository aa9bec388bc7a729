package org.anonkit.fpe;

import java.util.Arrays;
import java.util.Objects;
import org.anonkit.InvalidInputException;

/**
 * The characters a format-preserving cipher works on, with their numeral values: character
 * {@code charAt(i)} is numeral {@code i}, so the radix is the number of characters (2 to 65,536).
 *
 * <p>Predefined alphabets follow the conventions of the NIST samples (numerals 0–9 then a–z), so
 * {@code alphanumeric()} with radix 36 reproduces NIST FF1 sample 3.
 *
 * <p>Immutable and thread-safe. {@link #toString()} prints the radix only.
 */
public final class Alphabet {
  private static final String DIGITS = "0123456789";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private static final Alphabet DIGITS_ALPHABET = new Alphabet(DIGITS.toCharArray());
  private static final Alphabet LOWER_ALPHABET = new Alphabet(LOWER.toCharArray());
  private static final Alphabet UPPER_ALPHABET = new Alphabet(UPPER.toCharArray());
  private static final Alphabet ALNUM36 = new Alphabet((DIGITS + LOWER).toCharArray());
  private static final Alphabet ALNUM62 = new Alphabet((DIGITS + UPPER + LOWER).toCharArray());
  private static final Alphabet HEX = new Alphabet("0123456789abcdef".toCharArray());

  private final char[] chars;
  /** char value -> numeral + 1; 0 means "not in the alphabet". Sized to the largest char + 1. */
  private final int[] index;

  private Alphabet(char[] chars) {
    this.chars = chars;
    int max = 0;
    for (char c : chars) {
      max = Math.max(max, c);
    }
    this.index = new int[max + 1];
    for (int i = 0; i < chars.length; i++) {
      if (index[chars[i]] != 0) {
        throw new IllegalArgumentException("alphabet has a repeated character at position " + i);
      }
      index[chars[i]] = i + 1;
    }
  }

  /** {@code 0-9}, radix 10. */
  public static Alphabet digits() {
    return DIGITS_ALPHABET;
  }

  /** {@code a-z}, radix 26. */
  public static Alphabet lowercase() {
    return LOWER_ALPHABET;
  }

  /** {@code A-Z}, radix 26. */
  public static Alphabet uppercase() {
    return UPPER_ALPHABET;
  }

  /** {@code 0-9a-z}, radix 36 (the NIST samples' convention). */
  public static Alphabet alphanumeric() {
    return ALNUM36;
  }

  /** {@code 0-9A-Za-z}, radix 62. */
  public static Alphabet alphanumericMixedCase() {
    return ALNUM62;
  }

  /** {@code 0-9a-f}, radix 16. */
  public static Alphabet hex() {
    return HEX;
  }

  /**
   * The first {@code radix} characters of {@code 0-9a-z} (radix 2 to 36), the convention of the NIST
   * samples and of {@code --radix} on the command line.
   */
  public static Alphabet ofRadix(int radix) {
    if (radix < 2 || radix > 36) {
      throw new IllegalArgumentException("radix for the 0-9a-z alphabet must be in [2, 36], got " + radix
          + "; give the characters explicitly for larger radixes");
    }
    return radix == 36 ? ALNUM36 : radix == 10 ? DIGITS_ALPHABET : new Alphabet((DIGITS + LOWER).substring(0, radix).toCharArray());
  }

  /**
   * The UTF-16 code units {@code 0 .. radix-1} as numerals (numeral {@code i} is {@code (char) i}), for
   * radixes up to 65,536 where no printable alphabet exists; the strings may hold unpaired surrogates.
   */
  public static Alphabet codeUnits(int radix) {
    if (radix < 2 || radix > 65536) {
      throw new IllegalArgumentException("radix must be in [2, 65536], got " + radix);
    }
    char[] c = new char[radix];
    for (int i = 0; i < radix; i++) {
      c[i] = (char) i;
    }
    return new Alphabet(c);
  }

  /**
   * An alphabet of the given distinct characters, in numeral order.
   *
   * @throws IllegalArgumentException if fewer than 2 or more than 65,536 characters, or one repeats
   */
  public static Alphabet of(CharSequence characters) {
    Objects.requireNonNull(characters, "characters");
    int n = characters.length();
    if (n < 2 || n > 65536) {
      throw new IllegalArgumentException("an alphabet needs 2 to 65536 distinct characters, got " + n);
    }
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = characters.charAt(i);
    }
    return new Alphabet(c);
  }

  /** The number of characters. */
  public int radix() {
    return chars.length;
  }

  /** The character of numeral {@code numeral}. */
  public char charAt(int numeral) {
    return chars[numeral];
  }

  /** The numeral of {@code c}, or -1 if {@code c} is not in this alphabet. */
  public int indexOf(char c) {
    return c < index.length ? index[c] - 1 : -1;
  }

  /** Whether {@code c} is in this alphabet. */
  public boolean contains(char c) {
    return indexOf(c) >= 0;
  }

  /** The characters, in numeral order. */
  public String characters() {
    return new String(chars);
  }

  /**
   * Writes the numerals of {@code value} into {@code out[0..length)}.
   *
   * @throws InvalidInputException naming the position (never the character) of the first character
   *     outside the alphabet
   */
  void toNumerals(CharSequence value, int[] out) {
    int n = value.length();
    int[] idx = index;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      int v = c < idx.length ? idx[c] - 1 : -1;
      if (v < 0) {
        throw new InvalidInputException("character at position " + i + " is outside the radix-"
            + chars.length + " alphabet");
      }
      out[i] = v;
    }
  }

  String fromNumerals(int[] numerals, int length, char[] scratch) {
    for (int i = 0; i < length; i++) {
      scratch[i] = chars[numerals[i]];
    }
    return new String(scratch, 0, length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Alphabet && Arrays.equals(chars, ((Alphabet) o).chars);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(chars);
  }

  @Override
  public String toString() {
    return "Alphabet{radix=" + chars.length + "}";
  }
}
