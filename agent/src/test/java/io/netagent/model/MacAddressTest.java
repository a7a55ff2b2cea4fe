package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

  @Test
  void parsesLowerCase() {
    assertThat(MacAddress.parse("02:42:0a:58:00:02").bits()).isEqualTo(0x0242_0a58_0002L);
  }

  @Test
  void parsesUpperAndMixedCase() {
    assertThat(MacAddress.parse("02:42:0A:58:00:02")).isEqualTo(MacAddress.parse("02:42:0a:58:00:02"));
    assertThat(MacAddress.parse("aA:Bb:cC:dD:eE:fF")).isEqualTo(MacAddress.parse("aa:bb:cc:dd:ee:ff"));
  }

  @Test
  void formatsLowerCase() {
    assertThat(MacAddress.parse("02:42:0A:58:00:FF")).hasToString("02:42:0a:58:00:ff");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "02:42:0a:58:00",
      "02:42:0a:58:00:02:03",
      "02:42:0a:58:00:002",
      "02:42:0a:58:0:02",
      "02:42:0a:58:00:0g",
      "02-42-0a-58-00-02",
      "0242.0a58.0002",
      "02:42:0a:58:00:",
      "",
      " 02:42:0a:58:00:02"})
  void malformedAddressesAreRefused(String text) {
    assertThatThrownBy(() -> MacAddress.parse(text))
        .isInstanceOf(ModelException.class)
        .hasMessage("\"" + text + "\" is not a MAC address (expected six hex pairs like 02:42:0a:58:00:02)");
  }

  @Test
  void fiveGroupsAreRefusedWithTheExactMessage() {
    assertThatThrownBy(() -> MacAddress.parse("02:42:0a:58:00"))
        .hasMessage("\"02:42:0a:58:00\" is not a MAC address (expected six hex pairs like 02:42:0a:58:00:02)");
  }

  @Test
  void fromIdPutsTheIdIntoTheLastFourBytesBehind0242() {
    assertThat(MacAddress.fromId(0x0a580002)).isEqualTo(MacAddress.parse("02:42:0a:58:00:02"));
    assertThat(MacAddress.fromId(0x0a580002)).hasToString("02:42:0a:58:00:02");
  }

  @Test
  void fromIdTreatsTheIdAsUnsigned() {
    assertThat(MacAddress.fromId(0xffffffff)).hasToString("02:42:ff:ff:ff:ff");
    assertThat(MacAddress.fromId(0x80000000)).hasToString("02:42:80:00:00:00");
  }

  @Test
  void fromIdIsAlwaysALocallyAdministeredUnicastAddress() {
    assertThat(MacAddress.fromId(0).isMulticast()).isFalse();
    assertThat(MacAddress.fromId(0).isZero()).isFalse();
    assertThat(MacAddress.fromId(-1).isMulticast()).isFalse();
  }

  @Test
  void withLowestBitFlippedTogglesTheLastBit() {
    MacAddress mac = MacAddress.parse("02:42:0a:58:00:02");

    assertThat(mac.withLowestBitFlipped()).hasToString("02:42:0a:58:00:03");
    assertThat(mac.withLowestBitFlipped().withLowestBitFlipped()).isEqualTo(mac);
    assertThat(MacAddress.parse("02:42:0a:58:00:ff").withLowestBitFlipped()).hasToString("02:42:0a:58:00:fe");
  }

  @Test
  void multicastIsTheLowestBitOfTheFirstByte() {
    assertThat(MacAddress.parse("01:00:5e:00:00:01").isMulticast()).isTrue();
    assertThat(MacAddress.parse("ff:ff:ff:ff:ff:ff").isMulticast()).isTrue();
    assertThat(MacAddress.parse("03:00:00:00:00:00").isMulticast()).isTrue();
    assertThat(MacAddress.parse("02:42:0a:58:00:02").isMulticast()).isFalse();
    assertThat(MacAddress.parse("02:00:00:00:00:01").isMulticast()).isFalse();
  }

  @Test
  void isZeroOnlyForAllZeros() {
    assertThat(MacAddress.parse("00:00:00:00:00:00").isZero()).isTrue();
    assertThat(MacAddress.parse("00:00:00:00:00:01").isZero()).isFalse();
  }

  @Test
  void bytesRoundTrip() {
    byte[] bytes = {0x02, 0x42, 0x0a, 0x58, 0x00, (byte) 0xfe};
    MacAddress mac = MacAddress.fromBytes(bytes);

    assertThat(mac).hasToString("02:42:0a:58:00:fe");
    assertThat(mac.toBytes()).containsExactly(bytes);
  }

  @Test
  void fromBytesNeedsSixBytes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MacAddress.fromBytes(new byte[5]))
        .withMessage("a MAC address has 6 bytes, not 5");
  }

  @Test
  void constructorRefusesMoreThan48Bits() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MacAddress(1L << 48))
        .withMessage("a MAC address has 48 bits");
  }

  @Test
  void ordersByValue() {
    assertThat(MacAddress.parse("02:00:00:00:00:01")).isLessThan(MacAddress.parse("02:00:00:00:00:02"));
    assertThat(MacAddress.parse("ff:00:00:00:00:00")).isGreaterThan(MacAddress.parse("02:ff:ff:ff:ff:ff"));
  }
}
