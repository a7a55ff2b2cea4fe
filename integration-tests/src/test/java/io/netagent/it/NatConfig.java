package io.netagent.it;

/**
 * The configuration the NAT tests (and CrashIT) declare, written in one place: network "lab" on
 * bridge {@code b<lab id>} with a /24 subnet, and containers on it that netagent creates in
 * namespaces of the lab, one key a line, each followed by the lines that differ from test to test
 * (its ports) as they are given.
 */
final class NatConfig {
  private NatConfig() {}

  /**
   * {@code networks:} with network "lab" (subnet PREFIX.0/24, gateway PREFIX.1, then
   * {@code networkKeys} inside its braces, e.g. {@code ", masquerade: false"}, or ""), then
   * {@code containers:} and {@code containers}, each one entry such as {@link #container} writes.
   */
  static String yaml(Lab lab, String prefix, String networkKeys, String... containers) {
    StringBuilder yaml = new StringBuilder("""
        networks:
          - { name: lab, bridge: b%1$s, subnet: %2$s.0/24, gateway: %2$s.1%3$s }
        containers:
        """.formatted(lab.id, prefix, networkKeys));
    for (String container : containers) {
      yaml.append(container);
    }
    return yaml.toString();
  }

  /**
   * The entry of container {@code name} on network "lab" with address {@code ip}, in namespace
   * {@code lab.ns(name)}, which netagent creates, with host interface {@code v<lab id>} and the
   * name's last character (c1: {@code v<lab id>1}). Each of {@code lines} follows as a line of the
   * entry, indented as its keys ("" gives a line of that indentation alone).
   */
  static String container(Lab lab, String name, String ip, String... lines) {
    StringBuilder entry = new StringBuilder("""
          - name: %1$s
            network: lab
            namespace: %2$s
            createNamespace: true
            hostInterface: v%3$s%4$s
            ip: %5$s
        """.formatted(name, lab.ns(name), lab.id, name.substring(name.length() - 1), ip));
    for (String line : lines) {
      entry.append("    ").append(line).append('\n');
    }
    return entry.toString();
  }
}
