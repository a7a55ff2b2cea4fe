package io.netagent.shim;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar netagent-cni.jar class-cache}, run by systemd/class-cache.sh with
 * {@code -XX:ArchiveClassesAtExit}: loads the classes of a VERSION and of a forwarded call
 * (against a socket that does not exist, so it touches nothing) and of reading an answer, so
 * that the class cache holds them.
 */
final class ClassCacheRun {
  private ClassCacheRun() {}

  static int run() {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    Shim.run(Map.of("CNI_COMMAND", "VERSION"), stdin("{\"cniVersion\":\"1.0.0\"}"), sink, sink);
    String socket = Path.of(System.getProperty("java.io.tmpdir"), "netagent-cni-class-cache-" + ProcessHandle.current().pid(), "none.sock")
        .toString();
    Shim.run(Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "class-cache", "CNI_IFNAME", "eth0"),
        stdin("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"netagent\",\"socket\":" + Json.quote(socket) + "}"), sink, sink);
    String error = "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"\"}";
    HttpResponse answer = HttpResponse.parse(("HTTP/1.1 400 Bad Request\r\nContent-Length: " + error.length() + "\r\n\r\n" + error)
        .getBytes(StandardCharsets.ISO_8859_1));
    sink.print(Shim.isCniError(answer.bodyText()));
    sink.print(DelSpool.fileName("n", "class-cache", "eth0"));
    return 0;
  }

  private static ByteArrayInputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
