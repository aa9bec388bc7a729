package org.anonkit.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.anonkit.KeyException;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
  private static final String SECRET_HEX = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";

  private static MasterKey key() {
    return MasterKey.of("lab-2026", SecretBytes.fromHex(SECRET_HEX, SecretAccess.get()));
  }

  @Test
  void derive_isRfc5869WithNoSaltAndPurposeAsInfo() {
    byte[] prk = Hkdf.extract(null, HexFormat.of().parseHex(SECRET_HEX));
    byte[] expected = Hkdf.expand(prk, "anonkit/v1/hmac/user".getBytes(StandardCharsets.UTF_8), 32);
    DerivedKey k = key().derive(KeyPurpose.of("hmac", "user"));
    assertThat(k.secret().toByteArray(SecretAccess.get())).isEqualTo(expected);
    assertThat(k.keyId()).isEqualTo("lab-2026");
    assertThat(k.purpose()).isEqualTo("anonkit/v1/hmac/user");
  }

  @Test
  void derive_isDeterministicAndSeparatesPurposes() {
    MasterKey a = key();
    MasterKey b = key();
    SecretBytes user = a.derive(KeyPurpose.of("hmac", "user")).secret();
    assertThat(user.equalsConstantTime(b.derive(KeyPurpose.of("hmac", "USER")).secret())).isTrue();
    assertThat(user.equalsConstantTime(a.derive(KeyPurpose.of("hmac", "owner")).secret())).isFalse();
    assertThat(user.equalsConstantTime(a.derive(KeyPurpose.of("ff1", "user")).secret())).isFalse();
  }

  @Test
  void of_shortSecret_isRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> MasterKey.of("k1", SecretBytes.fromHex("00112233445566778899", SecretAccess.get())))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("10 secret bytes")
        .hasMessageNotContaining("00112233");
  }

  @Test
  void of_badId_isRejected() {
    SecretBytes s = SecretBytes.random(32, new SecureRandom());
    for (String id : List.of("", "has space", "-leading", "x".repeat(65), "a/b")) {
      assertThatThrownBy(() -> MasterKey.of(id, s)).as(id).isInstanceOf(KeyException.class);
    }
  }

  @Test
  void printedForms_neverContainSecretMaterial() {
    MasterKey k = key();
    DerivedKey d = k.derive(KeyPurpose.of("hmac", "user"));
    byte[] derived = d.secret().toByteArray(SecretAccess.get());
    List<String> secrets = List.of(SECRET_HEX, SECRET_HEX.toUpperCase(),
        Base64.getEncoder().encodeToString(HexFormat.of().parseHex(SECRET_HEX)),
        HexFormat.of().formatHex(derived), Base64.getEncoder().encodeToString(derived));
    for (String printed : List.of(k.toString(), d.toString(), k.secret().toString(), d.secret().toString(),
        d.subKey("tweak", 16).toString())) {
      for (String s : secrets) {
        assertThat(printed).doesNotContain(s).doesNotContain(s.substring(0, 8));
      }
    }
    assertThat(k.toString()).contains("lab-2026").contains("redacted");
  }

  @Test
  void fromHex_malformed_namesPositionNotContent() {
    assertThatThrownBy(() -> SecretBytes.fromHex("abcdzz", SecretAccess.get()))
        .hasMessageContaining("position 4").hasMessageNotContaining("zz");
    assertThatThrownBy(() -> SecretBytes.fromHex("abc", SecretAccess.get())).hasMessageContaining("even");
    // digits of other scripts and full-width ones are no hex digits (Character.digit took them: 0x33)
    assertThatThrownBy(() -> SecretBytes.fromHex("ab\u0663\u0663", SecretAccess.get())).hasMessageContaining("position 2");
    assertThatThrownBy(() -> SecretBytes.fromHex("\uff21\uff22", SecretAccess.get())).hasMessageContaining("position 0");
    assertThat(SecretBytes.fromHex("09afAF", SecretAccess.get()).toByteArray(SecretAccess.get()))
        .containsExactly(0x09, 0xaf, 0xaf);
  }

  @Test
  void subKey_isDeterministicAndDiffersFromParent() {
    DerivedKey d = key().derive(KeyPurpose.of("email", "user"));
    DerivedKey s1 = d.subKey("fallback", 32);
    DerivedKey s2 = key().derive(KeyPurpose.of("email", "user")).subKey("fallback", 32);
    assertThat(s1.secret().equalsConstantTime(s2.secret())).isTrue();
    assertThat(s1.secret().equalsConstantTime(d.secret())).isFalse();
    assertThat(s1.purpose()).isEqualTo("anonkit/v1/email/user/fallback");
  }

  @Test
  void keyPurpose_rejectsSeparatorsAndControls() {
    assertThatThrownBy(() -> KeyPurpose.of("hmac", "a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPurpose.of("hmac", "a b")).isInstanceOf(IllegalArgumentException.class);
    assertThat(KeyPurpose.of("hmac", "X509UserProxySubject")).isEqualTo("anonkit/v1/hmac/x509userproxysubject");
  }

  @Test
  void fingerprint_sixHexDigits_ofTheSecretNotTheId_andEndsGeneratedIds() {
    SecretBytes secret = SecretBytes.random(32, new SecureRandom());
    MasterKey a = MasterKey.of("a", secret);
    assertThat(a.fingerprint()).matches("[0-9a-f]{6}").isEqualTo(MasterKey.of("b", secret).fingerprint());
    assertThat(MasterKey.generate("a", new SecureRandom()).fingerprint()).isNotEqualTo(a.fingerprint()); // 2^-24
    MasterKey g = MasterKey.generateWithFingerprint("demo-2026-11-27", new SecureRandom());
    assertThat(g.id()).isEqualTo("demo-2026-11-27-" + g.fingerprint());
    // a purpose outside anonkit/v1/: no transformer key shares it
    assertThat(MasterKey.FINGERPRINT_PURPOSE).doesNotStartWith(KeyPurpose.PREFIX);
  }
}
