package org.anonkit.key;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.anonkit.KeyException;
import org.anonkit.ProviderException;
import org.anonkit.spi.KeySourceProvider;

/**
 * Opens a key source from a {@code scheme:location} string: {@code env:ANONKIT_MASTER_KEY},
 * {@code file:/path/key.json} (module anon-config), or a plugin's scheme.
 *
 * <p>Thread-safe.
 */
public final class KeySources {
  private KeySources() {}

  /** Opens {@code spec} with the provider named by its scheme, found by {@link ServiceLoader}. */
  public static KeySource open(String spec) {
    int colon = spec.indexOf(':');
    if (colon <= 0) {
      throw new KeyException("key source must look like scheme:location (e.g. env:ANONKIT_MASTER_KEY, file:key.json)");
    }
    String scheme = spec.substring(0, colon);
    Map<String, KeySourceProvider> providers = new TreeMap<>();
    for (KeySourceProvider p : ServiceLoader.load(KeySourceProvider.class)) {
      KeySourceProvider previous = providers.putIfAbsent(p.name(), p);
      if (previous != null && previous.getClass() != p.getClass()) {
        throw new ProviderException("key source '" + p.name() + "' is provided twice: by "
            + previous.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    KeySourceProvider provider = providers.get(scheme);
    if (provider == null) {
      throw new ProviderException("unknown key source '" + scheme + "'; available: " + providers.keySet());
    }
    return provider.open(spec.substring(colon + 1));
  }
}
