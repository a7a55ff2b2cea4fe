package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VethPairTest {
  private static final InterfaceName VETH_WEB = InterfaceName.of("veth-web");
  private static final InterfaceName ETH0 = InterfaceName.of("eth0");
  private static final MacAddress HOST_MAC = MacAddress.parse("02:42:0a:58:00:03");
  private static final MacAddress CONTAINER_MAC = MacAddress.parse("02:42:0a:58:00:02");
  private static final NamespaceRef WEB_NS = new NamespaceRef.Named("web");
  private static final Optional<Ipv4Cidr> ADDRESS = Optional.of(Ipv4Cidr.parse("10.88.0.2/16"));

  private static VethEndpoint hostEnd() {
    return new VethEndpoint(VETH_WEB, ETH0, HOST_MAC, Optional.empty(), Optional.empty(), 1500, true, NamespaceRef.HOST);
  }

  private static VethEndpoint containerEnd() {
    return new VethEndpoint(ETH0, VETH_WEB, CONTAINER_MAC, ADDRESS, Optional.empty(), 1500, true, WEB_NS);
  }

  @Test
  void endsThatNameEachOtherFormAPair() {
    VethPair pair = new VethPair(hostEnd(), containerEnd());

    assertThat(pair.host().name()).isEqualTo(VETH_WEB);
    assertThat(pair.container().name()).isEqualTo(ETH0);
  }

  @Test
  void hostEndNamingAnotherPeerIsRefused() {
    VethEndpoint host = new VethEndpoint(VETH_WEB, InterfaceName.of("eth1"), HOST_MAC, Optional.empty(), Optional.empty(), 1500, true,
        NamespaceRef.HOST);

    assertThatThrownBy(() -> new VethPair(host, containerEnd()))
        .isInstanceOf(ModelException.class)
        .hasMessage("veth ends veth-web and eth0 do not name each other as peers");
  }

  @Test
  void containerEndNamingAnotherPeerIsRefused() {
    VethEndpoint container = new VethEndpoint(ETH0, InterfaceName.of("veth-db"), CONTAINER_MAC, ADDRESS, Optional.empty(), 1500, true, WEB_NS);

    assertThatThrownBy(() -> new VethPair(hostEnd(), container))
        .isInstanceOf(ModelException.class)
        .hasMessage("veth ends veth-web and eth0 do not name each other as peers");
  }

  @Test
  void hostEndOutsideTheHostNamespaceIsRefused() {
    VethEndpoint host = new VethEndpoint(VETH_WEB, ETH0, HOST_MAC, Optional.empty(), Optional.empty(), 1500, true, new NamespaceRef.Named("other"));

    assertThatThrownBy(() -> new VethPair(host, containerEnd()))
        .isInstanceOf(ModelException.class)
        .hasMessage("the host end veth-web must live in the host namespace");
  }

  @Test
  void containerEndInTheHostNamespaceIsRefused() {
    VethEndpoint container = new VethEndpoint(ETH0, VETH_WEB, CONTAINER_MAC, ADDRESS, Optional.empty(), 1500, true, NamespaceRef.HOST);

    assertThatThrownBy(() -> new VethPair(hostEnd(), container))
        .isInstanceOf(ModelException.class)
        .hasMessage("the container end eth0 must live in a container namespace");
  }

  @Test
  void containerEndMayLiveAtAPath() {
    VethEndpoint container = new VethEndpoint(ETH0, VETH_WEB, CONTAINER_MAC, ADDRESS, Optional.empty(), 1500, true,
        new NamespaceRef.AtPath("/proc/1/ns/net"));

    assertThat(new VethPair(hostEnd(), container).container().namespace()).isEqualTo(new NamespaceRef.AtPath("/proc/1/ns/net"));
  }

  @Test
  void bothEndsWithTheSameMacAreRefused() {
    VethEndpoint container = new VethEndpoint(ETH0, VETH_WEB, HOST_MAC, ADDRESS, Optional.empty(), 1500, true, WEB_NS);

    assertThatThrownBy(() -> new VethPair(hostEnd(), container))
        .isInstanceOf(ModelException.class)
        .hasMessage("both ends of veth veth-web have MAC 02:42:0a:58:00:03");
  }
}
