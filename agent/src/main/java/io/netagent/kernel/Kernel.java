package io.netagent.kernel;

import io.netagent.observed.ObservedState;
import io.netagent.model.NamespaceRef;
import io.netagent.operations.Operation;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The port through which netagent sees and changes the kernel. Implemented by the real adapter
 * (rtnetlink and libnftables) and by {@link io.netagent.kernel.fake.FakeKernel}, which enforces
 * the same rules in memory; the planner never knows which one it talks to.
 */
public interface Kernel extends AutoCloseable {

  /**
   * Reads the host namespace, each of {@code namespaces} that exists, and every namespace
   * netagent created; one dump per object kind per namespace.
   *
   * @throws KernelException when the kernel cannot be read
   */
  ObservedState observe(Set<NamespaceRef> namespaces);

  /**
   * Like {@link #observe}, but may reuse what an earlier read found in a namespace whose
   * notifications (see {@link #watch}) show no change since; for the daemon's passes that a
   * notification started. The periodic resync uses {@link #observe}, which reads everything.
   */
  default ObservedState observeChanges(Set<NamespaceRef> namespaces) {
    return observe(namespaces);
  }

  /**
   * Like {@link #observe}, for a teardown: the namespaces netagent created may be shown empty,
   * since deleting one removes everything in it, so there is nothing in them to read; and of the
   * host only what a teardown plan looks at need be shown (links, routes, the NAT table).
   */
  default ObservedState observeForTeardown(Set<NamespaceRef> namespaces) {
    return observe(namespaces);
  }

  /**
   * Applies one operation. Either it takes effect or the kernel refused it and this throws; an
   * operation is safe to repeat after a crash, though it may then be refused (EEXIST), which the
   * next plan accounts for.
   *
   * @throws KernelException with the kernel's errno and message
   */
  void apply(Operation operation);

  /**
   * Watches {@code namespaces} (the host namespace is always watched) and hands every change to
   * {@code listener}, from another thread. A later call replaces the set of namespaces and the
   * listener. Events arrive until {@link #close()}.
   */
  void watch(Set<NamespaceRef> namespaces, Consumer<KernelEvent> listener);

  /** A few words on what this kernel is, for plan headers: "live kernel", "in-memory kernel". */
  String description();

  /** Releases what the adapter holds open (threads, sockets); the kernel state stays. */
  @Override
  default void close() {}
}
