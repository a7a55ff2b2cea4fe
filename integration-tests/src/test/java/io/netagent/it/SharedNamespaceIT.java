package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Namespaces are compared by identity (device and inode), not by spelling: a container whose
 * namespace is the host's own, and two containers naming one namespace by two paths (a name and
 * a symlink to it), are conflicts at plan time naming both spellings, and apply changes nothing.
 */
@ExtendWith(LabExtension.class)
class SharedNamespaceIT {
  private Lab lab;
  private Agent agent;

  private Path config(String ns1, String ns2) {
    return lab.config("""
        networks:
          - { name: n, bridge: b%1$s, subnet: 10.63.0.0/24, gateway: 10.63.0.1 }
        containers:
          - { name: c1, network: n, namespace: %2$s, hostInterface: v%1$s1, ip: 10.63.0.11 }
          - { name: c2, network: n, namespace: %3$s, hostInterface: v%1$s2, ip: 10.63.0.12 }
        """.formatted(lab.id, ns1, ns2));
  }

  /** The host's links and routes and the container namespace's links, as {@code ip -j} shows them. */
  private String kernel(String ns) {
    return lab.ip(lab.host, "link", "show") + "\n" + lab.ip(lab.host, "route", "show") + "\n" + lab.ip(ns, "link", "show");
  }

  @Test
  void oneNamespaceUnderTwoNamesIsAConflictNamingBothAndNothingIsApplied() throws Exception {
    String ns = lab.addNs("d");
    Path link = Files.createTempDirectory("netagent-" + lab.id).resolve("alias");
    try {
      Files.createSymbolicLink(link, Path.of("/run/netns", ns));
      Path config = config(ns, link.toString());
      String before = kernel(ns);

      Processes.Result plan = agent.run("plan", "-c", config.toString());
      Processes.Result apply = agent.run("apply", "-c", config.toString());

      assertThat(plan.out() + plan.err()).contains(
          "namespace " + link + ": is the same namespace as " + ns + " of container c1 (device ",
          "namespace " + ns + ": is the same namespace as " + link + " of container c2 (device ", "): one namespace, two names");
      assertThat(apply.code()).as("apply: %s\n%s", apply.out(), apply.err()).isEqualTo(1);
      assertThat(apply.err()).contains("is the same namespace as").doesNotContain("EEXIST", "Exception");
      assertThat(kernel(ns)).as("nothing applied").isEqualTo(before);
    } finally {
      Files.deleteIfExists(link);
      Files.deleteIfExists(link.getParent());
    }
  }

  @Test
  void theHostsOwnNamespaceUnderAContainersNameIsAConflictAndNothingIsApplied() {
    String other = lab.addNs("e");
    Path config = config("/run/netns/" + lab.host, other);
    String before = kernel(other);

    Processes.Result apply = agent.run("apply", "-c", config.toString());

    assertThat(apply.code()).as("apply: %s\n%s", apply.out(), apply.err()).isEqualTo(1);
    assertThat(apply.err()).contains("namespace " + lab.host + ": is the host's own namespace (device ",
        "the one netagent runs in; container c1 needs a namespace of its own");
    assertThat(kernel(other)).as("nothing applied").isEqualTo(before);
    assertThat(lab.ip(lab.host, "route", "show").toString()).as("no default route via a container gateway in the host")
        .doesNotContain("10.63.0.1");

    Processes.Result self = agent.run("apply", "-c", config("/proc/self/ns/net", other).toString());
    assertThat(self.code()).isEqualTo(1);
    assertThat(self.err()).contains("namespace /proc/self/ns/net: is the host's own namespace (device ");
  }
}
