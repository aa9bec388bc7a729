package org.anonkit.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.spi.TransformerProvider;
import org.junit.jupiter.api.Test;

/** The {@code hmac} provider is found through META-INF/services and through module-info {@code provides}. */
class ProviderDiscoveryTest {

  @Test
  void defaultRegistry_onClassPath_findsHmac() {
    TransformerRegistry registry = TransformerRegistry.defaultRegistry();
    assertThat(registry.names()).contains("hmac");
    assertThat(registry.provider("hmac")).isInstanceOf(HmacTransformerProvider.class);
    List<String> names = new ArrayList<>();
    for (TransformerProvider p : ServiceLoader.load(TransformerProvider.class)) {
      names.add(p.name());
    }
    assertThat(names).contains("hmac");
  }

  @Test
  void serviceLoader_onModulePath_findsHmacThroughProvidesClause() throws Exception {
    Path api = Path.of(Transformer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path hmac = Path.of(HmacTransformerProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleFinder finder = ModuleFinder.of(api, hmac);
    ModuleLayer boot = ModuleLayer.boot();
    Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of("org.anonkit.hmac"));
    ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());

    Class<?> spi = layer.findLoader("org.anonkit.api").loadClass("org.anonkit.spi.TransformerProvider");
    assertThat(spi).isNotSameAs(TransformerProvider.class); // really the layer's copy
    assertThat(spi.getModule().getName()).isEqualTo("org.anonkit.api");
    @SuppressWarnings("unchecked")
    ServiceLoader<Object> loader = ServiceLoader.load(layer, (Class<Object>) spi);
    Method name = spi.getMethod("name");
    List<String> found = new ArrayList<>();
    for (Object provider : loader) {
      found.add((String) name.invoke(provider));
      if ("hmac".equals(name.invoke(provider))) {
        assertThat(provider.getClass().getModule().getName()).isEqualTo("org.anonkit.hmac");
        assertThat(provider.getClass().getModule().getDescriptor().provides())
            .anySatisfy(p -> assertThat(p.service()).isEqualTo("org.anonkit.spi.TransformerProvider"));
      }
    }
    assertThat(found).containsExactly("hmac");
    assertThat(layer.findModule("org.anonkit.hmac").orElseThrow().getDescriptor().exports())
        .extracting(e -> e.source()).containsExactly("org.anonkit.hmac");
  }
}
