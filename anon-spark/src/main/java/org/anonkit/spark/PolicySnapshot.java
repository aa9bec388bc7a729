package org.anonkit.spark;

import java.io.Serializable;
import org.anonkit.Policy;
import org.anonkit.config.PolicyJson;

/**
 * A {@link Policy} as its canonical JSON ({@link PolicyJson#write}), so that a Spark closure carries the
 * policy (never a key) as one string and each executor reads the same policy back with {@link #toPolicy()}.
 * The canonical text is exact (rules, sections and parameters in order, with their types) and the same for
 * the same policy on every JVM, so equal snapshots rebuild equal policies and a snapshot is also a cache
 * key. Not kept: the JSON paths that rules and parameters carry for error messages (the policy read back,
 * on the driver and on the executors, names the paths of the canonical text; for a policy read from a file
 * those of its rules under {@code fields} and of its sections are the same).
 *
 * <p>Immutable and thread-safe.
 */
final class PolicySnapshot implements Serializable {
  private static final long serialVersionUID = 2L;

  private final String name;
  private final String json;

  private PolicySnapshot(String name, String json) {
    this.name = name;
    this.json = json;
  }

  /**
   * The snapshot of {@code policy}.
   *
   * @throws org.anonkit.PolicyException if the policy has a part no policy file can hold (see
   *     {@link PolicyJson#write}: a NaN parameter, a default rule not named {@code *}, ...), naming its path
   */
  static PolicySnapshot of(Policy policy) {
    return new PolicySnapshot(policy.name(), PolicyJson.write(policy));
  }

  String name() {
    return name;
  }

  /** The policy this snapshot was taken of (read from the canonical JSON: paths are those of that text). */
  Policy toPolicy() {
    return PolicyJson.parse(json);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicySnapshot && json.equals(((PolicySnapshot) o).json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  /** The policy's name and size, not its text (a policy is configuration, but may name a site's values). */
  @Override
  public String toString() {
    return "PolicySnapshot{" + name + ", " + json.length() + " characters of JSON}";
  }
}
