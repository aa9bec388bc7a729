package org.anonkit.privacy.dp;

import java.util.Objects;

/**
 * Tracks the privacy loss of a sequence of releases against a budget, and refuses (with
 * {@link BudgetExceededException}, recording nothing) any release that would exceed it.
 *
 * <p>Four accountings, chosen at creation:
 * <ul>
 *   <li>{@link #basic basic}: (ε, δ) releases add up (Dwork et al. 2006).
 *   <li>{@link #advanced advanced}: the advanced composition theorem (Dwork, Rothblum, Vadhan 2010) in
 *       its heterogeneous form, ε = sqrt(2 ln(1/δ') Σ ε_i²) + Σ ε_i (e^ε_i − 1) at an extra δ', or the
 *       basic sum when that is smaller.
 *   <li>{@link #zcdp zCDP} (Bun and Steinke 2016): Gaussian releases add ρ = 1/(2z²), pure ε releases
 *       ρ = ε²/2; converted with ε = ρ + 2 sqrt(ρ ln(1/δ)).
 *   <li>{@link #rdp RDP} (Mironov 2017) over a list of orders: Gaussian releases α/(2z²), sampled
 *       Gaussian steps by {@link Rdp#sampledGaussian}, pure ε releases min(ε, αε²/2); converted with the
 *       chosen {@link Rdp.Conversion}.
 * </ul>
 * In the zCDP and RDP accountings, releases that are only (ε, δ>0)-DP are composed with the rest by
 * basic composition, and the δ of the budget left over is used for the conversion; while every release
 * so far is an (ε, δ) release, the basic sum is reported when it is the smaller.
 *
 * <p>Thread-safe: every method is synchronized, so releases from several threads are checked and
 * recorded atomically.
 */
public final class PrivacyAccountant {
  /** The accounting method. */
  public enum Accounting { BASIC, ADVANCED, ZCDP, RDP }

  private final PrivacyBudget budget;
  private final Accounting accounting;
  private final double slackDelta;
  private final Rdp.Conversion conversion;
  private final double[] orders;

  // state
  private double sumEpsilon;
  private double sumEpsilonSquared;
  private double sumEpsilonExpm1;
  private double sumDelta;
  private double rho;
  private final double[] rdp;
  private double basicEpsilon; // Σ ε over all (ε, δ) releases, pure ones included
  private int curveReleases; // releases with no (ε, δ) form of their own (Gaussian, sampled, ρ)
  private int releases;
  private double lastOrder = Double.NaN;

  private PrivacyAccountant(
      PrivacyBudget budget, Accounting accounting, double slackDelta, Rdp.Conversion conversion,
      double[] orders) {
    this.budget = Objects.requireNonNull(budget, "budget");
    this.accounting = accounting;
    this.slackDelta = slackDelta;
    this.conversion = conversion;
    this.orders = orders;
    this.rdp = new double[orders.length];
  }

  /** Basic composition. */
  public static PrivacyAccountant basic(PrivacyBudget budget) {
    return new PrivacyAccountant(budget, Accounting.BASIC, 0, null, new double[0]);
  }

  /** Advanced composition with slack δ' (part of the budget's δ). */
  public static PrivacyAccountant advanced(PrivacyBudget budget, double slackDelta) {
    Checks.delta(slackDelta);
    if (slackDelta > budget.delta()) {
      throw new PrivacyParameterException("slackDelta " + slackDelta
          + " must not exceed the budget's delta " + budget.delta());
    }
    return new PrivacyAccountant(budget, Accounting.ADVANCED, slackDelta, null, new double[0]);
  }

  /** zCDP accounting; the budget's δ must be > 0. */
  public static PrivacyAccountant zcdp(PrivacyBudget budget) {
    Checks.delta(budget.delta());
    return new PrivacyAccountant(budget, Accounting.ZCDP, 0, null, new double[0]);
  }

  /** RDP accounting over {@link Rdp#defaultOrders()}; the budget's δ must be > 0. */
  public static PrivacyAccountant rdp(PrivacyBudget budget, Rdp.Conversion conversion) {
    return rdp(budget, conversion, Rdp.defaultOrders());
  }

  /** RDP accounting over the given orders (each > 1). */
  public static PrivacyAccountant rdp(
      PrivacyBudget budget, Rdp.Conversion conversion, double[] orders) {
    Checks.delta(budget.delta());
    if (orders.length == 0) {
      throw new PrivacyParameterException("orders must not be empty");
    }
    for (double a : orders) {
      if (!(a > 1)) {
        throw new PrivacyParameterException("Renyi order must be > 1, got " + a);
      }
    }
    return new PrivacyAccountant(budget, Accounting.RDP, 0,
        Objects.requireNonNull(conversion, "conversion"), orders.clone());
  }

  /** Records a pure ε-DP release (e.g. a Laplace mechanism). */
  public synchronized PrivacyBudget spend(double epsilon) {
    return spend(epsilon, 0);
  }

  /** Records an (ε, δ)-DP release. */
  public synchronized PrivacyBudget spend(double epsilon, double delta) {
    Checks.epsilon(epsilon);
    Checks.deltaOrZero(delta);
    boolean pure = delta == 0;
    double newRho = rho;
    double[] newRdp = rdp.clone();
    double addEps = epsilon;
    double addDelta = delta;
    if (pure && accounting == Accounting.ZCDP) {
      newRho += epsilon * epsilon / 2;
      addEps = 0;
    } else if (pure && accounting == Accounting.RDP) {
      for (int i = 0; i < orders.length; i++) {
        newRdp[i] += Math.min(epsilon, orders[i] * epsilon * epsilon / 2);
      }
      addEps = 0;
    }
    return commit(addEps, addDelta, newRho, newRdp, epsilon, false);
  }

  /** Records a Gaussian release with noise multiplier z = σ/Δ (zCDP and RDP accountings only). */
  public synchronized PrivacyBudget spendGaussian(double noiseMultiplier) {
    Checks.positive("noiseMultiplier", noiseMultiplier);
    requireCurveAccounting("a Gaussian release");
    double newRho = rho + 1 / (2 * noiseMultiplier * noiseMultiplier);
    double[] newRdp = rdp.clone();
    for (int i = 0; i < orders.length; i++) {
      newRdp[i] += Rdp.gaussian(noiseMultiplier, orders[i]);
    }
    return commit(0, 0, newRho, newRdp, 0, true);
  }

  /** Records {@code steps} steps of the sampled Gaussian mechanism (RDP accounting only). */
  public synchronized PrivacyBudget spendSampledGaussian(
      double samplingRate, double noiseMultiplier, long steps) {
    if (accounting != Accounting.RDP) {
      throw new PrivacyParameterException(
          "the sampled Gaussian needs RDP accounting; this accountant uses " + accounting);
    }
    double[] add = Rdp.sampledGaussian(samplingRate, noiseMultiplier, steps, orders);
    double[] newRdp = rdp.clone();
    for (int i = 0; i < orders.length; i++) {
      newRdp[i] += add[i];
    }
    return commit(0, 0, rho, newRdp, 0, true);
  }

  /** Records a ρ-zCDP release (zCDP accounting; RDP accounting takes it as ρα at each order). */
  public synchronized PrivacyBudget spendZcdp(double rhoOfRelease) {
    Checks.positive("rho", rhoOfRelease);
    requireCurveAccounting("a zCDP release");
    double[] newRdp = rdp.clone();
    for (int i = 0; i < orders.length; i++) {
      newRdp[i] += rhoOfRelease * orders[i];
    }
    return commit(0, 0, rho + rhoOfRelease, newRdp, 0, true);
  }

  private void requireCurveAccounting(String what) {
    if (accounting != Accounting.ZCDP && accounting != Accounting.RDP) {
      throw new PrivacyParameterException(what + " needs zCDP or RDP accounting; this accountant"
          + " uses " + accounting + " (convert the release to (epsilon, delta) and use spend)");
    }
  }

  private PrivacyBudget commit(double addEps, double addDelta, double newRho, double[] newRdp,
      double addBasic, boolean curve) {
    double newBasic = basicEpsilon + addBasic;
    int newCurve = curveReleases + (curve ? 1 : 0);
    double newSumEps = sumEpsilon + addEps;
    double newSumEps2 = sumEpsilonSquared + addEps * addEps;
    double newSumExpm1 = sumEpsilonExpm1 + addEps * Math.expm1(addEps);
    double newSumDelta = sumDelta + addDelta;
    Total total = total(newSumEps, newSumEps2, newSumExpm1, newSumDelta, newRho, newRdp, newBasic,
        newCurve);
    if (!budget.covers(total.spent)) {
      throw new BudgetExceededException(budget, total.spent, accounting.name());
    }
    sumEpsilon = newSumEps;
    basicEpsilon = newBasic;
    curveReleases = newCurve;
    sumEpsilonSquared = newSumEps2;
    sumEpsilonExpm1 = newSumExpm1;
    sumDelta = newSumDelta;
    rho = newRho;
    System.arraycopy(newRdp, 0, rdp, 0, rdp.length);
    lastOrder = total.order;
    releases++;
    return total.spent;
  }

  private record Total(PrivacyBudget spent, double order) {}

  private Total total(double sEps, double sEps2, double sExpm1, double sDelta, double r,
      double[] curve, double basicEps, int curves) {
    Total t = curveTotal(sEps, sEps2, sExpm1, sDelta, r, curve);
    if ((accounting == Accounting.ZCDP || accounting == Accounting.RDP) && curves == 0
        && basicEps <= t.spent.epsilon()) {
      // only (ε, δ) releases so far: their basic composition may be the tighter statement
      return new Total(new PrivacyBudget(basicEps, Math.min(sDelta, 0.999999999)), Double.NaN);
    }
    return t;
  }

  private Total curveTotal(double sEps, double sEps2, double sExpm1, double sDelta, double r,
      double[] curve) {
    switch (accounting) {
      case BASIC:
        return new Total(new PrivacyBudget(sEps, Math.min(sDelta, 0.999999999)), Double.NaN);
      case ADVANCED: {
        double advanced = Math.sqrt(2 * Math.log(1 / slackDelta) * sEps2) + sExpm1;
        if (advanced < sEps) {
          return new Total(new PrivacyBudget(advanced, Math.min(sDelta + slackDelta, 0.999999999)),
              Double.NaN);
        }
        return new Total(new PrivacyBudget(sEps, Math.min(sDelta, 0.999999999)), Double.NaN);
      }
      case ZCDP: {
        double left = budget.delta() - sDelta;
        if (r == 0) {
          return new Total(new PrivacyBudget(sEps, sDelta), Double.NaN);
        }
        if (!(left > 0)) {
          return new Total(new PrivacyBudget(Double.POSITIVE_INFINITY, Math.min(sDelta, 0.999999999)),
              Double.NaN);
        }
        double eps = r + 2 * Math.sqrt(r * Math.log(1 / left));
        return new Total(new PrivacyBudget(sEps + eps, budget.delta()), Double.NaN);
      }
      case RDP:
      default: {
        boolean any = false;
        for (double v : curve) {
          any |= v > 0;
        }
        if (!any) {
          return new Total(new PrivacyBudget(sEps, sDelta), Double.NaN);
        }
        double left = budget.delta() - sDelta;
        if (!(left > 0)) {
          return new Total(new PrivacyBudget(Double.POSITIVE_INFINITY, Math.min(sDelta, 0.999999999)),
              Double.NaN);
        }
        Rdp.EpsilonAtOrder e = Rdp.epsilon(orders, curve, left, conversion);
        return new Total(new PrivacyBudget(sEps + e.epsilon(), budget.delta()), e.order());
      }
    }
  }

  /** What the releases so far have spent. */
  public synchronized PrivacyBudget spent() {
    return total(sumEpsilon, sumEpsilonSquared, sumEpsilonExpm1, sumDelta, rho, rdp, basicEpsilon,
        curveReleases).spent;
  }

  /** The budget. */
  public PrivacyBudget budget() {
    return budget;
  }

  /** The accounting method. */
  public Accounting accounting() {
    return accounting;
  }

  /** The RDP order at which the last conversion attained its ε (NaN if not RDP or none yet). */
  public synchronized double optimalOrder() {
    return lastOrder;
  }

  /** Number of releases recorded. */
  public synchronized int releases() {
    return releases;
  }

  /** The accumulated ρ (zCDP accounting). */
  public synchronized double rho() {
    return rho;
  }

  @Override
  public synchronized String toString() {
    return "PrivacyAccountant{" + accounting + ", budget=" + budget + ", spent=" + spent()
        + ", releases=" + releases + "}";
  }
}
