package io.netagent.shim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DEL while the daemon is down: recorded where and as the daemon's CniSpool reads it, and answered with success. */
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

  private Path spool() {
    return dir.resolve("data/cni-del");
  }

  private List<Path> spooled() throws Exception {
    try (Stream<Path> files = Files.list(spool())) {
      return files.toList();
    }
  }

  /** The name the daemon and the Java shim give the record of this triple (JSON text as written, without spaces). */
  private static String fileName(String network, String containerId, String ifname) {
    return Json.sha256("[" + Json.quote(network) + "," + Json.quote(containerId) + "," + Json.quote(ifname) + "]") + ".json";
  }

  @Test
  void aDelWithoutTheDaemonIsRecordedAndSucceedsSilentlyOnStdout() throws Exception {
    ShimRun run = ShimRun.run(env("c0ffee"), config(""));

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEmpty();
    Path file = spool().resolve(fileName("net1", "c0ffee", "eth0"));
    assertThat(spooled()).containsExactly(file);
    assertThat(Files.readString(file)).isEqualTo("{\"command\":\"DEL\",\"containerId\":\"c0ffee\",\"netns\":\"/run/netns/gone\","
        + "\"ifname\":\"eth0\",\"args\":null,\"path\":null,\"config\":" + config("") + "}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(run.err()).isEqualTo("netagent-cni: the netagent daemon is not running (no socket at " + dir.resolve("absent.sock")
        + "); the DEL is recorded in " + file + " for it to do when it starts\n");
  }

  @Test
  void theFileIsNamedByNetworkContainerAndInterfaceAndALaterDelReplacesIt() throws Exception {
    ShimRun.run(env("c0ffee"), config(""));
    ShimRun.run(env("c0ffee"), config(",\"prevResult\":{\"cniVersion\":\"1.0.0\"}"));
    ShimRun.run(env("beef"), config(""));

    assertThat(spooled()).containsExactlyInAnyOrder(spool().resolve(fileName("net1", "c0ffee", "eth0")), spool().resolve(fileName("net1", "beef", "eth0")));
    assertThat(Files.readString(spool().resolve(fileName("net1", "c0ffee", "eth0")))).contains("prevResult");
  }

  @Test
  void theFileNameIsTheSha256OfTheTripleAsAJsonArray() throws Exception {
    // echo -n '["net1","c0ffee","eth0"]' | sha256sum
    assertThat(fileName("net1", "c0ffee", "eth0")).isEqualTo("8c221582ed0ed7bfdea2b102b64a323f55f2399f41696548576032d92d496d0d.json");
    ShimRun.run(env("c0ffee"), config(""));
    assertThat(spooled()).extracting(p -> p.getFileName().toString()).containsExactly("8c221582ed0ed7bfdea2b102b64a323f55f2399f41696548576032d92d496d0d.json");
  }

  @Test
  void theNameMatchesJavasSha256ForKeysOfEveryLengthAroundTheBlockLimits() throws Exception {
    // The key is 15 bytes plus the id: lengths 15 to 160 cross the one- and two-block padding
    // limits (55/56 and 119/120 bytes) and the block boundaries.
    for (int n = 0; n <= 145; n++) {
      String id = "x".repeat(n);
      ShimRun run = ShimRun.run(env(id), config(""));

      assertThat(run.exit()).as("%s", run).isZero();
      assertThat(spool().resolve(fileName("net1", id, "eth0"))).as("id of %d characters", n).exists();
    }
    assertThat(spooled()).hasSize(146);
  }

  @Test
  void unknownAndUnusualNamesAreQuotedAsJavaQuotedThem() throws Exception {
    Map<String, String> env = env("../../etc");
    env.remove("CNI_IFNAME");
    ShimRun.run(env, "{\"cniVersion\":\"1.0.0\",\"name\":1,\"socket\":" + Json.quote(dir.resolve("absent.sock").toString()) + ",\"dataDir\":"
        + Json.quote(dir.resolve("data").toString()) + "}");
    ShimRun.run(env("é😀\t\"\\"), "{\"cniVersion\":\"1.0.0\",\"name\":\"n\\u00e9\\\"\\u0001\\ud83d\\ude00\\ud800\",\"socket\":"
        + Json.quote(dir.resolve("absent.sock").toString()) + ",\"dataDir\":" + Json.quote(dir.resolve("data").toString()) + "}");

    // An unpaired surrogate in a name went into Java's key as '?'.
    assertThat(spooled()).containsExactlyInAnyOrder(spool().resolve(fileName(null, "../../etc", null)),
        spool().resolve(fileName("né\"\u0001😀?", "é😀\t\"\\", "eth0")));
  }

  @Test
  void theModesHoldWhateverTheUmask() throws Exception {
    List<String> umask = List.of("sh", "-c", "umask 0277 && exec \"$0\"");

    ShimRun run = ShimRun.under(umask, env("c0ffee"), config("").getBytes(StandardCharsets.UTF_8));

    assertThat(run.exit()).as("%s", run).isZero();
    Path file = spool().resolve(fileName("net1", "c0ffee", "eth0"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    // The data directory is made as Files.createDirectories made it: 0777 less the umask.
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("r-x------");
  }

  @Test
  void theDataDirectoryIsNormalisedAsJavaPathsAre() throws Exception {
    ShimRun run = ShimRun.run(env("c0ffee"), "{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"socket\":\"" + dir.resolve("absent.sock") + "\",\"dataDir\":\""
        + dir + "//data/\"}");

    assertThat(run.err()).contains("the DEL is recorded in " + spool().resolve(fileName("net1", "c0ffee", "eth0")) + " for it");
    assertThat(spooled()).hasSize(1);
  }

  @Test
  void aDataDirectoryThatIsNoPathIsCode7() {
    for (String dataDir : new String[] {"42", "\"\"", "\"\\u0000\""}) {
      ShimRun run = ShimRun.run(env("c0ffee"), "{\"cniVersion\":\"1.0.0\",\"socket\":\"" + dir.resolve("absent.sock") + "\",\"dataDir\":" + dataDir + "}");

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.out()).as(dataDir).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"the network configuration's \\\"dataDir\\\" must be a path\"}\n");
    }
    ShimRun lone = ShimRun.run(env("c0ffee"), "{\"cniVersion\":\"1.0.0\",\"socket\":\"" + dir.resolve("absent.sock") + "\",\"dataDir\":\"/x\\udc00\"}");
    assertThat(lone.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"the network configuration's \\\"dataDir\\\" is not a path: /x?\"}\n");
  }

  @Test
  void aDelThatCannotBeRecordedIsCode5AndLeavesNothing() throws Exception {
    Files.writeString(dir.resolve("data"), "a file where the data directory should be");

    ShimRun run = ShimRun.run(env("c0ffee"), config(""));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":5,\"msg\":\"the netagent daemon is not running (no socket at "
        + dir.resolve("absent.sock") + "), and the DEL could not be recorded in " + spool() + " for it to do later\",\"details\":\"cannot create the directory "
        + dir.resolve("data") + ": Not a directory\"}\n");
    assertThat(run.err()).isEmpty();

    // A spool directory that cannot be written: the temporary file is not left behind either.
    Files.delete(dir.resolve("data"));
    Files.createDirectories(spool());
    Files.createDirectory(spool().resolve(fileName("net1", "c0ffee", "eth0")));
    ShimRun blocked = ShimRun.run(env("c0ffee"), config(""));
    assertThat(blocked.out()).contains("\"code\":5,").contains("\"details\":\"cannot rename to " + spool().resolve(fileName("net1", "c0ffee", "eth0")));
    assertThat(spooled()).containsExactly(spool().resolve(fileName("net1", "c0ffee", "eth0")));
  }
}
