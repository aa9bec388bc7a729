package org.anonkit.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvLineTest {
  @Test
  void split_handlesQuotesEscapedQuotesAndEmptyCells() {
    assertThat(CsvLine.split("a;\"b;c\";\"say \"\"hi\"\"\";;", ';'))
        .containsExactly("a", "b;c", "say \"hi\"", "", "");
    assertThat(CsvLine.split("", ';')).containsExactly("");
    assertThat(CsvLine.split("x\"y;z", ';')).containsExactly("x\"y", "z"); // a quote inside a cell is literal
  }
}
