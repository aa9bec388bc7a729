package org.anonkit.vectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.anonkit.InvalidInputException;
import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void parseDouble_seededDecimals_sameAsJdk() {
    Random rnd = new Random(2024);
    for (int i = 0; i < 200_000; i++) {
      String s;
      switch (rnd.nextInt(5)) {
        case 0:
          s = Long.toString(rnd.nextLong() >> rnd.nextInt(64));
          break;
        case 1:
          s = Double.toString(rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20));
          break;
        case 2:
          s = new BigDecimal(rnd.nextInt(1_000_000)).movePointLeft(rnd.nextInt(8)).toPlainString();
          break;
        case 3:
          s = (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(100000) + "." + rnd.nextInt(1000) + "e" + (rnd.nextInt(50) - 25);
          break;
        default:
          s = Double.toString(Double.longBitsToDouble(rnd.nextLong()));
      }
      if (s.contains("NaN") || s.contains("Infinity")) {
        continue;
      }
      assertThat(Numbers.parseDouble(s)).as(s).isEqualTo(Double.parseDouble(s));
    }
  }

  @Test
  void parseLong_edgeCases() {
    assertThat(Numbers.parseLong("0")).isZero();
    assertThat(Numbers.parseLong("-17")).isEqualTo(-17);
    assertThat(Numbers.parseLong("+17")).isEqualTo(17);
    assertThat(Numbers.parseLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(Numbers.parseLong("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(Numbers.parseLong("1e3")).isEqualTo(1000);
    assertThatThrownBy(() -> Numbers.parseLong("9223372036854775808")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Numbers.parseLong("1.5")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void parse_rejectsNonNumbersWithoutEchoing() {
    for (String bad : new String[] {"", "-", ".", "1e", "12abc", "0x1F", "1d", "secret-42"}) {
      assertThatThrownBy(() -> Numbers.parseDouble(bad)).as(bad)
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad.isEmpty() ? "\u0000" : bad));
    }
  }
}
