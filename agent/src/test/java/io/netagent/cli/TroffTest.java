package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Text that troff would otherwise read as requests, escapes or hyphens. */
class TroffTest {
  @Test
  void escapesWhatTroffWouldInterpret() {
    assertThat(Troff.text("--probe")).isEqualTo("\\-\\-probe");
    assertThat(Troff.text("C:\\n")).isEqualTo("C:\\en");
    assertThat(Troff.text(".ip starts a line")).isEqualTo("\\&.ip starts a line");
    assertThat(Troff.text("'quoted' first")).isEqualTo("\\&'quoted' first");
    assertThat(Troff.text("veth ↔ eth0 …")).isEqualTo("veth \\[u2194] eth0 \\[u2026]");
  }

  @Test
  void refusesALineBreak() {
    assertThatThrownBy(() -> Troff.text("two\nlines")).isInstanceOf(IllegalArgumentException.class);
  }
}
