package org.anonkit.privacy.dp;

import org.anonkit.AnonException;

/**
 * A release was refused because it would take the total privacy loss beyond the budget. Nothing was
 * recorded: the accountant is unchanged and the caller may retry with a cheaper release.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class BudgetExceededException extends AnonException {
  private static final long serialVersionUID = 1L;

  private final PrivacyBudget budget;
  private final PrivacyBudget wouldSpend;

  public BudgetExceededException(PrivacyBudget budget, PrivacyBudget wouldSpend, String accounting) {
    super("privacy budget exceeded: the release would bring the total to " + wouldSpend
        + " under " + accounting + " accounting, above the budget " + budget
        + "; release less (smaller epsilon, more noise, fewer steps) or raise the budget");
    this.budget = budget;
    this.wouldSpend = wouldSpend;
  }

  /** The budget that would have been exceeded. */
  public PrivacyBudget budget() {
    return budget;
  }

  /** The total the refused release would have led to. */
  public PrivacyBudget wouldSpend() {
    return wouldSpend;
  }
}
