package org.anonkit.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Goodness of fit of the exact samplers against their pmf, and moments of the mechanisms, all with
 * fixed seeds. Tolerances are stated as multiples of the estimator's standard deviation.
 */
class SamplerTest {
  private static final double Z_1E4 = 3.719; // standard normal quantile of 1 - 1e-4

  private static void assertFits(long[] counts, double[] pmf, long n) {
    double[] cs = Stats.chiSquare(counts, pmf, n);
    assertThat(cs[0]).as("chi-square with %s df", cs[1])
        .isLessThan(Stats.chiSquareCritical((int) cs[1], Z_1E4));
  }

  @Test
  void bernoulliExpMinus_matchesExp_forRationalArguments() {
    SplittableRandom rng = new SplittableRandom(1);
    long[][] cases = {{1, 3}, {1, 1}, {5, 2}, {0, 7}, {7, 1}};
    int n = 400_000;
    for (long[] c : cases) {
      int hits = 0;
      for (int i = 0; i < n; i++) {
        hits += Exact.bernoulliExpMinus(new Bits(rng), c[0], c[1]) ? 1 : 0;
      }
      double p = Math.exp(-(double) c[0] / c[1]);
      double sd = Math.sqrt(p * (1 - p) / n);
      assertThat((double) hits / n).isCloseTo(p, within(5 * sd + 1e-12));
    }
  }

  @Test
  void discreteLaplace_fitsExactPmf() {
    SplittableRandom rng = new SplittableRandom(2);
    DiscreteLaplaceSampler s = DiscreteLaplaceSampler.ofRationalScale(5, 2, rng); // scale 2.5
    int k = 40;
    long[] counts = new long[2 * k + 1];
    double[] pmf = new double[2 * k + 1];
    double r = Math.exp(-1 / 2.5);
    for (int y = -k; y <= k; y++) {
      pmf[y + k] = (1 - r) / (1 + r) * Math.pow(r, Math.abs(y));
    }
    int n = 300_000;
    for (int i = 0; i < n; i++) {
      long y = s.sample();
      counts[(int) Math.max(-k, Math.min(k, y)) + k]++;
    }
    assertFits(counts, pmf, n);
  }

  /**
   * A rational scale with a large numerator: t = 2^61, s = 2^12 (scale 2^49, within what ofScale
   * accepts). x = u + t·v overflowed a long for v >= 4 and the sample threw ArithmeticException, 170
   * times in 10,000 draws; the tail beyond 4 scales is e^-4 = 1.8% of the mass and must be there.
   */
  @Test
  void discreteLaplace_largeRationalScale_samplesTheWholeTail() {
    DiscreteLaplaceSampler s = DiscreteLaplaceSampler.ofRationalScale(1L << 61, 1L << 12, new SplittableRandom(14));
    double b = s.scale();
    int n = 20_000;
    double absSum = 0;
    int beyond4 = 0;
    for (int i = 0; i < n; i++) {
      double y = Math.abs((double) s.sample());
      absSum += y;
      beyond4 += y >= 4 * b ? 1 : 0;
    }
    assertThat(absSum / n / b).isCloseTo(1, within(5 / Math.sqrt(n)));
    double p = Math.exp(-4);
    assertThat((double) beyond4 / n).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n)));
  }

  @Test
  void discreteGaussian_smallSigma_fitsExactPmf() {
    for (double sigma : new double[] {0.8, 1.7, 6.3}) {
      SplittableRandom rng = new SplittableRandom(3);
      DiscreteGaussianSampler s = DiscreteGaussianSampler.ofSigma(sigma, rng);
      assertThat(s.sigma()).isBetween(sigma, sigma * (1 + 1e-5));
      double s2 = s.sigmaSquared();
      int k = (int) Math.ceil(8 * sigma) + 2;
      double[] pmf = new double[2 * k + 1];
      double z = 0;
      for (int y = -k; y <= k; y++) {
        pmf[y + k] = Math.exp(-(double) y * y / (2 * s2));
        z += pmf[y + k];
      }
      for (int i = 0; i < pmf.length; i++) {
        pmf[i] /= z;
      }
      long[] counts = new long[2 * k + 1];
      int n = 200_000;
      for (int i = 0; i < n; i++) {
        long y = s.sample();
        counts[(int) Math.max(-k, Math.min(k, y)) + k]++;
      }
      assertFits(counts, pmf, n);
    }
  }

  /**
   * The σ and scales the mechanisms use on doubles (2^16 grid steps per Δ, so tens of thousands of
   * steps) against the exact pmf, in 34 bins: the moments alone would miss a wrong shape.
   */
  @Test
  void gridSizedSamplers_fitExactPmf_binned() {
    // discrete Gaussian, σ of the (ε = 1, δ = 0.1) grid noise: 71,256.28 steps (t·m/d with d = 16)
    double sigma = 71_256.28;
    DiscreteGaussianSampler g = DiscreteGaussianSampler.ofSigma(sigma, new SplittableRandom(12));
    double s2 = g.sigmaSquared();
    double[] edges = new double[33];
    for (int i = 0; i <= 32; i++) {
      edges[i] = (i - 16) * sigma / 4; // -4σ .. 4σ; below and above are two more bins
    }
    double[] pmf = new double[34];
    double z = 0;
    long span = (long) (12 * sigma);
    for (long y = -span; y <= span; y++) {
      double w = Math.exp(-(double) y * y / (2 * s2));
      pmf[bin(edges, y)] += w;
      z += w;
    }
    for (int i = 0; i < pmf.length; i++) {
      pmf[i] /= z;
    }
    int n = 200_000;
    long[] counts = new long[34];
    for (int i = 0; i < n; i++) {
      counts[bin(edges, g.sample())]++;
    }
    assertFits(counts, pmf, n);

    // discrete Laplace, scale 65,536/0.3 grid steps (ε = 0.3), rounded up to a rational t/s
    DiscreteLaplaceSampler lap = DiscreteLaplaceSampler.ofScale(65_536 / 0.3, new SplittableRandom(13));
    double b = lap.scale();
    double r = Math.exp(-1 / b);
    for (int i = 0; i <= 32; i++) {
      edges[i] = (i - 16) * b / 2; // -8b .. 8b
    }
    // P(Y >= k) = r^k / (1 + r) for k >= 1; bins [edges[i-1], edges[i]) on the integers
    double[] lpmf = new double[34];
    long[] ks = new long[33];
    for (int i = 0; i <= 32; i++) {
      ks[i] = (long) Math.ceil(edges[i]);
    }
    for (int i = 0; i < 34; i++) {
      long lo = i == 0 ? Long.MIN_VALUE : ks[i - 1];
      long hi = i == 33 ? Long.MAX_VALUE : ks[i]; // [lo, hi)
      lpmf[i] = cdfBelow(hi, r) - cdfBelow(lo, r);
    }
    long[] lcounts = new long[34];
    for (int i = 0; i < n; i++) {
      lcounts[bin(edges, lap.sample())]++;
    }
    assertFits(lcounts, lpmf, n);
  }

  /** Index of the bin of y: 0 below edges[0], i for [edges[i-1], edges[i]), 33 from edges[32] on. */
  private static int bin(double[] edges, long y) {
    int i = java.util.Arrays.binarySearch(edges, (double) y);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** P(Y < k) for the discrete Laplace with ratio r. */
  private static double cdfBelow(long k, double r) {
    if (k == Long.MIN_VALUE) {
      return 0;
    }
    if (k == Long.MAX_VALUE) {
      return 1;
    }
    // P(Y >= k) = r^k/(1+r) for k >= 1, P(Y <= -k) the same by symmetry
    return k <= 0 ? Math.pow(r, -k + 1) / (1 + r) : 1 - Math.pow(r, k) / (1 + r);
  }

  @Test
  void discreteGaussian_largeSigma_momentsMatch() {
    // σ ≥ 2^20 uses the d = 1 representation; check mean, variance and the 1σ mass.
    double sigma = 3.0e6;
    DiscreteGaussianSampler s = DiscreteGaussianSampler.ofSigma(sigma, new SplittableRandom(4));
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    int within1 = 0;
    for (int i = 0; i < n; i++) {
      double y = s.sample();
      sum += y;
      sumSq += y * y;
      within1 += Math.abs(y) <= sigma ? 1 : 0;
    }
    double mean = sum / n;
    double var = sumSq / n - mean * mean;
    assertThat(mean).isCloseTo(0, within(5 * sigma / Math.sqrt(n)));
    assertThat(var / (sigma * sigma)).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
    double p1 = 0.6826894921370859;
    assertThat((double) within1 / n).isCloseTo(p1, within(5 * Math.sqrt(p1 * (1 - p1) / n)));
  }

  /** The check: the sample variance of 10^6 Laplace(b = 1) draws is within 0.03 of 2. */
  @Test
  void laplaceMechanism_millionDraws_varianceWithin003OfTwo() {
    LaplaceMechanism m = LaplaceMechanism.create(1.0, 1.0, new SplittableRandom(5));
    int n = 1_000_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double x = m.addNoise(0.0);
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / n;
    double var = (sumSq - n * mean * mean) / (n - 1);
    // sd of the sample variance: sqrt((μ4 − σ⁴)/n) = sqrt((24 − 4)/1e6) ≈ 0.0045, so 0.03 is ~6.7 sd
    assertThat(var).isCloseTo(2.0, within(0.03));
    assertThat(mean).isCloseTo(0.0, within(5 * Math.sqrt(2.0 / n)));
  }

  @Test
  void gaussianMechanism_doubles_varianceMatchesSigma() {
    GaussianMechanism m = GaussianMechanism.create(1.0, 1e-5, 2.0, new SplittableRandom(6));
    double sigma = m.sigma();
    int n = 400_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double x = m.addNoise(10.0) - 10.0;
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / n;
    double var = sumSq / n - mean * mean;
    assertThat(mean).isCloseTo(0, within(5 * sigma / Math.sqrt(n)));
    // actual σ is at most ~0.1% above the analytic one (grid and δ margin), sd of var ≈ sqrt(2/n)
    assertThat(var / (sigma * sigma)).isBetween(1 - 5 * Math.sqrt(2.0 / n), 1.003 + 5 * Math.sqrt(2.0 / n));
  }

  @Test
  void mechanisms_outputOnGrid_soLowBitsCarryNoInput() {
    LaplaceMechanism lap = LaplaceMechanism.create(0.5, 1.0, new SplittableRandom(7));
    double g = lap.granularity();
    assertThat(g).isEqualTo(Math.scalb(1.0, -16));
    for (int i = 0; i < 1000; i++) {
      double in = 0.1 * i + 1e-9;
      double out = lap.addNoise(in);
      assertThat(out / g).isEqualTo(Math.rint(out / g));
    }
    GaussianMechanism gauss = GaussianMechanism.create(1, 1e-6, 3.0, new SplittableRandom(8));
    for (int i = 0; i < 1000; i++) {
      double out = gauss.addNoise(0.37 * i);
      assertThat(out / gauss.granularity()).isEqualTo(Math.rint(out / gauss.granularity()));
    }
  }

  @Test
  void integerMechanisms_unbiasedWithExpectedSpread() {
    LaplaceMechanism lap = LaplaceMechanism.create(0.5, 1.0, new SplittableRandom(9));
    GaussianMechanism gauss = GaussianMechanism.create(0.5, 1e-6, 1.0, new SplittableRandom(10));
    int n = 200_000;
    double lapSq = 0;
    double gSq = 0;
    for (int i = 0; i < n; i++) {
      double a = lap.addNoise(100L) - 100L;
      double b = gauss.addNoise(100L) - 100L;
      lapSq += a * a;
      gSq += b * b;
    }
    // discrete Laplace with scale b has variance 2r/(1-r)^2, r = e^{-1/b}
    double r = Math.exp(-1 / 2.0);
    double lapVar = 2 * r / ((1 - r) * (1 - r));
    assertThat(lapSq / n / lapVar).isCloseTo(1, within(5 * Math.sqrt(5.0 / n)));
    double s2 = gauss.integerSigma() * gauss.integerSigma();
    assertThat(gSq / n / s2).isCloseTo(1, within(5 * Math.sqrt(2.0 / n)));
  }

  @Test
  void nonFiniteInput_failsClosedWithoutEchoingValue() {
    LaplaceMechanism lap = LaplaceMechanism.create(1, 1, new SplittableRandom(11));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> lap.addNoise(Double.NaN))
        .isInstanceOf(org.anonkit.InvalidInputException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> lap.addNoise(1.2345e300))
        .isInstanceOf(org.anonkit.InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("1.2345"));
  }

  @Test
  void defaultSecureRandom_producesNoisyValues() {
    LaplaceMechanism lap = LaplaceMechanism.create(1, 1);
    GaussianMechanism gauss = GaussianMechanism.create(1, 1e-5, 1);
    java.util.Set<Double> seen = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      seen.add(lap.addNoise(5.0));
      seen.add(gauss.addNoise(5.0));
    }
    assertThat(seen.size()).isGreaterThan(50); // noisy, not constant
    assertThat(seen).allSatisfy(v -> assertThat(v).isBetween(-100.0, 110.0));
  }

  @Test
  void bits_areUniformAndBelowIsUnbiased() {
    Bits bits = new Bits(new SplittableRandom(12));
    int n = 300_000;
    long[] counts = new long[7];
    for (int i = 0; i < n; i++) {
      counts[(int) bits.below(7)]++;
    }
    double[] pmf = new double[7];
    java.util.Arrays.fill(pmf, 1.0 / 7);
    assertFits(counts, pmf, n);
    long ones = 0;
    for (int i = 0; i < n; i++) {
      ones += Long.bitCount(bits.take(13));
    }
    double p = (double) ones / (13.0 * n);
    assertThat(p).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / (13.0 * n))));
  }

  /**
   * The grid argument behind the double mechanisms: for inputs at distance ≤ Δ, the grid indices
   * differ by at most ceil(Δ/g), the sensitivity the discrete noise is calibrated for.
   */
  @Test
  void gridRounding_neighboursStayWithinSensitivityUnits() {
    SplittableRandom rng = new SplittableRandom(13);
    for (double sens : new double[] {1.0, 0.3, 7.5, 1e-3, 12345.678}) {
      double g = Grid.granularity(sens);
      long units = Grid.unitsOf(sens, g);
      assertThat(units).isBetween(1L << 16, (1L << 17) + 1);
      for (int i = 0; i < 200_000; i++) {
        double x = (rng.nextLong() >> 20) * g * 1e-3 * rng.nextInt(1, 1000);
        double y = x + sens * (2 * (rng.nextLong() >>> 11) * 0x1p-53 - 1);
        if (exactDistance(x, y).compareTo(new java.math.BigDecimal(sens)) > 0) {
          continue; // x + (rounded offset) may land a hair beyond Δ: not neighbours
        }
        assertThat(Math.abs(Grid.index(x, g) - Grid.index(y, g))).isLessThanOrEqualTo(units);
      }
      // the extreme case: exactly Δ apart, just below a rounding boundary
      double x = 0.5 * g - Math.ulp(0.5 * g);
      double y = x + sens;
      while (exactDistance(x, y).compareTo(new java.math.BigDecimal(sens)) > 0) {
        y = Math.nextDown(y);
      }
      assertThat(Grid.index(y, g) - Grid.index(x, g)).isLessThanOrEqualTo(units);
    }
  }

  private static java.math.BigDecimal exactDistance(double x, double y) {
    return new java.math.BigDecimal(y).subtract(new java.math.BigDecimal(x)).abs();
  }
}
