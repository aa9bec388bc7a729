package org.anonkit.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.anonkit.FieldRule;
import org.anonkit.Policy;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.scrub.ScrubTextProvider;

/**
 * Whether a supplied scrub dictionary holds every name the dictionary first pass would collect from a
 * record: the names {@link ScrubDictionary#namesFrom(String, String, Collection)} extracts from the
 * record's dictionary fields, identity and container image fields alike (matched case-insensitively,
 * {@link FieldKind#STRING} values only, the section's {@code minLength}), each of
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

  private final ScrubDictionary dictionary;
  private final Set<String> words;
  private final int shortestWord;

  private DictionaryCheck(ScrubDictionary dictionary, Set<String> words, int shortestWord) {
    this.dictionary = dictionary;
    this.words = words;
    this.shortestWord = shortestWord;
  }

  /**
   * The check for {@code supplied} names against the dictionary section of {@code policy} (as written),
   * with the {@code scrub-text} rules of {@code prepared} (the policy the run compiles in {@code mode}).
   */
  static DictionaryCheck of(Policy policy, String mode, Policy prepared, Collection<String> supplied) {
    ScrubDictionary dictionary = ScrubDictionary.of(policy, mode);
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
    return new DictionaryCheck(dictionary, Set.copyOf(words), shortest);
  }

  /** Whether {@code name} (as {@link ScrubDictionary} gives it) is in the dictionary or never a word. */
  boolean covers(String name) {
    return name.length() < shortestWord || words.contains(name);
  }

  Verifier newVerifier() {
    return new Verifier();
  }

  @Override
  public String toString() {
    return "DictionaryCheck{fields=" + dictionary.fields() + ", words=" + words.size() + "}";
  }

  /** One worker's memo of field names and values already checked (bounded). Not thread-safe. */
  final class Verifier {
    // per field name: null if it feeds no name, else the memo of its values: identity fields read a
    // value alike and share one memo; an image field (which reads it as a reference) has its own
    private final Map<String, Map<String, Boolean>> memoOf = new HashMap<>();
    private final Map<String, Boolean> identityCovered = new HashMap<>();
    private final Map<String, Boolean> none = Map.of();
    private final List<String> names = new ArrayList<>();
    private String lastCovered; // the last value found covered, and its field
    private String lastField;

    /** Whether every name the record's dictionary fields hold is covered. Reads the record only. */
    boolean covers(FieldRecord r) {
      for (int i = 0; i < r.size(); i++) {
        if (r.kind(i) != FieldKind.STRING) {
          continue;
        }
        Map<String, Boolean> memo = memoOf(r.name(i));
        if (memo == none) {
          continue;
        }
        String value = r.text(i);
        if (value.equals(lastCovered) && r.name(i).equals(lastField)) {
          continue; // the previous covered value again (a cluster's records repeat it): no hashing
        }
        Boolean ok = memo.get(value);
        if (ok == null) {
          ok = check(r.name(i), value);
          if (memo.size() >= MEMO_ENTRIES) {
            memo.clear();
          }
          memo.put(value, ok);
        }
        if (!ok) {
          return false;
        }
        lastCovered = value;
        lastField = r.name(i);
      }
      return true;
    }

    private Map<String, Boolean> memoOf(String field) {
      Map<String, Boolean> m = memoOf.get(field);
      if (m == null) {
        m = !dictionary.feeds(field) ? none
            : dictionary.readsAsImage(field) ? new HashMap<>() : identityCovered;
        if (memoOf.size() >= MEMO_ENTRIES) {
          memoOf.clear(); // field names: a bounded number in any sane input
        }
        memoOf.put(field, m);
      }
      return m;
    }

    private boolean check(String field, String value) {
      names.clear();
      dictionary.namesFrom(field, value, names);
      for (String n : names) {
        if (!DictionaryCheck.this.covers(n)) {
          return false;
        }
      }
      return true;
    }
  }
}
