package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6AddressTest {
  @ParameterizedTest
  @CsvSource({
      "::, ::",
      "::1, ::1",
      "0:0:0:0:0:0:0:1, ::1",
      "FD00:0088:0000:0000:0000:0000:0000:0001, fd00:88::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
      "fe80::, fe80::",
      "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
      "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
      "::ffff:192.0.2.1, ::ffff:192.0.2.1",
      "::ffff:c000:0201, ::ffff:192.0.2.1",
      "64:ff9b::192.0.2.33, 64:ff9b::c000:221"
  })
  void parsesEveryRfc4291FormAndPrintsTheRfc5952One(String text, String canonical) {
    assertThat(Ipv6Address.parse(text)).hasToString(canonical);
    assertThat(Ipv6Address.parse(canonical)).isEqualTo(Ipv6Address.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":", ":::", "1", "192.0.2.1", "fd00::1::2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "fd00:", ":fd00::",
      "12345::", "g::", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7:8::", "::1.2.3", "::256.1.1.1", "1:2:3:4:5:6:7:1.2.3.4", "fd00:1.2.3.4"})
  void refusesWhatIsNoIpv6Address(String text) {
    assertThatThrownBy(() -> Ipv6Address.parse(text)).isInstanceOf(ModelException.class)
        .hasMessageStartingWith("\"" + text + "\" is not an IPv6 address (");
  }

  @Property
  void agreesWithTheJdkAndRoundTripsThroughItsBytes(@ForAll byte[] bytes) throws Exception {
    if (bytes.length != 16) {
      return;
    }
    Ipv6Address address = Ipv6Address.fromBytes(bytes);
    assertThat(address.toBytes()).isEqualTo(bytes);
    assertThat(Ipv6Address.parse(address.toString())).isEqualTo(address);
    assertThat(InetAddress.getByAddress(bytes).getAddress()).isEqualTo(address.toBytes());
    assertThat(Ipv6Address.parse(InetAddress.getByAddress(bytes).getHostAddress().replaceFirst("%.*", ""))).isEqualTo(address);
  }

  @Test
  void knowsItsKinds() {
    assertThat(Ipv6Address.parse("::1").isLoopback()).isTrue();
    assertThat(Ipv6Address.parse("::").isUnspecified()).isTrue();
    assertThat(Ipv6Address.parse("fe80::1").isLinkLocal()).isTrue();
    assertThat(Ipv6Address.parse("febf::1").isLinkLocal()).isTrue();
    assertThat(Ipv6Address.parse("fec0::1").isLinkLocal()).isFalse();
    assertThat(Ipv6Address.parse("ff02::1").isMulticast()).isTrue();
    assertThat(Ipv6Address.parse("fd00::1").isMulticast()).isFalse();
  }

  @Test
  void countsOnAcrossTheHalves() {
    assertThat(Ipv6Address.parse("fd00::ffff:ffff:ffff:ffff").plus(1)).hasToString("fd00:0:0:1::");
    assertThat(Ipv6Address.parse("fd00:0:0:1::").plus(-1)).hasToString("fd00::ffff:ffff:ffff:ffff");
    assertThat(Ipv6Address.parse("fd00::1").plus(1)).hasToString("fd00::2");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      ":: | the unspecified address",
      "::1 | the loopback address",
      "fe80::1 | link-local (fe80::/10)",
      "febf::1 | link-local (fe80::/10)",
      "ff02::1 | multicast (ff00::/8)",
      "::ffff:192.0.2.1 | IPv4-mapped (::ffff:0:0/96)"
  })
  void namesTheSpecialUseOfAnAddress(String address, String use) {
    assertThat(Ipv6Address.parse(address).specialUse()).contains(use);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fd00:88::2", "2001:db8::1", "fec0::1", "64:ff9b::c000:221", "::2"})
  void aUnicastAddressOfWiderScopeHasNoSpecialUse(String address) {
    assertThat(Ipv6Address.parse(address).specialUse()).isEmpty();
  }
}
