package io.netagent.shim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the daemon: an HTTP server on a Unix socket that records each request and
 * answers it with fixed bytes (or never, to test the timeout, or by hanging up at once), then
 * closes the connection.
 */
final class StubDaemon implements AutoCloseable {
  private static final byte[] NEVER = new byte[0];
  private static final byte[] HANG_UP = new byte[0];

  private final ServerSocketChannel server;
  private final Path socket;
  private final Thread thread;
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private volatile byte[] answer = NEVER;

  StubDaemon(Path socket) throws IOException {
    this.socket = socket;
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    thread = new Thread(this::serve, "stub-daemon");
    thread.setDaemon(true);
    thread.start();
  }

  Path socket() {
    return socket;
  }

  /** Answers with this status and body, framed by Content-Length. */
  StubDaemon answer(int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return answerRaw("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
        + "\r\nConnection: close\r\n\r\n" + body);
  }

  /** Answers with exactly these bytes (UTF-8); null: never answers. */
  StubDaemon answerRaw(String response) {
    return answerBytes(response == null ? NEVER : response.getBytes(StandardCharsets.UTF_8));
  }

  StubDaemon answerBytes(byte[] response) {
    answer = response;
    return this;
  }

  /** Closes each connection as soon as it is accepted, reading and answering nothing. */
  StubDaemon hangUp() {
    answer = HANG_UP;
    return this;
  }

  /** The next request received (head and body), waiting up to 5 s. */
  String request() throws InterruptedException {
    String request = requests.poll(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the stub daemon received no request");
    }
    return request;
  }

  private void serve() {
    while (server.isOpen()) {
      try (SocketChannel connection = server.accept()) {
        byte[] bytes = answer;
        if (bytes == HANG_UP) {
          continue;
        }
        requests.add(read(connection));
        if (bytes == NEVER) {
          Thread.sleep(60_000);
          continue;
        }
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
          connection.write(out);
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // The shim hung up (an answer too large for it), or the stub is closed.
      }
    }
  }

  private static String read(SocketChannel connection) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (true) {
      String text = received.toString(StandardCharsets.UTF_8);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd >= 0) {
        int length = 0;
        for (String line : text.substring(0, headEnd).split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        if (received.size() >= text.substring(0, headEnd).getBytes(StandardCharsets.UTF_8).length + 4 + length) {
          return text;
        }
      }
      int n = connection.read(buffer.clear());
      if (n < 0) {
        return text;
      }
      received.write(buffer.array(), 0, n);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    thread.interrupt();
  }
}
