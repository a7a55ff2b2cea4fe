package io.netagent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netagent.model.Ipv6Address;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Real traffic for the NAT tests: an "outside" namespace joined to the lab's host by a veth pair
 * that plays the uplink, socat servers, and clients. The clients are this class's {@link #main}
 * run with {@code ip netns exec NS java} (a JVM cannot put one of its own sockets into another
 * namespace): a one-shot TCP or UDP exchange, a loop of short TCP connections, and one UDP flow
 * (a fixed source port) sending a datagram at a time.
 */
final class NatTraffic {
  /** The host's address on the uplink. */
  static final String HOST_IP = "192.0.2.1";
  /** The outside namespace's address on the uplink. */
  static final String OUTSIDE_IP = "192.0.2.2";
  /** What a client prints for an exchange that got an answer. */
  static final String REPLY = "reply ";

  private static final long BOUND_MS = TimeUnit.SECONDS.toMillis(60);

  private NatTraffic() {}

  /**
   * Creates namespace {@code o} of the lab and the uplink: {@code uLABID} 192.0.2.1/24 in the
   * host namespace, {@code eth0} 192.0.2.2/24 in {@code o} with a default route via 192.0.2.1.
   *
   * @return the outside namespace's name
   */
  static String uplink(Lab lab) {
    String outside = lab.addNs("o");
    String uplink = uplink(lab.id);
    Sh.ok("ip", "-n", lab.host, "link", "add", uplink, "type", "veth", "peer", "name", "eth0", "netns", outside);
    Sh.ok("ip", "-n", lab.host, "addr", "add", HOST_IP + "/24", "dev", uplink);
    Sh.ok("ip", "-n", lab.host, "link", "set", uplink, "up");
    Sh.ok("ip", "-n", outside, "addr", "add", OUTSIDE_IP + "/24", "dev", "eth0");
    Sh.ok("ip", "-n", outside, "link", "set", "eth0", "up");
    Sh.ok("ip", "-n", outside, "route", "add", "default", "via", HOST_IP);
    return outside;
  }

  /** The host end of the uplink. */
  static String uplink(String labId) {
    return "u" + labId;
  }

  /** Starts {@code socat TCP-LISTEN:PORT,fork SYSTEM:'SHELL'} in {@code ns} and waits until it listens. */
  static Process tcpServer(Lab lab, String ns, int port, String shell) {
    return server(lab, ns, "-ltn", port, "TCP-LISTEN:" + port + ",fork,reuseaddr,backlog=128", shell);
  }

  /** {@link #tcpServer} on {@code [::]:PORT}: {@code $SOCAT_PEERADDR} is then written {@code [0000:...:0001]} (see {@link #peer6}). */
  static Process tcpServer6(Lab lab, String ns, int port, String shell) {
    return server(lab, ns, "-ltn", port, "TCP6-LISTEN:" + port + ",fork,reuseaddr,backlog=128", shell);
  }

  /**
   * Starts {@code socat UDP-RECVFROM:PORT,fork SYSTEM:'SHELL'} in {@code ns} and waits until it is
   * bound. {@code shell} must read the datagram (one line: {@code read x}) before it answers:
   * socat writes the datagram to the shell, and if the shell has already exited that write fails
   * (EPIPE) and socat drops the answer.
   */
  static Process udpServer(Lab lab, String ns, int port, String shell) {
    return server(lab, ns, "-lun", port, "UDP-RECVFROM:" + port + ",fork", shell);
  }

  /** {@link #udpServer} on {@code [::]:PORT}. */
  static Process udpServer6(Lab lab, String ns, int port, String shell) {
    return server(lab, ns, "-lun", port, "UDP6-RECVFROM:" + port + ",fork", shell);
  }

  private static Process server(Lab lab, String ns, String ssFlags, int port, String address, String shell) {
    Process p = lab.spawn(ns, "socat", address, "SYSTEM:" + shell);
    awaitBound(lab, ns, ssFlags, port, p);
    return p;
  }

  /** An IPv6 {@code $SOCAT_PEERADDR} as socat writes it ({@code [0000:...:0001]}) in RFC 5952 form ({@code ::1}). */
  static String peer6(String socatAddress) {
    return Ipv6Address.parse(socatAddress.replace("[", "").replace("]", "")).toString();
  }

  /** Waits until something in {@code ns} listens on (flags -ltn) or is bound to (-lun) {@code port}; fails if {@code server} dies. */
  static void awaitBound(Lab lab, String ns, String flags, int port, Process server) {
    long deadline = System.currentTimeMillis() + BOUND_MS;
    while (true) {
      String out = lab.ok(ns, "ss", "-H", flags, "sport = :" + port);
      if (!out.isBlank()) {
        return;
      }
      assertThat(server.isAlive()).as("the server on port %d in %s is running", port, ns).isTrue();
      assertThat(System.currentTimeMillis()).as("server on port %d in %s listening within %d ms", port, ns, BOUND_MS).isLessThan(deadline);
      sleep(100);
    }
  }

  /** One TCP connection from {@code ns} to {@code ip:port}: the reply text after {@link #REPLY}, or what went wrong. */
  static String tcp(Lab lab, String ns, String ip, int port) {
    return client(lab, ns, "tcp", ip, String.valueOf(port));
  }

  /** One UDP datagram from {@code ns} to {@code ip:port} and the reply, as for {@link #tcp}. */
  static String udp(Lab lab, String ns, String ip, int port) {
    return client(lab, ns, "udp", ip, String.valueOf(port));
  }

  private static String client(Lab lab, String ns, String... args) {
    Processes.Result r = Sh.run(javaIn(ns, args).toArray(String[]::new));
    assertThat(r.code()).as("client %s in %s: %s", String.join(" ", args), ns, r.err()).isZero();
    return r.out().strip();
  }

  /** {@code ip netns exec NS java -cp TEST-CLASSES NatTraffic ARGS}. */
  static List<String> javaIn(String ns, String... args) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", classes().toString(), NatTraffic.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static Path classes() {
    try {
      return Path.of(NatTraffic.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client run in the background (a loop); its output lines are collected as they come; it stops when told or at close. */
  static final class Background implements AutoCloseable {
    private final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final StringBuilder errors = new StringBuilder();
    private final Thread reader;

    Background(String ns, String... args) {
      try {
        process = new ProcessBuilder(javaIn(ns, args)).start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      reader = new Thread(() -> read(process.getInputStream(), lines::add));
      reader.setDaemon(true);
      reader.start();
      Thread err = new Thread(() -> read(process.getErrorStream(), l -> {
        synchronized (errors) {
          errors.append(l).append('\n');
        }
      }));
      err.setDaemon(true);
      err.start();
    }

    private static void read(InputStream in, java.util.function.Consumer<String> sink) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          sink.accept(line);
        }
      } catch (IOException e) {
        // the process went away
      }
    }

    long count(Predicate<String> which) {
      return lines.stream().filter(which).count();
    }

    /** Waits until {@code which} holds for at least {@code n} lines; fails after a generous bound or when the client died. */
    void awaitLines(Predicate<String> which, long n, String what) {
      long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(2);
      while (count(which) < n) {
        assertThat(process.isAlive()).as("client still running while waiting for %s; output so far %s; stderr %s", what, tail(), stderr()).isTrue();
        assertThat(System.currentTimeMillis()).as("%s within 2 minutes; output so far %s", what, tail()).isLessThan(deadline);
        sleep(50);
      }
    }

    /** Closes the client's standard input, which ends its loop, and waits for it to finish; returns its last line. */
    String stop() {
      try {
        process.getOutputStream().close();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("client finished after being told to stop").isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(30));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      assertThat(process.exitValue()).as("client exit code; stderr %s", stderr()).isZero();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    String stderr() {
      synchronized (errors) {
        return errors.toString();
      }
    }

    private String tail() {
      List<String> copy = new ArrayList<>(lines);
      return copy.subList(Math.max(0, copy.size() - 10), copy.size()).toString();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** {@code nft -j list table ...} with handles removed and counters zeroed, for comparing listings. */
  static JsonNode listing(Lab lab, String family, String table, boolean withoutHandles) {
    JsonNode json = lab.nft(lab.host, "list", "table", family, table);
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode item : json.path("nftables")) {
      if (!item.has("metainfo")) {
        kept.add(normalise(item.deepCopy(), withoutHandles));
      }
    }
    return Lab.json(kept.toString());
  }

  private static JsonNode normalise(JsonNode node, boolean withoutHandles) {
    if (node instanceof ObjectNode o) {
      if (withoutHandles) {
        o.remove("handle");
      }
      if (o.has("counter") && o.get("counter").isObject()) {
        ((ObjectNode) o.get("counter")).put("packets", 0).put("bytes", 0);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        normalise(it.next().getValue(), withoutHandles);
      }
    } else if (node.isArray()) {
      node.forEach(n -> normalise(n, withoutHandles));
    }
    return node;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // ---- the client, run in a namespace ------------------------------------------------------

  /**
   * {@code tcp IP PORT}: one connection, prints {@code reply TEXT} or {@code error ...}.
   * {@code udp IP PORT}: one datagram, the same.
   * {@code tcp-loop IP PORT EXPECTED THREADS}: connections until standard input closes, one line per attempt ({@code ok} or
   * {@code fail ...}), then {@code done ok=N fail=M}.
   * {@code udp-flow IP PORT SOURCEPORT INTERVAL_MS}: datagram {@code N} from one source port, then the reply; one line per
   * datagram ({@code N reply TEXT} or {@code N timeout}), until standard input closes.
   */
  public static void main(String[] args) throws Exception {
    InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
    switch (args[0]) {
      case "tcp" -> System.out.println(tcpOnce(to));
      case "udp" -> {
        try (DatagramSocket socket = new DatagramSocket()) {
          System.out.println(udpOnce(socket, to, "ping"));
        }
      }
      case "tcp-loop" -> tcpLoop(to, args[3], Integer.parseInt(args[4]));
      case "udp-flow" -> udpFlow(to, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.out.flush();
  }

  private static String tcpOnce(InetSocketAddress to) {
    try (Socket socket = new Socket()) {
      socket.connect(to, 5000);
      socket.setSoTimeout(5000);
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return REPLY + text;
    } catch (IOException e) {
      return "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static String udpOnce(DatagramSocket socket, InetSocketAddress to, String payload) throws IOException {
    byte[] out = (payload + "\n").getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(out, out.length, to));
    socket.setSoTimeout(3000);
    byte[] in = new byte[1500];
    DatagramPacket reply = new DatagramPacket(in, in.length);
    try {
      socket.receive(reply);
      return REPLY + new String(in, 0, reply.getLength(), StandardCharsets.UTF_8).strip();
    } catch (SocketTimeoutException e) {
      return "timeout";
    }
  }

  /** Ends the loops when standard input reaches its end, or after ten minutes at most. */
  private static AtomicBoolean stopOnEndOfInput() {
    AtomicBoolean stop = new AtomicBoolean();
    Thread t = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // wait for the end
        }
      } catch (IOException e) {
        // treat as the end
      }
      stop.set(true);
    });
    t.setDaemon(true);
    t.start();
    Thread bound = new Thread(() -> {
      sleep(TimeUnit.MINUTES.toMillis(10));
      stop.set(true);
    });
    bound.setDaemon(true);
    bound.start();
    return stop;
  }

  private static void tcpLoop(InetSocketAddress to, String expected, int threads) throws InterruptedException {
    AtomicBoolean stop = stopOnEndOfInput();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger fail = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread w = new Thread(() -> {
        while (!stop.get()) {
          String result = tcpOnce(to);
          String line;
          if (result.equals(REPLY + expected)) {
            ok.incrementAndGet();
            line = "ok";
          } else {
            fail.incrementAndGet();
            line = "fail " + result;
          }
          synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
          }
        }
      });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    System.out.println("done ok=" + ok.get() + " fail=" + fail.get());
  }

  private static void udpFlow(InetSocketAddress to, int sourcePort, int intervalMs) throws IOException {
    AtomicBoolean stop = stopOnEndOfInput();
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(sourcePort));
      for (int n = 0; !stop.get(); n++) {
        System.out.println(n + " " + udpOnce(socket, to, String.valueOf(n)));
        System.out.flush();
        sleep(intervalMs);
      }
    }
  }
}
