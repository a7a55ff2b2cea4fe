package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelSpoolTest {
  @TempDir
  Path dir;

  private Map<String, String> env(String containerId) {
    Map<String, String> env = new HashMap<>();
    env.put("CNI_COMMAND", "DEL");
    env.put("CNI_CONTAINERID", containerId);
    env.put("CNI_NETNS", "/run/netns/gone");
    env.put("CNI_IFNAME", "eth0");
    return env;
  }

  private String config(String extra) {
    return "{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"type\":\"netagent\",\"socket\":" + Json.quote(dir.resolve("absent.sock").toString())
        + ",\"dataDir\":" + Json.quote(dir.resolve("data").toString()) + extra + "}";
  }

  private List<Path> spooled() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("data/cni-del"))) {
      return files.toList();
    }
  }

  @Test
  void aDelWithoutTheDaemonIsRecordedAndSucceedsSilentlyOnStdout() throws Exception {
    ShimRun run = ShimRun.run(env("c0ffee"), config(""));

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEmpty();
    Path spool = dir.resolve("data/cni-del");
    Path file = spool.resolve(DelSpool.fileName("net1", "c0ffee", "eth0"));
    assertThat(spooled()).containsExactly(file);
    assertThat(Files.readString(file)).isEqualTo("{\"command\":\"DEL\",\"containerId\":\"c0ffee\",\"netns\":\"/run/netns/gone\","
        + "\"ifname\":\"eth0\",\"args\":null,\"path\":null,\"config\":" + config("") + "}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(run.err()).contains("the DEL is recorded in " + file);
  }

  @Test
  void theFileIsNamedByNetworkContainerAndInterfaceAndALaterDelReplacesIt() throws Exception {
    ShimRun.run(env("c0ffee"), config(""));
    ShimRun.run(env("c0ffee"), config(",\"prevResult\":{\"cniVersion\":\"1.0.0\"}"));
    ShimRun.run(env("beef"), config(""));

    assertThat(spooled()).hasSize(2);
    assertThat(Files.readString(dir.resolve("data/cni-del").resolve(DelSpool.fileName("net1", "c0ffee", "eth0")))).contains("prevResult");
  }

  @Test
  void theFileNameIsTheSha256OfTheTripleAsAJsonArray() {
    // echo -n '["net1","c0ffee","eth0"]' | sha256sum
    assertThat(DelSpool.fileName("net1", "c0ffee", "eth0")).isEqualTo("8c221582ed0ed7bfdea2b102b64a323f55f2399f41696548576032d92d496d0d.json");
    assertThat(DelSpool.fileName(null, "../../etc", "eth0")).matches("[0-9a-f]{64}\\.json");
  }

  @Test
  void aDelThatCannotBeRecordedIsCode5() throws Exception {
    Files.writeString(dir.resolve("data"), "a file where the data directory should be");

    ShimRun run = ShimRun.run(env("c0ffee"), config(""));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).startsWith("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the netagent daemon is not running (no socket at ");
  }
}
