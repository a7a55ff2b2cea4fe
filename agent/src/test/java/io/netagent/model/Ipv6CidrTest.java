package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv6CidrTest {
  @Test
  void printsTheAddressWithItsPrefixLengthAndKnowsItsSubnet() {
    Ipv6Cidr cidr = new Ipv6Cidr(Ipv6Address.parse("fd00:88::2"), 64);

    assertThat(cidr).hasToString("fd00:88::2/64");
    assertThat(cidr.subnet()).isEqualTo(Ipv6Subnet.parse("fd00:88::/64"));
    assertThat(new Ipv6Cidr(Ipv6Address.parse("fd00::1:2"), 112).subnet()).hasToString("fd00::1:0/112");
  }

  @Test
  void refusesAPrefixLengthPast128() {
    assertThatThrownBy(() -> new Ipv6Cidr(Ipv6Address.parse("fd00::2"), 129)).isInstanceOf(ModelException.class)
        .hasMessage("prefix length 129 is not between 0 and 128");
  }

  @Test
  void ordersByAddressThenPrefixLength() {
    Ipv6Cidr a = new Ipv6Cidr(Ipv6Address.parse("fd00::2"), 64);
    Ipv6Cidr b = new Ipv6Cidr(Ipv6Address.parse("fd00::2"), 120);
    Ipv6Cidr c = new Ipv6Cidr(Ipv6Address.parse("fd00::10"), 64);

    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
  }
}
