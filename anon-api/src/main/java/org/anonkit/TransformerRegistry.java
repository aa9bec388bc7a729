package org.anonkit;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;

/**
 * Looks transformer providers up by name.
 *
 * <p>{@link #defaultRegistry()} holds what {@link ServiceLoader} finds (class path and module path),
 * loaded lazily once. Frameworks that do not use ServiceLoader (shaded jars, Spark executors with
 * custom class loaders) build their own with {@link #builder()}: there is no global mutable state.
 * A provider that fails to load is logged and skipped; two providers of one name are an error naming
 * both classes.
 *
 * <p>Immutable and thread-safe.
 */
public final class TransformerRegistry {
  private static final System.Logger LOG = System.getLogger(TransformerRegistry.class.getName());
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final Map<String, TransformerProvider> providers;

  private TransformerRegistry(Map<String, TransformerProvider> providers) {
    this.providers = Collections.unmodifiableMap(new TreeMap<>(providers));
  }

  /**
   * The providers found by {@link ServiceLoader}; loaded on first use and cached.
   *
   * @throws ProviderException on every call if two of them have one name (naming both classes)
   */
  public static TransformerRegistry defaultRegistry() {
    if (DefaultHolder.FAILURE != null) {
      // a fresh exception per call (the cached one's stack is the first caller's)
      throw new ProviderException(DefaultHolder.FAILURE.getMessage(), DefaultHolder.FAILURE);
    }
    return DefaultHolder.INSTANCE;
  }

  private static final class DefaultHolder {
    static final TransformerRegistry INSTANCE;
    static final ProviderException FAILURE;

    static {
      // Not a plain initializer: an exception there is an ExceptionInInitializerError on the first call
      // and a NoClassDefFoundError on every later one, instead of the documented ProviderException.
      TransformerRegistry registry = null;
      ProviderException failure = null;
      try {
        registry = builder().addServiceLoaded().build();
      } catch (ProviderException e) {
        failure = e;
      }
      INSTANCE = registry;
      FAILURE = failure;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The provider named {@code name}.
   *
   * @throws ProviderException if there is none; the message lists the available names
   */
  public TransformerProvider provider(String name) {
    TransformerProvider p = providers.get(name);
    if (p == null) {
      String artifact = artifactOf(name);
      throw new ProviderException("unknown transformer '" + name + "'; "
          + (artifact != null
              ? "transformer '" + name + "' is in " + artifact + ": add it as a dependency (available now: "
                  + providers.keySet() + ")"
              : "available: " + providers.keySet() + " (is the module that provides it on the class path?)"));
    }
    return p;
  }

  /**
   * The Maven coordinates ({@code groupId:artifactId}) of the AnonKit module that provides the transformer
   * named {@code name}, or {@code null} for a name no AnonKit module provides. A library user who
   * depends on {@code anon-pipeline} alone gets {@code hmac} and {@code scrub-text}; the bundled HTCondor
   * policy needs {@code anon-fpe} and {@code anon-cryptopan} as well.
   */
  static String artifactOf(String name) {
    return BUNDLED_ARTIFACTS.get(name);
  }

  // every transformer an AnonKit module provides (anon-pipeline's BundledPolicyDependenciesTest checks it
  // against the providers found there)
  private static final Map<String, String> BUNDLED_ARTIFACTS = Map.ofEntries(
      Map.entry("hmac", "org.anonkit:anon-hmac"),
      Map.entry("cryptopan", "org.anonkit:anon-cryptopan"),
      Map.entry("ip", "org.anonkit:anon-cryptopan"),
      Map.entry("sinful", "org.anonkit:anon-cryptopan"),
      Map.entry("ff1", "org.anonkit:anon-fpe"),
      Map.entry("ff3-1", "org.anonkit:anon-fpe"),
      Map.entry("email", "org.anonkit:anon-fpe"),
      Map.entry("hostname", "org.anonkit:anon-fpe"),
      Map.entry("phone", "org.anonkit:anon-fpe"),
      Map.entry("dn", "org.anonkit:anon-fpe"),
      Map.entry("numeric-id", "org.anonkit:anon-fpe"),
      Map.entry("scrub-text", "org.anonkit:anon-pipeline"),
      Map.entry("generalize-map", "org.anonkit:anon-privacy"),
      Map.entry("generalize-number", "org.anonkit:anon-privacy"),
      Map.entry("generalize-time", "org.anonkit:anon-privacy"),
      Map.entry("generalize-ip", "org.anonkit:anon-privacy"));

  /** Whether a provider of that name is registered. */
  public boolean contains(String name) {
    return providers.containsKey(name);
  }

  /** The registered names, sorted. */
  public Set<String> names() {
    return providers.keySet();
  }

  /** Shorthand for {@code provider(context.transformerName()).create(context)}. */
  public Transformer create(TransformerContext context) {
    return provider(context.transformerName()).create(context);
  }

  @Override
  public String toString() {
    return "TransformerRegistry" + providers.keySet();
  }

  /** Builds a {@link TransformerRegistry}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, TransformerProvider> providers = new LinkedHashMap<>();

    private Builder() {}

    /** Adds what {@link ServiceLoader} finds with the thread's context class loader. */
    public Builder addServiceLoaded() {
      return addAll(ServiceLoader.load(TransformerProvider.class));
    }

    /** Adds what {@link ServiceLoader} finds with {@code loader}. */
    public Builder addServiceLoaded(ClassLoader loader) {
      return addAll(ServiceLoader.load(TransformerProvider.class, loader));
    }

    /** Adds what {@link ServiceLoader} finds in {@code layer} (module path). */
    public Builder addServiceLoaded(ModuleLayer layer) {
      return addAll(ServiceLoader.load(layer, TransformerProvider.class));
    }

    private Builder addAll(ServiceLoader<TransformerProvider> loader) {
      Iterator<TransformerProvider> it = loader.iterator();
      while (true) {
        TransformerProvider p;
        try {
          if (!it.hasNext()) {
            break;
          }
          p = it.next();
        } catch (ServiceConfigurationError e) {
          LOG.log(Level.WARNING, "skipping a transformer provider that failed to load: " + e.getMessage());
          continue;
        }
        TransformerProvider existing = providers.get(p.name());
        if (existing != null && existing.getClass() == p.getClass()) {
          continue; // the same provider seen through two loaders
        }
        add(p);
      }
      return this;
    }

    /**
     * Adds {@code provider} explicitly.
     *
     * @throws ProviderException if its name is malformed or already taken (naming both classes)
     */
    public Builder add(TransformerProvider provider) {
      Objects.requireNonNull(provider, "provider");
      String name = provider.name();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new ProviderException("transformer provider " + provider.getClass().getName()
            + " has an invalid name; names match [a-z0-9][a-z0-9-]*");
      }
      TransformerProvider existing = providers.putIfAbsent(name, provider);
      if (existing != null) {
        throw new ProviderException("transformer '" + name + "' is provided twice: by "
            + existing.getClass().getName() + " and " + provider.getClass().getName());
      }
      return this;
    }

    public TransformerRegistry build() {
      return new TransformerRegistry(providers);
    }
  }
}
