package io.netagent.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceNatTest {
  private static final Ipv4Address EGRESS = Ipv4Address.parse("192.0.2.1");

  @Test
  void masqueradeUsesTheEgressAddress() {
    assertThat(new SourceNat.Masquerade().rewrite(EGRESS)).contains(EGRESS);
  }

  @Test
  void snatToUsesItsFixedAddress() {
    assertThat(new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.10")).rewrite(EGRESS)).contains(Ipv4Address.parse("192.0.2.10"));
  }

  @Test
  void disabledDoesNotRewrite() {
    assertThat(new SourceNat.Disabled().rewrite(EGRESS)).isEmpty();
  }

  @Test
  void describesItself() {
    assertThat(new SourceNat.Masquerade()).hasToString("masquerade");
    assertThat(new SourceNat.SnatTo(Ipv4Address.parse("192.0.2.10"))).hasToString("snat to 192.0.2.10");
    assertThat(new SourceNat.Disabled()).hasToString("no source NAT");
  }
}
