package org.anonkit.benchmarks.fpe;

import java.util.SplittableRandom;
import org.anonkit.fpe.Alphabet;

/**
 * The FPE benchmarks' inputs: random values of one length over an alphabet, as strings (AnonKit's
 * input) and as numeral arrays (BouncyCastle's), drawn from a seeded generator. Immutable.
 */
final class Numerals {
  final String[] values;
  final byte[][] numerals;
  private final Alphabet alphabet;

  Numerals(SplittableRandom rnd, Alphabet alphabet, int radix, int length, int count) {
    this.alphabet = alphabet;
    values = new String[count];
    numerals = new byte[count][length];
    for (int i = 0; i < count; i++) {
      char[] c = new char[length];
      for (int j = 0; j < length; j++) {
        int d = rnd.nextInt(radix);
        numerals[i][j] = (byte) d;
        c[j] = alphabet.charAt(d);
      }
      values[i] = new String(c);
    }
  }

  /** BouncyCastle's output numerals as the string AnonKit returns for the same value. */
  String text(byte[] numerals) {
    char[] c = new char[numerals.length];
    for (int j = 0; j < c.length; j++) {
      c[j] = alphabet.charAt(numerals[j]);
    }
    return new String(c);
  }
}
