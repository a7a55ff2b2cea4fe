package io.netagent.testing;

import io.netagent.kernel.ForwardingKernel;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelEvent;
import io.netagent.kernel.KernelException;
import io.netagent.linux.Errno;
import io.netagent.model.NamespaceRef;
import io.netagent.operations.Operation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A kernel (usually a {@code FakeKernel}) that misbehaves where a test says: it refuses the
 * operations {@link #refuse} picks (EBUSY, as a kernel refuses what something else holds), and
 * accepts without keeping the ones {@link #drop} picks (the kernel did not keep what it
 * accepted). Everything else goes to the kernel underneath. It also keeps every notification it
 * passed on to a watcher ({@link #heard}), so a test can tell "the daemon was told and did
 * nothing" from "nothing happened".
 */
public final class FaultyKernel extends ForwardingKernel {
  private volatile Predicate<Operation> refused = op -> false;
  private volatile Predicate<Operation> dropped = op -> false;
  private final List<KernelEvent> heard = new CopyOnWriteArrayList<>();

  public FaultyKernel(Kernel kernel) {
    super(kernel);
  }

  /** From now on, refuses the operations {@code which} accepts (it may count, to refuse only the next one). */
  public FaultyKernel refuse(Predicate<Operation> which) {
    refused = which;
    return this;
  }

  /** From now on, accepts the operations {@code which} accepts without applying them. */
  public FaultyKernel drop(Predicate<Operation> which) {
    dropped = which;
    return this;
  }

  /** The notifications passed on to the watcher so far, in order. */
  public List<KernelEvent> heard() {
    return List.copyOf(heard);
  }

  @Override
  public void apply(Operation operation) {
    if (refused.test(operation)) {
      throw new KernelException(operation.command(), Errno.EBUSY, "refused by the test");
    }
    if (!dropped.test(operation)) {
      super.apply(operation);
    }
  }

  @Override
  public void watch(Set<NamespaceRef> namespaces, Consumer<KernelEvent> listener) {
    super.watch(namespaces, event -> {
      listener.accept(event);
      heard.add(event);
    });
  }

  @Override
  public String description() {
    return "faulty " + super.description();
  }
}
