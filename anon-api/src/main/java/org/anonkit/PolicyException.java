package org.anonkit;

/**
 * A policy, or a transformer's parameters, is invalid. The message names the JSON path
 * (for example {@code $.fields.Owner.params.length}) and the rule that was broken.
 *
 * <p>Immutable; safe to share between threads.
 */
public class PolicyException extends AnonException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public PolicyException(String path, String problem) {
    super(path == null ? problem : "at " + path + ": " + problem);
    this.path = path;
  }

  public PolicyException(String path, String problem, Throwable cause) {
    super(path == null ? problem : "at " + path + ": " + problem, cause);
    this.path = path;
  }

  /** The JSON path of the offending element, or {@code null} for a policy built in code. */
  public String path() {
    return path;
  }
}
