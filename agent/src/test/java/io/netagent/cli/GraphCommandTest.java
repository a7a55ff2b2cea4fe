package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netagent graph} as a user runs it; its DOT is {@code GraphDotTest}'s, its configuration errors {@code MainTest}'s. */
class GraphCommandTest {
  @TempDir
  Path dir;

  @Test
  void withNoConfigurationItDrawsTheBuiltInExampleTheSameEachTime() {
    Cli.Result first = Cli.run("graph", "--kernel", "fake");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err()).isEmpty();
    assertThat(first.out()).startsWith("digraph \"netagent\" {\n  graph [label=\"netagent graph: built-in example against an empty in-memory kernel\" ")
        .contains("  subgraph \"cluster_default\" {\n", "\"container web\" -> \"network default\" [label=\"veth-web\" ")
        .endsWith("}\n");
    assertThat(Cli.run("graph", "--kernel", "fake").out()).isEqualTo(first.out());
  }

  @Test
  void aMissingFileIsAConfigurationErrorAndDrawsNothing() {
    Cli.Result r = Cli.run("graph", "--kernel", "fake", "-c", dir.resolve("nope.yaml").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(dir.resolve("nope.yaml").toString()).doesNotContain("Exception", "\tat ");
  }
}
