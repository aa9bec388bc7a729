package org.anonkit.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.KeyPurpose;
import org.anonkit.key.MasterKey;
import org.anonkit.key.SecretAccess;

/**
 * Everything besides the input and the scrub dictionary that changes the bytes a run writes (policy,
 * mode, key, formats, failure definition, mapping fields, version), as recorded in the first line of
 * every resume journal entry and checkpoint: a resumed run reuses a journal only when that line is
 * its own.
 *
 * <p>The line is {@code settings\t<fingerprint>\t<name>=<value>...}: the fingerprint is the SHA-256 of
 * the named parts, which are kept readable so that a refusal can say which setting differs (by name
 * only). The key is represented by its public id and a <b>key check value</b>: HMAC-SHA-256, keyed with
 * the key derived from the master key for purpose {@value #KEY_CHECK_PURPOSE} (HKDF, like every
 * transformer key), of the fixed label {@value #KEY_CHECK_LABEL}, first 16 bytes, hex. It tells two
 * secrets with the same id apart without revealing anything about the secret or any transformer key
 * (those use other purposes). Written under {@code private/} only.
 *
 * <p>Immutable and thread-safe.
 */
final class RunSettings {
  /** First field of the line. */
  static final String TAG = "settings";
  /**
   * Purpose of the key the check value is computed with: {@code anonkit/resume-journal/key-check}. It is
   * outside the transformers' {@code anonkit/v1/<transformer>/<domain>} ({@link KeyPurpose#of}), so no
   * transformer, whatever its name and field, derives this key. (Until 2026-11-26 it was
   * {@code anonkit/v1/resume-journal/key-check}, which a plugin transformer named {@code resume-journal}
   * on a field {@code key-check} would have shared; {@code --resume} refuses journals written then as
   * "differing: key-check"; such a run is rerun without it.)
   */
  static final String KEY_CHECK_PURPOSE = "anonkit/resume-journal/key-check";
  /** What that key authenticates. */
  static final String KEY_CHECK_LABEL = "anonkit resume journal key check v1";

  private final Map<String, String> parts;
  private final String fingerprint;
  private final String line;

  private RunSettings(Map<String, String> parts) {
    this.parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    StringBuilder canonical = new StringBuilder("anonkit-resume-settings/v1\n");
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, String> e : this.parts.entrySet()) {
      canonical.append(e.getKey()).append('=').append(Pipeline.esc(e.getValue())).append('\n');
      line.append('\t').append(e.getKey()).append('=').append(Pipeline.esc(e.getValue()));
    }
    this.fingerprint = Pipeline.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    this.line = TAG + "\t" + fingerprint + line;
  }

  /** Settings of the named parts, in order; names are {@code [a-z-]} and values any text. */
  static RunSettings of(Map<String, String> parts) {
    return new RunSettings(parts);
  }

  /** The journal line (no line break). */
  String line() {
    return line;
  }

  String fingerprint() {
    return fingerprint;
  }

  /**
   * The names of the settings in which {@code recorded} (a journal file's first line, or null) differs
   * from these, or an empty list if it is this line. A line that is no settings line at all (a journal
   * written before settings were recorded) differs in {@code "all (journal written by an older
   * anonkit)"}. Names only, never a value.
   */
  List<String> differences(String recorded) {
    List<String> diff = new ArrayList<>();
    if (line.equals(recorded)) {
      return diff;
    }
    if (recorded == null || !recorded.startsWith(TAG + "\t")) {
      diff.add("all (journal written without settings, by an older anonkit)");
      return diff;
    }
    Map<String, String> other = new LinkedHashMap<>();
    String[] f = recorded.split("\t", -1);
    for (int i = 2; i < f.length; i++) {
      int eq = f[i].indexOf('=');
      if (eq > 0) {
        other.put(f[i].substring(0, eq), Pipeline.unesc(f[i].substring(eq + 1)));
      }
    }
    for (Map.Entry<String, String> e : parts.entrySet()) {
      if (!e.getValue().equals(other.get(e.getKey()))) {
        diff.add(e.getKey());
      }
    }
    for (String k : other.keySet()) {
      if (!parts.containsKey(k)) {
        diff.add(k);
      }
    }
    if (diff.isEmpty()) {
      diff.add("fingerprint"); // same parts, another fingerprint: a damaged line
    }
    return diff;
  }

  /**
   * The key check value of {@code key} ({@code "none"} for a keyless run): see the class comment.
   * Never the key, never a hash of the key itself.
   */
  static String keyCheck(MasterKey key) {
    if (key == null) {
      return "none";
    }
    DerivedKey k = key.derive(KEY_CHECK_PURPOSE, DerivedKey.DEFAULT_LENGTH);
    byte[] secret = k.secret().toByteArray(SecretAccess.get());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] tag = mac.doFinal(KEY_CHECK_LABEL.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(tag, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java SE platform", e);
    } finally {
      java.util.Arrays.fill(secret, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "RunSettings{" + parts.keySet() + "}";
  }
}
