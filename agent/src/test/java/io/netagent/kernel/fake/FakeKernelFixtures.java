package io.netagent.kernel.fake;

import static io.netagent.testing.OperationFixtures.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Link;
import io.netagent.observed.NamespaceState;
import io.netagent.operations.Operation;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Short ways to apply operations to a {@link FakeKernel}, to read its state back and to catch its
 * refusals. The operations themselves come from {@link io.netagent.testing.OperationFixtures}.
 */
final class FakeKernelFixtures {
  private FakeKernelFixtures() {}

  static void applyAll(FakeKernel kernel, Operation... operations) {
    for (Operation operation : operations) {
      kernel.apply(operation);
    }
  }

  /** The exception {@code call} must throw. */
  static KernelException refusal(ThrowingCallable call) {
    return refusal("the call", call);
  }

  static KernelException refusal(FakeKernel kernel, Operation operation) {
    return refusal(operation.command(), () -> kernel.apply(operation));
  }

  private static KernelException refusal(String what, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the kernel should refuse %s", what).isInstanceOf(KernelException.class);
    return (KernelException) thrown;
  }

  static NamespaceState host(FakeKernel kernel) {
    return kernel.observe(Scope.whole(Set.of())).host();
  }

  static NamespaceState namespace(FakeKernel kernel, NamespaceRef ref) {
    return kernel.observe(Scope.whole(Set.of(ref))).namespace(ref).orElseThrow();
  }

  static Link link(NamespaceState state, String name) {
    return state.link(name(name)).orElseThrow(() -> new AssertionError("no link " + name + " in " + state.links()));
  }
}
