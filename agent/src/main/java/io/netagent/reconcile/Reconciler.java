package io.netagent.reconcile;

import io.netagent.kernel.Kernel;
import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.model.DesiredState;
import io.netagent.observed.ObservedState;
import io.netagent.operations.Operation;
import io.netagent.plan.Plan;
import io.netagent.plan.PlanPolicy;
import io.netagent.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile: observe, plan, apply the plan operation by operation, observe again and check
 * that nothing remains to do.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final int SLOW_MILLIS = 5;

  private final Kernel kernel;
  private final PlanPolicy policy;
  private ObservedState last;
  private long lastObservedAt;

  /** A reconciler for {@code plan} and {@code apply}: all or nothing. */
  public Reconciler(Kernel kernel) {
    this(kernel, PlanPolicy.ALL_OR_NOTHING);
  }

  /**
   * @param policy how plans treat what they cannot act on; under {@link PlanPolicy#perOwner()} a
   *     plan with conflicts is applied except for what the conflicts block
   */
  public Reconciler(Kernel kernel, PlanPolicy policy) {
    this.kernel = kernel;
    this.policy = policy;
  }

  /** The state the kernel was last seen in (after an apply: as verified), or null before any observation. */
  public ObservedState lastObserved() {
    return last;
  }

  /** When the last observation began ({@link System#nanoTime}): it saw every change made before. */
  public long lastObservedAt() {
    return lastObservedAt;
  }

  /** The plan that would converge the kernel to {@code desired}; changes nothing. */
  public Plan plan(DesiredState desired) {
    return plan(desired, Scope.Extent.WHOLE);
  }

  private Plan plan(DesiredState desired, Scope.Extent extent) {
    ObservedState observed = observe(new Scope(desired.namespaces(), extent));
    long begin = System.nanoTime();
    Plan plan = Planner.plan(desired, observed, policy);
    LOG.debug("planned {} operation(s) in {} ms", plan.operations().size(), (System.nanoTime() - begin) / 1_000_000);
    return plan;
  }

  /**
   * Converges the kernel to {@code desired}.
   *
   * @param progress told of each operation just before it runs
   * @return the plan that was applied
   * @throws PlanBlockedException when conflicts block the plan (nothing is changed); never under
   *     {@link PlanPolicy#perOwner()}, where the plan leaves out what they block and the returned
   *     plan lists them
   * @throws OperationFailedException when the kernel refuses an operation (the ones before it stay applied)
   * @throws NotConvergedException when the kernel still differs afterwards
   */
  public Plan apply(DesiredState desired, Consumer<Operation> progress) {
    return apply(desired, Scope.Extent.WHOLE, progress);
  }

  /**
   * Like {@link #apply(DesiredState, Consumer)}, reading the kernel to {@code extent} before and
   * after: {@link Scope.Extent#CHANGES} lets the kernel skip reading again what its notifications
   * say did not change.
   *
   * @param extent {@link Scope.Extent#WHOLE} or {@link Scope.Extent#CHANGES}: a converging plan needs all of the kernel
   */
  public Plan apply(DesiredState desired, Scope.Extent extent, Consumer<Operation> progress) {
    if (extent == Scope.Extent.TEARDOWN) {
      throw new IllegalArgumentException("a teardown's reading is for teardown() only: it leaves out what a converging plan needs");
    }
    Plan plan = plan(desired, extent);
    if (plan.isBlocked() && !policy.perOwner()) {
      throw new PlanBlockedException(plan.conflicts());
    }
    if (plan.operations().isEmpty()) {
      return plan;
    }
    run(plan.operations(), progress);
    Plan after = plan(desired, extent);
    if (!after.operations().isEmpty() || (after.isBlocked() && !policy.perOwner())) {
      throw new NotConvergedException(after.operations());
    }
    return plan;
  }

  /**
   * Applies only the operations of the plan that {@code filter} selects, without checking the
   * result: for one part of the work, such as the namespaces (netagent namespaces).
   *
   * @return the operations applied
   * @throws OperationFailedException when the kernel refuses one (the ones before it stay applied)
   */
  public List<Operation> applyOnly(DesiredState desired, Predicate<Operation> filter, Consumer<Operation> progress) {
    List<Operation> ops = plan(desired).operations().stream().filter(filter).toList();
    run(ops, progress);
    return ops;
  }

  private void run(List<Operation> ops, Consumer<Operation> progress) {
    long begin = System.nanoTime();
    for (int i = 0; i < ops.size(); i++) {
      progress.accept(ops.get(i));
      try {
        applyTimed(ops.get(i));
      } catch (KernelException e) {
        throw new OperationFailedException(ops.get(i), i + 1, ops.size(), e);
      }
    }
    LOG.debug("applied {} operation(s) in {} ms", ops.size(), (System.nanoTime() - begin) / 1_000_000);
  }

  /**
   * Removes everything netagent owns, in teardown order, continuing past failures.
   *
   * @param declared the configuration, whose namespaces are looked into for owned objects
   * @throws TeardownIncompleteException listing every operation that failed
   */
  public Plan teardown(DesiredState declared, Consumer<Operation> progress) {
    Plan plan = Planner.teardown(observe(Scope.teardown(declared.namespaces())));
    List<OperationFailedException> failures = new ArrayList<>();
    List<Operation> ops = plan.operations();
    for (int i = 0; i < ops.size(); i++) {
      progress.accept(ops.get(i));
      try {
        applyTimed(ops.get(i));
      } catch (KernelException e) {
        failures.add(new OperationFailedException(ops.get(i), i + 1, ops.size(), e));
      }
    }
    if (!failures.isEmpty()) {
      throw new TeardownIncompleteException(failures);
    }
    return plan;
  }

  /** Applies one operation; one that takes a while is logged at debug level with its time. */
  private void applyTimed(Operation op) {
    long begin = System.nanoTime();
    kernel.apply(op);
    long millis = (System.nanoTime() - begin) / 1_000_000;
    if (millis >= SLOW_MILLIS) {
      LOG.debug("{} took {} ms", op.describe(), millis);
    }
  }

  /** Reads the kernel, remembering the result and when the reading began. */
  private ObservedState observe(Scope scope) {
    lastObservedAt = System.nanoTime();
    last = kernel.observe(scope);
    LOG.debug("observed {} namespace(s) in {} ms", last.namespaces().size(), (System.nanoTime() - lastObservedAt) / 1_000_000);
    return last;
  }
}
