package org.anonkit.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * What an executor needs to rebuild a job's compiled policy: the policy snapshot, the mode, and where the
 * key comes from — the key source's {@code scheme:location} description and the key's public id, never
 * key material. This is all a Spark closure carries about keys. Immutable and thread-safe.
 */
final class JobSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  final PolicySnapshot policy;
  final String mode; // null: the policy as written
  final String keySource; // e.g. file:/etc/anonkit/key.json or env:ANONKIT_MASTER_KEY
  final String keyId;

  JobSpec(PolicySnapshot policy, String mode, String keySource, String keyId) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.mode = mode;
    this.keySource = Objects.requireNonNull(keySource, "keySource");
    this.keyId = Objects.requireNonNull(keyId, "keyId");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JobSpec)) {
      return false;
    }
    JobSpec s = (JobSpec) o;
    return policy.equals(s.policy) && Objects.equals(mode, s.mode) && keySource.equals(s.keySource)
        && keyId.equals(s.keyId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(policy, mode, keySource, keyId);
  }

  @Override
  public String toString() {
    return "JobSpec{policy=" + policy.name() + ", mode=" + (mode == null ? "hmac" : mode) + ", key=" + keyId
        + " from " + keySource + "}";
  }
}
