package org.anonkit.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CalibrationTest {
  static Stream<Arguments> bwRows() {
    return ReferenceValues.rows("bw");
  }

  /** Reference σ from scipy.optimize.brentq on Balle and Wang's Theorem 8 condition. */
  @ParameterizedTest(name = "{0}: eps={1} delta={2} sens={3}")
  @MethodSource("bwRows")
  void analyticSigma_matchesIndependentScipyRoot(
      String id, double eps, double delta, double sens, double expected) {
    double sigma = GaussianMechanism.analyticSigma(eps, delta, sens);
    assertThat(sigma).isCloseTo(expected, within(expected * 1e-9));
    // and it satisfies the condition it was solved for
    assertThat(GaussianMechanism.deltaOf(sigma / sens, eps)).isLessThanOrEqualTo(delta);
  }

  @Test
  void analyticSigma_isBelowClassicBound_forEpsilonBelowOne() {
    for (double eps : new double[] {0.1, 0.5, 0.9}) {
      assertThat(GaussianMechanism.analyticSigma(eps, 1e-5, 1))
          .isLessThan(GaussianMechanism.classicSigma(eps, 1e-5, 1));
    }
    // classic: sqrt(2 ln(1.25e5)) = 4.8448...
    assertThat(GaussianMechanism.classicSigma(1, 1e-5, 1))
        .isCloseTo(Math.sqrt(2 * Math.log(1.25e5)), within(1e-12));
  }

  @Test
  void discreteCalibration_meetsExactDiscreteDelta_andIsCloseToContinuous() {
    for (double eps : new double[] {0.5, 1, 3}) {
      double s = DiscreteGaussianPrivacy.calibrate(eps, 1e-6, 1);
      assertThat(DiscreteGaussianPrivacy.delta(s, eps, 1)).isLessThanOrEqualTo(1e-6);
      double cont = GaussianMechanism.analyticSigma(eps, 1e-6, 1);
      assertThat(s / cont).isBetween(0.9, 1.1);
    }
  }

  /**
   * rho() must bound the zCDP parameter of every release the mechanism makes. The integer noise is
   * calibrated on the discrete Gaussian's exact curve, which at ε = 5, δ = 0.01 needs σ = 0.544 where
   * the continuous one needs 0.569: rho() used to report Δ²/(2σ²) = 1.54 of the continuous σ while
   * the integer release is 1.69-zCDP (and ε = 10, δ = 0.1: 6.30 against 10.1).
   */
  @Test
  void rho_boundsTheIntegerReleaseToo() {
    double[][] cases = {{5, 0.01, 1}, {10, 0.1, 1}, {3, 0.3, 1}, {1, 1e-5, 1}, {0.5, 1e-6, 2.5}};
    for (double[] c : cases) {
      GaussianMechanism g = GaussianMechanism.create(c[0], c[1], c[2], new java.util.SplittableRandom(1));
      double intSens = Math.ceil(c[2]);
      double integerRho = intSens * intSens / (2 * g.integerSigma() * g.integerSigma());
      double continuousRho = c[2] * c[2] / (2 * g.sigma() * g.sigma());
      assertThat(g.rho()).as("eps=%s delta=%s", c[0], c[1])
          .isGreaterThanOrEqualTo(integerRho).isGreaterThanOrEqualTo(continuousRho)
          .isLessThan(Math.max(integerRho, continuousRho) * (1 + 1e-12));
    }
  }

  @Test
  void parameters_outOfDomain_rejectedWithTypedError() {
    assertThatThrownBy(() -> GaussianMechanism.analyticSigma(0, 1e-5, 1))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("epsilon");
    assertThatThrownBy(() -> GaussianMechanism.analyticSigma(1, 1, 1))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("delta");
    assertThatThrownBy(() -> GaussianMechanism.analyticSigma(1, 1e-5, -2))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("l2Sensitivity");
    assertThatThrownBy(() -> LaplaceMechanism.create(Double.NaN, 1))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("epsilon");
    assertThatThrownBy(() -> LaplaceMechanism.create(1, 0))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("l1Sensitivity");
  }
}
