package org.anonkit.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.anonkit.KeyException;
import org.junit.jupiter.api.Test;

class EnvironmentKeySourceTest {
  private static final String B64 = "ABEiM0RVZneImaq7zN3u/wEjRWeJq83v/ty6mHZUMhA="; // 32 bytes
  private static final String HEX = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";

  private static KeySource source(String value) {
    return new EnvironmentKeySource("K", Map.of("K", value)::get);
  }

  @Test
  void load_base64AndHexForms_giveTheSameKey() {
    MasterKey a = source("k1:" + B64).load(null);
    MasterKey b = source("k1:hex:" + HEX).load("k1");
    assertThat(a.id()).isEqualTo("k1");
    assertThat(a.secret().equalsConstantTime(b.secret())).isTrue();
  }

  @Test
  void load_wrongId_isRejected() {
    assertThatThrownBy(() -> source("k1:" + B64).load("k2")).isInstanceOf(KeyException.class).hasMessageContaining("'k2'");
  }

  @Test
  void load_malformed_neverEchoesTheSecret() {
    assertThatThrownBy(() -> source("k1:" + B64.replace('A', '!')).load(null))
        .isInstanceOf(KeyException.class).hasMessageNotContaining(B64.substring(2, 12));
    assertThatThrownBy(() -> source("nocolon").load(null)).isInstanceOf(KeyException.class);
    assertThatThrownBy(() -> new EnvironmentKeySource("MISSING", Map.<String, String>of()::get).load(null))
        .hasMessageContaining("MISSING is not set");
  }

  /**
   * "hex:<hex secret>" without the id used to load a key with id "hex" whose secret was the hex text
   * decoded as base64 (48 bytes of something else), silently: every token then differed from the ones
   * the same secret gives from a key file. A base64 secret always ends in '=' or holds a non-hex
   * character at 32 bytes, so "hex" followed by hex digits only is the missing-id mistake.
   */
  @Test
  void load_hexFormWithoutId_isRejectedNotReadAsBase64() {
    assertThatThrownBy(() -> source("hex:" + HEX).load(null)).isInstanceOf(KeyException.class)
        .hasMessageContaining("<id>:hex:").hasMessageNotContaining(HEX.substring(0, 8));
    assertThatThrownBy(() -> source("HEX:" + HEX.toUpperCase()).load(null)).isInstanceOf(KeyException.class);
    // an id that happens to be "hex", with a base64 secret, still loads
    assertThat(source("hex:" + B64).load(null).id()).isEqualTo("hex");
  }

  @Test
  void keySources_openEnvScheme_viaServiceLoader() {
    assertThat(KeySources.open("env:SOME_VAR").describe()).isEqualTo("env:SOME_VAR");
    assertThatThrownBy(() -> KeySources.open("nope:x")).hasMessageContaining("available").hasMessageContaining("env");
  }
}
