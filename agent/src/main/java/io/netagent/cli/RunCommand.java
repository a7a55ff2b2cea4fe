package io.netagent.cli;

import io.netagent.api.ApiServer;
import io.netagent.api.ApiSocket;
import io.netagent.api.MetricsListen;
import io.netagent.checkpoint.CheckpointStore;
import io.netagent.cni.CniService;
import io.netagent.cni.CniSpool;
import io.netagent.config.ConfigLoader;
import io.netagent.config.LoadedConfig;
import io.netagent.daemon.Daemon;
import io.netagent.kernel.Kernel;
import io.netagent.kernel.netlink.NetlinkKernel;
import io.netagent.kernel.netlink.NetlinkProbe;
import io.netagent.metrics.Metrics;
import io.netagent.plan.PlanPolicy;
import io.netagent.reconcile.ApplyLock;
import io.netagent.reconcile.Reconciler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code netagent run}: the daemon that keeps the kernel converged. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Converge the live kernel, then keep it converged: repair drift the kernel reports (debounced), " +
        "resync periodically (which also catches nftables drift), re-read the configuration on SIGHUP " +
        "(keeping the last good one if the new file is invalid), stop on SIGTERM leaving the network in " +
        "place. Talks to systemd (Type=notify: READY, STATUS, WATCHDOG, RELOADING, STOPPING) and logs with " +
        "journald priorities. Holds the apply lock while it runs.",
        "Serves the live API (HTTP/1.1 + JSON) on the Unix socket netagent.sock in the state directory " +
            "($NETAGENT_STATE_DIR, default /run/netagent): attachments made there are saved in the data directory " +
            "($NETAGENT_DATA_DIR, default /var/lib/netagent) before they are answered, and restored at the next start. " +
            "A container whose namespace is gone is absent (its host side withdrawn) and a conflict blocks only what it " +
            "belongs to: the rest of the host keeps converging. GET /metrics there answers with Prometheus metrics (text " +
            "format; OpenMetrics when the Accept header asks for it).",
        "A change 'netagent apply --confirm-within' made and nobody confirmed, whose apply is gone, is rolled back first; if " +
            "the file still holds it, the daemon runs the last confirmed configuration instead until it is reloaded. What the " +
            "daemon runs, at start and after each reload, is the confirmed configuration a later rollback returns to.",
        "Needs root. Exit code 0 after a clean stop, 1 on failure (the JVM out of memory included), 2 for an invalid " +
            "configuration at start or a host without libnftables (the systemd unit does not restart it on 2)."})
final class RunCommand implements Callable<Integer> {
  @Mixin
  ChangeConfigOption config;

  @Mixin
  LockOption lock;

  @Option(names = "--resync", paramLabel = "SECONDS", defaultValue = "30",
      description = "Reconcile at least this often, even without kernel events (default: ${DEFAULT-VALUE}).")
  long resyncSeconds;

  @Option(names = "--namespaces", paramLabel = "WHO", defaultValue = "managed",
      description = {"managed (default): the daemon creates the namespaces it may create and deletes the ones it created.",
        "external: someone else does, as under the systemd unit netagent.service, whose sandbox would keep " +
            "namespaces bound inside the service invisible to the host; there netagent-namespaces.service runs " +
            "'netagent namespaces' before start and on reload, outside the sandbox."})
  NamespaceMode namespaces;

  enum NamespaceMode {
    managed,
    external
  }

  @Option(names = "--probe-every", paramLabel = "DURATION",
      description = {"Run the data-plane probe (see 'netagent probe --help') this often, e.g. 300s, 5m or 1h, and log each " +
          "probe that fails (warning level, one line each). Off by default. Under systemd it needs AF_PACKET, AF_INET and " +
          "AF_INET6 in RestrictAddressFamilies= and the probe's addresses (198.18.0.0/15, the container subnets, " +
          "127.0.0.1) allowed by IPAddressDeny=/IPAddressAllow= (see the unit file)."})
  String probeEvery;

  @Option(names = "--api-group", paramLabel = "GROUP",
      description = {"Members of this group may use the live API too: its socket gets mode 0660 and this group. " +
          "Default: root only (mode 0600)."})
  String apiGroup;

  @Option(names = "--metrics-listen", paramLabel = "ADDRESS:PORT",
      description = {"Also serve GET /metrics (and nothing else) over TCP on this loopback address, such as 127.0.0.1:9464 " +
          "or [::1]:9464, for a Prometheus on this host. Only a literal loopback address is accepted: the listener has no " +
          "authentication. Default: metrics on the API socket only."})
  String metricsListen;

  @Spec
  CommandSpec spec;

  /** {@code --probe-every}: a whole number of seconds ({@code 300s} or {@code 300}), minutes ({@code 5m}) or hours ({@code 1h}). */
  private Duration interval(String text) {
    Matcher m = Pattern.compile("([1-9][0-9]{0,6})([smh]?)").matcher(text);
    if (!m.matches()) {
      throw new ParameterException(spec.commandLine(),
          "--probe-every takes a whole number of seconds, minutes or hours (300s, 5m, 1h), not '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return m.group(2).equals("m") ? Duration.ofMinutes(n) : m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofSeconds(n);
  }

  @Override
  public Integer call() {
    if (resyncSeconds < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--resync must be at least 1 second");
    }
    Optional<Duration> probeInterval = Optional.ofNullable(probeEvery).map(this::interval);
    Optional<InetSocketAddress> metricsAddress;
    try {
      metricsAddress = Optional.ofNullable(metricsListen).map(MetricsListen::parse);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--metrics-listen: " + e.getMessage());
    }
    Metrics metrics = new Metrics();
    try (KernelOpening opening = KernelOpening.live()) {
      String text = config.text();
      LoadedConfig file = ConfigLoader.parse(config.path(), text);
      try (ApplyLock held = lock.acquire(spec.commandLine().getErr()); Kernel kernel = opening.take()) {
        LoadedConfig loaded = RunCheckpoint.configuration(new Reconciler(kernel, PlanPolicy.daemon(namespaces == NamespaceMode.managed)),
            CheckpointStore.at(Daemon.DATA_DIR), config.path(), text, file);
        Daemon daemon = Daemon.create(loaded, config.path(), kernel, NetlinkKernel.STATE_DIR, Daemon.DATA_DIR,
            Daemon.Options.defaults(Duration.ofSeconds(resyncSeconds), namespaces == NamespaceMode.managed), metrics);
        probeInterval.ifPresent(every -> daemon.probeEvery(every, NetlinkProbe.open()));
        Signal.handle(new Signal("HUP"), s -> daemon.requestReload());
        Signal.handle(new Signal("TERM"), s -> daemon.requestStop());
        Signal.handle(new Signal("INT"), s -> daemon.requestStop());
        // Requests that come before the first pass wait for it; the socket goes when the daemon stops.
        try (ApiServer api = ApiServer.start(ApiSocket.path(NetlinkKernel.STATE_DIR), daemon, Optional.ofNullable(apiGroup), metrics,
            metricsAddress)) {
          // DELs the CNI plugin recorded while no daemon answered: served once the loop runs.
          Thread spool = new Thread(() -> CniSpool.drain(Daemon.DATA_DIR, new CniService(daemon)), "cni-del-spool");
          spool.setDaemon(true);
          spool.start();
          daemon.run();
        }
        return ExitCodes.OK;
      }
    }
  }
}
