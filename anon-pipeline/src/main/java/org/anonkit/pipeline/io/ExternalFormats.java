package org.anonkit.pipeline.io;

import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.anonkit.pipeline.io.spi.RecordFormatProvider;

/**
 * The {@link RecordFormatProvider}s on the class or module path, loaded once on first use. A provider
 * that fails to load is skipped; the first one found for a format wins. Thread-safe.
 */
final class ExternalFormats {
  private ExternalFormats() {}

  private static final class Holder {
    static final Map<RecordFormat, RecordFormatProvider> PROVIDERS = load();
  }

  private static Map<RecordFormat, RecordFormatProvider> load() {
    Map<RecordFormat, RecordFormatProvider> m = new EnumMap<>(RecordFormat.class);
    ServiceLoader<RecordFormatProvider> loader =
        ServiceLoader.load(RecordFormatProvider.class, ExternalFormats.class.getClassLoader());
    java.util.Iterator<RecordFormatProvider> it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        RecordFormatProvider p = it.next();
        m.putIfAbsent(p.format(), p);
      } catch (ServiceConfigurationError e) {
        System.getLogger(ExternalFormats.class.getName()).log(System.Logger.Level.WARNING,
            "skipping a record format provider that failed to load: {0}", e.getClass().getName());
      }
    }
    return Map.copyOf(m);
  }

  /**
   * The provider of {@code format}.
   *
   * @throws UnsupportedOperationException naming the module to add when none is on the path
   */
  static RecordFormatProvider provider(RecordFormat format) {
    RecordFormatProvider p = Holder.PROVIDERS.get(format);
    if (p == null) {
      throw new UnsupportedOperationException("the " + format.cliName() + " format needs the anon-"
          + format.cliName() + " module (org.anonkit:anon-" + format.cliName()
          + ") on the class path; add it as a dependency");
    }
    return p;
  }
}
