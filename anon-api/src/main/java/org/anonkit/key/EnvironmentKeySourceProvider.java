package org.anonkit.key;

import org.anonkit.spi.KeySourceProvider;

/**
 * The {@code env} key source: {@code env:VARIABLE}, or {@code env:} for {@value
 * EnvironmentKeySource#DEFAULT_VARIABLE}. Public only so {@link java.util.ServiceLoader} can
 * instantiate it; use {@link KeySources#open(String)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvironmentKeySourceProvider implements KeySourceProvider {
  @Override
  public String name() {
    return "env";
  }

  @Override
  public KeySource open(String location) {
    return new EnvironmentKeySource(location.isEmpty() ? EnvironmentKeySource.DEFAULT_VARIABLE : location);
  }
}
