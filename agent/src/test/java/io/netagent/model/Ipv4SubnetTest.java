package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4SubnetTest {

  private static Ipv4Subnet subnet(String text) {
    return Ipv4Subnet.parse(text);
  }

  private static Ipv4Address ip(String text) {
    return Ipv4Address.parse(text);
  }

  @Test
  void parsesNetworkAndPrefixLength() {
    Ipv4Subnet subnet = subnet("10.88.0.0/16");

    assertThat(subnet.network()).isEqualTo(ip("10.88.0.0"));
    assertThat(subnet.prefixLength()).isEqualTo(16);
    assertThat(subnet).hasToString("10.88.0.0/16");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0/0", "10.0.0.0/8", "192.168.1.128/25", "10.0.0.4/31", "10.0.0.5/32"})
  void formatsAsParsed(String text) {
    assertThat(subnet(text)).hasToString(text);
  }

  @Test
  void hostBitsSetAreRefusedWithTheMaskedSubnetSuggested() {
    assertThatThrownBy(() -> subnet("10.88.0.5/16"))
        .isInstanceOf(ModelException.class)
        .hasMessage("10.88.0.5/16 has host bits set (did you mean 10.88.0.0/16?)");
  }

  @Test
  void hostBitsSetInAnOddPrefixLengthSuggestTheRightNetwork() {
    assertThatThrownBy(() -> subnet("192.168.1.200/25"))
        .hasMessage("192.168.1.200/25 has host bits set (did you mean 192.168.1.128/25?)");
  }

  @Test
  void anyAddressWithPrefixZeroHasHostBits() {
    assertThatThrownBy(() -> subnet("10.0.0.0/0"))
        .hasMessage("10.0.0.0/0 has host bits set (did you mean 0.0.0.0/0?)");
  }

  @Test
  void missingSlashIsRefused() {
    assertThatThrownBy(() -> subnet("10.88.0.0"))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"10.88.0.0\" is not a subnet (expected a.b.c.d/prefix)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/", "10.0.0.0/abc", "10.0.0.0/-1", "10.0.0.0/100", "10.0.0.0/8/8"})
  void malformedPrefixLengthIsRefused(String text) {
    assertThatThrownBy(() -> subnet(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + text + "\" has no valid prefix length after the /");
  }

  @Test
  void prefixLengthAbove32IsRefused() {
    assertThatThrownBy(() -> subnet("10.0.0.0/33"))
        .isInstanceOf(ModelException.class)
        .hasMessage("prefix length 33 is not between 0 and 32");
  }

  @Test
  void badNetworkAddressIsRefusedWithTheAddressMessage() {
    assertThatThrownBy(() -> subnet("10.0.0.256/24"))
        .hasMessage("\"10.0.0.256\" is not an IPv4 address (256 is above 255)");
  }

  @Test
  void containsAddressesOfTheSubnetOnly() {
    Ipv4Subnet subnet = subnet("10.88.0.0/16");

    assertThat(subnet.contains(ip("10.88.0.0"))).isTrue();
    assertThat(subnet.contains(ip("10.88.12.34"))).isTrue();
    assertThat(subnet.contains(ip("10.88.255.255"))).isTrue();
    assertThat(subnet.contains(ip("10.89.0.0"))).isFalse();
    assertThat(subnet.contains(ip("10.87.255.255"))).isFalse();
  }

  @Test
  void slash32ContainsOnlyItself() {
    Ipv4Subnet subnet = subnet("10.0.0.5/32");

    assertThat(subnet.contains(ip("10.0.0.5"))).isTrue();
    assertThat(subnet.contains(ip("10.0.0.4"))).isFalse();
  }

  @Test
  void anyContainsEveryAddress() {
    assertThat(Ipv4Subnet.ANY).hasToString("0.0.0.0/0");
    assertThat(Ipv4Subnet.ANY.contains(ip("0.0.0.0"))).isTrue();
    assertThat(Ipv4Subnet.ANY.contains(ip("200.1.2.3"))).isTrue();
    assertThat(Ipv4Subnet.ANY.contains(ip("255.255.255.255"))).isTrue();
  }

  @Test
  void nestedSubnetsOverlapInBothDirections() {
    Ipv4Subnet outer = subnet("10.0.0.0/8");
    Ipv4Subnet inner = subnet("10.88.0.0/16");

    assertThat(outer.overlaps(inner)).isTrue();
    assertThat(inner.overlaps(outer)).isTrue();
  }

  @Test
  void aSubnetOverlapsItself() {
    assertThat(subnet("10.88.0.0/16").overlaps(subnet("10.88.0.0/16"))).isTrue();
  }

  @Test
  void disjointSubnetsDoNotOverlapInEitherDirection() {
    Ipv4Subnet a = subnet("10.88.0.0/16");
    Ipv4Subnet b = subnet("10.89.0.0/16");

    assertThat(a.overlaps(b)).isFalse();
    assertThat(b.overlaps(a)).isFalse();
  }

  @Test
  void adjacentHalvesDoNotOverlap() {
    assertThat(subnet("192.168.1.0/25").overlaps(subnet("192.168.1.128/25"))).isFalse();
  }

  @Test
  void anyOverlapsEverything() {
    assertThat(Ipv4Subnet.ANY.overlaps(subnet("192.168.1.0/24"))).isTrue();
    assertThat(subnet("192.168.1.0/24").overlaps(Ipv4Subnet.ANY)).isTrue();
  }

  @Test
  void broadcastIsTheLastAddress() {
    assertThat(subnet("10.88.0.0/16").broadcast()).isEqualTo(ip("10.88.255.255"));
    assertThat(subnet("192.168.1.128/25").broadcast()).isEqualTo(ip("192.168.1.255"));
    assertThat(subnet("10.0.0.5/32").broadcast()).isEqualTo(ip("10.0.0.5"));
    assertThat(Ipv4Subnet.ANY.broadcast()).isEqualTo(ip("255.255.255.255"));
  }

  @Test
  void networkAndBroadcastAreReservedBelowSlash31() {
    Ipv4Subnet subnet = subnet("10.88.0.0/16");

    assertThat(subnet.isReserved(ip("10.88.0.0"))).isTrue();
    assertThat(subnet.isReserved(ip("10.88.255.255"))).isTrue();
    assertThat(subnet.isReserved(ip("10.88.0.1"))).isFalse();
    assertThat(subnet.isReserved(ip("10.88.255.254"))).isFalse();
  }

  @Test
  void slash30StillReservesBothEnds() {
    Ipv4Subnet subnet = subnet("10.0.0.4/30");

    assertThat(subnet.isReserved(ip("10.0.0.4"))).isTrue();
    assertThat(subnet.isReserved(ip("10.0.0.7"))).isTrue();
  }

  @Test
  void slash31ReservesNothing() {
    Ipv4Subnet subnet = subnet("10.0.0.4/31");

    assertThat(subnet.isReserved(ip("10.0.0.4"))).isFalse();
    assertThat(subnet.isReserved(ip("10.0.0.5"))).isFalse();
  }

  @Test
  void slash32ReservesNothing() {
    assertThat(subnet("10.0.0.5/32").isReserved(ip("10.0.0.5"))).isFalse();
  }

  @Test
  void constructorRefusesPrefixLengthsOutside0To32() {
    assertThatThrownBy(() -> new Ipv4Subnet(ip("0.0.0.0"), -1))
        .isInstanceOf(ModelException.class)
        .hasMessage("prefix length -1 is not between 0 and 32");
    assertThatThrownBy(() -> new Ipv4Subnet(ip("0.0.0.0"), 33))
        .hasMessage("prefix length 33 is not between 0 and 32");
  }
}
