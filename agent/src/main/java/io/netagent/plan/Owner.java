package io.netagent.plan;

/**
 * Whom an operation or a conflict of a plan belongs to, as the planner knew when it planned it: a
 * declared network or container, the host's own settings, the NAT table all networks share, or
 * nothing declared (netagent's own leftovers, being removed). A status report groups by it, and
 * a conflict blocks what it belongs to.
 */
public sealed interface Owner {
  /** The host-wide settings netagent needs (IPv4 forwarding). */
  Owner HOST = new HostSettings();
  /** netagent's nftables table, which every declared network shares. */
  Owner NAT_TABLE = new NatTable();
  /** Something netagent owns that the configuration does not (or no longer) declare. */
  Owner UNDECLARED = new Undeclared();

  static Owner network(String name) {
    return new Network(name);
  }

  static Owner container(String name) {
    return new Container(name);
  }

  /** A declared network: its bridge, the bridge's address, its ARP proxy entries. */
  record Network(String name) implements Owner {
    @Override
    public String toString() {
      return "network " + name;
    }
  }

  /** A declared container: its namespace, veth pair, address, route, neighbour and FDB entries. */
  record Container(String name) implements Owner {
    @Override
    public String toString() {
      return "container " + name;
    }
  }

  /** See {@link #HOST}. */
  record HostSettings() implements Owner {
    @Override
    public String toString() {
      return "host settings";
    }
  }

  /** See {@link #NAT_TABLE}. */
  record NatTable() implements Owner {
    @Override
    public String toString() {
      return "nat table";
    }
  }

  /** See {@link #UNDECLARED}. */
  record Undeclared() implements Owner {
    @Override
    public String toString() {
      return "not declared";
    }
  }
}
