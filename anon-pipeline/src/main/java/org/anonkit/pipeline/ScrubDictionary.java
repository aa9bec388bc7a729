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
 * <p>Two kinds of field feed it: the section's identity fields ({@code fields}), whose values are user
 * names, e-mail addresses and DNs; and, unless the section says {@code "imageNamespaces": false}, the
 * fields whose rule is a {@code scrub-text} with {@code imageReferences} (container images), whose
 * values contribute the namespaces that rule replaces (all but its public ones): a person known only as
 * the publisher of an image (a Docker Hub handle) is then found in the run's free text too, a hold
 * reason naming the image that failed to pull for one.
 *
 * <p>Only values of {@link org.anonkit.pipeline.io.FieldKind#STRING} kind feed the dictionary.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScrubDictionary {
  private static final int SEEN_MAX = 1 << 16;
  private static final Role NOTHING = new Role(false, null);

  private final List<String> fields;
  private final java.util.Set<String> identity; // lower-cased identity fields
  private final java.util.Map<String, java.util.Set<String>> imageFields; // lower-cased name -> public namespaces
  private final int minLength;
  private final boolean needed;

  private ScrubDictionary(List<String> fields, java.util.Set<String> identity,
      java.util.Map<String, java.util.Set<String>> imageFields, int minLength, boolean needed) {
    this.fields = fields;
    this.identity = identity;
    this.imageFields = imageFields;
    this.minLength = minLength;
    this.needed = needed;
  }

  /**
   * The dictionary section of {@code policy} (the policy as written, before {@link Pipeline#resolvePolicy})
   * for a run of the policy as written (its default mode): {@code of(policy, null)}.
   *
   * @throws org.anonkit.PolicyException if {@code minLength} is outside [1, 64], or the section has other
   *     keys than {@code fields}, {@code minLength} and {@code imageNamespaces}
   */
  public static ScrubDictionary of(Policy policy) {
    return of(policy, null);
  }

  /**
   * The dictionary section of {@code policy} (the policy as written, before {@link Pipeline#resolvePolicy})
   * for a run in {@code mode} ({@code null} or {@code hmac}: the policy as written): the container image
   * fields are those whose rule in that mode is a {@code scrub-text} with {@code imageReferences}, with
   * that rule's public namespaces, since a mode may give a field another rule.
   *
   * @throws org.anonkit.PolicyException if {@code minLength} is outside [1, 64], the section has other
   *     keys than {@code fields}, {@code minLength} and {@code imageNamespaces}, or the policy has no such
   *     mode
   */
  public static ScrubDictionary of(Policy policy, String mode) {
    List<String> identity = PolicyModes.dictionaryFields(policy);
    org.anonkit.Parameters section = policy.extension("dictionary");
    section.requireOnly("the dictionary section", "fields", "minLength", "imageNamespaces");
    int minLength = section.getInt("minLength", 3, 1, 64);
    java.util.Map<String, java.util.Set<String>> images = new java.util.LinkedHashMap<>();
    if (!identity.isEmpty() && section.getBoolean("imageNamespaces", true)) {
      // the rules the run applies: the mode's, with the scrub section merged
      for (org.anonkit.FieldRule r : PolicyModes.prepare(policy, mode, List.of()).rules()) {
        if (r.action() == org.anonkit.FieldRule.Action.TRANSFORM
            && org.anonkit.pipeline.scrub.ScrubTextProvider.NAME.equals(r.transformer())
            && org.anonkit.pipeline.scrub.ScrubTextProvider.readsImageReferences(r.parameters())) {
          // an identity field may be an image field too: its values are read both ways
          images.put(r.field().toLowerCase(Locale.ROOT),
              org.anonkit.pipeline.scrub.ScrubTextProvider.publicNamespaces(r.parameters()));
        }
      }
    }
    List<String> fields = new java.util.ArrayList<>(identity);
    for (String f : images.keySet()) {
      if (!fields.contains(f)) {
        fields.add(f);
      }
    }
    return new ScrubDictionary(List.copyOf(fields), java.util.Set.copyOf(identity), java.util.Map.copyOf(images),
        minLength,
        !identity.isEmpty() && Pipeline.usesScrub(policy));
  }

  /** Whether the policy needs the pass: it uses {@code scrub-text} and names dictionary fields. */
  public boolean needed() {
    return needed;
  }

  /**
   * The fields that feed the dictionary, lower-cased (field names match case-insensitively): the
   * identity fields, then the container image fields.
   */
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
   * Adds to {@code out} the user names a value of a dictionary field contributes: the value itself for a
   * plain name, the local part of an e-mail address (of a sub-address {@code jdoe+alerts@...},
   * {@code jdoe}), the {@code UID:}/{@code UID=} parts and full names ({@code CN=}) of a DN; case-folded as
   * {@code scrub-text} compares names (each code point {@code c} as
   * {@code Character.toLowerCase(Character.toUpperCase(c))}: lower case on ASCII), at least
   * {@link #minLength()} UTF-16 characters, made only of letters and digits of any script, combining marks
   * and {@code . _ - space}. {@code null} or empty adds nothing.
   */
  public void namesFrom(String value, Collection<String> out) {
    PolicyModes.namesFrom(value, out, minLength);
  }

  /**
   * Adds to {@code out} the names a value of {@code field} contributes: as {@link #namesFrom(String,
   * Collection)} for an identity field; for a container image field, the namespaces its rule replaces,
   * each kept as an identity's name is (canonical, long enough, name characters, no system account);
   * both for a field that is both; nothing for a field that does not feed the dictionary.
   */
  public void namesFrom(String field, String value, Collection<String> out) {
    Role role = roleOf(field);
    if (role.identity) {
      namesFrom(value, out);
    }
    if (role.publicNamespaces != null) {
      imageNamesFrom(value, role.publicNamespaces, out);
    }
  }

  /** Whether {@code field} is a container image field (read as image references; perhaps an identity field too). */
  boolean readsAsImage(String field) {
    return imageFields.containsKey(field.toLowerCase(Locale.ROOT));
  }

  private Role roleOf(String field) {
    String f = field.toLowerCase(Locale.ROOT);
    java.util.Set<String> publicNamespaces = imageFields.get(f);
    boolean isIdentity = identity.contains(f);
    return isIdentity || publicNamespaces != null ? new Role(isIdentity, publicNamespaces) : NOTHING;
  }

  /** How a field feeds the dictionary: as an identity field, as a container image field (its public namespaces), or both. */
  private static final class Role {
    final boolean identity;
    final java.util.Set<String> publicNamespaces;

    Role(boolean identity, java.util.Set<String> publicNamespaces) {
      this.identity = identity;
      this.publicNamespaces = publicNamespaces;
    }
  }

  private void imageNamesFrom(String value, java.util.Set<String> publicNamespaces, Collection<String> out) {
    List<String> namespaces = new java.util.ArrayList<>(2);
    org.anonkit.pipeline.scrub.ScrubTextProvider.imageNamespaces(value, publicNamespaces, namespaces);
    for (String n : namespaces) {
      PolicyModes.addName(n, out, minLength);
    }
  }

  /**
   * A collector of the names {@code records} contribute, added to {@code out}: what the dictionary pass
   * does with each record. It remembers which field names feed the dictionary (records hand over
   * canonical name instances) and the values it has already read (a repeated identity value adds
   * nothing); each memo holds at most {@value #SEEN_MAX} entries, then starts over. Not thread-safe:
   * one per thread, or per chunk.
   */
  public java.util.function.Consumer<FieldRecord> collector(Collection<String> out) {
    // per field name: how it feeds the dictionary (NOTHING: not at all)
    java.util.Map<String, Role> role = new java.util.HashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    // per image rule's public namespaces (a value reads differently under another set), the values read
    java.util.Map<java.util.Set<String>, java.util.Set<String>> seenImages = new java.util.IdentityHashMap<>();
    return r -> {
      for (int i = 0; i < r.size(); i++) {
        if (r.kind(i) != FieldKind.STRING) {
          continue;
        }
        Role d = role.get(r.name(i));
        if (d == null) {
          if (role.size() == SEEN_MAX) {
            role.clear();
          }
          d = roleOf(r.name(i));
          role.put(r.name(i), d);
        }
        if (d.identity) {
          if (seen.size() == SEEN_MAX) {
            seen.clear();
          }
          if (seen.add(r.text(i))) {
            namesFrom(r.text(i), out);
          }
        }
        if (d.publicNamespaces != null) {
          java.util.Set<String> seenHere = seenImages.computeIfAbsent(d.publicNamespaces, k -> new java.util.HashSet<>());
          if (seenHere.size() == SEEN_MAX) {
            seenHere.clear();
          }
          if (seenHere.add(r.text(i))) {
            imageNamesFrom(r.text(i), d.publicNamespaces, out);
          }
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
    return "ScrubDictionary{fields=" + fields + ", imageFields=" + imageFields.keySet() + ", minLength=" + minLength
        + ", needed=" + needed + "}";
  }
}
