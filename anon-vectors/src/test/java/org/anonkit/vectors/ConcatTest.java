package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Parallel chunks concatenated in order equal one sequential vectorizer, for any chunking. */
class ConcatTest {

  @Test
  void concat_randomChunkings_equalSequential() {
    List<JobGenerator.Job> jobs = JobGenerator.generate(77, 50, 3000);
    Vectorizer seq = Vectorizer.create(JobGenerator.schema());
    for (JobGenerator.Job j : jobs) {
      seq.accept(j.view());
    }
    VectorBatch expected = seq.finish();
    Random rnd = new Random(3);
    for (int trial = 0; trial < 5; trial++) {
      List<VectorBatch> chunks = new ArrayList<>();
      int i = 0;
      while (i < jobs.size()) {
        int n = trial == 0 ? jobs.size() : 1 + rnd.nextInt(700);
        Vectorizer v = Vectorizer.create(JobGenerator.schema());
        for (int k = i; k < Math.min(jobs.size(), i + n); k++) {
          v.accept(jobs.get(k).view());
        }
        chunks.add(v.finish());
        i += n;
      }
      assertSame(VectorBatch.concat(chunks), expected);
    }
  }

  static void assertSame(VectorBatch actual, VectorBatch expected) {
    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.columnNames()).isEqualTo(expected.columnNames());
    for (int c = 0; c < expected.columnCount(); c++) {
      assertThat(actual.columnType(c)).isEqualTo(expected.columnType(c));
      assertThat(actual.missingCount(c)).isEqualTo(expected.missingCount(c));
      assertThat(actual.validityBitmap(c)).isEqualTo(expected.validityBitmap(c));
      for (int r = 0; r < expected.rows(); r++) {
        assertThat(Double.doubleToLongBits(actual.getDouble(c, r)))
            .as(expected.columnNames().get(c) + "[" + r + "]")
            .isEqualTo(Double.doubleToLongBits(expected.getDouble(c, r)));
      }
    }
    for (int f = 0; f < expected.schema().fields().size(); f++) {
      assertThat(actual.dictionary(f)).isEqualTo(expected.dictionary(f));
    }
    for (String l : expected.listNames()) {
      assertThat(actual.list(l).offsets()).isEqualTo(expected.list(l).offsets());
      assertThat(actual.list(l).values()).isEqualTo(expected.list(l).values());
    }
    assertThat(actual.pairFields().offsets()).isEqualTo(expected.pairFields().offsets());
    assertThat(actual.pairFields().values()).isEqualTo(expected.pairFields().values());
    assertThat(actual.pairValues().values()).isEqualTo(expected.pairValues().values());
  }
}
