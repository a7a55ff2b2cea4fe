package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv6CidrTest {
  @Test
  void printsTheAddressWithItsPrefixLength() {
    assertThat(new Ipv6Cidr(Ipv6Address.parse("fd00:88:0::2"), 64)).hasToString("fd00:88::2/64");
  }

  @Test
  void refusesAPrefixLengthPast128() {
    assertThatThrownBy(() -> new Ipv6Cidr(Ipv6Address.parse("fd00::2"), 129)).isInstanceOf(ModelException.class)
        .hasMessage("prefix length 129 is not between 0 and 128");
  }
}
