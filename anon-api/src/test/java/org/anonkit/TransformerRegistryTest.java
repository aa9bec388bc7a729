package org.anonkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.anonkit.spi.TransformerContext;
import org.anonkit.spi.TransformerProvider;
import org.junit.jupiter.api.Test;

class TransformerRegistryTest {

  @Test
  void provider_unknownName_listsAvailableNames() {
    assertThatThrownBy(() -> TestProviders.registry().provider("fpe"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("unknown transformer 'fpe'")
        .hasMessageContaining("[test-mac, test-upper]");
  }

  @Test
  void provider_knownNameOfAnotherModule_namesTheArtifactToAdd() {
    assertThatThrownBy(() -> TestProviders.registry().provider("ip"))
        .isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("unknown transformer 'ip'; transformer 'ip' is in org.anonkit:anon-cryptopan:"
            + " add it as a dependency")
        .hasMessageContaining("[test-mac, test-upper]");
    assertThatThrownBy(() -> TestProviders.registry().provider("ff1"))
        .hasMessageContaining("org.anonkit:anon-fpe");
    assertThatThrownBy(() -> TestProviders.registry().provider("generalize-time"))
        .hasMessageContaining("org.anonkit:anon-privacy");
  }

  @Test
  void add_duplicateName_namesBothClasses() {
    assertThatThrownBy(() -> TransformerRegistry.builder()
            .add(new TestProviders.MacProvider()).add(new TestProviders.ImpostorProvider()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("TestProviders$MacProvider")
        .hasMessageContaining("TestProviders$ImpostorProvider");
  }

  @Test
  void add_invalidName_isRejected() {
    TransformerProvider bad = new TransformerProvider() {
      @Override
      public String name() {
        return "Bad Name";
      }

      @Override
      public Transformer create(TransformerContext context) {
        return v -> "";
      }
    };
    assertThatThrownBy(() -> TransformerRegistry.builder().add(bad)).isInstanceOf(ProviderException.class);
  }

  @Test
  void defaultRegistry_isCachedAndImmutable() {
    assertThat(TransformerRegistry.defaultRegistry()).isSameAs(TransformerRegistry.defaultRegistry());
    assertThatThrownBy(() -> TransformerRegistry.defaultRegistry().names().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void explicitRegistration_createsWorkingTransformers() {
    TransformerRegistry r = TestProviders.registry();
    Transformer t = r.create(TransformerContext.builder("test-upper").registry(r).build());
    assertThat(t.apply("jdoe")).isEqualTo("JDOE");
  }
}
