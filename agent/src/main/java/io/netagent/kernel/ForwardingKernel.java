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
 * A kernel that passes every call to another, for wrappers that change one or two of them (a
 * pause before an observation, a fault put in by a test). Closing it does not close the other:
 * whoever opened that one closes it.
 */
public abstract class ForwardingKernel implements Kernel {
  private final Kernel kernel;

  protected ForwardingKernel(Kernel kernel) {
    this.kernel = kernel;
  }

  /** The kernel the calls go to. */
  protected final Kernel kernel() {
    return kernel;
  }

  @Override
  public ObservedState observe(Scope scope) {
    return kernel.observe(scope);
  }

  @Override
  public void apply(Operation operation) {
    kernel.apply(operation);
  }

  @Override
  public void watch(Set<NamespaceRef> namespaces, Consumer<KernelEvent> listener) {
    kernel.watch(namespaces, listener);
  }

  @Override
  public Optional<String> namespaceProblem(NamespaceRef namespace) {
    return kernel.namespaceProblem(namespace);
  }

  @Override
  public List<PortTraffic> portTraffic() {
    return kernel.portTraffic();
  }

  @Override
  public String description() {
    return kernel.description();
  }
}
