package io.netagent.kernel;

import io.netagent.model.NamespaceRef;
import io.netagent.observed.ObservedState;
import io.netagent.observed.PortTraffic;
import io.netagent.operations.Operation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The port through which netagent sees and changes the kernel. Implemented by the real adapter
 * (rtnetlink and libnftables) and by {@link io.netagent.kernel.fake.FakeKernel}, which enforces
 * the same rules in memory; the planner never knows which one it talks to.
 */
public interface Kernel extends AutoCloseable {

  /**
   * Reads the host namespace, each namespace of the scope that exists, and every namespace
   * netagent created, as far as {@link Scope#extent} asks; one dump per object kind per namespace
   * read.
   *
   * @throws KernelException when the kernel cannot be read
   */
  ObservedState observe(Scope scope);

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
   * {@code listener}, from another thread, and {@link KernelEvent.Kind#NAMESPACE_GONE} when a
   * namespace goes away (the adapter then holds nothing of it; a later call follows it again if
   * it exists again). A later call replaces the set of namespaces and the listener. Events
   * arrive until {@link #close()}.
   */
  void watch(Set<NamespaceRef> namespaces, Consumer<KernelEvent> listener);

  /**
   * Why {@code namespace} cannot hold a container now, in words ("does not exist", "is not a
   * network namespace"), or empty when it can. Holds nothing open in it afterwards that a pass
   * would not.
   */
  Optional<String> namespaceProblem(NamespaceRef namespace);

  /**
   * What the kernel counted for each published port in netagent's NAT tables, as they are now
   * (not as the last observation saw them); empty when there is no table.
   *
   * @throws KernelException when the kernel cannot be read
   */
  List<PortTraffic> portTraffic();

  /** A few words on what this kernel is, for plan headers: "live kernel", "in-memory kernel". */
  String description();

  /** Releases what the adapter holds open (threads, sockets); the kernel state stays. */
  @Override
  default void close() {}
}
