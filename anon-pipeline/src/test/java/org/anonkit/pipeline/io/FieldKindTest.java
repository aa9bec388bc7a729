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

  @Test
  void ofColumnValue_integersOutside64Bits_makeStringColumns() {
    assertThat(FieldKind.ofColumnValue(FieldKind.INTEGER, "9223372036854775807")).isEqualTo(FieldKind.INTEGER);
    assertThat(FieldKind.ofColumnValue(FieldKind.INTEGER, "-9223372036854775808")).isEqualTo(FieldKind.INTEGER);
    assertThat(FieldKind.ofColumnValue(FieldKind.INTEGER, "9223372036854775808")).isEqualTo(FieldKind.STRING);
    assertThat(FieldKind.ofColumnValue(FieldKind.INTEGER, "-9223372036854775809")).isEqualTo(FieldKind.STRING);
    assertThat(FieldKind.ofColumnValue(FieldKind.INTEGER, "123456789012345678901234567890")).isEqualTo(FieldKind.STRING);
    assertThat(FieldKind.ofColumnValue(FieldKind.REAL, "123456789012345678901234567890.5")).isEqualTo(FieldKind.REAL);
    assertThat(FieldKind.ofColumnValue(FieldKind.STRING, "99999999999999999999")).isEqualTo(FieldKind.STRING);
  }
}
