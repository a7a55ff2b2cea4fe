package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.kernel.netlink.NetlinkKernel;
import io.netagent.linux.Errno;
import io.netagent.model.InterfaceName;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.NamespaceState;
import io.netagent.operations.Reason;
import io.netagent.operations.SetUp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * netagent never keeps a container namespace alive (docs/kernel-facts.md §9): once a namespace it
 * reads and watches is deleted ({@code ip netns del}) or the process behind its
 * {@code /proc/PID/ns/net} path ends, its sockets there are closed within a second, so the
 * kernel destroys the namespace and with it the veth pair (whose host end is checked from
 * outside with {@code ip}); the listener hears {@link KernelEvent.Kind#NAMESPACE_GONE}; later
 * reads show the namespace as absent and operations in it are refused with ENOENT; and a
 * namespace created again under the same name is read and followed afresh.
 */
@ExtendWith(LabExtension.class)
class NamespaceGoneIT {
  /** netagent lets go within about half a second; the kernel then destroys the namespace in the background (cleanup_net). */
  private static final Duration BOUND = Duration.ofSeconds(10);

  private Lab lab;
  private Path stateDir;
  private NetlinkKernel kernel;
  private final List<KernelEvent> events = new CopyOnWriteArrayList<>();
  private Process holder;

  @BeforeEach
  void setUp() throws IOException {
    stateDir = Files.createTempDirectory("netagent-gone-" + lab.id + "-");
    kernel = NetlinkKernel.open(stateDir, Path.of("/run/netns/" + lab.host));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    try {
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      if (holder != null) {
        holder.destroyForcibly();
        holder.waitFor();
      }
      Sh.run("rm", "-rf", stateDir.toString());
    }
  }

  @Test
  void aDeletedNamedNamespaceIsLetGoAndFollowedAfreshWhenCreatedAgain() throws Exception {
    String name = lab.addNs("c");
    NamespaceRef ns = new NamespaceRef.Named(name);
    String hostEnd = "v" + lab.id;
    wire(hostEnd, name);
    followAndRead(ns);

    // A pass reading all the while must never fail: the namespace is there, or it is absent.
    AtomicBoolean reading = new AtomicBoolean(true);
    List<Throwable> readFailures = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      while (reading.get()) {
        try {
          kernel.observe(Scope.whole(Set.of(ns)));
        } catch (RuntimeException e) {
          readFailures.add(e);
        }
      }
    }, "observing-while-deleted");
    reader.start();
    try {
      Sh.ok("ip", "netns", "del", name);
      assertReleased(ns, hostEnd);
    } finally {
      reading.set(false);
      reader.join(BOUND.toMillis());
    }
    assertThat(readFailures).as("reads while the namespace went").isEmpty();
    assertAbsent(ns);

    events.clear();
    lab.addNs("c");
    wire(hostEnd, name);
    followAndRead(ns);
    Sh.ok("ip", "-n", name, "link", "set", "eth0", "mtu", "1400");
    await("a notification from the namespace created again", () -> events.stream()
        .anyMatch(e -> e.namespace().equals(ns) && e.kind() == KernelEvent.Kind.LINK));

    Sh.ok("ip", "netns", "del", name);
    assertReleased(ns, hostEnd);
  }

  @Test
  void aContainerNamespaceIsLetGoWhenItsProcessEnds() throws Exception {
    holder = new ProcessBuilder("unshare", "--net", "sleep", "600").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long pid = holder.pid();
    awaitOwnNamespace(pid);
    NamespaceRef ns = new NamespaceRef.AtPath("/proc/" + pid + "/ns/net");
    String hostEnd = "v" + lab.id;
    wire(hostEnd, Long.toString(pid));
    followAndRead(ns);

    holder.destroyForcibly();
    holder.waitFor();
    assertReleased(ns, hostEnd);
    assertAbsent(ns);
  }

  /** A veth pair from the lab's host to {@code peerNetns} (a name, or a pid for its namespace), its container end eth0. */
  private void wire(String hostEnd, String peerNetns) {
    Sh.ok("ip", "-n", lab.host, "link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", peerNetns);
    Sh.ok("ip", "-n", lab.host, "link", "set", hostEnd, "up");
  }

  /** Reads {@code ns} whole and watches it, as the daemon does; the read must show the container end. */
  private void followAndRead(NamespaceRef ns) {
    NamespaceState state = kernel.observe(Scope.whole(Set.of(ns))).namespace(ns).orElseThrow();
    assertThat(state.links()).anyMatch(l -> l.name().value().equals("eth0"));
    kernel.watch(Set.of(ns), events::add);
  }

  /** The host end went (nothing held the namespace), and the listener heard that the namespace went. */
  private void assertReleased(NamespaceRef ns, String hostEnd) throws InterruptedException {
    await("the host end " + hostEnd + " gone with the namespace " + ns.display(),
        () -> Sh.run("ip", "-n", lab.host, "link", "show", "dev", hostEnd).code() != 0);
    await("NAMESPACE_GONE for " + ns.display(), () -> events.contains(KernelEvent.namespaceGone(ns)));
  }

  /** Reads show the namespace as absent; an operation in it is refused with ENOENT naming it. */
  private void assertAbsent(NamespaceRef ns) {
    assertThat(kernel.observe(Scope.whole(Set.of(ns))).namespace(ns)).isEmpty();
    assertThat(kernel.observe(Scope.changes(Set.of(ns))).namespace(ns)).isEmpty();
    Throwable refused = catchThrowable(() -> kernel.apply(new SetUp(ns, InterfaceName.of("eth0"), Reason.MISSING)));
    assertThat(refused).isInstanceOf(KernelException.class);
    assertThat(((KernelException) refused).errno()).isEqualTo(Errno.ENOENT);
    assertThat(refused.getMessage()).contains(ns.display());
  }

  /**
   * Waits until the process has entered a network namespace of its own and become {@code sleep}
   * (unshare has done its work), so that nothing is ever added to the machine's own namespace.
   */
  private static void awaitOwnNamespace(long pid) throws Exception {
    Path self = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
    await("process " + pid + " in a namespace of its own", () -> {
      try {
        String comm = Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        return comm.equals("sleep") && !Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).equals(self);
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within %s: %s", BOUND, what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
