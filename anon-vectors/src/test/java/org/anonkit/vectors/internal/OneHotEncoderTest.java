package org.anonkit.vectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.anonkit.Encoder;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.spi.EncoderContext;
import org.junit.jupiter.api.Test;

/**
 * {@code one-hot} codes the whole value directly; the general path is {@code multi-hot} with a
 * separator that never occurs and no trimming, which is what {@code one-hot} ran through before. Both
 * must write the same codes, keep the same dictionary and fail on the same values.
 */
class OneHotEncoderTest {
  private static final String NEVER = "\u0000";

  /** Elements of each row, row by row. */
  static final class Rows implements Encoder.Output {
    final List<List<Long>> rows = new ArrayList<>();

    void next() {
      rows.add(new ArrayList<>());
    }

    @Override
    public void putLong(int column, long value) {
      throw new AssertionError("a list encoder wrote a dense value");
    }

    @Override
    public void putDouble(int column, double value) {
      throw new AssertionError("a list encoder wrote a dense value");
    }

    @Override
    public void putMissing(int column) {
      throw new AssertionError("a list encoder wrote a dense value");
    }

    @Override
    public void addElement(int column, long value) {
      rows.get(rows.size() - 1).add(value);
    }
  }

  private static Encoder oneHot(Parameters.Builder p) {
    return new OneHotEncoderProvider().create(EncoderContext.of("f", p.build()));
  }

  private static Encoder general(Parameters.Builder p) {
    return new MultiHotEncoderProvider().create(
        EncoderContext.of("f", p.put("separator", NEVER).put("trim", false).build()));
  }

  /** Short values over a small alphabet with spaces, so values repeat, some are blank or empty. */
  private static String randomValue(Random rnd) {
    int n = rnd.nextInt(5);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(" abAB\u00e9\t".charAt(rnd.nextInt(7)));
    }
    return sb.toString();
  }

  private static void assertSameOnRandomInputs(Parameters.Builder p1, Parameters.Builder p2, long seed) {
    Encoder fast = oneHot(p1);
    Encoder slow = general(p2);
    Rows a = new Rows();
    Rows b = new Rows();
    Random rnd = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      String s = rnd.nextInt(20) == 0 ? null : randomValue(rnd);
      // Strings (cached hash) and other CharSequences (hashed per call) must code alike
      CharSequence v = s == null || rnd.nextBoolean() ? s : new StringBuilder(s);
      a.next();
      b.next();
      RuntimeException ea = null;
      RuntimeException eb = null;
      try {
        fast.encode(v, a);
      } catch (InvalidInputException e) {
        ea = e;
      }
      try {
        slow.encode(v, b);
      } catch (InvalidInputException e) {
        eb = e;
      }
      assertThat(ea == null).as("row %s fails on one path only", i).isEqualTo(eb == null);
      if (ea != null) {
        assertThat(ea.getMessage()).isEqualTo(eb.getMessage());
      }
      assertThat(a.rows.get(i)).as("row %s", i).isEqualTo(b.rows.get(i));
    }
    assertThat(fast.dictionary()).isEqualTo(slow.dictionary());
    assertThat(fast.finish()).isEqualTo(slow.finish());
    assertThat(fast.dictionary()).isEqualTo(slow.dictionary());
  }

  @Test
  void firstSeen_sameCodesAsTheGeneralPath() {
    assertSameOnRandomInputs(Parameters.builder(), Parameters.builder(), 1);
  }

  @Test
  void sorted_sameCodesAndRemapAsTheGeneralPath() {
    assertSameOnRandomInputs(Parameters.builder().put("order", "sorted"),
        Parameters.builder().put("order", "sorted"), 2);
  }

  @Test
  void vocabulary_sameCodesAndFailuresAsTheGeneralPath() {
    List<String> vocabulary = List.of("a", "b", " a", "ab", "\u00e9");
    assertSameOnRandomInputs(Parameters.builder().put("vocabulary", vocabulary),
        Parameters.builder().put("vocabulary", vocabulary), 3);
    assertSameOnRandomInputs(Parameters.builder().put("vocabulary", vocabulary).put("unknown", "missing"),
        Parameters.builder().put("vocabulary", vocabulary).put("unknown", "missing"), 4);
  }

  @Test
  void emptyValue_isAnEmptyList_andAStringBuilderIsCopiedIntoTheDictionary() {
    Encoder e = oneHot(Parameters.builder());
    Rows r = new Rows();
    r.next();
    e.encode("", r);
    assertThat(r.rows.get(0)).isEmpty();
    StringBuilder reused = new StringBuilder("FNAL");
    r.next();
    e.encode(reused, r);
    reused.setLength(0);
    reused.append("CERN");
    r.next();
    e.encode(reused, r);
    r.next();
    e.encode("FNAL", r);
    assertThat(r.rows).containsExactly(List.of(), List.of(0L), List.of(1L), List.of(0L));
    assertThat(e.dictionary()).containsExactly("FNAL", "CERN");
  }

  @Test
  void unknownValue_failsWithoutEchoingIt() {
    Encoder e = oneHot(Parameters.builder().put("vocabulary", List.of("FNAL")));
    Rows r = new Rows();
    r.next();
    assertThatThrownBy(() -> e.encode("hidden-site-42", r)).isInstanceOf(InvalidInputException.class)
        .satisfies(x -> assertThat(x.getMessage()).doesNotContain("hidden-site-42"));
  }
}
