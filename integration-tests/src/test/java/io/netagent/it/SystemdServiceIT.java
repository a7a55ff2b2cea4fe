package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * netagent installed as a user would, run by systemd (PID 1) in a container that has only the
 * NET_ADMIN and SYS_ADMIN capabilities. The image (netagent-it:latest) is built locally by
 * .ci/build-test-image; nothing is pulled. The container has its own network namespace, so the
 * example configuration's bridge, namespaces and NAT table live inside it.
 *
 * <p>The tests share the container and run in order: the first installs the Debian package the
 * build made (debian/) as an operator would, with apt, its dependencies from the image's Debian
 * packages, and leaves the service stopped; the next use what it installed; the last two upgrade
 * it to a newer build with the configuration edited, then purge it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemdServiceIT {
  private static final Path ROOT = Path.of(System.getProperty("netagent.root"));
  private static final Path DEB = FilesList.debianPackage(ROOT);
  /** Where the packages are in the container, out of the way of the search for netagent's files after the purge. */
  private static final String PKG = "/root/pkg/";
  private static final String CONFIG = "/etc/netagent/netagent.yaml";
  private static GenericContainer<?> box;

  @BeforeAll
  static void boot() {
    box = new GenericContainer<>(DockerImageName.parse("netagent-it:latest"))
        .withImagePullPolicy(image -> false)
        .withCommand("/lib/systemd/systemd")
        .withTmpFs(Map.of("/run", "rw", "/run/lock", "rw", "/tmp", "rw"))
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
            .withCapAdd(Capability.NET_ADMIN, Capability.SYS_ADMIN)
            .withBinds(new Bind("/sys/fs/cgroup", new Volume("/sys/fs/cgroup"), AccessMode.ro)));
    box.start();
    await("systemd is up", () -> sh("systemctl is-system-running").getStdout(), s -> s.contains("running") || s.contains("degraded"));
    box.copyFileToContainer(MountableFile.forHostPath(DEB), PKG + DEB.getFileName());
  }

  @AfterAll
  static void remove() {
    if (box != null) {
      box.stop();
    }
  }

  private static ExecResult sh(String command) {
    try {
      return box.execInContainer("sh", "-c", command);
    } catch (Exception e) {
      throw new AssertionError("cannot run in the container: " + command, e);
    }
  }

  private static String ok(String command) {
    ExecResult r = sh(command);
    assertThat(r.getExitCode()).as("%s\nstdout: %s\nstderr: %s", command, r.getStdout(), r.getStderr()).isZero();
    return r.getStdout();
  }

  /** Polls {@code probe} until {@code done} holds, for at most two minutes (a bound against hangs, not a timing test). */
  private static String await(String what, java.util.function.Supplier<String> probe, Predicate<String> done) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("gave up waiting for " + what + "; last: " + last);
  }

  private static String addressOf(String ns) {
    return Lab.json(ok("ip -j -n " + ns + " addr show dev eth0")).get(0).path("addr_info").toString();
  }

  @Test
  @Order(1)
  void theServiceStartsWhenReadyConvergesReloadsRestartsStopsAndLogsWithPriorities() {
    ok("cd " + PKG + " && apt-get install -y './" + DEB.getFileName() + "'");
    // Every file of systemd/files.list, with its mode, root's.
    for (FilesList.Entry e : FilesList.read(ROOT)) {
      assertThat(ok("stat -c '%a %U' " + e.dest()).strip()).as(e.dest()).isEqualTo(e.mode() + " root");
    }
    ok("test -x /usr/bin/netagent && test -f " + CONFIG + " && systemd-analyze verify /usr/lib/systemd/system/netagent.service");
    // The package neither enables nor starts the service: the operator does (systemctl enable --now netagent).
    assertThat(sh("systemctl is-enabled netagent").getStdout().strip()).isEqualTo("disabled");
    assertThat(sh("systemctl is-active netagent").getStdout().strip()).isEqualTo("inactive");
    // The class cache is made for the installed jar, and the installed command maps it (java says so only when asked).
    ok("test -s /usr/lib/netagent/netagent.jsa");
    assertThat(ok("NETAGENT_JAVA_OPTS=-Xlog:class+load=info /usr/bin/netagent --version")).contains("source: shared objects file (top)");
    // The CNI plugin executable in both plugin directories, mode 0755; it answers VERSION without the daemon.
    assertThat(ok("stat -c '%a %U' /opt/cni/bin/netagent /usr/lib/cni/netagent")).isEqualTo("755 root\n755 root\n");
    ok("cmp /opt/cni/bin/netagent /usr/lib/cni/netagent");
    assertThat(ok("echo '{\"cniVersion\":\"1.0.0\"}' | CNI_COMMAND=VERSION /opt/cni/bin/netagent"))
        .isEqualTo("{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n");

    // Type=notify: active only once netagent said READY=1, after its first pass. A link of the
    // bridge's name that netagent does not own blocks that network (and its containers) only: the
    // daemon is ready, says so at warning priority, and wires the network once the link is gone.
    assertThat(ok("systemctl show -p Type --value netagent").strip()).isEqualTo("notify");
    ok("ip link add nbr0 type bridge");
    ok("systemctl start netagent");
    assertThat(ok("systemctl is-active netagent").strip()).isEqualTo("active");
    assertThat(ok("journalctl -u netagent -p 4..4 -o cat --no-pager")).contains("network default blocked: link nbr0: already exists");
    assertThat(ok("netagent status")).contains("blocked");
    ok("ip link del nbr0");
    await("the network wired once the foreign link is gone", () -> sh("ip -j -d link show dev nbr0").getStdout(),
        s -> s.contains("netagent:default"));
    await("no longer blocked", () -> sh("journalctl -u netagent -p 6..6 -o cat --no-pager").getStdout(),
        s -> s.contains("no longer: network default blocked"));
    assertThat(ok("journalctl -u netagent -o cat --no-pager")).contains("ready: ");

    // The kernel inside the container is as the example configures it.
    JsonNode bridge = Lab.json(ok("ip -j -d link show dev nbr0")).get(0);
    assertThat(bridge.path("flags").toString()).contains("\"UP\"");
    assertThat(bridge.path("ifalias").asText()).isEqualTo("netagent:default");
    assertThat(Lab.json(ok("ip -j link show dev veth-web")).get(0).path("master").asText()).isEqualTo("nbr0");
    assertThat(ok("ip netns list")).contains("web", "db", "dns");
    assertThat(addressOf("web")).contains("\"local\":\"10.88.0.2\"");
    assertThat(ok("ip -n web route show default")).contains("via 10.88.0.1 dev eth0");
    assertThat(ok("nft list table ip netagent")).contains("8080", "5353", "8443");
    assertThat(ok("netagent status -c " + CONFIG)).contains("daemon: running (pid ", "container web").doesNotContain("differs", "missing");

    // Drift is repaired, and said so at warning priority.
    ok("ip link del veth-dns");
    await("veth-dns repaired", () -> sh("ip -br link show dev veth-dns").getStdout(), s -> s.contains("UP"));
    await("a warning about the repair", () -> sh("journalctl -u netagent -p 4..4 -o cat --no-pager").getStdout(),
        s -> s.contains("drift repaired ("));
    assertThat(ok("journalctl -u netagent -p 6..6 -o cat --no-pager")).contains("ready: ").doesNotContain("drift repaired (")
        .doesNotContainPattern("(?m)^network default blocked");

    // systemctl reload applies a changed file.
    ok("sed -i 's/ip: 10.88.0.3$/ip: 10.88.0.33/' " + CONFIG);
    ok("systemctl reload netagent");
    await("the reloaded address", () -> addressOf("db"), s -> s.contains("\"local\":\"10.88.0.33\""));

    // A broken file fails the reload and changes nothing; a SIGHUP straight to the daemon is refused too, at error priority.
    ok("cp " + CONFIG + " /opt/good.yaml && echo 'networks: [' >> " + CONFIG);
    assertThat(sh("systemctl reload netagent").getExitCode()).isNotZero();
    ok("systemctl kill -s HUP --kill-whom=main netagent");
    await("the daemon's refusal", () -> sh("journalctl -u netagent -p 3..3 -o cat --no-pager").getStdout(), s -> s.contains("reload rejected"));
    assertThat(ok("systemctl is-active netagent").strip()).isEqualTo("active");
    assertThat(addressOf("db")).contains("\"local\":\"10.88.0.33\"");
    ok("cp /opt/good.yaml " + CONFIG);

    // Killed, systemd restarts it, and it converges again.
    ok("systemctl kill -s KILL --kill-whom=main netagent");
    await("a restart", () -> sh("systemctl show -p NRestarts --value netagent").getStdout(), s -> !s.strip().equals("0"));
    await("active again", () -> sh("systemctl is-active netagent").getStdout(), s -> s.strip().equals("active"));
    assertThat(Lab.json(ok("netagent plan --kernel live -o json -c " + CONFIG)).path("operations")).isEmpty();

    // The live API: its socket is root's only, and an attachment made through it is saved, so that
    // it survives a restart, and is wired again by the next start even if its veth went meanwhile.
    assertThat(ok("stat -c '%a %U %F' /run/netagent/netagent.sock").strip()).isEqualTo("600 root socket");
    ok("ip netns add api1");
    assertThat(ok("netagent attach --id api1 --network default --namespace api1 --port 9090:80")).contains("attached api1");
    String attachedAddress = addressOf("api1");
    assertThat(attachedAddress).contains("\"local\":\"10.88.");
    ok("test -s /var/lib/netagent/attachments/api1.json");
    // The installed CNI plugin reaches the service: ADD answers the result, DEL removes it again.
    ok("ip netns add cni1");
    String cniConfig = "'{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"netagent\",\"network\":\"default\"}'";
    String cniEnv = "CNI_CONTAINERID=c1 CNI_NETNS=/run/netns/cni1 CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin";
    assertThat(ok("echo " + cniConfig + " | CNI_COMMAND=ADD " + cniEnv + " /opt/cni/bin/netagent"))
        .contains("\"sandbox\":\"/run/netns/cni1\"", "\"gateway\":\"10.88.0.1\"");
    assertThat(addressOf("cni1")).contains("\"local\":\"10.88.");
    assertThat(ok("echo " + cniConfig + " | CNI_COMMAND=DEL " + cniEnv + " /opt/cni/bin/netagent")).isEmpty();
    assertThat(ok("ip -n cni1 -br link")).doesNotContain("eth0");

    ok("systemctl restart netagent");
    await("active after the restart", () -> sh("systemctl is-active netagent").getStdout(), s -> s.strip().equals("active"));
    assertThat(ok("netagent attachments -o json")).contains("\"api1\"");
    ok("systemctl stop netagent && ip link del veth-api1");
    ok("systemctl start netagent");
    await("api1 wired again from its saved record", () -> sh("ip -br link show dev veth-api1").getStdout(), s -> s.contains("UP"));
    assertThat(addressOf("api1")).isEqualTo(attachedAddress);
    assertThat(ok("nft list table ip netagent")).contains("9090");
    assertThat(ok("netagent status")).contains("container api1", "1 attachment(s)").doesNotContain("differs", "missing");

    // Stopping leaves the network in place.
    ok("systemctl stop netagent");
    assertThat(sh("systemctl is-active netagent").getStdout().strip()).isEqualTo("inactive");
    assertThat(ok("ip -br link show dev nbr0")).contains("UP");
    assertThat(ok("ip netns list")).contains("web", "db", "dns");
    assertThat(addressOf("web")).contains("\"local\":\"10.88.0.2\"");
  }

  /**
   * The hardening scores the README states are what {@code systemd-analyze security} says of the
   * installed units: a weaker unit fails here (and a stronger one too, until the README says so).
   */
  @Test
  @Order(2)
  void theUnitsExposureScoresAreTheReadmes() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String systemd = ok("systemd-analyze --version").lines().findFirst().orElse("");
    for (String unit : new String[] {"netagent.service", "netagent-namespaces.service"}) {
      Matcher stated = Pattern.compile("\\*\\*" + Pattern.quote(unit) + "\\*\\*[^*]*`systemd-analyze security`[^*]*\\*\\*([0-9.]+ [A-Z]+)\\*\\*")
          .matcher(readme);
      assertThat(stated.find()).as("the README states the score of %s", unit).isTrue();
      String analysis = ok("systemd-analyze security --no-pager " + unit);
      Matcher measured = Pattern.compile("Overall exposure level for " + Pattern.quote(unit) + ": ([0-9.]+ [A-Z]+)").matcher(analysis);
      assertThat(measured.find()).as("systemd-analyze security %s:%n%s", unit, analysis).isTrue();
      assertThat(measured.group(1)).as("exposure of %s under %s (the README says %s; update it with the unit)%n%s", unit, systemd,
          stated.group(1), analysis).isEqualTo(stated.group(1));
    }
  }

  /**
   * WATCHDOG=1 comes from the reconcile loop only, so a stuck loop gets the service restarted.
   * With a shorter WatchdogSec (generous all the same: the first keep-alive comes after the first
   * converge) and the test-only fault hook that stalls the loop at a reload (Daemon, a system
   * property), the daemon first keeps the watchdog fed, then, stalled by SIGHUP, no longer does:
   * systemd kills it and starts it again, and the new process converges.
   */
  @Test
  @Order(3)
  void systemdRestartsTheServiceWhenItsLoopStallsAndStopsFeedingTheWatchdog() {
    String dropIn = "/run/systemd/system/netagent.service.d/watchdog-test.conf";
    try {
      // SIGKILL rather than systemd's default SIGABRT: an aborted JVM dumps core wherever the
      // machine's kernel.core_pattern says, which is the host's, not the container's.
      ok("mkdir -p " + dropIn.substring(0, dropIn.lastIndexOf('/')) + " && printf '%s\\n' '[Service]' 'WatchdogSec=20s' 'WatchdogSignal=SIGKILL'"
          + " 'Environment=\"NETAGENT_JAVA_OPTS=-Djffi.extract.dir=/var/lib/netagent -Dnetagent.testing.stallOnReload=true\"' > " + dropIn);
      ok("systemctl daemon-reload && systemctl restart netagent");
      assertThat(ok("systemctl show -p WatchdogUSec --value netagent").strip()).isEqualTo("20s");
      String pid = ok("systemctl show -p MainPID --value netagent").strip();
      assertThat(ok("tr '\\0' ' ' < /proc/" + pid + "/cmdline")).contains("-Dnetagent.testing.stallOnReload=true");

      // Fed: the time systemd last heard WATCHDOG=1 moves on, twice, with the same process.
      String first = watchdogTimestamp();
      String second = await("a keep-alive", SystemdServiceIT::watchdogTimestamp, t -> !t.equals(first));
      await("another keep-alive", SystemdServiceIT::watchdogTimestamp, t -> !t.equals(second) && !t.equals(first));
      assertThat(ok("systemctl show -p MainPID --value netagent").strip()).as("the same process").isEqualTo(pid);
      assertThat(ok("systemctl show -p NRestarts --value netagent").strip()).isEqualTo("0");

      // Stalled: systemd's watchdog fires, and the service is started again.
      ok("systemctl kill -s HUP --kill-whom=main netagent");
      await("the restart", () -> sh("systemctl show -p NRestarts --value netagent").getStdout(), s -> !s.strip().equals("0"));
      String journal = ok("journalctl -u netagent -o cat --no-pager");
      assertThat(journal).contains("test-only fault hook netagent.testing.stallOnReload: the loop stalls instead of reloading",
          "Watchdog timeout (limit 20s)!", "Failed with result 'watchdog'.");
      await("active again", () -> sh("systemctl is-active netagent").getStdout(), s -> s.strip().equals("active"));
      assertThat(ok("systemctl show -p MainPID --value netagent").strip()).as("a new process").isNotEqualTo(pid);
      JsonNode plan = Lab.json(ok("netagent plan -o json"));
      assertThat(plan.path("kernel").asText()).isEqualTo("live kernel (daemon)");
      assertThat(plan.path("operations")).as("the restarted daemon's plan").isEmpty();
    } finally {
      sh("rm -f " + dropIn + " && systemctl daemon-reload && systemctl stop netagent && systemctl reset-failed netagent");
    }
  }

  /**
   * An upgrade to a newer build whose example configuration changed too: dpkg keeps the operator's
   * edited /etc/netagent/netagent.yaml (told to by --force-confold, in place of its question) and
   * puts the package's beside it; the package neither stops nor restarts the running service, so
   * the network stays as it was; the new version, restarted by the operator, finds nothing to do.
   */
  @Test
  @Order(4)
  void anUpgradeKeepsTheEditedConfigurationAndTheRunningServiceWithItsNetwork() {
    ok("systemctl start netagent");
    ok("sed -i 's/host: 8080, container: 80,/host: 8081, container: 80,/' " + CONFIG + " && echo '# edited by the operator' >> " + CONFIG);
    ok("systemctl reload netagent");
    await("the edited port published", () -> sh("nft list table ip netagent").getStdout(), s -> s.contains("8081"));
    String edited = ok("cat " + CONFIG);
    String pid = ok("systemctl show -p MainPID --value netagent").strip();
    String bridge = Lab.json(ok("ip -j -d link show dev nbr0")).get(0).path("ifindex").asText();
    String web = addressOf("web");

    // The second build: this package one version newer, its example changed, its md5sums made anew.
    String next = PKG + "netagent_next.deb";
    ok("rm -rf /root/next && dpkg-deb -R " + PKG + "'" + DEB.getFileName() + "' /root/next"
        + " && sed -i 's/^Version: .*/&+1/' /root/next/DEBIAN/control && echo '# the next version' >> /root/next" + CONFIG
        + " && (cd /root/next && find . -path ./DEBIAN -prune -o -type f -printf '%P\\0' | xargs -0 md5sum > DEBIAN/md5sums)"
        + " && dpkg-deb -b /root/next " + next + " && rm -rf /root/next");
    ok("apt-get install -y -o Dpkg::Options::=--force-confold " + next);
    assertThat(ok("dpkg-query -W -f '${Version}' netagent")).endsWith("+1");
    assertThat(ok("cat " + CONFIG)).isEqualTo(edited);
    assertThat(ok("cat " + CONFIG + ".dpkg-dist")).contains("# the next version").doesNotContain("# edited by the operator");
    ok("test -s /usr/lib/netagent/netagent.jsa");

    assertThat(ok("systemctl show -p MainPID --value netagent").strip()).as("the same process").isEqualTo(pid);
    assertThat(sh("systemctl is-enabled netagent").getStdout().strip()).isEqualTo("disabled");
    assertThat(Lab.json(ok("ip -j -d link show dev nbr0")).get(0).path("ifindex").asText()).as("the same bridge").isEqualTo(bridge);
    assertThat(ok("ip -br link show dev nbr0")).contains("UP");
    assertThat(addressOf("web")).isEqualTo(web);
    assertThat(ok("nft list table ip netagent")).contains("8081", "5353", "8443");

    ok("systemctl restart netagent");
    await("active after the restart", () -> sh("systemctl is-active netagent").getStdout(), s -> s.strip().equals("active"));
    JsonNode plan = Lab.json(ok("netagent plan -o json"));
    assertThat(plan.path("kernel").asText()).isEqualTo("live kernel (daemon)");
    assertThat(plan.path("operations")).as("the new version's plan, with the attachment it saved").isEmpty();
  }

  /**
   * Purge removes every file of the package and what its scripts and its service made (the class
   * cache, /etc/netagent, /var/lib/netagent), and never the kernel's state: the network stays.
   */
  @Test
  @Order(5)
  void purgeLeavesNoFileOfNetagentAndTheNetworkAsItWas() {
    String owned = ok("dpkg-query -L netagent");
    assertThat(owned).contains("/usr/lib/netagent/netagent.jar", CONFIG);
    ok("systemctl stop netagent");
    ok("apt-get purge -y netagent");
    assertThat(sh("dpkg-query -W netagent").getExitCode()).as("dpkg knows no netagent").isNotZero();
    StringBuilder left = new StringBuilder();
    for (String path : owned.lines().toList()) {
      if (sh("test -e '" + path + "' && ! test -d '" + path + "'").getExitCode() == 0) {
        left.append(path).append('\n');
      }
    }
    assertThat(left.toString()).as("the package's files left after the purge").isEmpty();
    ok("! test -e /etc/netagent && ! test -e /var/lib/netagent && ! test -e /usr/lib/netagent && ! test -e /usr/share/doc/netagent");
    assertThat(ok("find / -xdev \\( -path /proc -o -path /sys -o -path /run -o -path " + PKG.substring(0, PKG.length() - 1)
        + " \\) -prune -o -name '*netagent*' -print")).as("anything named netagent").isEmpty();
    // (list-unit-files exits 1 when no unit matches.)
    assertThat(sh("systemctl list-unit-files 'netagent*' --no-legend").getStdout()).as("netagent's units").isEmpty();

    assertThat(ok("ip -br link show dev nbr0")).contains("UP");
    assertThat(ok("ip netns list")).contains("web", "db", "dns");
    assertThat(ok("nft list table ip netagent")).contains("8081");
  }

  /** When systemd last heard WATCHDOG=1 from the service (CLOCK_MONOTONIC, µs). */
  private static String watchdogTimestamp() {
    return sh("systemctl show -p WatchdogTimestampMonotonic --value netagent").getStdout().strip();
  }
}
