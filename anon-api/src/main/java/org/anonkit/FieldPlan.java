package org.anonkit;

/**
 * A compiled {@link FieldRule}: the rule plus its ready transformer. Obtained from
 * {@link Anonymizer#plan(String)}.
 *
 * <p>Immutable and thread-safe (its transformer is).
 */
public final class FieldPlan {
  private final FieldRule rule;
  private final Transformer transformer;
  private final boolean isDefault;

  FieldPlan(FieldRule rule, Transformer transformer, boolean isDefault) {
    this.rule = rule;
    this.transformer = transformer;
    this.isDefault = isDefault;
  }

  public FieldRule rule() {
    return rule;
  }

  public FieldRule.Action action() {
    return rule.action();
  }

  /** The transformer, or {@code null} unless the action is {@link FieldRule.Action#TRANSFORM}. */
  public Transformer transformer() {
    return transformer;
  }

  public OnFailure onFailure() {
    return rule.onFailure();
  }

  /** Whether this is the policy's default rule (the field is not named by the policy). */
  public boolean isDefault() {
    return isDefault;
  }

  /**
   * Applies the transformer to {@code value} as given. A pipeline run may hand a transformer a value in
   * another spelling: with anon-pipeline's HTCondor policy it spells user names as {@code scrub-text} does
   * ({@code JDoe} as {@code jdoe}) before they are tokenized. For a run's token of one value use
   * anon-pipeline's {@code RecordAnonymizer.transform}, which applies that step and then this plan.
   *
   * @throws InvalidInputException naming {@code field} and {@code row} if the value is rejected
   * @throws IllegalStateException if the action is not {@link FieldRule.Action#TRANSFORM}
   */
  public String transform(String field, long row, CharSequence value) {
    if (transformer == null) {
      throw new IllegalStateException("field rule " + rule + " has no transformer");
    }
    try {
      return transformer.apply(value);
    } catch (InvalidInputException e) {
      throw e.at(field, row);
    }
  }

  @Override
  public String toString() {
    return "FieldPlan{" + rule + (isDefault ? ", default" : "") + "}";
  }
}
