package org.anonkit.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrivacyAccountantTest {
  @Test
  void basic_sumsAndRefusesOverspend_withoutRecording() {
    PrivacyAccountant acc = PrivacyAccountant.basic(new PrivacyBudget(1.0, 1e-6));
    acc.spend(0.5);
    acc.spend(0.25, 5e-7);
    assertThat(acc.spent()).isEqualTo(new PrivacyBudget(0.75, 5e-7));
    assertThatThrownBy(() -> acc.spend(0.3))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("exceeded");
    assertThat(acc.spent().epsilon()).isEqualTo(0.75);
    assertThat(acc.releases()).isEqualTo(2);
    acc.spend(0.25); // exactly to the budget is allowed
    assertThat(acc.spent().epsilon()).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void advanced_beatsBasicForManySmallReleases() {
    // k = 1000 releases of ε = 0.01 with δ' = 1e-6: sqrt(2k ln(1e6))·0.01 + k·0.01·(e^0.01 − 1)
    PrivacyAccountant acc = PrivacyAccountant.advanced(new PrivacyBudget(10, 1e-5), 1e-6);
    for (int i = 0; i < 1000; i++) {
      acc.spend(0.01);
    }
    double expected = Math.sqrt(2 * 1000 * Math.log(1e6)) * 0.01 + 1000 * 0.01 * Math.expm1(0.01);
    assertThat(acc.spent().epsilon()).isCloseTo(expected, within(1e-9));
    assertThat(acc.spent().epsilon()).isLessThan(10);
    assertThat(acc.spent().delta()).isCloseTo(1e-6, within(1e-18));
  }

  @Test
  void zcdp_gaussianReleasesAddRho_andConvert() {
    PrivacyAccountant acc = PrivacyAccountant.zcdp(new PrivacyBudget(5, 1e-6));
    acc.spendGaussian(2.0); // ρ = 1/8
    acc.spendGaussian(2.0);
    assertThat(acc.rho()).isCloseTo(0.25, within(1e-15));
    double eps = 0.25 + 2 * Math.sqrt(0.25 * Math.log(1e6));
    assertThat(acc.spent().epsilon()).isCloseTo(eps, within(1e-12));
    assertThatThrownBy(() -> acc.spendSampledGaussian(0.01, 1, 10))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("RDP");
  }

  @Test
  void rdp_sampledGaussianMatchesOneShotComputation_andRefusesBeyondBudget() {
    PrivacyAccountant acc = PrivacyAccountant.rdp(new PrivacyBudget(3.0, 1e-5),
        Rdp.Conversion.CLASSIC);
    double q = 256 / 60000.0;
    for (int epoch = 0; epoch < 60; epoch++) {
      acc.spendSampledGaussian(q, 1.12, 14062 / 60 + (epoch < 14062 % 60 ? 1 : 0));
    }
    assertThat(acc.spent().epsilon()).isCloseTo(
        Rdp.dpSgdEpsilon(q, 1.12, 14062, 1e-5, Rdp.Conversion.CLASSIC).epsilon(), within(1e-9));
    assertThat(acc.optimalOrder()).isGreaterThan(1);
    assertThatThrownBy(() -> acc.spendSampledGaussian(q, 1.12, 2000))
        .isInstanceOf(BudgetExceededException.class);
    assertThat(acc.spent().epsilon()).isLessThan(3.0);
  }

  @Test
  void rdp_mixesApproximateReleasesByBasicComposition() {
    PrivacyAccountant acc = PrivacyAccountant.rdp(new PrivacyBudget(4, 1e-5),
        Rdp.Conversion.IMPROVED);
    acc.spend(0.5, 2e-6);
    acc.spendGaussian(3.0);
    double[] orders = Rdp.defaultOrders();
    double[] curve = new double[orders.length];
    for (int i = 0; i < orders.length; i++) {
      curve[i] = Rdp.gaussian(3.0, orders[i]);
    }
    double eps = Rdp.epsilon(orders, curve, 1e-5 - 2e-6, Rdp.Conversion.IMPROVED).epsilon();
    assertThat(acc.spent().epsilon()).isCloseTo(0.5 + eps, within(1e-12));
    assertThat(acc.spent().delta()).isEqualTo(1e-5);
  }

  @Test
  void basic_rejectsCurveReleases_withClearMessage() {
    PrivacyAccountant acc = PrivacyAccountant.basic(new PrivacyBudget(1, 1e-6));
    assertThatThrownBy(() -> acc.spendGaussian(1.0))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("zCDP or RDP");
    assertThatThrownBy(() -> new PrivacyBudget(-1, 0))
        .isInstanceOf(PrivacyParameterException.class);
    assertThatThrownBy(() -> PrivacyAccountant.zcdp(PrivacyBudget.pure(1)))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("delta");
  }

  @Test
  void zcdp_pureReleasesOnly_reportBasicSumWhenTighter() {
    PrivacyAccountant acc = PrivacyAccountant.zcdp(new PrivacyBudget(2, 1e-6));
    acc.spend(1.0);
    assertThat(acc.spent()).isEqualTo(PrivacyBudget.pure(1.0));
    // 400 releases of ε = 0.01 (ρ = 2e-2 in total): zCDP beats the basic sum of 4
    PrivacyAccountant many = PrivacyAccountant.zcdp(new PrivacyBudget(5, 1e-6));
    for (int i = 0; i < 400; i++) {
      many.spend(0.01);
    }
    double rho = 400 * 0.01 * 0.01 / 2;
    assertThat(many.spent().epsilon())
        .isCloseTo(rho + 2 * Math.sqrt(rho * Math.log(1e6)), within(1e-12)).isLessThan(4.0);
  }
}
