package io.netagent.config;

import io.netagent.config.SourceNode.MapNode;
import io.netagent.model.BridgeIpv4;
import io.netagent.model.BridgeIpv6;
import io.netagent.model.DesiredState;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.Ipv6Subnet;
import io.netagent.model.Network;
import io.netagent.model.NatTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a network declared through the live API (a CNI configuration that defines its network
 * inline): a JSON object with the keys of a network in the file, checked by the file's rules
 * ({@link NetworkResolver}) and against the networks and containers already declared. A network
 * of the same name with the same definition is no clash: the caller takes it as already there.
 */
public final class NetworkRequests {
  private NetworkRequests() {}

  /**
   * Checks {@code body} against {@code declared}.
   *
   * @throws AttachmentRequestException with every problem, located in the body (INVALID), or
   *     naming what it clashes with (CLASH)
   */
  public static Network resolve(String body, DesiredState declared) {
    Problems problems = new Problems(AttachmentRequests.SOURCE);
    Optional<SourceNode> root = SourceParser.parse(body, true, problems);
    if (root.isEmpty() || !(root.get() instanceof MapNode)) {
      root.ifPresent(r -> problems.add(r.location(), "", "a network must be a JSON object, not " + r.describe()));
      throw new AttachmentRequestException(AttachmentRequestException.Why.INVALID, problems.list());
    }
    Convert convert = new Convert(problems);
    Optional<NetworkSpec> spec = Fields.of(root.get(), "", "a network", Schema.NETWORK, problems).flatMap(f -> NetworkResolver.resolve(f, convert));
    if (!problems.isEmpty() || spec.isEmpty()) {
      throw new AttachmentRequestException(AttachmentRequestException.Why.INVALID, problems.list());
    }
    NetworkSpec s = spec.get();
    Network network = new Network(s.name().value(), s.bridge().withNat(NatTable.of(s.bridge().nat().sourceNat())), s.allocate(),
        s.allocate6(), s.isolated());
    List<String> clashes = new ArrayList<>();
    for (Network other : declared.networks()) {
      if (other.name().equals(network.name())) {
        if (!other.sameDefinition(network)) {
          clashes.add("network " + network.name() + " is already declared with another definition");
        }
        continue;
      }
      if (other.bridge().name().equals(network.bridge().name())) {
        clashes.add("bridge " + network.bridge().name() + " is already used by network " + other.name());
      }
      Optional<Ipv4Subnet> mine = network.bridge().ipv4().map(BridgeIpv4::subnet);
      Optional<Ipv4Subnet> theirs = other.bridge().ipv4().map(BridgeIpv4::subnet);
      if (mine.isPresent() && theirs.isPresent() && mine.get().overlaps(theirs.get())) {
        clashes.add("subnet " + mine.get() + " overlaps subnet " + theirs.get() + " of network " + other.name());
      }
      Optional<Ipv6Subnet> mine6 = network.bridge().ipv6().map(BridgeIpv6::subnet);
      Optional<Ipv6Subnet> theirs6 = other.bridge().ipv6().map(BridgeIpv6::subnet);
      if (mine6.isPresent() && theirs6.isPresent() && mine6.get().overlaps(theirs6.get())) {
        clashes.add("subnet6 " + mine6.get() + " overlaps subnet6 " + theirs6.get() + " of network " + other.name());
      }
    }
    declared.containers().stream().filter(c -> c.veth().host().name().equals(network.bridge().name()))
        .forEach(c -> clashes.add("bridge " + network.bridge().name() + " is the host interface of container " + c.name()));
    if (!clashes.isEmpty()) {
      clashes.forEach(c -> problems.add(Location.FILE, "", c));
      throw new AttachmentRequestException(AttachmentRequestException.Why.CLASH, problems.list());
    }
    return network;
  }
}
