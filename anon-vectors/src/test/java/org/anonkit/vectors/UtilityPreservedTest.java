package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Utility survives anonymization: the same logistic regression trained on X_clear and on X_anon
 * predicts job failure with AUCs that differ by less than 0.01, and group structure (distinct users,
 * jobs per user, jobs per /24) is identical. Identifiers are anonymized by {@link TestAnonymizer}, a
 * labelled test stand-in for the pipeline (keyed HMAC tokens, prefix-preserving IP remapping).
 */
class UtilityPreservedTest {
  private static List<JobGenerator.Job> clearJobs;
  private static VectorBatch clear;
  private static VectorBatch anon;

  @BeforeAll
  static void vectorize() {
    clearJobs = JobGenerator.generate(20251125L, 300, 20_000);
    TestAnonymizer anonymizer = new TestAnonymizer("utility-test-key");
    Vectorizer c = Vectorizer.create(JobGenerator.schema());
    Vectorizer a = Vectorizer.create(JobGenerator.schema());
    for (JobGenerator.Job job : clearJobs) {
      c.accept(job.view());
      a.accept(anonymizer.anonymize(job).view());
    }
    clear = c.finish();
    anon = a.finish();
  }

  @Test
  void shapes_identical() {
    assertThat(anon.columnNames()).isEqualTo(clear.columnNames());
    assertThat(anon.rows()).isEqualTo(clear.rows());
    assertThat(anon.toMatrix().length).isEqualTo(clear.toMatrix().length);
    assertThat(anon.listNames()).isEqualTo(clear.listNames());
  }

  @Test
  void logisticRegression_dictionaryFeatures_aucDiffersByLessThanOneHundredth() {
    double aucClear = trainAndScore(clear, "Owner");
    double aucAnon = trainAndScore(anon, "Owner");
    System.out.printf("utility: AUC clear %.4f, anonymized %.4f (dictionary-coded user)%n", aucClear, aucAnon);
    assertThat(aucClear).as("the model must learn something").isGreaterThan(0.7);
    assertThat(Math.abs(aucClear - aucAnon)).isLessThan(0.01);
  }

  @Test
  void logisticRegression_hashedUserFeature_aucDiffersByLessThanOneHundredth() {
    // hashed buckets of tokens collide differently from hashed clear names: a real (small) difference
    double aucClear = trainAndScore(clear, "OwnerHash");
    double aucAnon = trainAndScore(anon, "OwnerHash");
    System.out.printf("utility: AUC clear %.4f, anonymized %.4f (hashed user, 4096 buckets)%n", aucClear, aucAnon);
    assertThat(aucClear).isGreaterThan(0.7);
    assertThat(Math.abs(aucClear - aucAnon)).isLessThan(0.01);
  }

  @Test
  void groupStructure_usersJobsPerUserAndPer24_identical() {
    int owner = clear.columnIndex("Owner");
    assertThat(anon.dictionary(0)).hasSameSizeAs(clear.dictionary(0));
    assertThat(sortedGroupSizes(anon, owner)).isEqualTo(sortedGroupSizes(clear, owner));
    int p24 = clear.columnIndex("StartdIpAddr.p24");
    assertThat(sortedGroupSizes(anon, p24)).isEqualTo(sortedGroupSizes(clear, p24));
    int p16 = clear.columnIndex("StartdIpAddr.p16");
    assertThat(sortedGroupSizes(anon, p16)).isEqualTo(sortedGroupSizes(clear, p16));
    // and the groups are the same rows: clear group -> anon group is a bijection
    for (int col : new int[] {owner, p24, p16, clear.columnIndex("Site")}) {
      Map<Long, Long> forward = new HashMap<>();
      Map<Long, Long> backward = new HashMap<>();
      for (int r = 0; r < clear.rows(); r++) {
        long x = clear.getLong(col, r);
        long y = anon.getLong(col, r);
        assertThat(forward.computeIfAbsent(x, k -> y)).isEqualTo(y);
        assertThat(backward.computeIfAbsent(y, k -> x)).isEqualTo(x);
      }
    }
    Set<String> clearUsers = new HashSet<>(clear.dictionary(0));
    for (String token : anon.dictionary(0)) {
      assertThat(clearUsers).doesNotContain(token);
    }
  }

  private static List<Integer> sortedGroupSizes(VectorBatch b, int col) {
    Map<Long, Integer> counts = new HashMap<>();
    for (int r = 0; r < b.rows(); r++) {
      if (b.isValid(col, r)) {
        counts.merge(b.getLong(col, r), 1, Integer::sum);
      }
    }
    List<Integer> sizes = new ArrayList<>(counts.values());
    sizes.sort(null);
    return sizes;
  }

  /** Features: standardized log memory, log runtime, GPU flag, one-hot user (categorical or hashed), one-hot site. */
  private static double trainAndScore(VectorBatch b, String userColumn) {
    int n = b.rows();
    int mem = b.columnIndex("RequestMemory");
    int rt = b.columnIndex("RemoteWallClockTime");
    int gpu = b.columnIndex("WantGPU");
    int user = b.columnIndex(userColumn);
    int site = b.columnIndex("Site");
    int exit = b.columnIndex("ExitCode");
    Map<Long, Integer> userIndex = new HashMap<>();
    Map<Long, Integer> siteIndex = new HashMap<>();
    for (int r = 0; r < n; r++) { // indexes in order of first appearance, like the dictionary
      userIndex.putIfAbsent(b.getLong(user, r), userIndex.size());
      siteIndex.putIfAbsent(b.getLong(site, r), siteIndex.size());
    }
    int dense = 3;
    int d = dense + userIndex.size() + siteIndex.size();
    double[][] x = new double[n][];
    int[][] active = new int[n][];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      x[r] = new double[] {
        Math.log(b.getDouble(mem, r)) - 8,
        Math.log(b.getDouble(rt, r)) - 6,
        b.isValid(gpu, r) ? b.getLong(gpu, r) : 0
      };
      active[r] = new int[] {dense + userIndex.get(b.getLong(user, r)),
          dense + userIndex.size() + siteIndex.get(b.getLong(site, r))};
      y[r] = b.getLong(exit, r) != 0 ? 1 : 0;
    }
    int train = n * 7 / 10;
    double[] w = new double[d];
    double bias = 0;
    Random rnd = new Random(1234);
    int[] order = new int[train];
    for (int i = 0; i < train; i++) {
      order[i] = i;
    }
    double lr = 0.05;
    double l2 = 1e-4;
    for (int epoch = 0; epoch < 15; epoch++) {
      for (int i = train - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int k = 0; k < train; k++) {
        int r = order[k];
        double z = bias + w[active[r][0]] + w[active[r][1]];
        for (int f = 0; f < dense; f++) {
          z += w[f] * x[r][f];
        }
        double g = 1 / (1 + Math.exp(-z)) - y[r];
        bias -= lr * g;
        for (int f = 0; f < dense; f++) {
          w[f] -= lr * (g * x[r][f] + l2 * w[f]);
        }
        for (int f : active[r]) {
          w[f] -= lr * (g + l2 * w[f]);
        }
      }
    }
    int m = n - train;
    double[] score = new double[m];
    double[] label = new double[m];
    for (int r = train; r < n; r++) {
      double z = bias + w[active[r][0]] + w[active[r][1]];
      for (int f = 0; f < dense; f++) {
        z += w[f] * x[r][f];
      }
      score[r - train] = z;
      label[r - train] = y[r];
    }
    return auc(score, label);
  }

  /** AUC by the rank-sum (Mann-Whitney) formula, ties get average ranks. */
  static double auc(double[] score, double[] label) {
    int m = score.length;
    Integer[] idx = new Integer[m];
    for (int i = 0; i < m; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (p, q) -> Double.compare(score[p], score[q]));
    double rankSumPos = 0;
    long pos = 0;
    for (int i = 0; i < m; ) {
      int j = i;
      while (j + 1 < m && score[idx[j + 1]] == score[idx[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (label[idx[k]] == 1) {
          rankSumPos += avgRank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = m - pos;
    return (rankSumPos - pos * (pos + 1) / 2.0) / (pos * (double) neg);
  }

  @Test
  void auc_knownExample() {
    assertThat(auc(new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0, 0, 1, 1})).isEqualTo(0.75);
  }
}
