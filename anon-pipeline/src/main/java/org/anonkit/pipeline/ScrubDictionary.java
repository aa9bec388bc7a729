package org.anonkit.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.anonkit.Policy;
import org.anonkit.pipeline.io.FieldKind;
import org.anonkit.pipeline.io.FieldRecord;
import org.anonkit.pipeline.io.MalformedRecord;
import org.anonkit.pipeline.io.RecordHandler;
import org.anonkit.pipeline.io.RecordInput;

/**
 * The {@code scrub-text} dictionary's first pass as a policy defines it (its {@code dictionary}
 * section): which identity fields feed it, which user names a value of such a field contributes, and
 * whether the policy needs the pass at all. {@link Pipeline} collects the names this way before any
 * record is anonymized; another engine (the Spark integration) collects the same set with this type and
 * hands it to {@link Pipeline#resolvePolicy}, so both produce the same tokens in free text.
 *
 * <p>Only values of {@link org.anonkit.pipeline.io.FieldKind#STRING} kind feed the dictionary.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScrubDictionary {
  private static final int SEEN_MAX = 1 << 16;

  private final List<String> fields;
  private final int minLength;
  private final boolean needed;

  private ScrubDictionary(List<String> fields, int minLength, boolean needed) {
    this.fields = fields;
    this.minLength = minLength;
    this.needed = needed;
  }

  /**
   * The dictionary section of {@code policy} (the policy as written, before {@link Pipeline#resolvePolicy}).
   *
   * @throws org.anonkit.PolicyException if {@code minLength} is outside [1, 64]
   */
  public static ScrubDictionary of(Policy policy) {
    List<String> fields = List.copyOf(PolicyModes.dictionaryFields(policy));
    int minLength = policy.extension("dictionary").getInt("minLength", 3, 1, 64);
    return new ScrubDictionary(fields, minLength, !fields.isEmpty() && Pipeline.usesScrub(policy));
  }

  /** Whether the policy needs the pass: it uses {@code scrub-text} and names dictionary fields. */
  public boolean needed() {
    return needed;
  }

  /** The identity fields that feed the dictionary, lower-cased (field names match case-insensitively). */
  public List<String> fields() {
    return fields;
  }

  /** Whether {@code field} feeds the dictionary (case-insensitive). */
  public boolean feeds(String field) {
    return fields.contains(field.toLowerCase(Locale.ROOT));
  }

  /** The shortest name kept (the section's {@code minLength}, default 3). */
  public int minLength() {
    return minLength;
  }

  /**
   * Adds to {@code out} the user names a value of a dictionary field contributes: the value itself
   * for a plain name, the local part of an e-mail address, the {@code UID:}/{@code UID=} parts and full
   * names ({@code CN=}) of a DN; case-folded as {@code scrub-text} compares names (each code point
   * {@code c} as {@code Character.toLowerCase(Character.toUpperCase(c))}: lower case on ASCII), at least
   * {@link #minLength()} UTF-16 characters, made only of letters and digits of any script, combining
   * marks and {@code . _ - space}. {@code null} or empty adds nothing.
   */
  public void namesFrom(String value, Collection<String> out) {
    PolicyModes.namesFrom(value, out, minLength);
  }

  /**
   * A collector of the names {@code records} contribute, added to {@code out}: what the dictionary pass
   * does with each record. It remembers which field names feed the dictionary (records hand over
   * canonical name instances) and the values it has already read (a repeated identity value adds
   * nothing); each memo holds at most {@value #SEEN_MAX} entries, then starts over. Not thread-safe:
   * one per thread, or per chunk.
   */
  public java.util.function.Consumer<FieldRecord> collector(Collection<String> out) {
    java.util.Map<String, Boolean> isDict = new java.util.HashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    return r -> {
      for (int i = 0; i < r.size(); i++) {
        if (r.kind(i) != FieldKind.STRING) {
          continue;
        }
        Boolean d = isDict.get(r.name(i));
        if (d == null) {
          if (isDict.size() == SEEN_MAX) {
            isDict.clear();
          }
          d = feeds(r.name(i));
          isDict.put(r.name(i), d);
        }
        if (!d) {
          continue;
        }
        if (seen.size() == SEEN_MAX) {
          seen.clear();
        }
        if (seen.add(r.text(i))) {
          namesFrom(r.text(i), out);
        }
      }
    };
  }

  /**
   * The names the dictionary pass collects from {@code inputs}, files of a row format ({@code format},
   * or detected as {@link Pipeline} detects it when null; compression by extension), malformed records
   * skipped as that pass skips them: sorted (by UTF-16 code units), distinct, case-folded. This is the user list a
   * {@linkplain Pipeline.Builder#singlePass single-pass} run verifies against, made from a batch in hand;
   * every run also leaves its dictionary in {@code private/dictionary.txt} (for Parquet inputs, use
   * that). The names are clear identities: keep them private.
   *
   * @throws IOException if an input cannot be read or its format is not a row format
   */
  public List<String> namesIn(List<Path> inputs, org.anonkit.pipeline.io.RecordFormat format) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (Path p : inputs) {
      RecordInput.Builder b = RecordInput.builder(p);
      if (format != null) {
        b.format(format);
      }
      java.util.function.Consumer<FieldRecord> collect = collector(names);
      try (RecordInput in = b.open()) {
        in.readAll(new RecordHandler() {
          @Override
          public void record(FieldRecord r) {
            collect.accept(r);
          }

          @Override
          public void malformed(MalformedRecord m) {
            // skipped: the anonymizing pass quarantines it
          }
        });
      }
    }
    return List.copyOf(names);
  }

  @Override
  public String toString() {
    return "ScrubDictionary{fields=" + fields + ", minLength=" + minLength + ", needed=" + needed + "}";
  }
}
