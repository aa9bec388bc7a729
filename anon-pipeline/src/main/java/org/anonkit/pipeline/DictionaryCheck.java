package org.anonkit.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.anonkit.FieldRule;
import org.anonkit.Policy;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.scrub.ScrubTextProvider;

/**
 * Whether a supplied scrub dictionary holds every name the dictionary first pass would collect from a
 * record: the names {@link PolicyModes#namesFrom} extracts from the record's dictionary fields (matched
 * case-insensitively, {@link FieldKind#STRING} values only, the section's {@code minLength}), each of
 * which must be a word of the dictionary {@code scrub-text} builds from the supplied list (a supplied
 * name in its canonical spelling, {@link ScrubTextProvider#foldName}) unless no {@code scrub-text} rule would keep it as a word anyway
 * (shorter than every rule's {@code minNameLength}). Used by single-pass runs to verify, record by
 * record, that skipping the first pass changes nothing, and by their fallback to count the records that
 * name users missing from the list.
 *
 * <p>Immutable and thread-safe; each {@link Verifier} is not thread-safe (one per worker).
 */
final class DictionaryCheck {
  /** Distinct values (and field names) a verifier remembers before it starts over. */
  static final int MEMO_ENTRIES = 1 << 16;

  private final List<String> fields;
  private final int minLength;
  private final Set<String> words;
  private final int shortestWord;

  private DictionaryCheck(List<String> fields, int minLength, Set<String> words, int shortestWord) {
    this.fields = fields;
    this.minLength = minLength;
    this.words = words;
    this.shortestWord = shortestWord;
  }

  /**
   * The check for {@code supplied} names against the dictionary section of {@code policy} (as written),
   * with the {@code scrub-text} rules of {@code prepared} (the policy the run compiles).
   */
  static DictionaryCheck of(Policy policy, Policy prepared, Collection<String> supplied) {
    List<String> fields = List.copyOf(PolicyModes.dictionaryFields(policy));
    int minLength = policy.extension("dictionary").getInt("minLength", 3, 1, 64);
    Set<String> words = new HashSet<>();
    for (String n : supplied) {
      words.add(ScrubTextProvider.foldName(n)); // as NameDictionary reads its names
    }
    int shortest = Integer.MAX_VALUE;
    List<FieldRule> rules = new ArrayList<>(prepared.rules());
    rules.add(prepared.defaultRule());
    for (FieldRule r : rules) {
      if (r.action() == FieldRule.Action.TRANSFORM && ScrubTextProvider.NAME.equals(r.transformer())) {
        shortest = Math.min(shortest, r.parameters().getInt("minNameLength", 3, 1, 64));
      }
    }
    return new DictionaryCheck(fields, minLength, Set.copyOf(words), shortest);
  }

  /** Whether {@code name} (as {@link PolicyModes#namesFrom} gives it) is in the dictionary or never a word. */
  boolean covers(String name) {
    return name.length() < shortestWord || words.contains(name);
  }

  Verifier newVerifier() {
    return new Verifier();
  }

  @Override
  public String toString() {
    return "DictionaryCheck{fields=" + fields + ", words=" + words.size() + "}";
  }

  /** One worker's memo of field names and values already checked (bounded). Not thread-safe. */
  final class Verifier {
    private final Map<String, Boolean> isDictionaryField = new HashMap<>();
    private final Map<String, Boolean> valueCovered = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private String lastCovered; // the last value found covered, in any dictionary field

    /** Whether every name the record's dictionary fields hold is covered. Reads the record only. */
    boolean covers(FieldRecord r) {
      for (int i = 0; i < r.size(); i++) {
        if (r.kind(i) != FieldKind.STRING || !isDictionaryField(r.name(i))) {
          continue;
        }
        String value = r.text(i);
        if (value.equals(lastCovered)) {
          continue; // the previous covered value again (a cluster's records repeat it): no hashing
        }
        Boolean ok = valueCovered.get(value);
        if (ok == null) {
          ok = check(value);
          if (valueCovered.size() >= MEMO_ENTRIES) {
            valueCovered.clear();
          }
          valueCovered.put(value, ok);
        }
        if (!ok) {
          return false;
        }
        lastCovered = value;
      }
      return true;
    }

    private boolean isDictionaryField(String field) {
      Boolean d = isDictionaryField.get(field);
      if (d == null) {
        d = fields.contains(field.toLowerCase(Locale.ROOT));
        if (isDictionaryField.size() >= MEMO_ENTRIES) {
          isDictionaryField.clear();
        }
        isDictionaryField.put(field, d);
      }
      return d;
    }

    private boolean check(String value) {
      names.clear();
      PolicyModes.namesFrom(value, names, minLength);
      for (String n : names) {
        if (!DictionaryCheck.this.covers(n)) {
          return false;
        }
      }
      return true;
    }
  }
}
