package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4CidrTest {

  @Test
  void parsesAddressWithHostBitsAndPrefixLength() {
    Ipv4Cidr cidr = Ipv4Cidr.parse("10.88.0.2/16");

    assertThat(cidr.address()).isEqualTo(Ipv4Address.parse("10.88.0.2"));
    assertThat(cidr.prefixLength()).isEqualTo(16);
    assertThat(cidr).hasToString("10.88.0.2/16");
  }

  @Test
  void subnetMasksTheHostBits() {
    assertThat(Ipv4Cidr.parse("10.88.0.2/16").subnet()).isEqualTo(Ipv4Subnet.parse("10.88.0.0/16"));
    assertThat(Ipv4Cidr.parse("192.168.1.200/25").subnet()).isEqualTo(Ipv4Subnet.parse("192.168.1.128/25"));
    assertThat(Ipv4Cidr.parse("10.0.0.5/32").subnet()).isEqualTo(Ipv4Subnet.parse("10.0.0.5/32"));
    assertThat(Ipv4Cidr.parse("10.0.0.5/0").subnet()).isEqualTo(Ipv4Subnet.ANY);
  }

  @Test
  void missingSlashIsRefused() {
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.88.0.2"))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"10.88.0.2\" is not an address with prefix (expected a.b.c.d/prefix)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.88.0.2/", "10.88.0.2/x", "10.88.0.2/-8", "10.88.0.2/+8", "10.88.0.2/123", "10.88.0.2/ 8"})
  void malformedPrefixLengthsAreRefused(String text) {
    assertThatThrownBy(() -> Ipv4Cidr.parse(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + text + "\" has no valid prefix length after the /");
  }

  @Test
  void nonAsciiDigitsInThePrefixLengthAreRefused() {
    String text = "10.88.0.2/\u0661\u0666";
    assertThatThrownBy(() -> Ipv4Cidr.parse(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + text + "\" has no valid prefix length after the /");
  }

  @ParameterizedTest
  @ValueSource(ints = {33, 64, 99})
  void prefixLengthsAbove32AreRefused(int prefixLength) {
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.88.0.2/" + prefixLength))
        .isInstanceOf(ModelException.class)
        .hasMessage("prefix length " + prefixLength + " is not between 0 and 32");
  }

  @Test
  void constructorRefusesNegativePrefixLength() {
    assertThatThrownBy(() -> new Ipv4Cidr(Ipv4Address.parse("10.0.0.1"), -1))
        .isInstanceOf(ModelException.class)
        .hasMessage("prefix length -1 is not between 0 and 32");
  }

  @Test
  void prefixLengthsZeroAnd32AreAccepted() {
    assertThat(Ipv4Cidr.parse("10.0.0.1/0").prefixLength()).isZero();
    assertThat(Ipv4Cidr.parse("10.0.0.1/32").prefixLength()).isEqualTo(32);
  }

  @Test
  void badAddressIsRefusedWithTheAddressMessage() {
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.88.0/16"))
        .hasMessage("\"10.88.0\" is not an IPv4 address (expected a.b.c.d)");
  }

  @Test
  void ordersByAddressThenPrefixLength() {
    assertThat(Ipv4Cidr.parse("10.0.0.1/24")).isLessThan(Ipv4Cidr.parse("10.0.0.2/8"));
    assertThat(Ipv4Cidr.parse("10.0.0.1/8")).isLessThan(Ipv4Cidr.parse("10.0.0.1/24"));
    assertThat(Ipv4Cidr.parse("200.0.0.1/8")).isGreaterThan(Ipv4Cidr.parse("10.0.0.1/8"));
  }
}
