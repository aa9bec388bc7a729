package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RaggedArrayTest {

  @Test
  void wrap_validOffsets_rowViewsShareTheBuffer() {
    int[] values = {10, 11, 12, 13, 14};
    RaggedArray r = RaggedArray.wrap(LongBuffer.wrap(new long[] {0, 2, 2, 5}), IntBuffer.wrap(values));
    assertThat(r.length()).isEqualTo(3);
    assertThat(r.rowLength(1)).isZero();
    IntBuffer row2 = r.intRow(2);
    assertThat(row2.remaining()).isEqualTo(3);
    assertThat(row2.get(0)).isEqualTo(12);
    values[2] = 99; // a view, not a copy
    assertThat(row2.get(0)).isEqualTo(99);
    assertThat(row2.isReadOnly()).isTrue();
  }

  @Test
  void wrap_directMemoryMappedLikeBuffers_noCopy() {
    ByteBuffer off = ByteBuffer.allocateDirect(3 * 8).order(ByteOrder.LITTLE_ENDIAN);
    off.asLongBuffer().put(new long[] {0, 1, 3});
    ByteBuffer val = ByteBuffer.allocateDirect(3 * 8).order(ByteOrder.LITTLE_ENDIAN);
    val.asDoubleBuffer().put(new double[] {1.5, 2.5, 3.5});
    RaggedArray r = RaggedArray.wrap(off.asLongBuffer(), val.asDoubleBuffer());
    assertThat(r.doubleRow(1).get(1)).isEqualTo(3.5);
    val.putDouble(16, 7.0);
    assertThat(r.doubleRow(1).get(1)).isEqualTo(7.0);
  }

  @Test
  void wrap_offsetsNotStartingAtZero_rejected() {
    assertThatThrownBy(() -> RaggedArray.wrap(LongBuffer.wrap(new long[] {1, 2}), IntBuffer.wrap(new int[2])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offsets[0]");
  }

  @Test
  void wrap_decreasingOffsets_rejected() {
    assertThatThrownBy(() -> RaggedArray.wrap(LongBuffer.wrap(new long[] {0, 3, 2, 3}), IntBuffer.wrap(new int[3])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-decreasing");
  }

  @Test
  void wrap_lastOffsetNotValueCount_rejected() {
    assertThatThrownBy(() -> RaggedArray.wrap(LongBuffer.wrap(new long[] {0, 2}), IntBuffer.wrap(new int[3])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last offset");
    assertThatThrownBy(() -> RaggedArray.wrap(LongBuffer.wrap(new long[0]), IntBuffer.wrap(new int[0])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builder_randomRows_matchesModel() {
    Random rnd = new Random(11);
    RaggedArray.IntBuilder b = RaggedArray.intBuilder();
    java.util.List<int[]> model = new java.util.ArrayList<>();
    for (int r = 0; r < 20_000; r++) {
      int[] row = new int[rnd.nextInt(6)];
      for (int k = 0; k < row.length; k++) {
        row[k] = rnd.nextInt();
        b.add(row[k]);
      }
      b.endRow();
      model.add(row);
    }
    RaggedArray a = b.build();
    assertThat(a.length()).isEqualTo(model.size());
    LongBuffer off = a.offsets();
    assertThat(off.get(0)).isZero();
    for (int r = 0; r < model.size(); r++) {
      assertThat(EncodersTest.ints(a, r)).containsExactly(model.get(r));
      assertThat(off.get(r + 1)).isGreaterThanOrEqualTo(off.get(r));
    }
    // wrapping our own buffers validates too
    RaggedArray again = RaggedArray.wrap(a.offsets(), (IntBuffer) a.values());
    assertThat(again.valueCount()).isEqualTo(a.valueCount());
  }

  @Test
  void builder_millionsOfValues_allKept() {
    RaggedArray.DoubleBuilder b = RaggedArray.doubleBuilder();
    for (int r = 0; r < 1_000_000; r++) {
      b.add(r).add(-r).endRow();
    }
    RaggedArray a = b.build();
    assertThat(a.valueCount()).isEqualTo(2_000_000);
    assertThat(a.length()).isEqualTo(1_000_000);
    assertThat(a.doubleRow(999_999).get(1)).isEqualTo(-999_999.0);
  }

  @Test
  void grow_isGeometric_soAppendsAreAmortizedConstant() {
    // the growth rule itself, not a stopwatch: each step at least 1.5x, so reaching n elements takes
    // O(log n) copies (a speed figure would belong in a benchmark, never in a unit test)
    int capacity = 16;
    int copies = 0;
    while (capacity < 2_000_000) {
      int next = RaggedArray.OffsetsBuilder.grow(capacity, capacity + 1);
      assertThat((long) next).isGreaterThanOrEqualTo(capacity + (long) (capacity >> 1));
      capacity = next;
      copies++;
    }
    assertThat(copies).isLessThan(40);
    assertThat(RaggedArray.OffsetsBuilder.grow(16, 1_000)).as("a larger need is met at once").isEqualTo(1_000);
    assertThat(RaggedArray.OffsetsBuilder.grow(Integer.MAX_VALUE - 100, Integer.MAX_VALUE - 99))
        .isEqualTo(Integer.MAX_VALUE - 8);
  }

  @Test
  void views_wrongType_rejected() {
    RaggedArray r = RaggedArray.wrap(LongBuffer.wrap(new long[] {0, 1}), DoubleBuffer.wrap(new double[] {1}));
    assertThatThrownBy(() -> r.intRow(0)).isInstanceOf(IllegalStateException.class);
    assertThat(r.toString()).contains("length=1").doesNotContain("1.0");
  }
}
