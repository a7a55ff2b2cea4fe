package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamespaceRefTest {

  @Test
  void aNameIsANamedNamespace() {
    assertThat(NamespaceRef.parse("web")).isEqualTo(new NamespaceRef.Named("web"));
  }

  @Test
  void anAbsolutePathIsAtPath() {
    assertThat(NamespaceRef.parse("/proc/1234/ns/net")).isEqualTo(new NamespaceRef.AtPath("/proc/1234/ns/net"));
  }

  @Test
  void aPathDirectlyUnderRunNetnsIsTheNamedNamespace() {
    assertThat(NamespaceRef.parse("/run/netns/x")).isEqualTo(new NamespaceRef.Named("x"));
  }

  @Test
  void pathsAreNormalizedBeforeTheyAreRecognised() {
    assertThat(NamespaceRef.parse("/run/netns/../netns/x")).isEqualTo(new NamespaceRef.Named("x"));
    assertThat(NamespaceRef.parse("/run//netns/./x")).isEqualTo(new NamespaceRef.Named("x"));
    assertThat(NamespaceRef.parse("/proc/1/./ns/net")).isEqualTo(new NamespaceRef.AtPath("/proc/1/ns/net"));
  }

  @Test
  void aPathDeeperUnderRunNetnsIsAtPath() {
    assertThat(NamespaceRef.parse("/run/netns/a/b")).isEqualTo(new NamespaceRef.AtPath("/run/netns/a/b"));
  }

  @Test
  void aPathContainingNulIsRefusedAsAModelError() {
    assertThatThrownBy(() -> NamespaceRef.parse("/run/x\0y")).isInstanceOf(ModelException.class);
    assertThatThrownBy(() -> NamespaceRef.parse("a\0b")).isInstanceOf(ModelException.class)
        .hasMessage("namespace \"a\\0b\" contains a NUL character");
  }

  @Test
  void emptyNameIsRefused() {
    assertThatThrownBy(() -> NamespaceRef.parse(""))
        .isInstanceOf(ModelException.class)
        .hasMessage("a namespace name cannot be empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "a/b"})
  void namesThatAreNoFileNameAreRefused(String name) {
    assertThatThrownBy(() -> NamespaceRef.parse(name))
        .isInstanceOf(ModelException.class)
        .hasMessage("namespace name \"" + name + "\" is not a valid file name under /run/netns");
  }

  @Test
  void namesLongerThan255BytesAreRefused() {
    assertThatThrownBy(() -> NamespaceRef.parse("n".repeat(256)))
        .isInstanceOf(ModelException.class)
        .hasMessage("namespace name is longer than 255 bytes");
    assertThat(NamespaceRef.parse("n".repeat(255))).isInstanceOf(NamespaceRef.Named.class);
  }

  @Test
  void nameLengthIsCountedInBytes() {
    assertThatThrownBy(() -> NamespaceRef.parse("é".repeat(128)))
        .hasMessage("namespace name is longer than 255 bytes");
  }

  @Test
  void atPathMustBeAbsolute() {
    assertThatThrownBy(() -> new NamespaceRef.AtPath("proc/1/ns/net"))
        .isInstanceOf(ModelException.class)
        .hasMessage("namespace path \"proc/1/ns/net\" must be absolute");
  }

  @Test
  void namedPathIsUnderRunNetns() {
    assertThat(new NamespaceRef.Named("web").path()).isEqualTo(Path.of("/run/netns/web"));
  }

  @Test
  void displayShowsHostNameOrPath() {
    assertThat(NamespaceRef.HOST.display()).isEqualTo("host");
    assertThat(new NamespaceRef.Named("web").display()).isEqualTo("web");
    assertThat(new NamespaceRef.AtPath("/proc/1/ns/net").display()).isEqualTo("/proc/1/ns/net");
  }

  @Test
  void toStringIsTheDisplay() {
    assertThat(NamespaceRef.HOST).hasToString("host");
    assertThat(new NamespaceRef.Named("web")).hasToString("web");
    assertThat(new NamespaceRef.AtPath("/proc/1/ns/net")).hasToString("/proc/1/ns/net");
  }

  @Test
  void ordersHostFirstThenNamesThenPaths() {
    NamespaceRef host = NamespaceRef.HOST;
    NamespaceRef a = new NamespaceRef.Named("a");
    NamespaceRef z = new NamespaceRef.Named("z");
    NamespaceRef path = new NamespaceRef.AtPath("/a");

    assertThat(new TreeSet<>(List.of(path, z, host, a))).containsExactly(host, a, z, path);
  }

  @Test
  void hostComesBeforeANamespaceThatSortsEarlierByName() {
    NamespaceRef host = NamespaceRef.HOST;

    assertThat(host).isLessThan(new NamespaceRef.Named("a"));
    assertThat(host).isLessThan(new NamespaceRef.AtPath("/"));
  }

  @Test
  void parseNeverReturnsTheHostNamespace() {
    assertThat(NamespaceRef.parse("host")).isEqualTo(new NamespaceRef.Named("host")).isNotEqualTo(NamespaceRef.HOST);
  }
}
