package io.netagent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfirmWindowTest {
  @Test
  void secondsMinutesHoursAndTheirSums() {
    assertThat(ConfirmWindow.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ConfirmWindow.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ConfirmWindow.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ConfirmWindow.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ConfirmWindow.parse("24h")).isEqualTo(ConfirmWindow.MAX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0m0s", "0h"})
  void noTimeAtAllIsRefused(String text) {
    assertThatThrownBy(() -> ConfirmWindow.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is no time at all: give a duration such as 90s, 5m or 1h30m, from 1s to 24h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5s", "+5s", "5 s", "5x", "s", "", " ", "1.5m", "30s1m", "5S", "abc"})
  void anythingElseIsRefusedSayingWhatIsAccepted(String text) {
    assertThatThrownBy(() -> ConfirmWindow.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a duration such as 90s, 5m or 1h30m, from 1s to 24h");
  }

  @Test
  void aBareNumberIsRefusedWithAHintAtTheUnit() {
    assertThatThrownBy(() -> ConfirmWindow.parse("90")).hasMessage(
        "'90' is not a duration such as 90s, 5m or 1h30m, from 1s to 24h (add a unit: 90s or 90m)");
  }

  @Test
  void moreThanADayIsRefused() {
    assertThatThrownBy(() -> ConfirmWindow.parse("24h1s")).hasMessage("'24h1s' is longer than 24h: give a duration such as 90s, 5m or 1h30m, from 1s to 24h");
    assertThatThrownBy(() -> ConfirmWindow.parse("999999999s")).hasMessageContaining("is longer than 24h");
  }
}
