package org.anonkit.key;

import java.util.Locale;

/**
 * Builds the purpose strings keys are derived for: {@code anonkit/v1/<transformer>/<domain>}, where
 * domain is the policy's linkage domain, or else the field name in lower case (ClassAd attribute names
 * are case-insensitive). Two fields get the same tokens only when they share a linkage domain.
 *
 * <p>Keys the library derives for its own use have purposes outside {@value #PREFIX} (the resume
 * journal's {@code anonkit/resume-journal/key-check}, the demo's {@code anonkit/demo/dp-noise}), so no
 * transformer, whatever its name and domain, shares them.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyPurpose {
  /** Version prefix of every purpose; bumping it rotates every derived key. */
  public static final String PREFIX = "anonkit/v1/";

  private KeyPurpose() {}

  /** {@code anonkit/v1/<transformer>/<domain>} with {@code domain} lower-cased. */
  public static String of(String transformer, String domain) {
    return PREFIX + check(transformer, "transformer") + "/" + check(domain.toLowerCase(Locale.ROOT), "domain");
  }

  private static String check(String part, String what) {
    if (part.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty in a key purpose");
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < 0x21 || c == 0x7f || c == '/') {
        throw new IllegalArgumentException(what + " in a key purpose must not contain '/', spaces or control characters (position " + i + ")");
      }
    }
    return part;
  }
}
