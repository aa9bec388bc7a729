package org.anonkit.privacy.generalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.anonkit.InvalidInputException;
import org.junit.jupiter.api.Test;

class HierarchyTest {

  @Test
  void readCsv_arxFormat_generalizesByLevel() throws Exception {
    Hierarchy h = Hierarchy.readCsv(new StringReader("Private;Non-Government;*\nState-gov;Government;*\n\n"), ';');
    assertThat(h.levels()).isEqualTo(3);
    assertThat(h.leaves()).containsExactly("Private", "State-gov");
    assertThat(h.generalize("State-gov", 0)).isEqualTo("State-gov");
    assertThat(h.generalize("State-gov", 1)).isEqualTo("Government");
    assertThat(h.generalize("Private", 2)).isEqualTo("*");
  }

  @Test
  void fromTable_notATree_rejected() {
    assertThatThrownBy(() -> Hierarchy.fromTable(List.of(List.of("a", "x", "p"), List.of("b", "x", "q"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a tree");
    assertThatThrownBy(() -> Hierarchy.fromTable(List.of(List.of("a", "x"), List.of("a", "y"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats");
    assertThatThrownBy(() -> Hierarchy.fromTable(List.of(List.of("a", "x"), List.of("b"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generalize_valueOutsideTable_failsWithoutEchoingIt() {
    Hierarchy h = Hierarchy.fromTable(List.of(List.of("a", "*")));
    assertThatThrownBy(() -> h.generalize("secret-value-4711", 1)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-value-4711"));
    assertThatThrownBy(() -> h.generalize("a", 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void intervals_nestedWidths() {
    Hierarchy h = Hierarchy.intervals(0, 10, 20, 60);
    assertThat(h.levels()).isEqualTo(5);
    assertThat(h.generalize("39", 1)).isEqualTo("[30,40)");
    assertThat(h.generalize("39", 2)).isEqualTo("[20,40)");
    assertThat(h.generalize("39", 3)).isEqualTo("[0,60)");
    assertThat(h.generalize("-1", 1)).isEqualTo("[-10,0)");
    assertThat(h.generalize("2.5", 1)).isEqualTo("[0,10)");
    assertThat(h.generalize("39", 4)).isEqualTo("*");
    assertThatThrownBy(() -> Hierarchy.intervals(0, 10, 25)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple");
    assertThatThrownBy(() -> h.generalize("12abc", 1)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("12abc"));
  }

  /**
   * Fractional widths, in decimal: in binary 0.6 / 0.1 is 5.999..., and 0.6 was labelled
   * [0.5,0.6), 1.2 at width 0.2 [1,1.2), intervals that do not hold them (and 0.3 got
   * [0.2,0.30000000000000004)).
   */
  @Test
  void intervals_fractionalWidths_holdTheirValues() {
    Hierarchy h = Hierarchy.intervals(0, 0.1, 0.2);
    assertThat(h.generalize("0.6", 1)).isEqualTo("[0.6,0.7)");
    assertThat(h.generalize("0.6", 2)).isEqualTo("[0.6,0.8)");
    assertThat(h.generalize("1.2", 2)).isEqualTo("[1.2,1.4)");
    assertThat(h.generalize("0.3", 1)).isEqualTo("[0.3,0.4)");
    assertThat(h.generalize("0.3", 2)).isEqualTo("[0.2,0.4)");
    assertThat(h.generalize("-0.3", 1)).isEqualTo("[-0.3,-0.2)");
    assertThat(h.generalize("0.65", 1)).isEqualTo("[0.6,0.7)");
    assertThat(Hierarchy.intervals(0.05, 0.1).generalize("0.05", 1)).isEqualTo("[0.05,0.15)");
    // every value of a grid lies in its interval, at every level
    for (int i = -300; i <= 300; i++) {
      double x = i / 100.0;
      for (int level = 1; level <= 2; level++) {
        String label = h.generalize(Double.toString(x), level);
        String[] bounds = label.substring(1, label.length() - 1).split(",");
        assertThat(new java.math.BigDecimal(bounds[0])).as("%s at level %s: %s", x, level, label)
            .isLessThanOrEqualTo(java.math.BigDecimal.valueOf(x));
        assertThat(new java.math.BigDecimal(bounds[1])).as("%s at level %s: %s", x, level, label)
            .isGreaterThan(java.math.BigDecimal.valueOf(x));
      }
    }
    // a whole multiple in decimal, as the labels are computed
    assertThat(Hierarchy.intervals(0, 0.1, 0.3).levels()).isEqualTo(4);
    assertThatThrownBy(() -> Hierarchy.intervals(0, 0.1, 0.25)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple");
  }

  @Test
  void cutPoints_nestedSubsets() {
    Hierarchy h = Hierarchy.cutPoints(new double[] {1024, 4096, 16384}, new double[] {4096});
    assertThat(h.generalize("100", 1)).isEqualTo("<1024");
    assertThat(h.generalize("2048", 1)).isEqualTo("[1024,4096)");
    assertThat(h.generalize("20000", 1)).isEqualTo(">=16384");
    assertThat(h.generalize("2048", 2)).isEqualTo("<4096");
    assertThatThrownBy(() -> Hierarchy.cutPoints(new double[] {10}, new double[] {20}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subset");
  }

  @Test
  void time_truncatesInZone_andRejectsWeekThenMonth() {
    Hierarchy h = Hierarchy.time("epoch-seconds", ZoneId.of("UTC"), List.of("minute", "hour", "day", "week"));
    long t = 1_700_000_123L; // 2023-11-14T22:15:23Z, a Tuesday
    assertThat(h.generalize(Long.toString(t), 1)).isEqualTo("1700000100");
    assertThat(h.generalize(Long.toString(t), 2)).isEqualTo("1699999200");
    assertThat(h.generalize(Long.toString(t), 3)).isEqualTo("1699920000");
    assertThat(h.generalize(Long.toString(t), 4)).isEqualTo("1699833600"); // Monday 2023-11-13
    assertThat(h.generalize(Long.toString(t), 5)).isEqualTo("*");
    Hierarchy iso = Hierarchy.time("iso", ZoneId.of("America/Chicago"), List.of("day", "month"));
    assertThat(iso.generalize("2023-11-14T22:15:23Z", 1)).isEqualTo("2023-11-14T00:00:00-06:00");
    assertThat(iso.generalize("2023-11-14T22:15:23Z", 2)).isEqualTo("2023-11-01T00:00:00-05:00");
    assertThatThrownBy(() -> Hierarchy.time("epoch-seconds", ZoneId.of("UTC"), List.of("week", "month")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not nested");
    assertThatThrownBy(() -> h.generalize("17000x0123", 1)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("17000x0123"));
  }

  @Test
  void ipPrefixes_v4AndV6() {
    Hierarchy h = Hierarchy.ipPrefixes(new int[] {24, 16, 8}, new int[] {64, 48, 32});
    assertThat(h.generalize("131.225.7.42", 1)).isEqualTo("131.225.7.0/24");
    assertThat(h.generalize("131.225.7.42", 2)).isEqualTo("131.225.0.0/16");
    assertThat(h.generalize("131.225.7.42", 3)).isEqualTo("131.0.0.0/8");
    assertThat(h.generalize("2001:db8:1234:5678::1", 2)).isEqualTo("2001:db8:1234:0:0:0:0:0/48");
    assertThatThrownBy(() -> h.generalize("131.225.7.420", 1)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("131.225.7.420"));
    assertThatThrownBy(() -> h.generalize("fnal.gov", 1)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fnal.gov"));
  }

  @Test
  void redactRight_andMap() {
    Hierarchy zip = Hierarchy.redactRight(1, 3, 5, '0');
    assertThat(zip.generalize("60510", 2)).isEqualTo("605**");
    assertThat(zip.generalize("510", 1)).isEqualTo("0051*");
    Hierarchy site = Hierarchy.map(List.of(Map.of("FNAL", "US", "CERN", "EU"), Map.of("US", "world", "EU", "world")),
        null);
    assertThat(site.levels()).isEqualTo(4);
    assertThat(site.generalize("CERN", 1)).isEqualTo("EU");
    assertThat(site.generalize("CERN", 2)).isEqualTo("world");
    assertThat(site.generalize("CERN", 3)).isEqualTo("*");
    assertThatThrownBy(() -> site.generalize("DESY-hidden", 1)).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("DESY-hidden"));
    assertThat(Hierarchy.map(List.of(Map.of("FNAL", "US")), "other").generalize("DESY", 1)).isEqualTo("other");
  }
}
