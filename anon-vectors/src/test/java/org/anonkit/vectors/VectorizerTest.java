package org.anonkit.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.anonkit.InvalidInputException;
import org.anonkit.Parameters;
import org.anonkit.PolicyException;
import org.junit.jupiter.api.Test;

class VectorizerTest {

  static VectorSchema jobSchema() {
    return VectorSchema.builder()
        .field("Owner", "categorical")
        .field("RequestMemory", "numeric", Parameters.builder().put("type", "int64").build())
        .field("RemoteWallClockTime", "numeric")
        .field("StartdIpAddr", "ipv4", Parameters.builder().put("extract", true).put("prefixes", List.of(24L)).build())
        .field("Tags", "multi-hot")
        .field("HoldReasonCode", "hash", Parameters.builder().put("buckets", 64L).build())
        .build();
  }

  @Test
  void clearAndAnonymized_sameSchema_identicalShapeAndColumnOrder() {
    Vectorizer clear = Vectorizer.create(jobSchema());
    Vectorizer anon = Vectorizer.create(jobSchema());
    clear.accept(RecordView.of("Owner", "alice", "RequestMemory", "2048", "StartdIpAddr", "<131.225.1.2:9618>", "Tags", "a,b"));
    anon.accept(RecordView.of("owner", "u_x7f3", "requestmemory", "2048", "StartdIpAddr", "<10.9.8.2:9618>", "Tags", "t1,t2"));
    clear.accept(RecordView.of("RemoteWallClockTime", "12.5", "Owner", "bob"));
    anon.accept(RecordView.of("RemoteWallClockTime", "12.5", "Owner", "u_91ab"));
    VectorBatch c = clear.finish();
    VectorBatch a = anon.finish();
    assertThat(a.columnNames()).isEqualTo(c.columnNames()).containsExactly(
        "Owner", "RequestMemory", "RemoteWallClockTime", "StartdIpAddr", "StartdIpAddr.p24", "HoldReasonCode");
    assertThat(a.rows()).isEqualTo(c.rows()).isEqualTo(2);
    assertThat(a.toMatrix()).hasSameSizeAs(c.toMatrix()).hasSize(12);
    assertThat(a.listNames()).isEqualTo(c.listNames()).containsExactly("Tags");
    for (int col = 0; col < a.columnCount(); col++) {
      assertThat(a.columnType(col)).isEqualTo(c.columnType(col));
      for (int r = 0; r < 2; r++) {
        assertThat(a.isValid(col, r)).isEqualTo(c.isValid(col, r));
      }
    }
    // first-seen codes of an injectively pseudonymized field equal the clear codes
    assertThat(a.getLong(0, 1)).isEqualTo(c.getLong(0, 1));
  }

  @Test
  void accept_fieldNamesCaseInsensitive_unknownFieldsIgnored() {
    Vectorizer v = Vectorizer.create(jobSchema());
    v.accept(RecordView.of("OWNER", "alice", "Unrelated", "zzz", "requestMEMORY", "1"));
    VectorBatch b = v.finish();
    assertThat(b.getLong(1, 0)).isEqualTo(1);
    assertThat(b.dictionary(0)).containsExactly("alice");
  }

  @Test
  void accept_duplicateField_rejectsAndRollsBack() {
    Vectorizer v = Vectorizer.create(jobSchema());
    v.accept(RecordView.of("Owner", "alice", "RequestMemory", "1"));
    assertThatThrownBy(() -> v.accept(RecordView.of("Owner", "bob", "owner", "carol")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice").hasMessageNotContaining("carol");
    assertThatThrownBy(() -> v.accept(RecordView.of("Owner", "dave", "RequestMemory", "lots", "Tags", "x")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("RequestMemory").hasMessageContaining("row 2");
    // Owner missing, then a bad RequestMemory: the rolled-back row's missing Owner must not be counted
    assertThatThrownBy(() -> v.accept(RecordView.of("RequestMemory", "lots")))
        .isInstanceOf(InvalidInputException.class);
    v.accept(RecordView.of("Owner", "erin", "RequestMemory", "3", "Tags", "y"));
    VectorBatch b = v.finish();
    assertThat(b.rows()).isEqualTo(2);
    assertThat(b.getLong(1, 1)).isEqualTo(3);
    for (int c = 0; c < b.columnCount(); c++) {
      assertThat(((java.nio.Buffer) b.columnData(c)).remaining()).isEqualTo(2);
    }
    assertThat(b.list("Tags").length()).isEqualTo(2);
    assertThat(EncodersTest.ints(b.list("Tags"), 1)).hasSize(1);
    assertThat(b.pairFields().length()).isEqualTo(2);
    assertThat(b.missingCount(0)).isZero();
  }

  @Test
  void accept_missingValuesAfterManyRows_validityTracksEachRow() {
    Vectorizer v = Vectorizer.create(VectorSchema.builder().field("x", "numeric").build());
    java.util.Random rnd = new java.util.Random(7);
    boolean[] present = new boolean[5000];
    for (int i = 0; i < present.length; i++) {
      present[i] = rnd.nextInt(10) != 0;
      v.accept(present[i] ? RecordView.of("x", Integer.toString(i)) : RecordView.of());
    }
    VectorBatch b = v.finish();
    byte[] bits = b.validityBitmap(0);
    for (int i = 0; i < present.length; i++) {
      assertThat(b.isValid(0, i)).isEqualTo(present[i]);
      assertThat((bits[i >>> 3] >> (i & 7) & 1) == 1).isEqualTo(present[i]);
      if (present[i]) {
        assertThat(b.getDouble(0, i)).isEqualTo(i);
      }
    }
  }

  /**
   * The name cache (identity, by position and by hash) against names that bypass it: records with
   * schema fields and up to 1,500 other names, at shuffled positions, each name as one shared instance
   * or as a fresh copy, enough names to empty the cache several times.
   */
  @Test
  void accept_manyNamesShuffledAndCopied_sameColumnsAsUncachedLookups() {
    VectorSchema schema = VectorSchema.builder().field("Owner", "categorical").field("x", "numeric")
        .field("y", "numeric").build();
    Vectorizer cached = Vectorizer.create(schema);
    Vectorizer uncached = Vectorizer.create(schema);
    String[] others = new String[1_500];
    for (int i = 0; i < others.length; i++) {
      others[i] = "Attr" + i;
    }
    String[] schemaNames = {"Owner", "OWNER", "x", "X", "y"};
    java.util.Random rnd = new java.util.Random(11);
    for (int row = 0; row < 3_000; row++) {
      List<String[]> fields = new java.util.ArrayList<>();
      for (int k = rnd.nextInt(40); k > 0; k--) {
        fields.add(new String[] {others[rnd.nextInt(row < 1_000 ? 60 : others.length)], "v"});
      }
      java.util.Set<String> used = new java.util.HashSet<>();
      for (int k = rnd.nextInt(4); k > 0; k--) {
        String n = schemaNames[rnd.nextInt(schemaNames.length)];
        if (used.add(n.toLowerCase(java.util.Locale.ROOT))) {
          fields.add(new String[] {n, n.equalsIgnoreCase("Owner") ? "u" + rnd.nextInt(5) : Integer.toString(rnd.nextInt(100))});
        }
      }
      java.util.Collections.shuffle(fields, rnd);
      java.util.Map<String, Boolean> seen = new java.util.HashMap<>();
      for (String[] f : fields) {
        if (seen.put(f[0], true) != null) {
          f[0] = null; // each name once per record
        }
      }
      fields.removeIf(f -> f[0] == null);
      boolean copy = rnd.nextInt(4) == 0;
      cached.accept(view(fields, copy ? 1 : 0));
      uncached.accept(view(fields, 2));
    }
    VectorBatch a = cached.finish();
    VectorBatch b = uncached.finish();
    assertThat(a.rows()).isEqualTo(b.rows()).isEqualTo(3_000);
    assertThat(a.dictionary(0)).isEqualTo(b.dictionary(0));
    for (int col = 0; col < a.columnCount(); col++) {
      for (int r = 0; r < a.rows(); r++) {
        assertThat(a.isValid(col, r)).as("column %d row %d", col, r).isEqualTo(b.isValid(col, r));
        if (a.isValid(col, r)) {
          assertThat(a.getDouble(col, r)).as("column %d row %d", col, r).isEqualTo(b.getDouble(col, r));
        }
      }
    }
  }

  /** Names as given (0), as fresh String copies (1), or as StringBuilders, which no cache keeps (2). */
  private static RecordView view(List<String[]> fields, int names) {
    return new RecordView() {
      @Override
      public int size() {
        return fields.size();
      }

      @Override
      public CharSequence name(int i) {
        String n = fields.get(i)[0];
        return names == 0 ? n : names == 1 ? new String(n.toCharArray()) : new StringBuilder(n);
      }

      @Override
      public CharSequence value(int i) {
        return fields.get(i)[1];
      }
    };
  }

  @Test
  void pairs_holdPresentFieldsInSchemaOrder() {
    Vectorizer v = Vectorizer.create(jobSchema());
    v.accept(RecordView.of("RequestMemory", "512", "Owner", "alice"));
    v.accept(RecordView.of());
    v.accept(RecordView.of("RemoteWallClockTime", "3.5"));
    VectorBatch b = v.finish();
    RaggedArray f = b.pairFields();
    RaggedArray val = b.pairValues();
    assertThat(EncodersTest.ints(f, 0)).containsExactly(0, 1);
    assertThat(val.doubleRow(0).get(1)).isEqualTo(512.0);
    assertThat(f.rowLength(1)).isZero();
    assertThat(EncodersTest.ints(f, 2)).containsExactly(2);
  }

  @Test
  void schema_fromParameters_readsShorthandAndFullForms() {
    Parameters section = Parameters.builder("$.vectors")
        .put("fields", Parameters.builder("$.vectors.fields")
            .put("RequestMemory", "numeric")
            .put("Owner", Parameters.builder("$.vectors.fields.Owner")
                .put("encoder", "categorical")
                .put("params", Parameters.builder("$.vectors.fields.Owner.params").put("order", "sorted").build())
                .build())
            .build())
        .put("pairs", false)
        .build();
    VectorSchema s = VectorSchema.fromParameters(section);
    assertThat(s.fields()).extracting(VectorSchema.Field::name).containsExactly("RequestMemory", "Owner");
    assertThat(s.fields().get(1).parameters().getString("order", null)).isEqualTo("sorted");
    assertThat(s.pairs()).isFalse();
  }

  @Test
  void schema_duplicateFieldIgnoringCase_rejected() {
    assertThatThrownBy(() -> VectorSchema.builder().field("Owner", "categorical").field("OWNER", "hash").build())
        .isInstanceOf(PolicyException.class).hasMessageContaining("twice");
  }

  @Test
  void finish_twice_rejected() {
    Vectorizer v = Vectorizer.create(jobSchema());
    v.finish();
    assertThatThrownBy(v::finish).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> v.accept(RecordView.of())).isInstanceOf(IllegalStateException.class);
  }

  /** A misspelt encoder name was a ProviderException without the JSON path every other policy error gives. */
  @Test
  void create_unknownEncoder_policyErrorWithThePath() {
    Parameters fields = Parameters.builder("$.vectors.fields").put("Owner", "categorica")
        .put("ExitCode", Parameters.builder().put("encoder", "numerc").build()).build();
    VectorSchema schema = VectorSchema.fromParameters(Parameters.builder("$.vectors").put("fields", fields).build());
    assertThatThrownBy(() -> Vectorizer.create(schema)).isInstanceOf(PolicyException.class)
        .hasMessageContaining("$.vectors.fields.Owner").hasMessageContaining("unknown encoder 'categorica'")
        .hasMessageContaining("categorical");
  }

  /** x and y numeric, then a categorical: one column each, in that order. */
  private static VectorSchema xyz() {
    return VectorSchema.builder().field("x", "numeric").field("Y", "numeric").field("z", "categorical").build();
  }

  @Test
  void acceptLeavingMissing_unencodableValue_missingInItsRow_restEncoded() {
    Vectorizer v = Vectorizer.create(xyz());
    List<String> missing = new java.util.ArrayList<>();
    assertThat(v.accept(RecordView.of("x", "1", "Y", "2", "z", "a"), missing, f -> true)).isZero();
    assertThat(v.accept(RecordView.of("x", "3", "Y", "(RequestMemory * 2)", "z", "b"), missing, f -> true)).isOne();
    assertThat(missing).containsExactly("Y");
    missing.clear();
    VectorBatch b = v.finish();
    assertThat(b.rows()).isEqualTo(2);
    assertThat(b.isValid(1, 1)).as("the expression: missing").isFalse();
    assertThat(b.isValid(0, 1)).isTrue();
    assertThat(b.getDouble(0, 1)).isEqualTo(3);
    assertThat(b.isValid(2, 1)).isTrue();
    assertThat(b.missingCount(1)).isOne();
  }

  @Test
  void acceptLeavingMissing_fieldsNamedBefore_encodedMissing_caseInsensitive() {
    Vectorizer v = Vectorizer.create(xyz());
    List<String> missing = new java.util.ArrayList<>(List.of("y", "x"));
    assertThat(v.accept(RecordView.of("x", "1", "Y", "2", "z", "a"), missing, f -> false)).isZero();
    assertThat(missing).containsExactly("y", "x");
    // the next record without the list: nothing forced
    v.accept(RecordView.of("x", "5", "Y", "6", "z", "a"));
    VectorBatch b = v.finish();
    assertThat(b.isValid(0, 0)).isFalse();
    assertThat(b.isValid(1, 0)).isFalse();
    assertThat(b.isValid(0, 1)).isTrue();
    assertThat(b.getDouble(1, 1)).isEqualTo(6);
  }

  @Test
  void acceptLeavingMissing_notAllowed_throwsAndRollsBack() {
    Vectorizer v = Vectorizer.create(xyz());
    v.accept(RecordView.of("x", "1", "Y", "2", "z", "a"));
    List<String> missing = new java.util.ArrayList<>();
    assertThatThrownBy(() -> v.accept(RecordView.of("x", "3", "Y", "bad value", "z", "b"), missing, f -> !f.equals("Y")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Y").hasMessageNotContaining("bad value");
    assertThat(missing).isEmpty();
    assertThat(v.rows()).isOne();
    // a field twice is no value to leave missing: it fails once, without looping
    assertThatThrownBy(() -> v.accept(RecordView.of("x", "3", "x", "4"), missing, f -> true))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
    assertThat(v.rows()).isOne();
    v.accept(RecordView.of("x", "7", "Y", "8", "z", "c"));
    VectorBatch b = v.finish();
    assertThat(b.rows()).isEqualTo(2);
    assertThat(b.getDouble(0, 1)).isEqualTo(7);
    assertThat(b.isValid(0, 1)).isTrue();
    assertThat(b.missingCount(0)).isZero();
  }
}
