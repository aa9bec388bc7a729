package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link FieldKind#union}: the column kind of a typed output, whatever order the values arrive in. */
class FieldKindTest {

  @Test
  void union_examples() {
    assertThat(FieldKind.union(FieldKind.INTEGER, FieldKind.INTEGER)).isEqualTo(FieldKind.INTEGER);
    assertThat(FieldKind.union(FieldKind.INTEGER, FieldKind.UNDEFINED)).isEqualTo(FieldKind.INTEGER);
    assertThat(FieldKind.union(FieldKind.UNDEFINED, FieldKind.BOOLEAN)).isEqualTo(FieldKind.BOOLEAN);
    assertThat(FieldKind.union(FieldKind.INTEGER, FieldKind.REAL)).isEqualTo(FieldKind.REAL);
    assertThat(FieldKind.union(FieldKind.INTEGER, FieldKind.STRING)).isEqualTo(FieldKind.STRING);
    assertThat(FieldKind.union(FieldKind.BOOLEAN, FieldKind.REAL)).isEqualTo(FieldKind.STRING);
    assertThat(FieldKind.union(FieldKind.RAW, FieldKind.JSON)).isEqualTo(FieldKind.STRING);
  }

  @Test
  void union_commutativeAssociativeIdempotent_overEveryKind() {
    for (FieldKind a : FieldKind.values()) {
      assertThat(FieldKind.union(a, a)).isEqualTo(a);
      for (FieldKind b : FieldKind.values()) {
        assertThat(FieldKind.union(a, b)).as(a + " " + b).isEqualTo(FieldKind.union(b, a));
        for (FieldKind c : FieldKind.values()) {
          assertThat(FieldKind.union(FieldKind.union(a, b), c)).as(a + " " + b + " " + c)
              .isEqualTo(FieldKind.union(a, FieldKind.union(b, c)));
        }
      }
    }
  }
}
