package org.anonkit.privacy.generalize;

/** Generalizes one value to a level in [1, levels). Immutable and thread-safe. */
interface LevelFunction {

  /** Number of levels including level 0 (the value itself). */
  int levels();

  /**
   * The value generalized to {@code level} (1 &le; level &lt; levels()).
   *
   * @throws org.anonkit.InvalidInputException if the value is outside the function's domain
   */
  String apply(String value, int level);
}
