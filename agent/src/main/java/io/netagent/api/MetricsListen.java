package io.netagent.api;

import io.netagent.model.Ipv6Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The address of the metrics listener, {@code 127.0.0.1:PORT} or {@code [::1]:PORT}: a literal
 * loopback address, never a name (nothing is resolved) and never an address other hosts reach,
 * since the metrics listener has no authentication (the systemd unit allows exactly loopback).
 */
public final class MetricsListen {
  private MetricsListen() {}

  /**
   * Reads {@code HOST:PORT} ({@code [HOST]:PORT} for IPv6).
   *
   * @throws IllegalArgumentException saying what is wrong, for the user
   */
  public static InetSocketAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("'" + text + "' is not ADDRESS:PORT (such as 127.0.0.1:9464 or [::1]:9464)");
    }
    String host = text.substring(0, colon);
    String port = text.substring(colon + 1);
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.indexOf(':') >= 0 != bracketed || !host.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("'" + text + "' is not ADDRESS:PORT with a literal address (such as 127.0.0.1:9464 or [::1]:9464)");
    }
    InetAddress address;
    try {
      // A literal: getByName parses it and asks no resolver.
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an IP address");
    }
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(host + " is not a loopback address: metrics are served only on loopback (127.0.0.1, ::1)");
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 1 || number > 65535) {
      throw new IllegalArgumentException("port '" + port + "' is not a number from 1 to 65535");
    }
    return new InetSocketAddress(address, number);
  }

  /** {@code 127.0.0.1:9464}, {@code [::1]:9464} (RFC 5952, not Java's {@code 0:0:0:0:0:0:0:1}). */
  public static String display(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + Ipv6Address.parse(host) + "]" : host) + ":" + address.getPort();
  }
}
