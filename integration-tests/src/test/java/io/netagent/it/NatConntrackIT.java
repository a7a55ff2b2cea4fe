package io.netagent.it;

import static io.netagent.it.NatTraffic.HOST_IP;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A UDP flow follows a moved mapping at once: when host port 5353 moves from container A to B,
 * apply deletes the flow's conntrack entry, so the next datagrams of the same flow (same source
 * port, sent every 100 ms, which would keep the old entry alive forever) reach B. Without the
 * deletion they would keep going to A. Likewise a flow to a port no longer published stops
 * being answered, and a flow to a host service on a port that becomes published goes to the
 * container at once.
 */
@ExtendWith(LabExtension.class)
class NatConntrackIT {
  private static final Pattern DELETED = Pattern.compile("deleted (\\d+) conntrack entr(?:y|ies)");
  private static final Pattern LINE = Pattern.compile("(\\d+) (?:reply (\\S+) (\\d+)|timeout)");

  private Lab lab;
  private Agent agent;
  private String outside;

  @BeforeEach
  void setUp() {
    outside = NatTraffic.uplink(lab);
  }

  /** Port 5353/udp published by container {@code target}: "a", "b" or "none". */
  private Path config(String target) {
    return lab.config(NatConfig.yaml(lab, "10.213.0", "",
        NatConfig.container(lab, "a", "10.213.0.11", target.equals("a") ? PORTS : ""),
        NatConfig.container(lab, "b", "10.213.0.12", target.equals("b") ? PORTS : "")));
  }

  private static final String PORTS = "ports: [ { host: 5353, container: 53, protocol: udp } ]";

  /** The replies, in order: {@code [sequence, server]}, server {@code timeout} when none came. */
  private static List<String[]> replies(List<String> lines) {
    List<String[]> result = new ArrayList<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("client line %s", line).isTrue();
      if (m.group(2) == null) {
        result.add(new String[] {m.group(1), "timeout"});
      } else {
        assertThat(m.group(3)).as("a reply answers the datagram just sent: %s", line).isEqualTo(m.group(1));
        result.add(new String[] {m.group(1), m.group(2)});
      }
    }
    return result;
  }

  @Test
  void aUdpFlowFollowsItsMappingToAnotherContainerAtOnce() {
    agent.ok("apply", "-c", config("a").toString());
    NatTraffic.udpServer(lab, lab.ns("a"), 53, "read x; echo A $x");
    NatTraffic.udpServer(lab, lab.ns("b"), 53, "read x; echo B $x");

    try (NatTraffic.Background flow = new NatTraffic.Background(outside, "udp-flow", HOST_IP, "5353", "40000", "100")) {
      flow.awaitLines(l -> l.contains(" reply A "), 10, "10 replies from A");
      String entries = lab.ok(lab.host, "conntrack", "-L", "-p", "udp", "--orig-port-src", "40000", "--orig-port-dst", "5353");
      assertThat(entries).as("the flow's conntrack entry").contains("src=10.213.0.11");

      Processes.Result moved = agent.run("apply", "-c", config("b").toString());
      int atApplyEnd = flow.lines.size();
      assertThat(moved.code()).as("apply: %s\n%s", moved.out(), moved.err()).isZero();

      // One datagram may have been under way while apply ran; every one after it goes to B.
      flow.awaitLines(l -> true, atApplyEnd + 11, "10 more datagrams after the apply");
      flow.stop();
      List<String[]> after = replies(flow.lines).subList(atApplyEnd + 1, atApplyEnd + 11);
      assertThat(after).as("datagrams of the same flow sent after the apply").allSatisfy(r -> assertThat(r[1]).as("datagram %s", r[0]).isEqualTo("B"));
      List<String[]> before = replies(flow.lines).subList(0, 10);
      assertThat(before).allSatisfy(r -> assertThat(r[1]).as("datagram %s", r[0]).isEqualTo("A"));
      assertThat(lab.ok(lab.host, "conntrack", "-L", "-p", "udp", "--orig-port-src", "40000", "--orig-port-dst", "5353"))
          .as("the flow's conntrack entry now").contains("src=10.213.0.12").doesNotContain("src=10.213.0.11");

      Matcher deleted = DELETED.matcher(moved.err());
      assertThat(deleted.find()).as("apply logs the conntrack entries it deleted: %s", moved.err()).isTrue();
      assertThat(Integer.parseInt(deleted.group(1))).as("conntrack entries deleted").isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aUdpFlowToAnUnpublishedPortStopsBeingAnsweredAtOnce() {
    agent.ok("apply", "-c", config("a").toString());
    NatTraffic.udpServer(lab, lab.ns("a"), 53, "read x; echo A $x");

    try (NatTraffic.Background flow = new NatTraffic.Background(outside, "udp-flow", HOST_IP, "5353", "40001", "100")) {
      flow.awaitLines(l -> l.contains(" reply A "), 10, "10 replies from A");

      Processes.Result removed = agent.run("apply", "-c", config("none").toString());
      int atApplyEnd = flow.lines.size();
      assertThat(removed.code()).as("apply: %s\n%s", removed.out(), removed.err()).isZero();

      flow.awaitLines(l -> true, atApplyEnd + 4, "3 more datagrams after the apply");
      flow.stop();
      List<String[]> after = replies(flow.lines).subList(atApplyEnd + 1, atApplyEnd + 4);
      assertThat(after).as("datagrams of the same flow sent after the mapping was removed")
          .allSatisfy(r -> assertThat(r[1]).as("datagram %s", r[0]).isEqualTo("timeout"));
      Matcher deleted = DELETED.matcher(removed.err());
      assertThat(deleted.find()).as("apply logs the conntrack entries it deleted: %s", removed.err()).isTrue();
      assertThat(Integer.parseInt(deleted.group(1))).as("conntrack entries deleted").isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aUdpFlowToAHostServiceGoesToTheContainerOnceItsPortIsPublished() {
    agent.ok("apply", "-c", config("none").toString());
    NatTraffic.udpServer(lab, lab.host, 5353, "read x; echo H $x");
    NatTraffic.udpServer(lab, lab.ns("a"), 53, "read x; echo A $x");

    try (NatTraffic.Background flow = new NatTraffic.Background(outside, "udp-flow", HOST_IP, "5353", "40002", "100")) {
      flow.awaitLines(l -> l.contains(" reply H "), 10, "10 replies from the host's own service");
      assertThat(lab.ok(lab.host, "conntrack", "-L", "-p", "udp", "--orig-port-src", "40002", "--orig-port-dst", "5353"))
          .as("the flow's conntrack entry, not NATed").contains("dst=" + HOST_IP).doesNotContain("src=10.213.0.11");

      Processes.Result published = agent.run("apply", "-c", config("a").toString());
      int atApplyEnd = flow.lines.size();
      assertThat(published.code()).as("apply: %s\n%s", published.out(), published.err()).isZero();

      flow.awaitLines(l -> true, atApplyEnd + 11, "10 more datagrams after the apply");
      flow.stop();
      List<String[]> after = replies(flow.lines).subList(atApplyEnd + 1, atApplyEnd + 11);
      assertThat(after).as("datagrams of the same flow sent after the port was published")
          .allSatisfy(r -> assertThat(r[1]).as("datagram %s", r[0]).isEqualTo("A"));
      Matcher deleted = DELETED.matcher(published.err());
      assertThat(deleted.find()).as("apply logs the conntrack entries it deleted: %s", published.err()).isTrue();
      assertThat(Integer.parseInt(deleted.group(1))).as("conntrack entries deleted").isGreaterThanOrEqualTo(1);
    }
  }
}
