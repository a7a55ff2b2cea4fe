package io.netagent.kernel.netlink;

import io.netagent.kernel.Probe;
import io.netagent.model.IpAddress;
import io.netagent.model.IpFamily;
import io.netagent.model.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/**
 * The probe's socket, opened (and so living) in the sender's namespace and bound before the
 * trace table exists, so that the table can name its source port. Sending is a non-blocking TCP
 * connect (one SYN) or one UDP datagram; the trace table drops it, which the sender may see as
 * EPERM: that is expected, not a failure.
 */
final class ProbeSocket implements AutoCloseable {
  private final Probe probe;
  private final NetworkChannel channel;
  private final int port;

  private ProbeSocket(Probe probe, NetworkChannel channel, int port) {
    this.probe = probe;
    this.channel = channel;
    this.port = port;
  }

  /** Opens and binds the socket; call it on a thread in the sender's namespace. */
  static ProbeSocket open(Probe probe) {
    StandardProtocolFamily family = probe.family() == IpFamily.IPV4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    try {
      NetworkChannel channel = probe.protocol() == Protocol.TCP ? SocketChannel.open(family) : DatagramChannel.open(family);
      try {
        InetAddress local = probe.source().isPresent() ? inet(probe.source().get())
            : InetAddress.getByAddress(new byte[probe.family() == IpFamily.IPV4 ? 4 : 16]);
        channel.bind(new InetSocketAddress(local, 0));
        return new ProbeSocket(probe, channel, ((InetSocketAddress) channel.getLocalAddress()).getPort());
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the probe's socket", e);
    }
  }

  int port() {
    return port;
  }

  /** Sends the probe's first packet; the kernel's answer to the sender does not matter. */
  void send() {
    InetSocketAddress to = new InetSocketAddress(inet(probe.destination()), probe.port());
    try {
      if (channel instanceof SocketChannel tcp) {
        tcp.configureBlocking(false);
        tcp.connect(to);
      } else {
        ((DatagramChannel) channel).send(ByteBuffer.wrap(new byte[] {'n', 'a'}), to);
      }
    } catch (IOException e) {
      // EPERM from the trace table's drop, or an unreachable route: the trace says what happened.
    }
  }

  private static InetAddress inet(IpAddress address) {
    try {
      return InetAddress.getByAddress(address.toBytes());
    } catch (IOException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes", e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the probe's socket", e);
    }
  }
}
