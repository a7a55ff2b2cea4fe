package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NatTableTest {
  private static final Ipv4Address WEB = Ipv4Address.parse("10.88.0.2");
  private static final Ipv4Address DB = Ipv4Address.parse("10.88.0.3");
  private static final Ipv4Address EGRESS = Ipv4Address.parse("192.0.2.1");

  private static PortMapping mapping(int hostPort, Protocol protocol, Ipv4Address container, int containerPort) {
    return new PortMapping(hostPort, containerPort, protocol, container, Optional.empty());
  }

  @Test
  void ofStartsEmpty() {
    NatTable table = NatTable.of(new SourceNat.Masquerade());

    assertThat(table.mappings()).isEmpty();
    assertThat(table.sourceNat()).isEqualTo(new SourceNat.Masquerade());
  }

  @Test
  void withMappingAddsIt() {
    PortMapping web = mapping(8080, Protocol.TCP, WEB, 80);

    NatTable table = NatTable.of(new SourceNat.Masquerade()).withMapping(web);

    assertThat(table.mappings()).containsExactly(web);
  }

  @Test
  void withMappingOfATakenPortAndProtocolThrowsNamingThePort() {
    NatTable table = NatTable.of(new SourceNat.Masquerade()).withMapping(mapping(8080, Protocol.TCP, WEB, 80));

    assertThatThrownBy(() -> table.withMapping(mapping(8080, Protocol.TCP, DB, 5432)))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("8080/tcp")
        .hasMessage("host port 8080/tcp is already published (tcp 8080 → 10.88.0.2:80)");
  }

  @Test
  void aTakenPortConflictsEvenWhenBoundToAnotherHostIp() {
    NatTable table = NatTable.of(new SourceNat.Masquerade())
        .withMapping(new PortMapping(8080, 80, Protocol.TCP, WEB, Optional.of(Ipv4Address.parse("127.0.0.1"))));

    assertThatThrownBy(() -> table.withMapping(mapping(8080, Protocol.TCP, DB, 80)))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("host port 8080/tcp is already published (tcp 127.0.0.1:8080 → 10.88.0.2:80)");
  }

  @Test
  void samePortWithAnotherProtocolIsFine() {
    NatTable table = NatTable.of(new SourceNat.Masquerade())
        .withMapping(mapping(53, Protocol.TCP, WEB, 53))
        .withMapping(mapping(53, Protocol.UDP, WEB, 53));

    assertThat(table.mappings()).hasSize(2);
  }

  @Test
  void constructorRefusesDuplicateKeys() {
    assertThatThrownBy(() -> new NatTable(new SourceNat.Masquerade(),
            List.of(mapping(8080, Protocol.TCP, WEB, 80), mapping(8080, Protocol.TCP, DB, 81))))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("host port 8080/tcp is already published (tcp 8080 → 10.88.0.2:80)");
  }

  @Test
  void withMappingLeavesTheOriginalUnchanged() {
    NatTable original = NatTable.of(new SourceNat.Masquerade());

    NatTable changed = original.withMapping(mapping(8080, Protocol.TCP, WEB, 80));

    assertThat(original.mappings()).isEmpty();
    assertThat(changed).isNotSameAs(original);
  }

  @Test
  void mappingsCannotBeModifiedFromOutside() {
    NatTable table = NatTable.of(new SourceNat.Masquerade()).withMapping(mapping(8080, Protocol.TCP, WEB, 80));

    assertThatThrownBy(() -> table.mappings().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withoutAnExistingMappingRemovesIt() {
    PortMapping web = mapping(8080, Protocol.TCP, WEB, 80);
    PortMapping dns = mapping(5353, Protocol.UDP, DB, 53);
    NatTable table = NatTable.of(new SourceNat.Masquerade()).withMapping(web).withMapping(dns);

    NatTable.Removal removal = table.without(8080, Protocol.TCP);

    assertThat(removal.existed()).isTrue();
    assertThat(removal.table().mappings()).containsExactly(dns);
    assertThat(table.mappings()).containsExactly(web, dns);
  }

  @Test
  void withoutAMissingMappingReportsItAndReturnsTheSameTable() {
    NatTable table = NatTable.of(new SourceNat.Masquerade()).withMapping(mapping(8080, Protocol.TCP, WEB, 80));

    NatTable.Removal removal = table.without(8080, Protocol.UDP);

    assertThat(removal.existed()).isFalse();
    assertThat(removal.table()).isSameAs(table);
  }

  @Test
  void withoutKeepsTheSourceNat() {
    NatTable table = NatTable.of(new SourceNat.Disabled()).withMapping(mapping(8080, Protocol.TCP, WEB, 80));

    assertThat(table.without(8080, Protocol.TCP).table().sourceNat()).isEqualTo(new SourceNat.Disabled());
  }

  @Test
  void lookupInboundFindsByPortAndProtocol() {
    PortMapping web = mapping(8080, Protocol.TCP, WEB, 80);
    NatTable table = NatTable.of(new SourceNat.Masquerade()).withMapping(web);

    assertThat(table.lookupInbound(8080, Protocol.TCP)).contains(web);
    assertThat(table.lookupInbound(8080, Protocol.UDP)).isEmpty();
    assertThat(table.lookupInbound(8081, Protocol.TCP)).isEmpty();
  }

  @Test
  void masqueradeRewritesToTheEgressAddress() {
    assertThat(NatTable.of(new SourceNat.Masquerade()).snatRewrite(EGRESS)).contains(EGRESS);
  }

  @Test
  void snatToRewritesToTheFixedAddress() {
    Ipv4Address fixed = Ipv4Address.parse("192.0.2.10");

    assertThat(NatTable.of(new SourceNat.SnatTo(fixed)).snatRewrite(EGRESS)).contains(fixed);
  }

  @Test
  void disabledDoesNotRewrite() {
    assertThat(NatTable.of(new SourceNat.Disabled()).snatRewrite(EGRESS)).isEmpty();
  }
}
