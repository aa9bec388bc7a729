package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.anonkit.Encoder;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.anonkit.ProviderException;
import org.anonkit.spi.EncoderContext;
import org.junit.jupiter.api.Test;

class EncodersTest {
  private static final String SECRET = "alice.secret@fnal.gov";

  private static VectorBatch one(String field, String encoder, Parameters p, String... values) {
    Vectorizer v = Vectorizer.create(VectorSchema.builder().field(field, encoder, p).build());
    for (String value : values) {
      v.accept(value == null ? RecordView.of() : RecordView.of(field, value));
    }
    return v.finish();
  }

  @Test
  void registry_default_findsAllEncodersByStableName() {
    assertThat(EncoderRegistry.defaultRegistry().names()).containsExactly(
        "boolean", "categorical", "hash", "ipv4", "multi-hot", "numeric", "one-hot", "timestamp");
  }

  @Test
  void registry_unknownName_listsAvailable() {
    assertThatThrownBy(() -> EncoderRegistry.defaultRegistry().provider("bogus"))
        .isInstanceOf(ProviderException.class).hasMessageContaining("numeric").hasMessageContaining("bogus");
  }

  @Test
  void numeric_float64_parsesAndMarksMissingWithValidity() {
    VectorBatch b = one("x", "numeric", Parameters.empty(), "1.5", "-2", null, "1e3", "-1");
    assertThat(b.columnType(0)).isEqualTo(Encoder.ColumnType.FLOAT64);
    assertThat(b.getDouble(0, 0)).isEqualTo(1.5);
    assertThat(b.getDouble(0, 1)).isEqualTo(-2.0);
    assertThat(b.isValid(0, 2)).isFalse();
    assertThat(b.getDouble(0, 3)).isEqualTo(1000.0);
    assertThat(b.getDouble(0, 4)).isEqualTo(-1.0);
    assertThat(b.isValid(0, 4)).as("-1 is a real value, not a sentinel").isTrue();
    assertThat(b.missingCount(0)).isEqualTo(1);
    assertThat(b.validityBitmap(0)).containsExactly((byte) 0b11011);
  }

  @Test
  void numeric_int64_exactBeyondDoublePrecision() {
    VectorBatch b = one("x", "numeric", Parameters.builder().put("type", "int64").build(),
        "9007199254740993", "-9223372036854775808", "42.0");
    assertThat(b.getLong(0, 0)).isEqualTo(9007199254740993L);
    assertThat(b.getLong(0, 1)).isEqualTo(Long.MIN_VALUE);
    assertThat(b.getLong(0, 2)).isEqualTo(42L);
  }

  @Test
  void numeric_int32_outOfRange_rejectsWithoutEchoingValue() {
    assertThatThrownBy(() -> one("x", "numeric", Parameters.builder().put("type", "int32").build(), "4294967296"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("int32").hasMessageNotContaining("4294967296");
  }

  @Test
  void numeric_garbage_rejectsWithFieldRowAndNoValue() {
    assertThatThrownBy(() -> one("Memory", "numeric", Parameters.empty(), "12", SECRET))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Memory").hasMessageContaining("row 2")
        .hasMessageNotContaining(SECRET).hasMessageNotContaining("alice");
  }

  @Test
  void numeric_unknownParameter_rejectsWithPath() {
    Parameters p = Parameters.builder("$.fields.x.params").put("typ", "int64").build();
    assertThatThrownBy(() -> one("x", "numeric", p, "1"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.fields.x.params.typ");
  }

  @Test
  void timestamp_epochAndIso_toSecondsAndMillis() {
    VectorBatch s = one("t", "timestamp", Parameters.empty(), "1500000000", "2021-03-04T05:06:07Z",
        "2021-03-04T06:06:07+01:00", null);
    assertThat(s.getLong(0, 0)).isEqualTo(1500000000L);
    assertThat(s.getLong(0, 1)).isEqualTo(1614834367L);
    assertThat(s.getLong(0, 2)).isEqualTo(1614834367L);
    assertThat(s.isValid(0, 3)).isFalse();
    VectorBatch ms = one("t", "timestamp", Parameters.builder().put("unit", "ms").build(), "1500000000");
    assertThat(ms.getLong(0, 0)).isEqualTo(1500000000000L);
    assertThatThrownBy(() -> one("t", "timestamp", Parameters.empty(), "yesterday " + SECRET))
        .isInstanceOf(InvalidInputException.class).hasMessageNotContaining(SECRET);
  }

  @Test
  void timestamp_inputUnits_msUsNs_toSeconds() {
    // 2023-11-14T22:13:20.999999999Z and one before the epoch, in each unit Parquet TIMESTAMP stores
    long[] seconds = {1700000000L, -2L};
    String[][] inputs = {
        {"ms", "1700000000999", "-1001"},
        {"us", "1700000000999999", "-1000001"},
        {"ns", "1700000000999999999", "-1000000001"}};
    for (String[] in : inputs) {
      Parameters p = Parameters.builder().put("input-unit", in[0]).build();
      VectorBatch b = one("QDate", "timestamp", p, in[1], in[2]);
      assertThat(new long[] {b.getLong(0, 0), b.getLong(0, 1)}).as(in[0]).containsExactly(seconds);
      Encoder typed = EncoderRegistry.defaultRegistry().create("timestamp", EncoderContext.of("QDate", p));
      long[] got = new long[2];
      for (int i = 0; i < 2; i++) {
        int row = i;
        typed.encodeLong(Long.parseLong(in[1 + i]), new LongOnly() {
          @Override
          public void putLong(int column, long value) {
            got[row] = value;
          }
        });
      }
      assertThat(got).as(in[0] + ", typed").containsExactly(seconds);
    }
    VectorBatch ms = one("QDate", "timestamp", Parameters.builder().put("input-unit", "us").put("unit", "ms").build(),
        "1700000000999999");
    assertThat(ms.getLong(0, 0)).isEqualTo(1700000000999L);
  }

  /** An encoder output that takes a long and nothing else. */
  private abstract static class LongOnly implements Encoder.Output {
    @Override
    public void putDouble(int column, double value) {
      throw new AssertionError();
    }

    @Override
    public void putMissing(int column) {
      throw new AssertionError();
    }

    @Override
    public void addElement(int column, long value) {
      throw new AssertionError();
    }
  }

  @Test
  void timestamp_zeroMissing_clearsValidityForZeroOnly() {
    Parameters p = Parameters.builder().put("zero", "missing").build();
    VectorBatch b = one("CompletionDate", "timestamp", p, "0", "0.0", "1500000000", "-1");
    assertThat(b.isValid(0, 0)).as("HTCondor's 0: the job has not completed").isFalse();
    assertThat(b.isValid(0, 1)).isFalse();
    assertThat(b.getLong(0, 2)).isEqualTo(1500000000L);
    assertThat(b.getLong(0, 3)).isEqualTo(-1L);
    // the typed path (Parquet int64 columns) agrees with the text path
    Encoder typed = EncoderRegistry.defaultRegistry().create("timestamp", EncoderContext.of("CompletionDate", p));
    long[] seen = {42, 42};
    Encoder.Output o = new Encoder.Output() {
      @Override
      public void putLong(int column, long value) {
        seen[0] = value;
      }

      @Override
      public void putDouble(int column, double value) {
        throw new AssertionError();
      }

      @Override
      public void putMissing(int column) {
        seen[1] = -7;
      }

      @Override
      public void addElement(int column, long value) {
        throw new AssertionError();
      }
    };
    typed.encodeLong(0, o);
    assertThat(seen).containsExactly(42, -7);
    typed.encodeLong(1500000000L, o);
    assertThat(seen[0]).isEqualTo(1500000000L);
    VectorBatch kept = one("CompletionDate", "timestamp", Parameters.empty(), "0");
    assertThat(kept.isValid(0, 0)).as("the default keeps 0 as a time").isTrue();
    assertThat(kept.getLong(0, 0)).isZero();
    assertThatThrownBy(() -> one("t", "timestamp", Parameters.builder("$.v.t.params").put("zero", "null").build(), "0"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("$.v.t.params.zero");
  }

  @Test
  void boolean_classAdSpellings() {
    VectorBatch b = one("b", "boolean", Parameters.empty(), "true", "FALSE", "1", "0", null);
    assertThat(b.columnType(0)).isEqualTo(Encoder.ColumnType.BOOL);
    assertThat(new long[] {b.getLong(0, 0), b.getLong(0, 1), b.getLong(0, 2), b.getLong(0, 3)})
        .containsExactly(1, 0, 1, 0);
    assertThat(b.isValid(0, 4)).isFalse();
    assertThatThrownBy(() -> one("b", "boolean", Parameters.empty(), "maybe")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void ipv4_uint32AndPrefixes_fromSinfulString() {
    Parameters p = Parameters.builder().put("extract", true).put("prefixes", List.of(8L, 16L, 24L)).build();
    VectorBatch b = one("StartdIpAddr", "ipv4", p, "<131.225.67.8:9618?addrs=131.225.67.8-9618&noUDP>",
        "255.255.255.255");
    assertThat(b.columnNames()).containsExactly("StartdIpAddr", "StartdIpAddr.p8", "StartdIpAddr.p16", "StartdIpAddr.p24");
    long ip = (131L << 24) | (225 << 16) | (67 << 8) | 8;
    assertThat(b.getLong(0, 0)).isEqualTo(ip);
    assertThat(b.getLong(1, 0)).isEqualTo(131);
    assertThat(b.getLong(2, 0)).isEqualTo((131 << 8) | 225);
    assertThat(b.getLong(3, 0)).isEqualTo(ip >>> 8);
    assertThat(b.getLong(0, 1)).isEqualTo(0xFFFFFFFFL);
    assertThat(b.getDouble(0, 1)).isEqualTo(4294967295.0);
  }

  @Test
  void ipv4_strict_rejectsMalformed() {
    for (String bad : new String[] {"1.2.3", "1.2.3.256", "1.2.3.4.5", "a.b.c.d", "1..2.3", "01234.1.1.1"}) {
      assertThatThrownBy(() -> one("ip", "ipv4", Parameters.empty(), bad)).as(bad)
          .isInstanceOf(InvalidInputException.class).hasMessageNotContaining(bad);
    }
    assertThatThrownBy(() -> one("ip", "ipv4", Parameters.builder().put("prefixes", List.of(12L)).build(), "1.2.3.4"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("prefixes");
  }

  @Test
  void categorical_firstSeen_codesInOrderOfAppearance() {
    VectorBatch b = one("Owner", "categorical", Parameters.empty(), "carol", "alice", "carol", null, "bob");
    assertThat(codes(b, 5)).containsExactly(0, 1, 0, 0, 2);
    assertThat(b.isValid(0, 3)).isFalse();
    assertThat(b.dictionary(0)).containsExactly("carol", "alice", "bob");
  }

  @Test
  void categorical_sorted_renumbersCodesAndPairs() {
    VectorBatch b = one("Owner", "categorical", Parameters.builder().put("order", "sorted").build(),
        "carol", "alice", "carol", null, "bob");
    assertThat(b.dictionary(0)).containsExactly("alice", "bob", "carol");
    assertThat(new long[] {b.getLong(0, 0), b.getLong(0, 1), b.getLong(0, 2), b.getLong(0, 4)}).containsExactly(2, 0, 2, 1);
    assertThat(b.pairValues().getDouble(0)).isEqualTo(2.0);
    assertThat(b.pairValues().getDouble(1)).isEqualTo(0.0);
  }

  @Test
  void categorical_vocabulary_unknownFailsOrIsMissing() {
    Parameters fail = Parameters.builder().put("vocabulary", List.of("a", "b")).build();
    assertThatThrownBy(() -> one("c", "categorical", fail, "a", SECRET))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("vocabulary").hasMessageNotContaining(SECRET);
    Parameters missing = Parameters.builder().put("vocabulary", List.of("a", "b")).put("unknown", "missing").build();
    VectorBatch b = one("c", "categorical", missing, "b", "zzz", "a");
    assertThat(b.getLong(0, 0)).isEqualTo(1);
    assertThat(b.isValid(0, 1)).isFalse();
    assertThat(b.getLong(0, 2)).isEqualTo(0);
    assertThat(b.dictionary(0)).containsExactly("a", "b");
  }

  @Test
  void categorical_maxSize_failsClosed() {
    assertThatThrownBy(() -> one("c", "categorical", Parameters.builder().put("max-size", 2L).build(), "a", "b", "c"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("max-size");
  }

  @Test
  void hash_bucketIsXxh64OfUtf8ModBuckets() {
    Parameters p = Parameters.builder().put("buckets", 1000L).put("seed", 7L).build();
    String[] values = {"alice", "bob", "ünïcødé", "", "x".repeat(100)};
    VectorBatch b = one("u", "hash", p, values);
    for (int i = 0; i < values.length; i++) {
      byte[] bytes = values[i].getBytes(StandardCharsets.UTF_8);
      long expected = Long.remainderUnsigned(Xxh64.hash(bytes, 0, bytes.length, 7), 1000);
      assertThat(b.getLong(0, i)).isEqualTo(expected);
    }
    assertThat(b.dictionary(0)).isEmpty();
  }

  @Test
  void hash_powerOfTwoBuckets_sameAsUnsignedRemainder() {
    String[] values = new String[500];
    for (int i = 0; i < values.length; i++) {
      values[i] = "token-" + i * 7919;
    }
    for (long buckets : new long[] {1, 2, 1024, 1 << 20, 1 << 30}) {
      VectorBatch b = one("u", "hash", Parameters.builder().put("buckets", buckets).build(), values);
      for (int i = 0; i < values.length; i++) {
        byte[] bytes = values[i].getBytes(StandardCharsets.UTF_8);
        assertThat(b.getLong(0, i)).isEqualTo(Long.remainderUnsigned(Xxh64.hash(bytes, 0, bytes.length, 0), buckets));
      }
    }
  }

  @Test
  void multiHot_splitsTrimsDedupesIntoRaggedCodes() {
    VectorBatch b = one("Tags", "multi-hot", Parameters.empty(), "gpu, cms,gpu", "", null, "cms,,atlas ");
    assertThat(b.columnCount()).isZero();
    RaggedArray tags = b.list("Tags");
    assertThat(tags.length()).isEqualTo(4);
    assertThat(ints(tags, 0)).containsExactly(0, 1);
    assertThat(ints(tags, 1)).isEmpty();
    assertThat(ints(tags, 2)).isEmpty();
    assertThat(ints(tags, 3)).containsExactly(1, 2);
    assertThat(b.dictionary(0)).containsExactly("gpu", "cms", "atlas");
  }

  @Test
  void multiHot_sorted_renumbersListCodes() {
    VectorBatch b = one("Tags", "multi-hot", Parameters.builder().put("order", "sorted").put("separator", ";").build(),
        "gpu;cms", "atlas");
    assertThat(b.dictionary(0)).containsExactly("atlas", "cms", "gpu");
    assertThat(ints(b.list("Tags"), 0)).containsExactly(2, 1);
    assertThat(ints(b.list("Tags"), 1)).containsExactly(0);
  }

  @Test
  void oneHot_singleCodePerPresentRow() {
    VectorBatch b = one("Site", "one-hot", Parameters.empty(), "FNAL", null, "CERN", "FNAL");
    RaggedArray r = b.list("Site");
    assertThat(ints(r, 0)).containsExactly(0);
    assertThat(ints(r, 1)).isEmpty();
    assertThat(ints(r, 2)).containsExactly(1);
    assertThat(ints(r, 3)).containsExactly(0);
  }

  @Test
  void encoderToStrings_neverShowValues() {
    VectorBatch b = one("Owner", "categorical", Parameters.empty(), SECRET);
    assertThat(b.toString()).doesNotContain(SECRET);
    assertThat(b.pairValues().toString()).doesNotContain(SECRET);
    Vectorizer v = Vectorizer.create(VectorSchema.builder().field("Owner", "categorical").build());
    v.accept(RecordView.of("Owner", SECRET));
    assertThat(v.toString()).doesNotContain(SECRET);
    assertThat(RecordView.of("Owner", SECRET).toString()).doesNotContain(SECRET);
  }

  @Test
  void encoderContext_toString_namesFieldOnly() {
    EncoderContext c = EncoderContext.of("Owner", Parameters.builder().put("vocabulary", List.of(SECRET)).build());
    assertThat(c.toString()).contains("Owner").doesNotContain(SECRET);
  }

  private static int[] codes(VectorBatch b, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) b.getLong(0, i);
    }
    return out;
  }

  static int[] ints(RaggedArray r, int row) {
    java.nio.IntBuffer buf = r.intRow(row);
    int[] out = new int[buf.remaining()];
    buf.get(out);
    return out;
  }
}
