package io.netagent.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netagent.daemon.RequestRejectedException.FieldProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the daemon's live API: one HTTP/1.1 request per connection on the Unix socket
 * ({@code Connection: close}), written and read with the JDK's own channels. No HTTP library,
 * so that a command (and the CNI plugin to come) starts in a few milliseconds more, not
 * Jetty's hundreds.
 */
public final class ApiClient {
  private static final int MAX_RESPONSE = 64 * 1024 * 1024;

  private final Path socket;
  private final Duration timeout;

  public ApiClient(Path socket) {
    this(socket, ApiProtocol.CLIENT_TIMEOUT);
  }

  ApiClient(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  public Path socket() {
    return socket;
  }

  /** {@code text} as one path segment: every byte but letters, digits and {@code -._~} percent-encoded. */
  public static String segment(String text) {
    StringBuilder sb = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  /**
   * Sends one request and returns the answer, whatever its status.
   *
   * @param target the path and query, such as {@code /plan?format=text}
   * @param body a JSON body, or null for none
   * @throws DaemonNotRunningException when nothing listens on the socket
   * @throws ApiAccessDeniedException when this user may not connect to it
   */
  public ApiResponse exchange(String method, String target, String body) {
    try (SocketChannel channel = connect()) {
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: localhost\r\nConnection: close\r\nAccept: application/json, text/plain\r\n");
      if (body != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
      }
      head.append("\r\n");
      ByteBuffer out = ByteBuffer.allocate(head.length() + payload.length);
      out.put(head.toString().getBytes(StandardCharsets.ISO_8859_1)).put(payload).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      return ResponseParser.parse(readToEnd(channel));
    } catch (IOException e) {
      throw new UncheckedIOException("the connection to the netagent daemon at " + socket + " failed", e);
    }
  }

  /**
   * Sends one request; an error status becomes an {@link ApiRequestException} with the daemon's
   * message and problems.
   */
  public ApiResponse call(String method, String target, String body) {
    ApiResponse response = exchange(method, target, body);
    if (response.status() >= 400) {
      throw error(response);
    }
    return response;
  }

  private SocketChannel connect() {
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      return channel;
    } catch (IOException e) {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw unreachable(e);
    }
  }

  /**
   * Why the connection failed, in the user's terms. The JDK says EACCES only in its message
   * ("Permission denied", as a BindException on Linux), so that text is matched here, once.
   */
  RuntimeException unreachable(IOException e) {
    if (e instanceof ConnectException || Files.notExists(socket)) {
      return new DaemonNotRunningException(socket);
    }
    if (String.valueOf(e.getMessage()).contains("Permission denied")) {
      return new ApiAccessDeniedException(socket, whose());
    }
    return new UncheckedIOException("cannot connect to " + socket, e);
  }

  /** Who may connect: root, and the socket's group when it may write to it. */
  private String whose() {
    try {
      PosixFileAttributes attributes = Files.readAttributes(socket, PosixFileAttributes.class);
      return attributes.permissions().contains(PosixFilePermission.GROUP_WRITE) ? "root and the group " + attributes.group().getName()
          : "root";
    } catch (IOException | UnsupportedOperationException e) {
      return "root";
    }
  }

  private byte[] readToEnd(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ApiProtocolException("the netagent daemon at " + socket + " did not answer within " + timeout.toSeconds() + " s");
        }
        selector.select(Math.max(1, left / 1_000_000));
        int n = channel.read(buffer.clear());
        if (n < 0) {
          return received.toByteArray();
        }
        received.write(buffer.array(), 0, n);
        if (received.size() > MAX_RESPONSE) {
          throw new ApiProtocolException("the netagent daemon's answer is larger than " + MAX_RESPONSE / (1024 * 1024) + " MiB");
        }
      }
    }
  }

  private static ApiRequestException error(ApiResponse response) {
    JsonNode error;
    try {
      error = response.json().path("error");
    } catch (ApiProtocolException notJson) {
      return new ApiRequestException(response.status(), "the daemon answered " + response.status() + ": " + response.body().strip(), List.of());
    }
    List<FieldProblem> problems = new ArrayList<>();
    for (JsonNode p : error.path("problems")) {
      problems.add(new FieldProblem(p.path("field").asText(""), p.path("message").asText("")));
    }
    String message = error.path("message").asText("the daemon answered " + response.status());
    return new ApiRequestException(response.status(), message, problems);
  }
}
