package io.netagent.config;

import io.netagent.model.Bridge;
import io.netagent.model.Container;
import io.netagent.model.DesiredState;
import io.netagent.model.InterfaceName;
import io.netagent.model.NatTable;
import io.netagent.model.Network;
import io.netagent.model.PortMapping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a configuration file (YAML, or JSON for a {@code .json} file) into the model, checking
 * every rule. An invalid file yields a {@link ConfigException} listing every problem as
 * {@code FILE:LINE:COLUMN: path: message}; nothing partial is ever returned.
 */
public final class ConfigLoader {
  /** Where the example shipped in systemd/ is embedded. */
  static final String EXAMPLE_RESOURCE = "netagent.yaml";
  public static final String EXAMPLE_NAME = "built-in example";

  private ConfigLoader() {}

  /**
   * The largest configuration file, in bytes: a thousand containers with a published port each
   * take about 130 KiB. The worst file of this size to parse (a flat list of half a million
   * one-character items) takes about 50 MiB of heap, which leaves the daemon's -Xmx96m room for
   * its own state; 2 MiB of it does not fit (measured with systemd/jvm.options).
   */
  public static final int MAX_BYTES = 1 << 20;

  /** Reads and checks {@code file}, which must be a regular file of at most {@link #MAX_BYTES}. */
  public static LoadedConfig load(Path file) {
    return parse(file, read(file));
  }

  /**
   * The text of {@code file}, which must be a regular file of at most {@link #MAX_BYTES}: for a
   * caller that keeps the text it checks ({@link #parse(Path, String)}), as the checkpoint does.
   */
  public static String read(Path file) {
    try {
      return TextFile.read(file, MAX_BYTES, "a configuration file");
    } catch (TextFile.UnreadableException e) {
      throw fileProblem(file, e.getMessage());
    }
  }

  /** Checks {@code text} as the content of {@code file} (JSON when its name ends in .json, else YAML). */
  public static LoadedConfig parse(Path file, String text) {
    return parse(file.toString(), text, file.getFileName() != null && file.getFileName().toString().endsWith(".json"));
  }

  /** The example configuration shipped with netagent (systemd/netagent.yaml). */
  public static LoadedConfig loadExample() {
    return parse(EXAMPLE_NAME, exampleText(), false);
  }

  /** The text of the example configuration. */
  public static String exampleText() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(EXAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the example configuration is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the embedded example", e);
    }
  }

  /** Checks {@code text} as the content of a file named {@code name}. */
  public static LoadedConfig parse(String name, String text, boolean json) {
    Problems problems = new Problems(name);
    Convert convert = new Convert(problems);
    Optional<SourceNode> root = SourceParser.parse(text, json, problems);
    Optional<Fields> top = root.flatMap(r -> Fields.of(r, "", "the configuration", Schema.ROOT, problems));
    if (top.isEmpty()) {
      problems.throwIfAny();
      throw new IllegalStateException("a configuration that failed to parse must have a problem");
    }
    List<Fields> networkFields = top.get().objects("networks", "network", Schema.NETWORK, false);
    List<String> networkNames = new ArrayList<>();
    networkFields.forEach(f -> f.peekString("name").ifPresent(networkNames::add));
    Map<String, NetworkSpec> networks = new LinkedHashMap<>();
    List<NetworkSpec> networkList = new ArrayList<>();
    for (Fields f : networkFields) {
      NetworkResolver.resolve(f, convert).ifPresent(n -> {
        networks.putIfAbsent(n.name().value(), n);
        networkList.add(n);
      });
    }
    List<ContainerSpec> containers = new ArrayList<>();
    List<PortClaim> ports = new ArrayList<>();
    List<Fields> containerFields = top.get().objects("containers", "container", Schema.CONTAINER, false);
    FileIp6 ip6 = FileIp6.of(containerFields);
    for (Fields f : containerFields) {
      ContainerResolver.resolve(f, convert, networks, networkNames, ports, ip6).ifPresent(containers::add);
    }
    CrossChecks.check(networkList, containers, ports, convert);
    problems.throwIfAny();
    return new LoadedConfig(name, assemble(networkList, containers));
  }

  /** Attaches every container to its network's bridge and puts its ports in the network's NAT table. */
  private static DesiredState assemble(List<NetworkSpec> networks, List<ContainerSpec> containers) {
    List<Network> result = new ArrayList<>();
    for (NetworkSpec spec : networks) {
      Bridge bridge = spec.bridge();
      List<InterfaceName> ports = new ArrayList<>();
      List<PortMapping> mappings = new ArrayList<>(bridge.nat().mappings());
      for (ContainerSpec c : containers) {
        Container ctr = c.container();
        if (ctr.network().equals(spec.name().value())) {
          ports.add(ctr.veth().host().name());
          mappings.addAll(ctr.ports());
        }
      }
      // Built in one go: attaching and publishing one by one would copy the lists each time.
      result.add(new Network(spec.name().value(), new Bridge(bridge.name(), bridge.mac(), bridge.ipv4(), bridge.ipv6(), bridge.mtu(),
          ports, bridge.arpProxy(), new NatTable(bridge.nat().sourceNat(), mappings)), spec.allocate(), spec.allocate6(), spec.isolated()));
    }
    return new DesiredState(result, containers.stream().map(ContainerSpec::container).toList());
  }

  private static ConfigException fileProblem(Path file, String message) {
    return new ConfigException(List.of(new ConfigProblem(file.toString(), 0, 0, "", message)));
  }
}
