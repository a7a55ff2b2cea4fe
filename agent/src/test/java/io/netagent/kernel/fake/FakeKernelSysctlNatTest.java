package io.netagent.kernel.fake;

import static io.netagent.kernel.fake.FakeKernelFixtures.applyAll;
import static io.netagent.kernel.fake.FakeKernelFixtures.host;
import static io.netagent.kernel.fake.FakeKernelFixtures.namespace;
import static io.netagent.kernel.fake.FakeKernelFixtures.refusal;
import static io.netagent.testing.OperationFixtures.HOST;
import static io.netagent.testing.OperationFixtures.MTU;
import static io.netagent.testing.OperationFixtures.WHY;
import static io.netagent.testing.OperationFixtures.addAddress;
import static io.netagent.testing.OperationFixtures.bridge;
import static io.netagent.testing.OperationFixtures.createNamespace;
import static io.netagent.testing.OperationFixtures.deleteLink;
import static io.netagent.testing.OperationFixtures.ip;
import static io.netagent.testing.OperationFixtures.macFor;
import static io.netagent.testing.OperationFixtures.name;
import static io.netagent.testing.OperationFixtures.named;
import static io.netagent.testing.OperationFixtures.veth;
import static org.assertj.core.api.Assertions.assertThat;

import io.netagent.kernel.KernelException;
import io.netagent.kernel.Scope;
import io.netagent.linux.Errno;
import io.netagent.model.Ipv4Subnet;
import io.netagent.model.NamespaceRef;
import io.netagent.model.PortMapping;
import io.netagent.model.Protocol;
import io.netagent.model.SourceNat;
import io.netagent.observed.NatRuleset.NatNetwork;
import io.netagent.observed.NatRuleset;
import io.netagent.observed.Sysctls;
import io.netagent.operations.AddAddress;
import io.netagent.operations.DeleteLink;
import io.netagent.operations.DeleteNatTable;
import io.netagent.operations.ReplaceNatTable;
import io.netagent.operations.SetSysctl;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FakeKernelSysctlNatTest {
  private static final String BR0_ROUTE_LOCALNET = Sysctls.routeLocalnet(name("br0"));

  private final FakeKernel kernel = new FakeKernel();

  @Test
  void ipForwardCanBeSwitchedOnAndOff() {
    kernel.apply(sysctl(HOST, Sysctls.IP_FORWARD, "1"));
    assertThat(host(kernel).sysctl(Sysctls.IP_FORWARD)).contains("1");

    kernel.apply(sysctl(HOST, Sysctls.IP_FORWARD, "0"));
    assertThat(host(kernel).sysctl(Sysctls.IP_FORWARD)).contains("0");
  }

  @Test
  void ipForwardInOwnedNamespaceIsSettableButNotObserved() {
    NamespaceRef.Named web = named("web");
    applyAll(kernel, createNamespace("web"), sysctl(web, Sysctls.IP_FORWARD, "1"));

    // As the real adapter, a container namespace's sysctls are not read: only the host's matter.
    assertThat(namespace(kernel, web).sysctls()).isEmpty();
    assertThat(host(kernel).sysctl(Sysctls.IP_FORWARD)).contains("0");
  }

  @Test
  void ipForwardRefusesNonNumericValueWithEinval() {
    assertThat(refusal(kernel, sysctl(HOST, Sysctls.IP_FORWARD, "yes")).errno()).isEqualTo(Errno.EINVAL);
    assertThat(host(kernel).sysctl(Sysctls.IP_FORWARD)).contains("0");
  }

  /** devinet_sysctl_forward() parses with proc_dointvec(), which has no range: any integer is stored. */
  @Test
  void ipForwardTakesAnyIntegerAsProcDointvecDoes() {
    kernel.apply(sysctl(HOST, Sysctls.IP_FORWARD, "2"));

    assertThat(host(kernel).sysctl(Sysctls.IP_FORWARD)).contains("2");
  }

  @Test
  void unknownSysctlIsEnoent() {
    assertThat(refusal(kernel, sysctl(HOST, "net.ipv4.no_such_knob", "1")).errno()).isEqualTo(Errno.ENOENT);
  }

  @Test
  void unknownSettingUnderAnExistingLinkIsEnoent() {
    kernel.apply(bridge("br0"));

    assertThat(refusal(kernel, sysctl(HOST, "net.ipv4.conf.br0.no_such_knob", "1")).errno()).isEqualTo(Errno.ENOENT);
  }

  @Test
  void routeLocalnetOfBridgeIsObservedWithDefaultZero() {
    kernel.apply(bridge("br0"));

    assertThat(host(kernel).sysctl(BR0_ROUTE_LOCALNET)).contains("0");
  }

  @Test
  void routeLocalnetCanBeSetWhileBridgeExists() {
    applyAll(kernel, bridge("br0"), sysctl(HOST, BR0_ROUTE_LOCALNET, "1"));

    assertThat(host(kernel).sysctl(BR0_ROUTE_LOCALNET)).contains("1");
  }

  @Test
  void routeLocalnetGoesWithItsBridge() {
    applyAll(kernel, bridge("br0"), sysctl(HOST, BR0_ROUTE_LOCALNET, "1"), deleteLink(HOST, "br0"));

    assertThat(host(kernel).sysctl(BR0_ROUTE_LOCALNET)).isEmpty();
    assertThat(refusal(kernel, sysctl(HOST, BR0_ROUTE_LOCALNET, "1")).errno()).isEqualTo(Errno.ENOENT);

    kernel.apply(bridge("br0"));
    assertThat(host(kernel).sysctl(BR0_ROUTE_LOCALNET)).contains("0");
  }

  @Test
  void replaceNatTableStoresTheRuleset() {
    NatRuleset first = ruleset(8080);
    NatRuleset second = ruleset(9090);

    kernel.apply(new ReplaceNatTable(first, List.of(), List.of(), WHY));
    assertThat(kernel.observe(Scope.whole(Set.of())).nat()).contains(first);

    kernel.apply(new ReplaceNatTable(second, List.of(), List.of(), WHY));
    assertThat(kernel.observe(Scope.whole(Set.of())).nat()).contains(second);
  }

  @Test
  void deleteNatTableRemovesTheRuleset() {
    applyAll(kernel, new ReplaceNatTable(ruleset(8080), List.of(), List.of(), WHY), new DeleteNatTable(List.of(), WHY));

    assertThat(kernel.observe(Scope.whole(Set.of())).nat()).isEmpty();
  }

  @Test
  void deleteNatTableWithoutTableIsEnoent() {
    assertThat(refusal(kernel, new DeleteNatTable(List.of(), WHY)).errno()).isEqualTo(Errno.ENOENT);
  }

  @Test
  void exceptionMessageNamesTheCommandTheErrnoAndTheKernelText() {
    AddAddress add = addAddress(HOST, "br0", "10.88.0.1/16");
    applyAll(kernel, bridge("br0"), add);

    KernelException refused = refusal(kernel, add);

    assertThat(refused.operation()).isEqualTo(add.command());
    assertThat(refused.getMessage()).contains(add.command(), "EEXIST", "ipv4: Address already assigned");
  }

  @Test
  void exceptionMessageFallsBackToStrerrorWithoutKernelText() {
    DeleteLink delete = deleteLink(HOST, "br9");

    KernelException refused = refusal(kernel, delete);

    assertThat(refused.kernelMessage()).isEqualTo("No such device");
    assertThat(refused.getMessage()).contains(delete.command(), "ENODEV", "No such device");
  }

  @Test
  void exceptionFromVethIntoMissingNamespaceNamesTheVethCommand() {
    var create = veth("vweb", named("web"), "eth0");

    assertThat(refusal(kernel, create).getMessage()).contains(create.command(), "ENOENT");
  }

  private static SetSysctl sysctl(NamespaceRef namespace, String key, String value) {
    return new SetSysctl(namespace, key, value, WHY);
  }

  private static NatRuleset ruleset(int hostPort) {
    NatNetwork network = new NatNetwork(name("br0"), Ipv4Subnet.parse("10.88.0.0/16"), new SourceNat.Masquerade(), true);
    PortMapping mapping = new PortMapping(hostPort, 80, Protocol.TCP, ip("10.88.0.2"), Optional.empty());
    return new NatRuleset(List.of(network), List.of(mapping));
  }

  /** The observed sysctls are those the real adapter reads: ip_forward and each bridge's route_localnet. */
  @Test
  void onlyTheForwardingSwitchesTheBridgesSettingsAndOtherLinksAcceptRaAreObserved() {
    applyAll(kernel, createNamespace("web"), bridge("br0"), veth("vweb", named("web"), "eth0"),
        sysctl(HOST, Sysctls.routeLocalnet(name("vweb")), "1"), sysctl(HOST, "net.ipv4.conf.br0.rp_filter", "2"));
    kernel.addDevice(HOST, name("eth0"), "dummy", macFor("eth0"), MTU);

    assertThat(host(kernel).sysctls()).containsOnlyKeys(Sysctls.IP_FORWARD, Sysctls.IPV6_FORWARDING, BR0_ROUTE_LOCALNET,
        Sysctls.disableIpv6(name("br0")), Sysctls.acceptRa(name("br0")), Sysctls.proxyNdp(name("br0")), Sysctls.proxyDelay(name("br0")),
        Sysctls.acceptRa(name("eth0")));
  }

  @Test
  void settingsOfAllAndDefaultExist() {
    applyAll(kernel, sysctl(HOST, "net.ipv4.conf.all.promote_secondaries", "1"), sysctl(HOST, "net.ipv4.conf.default.route_localnet", "1"));

    assertThat(refusal(kernel, sysctl(HOST, "net.ipv4.conf.all.no_such_knob", "1")).errno()).isEqualTo(Errno.ENOENT);
  }

  /**
   * inetdev_init copies the default settings with their marks of having been written: a link made after the default was
   * written keeps that value when the default changes again (devinet_copy_dflt_conf skips it).
   */
  @Test
  void aBridgeMadeAfterTheDefaultWasWrittenKeepsTheValueItWasMadeWith() {
    applyAll(kernel, sysctl(HOST, "net.ipv4.conf.default.route_localnet", "1"), bridge("br0"),
        sysctl(HOST, "net.ipv4.conf.default.route_localnet", "0"));

    assertThat(host(kernel).sysctl(BR0_ROUTE_LOCALNET)).contains("1");
  }
}
