package io.netagent.config;

import static io.netagent.config.ConfigTesting.assertProblems;
import static io.netagent.config.ConfigTesting.failure;
import static io.netagent.config.ConfigTesting.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netagent.model.DesiredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFormatsTest {

  private static final String YAML = """
      networks:
        - name: default
          bridge: nbr0
          subnet: 10.88.0.0/16
          gateway: 10.88.0.1
          masquerade: false
          arpProxy:
            - { ip: 10.88.0.50, mac: "02:42:0a:58:00:32" }
      containers:
        - name: web
          network: default
          createNamespace: true
          ip: 10.88.0.2
          mtu: 1400
          ports:
            - { host: 8080, container: 80, protocol: tcp, hostIp: 127.0.0.1 }
      """;

  private static final String JSON = """
      {
        "networks": [
          {
            "name": "default",
            "bridge": "nbr0",
            "subnet": "10.88.0.0/16",
            "gateway": "10.88.0.1",
            "masquerade": false,
            "arpProxy": [ { "ip": "10.88.0.50", "mac": "02:42:0a:58:00:32" } ]
          }
        ],
        "containers": [
          {
            "name": "web",
            "network": "default",
            "createNamespace": true,
            "ip": "10.88.0.2",
            "mtu": 1400,
            "ports": [ { "host": 8080, "container": 80, "protocol": "tcp", "hostIp": "127.0.0.1" } ]
          }
        ]
      }
      """;

  @TempDir
  Path dir;

  private static ConfigException loadFailure(Path file) {
    try {
      ConfigLoader.load(file);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException loading " + file);
  }

  @Test
  void jsonWithTheSameKeysGivesTheSameState() {
    DesiredState fromJson = ConfigLoader.parse("netagent.json", JSON, true).state();

    assertThat(fromJson).isEqualTo(ConfigLoader.parse("netagent.yaml", YAML, false).state());
  }

  @Test
  void loadOfAJsonFileReadsJson() throws IOException {
    Path file = Files.writeString(dir.resolve("netagent.json"), JSON);

    LoadedConfig loaded = ConfigLoader.load(file);

    assertThat(loaded.source()).isEqualTo(file.toString());
    assertThat(loaded.state()).isEqualTo(ConfigLoader.parse("netagent.yaml", YAML, false).state());
  }

  @Test
  void loadOfAJsonFileReportsJsonSyntax() throws IOException {
    Path file = Files.writeString(dir.resolve("netagent.json"), "networks: []\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":1:1: not valid JSON: Unrecognized token 'networks': was expecting "
            + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
  }

  @Test
  void loadOfAYamlFileReadsYaml() throws IOException {
    Path file = Files.writeString(dir.resolve("netagent.yaml"), YAML);

    LoadedConfig loaded = ConfigLoader.load(file);

    assertThat(loaded.source()).isEqualTo(file.toString());
    assertThat(loaded.state().containers()).hasSize(1);
  }

  @Test
  void problemsOfALoadedFileNameThePath() throws IOException {
    Path file = Files.writeString(dir.resolve("netagent.yaml"), "networks: 5\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":1:11: networks: networks must be a list, not an integer (5)");
  }

  @Test
  void loadOfAMissingFileIsAProblemWithTheWholeFile() {
    Path missing = dir.resolve("missing.yaml");

    ConfigException e = loadFailure(missing);

    assertThat(e.problems()).containsExactly(new ConfigProblem(missing.toString(), 0, 0, "", "no such file"));
    assertThat(e.getMessage()).isEqualTo(missing + ": no such file");
  }

  @Test
  void loadOfADirectoryIsRefusedAsNoRegularFile() {
    assertThatThrownBy(() -> ConfigLoader.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir + ": is a directory, not a regular file");
  }

  @Test
  void loadOfAFileThatIsNotUtf8IsAProblemWithTheWholeFile() throws IOException {
    Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});

    ConfigException e = loadFailure(file);

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(file.toString());
      assertThat(p.line()).isZero();
      assertThat(p.path()).isEmpty();
      assertThat(p.message()).isEqualTo("is not UTF-8 text");
    });
  }

  @Test
  void jsonProblemsHaveJsonLocations() {
    String json = """
        {
          "networks": [
            { "name": "default", "bridge": "nbr0", "subnet": "10.88.0.5/16", "gateway": "10.88.0.1" }
          ]
        }
        """;

    assertProblems(failure(json, true),
        problem(3, 54, "networks[0].subnet", "10.88.0.5/16 has host bits set (did you mean 10.88.0.0/16?)"));
  }

  @Test
  void jsonDuplicateKeysAreReported() {
    String json = """
        {
          "networks": [],
          "networks": []
        }
        """;

    assertProblems(failure(json, true), problem(3, 3, "networks", "duplicate key \"networks\" (first at line 2)"));
  }

  @Test
  void jsonSyntaxErrorIsReportedWithItsLocation() {
    ConfigException e = failure("{\n  \"networks\": [\n}\n", true);

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).line()).isEqualTo(3);
    assertThat(e.problems().get(0).column()).isEqualTo(1);
    assertThat(e.problems().get(0).message()).startsWith("not valid JSON: ");
  }

  @Test
  void jsonEndingEarlyIsASyntaxError() {
    ConfigException e = failure("{\"networks\": [", true);

    assertThat(e.getMessage()).startsWith("netagent.yaml:1:15: not valid JSON: Unexpected end-of-input");
  }
}
