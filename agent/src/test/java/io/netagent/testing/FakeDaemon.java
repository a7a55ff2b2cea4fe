package io.netagent.testing;

import io.netagent.config.ConfigLoader;
import io.netagent.daemon.Daemon;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.fake.FakeKernel;
import io.netagent.metrics.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Daemon} on its own loop thread against a {@link FakeKernel}, with its state and data in
 * a test's directory: started when its first pass is done, stopped by {@link #stop}. The resync
 * is an hour away, so what happens is what requests and kernel events cause.
 */
public final class FakeDaemon {
  private final Daemon daemon;
  private final Metrics metrics;
  private final Thread loop;

  private FakeDaemon(Daemon daemon, Metrics metrics) {
    this.daemon = daemon;
    this.metrics = metrics;
    this.loop = new Thread(daemon::run, "daemon-under-test");
  }

  /**
   * Starts a daemon for the configuration file {@code config}, keeping its state in {@code dir}
   * and its data in {@code dir/data}; {@code kernel} is a {@link FakeKernel}, or one that wraps it.
   */
  public static FakeDaemon start(Kernel kernel, Path config, Path dir) throws Exception {
    Daemon.Options options = new Daemon.Options(Duration.ofHours(1), Duration.ofMillis(1), Duration.ofMillis(5), true);
    Metrics metrics = new Metrics();
    FakeDaemon running = new FakeDaemon(Daemon.create(ConfigLoader.load(config), config, kernel, dir, dir.resolve("data"), options, metrics),
        metrics);
    running.loop.start();
    running.daemon.inspect().get(1, TimeUnit.MINUTES);
    return running;
  }

  public Daemon daemon() {
    return daemon;
  }

  /** What the daemon recorded. */
  public Metrics metrics() {
    return metrics;
  }

  /** Stops the loop; false if it did not end within a minute (a bound against hangs). */
  public boolean stop() throws InterruptedException {
    daemon.requestStop();
    loop.join(Duration.ofMinutes(1).toMillis());
    return !loop.isAlive();
  }
}
