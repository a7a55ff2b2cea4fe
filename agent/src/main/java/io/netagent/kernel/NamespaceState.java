package io.netagent.kernel;

import io.netagent.model.InterfaceName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one network namespace holds, as far as netagent looks: links, IPv4 addresses, IPv4 main
 * table routes, permanent neighbour entries, the FDB entries of {@link FdbEntry}, and the
 * sysctls listed in {@link Sysctls}. Of a container namespace, only links, addresses and routes
 * are read: neighbours, FDB entries and sysctls matter only in the host, and leaving them out
 * saves a thousand containers three requests each.
 */
public record NamespaceState(
    List<Link> links,
    List<Address> addresses,
    List<Route> routes,
    List<Neighbour> neighbours,
    List<FdbEntry> fdb,
    Map<String, String> sysctls) {

  public NamespaceState {
    links = List.copyOf(links);
    addresses = List.copyOf(addresses);
    routes = List.copyOf(routes);
    neighbours = List.copyOf(neighbours);
    fdb = List.copyOf(fdb);
    sysctls = Map.copyOf(sysctls);
  }

  public Optional<Link> link(InterfaceName name) {
    return links.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  public List<Address> addressesOn(InterfaceName link) {
    return addresses.stream().filter(a -> a.link().equals(link)).toList();
  }

  public Optional<String> sysctl(String key) {
    return Optional.ofNullable(sysctls.get(key));
  }
}
