package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4AddressTest {

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.88.0.2", "127.0.0.1", "192.168.1.255", "255.255.255.255", "1.2.3.4"})
  void parseAndFormatRoundTrip(String text) {
    assertThat(Ipv4Address.parse(text).toString()).isEqualTo(text);
  }

  @Test
  void parseKeepsTheBitsInNetworkOrder() {
    assertThat(Ipv4Address.parse("10.88.0.2").bits()).isEqualTo(0x0a580002);
    assertThat(Ipv4Address.parse("255.255.255.255").bits()).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"010.0.0.1", "10.00.0.1", "10.0.0.01", "00.0.0.0"})
  void leadingZerosAreRefused(String text) {
    assertThatThrownBy(() -> Ipv4Address.parse(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + text + "\" is not an IPv4 address (leading zeros are not allowed: inet_aton would read them as octal)");
  }

  @Test
  void partAbove255IsRefusedNamingThePart() {
    assertThatThrownBy(() -> Ipv4Address.parse("10.256.0.1"))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"10.256.0.1\" is not an IPv4 address (256 is above 255)");
  }

  @Test
  void threeDigitPartAbove255IsRefusedNamingThePart() {
    assertThatThrownBy(() -> Ipv4Address.parse("999.0.0.1"))
        .hasMessage("\"999.0.0.1\" is not an IPv4 address (999 is above 255)");
  }

  @Test
  void fourDigitPartIsRefused() {
    assertThatThrownBy(() -> Ipv4Address.parse("1000.0.0.1"))
        .hasMessage("\"1000.0.0.1\" is not an IPv4 address (expected a.b.c.d)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0", "10.0.0.1.2", "10", "", "10.0.0.1."})
  void wrongNumberOfPartsIsRefused(String text) {
    assertThatThrownBy(() -> Ipv4Address.parse(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + text + "\" is not an IPv4 address (expected a.b.c.d)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10..0.1", ".10.0.1", "10.0.0.", "..."})
  void emptyPartsAreRefused(String text) {
    assertThatThrownBy(() -> Ipv4Address.parse(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + text + "\" is not an IPv4 address (expected a.b.c.d)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.a", "10.0.0.-1", "10.0.0.+1", " 10.0.0.1", "10.0.0.1 ", "0x0a.0.0.1", "10,0,0,1"})
  void nonDigitsAreRefused(String text) {
    assertThatThrownBy(() -> Ipv4Address.parse(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + text + "\" is not an IPv4 address (expected a.b.c.d)");
  }

  @Test
  void nonAsciiDigitsAreRefused() {
    String arabicIndicTen = "\u0661\u0660.0.0.1";
    assertThatThrownBy(() -> Ipv4Address.parse(arabicIndicTen))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + arabicIndicTen + "\" is not an IPv4 address (expected a.b.c.d)");
  }

  @Test
  void fromBytesAndToBytesRoundTrip() {
    byte[] bytes = {(byte) 192, (byte) 168, 0, (byte) 255};
    Ipv4Address address = Ipv4Address.fromBytes(bytes);

    assertThat(address).isEqualTo(Ipv4Address.parse("192.168.0.255"));
    assertThat(address.toBytes()).containsExactly(bytes);
  }

  @Test
  void toBytesIsNetworkOrder() {
    assertThat(Ipv4Address.parse("10.88.0.2").toBytes()).containsExactly(10, 88, 0, 2);
  }

  @Test
  void fromBytesNeedsExactlyFourBytes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Ipv4Address.fromBytes(new byte[] {10, 0, 0}))
        .withMessage("an IPv4 address has 4 bytes, not 3");
  }

  @Test
  void compareToIsUnsigned() {
    assertThat(Ipv4Address.parse("200.0.0.0")).isGreaterThan(Ipv4Address.parse("10.0.0.0"));
    assertThat(Ipv4Address.parse("255.255.255.255")).isGreaterThan(Ipv4Address.parse("127.255.255.255"));
    assertThat(Ipv4Address.parse("10.0.0.1")).isLessThan(Ipv4Address.parse("10.0.0.2"));
    assertThat(Ipv4Address.parse("10.0.0.1")).isEqualByComparingTo(Ipv4Address.parse("10.0.0.1"));
  }

  @Test
  void loopbackIsTheWhole127Network() {
    assertThat(Ipv4Address.parse("127.0.0.1").isLoopback()).isTrue();
    assertThat(Ipv4Address.parse("127.255.255.254").isLoopback()).isTrue();
    assertThat(Ipv4Address.parse("128.0.0.1").isLoopback()).isFalse();
    assertThat(Ipv4Address.parse("10.127.0.1").isLoopback()).isFalse();
  }

  @Test
  void onlyZeroIsUnspecified() {
    assertThat(Ipv4Address.parse("0.0.0.0").isUnspecified()).isTrue();
    assertThat(Ipv4Address.parse("0.0.0.1").isUnspecified()).isFalse();
  }

  @Test
  void plusWrapsAround() {
    assertThat(Ipv4Address.parse("10.0.0.255").plus(1)).isEqualTo(Ipv4Address.parse("10.0.1.0"));
    assertThat(Ipv4Address.parse("255.255.255.255").plus(1)).isEqualTo(Ipv4Address.parse("0.0.0.0"));
  }
}
