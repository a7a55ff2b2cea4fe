package io.netagent.plan;

/**
 * How a plan treats what it cannot act on.
 *
 * @param manageNamespaces whether the plan creates and deletes named namespaces; false when
 *     someone else does (under systemd, the {@code netagent namespaces} step that runs outside
 *     the service's sandbox)
 * @param perOwner false for {@code plan} and {@code apply}: a missing namespace is a conflict,
 *     and any conflict blocks the whole plan (all or nothing). True for the daemon: a container
 *     whose namespace is gone is {@link Absence absent} (its host-side objects are withdrawn),
 *     and a conflict blocks only what belongs to its owner, so one container's problem never
 *     freezes the host
 */
public record PlanPolicy(boolean manageNamespaces, boolean perOwner) {
  /** {@code plan} and {@code apply}: all or nothing, namespaces managed. */
  public static final PlanPolicy ALL_OR_NOTHING = new PlanPolicy(true, false);

  /** The daemon's policy. */
  public static PlanPolicy daemon(boolean manageNamespaces) {
    return new PlanPolicy(manageNamespaces, true);
  }
}
