package io.netagent.shim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One HTTP/1.1 request to the daemon on its Unix socket ({@code Connection: close}), with the
 * JDK's channels only, as the agent's {@code ApiClient} does. The channel blocks; a watchdog
 * thread closes it when the time is up, which is cheaper to start than a selector.
 */
final class DaemonConnection {
  private static final int MAX_RESPONSE = 16 * 1024 * 1024;

  private DaemonConnection() {}

  /**
   * Sends {@code POST target} with a JSON body and returns the answer, whatever its status.
   *
   * @throws DaemonAbsentException when nothing listens on the socket
   * @throws CniError code 5 when the socket may not be used or the exchange fails, 11 on timeout
   */
  static HttpResponse post(String socket, String target, String body, Duration timeout) throws DaemonAbsentException {
    Path path;
    try {
      path = Path.of(socket);
    } catch (InvalidPathException e) {
      throw new CniError(CniError.INVALID_CONFIG, "the network configuration's \"socket\" is not a path: " + socket);
    }
    Watchdog watchdog = null;
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      watchdog = new Watchdog(channel, timeout);
      watchdog.start();
      connect(channel, path, socket);
      byte[] payload = body.getBytes(StandardCharsets.UTF_8);
      String head = "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
          + "Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n";
      byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
      ByteBuffer out = ByteBuffer.allocate(headBytes.length + payload.length).put(headBytes).put(payload).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      byte[] answer = readToEnd(channel);
      try {
        return HttpResponse.parse(answer);
      } catch (IllegalArgumentException e) {
        throw new CniError(CniError.IO_FAILURE, "the netagent daemon at " + socket + " gave an answer that is not HTTP", e.getMessage());
      }
    } catch (IOException e) {
      if (watchdog != null && watchdog.fired) {
        throw new CniError(CniError.TRY_AGAIN_LATER,
            "the netagent daemon at " + socket + " did not answer within "
            + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"));
      }
      throw new CniError(CniError.IO_FAILURE, "the connection to the netagent daemon at " + socket + " failed", String.valueOf(e.getMessage()));
    } finally {
      if (watchdog != null) {
        watchdog.interrupt();
      }
    }
  }

  private static void connect(SocketChannel channel, Path path, String socket) throws IOException, DaemonAbsentException {
    try {
      channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      if (e instanceof ConnectException || Files.notExists(path)) {
        throw new DaemonAbsentException(socket);
      }
      // The JDK reports EACCES only in its message ("Permission denied", a SocketException).
      if (String.valueOf(e.getMessage()).contains("Permission denied")) {
        throw new CniError(CniError.IO_FAILURE, "permission denied on the netagent daemon's socket " + socket
            + " (the plugin must run as root, or in the socket's group)");
      }
      throw e;
    }
  }

  private static byte[] readToEnd(SocketChannel channel) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    while (true) {
      int n = channel.read(buffer.clear());
      if (n < 0) {
        return received.toByteArray();
      }
      received.write(buffer.array(), 0, n);
      if (received.size() > MAX_RESPONSE) {
        throw new CniError(CniError.IO_FAILURE, "the netagent daemon's answer is larger than " + MAX_RESPONSE / (1024 * 1024) + " MiB");
      }
    }
  }

  /** Closes the channel when the time is up; the blocked connect, write or read then fails. */
  private static final class Watchdog extends Thread {
    private final SocketChannel channel;
    private final long millis;
    volatile boolean fired;

    Watchdog(SocketChannel channel, Duration timeout) {
      super("netagent-cni-timeout");
      setDaemon(true);
      this.channel = channel;
      this.millis = timeout.toMillis();
    }

    @Override
    public void run() {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException done) {
        return;
      }
      fired = true;
      try {
        channel.close();
      } catch (IOException e) {
        // The exchange fails anyway, and says it timed out.
      }
    }
  }
}
