package io.netagent.operations;

import io.netagent.model.NamespaceRef;
import java.util.List;

/**
 * Deletes several named namespaces netagent created, at once: planned in place of their
 * {@link DeleteNamespace} operations, so that a teardown of a thousand containers shows one line
 * for their namespaces, as for their links ({@link DeleteLinkGroup}).
 */
public record DeleteNamespaces(List<NamespaceRef.Named> namespaces, Reason reason) implements Operation {
  public DeleteNamespaces {
    namespaces = List.copyOf(namespaces);
    if (namespaces.size() < 2) {
      throw new IllegalArgumentException("a batch of namespaces to delete has two or more: " + namespaces);
    }
  }

  /** The mount table the namespaces are bound in is the host's. */
  @Override
  public NamespaceRef namespace() {
    return NamespaceRef.HOST;
  }

  @Override
  public Phase phase() {
    return Phase.DELETE_NAMESPACE;
  }

  @Override
  public Action action() {
    return Action.DELETE;
  }

  @Override
  public String object() {
    return namespaces.size() + " namespaces (" + Shown.firstFew(namespaces.stream().map(NamespaceRef.Named::name).toList()) + ")";
  }

  @Override
  public String command() {
    return "ip -batch - <<< '" + String.join("; ", namespaces.stream().map(ns -> "netns del " + ns.name()).toList()) + "'";
  }

  /**
   * Deletes each in turn; when some cannot be deleted, the others still are, and the first
   * refusal is thrown (with the later ones suppressed in it).
   */
  @Override
  public void applyTo(OperationHandler handler) {
    RuntimeException first = null;
    for (NamespaceRef.Named ns : namespaces) {
      try {
        handler.deleteNamespace(new DeleteNamespace(ns, reason));
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
