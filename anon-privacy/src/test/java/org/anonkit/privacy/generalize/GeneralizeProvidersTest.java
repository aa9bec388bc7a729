package org.anonkit.privacy.generalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.Transformer;
import org.anonkit.TransformerRegistry;
import org.anonkit.spi.TransformerContext;
import org.junit.jupiter.api.Test;

class GeneralizeProvidersTest {
  static final TransformerRegistry REGISTRY = TransformerRegistry.builder().addServiceLoaded().build();

  static Transformer create(String name, Parameters p) {
    return REGISTRY.create(TransformerContext.builder(name).field("f").parameters(p).registry(REGISTRY).build());
  }

  @Test
  void serviceLoader_findsAllFourKeylessProviders() {
    for (String name : List.of("generalize-time", "generalize-ip", "generalize-number", "generalize-map")) {
      assertThat(REGISTRY.contains(name)).as(name).isTrue();
      assertThat(REGISTRY.provider(name).requiresKey()).as(name).isFalse();
    }
  }

  @Test
  void generalizeTime_hourInUtc_withoutAKey() {
    Transformer t = create("generalize-time", Parameters.builder().put("unit", "hour").build());
    assertThat(t.apply("1700000123")).isEqualTo("1699999200");
    Transformer iso = create("generalize-time", Parameters.builder().put("unit", "day").put("format", "iso").build());
    assertThat(iso.apply("2023-11-14T22:15:23+01:00")).isEqualTo("2023-11-14T00:00:00Z");
    assertThatThrownBy(() -> create("generalize-time", Parameters.builder().put("unit", "fortnight").build()))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.unit");
    assertThatThrownBy(() -> create("generalize-time", Parameters.builder().put("unit", "hour").put("zone", "Mars/Base")
        .build())).isInstanceOf(PolicyException.class).hasMessageContaining("$.zone");
  }

  @Test
  void generalizeIp_defaultPrefixes() {
    Transformer t = create("generalize-ip", Parameters.empty());
    assertThat(t.apply("131.225.7.42")).isEqualTo("131.225.7.0/24");
    assertThat(t.apply("2001:db8:1:2::5")).isEqualTo("2001:db8:1:0:0:0:0:0/48");
    Transformer t16 = create("generalize-ip", Parameters.builder().put("prefix", 16L).build());
    assertThat(t16.apply("131.225.7.42")).isEqualTo("131.225.0.0/16");
    assertThatThrownBy(() -> create("generalize-ip", Parameters.builder().put("prefix", 33L).build()))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.prefix");
  }

  @Test
  void generalizeNumber_widthOrCuts() {
    Transformer w = create("generalize-number", Parameters.builder().put("width", 1024L).build());
    assertThat(w.apply("3000")).isEqualTo("[2048,3072)");
    Transformer c = create("generalize-number", Parameters.builder().put("cuts", List.of(0L, 1L, 2.5)).build());
    assertThat(c.apply("-3")).isEqualTo("<0");
    assertThat(c.apply("2")).isEqualTo("[1,2.5)");
    assertThat(c.apply("7")).isEqualTo(">=2.5");
    assertThatThrownBy(() -> create("generalize-number", Parameters.empty())).isInstanceOf(PolicyException.class);
    assertThatThrownBy(() -> create("generalize-number", Parameters.builder().put("width", -1.0).build()))
        .isInstanceOf(PolicyException.class);
    assertThatThrownBy(() -> create("generalize-number", Parameters.builder().put("cuts", List.of(2L, 1L)).build()))
        .isInstanceOf(PolicyException.class);
  }

  @Test
  void generalizeMap_failsClosedUnlessDefault() {
    Parameters mapping = Parameters.builder().put("FNAL", "US").put("CERN", "EU").build();
    Transformer t = create("generalize-map", Parameters.builder().put("mapping", mapping).build());
    assertThat(t.apply("FNAL")).isEqualTo("US");
    assertThatThrownBy(() -> t.apply("hidden-site-42")).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hidden-site-42"));
    Transformer d = create("generalize-map", Parameters.builder().put("mapping", mapping).put("default", "other").build());
    assertThat(d.apply("hidden-site-42")).isEqualTo("other");
    assertThatThrownBy(() -> create("generalize-map", Parameters.builder().put("mappings", mapping).build()))
        .isInstanceOf(PolicyException.class).hasMessageContaining("unknown parameter");
  }

  @Test
  void transformers_neverPrintValues() {
    Transformer t = create("generalize-number", Parameters.builder().put("width", 10L).build());
    assertThat(t.toString()).doesNotContain("10)").contains("level=1");
  }
}
