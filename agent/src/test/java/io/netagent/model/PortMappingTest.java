package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortMappingTest {
  private static final Ipv4Address CONTAINER = Ipv4Address.parse("10.88.0.2");

  private static PortMapping tcp(int hostPort, int containerPort) {
    return new PortMapping(hostPort, containerPort, Protocol.TCP, CONTAINER, Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 80, 65535})
  void acceptsPortsFrom1To65535(int port) {
    PortMapping mapping = tcp(port, port);

    assertThat(mapping.hostPort()).isEqualTo(port);
    assertThat(mapping.containerPort()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void refusesHostPortsOutOfRange(int port) {
    assertThatThrownBy(() -> tcp(port, 80))
        .isInstanceOf(ModelException.class)
        .hasMessage("host port " + port + " is outside 1–65535");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void refusesContainerPortsOutOfRange(int port) {
    assertThatThrownBy(() -> tcp(8080, port))
        .isInstanceOf(ModelException.class)
        .hasMessage("container port " + port + " is outside 1–65535");
  }

  @Test
  void keyIsHostPortAndProtocol() {
    PortMapping mapping = new PortMapping(5353, 53, Protocol.UDP, CONTAINER, Optional.empty());

    assertThat(mapping.key()).isEqualTo(new PortMapping.Key(5353, Protocol.UDP));
    assertThat(mapping.key()).hasToString("5353/udp");
  }

  @Test
  void keyIgnoresContainerSideAndHostIp() {
    PortMapping a = tcp(8080, 80);
    PortMapping b = new PortMapping(8080, 8000, Protocol.TCP, Ipv4Address.parse("10.88.0.3"), Optional.of(Ipv4Address.parse("127.0.0.1")));

    assertThat(a.key()).isEqualTo(b.key());
  }

  @Test
  void toStringWithoutHostIp() {
    assertThat(tcp(8080, 80)).hasToString("tcp 8080 → 10.88.0.2:80");
  }

  @Test
  void toStringWithHostIp() {
    PortMapping mapping = new PortMapping(8443, 443, Protocol.TCP, CONTAINER, Optional.of(Ipv4Address.parse("127.0.0.1")));

    assertThat(mapping).hasToString("tcp 127.0.0.1:8443 → 10.88.0.2:443");
  }

  @Test
  void ordersByProtocolThenHostPort() {
    PortMapping tcp9000 = tcp(9000, 1);
    PortMapping tcp80 = tcp(80, 1);
    PortMapping udp53 = new PortMapping(53, 53, Protocol.UDP, CONTAINER, Optional.empty());
    List<PortMapping> mappings = new ArrayList<>(List.of(udp53, tcp9000, tcp80));

    Collections.sort(mappings);

    assertThat(mappings).containsExactly(tcp80, tcp9000, udp53);
  }
}
