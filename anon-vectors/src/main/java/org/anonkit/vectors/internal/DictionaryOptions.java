package org.anonkit.vectors.internal;

import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;

/**
 * The dictionary parameters shared by {@code categorical}, {@code multi-hot} and {@code one-hot}:
 * {@code order} ({@code first-seen} default, or {@code sorted}), {@code vocabulary} (a fixed list;
 * codes follow it), {@code unknown} ({@code fail} default, or {@code missing}: what a value outside the
 * vocabulary does) and {@code max-size} (default 16,777,216 distinct values). Immutable.
 */
final class DictionaryOptions {
  static final String[] NAMES = {"order", "vocabulary", "unknown", "max-size"};

  final boolean sorted;
  final List<String> vocabulary;
  final boolean unknownMissing;
  final int maxSize;

  DictionaryOptions(Parameters p) {
    this.sorted = p.getChoice("order", "first-seen", "first-seen", "sorted").equals("sorted");
    this.vocabulary = p.getStringList("vocabulary");
    this.unknownMissing = p.getChoice("unknown", "fail", "fail", "missing").equals("missing");
    this.maxSize = p.getInt("max-size", 1 << 24, 1, Integer.MAX_VALUE - 8);
    if (p.has("vocabulary") && vocabulary.isEmpty()) {
      throw new PolicyException(p.pathOf("vocabulary"), "a vocabulary needs at least one value");
    }
    if (p.has("vocabulary") && sorted) {
      throw new PolicyException(p.pathOf("order"), "a fixed vocabulary keeps its own order; drop 'order'");
    }
    if (!p.has("vocabulary") && p.has("unknown")) {
      throw new PolicyException(p.pathOf("unknown"), "'unknown' applies only with a fixed 'vocabulary'");
    }
  }

  Dictionary newDictionary() {
    if (!vocabulary.isEmpty()) {
      try {
        return new Dictionary(vocabulary);
      } catch (IllegalArgumentException e) {
        throw new PolicyException(null, "vocabulary: " + e.getMessage());
      }
    }
    return new Dictionary(maxSize);
  }

  static InvalidInputException unknown(CharSequence value) {
    return new InvalidInputException("value (length " + value.length()
        + ") is not in the fixed vocabulary; add it or set \"unknown\": \"missing\"");
  }
}
