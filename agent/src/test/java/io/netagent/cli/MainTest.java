package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in process. Commands see no installed configuration unless a test gives one
 * ({@link Cli}), so /etc/netagent/netagent.yaml on the machine running the tests changes nothing.
 */
class MainTest {
  @TempDir
  Path dir;

  private static Cli.Result run(String... args) {
    return Cli.run(args);
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void planOfTheExampleAsJsonHasOneObjectPerOperation() throws IOException {
    Cli.Result r = run("plan", "--kernel", "fake", "--output", "json");

    assertThat(r.code()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    JsonNode ops = root.get("operations");
    assertThat(ops.isArray()).isTrue();
    assertThat(ops).hasSize(38);
    assertThat(ops.get(0).get("type").asText()).isEqualTo("create-namespace");
    assertThat(ops.get(0).get("action").asText()).isEqualTo("create");
    assertThat(ops.get(0).get("object").asText()).isEqualTo("namespace web");
    assertThat(ops.get(0).get("reason").get("kind").asText()).isEqualTo("missing");
    assertThat(ops.get(0).get("command").asText()).isEqualTo("ip netns add web");
    JsonNode nat = ops.get(ops.size() - 1);
    assertThat(nat.get("type").asText()).isEqualTo("replace-nat-table");
    assertThat(nat.get("changes")).extracting(c -> c.get("text").asText())
        .contains("map tcp 8080 → 10.88.0.2:80", "map tcp 127.0.0.1:8443 → 10.88.0.2:443", "map udp 5353 → 10.88.0.4:53");
    assertThat(root.get("conflicts")).isEmpty();
    assertThat(root.get("summary").get("create").asInt() + root.get("summary").get("change").asInt()).isEqualTo(38);
    assertThat(root.get("configuration").asText()).isEqualTo("built-in example");
  }

  @Test
  void planAsTextIsOneLinePerOperationAndASummary() {
    Cli.Result r = run("plan", "--kernel", "fake");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("+ bridge nbr0 (address ", "~ link veth-web: attach to nbr0  (master was none, wants nbr0)",
        "    + map udp 5353 → 10.88.0.4:53");
    assertThat(r.out().strip()).endsWith("Plan: 23 to create, 15 to change, 0 to delete.");
    assertThat(r.out().lines().filter(l -> l.matches("^[+~-] .*"))).hasSize(38);
  }

  @Test
  void planOfAJsonConfigurationWorks() throws IOException {
    Path file = write("net.json", """
        {"networks": [{"name": "n", "bridge": "br9", "subnet": "10.9.0.0/24", "gateway": "10.9.0.1"}],
         "containers": [{"name": "a", "network": "n", "ip": "10.9.0.2", "createNamespace": true}]}
        """);

    Cli.Result r = run("plan", "--kernel", "fake", "-c", file.toString(), "-o", "json");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("\"object\" : \"veth pair veth-a ↔ a/eth0 (mtu 1500)\"");
  }

  @Test
  void anInvalidConfigurationListsEveryProblemAndExitsWithTwo() throws IOException {
    Path file = write("bad.yaml", """
        networks:
          - name: n
            bridge: br0
            subnet: 10.9.0.0/24
            gateway: 10.8.0.1
        containers:
          - name: a
            network: n
            ip: 10.9.0.2
            colour: red
        """);

    for (String[] command : new String[][] {{"plan", "--kernel", "fake"}, {"graph", "--kernel", "fake"}, {"validate"}}) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of("-c", file.toString()))
          .toArray(String[]::new);
      Cli.Result r = run(args);
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains(
          file + ":5:14: networks[0].gateway: gateway 10.8.0.1 is outside subnet 10.9.0.0/24",
          file + ":10:5: containers[0].colour: unknown key \"colour\" in container",
          "netagent: 2 problem(s) in the configuration; nothing was changed");
    }
  }

  @Test
  void aMissingFileIsAConfigurationError() {
    Cli.Result r = run("validate", "-c", dir.resolve("nope.yaml").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nope.yaml: no such file");
  }

  @Test
  void validateSummarisesAValidFile() {
    Cli.Result r = run("validate");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("built-in example: valid (1 network(s), 3 container(s), 3 published port(s))\n");
  }

  @Test
  void withoutAFileTheInstalledConfigurationIsReadWhenThereIsOne() throws IOException {
    Path installed = write("netagent.yaml", """
        networks:
          - { name: n, bridge: br9, subnet: 10.9.0.0/24, gateway: 10.9.0.1 }
        """);

    Cli.Result validate = Cli.runInstalled(installed, "validate");
    Cli.Result plan = Cli.runInstalled(installed, "plan", "--kernel", "fake", "-o", "json");

    assertThat(validate.out()).isEqualTo(installed + ": valid (1 network(s), 0 container(s), 0 published port(s))\n");
    assertThat(plan.code()).isZero();
    assertThat(new ObjectMapper().readTree(plan.out()).get("configuration").asText()).isEqualTo(installed.toString());
  }

  @Test
  void badUsageExitsWithTwo() {
    assertThat(run("plan", "--kernel", "fake", "--output", "yaml").code()).isEqualTo(2);
    assertThat(run("plan", "--kernel", "other").code()).isEqualTo(2);
    assertThat(run("frobnicate").code()).isEqualTo(2);
    assertThat(run().code()).isEqualTo(2);
  }

  @Test
  void helpAndVersion() {
    Cli.Result help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("plan", "validate", "Exit codes: 0 success, 1 runtime failure");
    Cli.Result version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).matches("netagent \\d+\\.\\d+\\.\\d+.*\\n");
    assertThat(run("plan", "--help").out()).contains("--config", "--output");
  }

  @Test
  void badArgumentsGiveTheMessageAndAPointerToHelpNotTheWholeUsage() {
    Cli.Result unknown = run("plan", "--bogus");
    Cli.Result missing = run("apply");

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err().strip()).isEqualTo("netagent: Unknown option: '--bogus'\nTry 'netagent plan --help'.");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip()).startsWith("netagent: no configuration: give one with -c FILE")
        .endsWith("Try 'netagent apply --help'.").doesNotContain("Usage:");
  }
}
