package org.anonkit.key;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import org.anonkit.KeyException;

/**
 * The root secret of a deployment, with a public id. Every transformer key is derived from it per
 * purpose, so one master key serves every field and technique without any two of them sharing a key,
 * except where the purpose is shared on purpose: fields of one linkage domain, and transformers that
 * derive under another's name (e.g. {@code ip} and {@code sinful} under {@code cryptopan}).
 *
 * <p><b>Derivation.</b> {@code derive(purpose, L)} is HKDF-SHA256 (RFC 5869) with IKM = the master
 * secret, no salt (HashLen zero bytes, RFC 5869 §2.2), info = UTF-8 of {@code purpose}, output length
 * L. Any RFC 5869 implementation reproduces it. Purposes are built by {@link KeyPurpose}:
 * {@code anonkit/v1/<transformer>/<field or linkage domain>}.
 *
 * <p><b>Security guarantees.</b> The secret is held in {@link SecretBytes}; {@link #toString()} prints
 * the id only; there is no {@code equals}/{@code hashCode}. Manifests record {@link #id()}, never the
 * secret. Secrets shorter than 16 bytes are refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class MasterKey {
  /** Length of generated secrets. */
  public static final int GENERATED_LENGTH = 32;
  /** Shortest secret accepted (128 bits). */
  public static final int MIN_LENGTH = 16;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String id;
  private final SecretBytes secret;
  private final byte[] prk; // HKDF-Extract result, computed once

  private MasterKey(String id, SecretBytes secret) {
    this.id = id;
    this.secret = secret;
    byte[] ikm = secret.toByteArray(SecretAccess.get());
    this.prk = Hkdf.extract(null, ikm);
    java.util.Arrays.fill(ikm, (byte) 0);
  }

  /**
   * A master key with the given id and secret.
   *
   * @throws KeyException if the id is not 1–64 characters of {@code [A-Za-z0-9._-]} starting with a
   *     letter or digit, or the secret is shorter than {@value #MIN_LENGTH} bytes
   */
  public static MasterKey of(String id, SecretBytes secret) {
    Objects.requireNonNull(secret, "secret");
    checkId(id);
    if (secret.size() < MIN_LENGTH) {
      throw new KeyException("master key '" + id + "' has " + secret.size()
          + " secret bytes; at least " + MIN_LENGTH + " are required (generate one with 'anonkit keygen')");
    }
    return new MasterKey(id, secret);
  }

  /** A new key of {@value #GENERATED_LENGTH} random bytes. */
  public static MasterKey generate(String id, SecureRandom random) {
    return of(id, SecretBytes.random(GENERATED_LENGTH, random));
  }

  /** Validates a key id; ids appear in manifests and file names, so they are restricted. */
  public static String checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new KeyException("key id must be 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit");
    }
    return id;
  }

  /** The public id, recorded in manifests. */
  public String id() {
    return id;
  }

  /** Purpose of the key {@link #fingerprint()} is derived as: outside {@link KeyPurpose#PREFIX}, so no transformer key. */
  public static final String FINGERPRINT_PURPOSE = "anonkit/key-fingerprint";

  /**
   * A short public fingerprint of the secret: the first 3 bytes, in hex (6 characters), of the key derived
   * for {@value #FINGERPRINT_PURPOSE} (HKDF like every derived key, so it reveals nothing of the secret or
   * of any transformer key). Key ids made by {@code anonkit keygen} and {@code anonkit demo} end with it
   * ({@code key-<date>-<fingerprint>}), so two keys made the same day get different ids, and a tool given
   * the wrong key file refuses it by id. 24 bits tell keys apart by accident, not against an adversary.
   */
  public String fingerprint() {
    byte[] b = derive(FINGERPRINT_PURPOSE, 3).secret().toByteArray(SecretAccess.get());
    try {
      return java.util.HexFormat.of().formatHex(b);
    } finally {
      java.util.Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * A new key of {@value #GENERATED_LENGTH} random bytes whose id is {@code prefix + "-" + fingerprint}
   * (see {@link #fingerprint()}), e.g. {@code generateWithFingerprint("key-2026-11-27", random)}.
   */
  public static MasterKey generateWithFingerprint(String prefix, SecureRandom random) {
    SecretBytes secret = SecretBytes.random(GENERATED_LENGTH, random);
    String fingerprint = new MasterKey("fingerprint", secret).fingerprint();
    return of(prefix + "-" + fingerprint, secret);
  }

  /** The secret, for writing key files; reading it needs {@link SecretAccess}. */
  public SecretBytes secret() {
    return secret;
  }

  /** Derives a 32-byte key for {@code purpose}. */
  public DerivedKey derive(String purpose) {
    return derive(purpose, DerivedKey.DEFAULT_LENGTH);
  }

  /** Derives a key of {@code length} bytes for {@code purpose}. */
  public DerivedKey derive(String purpose, int length) {
    Objects.requireNonNull(purpose, "purpose");
    byte[] okm = Hkdf.expand(prk, purpose.getBytes(StandardCharsets.UTF_8), length);
    try {
      return new DerivedKey(id, purpose, SecretBytes.copyOf(okm, SecretAccess.get()));
    } finally {
      java.util.Arrays.fill(okm, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "MasterKey{id=" + id + ", secret=<redacted>}";
  }
}
