package io.netagent.operations;

import io.netagent.model.NamespaceRef;
import io.netagent.observed.Sysctls;

/** Writes a sysctl under /proc/sys, in the namespace it belongs to. */
public record SetSysctl(NamespaceRef namespace, String key, String value, Reason reason) implements Operation {
  @Override
  public Phase phase() {
    return Sysctls.precedesAddresses(key) ? Phase.SET_LINK_IPV6 : Phase.SET_SYSCTL;
  }

  @Override
  public Action action() {
    return Action.CHANGE;
  }

  @Override
  public String object() {
    return "sysctl " + key + (namespace instanceof NamespaceRef.Host ? "" : " in " + namespace.display());
  }

  @Override
  public String change() {
    return "set " + value;
  }

  @Override
  public String command() {
    return Commands.inNamespace(namespace, "sysctl -w " + key + "=" + value);
  }

  @Override
  public void applyTo(OperationHandler handler) {
    handler.setSysctl(this);
  }
}
