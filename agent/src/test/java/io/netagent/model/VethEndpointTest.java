package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VethEndpointTest {

  private static VethEndpoint endpoint(int mtu) {
    return new VethEndpoint(InterfaceName.of("veth-web"), InterfaceName.of("eth0"), MacAddress.parse("02:42:0a:58:00:03"),
        Optional.empty(), Optional.empty(), mtu, true, NamespaceRef.HOST);
  }

  @ParameterizedTest
  @ValueSource(ints = {68, 1500, 9000, 65535})
  void acceptsMtusFrom68To65535(int mtu) {
    assertThat(endpoint(mtu).mtu()).isEqualTo(mtu);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 67, 65536})
  void refusesMtusOutsideTheRange(int mtu) {
    assertThatThrownBy(() -> endpoint(mtu))
        .isInstanceOf(ModelException.class)
        .hasMessage("MTU " + mtu + " is outside 68–65535");
  }
}
