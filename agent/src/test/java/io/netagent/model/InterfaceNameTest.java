package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "eth0", "veth-web", "nbr0", "abcdefghijklmno", "br.100", "x_y-z", "..."})
  void acceptsValidNames(String name) {
    assertThat(InterfaceName.of(name).value()).isEqualTo(name);
    assertThat(InterfaceName.problem(name)).isNull();
  }

  @Test
  void toStringIsTheName() {
    assertThat(InterfaceName.of("eth0")).hasToString("eth0");
  }

  @Test
  void emptyIsRefused() {
    assertThatThrownBy(() -> InterfaceName.of(""))
        .isInstanceOf(ModelException.class)
        .hasMessage("an interface name cannot be empty");
  }

  @Test
  void nullIsRefusedAsEmpty() {
    assertThat(InterfaceName.problem(null)).isEqualTo("an interface name cannot be empty");
  }

  @Test
  void sixteenBytesAreRefused() {
    assertThatThrownBy(() -> InterfaceName.of("abcdefghijklmnop"))
        .isInstanceOf(ModelException.class)
        .hasMessage("interface name \"abcdefghijklmnop\" is 16 bytes; at most 15 are allowed");
  }

  @Test
  void lengthIsCountedInUtf8BytesNotCharacters() {
    String eightTwoByteChars = "éééééééé";

    assertThat(eightTwoByteChars).hasSize(8);
    assertThatThrownBy(() -> InterfaceName.of(eightTwoByteChars))
        .isInstanceOf(ModelException.class)
        .hasMessage("interface name \"éééééééé\" is 16 bytes; at most 15 are allowed");
  }

  @Test
  void sevenTwoByteCharactersFit() {
    assertThat(InterfaceName.of("ééééééé").value()).isEqualTo("ééééééé");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void dotAndDotDotAreRefused(String name) {
    assertThatThrownBy(() -> InterfaceName.of(name))
        .isInstanceOf(ModelException.class)
        .hasMessage("interface name \"" + name + "\" is not allowed");
  }

  @Test
  void slashIsRefused() {
    assertThatThrownBy(() -> InterfaceName.of("a/b"))
        .isInstanceOf(ModelException.class)
        .hasMessage("interface name \"a/b\" contains '/', which Linux does not allow");
  }

  @Test
  void colonIsRefused() {
    assertThatThrownBy(() -> InterfaceName.of("eth0:1"))
        .hasMessage("interface name \"eth0:1\" contains ':', which Linux does not allow");
  }

  @Test
  void percentIsRefused() {
    assertThatThrownBy(() -> InterfaceName.of("eth%d"))
        .hasMessage("interface name \"eth%d\" contains '%', which Linux does not allow");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a\tb", "ab\n", " ab", "a\u000bb", "a\u000cb", "a\rb"})
  void whitespaceIsRefused(String name) {
    assertThatThrownBy(() -> InterfaceName.of(name))
        .isInstanceOf(ModelException.class)
        .hasMessage("interface name \"" + name + "\" contains whitespace, which Linux does not allow");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\u0001b", "a\u007fb", "a\u0085b"})
  void controlCharactersAreRefused(String name) {
    assertThatThrownBy(() -> InterfaceName.of(name))
        .isInstanceOf(ModelException.class)
        .hasMessage("interface name \"" + name + "\" contains a control character, which Linux does not allow");
  }

  @Test
  void noBreakSpaceIsRefusedLikeTheKernelDoes() {
    // dev_valid_name() uses the kernel's isspace(), whose table marks byte 0xA0 as a space;
    // U+00A0 is encoded as C2 A0.
    assertThatThrownBy(() -> InterfaceName.of("a\u00a0b"))
        .isInstanceOf(ModelException.class)
        .hasMessage("interface name \"a\u00a0b\" contains whitespace, which Linux does not allow");
  }

  @Test
  void anyCharacterWhoseUtf8EncodingHasByteA0IsRefusedLikeTheKernelDoes() {
    // "à" is C3 A0, and the kernel's isspace() treats byte 0xA0 as a space.
    assertThatThrownBy(() -> InterfaceName.of("vethà"))
        .isInstanceOf(ModelException.class);
  }

  @Test
  void lengthIsCheckedBeforeCharacters() {
    assertThatThrownBy(() -> InterfaceName.of("a/bcdefghijklmnop"))
        .hasMessage("interface name \"a/bcdefghijklmnop\" is 17 bytes; at most 15 are allowed");
  }

  @Test
  void ordersByName() {
    assertThat(InterfaceName.of("eth0")).isLessThan(InterfaceName.of("eth1"));
    assertThat(InterfaceName.of("veth-a")).isGreaterThan(InterfaceName.of("nbr0"));
  }
}
