package org.anonkit.privacy.rappor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.anonkit.key.DerivedKey;
import org.anonkit.key.SecretAccess;
import org.anonkit.key.SecretBytes;
import org.anonkit.privacy.dp.PrivacyParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RapporTest {
  private static DerivedKey key(String hex) {
    return DerivedKey.direct(SecretBytes.fromHex(hex, SecretAccess.get()));
  }

  static Stream<Arguments> referenceVectors() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        RapporTest.class.getResourceAsStream("/vectors/rappor-reference.csv"),
        StandardCharsets.UTF_8))) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",", -1);
        out.add(Arguments.of(f[0], Integer.parseInt(f[1]), f[2], f[3], Integer.parseInt(f[4]),
            Integer.parseInt(f[5]), Double.parseDouble(f[6]), Long.parseLong(f[7]),
            Long.parseLong(f[8])));
      }
    }
    return out.stream();
  }

  /**
   * Bloom filter and PRR against Google's reference client (github.com/google/rappor,
   * client/python/rappor.py get_bloom_bits and get_prr_masks), restated in
   * src/test/resources/vectors/rappor_reference_vectors.py with Python's hashlib and hmac.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceVectors")
  void bloomAndPrr_matchReferenceClient(String id, int cohort, String value, String secretHex,
      int k, int h, double f, long bloom, long prr) {
    RapporParameters params = new RapporParameters(k, h, 64, f, 0.5, 0.75);
    assertThat(RapporEncoder.bloomFilter(params, cohort, value)).isEqualTo(bloom);
    RapporEncoder enc = RapporEncoder.create(params, cohort, key(secretHex),
        new SplittableRandom(1));
    assertThat(enc.permanentResponse(value)).isEqualTo(prr);
  }

  /**
   * Each encoder keeps one {@code Mac} per thread, keyed once with its own secret: encoders with
   * different secrets interleaved on one thread, and one encoder shared by several threads, must give
   * the PRRs a fresh encoder gives alone.
   */
  @Test
  void prr_interleavedEncodersAndThreads_keepTheirOwnSecret() throws Exception {
    RapporParameters params = RapporParameters.defaults();
    String[] secrets = {"000102030405060708090a0b0c0d0e0f", "f00102030405060708090a0b0c0d0e0f",
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"};
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      values.add("app-" + i + (i % 7 == 0 ? "/\u00e9t\u00e9" : ""));
    }
    long[][] expected = new long[secrets.length][values.size()];
    for (int s = 0; s < secrets.length; s++) {
      for (int i = 0; i < values.size(); i++) {
        RapporEncoder fresh = RapporEncoder.create(params, 5, key(secrets[s]), new SplittableRandom(1));
        expected[s][i] = fresh.permanentResponse(values.get(i));
      }
    }
    RapporEncoder[] encoders = new RapporEncoder[secrets.length];
    for (int s = 0; s < secrets.length; s++) {
      encoders[s] = RapporEncoder.create(params, 5, key(secrets[s]), new SplittableRandom(1));
    }
    for (int i = 0; i < values.size(); i++) {
      for (int s = 0; s < secrets.length; s++) {
        assertThat(encoders[s].permanentResponse(values.get(i))).isEqualTo(expected[s][i]);
      }
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int first = t;
        results.add(pool.submit(() -> {
          boolean same = true;
          for (int r = 0; r < 50; r++) {
            for (int i = 0; i < values.size(); i++) {
              int s = (first + i + r) % secrets.length;
              same &= encoders[s].permanentResponse(values.get(i)) == expected[s][i];
            }
          }
          return same;
        }));
      }
      for (java.util.concurrent.Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void epsilon_formulasForPaperDefaults() {
    RapporParameters d = RapporParameters.defaults();
    // ε∞ = 2h ln((1 − f/2)/(f/2)) = 4 ln 3; ε₁ = h ln(q*(1−p*)/(p*(1−q*))) with q* = 0.6875, p* = 0.5625
    assertThat(d.epsilonPermanent()).isCloseTo(4 * Math.log(3), within(1e-12));
    assertThat(d.qStar()).isCloseTo(0.6875, within(1e-15));
    assertThat(d.pStar()).isCloseTo(0.5625, within(1e-15));
    assertThat(d.epsilonOneReport())
        .isCloseTo(2 * Math.log(0.6875 * 0.4375 / (0.5625 * 0.3125)), within(1e-12))
        .isCloseTo(1.0743, within(1e-4));
    assertThat(new RapporParameters(16, 2, 1, 0.3, 0.5, 0.75).effectiveF()).isEqualTo(39 / 128.0);
  }

  @Test
  void prr_isMemoisedPerValue_andIrrHasRatesPandQ() {
    RapporParameters params = new RapporParameters(32, 2, 4, 0.5, 0.25, 0.8);
    RapporEncoder enc = RapporEncoder.create(params, 2,
        key("000102030405060708090a0b0c0d0e0f"), new SplittableRandom(9));
    long prr = enc.permanentResponse("job-42");
    assertThat(enc.permanentResponse("job-42")).isEqualTo(prr);
    RapporEncoder other = RapporEncoder.create(params, 2,
        key("f00102030405060708090a0b0c0d0e0f"), new SplittableRandom(9));
    assertThat(other.permanentResponse("job-42")).isNotEqualTo(prr); // 2^-32-ish chance of equality
    int n = 20_000;
    long ones1 = 0;
    long ones0 = 0;
    int bits1 = Long.bitCount(prr);
    int bits0 = 32 - bits1;
    for (int i = 0; i < n; i++) {
      long irr = enc.encode("job-42").bits();
      ones1 += Long.bitCount(irr & prr);
      ones0 += Long.bitCount(irr & ~prr & 0xFFFFFFFFL);
    }
    double r1 = (double) ones1 / ((long) n * bits1);
    double r0 = (double) ones0 / ((long) n * bits0);
    assertThat(r1).isCloseTo(0.8, within(5 * Math.sqrt(0.16 / ((long) n * bits1))));
    assertThat(r0).isCloseTo(0.25, within(5 * Math.sqrt(0.1875 / ((long) n * bits0))));
  }

  /**
   * 120,000 simulated clients, ten real values (Zipf-like) and twenty decoys in the dictionary: every
   * real value's estimate is within 4 of the decoder's standard errors of the truth, the frequent ones
   * are significant, and no decoy is (Bonferroni at α = 0.05).
   */
  @Test
  void simulation_120kClients_recoversDistributionWithinStandardErrors() {
    RapporParameters params = new RapporParameters(32, 2, 32, 0.5, 0.5, 0.75);
    String[] values = new String[10];
    int[] truth = {36000, 24000, 18000, 12000, 9000, 7000, 6000, 4000, 2500, 1500};
    for (int i = 0; i < 10; i++) {
      values[i] = "exec-" + i + ".sh";
    }
    List<String> dictionary = new ArrayList<>(List.of(values));
    for (int i = 0; i < 20; i++) {
      dictionary.add("decoy-" + i);
    }
    SplittableRandom rng = new SplittableRandom(2014);
    RapporDecoder decoder = RapporDecoder.create(params);
    byte[] secret = new byte[16];
    int client = 0;
    for (int v = 0; v < 10; v++) {
      for (int c = 0; c < truth[v]; c++, client++) {
        ByteBuffer.wrap(secret).putLong(rng.nextLong()).putLong(client);
        RapporEncoder enc = RapporEncoder.create(params, RapporEncoder.randomCohort(params, rng),
            DerivedKey.direct(SecretBytes.copyOf(secret, SecretAccess.get())), rng);
        decoder.add(enc.encode(values[v]));
      }
    }
    assertThat(decoder.reports()).isEqualTo(120_000);
    Map<String, RapporEstimate> byName = new HashMap<>();
    for (RapporEstimate e : decoder.decode(dictionary, 0.05)) {
      byName.put(e.candidate(), e);
    }
    for (int v = 0; v < 10; v++) {
      RapporEstimate e = byName.get(values[v]);
      assertThat(e.standardError()).isPositive().isLessThan(2000);
      assertThat(Math.abs(e.count() - truth[v])).as(values[v] + " " + e)
          .isLessThanOrEqualTo(4 * e.standardError());
      if (truth[v] >= 9000) {
        assertThat(e.significant()).as(e.toString()).isTrue();
      }
    }
    for (int i = 0; i < 20; i++) {
      assertThat(byName.get("decoy-" + i).significant()).isFalse();
    }
  }

  @Test
  void nnls_solvesSmallProblemWithActiveConstraint() {
    // A = [[1,0],[0,1],[1,1]], b = [2, -1, 1]: unconstrained solution has x2 < 0; NNLS gives x = (1.5, 0)
    double[][] ata = {{2, 1}, {1, 2}};
    double[] atb = {3, 0};
    double[] x = Nnls.solve(ata, atb);
    assertThat(x[0]).isCloseTo(1.5, within(1e-12));
    assertThat(x[1]).isZero();
  }

  @Test
  void parameters_validated_andSecretNeverPrinted() {
    assertThatThrownBy(() -> new RapporParameters(64, 2, 1, 0.5, 0.5, 0.75))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("k");
    assertThatThrownBy(() -> new RapporParameters(16, 2, 1, 0.5, 0.75, 0.5))
        .isInstanceOf(PrivacyParameterException.class).hasMessageContaining("q > p");
    RapporEncoder enc = RapporEncoder.create(RapporParameters.defaults(), 0,
        key("deadbeefdeadbeefdeadbeefdeadbeef"));
    assertThat(enc.toString()).doesNotContain("deadbeef").contains("redacted");
  }
}
