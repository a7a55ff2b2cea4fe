package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MtuTest {

  @ParameterizedTest
  @ValueSource(ints = {68, 1500, 65535})
  void returnsValidMtus(int mtu) {
    assertThat(Mtu.requireValid(mtu)).isEqualTo(mtu);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 67, 65536})
  void refusesMtusOutOfRange(int mtu) {
    assertThatThrownBy(() -> Mtu.requireValid(mtu))
        .isInstanceOf(ModelException.class)
        .hasMessage("MTU " + mtu + " is outside 68–65535");
  }

  @Test
  void defaultIs1500() {
    assertThat(Mtu.DEFAULT).isEqualTo(1500);
  }
}
