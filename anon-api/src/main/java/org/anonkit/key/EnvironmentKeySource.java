package org.anonkit.key;

import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import org.anonkit.KeyException;

/**
 * Reads a master key from an environment variable (by default {@value #DEFAULT_VARIABLE}) holding
 * {@code <id>:<base64 secret>} or {@code <id>:hex:<hex secret>}.
 *
 * <p>Convenient for containers and CI secrets; a key file or a KMS plugin is preferable on shared
 * machines because the environment of a process is visible to its owner's other processes.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvironmentKeySource implements KeySource {
  /** The variable read when none is named. */
  public static final String DEFAULT_VARIABLE = "ANONKIT_MASTER_KEY";

  private final String variable;
  private final Function<String, String> environment;

  /** Reads {@code variable} from {@link System#getenv(String)}. */
  public EnvironmentKeySource(String variable) {
    this(variable, System::getenv);
  }

  /** Reads {@code variable} through {@code environment} (injectable for tests). */
  public EnvironmentKeySource(String variable, Function<String, String> environment) {
    this.variable = Objects.requireNonNull(variable, "variable");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public MasterKey load(String keyId) {
    String text = environment.apply(variable);
    if (text == null || text.isEmpty()) {
      throw new KeyException("environment variable " + variable + " is not set");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new KeyException("environment variable " + variable + " must hold <id>:<base64 secret> or <id>:hex:<hex secret>");
    }
    String id = text.substring(0, colon);
    String rest = text.substring(colon + 1);
    if (id.equalsIgnoreCase("hex") && !rest.isEmpty() && rest.chars().allMatch(java.util.HexFormat::isHexDigit)) {
      // "hex:<hex>" with the id left out: decoding the hex digits as base64 would give another key
      throw new KeyException("environment variable " + variable + " holds 'hex:' and hex digits but no key id;"
          + " write <id>:hex:<hex secret>");
    }
    SecretBytes secret;
    try {
      if (rest.startsWith("hex:")) {
        secret = SecretBytes.fromHex(rest.substring(4), SecretAccess.get());
      } else {
        byte[] raw = Base64.getDecoder().decode(rest);
        secret = SecretBytes.copyOf(raw, SecretAccess.get());
        java.util.Arrays.fill(raw, (byte) 0);
      }
    } catch (IllegalArgumentException e) {
      // The JDK's message may quote the offending character; do not chain it.
      throw new KeyException("environment variable " + variable + ": the secret is not valid base64 or hex");
    }
    MasterKey key = MasterKey.of(id, secret);
    if (keyId != null && !keyId.equals(key.id())) {
      throw new KeyException("environment variable " + variable + " holds key '" + key.id() + "', not '" + keyId + "'");
    }
    return key;
  }

  @Override
  public String describe() {
    return "env:" + variable;
  }

  @Override
  public String toString() {
    return "EnvironmentKeySource{" + variable + "}";
  }
}
