package io.netagent.kernel;

import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.NamespaceRef;
import io.netagent.model.Protocol;
import java.util.Objects;
import java.util.Optional;

/**
 * A probe packet: the first packet of a connection of {@code protocol} (a TCP SYN, a UDP
 * datagram) from {@code sender}, with source {@code source} when given (else the kernel's choice),
 * to {@code destination} port {@code port}.
 */
public record Probe(IpFamily family, Protocol protocol, Sender sender, Optional<IpAddress> source, IpAddress destination, int port) {
  public Probe {
    Objects.requireNonNull(family);
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(sender);
    Objects.requireNonNull(source);
    Objects.requireNonNull(destination);
  }

  /** Where a probe is sent from. */
  public sealed interface Sender permits InNamespace, Host, Outside {}

  /** From inside a container's namespace. */
  public record InNamespace(NamespaceRef namespace) implements Sender {}

  /** From the host itself (its output hook). */
  public record Host() implements Sender {}

  /**
   * From outside netagent's networks: a throwaway namespace holding {@code address}, joined to
   * the host by a veth pair that exists only as long as the probe.
   */
  public record Outside(IpAddress address) implements Sender {}
}
