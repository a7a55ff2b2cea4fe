package io.netagent.kernel;

import io.netagent.model.NamespaceRef;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one {@link Kernel#observe} reads: the host namespace always, the namespaces asked for,
 * those netagent created, and how much of them.
 *
 * @param namespaces the container namespaces to read (those that exist); the host is always read
 * @param extent how much to read
 */
public record Scope(Set<NamespaceRef> namespaces, Extent extent) {

  /** How much of the kernel an observation must show. */
  public enum Extent {
    /** Everything, read afresh: for one-shot commands and the daemon's periodic resync. */
    WHOLE,
    /**
     * Everything, but what the kernel's notifications (see {@link Kernel#watch}) show unchanged
     * since an earlier read may be taken from that read: for the daemon's passes that a
     * notification or a reload started.
     */
    CHANGES,
    /**
     * What a teardown plan looks at: the namespaces netagent created may be shown empty (deleting
     * one removes everything in it), and of the host only links, routes and the NAT table.
     */
    TEARDOWN
  }

  public Scope {
    // Not Set.copyOf: its open addressing probes long runs for names that differ only in a number (see ObservedState).
    namespaces = Collections.unmodifiableSet(new LinkedHashSet<>(namespaces));
  }

  public static Scope whole(Set<NamespaceRef> namespaces) {
    return new Scope(namespaces, Extent.WHOLE);
  }

  public static Scope changes(Set<NamespaceRef> namespaces) {
    return new Scope(namespaces, Extent.CHANGES);
  }

  public static Scope teardown(Set<NamespaceRef> namespaces) {
    return new Scope(namespaces, Extent.TEARDOWN);
  }
}
