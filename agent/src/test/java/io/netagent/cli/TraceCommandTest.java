package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netagent.testing.TraceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netagent trace} (the model's answer) as a user runs it: its text, its JSON, and bad input. */
class TraceCommandTest {
  @TempDir
  Path dir;

  private String file;

  @BeforeEach
  void write() throws Exception {
    file = Files.writeString(dir.resolve("trace.yaml"), TraceConfig.YAML).toString();
  }

  @Test
  void printsEachStepOfThePacket() {
    Cli.Result r = Cli.run("trace", "-c", file, "tcp", "a2", "->", "host:8061");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        tcp a2 (10.61.0.12) → host (10.61.0.1) port 8061
          enters          by bridge nbra (prerouting)
          published port  tcp 8061 → 10.61.0.11:80 (container a1) (map any_addr)
          destination     DNAT to 10.61.0.11:80
          route           10.61.0.11 is on 10.61.0.0/24: by bridge nbra
          isolation       accepted by rule "published"
          source          rule "hairpin nbra 10.61.0.0/24" rewrites it to 10.61.0.1 (the reply must come back through the host)
          leaves by       bridge nbra
        """);
  }

  @Test
  void theArrowMayBeGluedAndTheAnswerIsTheSame() {
    assertThat(Cli.run("trace", "-c", file, "tcp", "a2->host:8061").out()).isEqualTo(Cli.run("trace", "-c", file, "tcp", "a2 -> host:8061").out());
  }

  @Test
  void jsonGivesEachStepsKeyAndText() throws Exception {
    Cli.Result r = Cli.run("trace", "-c", file, "-o", "json", "-6", "udp", "outside", "->", "host:8061");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/packet/family").asText()).isEqualTo("IPv6");
    assertThat(json.at("/packet/to/address").asText()).isEqualTo("fd00:61::1");
    assertThat(json.at("/steps/1/step").asText()).isEqualTo("published port");
    assertThat(json.at("/steps/1/model/key").asText()).isEqualTo("none");
    assertThat(json.at("/steps/6/model/key").asText()).isEqualTo("local");
    assertThat(json.has("agree")).as("only with --kernel").isFalse();
  }

  @Test
  void badInputExitsTwoSayingWhatIsWrong() {
    assertBad(Cli.run("trace", "-c", file, "tcp", "zz", "->", "host:80"), "unknown container \"zz\"");
    assertBad(Cli.run("trace", "-c", file, "icmp", "a1", "->", "host:80"), "protocol \"icmp\" is not supported (use tcp or udp)");
    assertBad(Cli.run("trace", "-c", file, "tcp", "a1", "->", "host"), "missing the port");
    assertBad(Cli.run("trace", "-c", file, "tcp", "a1", "-"), "quote the arrow");
    assertBad(Cli.run("trace", "-c", file, "--host-address", "nope", "tcp", "a1", "->", "host:80"), "--host-address");
    assertBad(Cli.run("trace", "-c", file, "-6", "tcp", "b1", "->", "host:80"), "container b1 has no IPv6 address");
  }

  private static void assertBad(Cli.Result r, String message) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(message, "Try 'netagent trace --help'.").doesNotContain("Exception", "\tat ");
  }
}
