package io.netagent.observed;

import io.netagent.model.InterfaceName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one network namespace holds, as far as netagent looks: links, addresses and main table
 * routes of both families, permanent and proxy neighbour entries, the FDB entries of {@link FdbEntry}, and the
 * sysctls listed in {@link Sysctls}. Of a container namespace, only links, addresses and routes
 * are read: neighbours, FDB entries and sysctls matter only in the host, and leaving them out
 * saves a thousand containers three requests each.
 */
public final class NamespaceState {
  private final List<Link> links;
  private final List<Address> addresses;
  private final List<Route> routes;
  private final List<Neighbour> neighbours;
  private final List<ProxyNeighbour> proxies;
  private final List<FdbEntry> fdb;
  private final Map<String, String> sysctls;
  /** The planner looks links up by name for every container: a map keeps a thousand of them linear. */
  private final Map<InterfaceName, Link> byName = new HashMap<>();

  public NamespaceState(List<Link> links, List<Address> addresses, List<Route> routes, List<Neighbour> neighbours,
      List<ProxyNeighbour> proxies, List<FdbEntry> fdb, Map<String, String> sysctls) {
    this.links = List.copyOf(links);
    this.addresses = List.copyOf(addresses);
    this.routes = List.copyOf(routes);
    this.neighbours = List.copyOf(neighbours);
    this.proxies = List.copyOf(proxies);
    this.fdb = List.copyOf(fdb);
    this.sysctls = Map.copyOf(sysctls);
    for (Link l : this.links) {
      byName.putIfAbsent(l.name(), l);
    }
  }

  public List<Link> links() {
    return links;
  }

  public List<Address> addresses() {
    return addresses;
  }

  public List<Route> routes() {
    return routes;
  }

  public List<Neighbour> neighbours() {
    return neighbours;
  }

  public List<ProxyNeighbour> proxies() {
    return proxies;
  }

  public List<FdbEntry> fdb() {
    return fdb;
  }

  public Map<String, String> sysctls() {
    return sysctls;
  }

  public Optional<Link> link(InterfaceName name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<Address> addressesOn(InterfaceName link) {
    return addresses.stream().filter(a -> a.link().equals(link)).toList();
  }

  public Optional<String> sysctl(String key) {
    return Optional.ofNullable(sysctls.get(key));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamespaceState s && links.equals(s.links) && addresses.equals(s.addresses) && routes.equals(s.routes)
        && neighbours.equals(s.neighbours) && proxies.equals(s.proxies) && fdb.equals(s.fdb) && sysctls.equals(s.sysctls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(links, addresses, routes, neighbours, proxies, fdb, sysctls);
  }

  @Override
  public String toString() {
    return "NamespaceState[links=" + links + ", addresses=" + addresses + ", routes=" + routes + ", neighbours=" + neighbours
        + ", proxies=" + proxies + ", fdb=" + fdb + ", sysctls=" + sysctls + "]";
  }
}
