package io.netagent.kernel.netlink;

import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.Scope;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.SystemCallException;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.nftables.Nftables;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.linux.Errno;
import io.netagent.model.NamespaceRef;
import io.netagent.kernel.nft.NftListing;
import io.netagent.observed.ObservedState;
import io.netagent.observed.PortTraffic;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.Operation;
import io.netagent.operations.ReplaceNatTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The real kernel: rtnetlink (and /proc/sys) in the namespace netagent runs in and in each
 * container namespace, each through a socket opened there. Three parts, each handed the one
 * registry of namespace sessions: {@link StateReader} reads (namespaces in parallel),
 * {@link NetlinkOperations} applies, and the sessions' notification reader follows changes (one
 * thread for all watched namespaces). No {@code ip} process is run.
 *
 * <p>Not for concurrent use: one reconcile at a time.
 */
public final class NetlinkKernel implements Kernel {
  /**
   * Where netagent keeps what the kernel cannot tell it (the namespaces it created) and its
   * lock: {@code $NETAGENT_STATE_DIR}, by default /run/netagent.
   */
  public static final Path STATE_DIR = Path.of(System.getenv().getOrDefault("NETAGENT_STATE_DIR", "/run/netagent"));

  private final NamespaceSessions sessions;
  private final StateReader reader;
  private final NetlinkOperations operations;

  private NetlinkKernel(NamespaceSessions sessions, NamespaceOwnership ownership) {
    this.sessions = sessions;
    this.reader = new StateReader(sessions, ownership);
    this.operations = new NetlinkOperations(sessions, ownership);
  }

  /**
   * Opens the kernel as seen from the namespace this process runs in.
   *
   * @param stateDir where the record of created namespaces is kept
   */
  public static NetlinkKernel open(Path stateDir) {
    return open(stateDir, NamespaceSession.SELF);
  }

  /**
   * Opens the kernel with another namespace as its host: the one {@code host} refers to (such as
   * {@code /run/netns/NAME}), where bridges, host ends and the NAT table live.
   *
   * @throws io.netagent.linux.NativeUnavailableException when this host has no libnftables: every
   *     observation reads the NAT table, so nothing could be done without it
   */
  public static NetlinkKernel open(Path stateDir, Path host) {
    Nftables.requireLibrary();
    try {
      NamespaceSessions sessions = new NamespaceSessions(host);
      NetlinkKernel kernel = new NetlinkKernel(sessions, new NamespaceOwnership(stateDir, NamespaceThread.inodeOfFile(host)));
      sessions.session(NamespaceRef.HOST);
      return kernel;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the host namespace " + host, e);
    }
  }

  @Override
  public ObservedState observe(Scope scope) {
    return reader.read(scope);
  }

  @Override
  public void apply(Operation operation) {
    // What an operation changes in a container namespace or the NAT table is read again by the
    // next incremental read, whether or not a notification tells of it. In the host, its
    // notifications name the links to read again (and sysctls are read every time).
    sessions.opened(operation.namespace()).ifPresent(session -> {
      session.changes.incrementAndGet();
      if (operation instanceof ReplaceNatTable || operation instanceof DeleteNatTable) {
        session.natChanges.incrementAndGet();
      }
    });
    try {
      operation.applyTo(operations);
    } catch (NetlinkException | SystemCallException | NftablesException e) {
      throw KernelErrors.refused(operation.command(), e);
    }
  }

  /**
   * Watches the namespaces that exist of {@code namespaces} and the host; stops watching the
   * others. A namespace that appears later is watched from the next call on. From the first
   * call on, a namespace netagent holds a session in is let go within about half a second of
   * its file no longer referring to it, and {@code listener} hears NAMESPACE_GONE
   * (docs/kernel-facts.md §9).
   */
  @Override
  public void watch(Set<NamespaceRef> namespaces, Consumer<KernelEvent> listener) {
    sessions.follow(namespaces, listener);
  }

  /** Opening a session is the test: setns(2) refuses a file that is no network namespace (EINVAL). */
  @Override
  public Optional<String> namespaceProblem(NamespaceRef namespace) {
    try {
      return sessions.existing(namespace).isPresent() ? Optional.empty() : Optional.of("does not exist");
    } catch (SystemCallException e) {
      return Optional.of(e.errno() == Errno.EINVAL ? "is not a network namespace" : e.getMessage());
    }
  }

  /** Lists the counting sets on the host's thread, where its libnftables context lives. */
  @Override
  public List<PortTraffic> portTraffic() {
    NamespaceSession host = sessions.session(NamespaceRef.HOST);
    try {
      return host.call(socket -> NftListing.counters(host.nftables()::run));
    } catch (NftablesException e) {
      throw KernelErrors.refused("nft -j list set netagent any_count/bound_count", e);
    }
  }

  @Override
  public String description() {
    return "live kernel";
  }

  /** Releases every namespace. */
  @Override
  public void close() {
    sessions.close();
    reader.close();
  }
}
