package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "web", "Web-1", "9lives", "a.b_c-d", "a."})
  void acceptsLettersDigitsAndPunctuation(String name) {
    assertThat(ObjectName.requireValid("container", name)).isEqualTo(name);
  }

  @Test
  void accepts63Characters() {
    assertThat(ObjectName.requireValid("network", "n".repeat(63))).hasSize(63);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-web", ".web", "_web", "we b", "web/1", "wéb", "web\n"})
  void refusesOtherNames(String name) {
    assertThatThrownBy(() -> ObjectName.requireValid("network", name))
        .isInstanceOf(ModelException.class)
        .hasMessage("network name \"" + name + "\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit");
  }

  @Test
  void refuses64Characters() {
    String name = "c".repeat(64);

    assertThatThrownBy(() -> ObjectName.requireValid("container", name))
        .hasMessage("container name \"" + name + "\" is not valid: use 1–63 letters, digits, '_', '.' or '-', starting with a letter or digit");
  }
}
