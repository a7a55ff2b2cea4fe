package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StableIdTest {

  @Test
  void ofIsDeterministic() {
    assertThat(StableId.of("default", "web")).isEqualTo(StableId.of("default", "web"));
    assertThat(StableId.hex(10, "default", "web")).isEqualTo(StableId.hex(10, "default", "web"));
  }

  @Test
  void ofIsTheFirst32BitsOfSha256() {
    // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
    assertThat(StableId.of("abc")).isEqualTo(0xba7816bf);
    assertThat(StableId.hex(16, "abc")).isEqualTo("ba7816bf8f01cfea");
  }

  @Test
  void partsAreJoinedWithSlash() {
    assertThat(StableId.of("default", "web")).isEqualTo(StableId.of("default/web"));
  }

  @Test
  void differentInputsGiveDifferentIds() {
    assertThat(StableId.of("default", "web")).isNotEqualTo(StableId.of("default", "db"));
    assertThat(StableId.of("default", "web")).isNotEqualTo(StableId.of("other", "web"));
    assertThat(StableId.of("default", "web")).isNotEqualTo(StableId.of("web", "default"));
    assertThat(StableId.hex(10, "default", "web")).isNotEqualTo(StableId.hex(10, "default", "db"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 8, 10, 33, 64})
  void hexHasTheRequestedLengthOfLowerCaseDigits(int length) {
    assertThat(StableId.hex(length, "default", "web")).hasSize(length).matches("[0-9a-f]*");
  }

  @Test
  void hexIsAPrefixOfTheLongerHex() {
    assertThat(StableId.hex(64, "default", "web")).startsWith(StableId.hex(10, "default", "web"));
    assertThat(StableId.hex(10, "default", "web")).startsWith(StableId.hex(7, "default", "web"));
  }

  @Test
  void ofMatchesTheFirstEightHexDigits() {
    assertThat(StableId.of("default", "web")).isEqualTo(Integer.parseUnsignedInt(StableId.hex(8, "default", "web"), 16));
  }
}
