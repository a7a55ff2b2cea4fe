package io.netagent.trace;

import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.ModelException;
import io.netagent.trace.FamilyView.Net;
import java.util.Optional;

/**
 * Resolves a {@link TraceQuery}'s FROM and TO against the configuration into a {@link Packet}.
 *
 * <p>{@code host} as a destination is the host's address the sender would use: a container's (or
 * a network address's) own gateway; from the outside or the host itself, the given host address
 * ({@code --host-address}), else the first network's gateway (by bridge name). {@code host} as a
 * source sends from the address the kernel picks for the destination: the destination itself when
 * it is the host's, the gateway of the network it is on, and otherwise the host's address toward
 * the outside, which the model does not know.
 */
public final class Sides {
  private Sides() {}

  /**
   * The packet {@code query} asks about.
   *
   * @throws TraceInputException naming the unknown container, the family a side lacks, or two
   *     addresses of different families
   */
  public static Packet resolve(DesiredState desired, TraceQuery query, Places places) {
    IpFamily family = family(query, places);
    FamilyView view = new FamilyView(desired, family);
    Side from = side(view, query.from(), places, Optional.empty());
    Side to = side(view, query.to(), places, Optional.of(from));
    if (from.kind() == Side.Kind.HOST && from.address().isEmpty()) {
      from = new Side(Side.Kind.HOST, hostSource(view, to.address().orElseThrow(), places), Optional.empty(), Optional.empty(), from.word());
    }
    return new Packet(query.protocol(), family, from, to, query.port());
  }

  private static IpFamily family(TraceQuery query, Places places) {
    Optional<IpFamily> from = literal(query.from()).map(IpAddress::family);
    Optional<IpFamily> to = literal(query.to()).map(IpAddress::family);
    if (from.isPresent() && to.isPresent() && from.get() != to.get()) {
      throw new TraceInputException(query.from() + " is an " + from.get() + " address and " + query.to() + " an " + to.get()
          + " address: a packet has one family");
    }
    Optional<IpFamily> said = from.or(() -> to);
    if (said.isPresent() && places.family().isPresent() && places.family().get() != said.get()) {
      throw new TraceInputException("-6 asks for IPv6, but " + (from.isPresent() ? query.from() : query.to()) + " is an IPv4 address");
    }
    return said.or(places::family).orElse(IpFamily.IPV4);
  }

  private static Optional<IpAddress> literal(String word) {
    if (!word.matches("[0-9a-fA-F.:]+") || word.indexOf('.') < 0 && word.indexOf(':') < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(IpAddress.parse(word));
    } catch (ModelException e) {
      throw new TraceInputException("\"" + word + "\" is not an address: " + e.getMessage());
    }
  }

  private static Side side(FamilyView view, String word, Places places, Optional<Side> sender) {
    Optional<IpAddress> literal = literal(word);
    if (literal.isPresent()) {
      return ofAddress(view, literal.get(), places, word);
    }
    switch (word) {
      case "host":
        return sender.isEmpty() ? new Side(Side.Kind.HOST, Optional.empty(), Optional.empty(), Optional.empty(), word)
            : new Side(Side.Kind.HOST, Optional.of(hostDestination(view, sender.get(), places)), Optional.empty(), Optional.empty(), word);
      case "outside":
        return new Side(Side.Kind.OUTSIDE, Optional.of(places.outside(view.family)), Optional.empty(), Optional.empty(), word);
      default:
        Container c = view.container(word).orElseThrow(() -> new TraceInputException("unknown container \"" + word + "\": give a container "
            + "of the configuration (" + (view.containerNames().isEmpty() ? "it declares none" : String.join(", ", view.containerNames()))
            + "), an address, host or outside"));
        IpAddress address = view.address(c).orElseThrow(() -> new TraceInputException("container " + word + " has no " + view.family
            + " address (its network " + c.network() + " has no " + view.family + ")"));
        return new Side(Side.Kind.CONTAINER, Optional.of(address), Optional.of(c), view.netNamed(c.network()).map(Net::network), word);
    }
  }

  private static Side ofAddress(FamilyView view, IpAddress address, Places places, String word) {
    Optional<Container> c = view.containerAt(address);
    if (c.isPresent()) {
      return new Side(Side.Kind.CONTAINER, Optional.of(address), c, view.netNamed(c.get().network()).map(Net::network), word);
    }
    if (Locality.isLocal(view, address, places)) {
      return new Side(Side.Kind.HOST, Optional.of(address), Optional.empty(), Optional.empty(), word);
    }
    Optional<Net> net = view.netOf(address);
    if (net.isPresent()) {
      return new Side(Side.Kind.NETWORK, Optional.of(address), Optional.empty(), Optional.of(net.get().network()), word);
    }
    return new Side(Side.Kind.OUTSIDE, Optional.of(address), Optional.empty(), Optional.empty(), word);
  }

  private static IpAddress hostDestination(FamilyView view, Side sender, Places places) {
    if (sender.network().isPresent()) {
      return view.netNamed(sender.network().get().name()).orElseThrow().gateway();
    }
    return places.host(view.family).or(() -> view.networks.stream().findFirst().map(Net::gateway))
        .orElseThrow(() -> new TraceInputException("host: no network has " + view.family + ", so the host has no address the model knows "
            + "(give one with --host-address)"));
  }

  private static Optional<IpAddress> hostSource(FamilyView view, IpAddress destination, Places places) {
    if (Locality.isLocal(view, destination, places)) {
      return Optional.of(destination);
    }
    return view.netOf(destination).map(Net::gateway);
  }
}
