package org.anonkit.fpe;

/**
 * A deterministic, length-preserving permutation of the strings of one length over an
 * {@link Alphabet}, keyed and tweaked: NIST SP 800-38G Rev 1 {@link Ff1Cipher FF1} (the default) or
 * {@link Ff3_1Cipher FF3-1} (deprecated, for interoperability).
 *
 * <p><b>Security guarantees.</b> For a secret key, outputs look like random strings of the same length
 * and alphabet; the same input, key and tweak always give the same output, so equal values stay equal
 * (that is the point for joins, and also what an observer sees). Inputs shorter than
 * {@link #minLength()} are refused: SP 800-38G Rev 1 requires radix<sup>minlen</sup> &ge; 1,000,000.
 *
 * <p><b>Errors.</b> Values that are too short, too long or hold characters outside the alphabet raise
 * {@link org.anonkit.InvalidInputException} with the length or the position, never the value.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface FormatPreservingCipher {

  /** The alphabet values are written in. */
  Alphabet alphabet();

  /** The shortest accepted length: the least n with radix<sup>n</sup> &ge; 1,000,000 (at least 2). */
  int minLength();

  /** The longest accepted length. */
  int maxLength();

  /** Encrypts {@code value} with this cipher's tweak. */
  String encrypt(CharSequence value);

  /** Decrypts {@code value} with this cipher's tweak. */
  String decrypt(CharSequence value);

  /** Encrypts numerals {@code x[offset .. offset+length)} (each in [0, radix)) in place. */
  void encrypt(int[] x, int offset, int length);

  /** Decrypts numerals {@code x[offset .. offset+length)} in place. */
  void decrypt(int[] x, int offset, int length);
}
