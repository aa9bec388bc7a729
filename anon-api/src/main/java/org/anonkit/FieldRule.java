package org.anonkit;

import java.util.Objects;

/**
 * What a policy does with one field: transform it with a named transformer, keep it in clear (only for
 * fields a reviewer listed as safe), or drop it.
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldRule {

  /** The three things a policy can do with a field. An enum: immutable and thread-safe. */
  public enum Action {
    /** Replace the value by a transformer's output. */
    TRANSFORM,
    /** Write the value in clear: only for fields a reviewer listed as non-identifying. */
    KEEP,
    /** Omit the field. */
    DROP
  }

  private final String field;
  private final Action action;
  private final String transformer;
  private final Parameters parameters;
  private final OnFailure onFailure;
  private final String linkageDomain;
  private final String path;

  private FieldRule(String field, Action action, String transformer, Parameters parameters,
      OnFailure onFailure, String linkageDomain, String path) {
    this.field = field;
    this.action = action;
    this.transformer = transformer;
    this.parameters = parameters;
    this.onFailure = onFailure;
    this.linkageDomain = linkageDomain;
    this.path = path;
  }

  /** A rule transforming {@code field} with the transformer named {@code transformer}. */
  public static Builder transform(String field, String transformer) {
    return new Builder(field, Action.TRANSFORM, Objects.requireNonNull(transformer, "transformer"));
  }

  /** A rule keeping {@code field} in clear. */
  public static FieldRule keep(String field) {
    return new Builder(field, Action.KEEP, null).build();
  }

  /** A rule dropping {@code field}. */
  public static FieldRule drop(String field) {
    return new Builder(field, Action.DROP, null).build();
  }

  /** The field name as written in the policy ({@code "*"} for the default rule). */
  public String field() {
    return field;
  }

  public Action action() {
    return action;
  }

  /** The transformer name, or {@code null} unless {@link Action#TRANSFORM}. */
  public String transformer() {
    return transformer;
  }

  public Parameters parameters() {
    return parameters;
  }

  public OnFailure onFailure() {
    return onFailure;
  }

  /** The linkage domain, or {@code null} (then keys are per field). */
  public String linkageDomain() {
    return linkageDomain;
  }

  /** The JSON path the rule was read from ({@code "$"} when built in code). */
  public String path() {
    return path;
  }

  @Override
  public String toString() {
    return "FieldRule{" + field + " " + action + (transformer == null ? "" : " " + transformer)
        + ", onFailure=" + onFailure.policyName() + (linkageDomain == null ? "" : ", domain=" + linkageDomain) + "}";
  }

  /** Builds a {@link FieldRule}. Not thread-safe. */
  public static final class Builder {
    private final String field;
    private final Action action;
    private final String transformer;
    private Parameters parameters = Parameters.empty();
    private OnFailure onFailure = OnFailure.FAIL;
    private String linkageDomain;
    private String path = "$";

    private Builder(String field, Action action, String transformer) {
      this.field = Objects.requireNonNull(field, "field");
      if (field.isEmpty()) {
        throw new PolicyException(null, "field name must not be empty");
      }
      this.action = action;
      this.transformer = transformer;
    }

    public Builder parameters(Parameters parameters) {
      this.parameters = Objects.requireNonNull(parameters, "parameters");
      return this;
    }

    public Builder onFailure(OnFailure onFailure) {
      this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
      return this;
    }

    /** Fields in one linkage domain get the same token for the same value. */
    public Builder linkageDomain(String domain) {
      if (domain != null && domain.isEmpty()) {
        throw new PolicyException(path, "linkage domain must not be empty");
      }
      this.linkageDomain = domain;
      return this;
    }

    /** The JSON path, used in error messages. */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    public FieldRule build() {
      return new FieldRule(field, action, transformer, parameters, onFailure, linkageDomain, path);
    }
  }
}
