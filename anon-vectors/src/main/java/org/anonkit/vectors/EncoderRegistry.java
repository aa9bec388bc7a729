package org.anonkit.vectors;

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
import org.anonkit.Encoder;
import org.anonkit.ProviderException;
import org.anonkit.spi.EncoderContext;
import org.anonkit.spi.EncoderProvider;

/**
 * Looks {@link EncoderProvider}s up by name. {@link #defaultRegistry()} holds what
 * {@link ServiceLoader} finds, loaded lazily once; {@link #builder()} builds explicit ones (shaded
 * jars, custom class loaders). A provider that fails to load is logged and skipped; two providers of
 * one name are an error naming both classes.
 *
 * <p>Immutable and thread-safe.
 */
public final class EncoderRegistry {
  private static final System.Logger LOG = System.getLogger(EncoderRegistry.class.getName());
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final Map<String, EncoderProvider> providers;

  private EncoderRegistry(Map<String, EncoderProvider> providers) {
    this.providers = Collections.unmodifiableMap(new TreeMap<>(providers));
  }

  /**
   * The providers {@link ServiceLoader} finds; loaded on first use and cached.
   *
   * @throws ProviderException on every call if two of them have one name (naming both classes)
   */
  public static EncoderRegistry defaultRegistry() {
    if (Holder.FAILURE != null) {
      throw new ProviderException(Holder.FAILURE.getMessage(), Holder.FAILURE);
    }
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final EncoderRegistry INSTANCE;
    static final ProviderException FAILURE;

    static {
      // Not a plain initializer: an exception there is an ExceptionInInitializerError on the first call
      // and a NoClassDefFoundError on every later one, instead of the documented ProviderException.
      EncoderRegistry registry = null;
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
  public EncoderProvider provider(String name) {
    EncoderProvider p = providers.get(name);
    if (p == null) {
      throw new ProviderException("unknown encoder '" + name + "'; available: " + providers.keySet());
    }
    return p;
  }

  /** Creates a fresh encoder of {@code name} for {@code context}. */
  public Encoder create(String name, EncoderContext context) {
    return provider(name).create(context);
  }

  /** The registered names, sorted. */
  public Set<String> names() {
    return providers.keySet();
  }

  @Override
  public String toString() {
    return "EncoderRegistry" + providers.keySet();
  }

  /** Builds an {@link EncoderRegistry}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, EncoderProvider> providers = new LinkedHashMap<>();

    private Builder() {}

    /** Adds what {@link ServiceLoader} finds with the thread's context class loader. */
    public Builder addServiceLoaded() {
      Iterator<EncoderProvider> it = ServiceLoader.load(EncoderProvider.class).iterator();
      while (true) {
        EncoderProvider p;
        try {
          if (!it.hasNext()) {
            break;
          }
          p = it.next();
        } catch (ServiceConfigurationError e) {
          LOG.log(Level.WARNING, "skipping an encoder provider that failed to load: " + e.getMessage());
          continue;
        }
        EncoderProvider existing = providers.get(p.name());
        if (existing != null && existing.getClass() == p.getClass()) {
          continue;
        }
        add(p);
      }
      return this;
    }

    /**
     * Adds {@code provider}.
     *
     * @throws ProviderException if its name is malformed or taken (naming both classes)
     */
    public Builder add(EncoderProvider provider) {
      Objects.requireNonNull(provider, "provider");
      String name = provider.name();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new ProviderException("encoder provider " + provider.getClass().getName()
            + " has an invalid name; names match [a-z0-9][a-z0-9-]*");
      }
      EncoderProvider existing = providers.putIfAbsent(name, provider);
      if (existing != null) {
        throw new ProviderException("encoder '" + name + "' is provided twice: by "
            + existing.getClass().getName() + " and " + provider.getClass().getName());
      }
      return this;
    }

    public EncoderRegistry build() {
      return new EncoderRegistry(providers);
    }
  }
}
