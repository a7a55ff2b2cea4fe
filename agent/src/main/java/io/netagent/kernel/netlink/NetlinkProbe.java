package io.netagent.kernel.netlink;

import io.netagent.kernel.DataPlaneProbe;
import io.netagent.kernel.ForeignDrop;
import io.netagent.kernel.ProbeDelivery;
import io.netagent.kernel.ProbeLink;
import io.netagent.kernel.ProbePacket;
import io.netagent.kernel.ProbePlace;
import io.netagent.kernel.nft.ForwardDrops;
import io.netagent.linux.Errno;
import io.netagent.linux.NamespaceThread;
import io.netagent.linux.PacketSocket;
import io.netagent.linux.Syscalls;
import io.netagent.linux.SystemCallException;
import io.netagent.linux.netlink.NetlinkException;
import io.netagent.linux.nftables.Nftables;
import io.netagent.linux.nftables.NftablesException;
import io.netagent.model.InterfaceName;
import io.netagent.model.IpFamily;
import io.netagent.model.Ipv6Address;
import io.netagent.model.NamespaceRef;
import io.netagent.observed.Sysctls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real {@link DataPlaneProbe}: packets sent with JDK sockets opened on a thread inside the
 * sending namespace (a socket belongs to the namespace it was opened in), captured with a packet
 * socket opened inside the receiving namespace, so no application needs to run in a container.
 * Every thread, socket and the probe link are closed or removed before {@link #deliver} returns.
 */
public final class NetlinkProbe implements DataPlaneProbe {
  /** How long a packet may take to arrive: generous, since ARP may have to resolve the container first. */
  static final Duration WAIT = Duration.ofSeconds(2);
  /** How long one recv(2) blocks, so that the deadline is looked at between packets. */
  private static final int RECV_MILLIS = 200;
  private static final int BIND_TRIES = 8;

  private final Path hostFile;

  private NetlinkProbe(Path hostFile) {
    this.hostFile = hostFile;
  }

  /** Probes the namespace this process runs in as the host. */
  public static NetlinkProbe open() {
    return new NetlinkProbe(NamespaceSession.SELF);
  }

  /**
   * Sends every packet, each watched for by a capture opened before it is sent, and only then
   * waits for them all until one shared deadline: a run takes about {@link #WAIT} however many
   * packets are lost, which keeps the daemon's loop (and its watchdog) going.
   */
  @Override
  public List<ProbeDelivery> deliver(ProbeLink link, List<ProbePacket> packets) {
    Map<NamespaceRef, NamespaceThread> threads = new HashMap<>();
    NamespaceThread host = NamespaceThread.host();
    threads.put(NamespaceRef.HOST, host);
    InterfaceName hostEnd = ProbeLinks.hostEndName();
    List<InFlight> flights = new ArrayList<>();
    try (OutsidePair pair = ProbeLinks.open(hostEnd)) {
      try {
        ProbeLinks.configure(link, pair, host);
        pair.awaitUp();
        for (ProbePacket packet : packets) {
          flights.add(start(packet, threads, pair.outside()));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        return flights.stream().map(f -> f.failure != null ? f.failure : await(f, deadline)).toList();
      } finally {
        flights.forEach(InFlight::close);
      }
    } catch (NetlinkException | SystemCallException e) {
      throw KernelErrors.refused("probe link " + hostEnd + " (" + link.subnet() + ")", e);
    } finally {
      threads.values().forEach(NamespaceThread::close);
    }
  }

  /** One packet sent and watched for: its capture and socket, open until closed; or why it could not be. */
  private static final class InFlight {
    final ProbePacket packet;
    final byte[] token = new byte[16];
    int fd = -1;
    ProbeSocket socket;
    ProbeDelivery failure;

    InFlight(ProbePacket packet) {
      this.packet = packet;
      ThreadLocalRandom.current().nextBytes(token);
    }

    void close() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (UncheckedIOException e) {
        // Closing a socket that was only ever used to send one packet: nothing is lost.
      } finally {
        if (fd >= 0) {
          Syscalls.close(fd);
        }
      }
    }
  }

  private InFlight start(ProbePacket packet, Map<NamespaceRef, NamespaceThread> threads, NamespaceThread outside) {
    InFlight flight = new InFlight(packet);
    NamespaceThread sender;
    try {
      NamespaceThread capturer = thread(packet.at(), threads, outside);
      InterfaceName watched = packet.at() instanceof ProbePlace.At at ? at.link() : ProbeLinks.OUTSIDE_END;
      flight.fd = capturer.call(() -> PacketSocket.capture(Syscalls.interfaceIndex(watched.value()), RECV_MILLIS));
      sender = thread(packet.from(), threads, outside);
    } catch (SystemCallException e) {
      flight.failure = ProbeDelivery.failed("cannot watch " + packet.at() + ": " + e.getMessage());
      return flight;
    }
    try {
      flight.socket = sender.call(() -> send(packet, flight.token));
    } catch (UncheckedIOException e) {
      flight.failure = ProbeDelivery.failed("cannot send from " + placeName(packet.from()) + ": " + e.getCause().getMessage());
    }
    return flight;
  }

  private static String placeName(ProbePlace place) {
    return place instanceof ProbePlace.At at ? (at.namespace() instanceof NamespaceRef.Host ? "the host" : at.namespace().display())
        : place.toString();
  }

  /** The thread inside {@code place}'s namespace, entered on first use. */
  private NamespaceThread thread(ProbePlace place, Map<NamespaceRef, NamespaceThread> threads, NamespaceThread outside) {
    if (!(place instanceof ProbePlace.At at)) {
      return outside;
    }
    NamespaceThread thread = threads.get(at.namespace());
    if (thread == null) {
      thread = NamespaceThread.enter(at.namespace().display(), NamespaceSession.fileOf(at.namespace(), hostFile));
      threads.put(at.namespace(), thread);
    }
    return thread;
  }

  /**
   * Sends the packet from a source port of its own (a random one, so that its conntrack entry
   * cannot be mistaken for, or disturb, anyone else's flow): a UDP datagram carrying
   * {@code token}, or a TCP SYN. Returns the socket, which the caller closes once the packet
   * arrived or the wait is over.
   */
  private static ProbeSocket send(ProbePacket packet, byte[] token) {
    IpFamily family = packet.to() instanceof Ipv6Address ? IpFamily.IPV6 : IpFamily.IPV4;
    for (int attempt = 1; ; attempt++) {
      int port = 32768 + ThreadLocalRandom.current().nextInt(28232);
      try {
        ProbeSocket socket = ProbeSocket.bind(family, packet.protocol(), Optional.empty(), port);
        try {
          socket.send(packet.to(), packet.port(), token);
          return socket;
        } catch (IOException | RuntimeException e) {
          socket.close();
          throw e;
        }
      } catch (BindException e) {
        if (attempt == BIND_TRIES) {
          throw new UncheckedIOException(e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Reads what the capture saw and sees until the probe's packet passes or {@code deadline} (System.nanoTime) is over. */
  private static ProbeDelivery await(InFlight flight, long deadline) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
    int fd = flight.fd;
    ProbePacket packet = flight.packet;
    int sourcePort = flight.socket.port();
    byte[] token = flight.token;
    while (true) {
      // Past the deadline, only what is queued already is read.
      boolean late = System.nanoTime() >= deadline;
      buffer.clear();
      int length;
      try {
        length = Syscalls.recvOrTimeout(fd, buffer, late ? Syscalls.MSG_DONTWAIT : 0);
      } catch (SystemCallException e) {
        // A packet socket bound to an interface that is (or goes) down fails with ENETDOWN.
        if (e.errno() == Errno.ENETDOWN) {
          return ProbeDelivery.failed(packet.at() + " is down");
        }
        throw e;
      }
      if (length < 0) {
        if (late) {
          return ProbeDelivery.lost();
        }
        continue;
      }
      Optional<CapturedPacket> seen = CapturedPacket.parse(buffer, Math.min(length, buffer.capacity()))
          .filter(p -> p.isProbe(packet.protocol(), packet.arrivesTo(), packet.arrivesPort(), sourcePort, token));
      if (seen.isPresent()) {
        return ProbeDelivery.arrived(seen.get().source());
      }
    }
  }

  @Override
  public List<ForeignDrop> foreignForwardDrops() {
    try {
      return inHost(() -> {
        try (Nftables nft = Nftables.open()) {
          return ForwardDrops.in(nft.run("list ruleset"));
        }
      });
    } catch (NftablesException e) {
      throw KernelErrors.refused("nft list ruleset", e);
    }
  }

  @Override
  public Map<String, String> forwarding(List<String> devices) {
    return inHost(() -> {
      Map<String, String> values = new LinkedHashMap<>();
      devices.forEach(d -> ProcSys.read(Sysctls.ipv4Forwarding(d)).ifPresent(v -> values.put(d, v)));
      return values;
    });
  }

  /** Runs {@code task} on a thread of the host namespace (libnftables and /proc/sys follow the calling thread's). */
  private static <T> T inHost(Callable<T> task) {
    NamespaceThread host = NamespaceThread.host();
    try {
      return host.call(task);
    } finally {
      host.close();
    }
  }
}
