import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The NAT part of the benchmark: TCP connection rate through one published port.
 *
 * <pre>
 *   java bench/NatRate.java server PORT [MAX_SECONDS]       accept-and-close server (run it in the container namespace)
 *   java bench/NatRate.java probe HOST PORT                 exit 0 if a connection is accepted, 1 if not
 *   java bench/NatRate.java client HOST PORT COUNT THREADS [WARMUP]
 *                                                           COUNT connections (after WARMUP untimed ones), prints the rate
 * </pre>
 *
 * The client closes with SO_LINGER 0 (a reset) right after connecting, the server closes each
 * accepted connection at once; so no side keeps TIME_WAIT sockets and the client's ephemeral ports
 * are never exhausted. Everything is bounded: the server stops by itself after
 * MAX_SECONDS (default 900), the client gives up after 300 s. Only addresses given on the command
 * line are contacted (the benchmark passes the bridge address of its own throwaway namespace).
 */
public final class NatRate {
  private static final int CONNECT_TIMEOUT_MS = 2000;
  private static final long CLIENT_DEADLINE_NS = 300_000_000_000L;

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    switch (args[0]) {
      case "server" -> server(Integer.parseInt(arg(args, 1)), args.length > 2 ? Integer.parseInt(args[2]) : 900);
      case "probe" -> System.exit(probe(arg(args, 1), Integer.parseInt(arg(args, 2))) ? 0 : 1);
      case "client" -> client(arg(args, 1), Integer.parseInt(arg(args, 2)), Integer.parseInt(arg(args, 3)),
          Integer.parseInt(arg(args, 4)), args.length > 5 ? Integer.parseInt(args[5]) : 0);
      default -> usage();
    }
  }

  private static String arg(String[] args, int i) {
    if (args.length <= i) {
      usage();
    }
    return args[i];
  }

  private static void usage() {
    System.err.println("usage: NatRate server PORT [MAX_SECONDS] | probe HOST PORT | client HOST PORT COUNT THREADS [WARMUP]");
    System.exit(2);
  }

  /** Accepts connections on 0.0.0.0:PORT and closes each at once. */
  private static void server(int port, int maxSeconds) throws Exception {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port), 4096);
    AtomicLong accepted = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread thread = new Thread(() -> {
        while (!server.isClosed()) {
          // A plain close (FIN): a reset right after accept could reach the client before its
          // connect() has returned and fail it. The client's close is the reset, so neither
          // side keeps a TIME_WAIT socket.
          try (Socket s = server.accept()) {
            accepted.incrementAndGet();
          } catch (IOException e) {
            if (server.isClosed()) {
              return;
            }
          }
        }
      }, "accept-" + t);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    System.out.println("listening on port " + port);
    System.out.flush();
    Thread.sleep(maxSeconds * 1000L);
    server.close();
    System.out.println("stopping after " + maxSeconds + " s; accepted " + accepted.get());
  }

  private static boolean probe(String host, int port) {
    try (Socket s = new Socket()) {
      s.setSoLinger(true, 0);
      s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      System.out.println("open " + host + ":" + port);
      return true;
    } catch (ConnectException e) {
      System.out.println("refused " + host + ":" + port + " (" + e.getMessage() + ")");
    } catch (SocketTimeoutException e) {
      System.out.println("timeout " + host + ":" + port);
    } catch (IOException e) {
      System.out.println("failed " + host + ":" + port + " (" + e + ")");
    }
    return false;
  }

  private static void client(String host, int port, int count, int threads, int warmup) throws Exception {
    InetSocketAddress target = new InetSocketAddress(host, port);
    if (warmup > 0) {
      run(target, warmup, threads);
    }
    long begin = System.nanoTime();
    int[] result = run(target, count, threads);
    double seconds = (System.nanoTime() - begin) / 1e9;
    System.out.printf("connections=%d failed=%d seconds=%.3f rate=%.0f%n", result[0], result[1], seconds, result[0] / seconds);
    System.exit(result[1] == 0 && result[0] == count ? 0 : 1);
  }

  /** Makes {@code count} connections over {@code threads} threads; returns {succeeded, failed}. */
  private static int[] run(InetSocketAddress target, int count, int threads) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long deadline = System.nanoTime() + CLIENT_DEADLINE_NS;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        while (next.getAndIncrement() < count && System.nanoTime() < deadline) {
          try (Socket s = new Socket()) {
            s.setSoLinger(true, 0);
            s.connect(target, CONNECT_TIMEOUT_MS);
            ok.incrementAndGet();
          } catch (IOException e) {
            if (failed.incrementAndGet() <= 3) {
              System.err.println("connection failed: " + e);
            }
            if (failed.get() > 100) {
              return;
            }
          }
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return new int[] {ok.get(), failed.get()};
  }
}
