package io.netagent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.checkpoint.CheckpointException;
import io.netagent.config.AttachmentRequestException;
import io.netagent.config.AttachmentRequests;
import io.netagent.config.NetworkRequests;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.Scope;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Network;
import io.netagent.plan.Absence;
import io.netagent.plan.Owner;
import io.netagent.reconcile.Reconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the API's {@link Requests} on the loop's thread, all that arrived together at once:
 * attaches, detaches and networks declared change the {@link Target} (durably) and are converged
 * by one pass, then answered; reloads, confirms and rollbacks are done by {@link Reloads} and
 * {@link Probation}; inspections and the published ports' counters read the kernel.
 */
final class Serving {
  private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

  private final Requests requests;
  private final Target target;
  private final Status status;
  private final Passes passes;
  private final Reloads reloads;
  private final Probation probation;
  private final Kernel kernel;
  private final Reconciler reconciler;

  Serving(Requests requests, Target target, Status status, Passes passes, Reloads reloads, Probation probation, Kernel kernel,
      Reconciler reconciler) {
    this.requests = requests;
    this.target = target;
    this.status = status;
    this.passes = passes;
    this.reloads = reloads;
    this.probation = probation;
    this.kernel = kernel;
    this.reconciler = reconciler;
  }

  /** A reload, confirm or rollback asked through the API, done on its own pass and answered with what was done or why not. */
  private static void change(CompletableFuture<String> answer, Supplier<String> step) {
    try {
      answer.complete(step.get());
    } catch (CheckpointException e) {
      answer.completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.CONFLICT, e.getMessage(), List.of()));
    } catch (RequestRejectedException e) {
      answer.completeExceptionally(e);
    }
  }

  /** An attachment made by this batch, waiting for the pass that wires it. */
  private record Admitted(Requests.Attach request, Attachments.Attachment attachment) {}

  /**
   * Serves the requests that arrived together: each attach is checked, saved and added, each
   * detach removed, then one pass converges the kernel for all of them and each is answered. An
   * attachment the pass could not wire (its namespace gone meanwhile, a conflict) is taken back
   * and answered with why.
   */
  void serve() {
    List<Requests.Request> batch = requests.takeAll();
    try {
      serve(batch);
    } catch (RuntimeException | Error e) {
      // Whatever was not answered yet is answered now: nobody waits for a pass that will not come.
      Requests.fail(batch, new RequestRejectedException(RequestRejectedException.Kind.FAILED, Failures.describe(e), List.of()));
      throw e;
    }
  }

  private void serve(List<Requests.Request> batch) {
    List<Admitted> admitted = new ArrayList<>();
    List<Requests.Detach> detached = new ArrayList<>();
    List<Requests.Inspect> inspections = new ArrayList<>();
    List<Requests.DeclareNetwork> declared = new ArrayList<>();
    for (Requests.Request request : batch) {
      if (request instanceof Requests.Reload reload) {
        change(reload.answer(), () -> reloads.reloadFile(reload.confirmWithin()));
      } else if (request instanceof Requests.Confirm confirm) {
        change(confirm.answer(), () -> probation.confirm("netagent confirm, through the daemon's API"));
      } else if (request instanceof Requests.Rollback rollback) {
        change(rollback.answer(), () -> reloads.rollBack("netagent rollback asked for it"));
      } else if (request instanceof Requests.Count count) {
        count(count);
      } else if (request instanceof Requests.DeclareNetwork network) {
        if (declare(network)) {
          declared.add(network);
        }
      } else if (request instanceof Requests.Attach attach) {
        admit(attach).ifPresent(admitted::add);
      } else if (request instanceof Requests.Detach detach) {
        if (withdraw(detach.id())) {
          detached.add(detach);
        } else {
          detach.answer().complete(false);
        }
      } else if (request instanceof Requests.Inspect inspect) {
        inspections.add(inspect);
      }
    }
    if (!admitted.isEmpty() || !detached.isEmpty() || !declared.isEmpty()) {
      boolean converged = settle(admitted);
      detached.forEach(d -> d.answer().complete(true));
      declared.forEach(n -> n.answer().complete(true));
      if (!converged && admitted.size() > 1) {
        // One request the kernel refuses (a bridge full at 1024 ports: EXFULL) must not fail the
        // others that came with it: all were taken back, now each is tried on its own.
        for (Admitted a : admitted) {
          admit(a.request()).ifPresent(again -> settle(List.of(again)));
        }
      }
    }
    for (Requests.Inspect inspect : inspections) {
      try {
        inspect.answer().complete(new LiveView(target.source(), target.desired(), reconciler.plan(target.desired()), status.state(), probation.statusLine()));
      } catch (RuntimeException e) {
        inspect.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.FAILED,
            "cannot read the kernel: " + e.getMessage(), List.of()));
      }
    }
  }

  /** Reads the published ports' counters now, on the loop: the kernel adapter serves one caller at a time. */
  private void count(Requests.Count request) {
    try {
      request.answer().complete(PortCounts.of(target.desired(), kernel.portTraffic()));
    } catch (RuntimeException e) {
      request.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.FAILED,
          "cannot read the published ports' counters: " + Failures.describe(e), List.of()));
    }
  }

  /**
   * Converges the kernel for what was just admitted and detached, in one pass, and answers each
   * admitted request. One the pass could not wire is taken back (its record deleted, what it left
   * withdrawn by a second pass); when the pass failed, every one is, and is answered only if it
   * was alone (a batch is tried again one by one).
   *
   * @return whether the first pass converged
   */
  private boolean settle(List<Admitted> admitted) {
    status.writeState();
    boolean converged = passes.reconcile(Work.REQUESTS, System.nanoTime(), Scope.Extent.CHANGES);
    List<Admitted> unwired = admitted.stream().filter(a -> !converged || !isWired(a.attachment())).toList();
    List<RequestRejectedException> why = unwired.stream().map(a -> whyNotWired(a.attachment(), converged)).toList();
    unwired.forEach(a -> withdraw(a.attachment().id()));
    if (!unwired.isEmpty()) {
      passes.reconcile(Work.REQUESTS, System.nanoTime(), Scope.Extent.CHANGES);
    }
    if (converged || admitted.size() == 1) {
      for (int i = 0; i < unwired.size(); i++) {
        unwired.get(i).request().answer().completeExceptionally(why.get(i));
      }
    }
    admitted.stream().filter(a -> !unwired.contains(a))
        .forEach(a -> a.request().answer().complete(new Attached(status.views().attachments().get(a.attachment().id()), true)));
    return converged;
  }

  /** Checks, saves and adds one attach request; answers it at once when it is refused or a retry of one in force. */
  private Optional<Admitted> admit(Requests.Attach request) {
    Optional<JsonNode> tree = Attachments.parse(request.body());
    Optional<Attachments.Attachment> existing = tree.map(t -> t.path("id")).filter(JsonNode::isTextual).map(JsonNode::asText)
        .flatMap(target.attachments()::get);
    if (existing.isPresent()) {
      if (existing.get().request().equals(tree.get())) {
        request.answer().complete(new Attached(status.views().attachments().get(existing.get().id()), false));
      } else {
        request.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.CONFLICT,
            "attachment " + existing.get().id() + " already exists with another request; detach it first", List.of(
                new RequestRejectedException.FieldProblem("id", "is in use by an attachment made " + existing.get().created()))));
      }
      return Optional.empty();
    }
    try {
      AttachmentRequests.Resolved resolved = AttachmentRequests.resolve(request.body(), target.desired(), AttachmentRequests.Allocated.NONE);
      NamespaceRef ns = resolved.container().namespace();
      Optional<String> problem = kernel.namespaceProblem(ns);
      if (problem.isPresent()) {
        throw new RequestRejectedException(RequestRejectedException.Kind.INVALID, "namespace " + ns.display() + " " + problem.get(),
            List.of(new RequestRejectedException.FieldProblem("namespace", ns.display() + " " + problem.get())));
      }
      Attachments.Attachment attachment = target.attachments().add(resolved, tree.orElseThrow());
      target.desired(target.desired().withContainer(resolved.container()));
      return Optional.of(new Admitted(request, attachment));
    } catch (AttachmentRequestException e) {
      request.answer().completeExceptionally(refused(e));
    } catch (RequestRejectedException e) {
      request.answer().completeExceptionally(e);
    } catch (RuntimeException e) {
      LOG.error("attach request failed: {}", e.getMessage());
      LOG.debug("attach request failed", e);
      request.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.FAILED,
          "the attachment could not be saved: " + e.getMessage(), List.of()));
    }
    return Optional.empty();
  }

  /**
   * Removes an attachment (durably) from what the daemon converges to, and the network declared
   * through the API it was the last one on; false when there is none.
   */
  private boolean withdraw(String id) {
    Optional<Attachments.Attachment> attachment = target.attachments().get(id);
    if (attachment.isEmpty()) {
      return false;
    }
    target.attachments().remove(id);
    String network = attachment.get().container().network();
    target.desired(target.desired().withoutContainer(attachment.get().container().name()));
    if (target.networks().get(network).isPresent() && target.desired().containersOn(network).isEmpty()) {
      target.networks().remove(network);
      target.desired(target.desired().withoutNetwork(network));
    }
    return true;
  }

  /**
   * Checks and saves a network declared through the API; answers at once when it is refused or
   * already there (false). True: it is new, to be answered after the pass that makes its bridge.
   */
  private boolean declare(Requests.DeclareNetwork request) {
    try {
      Network network = NetworkRequests.resolve(request.body(), target.desired());
      if (target.desired().network(network.name()).isPresent()) {
        request.answer().complete(false);
        return false;
      }
      target.networks().add(network, Attachments.parse(request.body()).orElseThrow());
      target.desired(target.desired().withNetwork(network));
      return true;
    } catch (AttachmentRequestException e) {
      request.answer().completeExceptionally(refused(e));
    } catch (RuntimeException e) {
      LOG.error("network declaration failed: {}", e.getMessage());
      request.answer().completeExceptionally(new RequestRejectedException(RequestRejectedException.Kind.FAILED,
          "the network could not be saved: " + e.getMessage(), List.of()));
    }
    return false;
  }

  /** An attach request or a network declaration the file's rules refuse, as the API answers it. */
  private static RequestRejectedException refused(AttachmentRequestException e) {
    RequestRejectedException.Kind kind = e.why() == AttachmentRequestException.Why.INVALID
        ? RequestRejectedException.Kind.INVALID : RequestRejectedException.Kind.CONFLICT;
    return new RequestRejectedException(kind, Attachments.summary(e.problems()),
        e.problems().stream().map(p -> new RequestRejectedException.FieldProblem(p.path(), p.message())).toList());
  }

  private boolean isWired(Attachments.Attachment attachment) {
    Owner owner = Owner.container(attachment.container().name());
    return status.lastPlan().absences().stream().noneMatch(a -> a.owner().equals(owner))
        && status.lastPlan().conflicts().stream().noneMatch(c -> c.owner().equals(owner));
  }

  private RequestRejectedException whyNotWired(Attachments.Attachment attachment, boolean converged) {
    if (!converged) {
      return new RequestRejectedException(RequestRejectedException.Kind.FAILED,
          "the kernel did not converge: " + status.lastReconcile().error() + "; the attachment was taken back", List.of());
    }
    Owner owner = Owner.container(attachment.container().name());
    Optional<Absence> absence = status.lastPlan().absences().stream().filter(a -> a.owner().equals(owner)).findFirst();
    if (absence.isPresent()) {
      String message = "namespace " + absence.get().namespace().display() + " is gone";
      return new RequestRejectedException(RequestRejectedException.Kind.INVALID, message,
          List.of(new RequestRejectedException.FieldProblem("namespace", message)));
    }
    List<RequestRejectedException.FieldProblem> problems = status.lastPlan().conflicts().stream().filter(c -> c.owner().equals(owner))
        .map(c -> new RequestRejectedException.FieldProblem("", c.toString())).toList();
    return new RequestRejectedException(RequestRejectedException.Kind.CONFLICT, "blocked by " + problems.size()
        + " conflict(s) in the kernel: " + String.join("; ", problems.stream().map(RequestRejectedException.FieldProblem::message).toList()),
        problems);
  }
}
