package io.netagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AttachmentTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void showsTheAddressesOfEachFamilyAndBracketsAnIpv6HostIp() throws Exception {
    String line = AttachmentText.line(JSON.readTree("""
        {"id": "c1", "name": "web", "network": "dual", "namespace": "/proc/42/ns/net", "interface": "eth0", "hostInterface": "veth-web",
         "ip": "10.9.0.2", "ip6": "fd00:9::2", "mac": "02:42:0a:09:00:02", "mtu": 1500,
         "ports": [{"host": 8443, "container": 443, "protocol": "tcp", "hostIp": "2001:db8::1"}],
         "ipAllocated": false, "ip6Allocated": true, "created": "2026-01-01T00:00:00Z", "state": "converged"}
        """));

    assertThat(line).isEqualTo("c1: web on dual, 10.9.0.2, fd00:9::2 (allocated) mac 02:42:0a:09:00:02 as eth0 in /proc/42/ns/net, "
        + "host end veth-web, mtu 1500, ports tcp [2001:db8::1]:8443→443; converged");
  }

  @Test
  void anIpv6OnlyAttachmentShowsNoIp() throws Exception {
    String line = AttachmentText.line(JSON.readTree("""
        {"id": "c2", "name": "v6", "network": "six", "namespace": "v6", "interface": "eth0", "hostInterface": "veth-v6",
         "ip": null, "ip6": "fd00:6::2", "mac": "02:42:0a:09:00:03", "mtu": 1500, "ports": [],
         "ipAllocated": false, "ip6Allocated": true, "created": "2026-01-01T00:00:00Z", "state": "converged"}
        """));

    assertThat(line).startsWith("c2: v6 on six, fd00:6::2 (allocated) mac");
  }
}
