package io.netagent.kernel.netlink;

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
import java.util.Optional;

/**
 * A socket that sends one probe packet, for the data-plane probe and for packet trace: opened
 * (and so living) in the namespace of the thread that opens it, bound to a source port of its
 * own, and sending either one UDP datagram or a non-blocking TCP connect, whose SYN is the probe.
 */
final class ProbeSocket implements AutoCloseable {
  private final NetworkChannel channel;
  private final int port;

  private ProbeSocket(NetworkChannel channel, int port) {
    this.channel = channel;
    this.port = port;
  }

  /**
   * Opens a socket of {@code family} and {@code protocol} bound to {@code source} (the wildcard
   * address when empty) and {@code port} (0: one the kernel picks); call it on a thread in the
   * sender's namespace.
   *
   * @throws java.net.BindException when the port is taken
   */
  static ProbeSocket bind(IpFamily family, Protocol protocol, Optional<IpAddress> source, int port) throws IOException {
    StandardProtocolFamily jdkFamily = family == IpFamily.IPV4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    NetworkChannel channel = protocol == Protocol.TCP ? SocketChannel.open(jdkFamily) : DatagramChannel.open(jdkFamily);
    try {
      InetAddress local = source.isPresent() ? inet(source.get()) : InetAddress.getByAddress(new byte[family == IpFamily.IPV4 ? 4 : 16]);
      channel.bind(new InetSocketAddress(local, port));
      return new ProbeSocket(channel, ((InetSocketAddress) channel.getLocalAddress()).getPort());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The source port the socket is bound to. */
  int port() {
    return port;
  }

  /** Sends the probe: {@code payload} in one datagram, or a TCP connect that does not wait for its answer. */
  void send(IpAddress destination, int destinationPort, byte[] payload) throws IOException {
    InetSocketAddress to = new InetSocketAddress(inet(destination), destinationPort);
    if (channel instanceof SocketChannel tcp) {
      tcp.configureBlocking(false);
      tcp.connect(to);
    } else {
      ((DatagramChannel) channel).send(ByteBuffer.wrap(payload), to);
    }
  }

  private static InetAddress inet(IpAddress address) {
    try {
      return InetAddress.getByAddress(address.toBytes());
    } catch (IOException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes", e);
    }
  }

  /** Closes the socket; a socket that only ever sent one packet loses nothing by a failed close. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the probe's socket", e);
    }
  }
}
