package org.anonkit.spi;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.anonkit.TransformerRegistry;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.MasterKey;

/**
 * What the transformers created for one compiled policy may share: a provider whose rules recur with
 * the same parameters (the bundled HTCondor policy has 60 {@code scrub-text} rules in four configurations) can
 * create one transformer and hand it to every such rule, with one set of memos instead of one per
 * field. {@link org.anonkit.Anonymizer#compile} makes one per compilation; providers reach it through
 * {@link TransformerContext#shared}. The contexts of one compilation hold this object; once they are
 * gone, each shared value lives as long as the transformers that use it.
 *
 * <p>An entry is found by the provider's key together with the transformer name, the key material
 * (master or direct key, by identity) and the registry of the asking context: contexts with other keys
 * or registries never meet, whatever key the provider chooses.
 *
 * <p>Thread-safe. {@link #toString()} names only the number of entries.
 */
public final class SharedState {
  private final ConcurrentHashMap<Entry, Object> values = new ConcurrentHashMap<>();

  private SharedState() {}

  /** A new, empty state, for one compilation. */
  public static SharedState create() {
    return new SharedState();
  }

  /**
   * The value stored under the key, else what {@code factory} makes (stored unless another thread
   * stored one first, which is then returned). The factory runs without a lock and may itself ask for
   * other shared values.
   */
  <T> T get(String transformerName, Object key, MasterKey masterKey, DerivedKey directKey,
      TransformerRegistry registry, Class<T> type, Supplier<? extends T> factory) {
    Entry e = new Entry(transformerName, key, masterKey, directKey, registry);
    Object v = values.get(e);
    if (v == null) {
      T made = Objects.requireNonNull(factory.get(), "factory result");
      v = values.putIfAbsent(e, made);
      if (v == null) {
        return made;
      }
    }
    return type.cast(v);
  }

  /** The number of shared values. */
  public int size() {
    return values.size();
  }

  @Override
  public String toString() {
    return "SharedState{" + values.size() + " entries}";
  }

  /** The lookup key: the provider's key by equality, key material and registry by identity. */
  private static final class Entry {
    final String transformerName;
    final Object key;
    final MasterKey masterKey;
    final DerivedKey directKey;
    final TransformerRegistry registry;

    Entry(String transformerName, Object key, MasterKey masterKey, DerivedKey directKey, TransformerRegistry registry) {
      this.transformerName = transformerName;
      this.key = Objects.requireNonNull(key, "key");
      this.masterKey = masterKey;
      this.directKey = directKey;
      this.registry = registry;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Entry)) {
        return false;
      }
      Entry x = (Entry) o;
      return masterKey == x.masterKey && directKey == x.directKey && registry == x.registry
          && transformerName.equals(x.transformerName) && key.equals(x.key);
    }

    @Override
    public int hashCode() {
      return 31 * transformerName.hashCode() + key.hashCode()
          + 17 * System.identityHashCode(masterKey) + 13 * System.identityHashCode(directKey)
          + 7 * System.identityHashCode(registry);
    }
  }
}
