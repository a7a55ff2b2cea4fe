package io.netagent.operations;

import io.netagent.model.NamespaceRef;

/** Renders the iproute2/sysctl command line equivalent to an operation, for people to check. */
final class Commands {
  private Commands() {}

  /** {@code ip ARGS} run in {@code namespace}. */
  static String ip(NamespaceRef namespace, String args) {
    if (namespace instanceof NamespaceRef.Named named) {
      return "ip -n " + named.name() + " " + args;
    }
    return inNamespace(namespace, "ip " + args);
  }

  /** Any command run in {@code namespace}. */
  static String inNamespace(NamespaceRef namespace, String command) {
    if (namespace instanceof NamespaceRef.Named named) {
      return "ip netns exec " + named.name() + " " + command;
    }
    if (namespace instanceof NamespaceRef.AtPath path) {
      return "nsenter --net=" + path.path() + " " + command;
    }
    return command;
  }
}
