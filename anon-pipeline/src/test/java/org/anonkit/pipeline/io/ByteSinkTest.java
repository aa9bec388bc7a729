package org.anonkit.pipeline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ByteSinkTest {
  @Test
  void grows_byDoubling_upToTheMaximum_thenFailsWithADataError() {
    ByteSink s = new ByteSink(600, 1000);
    byte[] a = new byte[700];
    Arrays.fill(a, (byte) 'a');
    s.write(a, 0, a.length); // doubling would ask for 1,200: capped at the maximum, not refused
    assertThat(s.len).isEqualTo(700);
    assertThat(s.buf.length).isEqualTo(1000);
    s.write(a, 0, 300);
    assertThat(s.len).isEqualTo(1000);
    assertThat(Arrays.copyOf(s.buf, 1000)).containsOnly((byte) 'a');
    assertThatThrownBy(() -> s.write('b')).isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("the output of one chunk exceeds 1,000 bytes")
        .hasMessageContaining("--chunk-size");
    assertThat(s.len).isEqualTo(1000); // nothing half-written
  }

  @Test
  void ensure_sizesBeyondIntRange_failCleanly() {
    ByteSink s = new ByteSink(16, 64);
    s.write(new byte[40], 0, 40);
    assertThatThrownBy(() -> s.ensure(Integer.MAX_VALUE)).isInstanceOf(UncheckedIOException.class);
  }
}
