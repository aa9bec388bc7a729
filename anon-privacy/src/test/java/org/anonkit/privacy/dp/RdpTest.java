package org.anonkit.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RdpTest {
  static Stream<Arguments> rdpRows() {
    return ReferenceValues.rows("rdp");
  }

  /**
   * Per-step RDP against direct numerical integration of the definition (scipy.integrate.quad in
   * reference_values.py), for integer and fractional orders.
   */
  @ParameterizedTest(name = "{0}: q={1} z={2} alpha={3}")
  @MethodSource("rdpRows")
  void sampledGaussian_matchesNumericalIntegration(
      String id, double q, double z, double alpha, double expected) {
    assertThat(Rdp.sampledGaussian(q, z, alpha)).isCloseTo(expected, within(expected * 1e-7));
  }

  /**
   * Published with TF-Privacy's MNIST tutorial (tensorflow/privacy, tutorials/README.md, "Select
   * Parameters" table; ε at δ = 1e-5, batch 256 of 60,000, steps = epochs·60000/256 rounded down, RDP
   * accountant with the classic conversion over the tutorial's orders): (1.12, 60 epochs) → 2.92 and
   * (1.2, 10) → 1.20, reported to two decimals, hence ±0.005. The table's third row, (0.6, 30) → 9.74,
   * comes out as 9.753 here (and with any order grid we tried), so it is checked to ±0.015 only; the
   * exact TF-Privacy test values below pin the implementation down to 1e-9.
   */
  @ParameterizedTest(name = "z={0}, epochs={1} -> eps {2}")
  @CsvSource({"1.12, 60, 2.92, 0.005", "1.2, 10, 1.20, 0.005", "0.6, 30, 9.74, 0.015"})
  void dpSgdEpsilon_reproducesTfPrivacyMnistTable(
      double z, int epochs, double published, double tolerance) {
    long steps = epochs * 60000L / 256;
    Rdp.EpsilonAtOrder e = Rdp.dpSgdEpsilon(256 / 60000.0, z, steps, 1e-5, Rdp.Conversion.CLASSIC);
    assertThat(e.epsilon()).isCloseTo(published, within(tolerance));
  }

  /**
   * TF-Privacy's own unit test of compute_dp_sgd_privacy (tensorflow/privacy,
   * tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy_test.py at commit 2cd46dbb,
   * test_compute_dp_sgd_privacy): n, batch, z, epochs, δ → ε and optimal order, computed there by
   * dp_accounting's RDP accountant with the improved conversion over that tool's order list;
   * steps = epochs·n/batch, q = batch/n.
   * The same file's earlier version (classic conversion) gave 0.941870567 for Test0.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Test0, 60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19.0, IMPROVED",
    "Test1, 100000, 100, 1.0, 30, 1e-7, 1.4154988495444842, 13.0, IMPROVED",
    "Test2, 100000000, 1024, 0.1, 10, 1e-7, 5907982.3113978775, 1.25, IMPROVED",
    "Test0-classic, 60000, 150, 1.3, 15, 1e-5, 0.941870567, 19.0, CLASSIC"
  })
  void dpSgdEpsilon_reproducesTfPrivacyUnitTest(String id, long n, long batch, double z,
      double epochs, double delta, double expected, double expectedOrder, Rdp.Conversion conv) {
    double q = (double) batch / n;
    long steps = (long) Math.ceil(epochs * n / batch);
    // compute_dp_sgd_privacy's orders: 1.25, 1.5, ..., 4.5, then 5..63, then 128, 256, 512
    double[] orders = java.util.stream.DoubleStream.concat(
        java.util.stream.DoubleStream.of(1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5),
        java.util.stream.DoubleStream.concat(java.util.stream.IntStream.range(5, 64).asDoubleStream(),
            java.util.stream.DoubleStream.of(128, 256, 512))).toArray();
    Rdp.EpsilonAtOrder e = Rdp.epsilon(orders, Rdp.sampledGaussian(q, z, steps, orders), delta, conv);
    assertThat(e.epsilon()).isCloseTo(expected, within(expected * 1e-9));
    assertThat(e.order()).isEqualTo(expectedOrder);
  }

  @Test
  void improvedConversion_neverWorseThanClassic_andOptimalOrderReported() {
    Rdp.EpsilonAtOrder classic =
        Rdp.dpSgdEpsilon(256 / 60000.0, 1.1, 14062, 1e-5, Rdp.Conversion.CLASSIC);
    Rdp.EpsilonAtOrder improved =
        Rdp.dpSgdEpsilon(256 / 60000.0, 1.1, 14062, 1e-5, Rdp.Conversion.IMPROVED);
    assertThat(improved.epsilon()).isLessThan(classic.epsilon());
    assertThat(improved.order()).isGreaterThan(1);
    assertThat(classic.order()).isGreaterThan(1);
  }

  @Test
  void integerAndFractionalPaths_agreeNearIntegerOrders() {
    double q = 0.01;
    double z = 1.3;
    for (int a = 2; a <= 20; a++) {
      double integer = Rdp.logAInteger(q, z, a);
      double fractional = Rdp.logAFractional(q, z, a + 1e-9);
      assertThat(fractional).isCloseTo(integer, within(Math.abs(integer) * 1e-6 + 1e-12));
    }
  }

  @Test
  void fullBatch_isPlainGaussian() {
    assertThat(Rdp.sampledGaussian(1.0, 2.0, 5.0)).isCloseTo(5.0 / 8, within(1e-15));
    assertThat(Rdp.gaussian(2.0, 5.0)).isCloseTo(5.0 / 8, within(1e-15));
    assertThat(Rdp.sampledGaussian(0.0, 2.0, 5.0)).isZero();
  }
}
