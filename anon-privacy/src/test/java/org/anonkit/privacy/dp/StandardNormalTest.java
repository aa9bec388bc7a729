package org.anonkit.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cody's erfc against scipy.special (reference_values.py, committed output). */
class StandardNormalTest {
  static Stream<Arguments> erfcRows() {
    return ReferenceValues.rows("erfc");
  }

  static Stream<Arguments> logErfcRows() {
    return ReferenceValues.rows("logerfc");
  }

  @ParameterizedTest(name = "{0}: erfc({1})")
  @MethodSource("erfcRows")
  void erfc_matchesScipy_toRelative1e14(String id, double x, double b, double c, double expected) {
    assertThat(StandardNormal.erfc(x)).isCloseTo(expected, within(Math.abs(expected) * 1e-14));
  }

  @ParameterizedTest(name = "{0}: logErfc({1})")
  @MethodSource("logErfcRows")
  void logErfc_largeArguments_matchScipy(String id, double x, double b, double c, double expected) {
    assertThat(StandardNormal.logErfc(x)).isCloseTo(expected, within(Math.abs(expected) * 1e-14));
  }

  @Test
  void cdf_symmetryAndKnownQuantile() {
    assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
    // Φ(1.959963984540054) = 0.975 (the 97.5% quantile to 16 digits)
    assertThat(StandardNormal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-15));
    for (double x = -8; x <= 8; x += 0.37) {
      assertThat(StandardNormal.cdf(x) + StandardNormal.cdf(-x)).isCloseTo(1.0, within(1e-15));
    }
    assertThat(StandardNormal.logCdf(-40)).isCloseTo(Math.log(0.5) + StandardNormal.logErfc(40 / Math.sqrt(2)),
        within(1e-12));
  }
}
