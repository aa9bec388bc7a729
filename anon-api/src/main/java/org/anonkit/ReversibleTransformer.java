package org.anonkit;

/**
 * A {@link Transformer} that the holder of the key can invert (format-preserving encryption,
 * Crypto-PAn). {@code reverse(apply(x)).equals(x)} holds for every accepted {@code x}.
 *
 * <p>Same thread-safety and determinism contract as {@link Transformer}.
 *
 * <p><b>Warning.</b> Reversibility is a property for the data owner (re-identification after an
 * incident). Anyone holding the key can undo the transformation, so treat the key like the clear data.
 */
public interface ReversibleTransformer extends Transformer {

  /**
   * Returns the clear value that {@link #apply} turned into {@code token}.
   *
   * @throws InvalidInputException if {@code token} could not have been produced by this transformer
   */
  String reverse(CharSequence token);
}
